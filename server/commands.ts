import { newId, nowIso } from './ids.js';
import type { CommandDoc } from './store/docs.js';
import type { Store } from './store/types.js';

/** A finished Command record (operations run synchronously; the platform's shape is kept). */
export async function recordCommand(
  store: Store,
  creator: string,
  type: string,
  spec: Record<string, unknown>,
  error?: string,
): Promise<CommandDoc> {
  const now = nowIso();
  const cmd: CommandDoc = {
    id: newId(),
    status: error ? 'failed' : 'success',
    type,
    progress: 100,
    spec,
    error: error ?? null,
    creator,
    createdAt: now,
    updatedAt: now,
  };
  await store.insert('commands', cmd);
  return cmd;
}
