import type { Hono } from 'hono';
import { isObject, jsonBody, type AppEnv, type Deps } from '../context.js';
import { HttpError } from '../http/errors.js';

/**
 * Sign-out. `POST /users/me/logout` revokes the token it was sent with; with `{"all": true}` (or
 * `?all=true`) every token of the caller issued so far (all devices). Answers
 * `{ message, revoked: 'token' | 'all' }`; the revoked token is 401 `token-revoked` afterwards.
 */
export function registerSessionRoutes(app: Hono<AppEnv>, { store }: Deps): void {
  app.post('/users/me/logout', async (c) => {
    const body = await jsonBody<unknown>(c);
    if (!isObject(body)) throw new HttpError(400, 'body: expected a JSON object like {"all": true} (or no body)');
    if (body.all !== undefined && typeof body.all !== 'boolean') throw new HttpError(400, 'all: expected a boolean');
    const all = body.all === true || c.req.query('all') === 'true';
    const caller = c.get('caller');
    if (all) {
      store.revokeAllTokens(caller.id);
      return c.json({ message: `every token of ${caller.email} was revoked`, revoked: 'all' });
    }
    const token = c.get('token');
    store.revokeToken(token.id, caller.id, token.exp);
    return c.json({ message: 'signed out: this token was revoked', revoked: 'token' });
  });
}
