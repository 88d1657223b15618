import type { UserDoc } from '../docs.js';
import type { TokenStore } from '../types.js';
import { atomic, type SqliteDb } from './db.js';
import { parseDoc } from './documents.js';

/** Token revocation: a denylist of signed-out token ids and a per-user token generation. */
export function sqliteTokenStore(s: SqliteDb): TokenStore {
  const { prep, run } = s;
  return {
    authLookup: (userId, tokenId) =>
      run(() => {
        const r = prep(
          `SELECT u.doc AS doc, (SELECT generation FROM token_generations WHERE user_id = u.id) AS gen,
           EXISTS (SELECT 1 FROM revoked_tokens WHERE token_id = ?) AS revoked
         FROM users u WHERE u.id = ?`,
        ).get(tokenId, userId) as { doc: string; gen: number | null; revoked: number } | undefined;
        if (!r) return { user: undefined, generation: 0, revoked: false };
        return { user: parseDoc<UserDoc>(r.doc), generation: r.gen ?? 0, revoked: r.revoked === 1 };
      }),
    revokeToken: (tokenId, userId, expiresAt) =>
      run(() =>
        atomic(s, () => {
          prep('DELETE FROM revoked_tokens WHERE expires_at < ?').run(Math.floor(Date.now() / 1000));
          prep('INSERT OR REPLACE INTO revoked_tokens (token_id, user_id, expires_at) VALUES (?, ?, ?)').run(
            tokenId,
            userId,
            expiresAt,
          );
        }),
      ),
    tokenGeneration: (userId) =>
      run(
        () =>
          (prep('SELECT generation FROM token_generations WHERE user_id = ?').pluck().get(userId) as
            | number
            | undefined) ?? 0,
      ),
    revokeAllTokens: (userId) =>
      run(
        () =>
          prep(
            'INSERT INTO token_generations (user_id, generation) VALUES (?, 1) ON CONFLICT(user_id) DO UPDATE SET generation = generation + 1 RETURNING generation',
          )
            .pluck()
            .get(userId) as number,
      ),
  };
}
