import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sign, verify } from 'hono/jwt';

/**
 * The HS256 secret: the configured one, else `<dataDir>/jwt-secret` (created with mode 0600 on
 * first start, so tokens survive restarts).
 */
export function loadJwtSecret(dataDir: string, configured?: string): string {
  if (configured) return configured;
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Claims the server puts in its tokens (the SDK reads `email` and `exp`). */
export interface TokenClaims {
  sub: string;
  email: string;
  exp: number;
  iat: number;
}

/**
 * Sign a bearer token for a user.
 *
 * @example
 * const token = await issueToken(secret, { id: user.id, email: user.email });
 * fetch(url, { headers: { authorization: `Bearer ${token}` } });
 */
export async function issueToken(
  secret: string,
  user: { id: string; email: string },
  ttlSeconds = 30 * 24 * 3600,
): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return sign({ sub: user.id, email: user.email, iat, exp: iat + ttlSeconds }, secret, 'HS256');
}

/** Verify a token; throws on a bad signature, wrong algorithm or expiry. */
export async function verifyToken(secret: string, token: string): Promise<TokenClaims> {
  const claims = (await verify(token, secret, 'HS256')) as unknown as TokenClaims;
  if (typeof claims.sub !== 'string' || typeof claims.email !== 'string') throw new Error('token lacks sub/email');
  return claims;
}
