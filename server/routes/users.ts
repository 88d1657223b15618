import type { Hono } from 'hono';
import { type AppEnv, type Deps, isObject, jsonBody } from '../context.js';
import { HttpError } from '../http/errors.js';
import { newId, nowIso } from '../ids.js';
import type { Store, UserDoc } from '../store/types.js';

/** Find or create the user record for an email. */
export async function ensureUser(store: Store, email: string, name?: string): Promise<UserDoc> {
  const found = (await store.list('users', { email }))[0];
  if (found) return found;
  // Again inside a transaction: another server instance may be creating the same user.
  return store.transaction(async () => {
    const again = (await store.list('users', { email }))[0];
    if (again) return again;
    const user: UserDoc = { id: newId(), email, name: name ?? email.split('@')[0], createdAt: nowIso() };
    await store.insert('users', user);
    return user;
  });
}

/**
 * The caller: `GET /users/me`, and sign-out. `POST /users/me/logout` revokes the token it was
 * sent with; with `{"all": true}` (or `?all=true`) every token of the caller issued so far (all
 * devices). Answers `{ message, revoked: 'token' | 'all' }`; the revoked token is 401
 * `token-revoked` afterwards.
 */
export function registerUserRoutes(app: Hono<AppEnv>, { store }: Deps): void {
  app.get('/users/me', async (c) => {
    const caller = c.get('caller');
    return c.json({ ...(await store.get('users', caller.id)), id: caller.id, email: caller.email });
  });

  app.post('/users/me/logout', async (c) => {
    const body = await jsonBody<unknown>(c);
    if (!isObject(body)) throw new HttpError(400, 'body: expected a JSON object like {"all": true} (or no body)');
    if (body.all !== undefined && typeof body.all !== 'boolean') throw new HttpError(400, 'all: expected a boolean');
    const all = body.all === true || c.req.query('all') === 'true';
    const caller = c.get('caller');
    if (all) {
      await store.revokeAllTokens(caller.id);
      return c.json({ message: `every token of ${caller.email} was revoked`, revoked: 'all' });
    }
    const token = c.get('token');
    await store.revokeToken(token.id, caller.id, token.exp);
    return c.json({ message: 'signed out: this token was revoked', revoked: 'token' });
  });
}
