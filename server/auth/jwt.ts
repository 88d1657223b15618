import { createHash, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sign, verify } from 'hono/jwt';

/**
 * The HS256 secret: the configured one, else `<dataDir>/jwt-secret` (created with mode 0600 on
 * first start, so tokens survive restarts). Server instances sharing the folder share the
 * secret: the file appears whole in one step (a hard link of a finished temp file), and an
 * instance that loses the race to create it reads the winner's.
 */
export function loadJwtSecret(dataDir: string, configured?: string): string {
  if (configured) return configured;
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, randomBytes(32).toString('hex'), { mode: 0o600 });
  try {
    linkSync(tmp, file); // fails when another instance made it first
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
  return readFileSync(file, 'utf8').trim();
}

/** Claims the server puts in its tokens (the SDK reads `email` and `exp`). */
export interface TokenClaims {
  sub: string;
  email: string;
  exp: number;
  iat: number;
  /** Token id (16 random bytes, base64url): what sign-out puts on the denylist. Missing in tokens of older servers. */
  jti?: string;
  /** The user's token generation at issue time; "revoke all" moves the user to the next one. Missing = 0. */
  gen?: number;
}

/**
 * The id a token is revoked under: its `jti`, or for tokens without one (issued before
 * revocation existed) `sha256:` + the SHA-256 of the token text.
 */
export function tokenId(token: string, claims: Pick<TokenClaims, 'jti'>): string {
  if (typeof claims.jti === 'string' && claims.jti) return claims.jti;
  return 'sha256:' + createHash('sha256').update(token).digest('base64url');
}

/**
 * Sign a bearer token for a user, with a fresh `jti` and the user's token `generation`
 * (see `Store.tokenGeneration`; a token of an older generation is refused as revoked).
 *
 * @example
 * const token = await issueToken(secret, { id: user.id, email: user.email });
 * fetch(url, { headers: { authorization: `Bearer ${token}` } });
 */
export async function issueToken(
  secret: string,
  user: { id: string; email: string },
  ttlSeconds = 30 * 24 * 3600,
  generation = 0,
): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  const jti = randomBytes(16).toString('base64url');
  return sign({ sub: user.id, email: user.email, iat, exp: iat + ttlSeconds, jti, gen: generation }, secret, 'HS256');
}

/** Verify a token; throws on a bad signature, wrong algorithm or expiry. */
export async function verifyToken(secret: string, token: string): Promise<TokenClaims> {
  const claims = (await verify(token, secret, 'HS256')) as unknown as TokenClaims;
  if (typeof claims.sub !== 'string' || typeof claims.email !== 'string') throw new Error('token lacks sub/email');
  if (claims.jti !== undefined && typeof claims.jti !== 'string') throw new Error('token jti is not a string');
  if (claims.gen !== undefined && !Number.isSafeInteger(claims.gen)) throw new Error('token gen is not an integer');
  return claims;
}
