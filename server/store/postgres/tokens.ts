import type { UserDoc } from '../docs.js';
import type { TokenStore } from '../types.js';
import { type PgDb, prepared } from './db.js';

/** Token revocation: a denylist of signed-out token ids and a per-user token generation. */
export function pgTokenStore({ query }: PgDb): TokenStore {
  return {
    async authLookup(userId, tokenId) {
      const { rows } = await query<{ doc: UserDoc; gen: number | null; revoked: boolean }>(
        prepared(`SELECT u.doc AS doc, (SELECT generation FROM token_generations WHERE user_id = u.id) AS gen,
           EXISTS (SELECT 1 FROM revoked_tokens WHERE token_id = $1) AS revoked
         FROM users u WHERE u.id = $2`),
        [tokenId, userId],
        'read',
      );
      const r = rows[0];
      if (!r) return { user: undefined, generation: 0, revoked: false };
      return { user: r.doc, generation: r.gen ?? 0, revoked: r.revoked };
    },
    async revokeToken(tokenId, userId, expiresAt) {
      // One statement: prune rows of expired tokens, then add (or refresh) this one.
      await query(
        prepared(`WITH pruned AS (DELETE FROM revoked_tokens WHERE expires_at < $4 AND token_id <> $1)
         INSERT INTO revoked_tokens (token_id, user_id, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (token_id) DO UPDATE SET user_id = EXCLUDED.user_id, expires_at = EXCLUDED.expires_at`),
        [tokenId, userId, expiresAt, Math.floor(Date.now() / 1000)],
      );
    },
    async tokenGeneration(userId) {
      const { rows } = await query<{ generation: number }>(
        prepared('SELECT generation FROM token_generations WHERE user_id = $1'),
        [userId],
        'read',
      );
      return rows[0]?.generation ?? 0;
    },
    async revokeAllTokens(userId) {
      const { rows } = await query<{ generation: number }>(
        prepared(`INSERT INTO token_generations (user_id, generation) VALUES ($1, 1)
         ON CONFLICT (user_id) DO UPDATE SET generation = token_generations.generation + 1 RETURNING generation`),
        [userId],
      );
      return rows[0]!.generation;
    },
  };
}
