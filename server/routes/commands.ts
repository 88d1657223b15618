import type { Hono } from 'hono';
import { type AppEnv, apiBase, type Deps } from '../context.js';
import { HttpError } from '../http/errors.js';
import { withUrl } from '../present.js';
import type { CommandDoc, Store } from '../store/types.js';

/** A Command of the caller (only its creator sees it: 404 otherwise). */
async function loadCommand(store: Store, email: string, id: string): Promise<CommandDoc> {
  const cmd = await store.get('commands', id);
  if (!cmd || cmd.creator !== email) throw new HttpError(404, `command ${id} not found`);
  return cmd;
}

/**
 * Commands: the records of long operations. Operations run synchronously here, so a Command is
 * finished when it is answered; `abort` answers it as it is.
 */
export function registerCommandRoutes(app: Hono<AppEnv>, { store }: Deps): void {
  app.get('/commands/:id', async (c) =>
    c.json(withUrl(await loadCommand(store, c.get('caller').email, c.req.param('id')), apiBase(c), 'commands')),
  );
  app.post('/commands/:id/abort', async (c) =>
    c.json(withUrl(await loadCommand(store, c.get('caller').email, c.req.param('id')), apiBase(c), 'commands')),
  );
}
