import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { issueToken, loadJwtSecret, type TokenClaims, tokenId, verifyToken } from './auth/jwt.js';
import type { AppEnv, Deps, Limits } from './context.js';
import { HttpError } from './http/errors.js';
import { conditionalGet } from './http/etag.js';
import { requestIdMiddleware } from './http/request-id.js';
import { lingerAfterRefusal } from './http/linger.js';
import { readLimited } from './http/multipart.js';
import { registerAnnotationRoutes } from './routes/annotations.js';
import { registerAssignmentRoutes } from './routes/assignments.js';
import { registerCommandRoutes } from './routes/commands.js';
import { registerDatasetRoutes } from './routes/datasets.js';
import { registerItemRoutes } from './routes/items.js';
import { registerOntologyRoutes } from './routes/ontologies.js';
import { registerProjectRoutes } from './routes/projects.js';
import { registerQueryRoutes } from './routes/query.js';
import { registerRecipeRoutes } from './routes/recipes.js';
import { registerSdkRoutes } from './routes/sdk.js';
import { registerTaskRoutes } from './routes/tasks.js';
import { ensureUser, registerUserRoutes } from './routes/users.js';
import { openStore } from './store/open.js';
import type { Store } from './store/types.js';

/** Options of {@link createApp} and `startServer`. */
export interface ServerOptions {
  /**
   * Folder for the SQLite database, the binaries (`blobs/`) and the generated JWT secret. Created
   * if missing. With `database` set it still holds the binaries and the secret: server instances
   * that share a PostgreSQL database share this folder too.
   */
  dataDir: string;
  /**
   * Where documents live: omitted = SQLite in `dataDir`; `postgres://user@host:port/db` =
   * PostgreSQL (schema created and migrated on start; several server instances may share it).
   */
  database?: string;
  /** HS256 secret. @default read from / generated into `<dataDir>/jwt-secret` */
  jwtSecret?: string;
  /**
   * Origins allowed by CORS: a list of exact origins or a predicate. @default none (closed)
   */
  corsOrigins?: string[] | ((origin: string) => boolean);
  /** Body size limits in bytes. */
  limits?: Partial<Limits>;
  /** Use this store instead of opening one from `database` / `dataDir`. */
  store?: Store;
}

/** What {@link createApp} returns. */
export interface AppHandle {
  /** The Hono app: `app.request(path, init)` works without a socket. */
  app: Hono;
  store: Store;
  jwtSecret: string;
  /** Sign a token for a user (created if missing). */
  issueToken(email: string, ttlSeconds?: number): Promise<string>;
  /**
   * Revoke every token of a user issued so far (after a password reset, a role change, a lost
   * device). False when no user has that email.
   */
  revokeTokens(email: string): Promise<boolean>;
  /** Close the store (and its connections). */
  close(): Promise<void>;
}

/** JSON bodies 64 MiB; uploads 256 MiB (streamed to a temp file, never held whole in memory). */
export const DEFAULT_LIMITS: Limits = { jsonBytes: 64 * 1024 * 1024, uploadBytes: 256 * 1024 * 1024 };

/** A 401 with a machine-readable `code` (the client keeps the body on `DlUnauthorizedError.body`). */
const unauthorized = (code: 'missing-token' | 'invalid-token' | 'unknown-user' | 'token-revoked', message: string) =>
  new HttpError(401, message, { code });

/**
 * Bearer JWT check: signature and expiry, then ONE indexed query for the user, their token
 * generation and the token's revocation (`Store.authLookup`).
 */
function authMiddleware(store: Store, secret: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw unauthorized('missing-token', 'missing bearer token');
    let claims: TokenClaims;
    try {
      claims = await verifyToken(secret, m[1]!);
    } catch {
      throw unauthorized('invalid-token', 'invalid or expired token');
    }
    const id = tokenId(m[1]!, claims);
    const { user, generation, revoked } = await store.authLookup(claims.sub, id);
    if (!user || user.email !== claims.email) throw unauthorized('unknown-user', 'unknown user');
    if (revoked || (claims.gen ?? 0) !== generation)
      throw unauthorized('token-revoked', 'token was revoked (signed out)');
    c.set('caller', { id: user.id, email: user.email });
    c.set('token', { id, exp: claims.exp });
    await next();
  };
}

/**
 * Upload routes carry their own (bigger) limit; everything else gets the JSON limit. A body over it
 * is refused with a 413 naming the limit (`{message, limit}`), and its rest is read and dropped
 * after the answer (`lingerAfterRefusal`), never kept: hono's `bodyLimit` answered with
 * `connection: close`, which reset a client still sending (a broken pipe instead of the 413).
 */
function jsonLimit(limits: Limits): MiddlewareHandler {
  const max = limits.jsonBytes;
  const refuse = (c: Context) => {
    lingerAfterRefusal(c);
    return c.json(
      { message: `body larger than ${max} bytes (the server's limit for request bodies)`, limit: max },
      413,
    );
  };
  return async (c, next) => {
    if (c.req.method === 'POST' && /\/datasets\/[^/]+\/items\/?$/.test(c.req.path)) return next();
    const body = c.req.raw.body;
    if (!body) return next();
    const declared = c.req.header('content-length');
    if (declared !== undefined && !c.req.header('transfer-encoding'))
      return Number(declared) > max ? refuse(c) : next();
    let bytes: Buffer;
    try {
      bytes = await readLimited(body, max);
    } catch (e) {
      if (e instanceof HttpError && e.status === 413) return refuse(c);
      throw e;
    }
    c.req.raw = new Request(c.req.raw, { body: new Uint8Array(bytes) });
    return next();
  };
}

/**
 * Build the server app over a data folder (and a database) without opening a socket. Opening
 * PostgreSQL connects and migrates first: an unreachable database rejects here.
 *
 * @example
 * const { app, issueToken } = await createApp({ dataDir: './data' });
 * const res = await app.request('/api/v1/projects', { headers: { authorization: `Bearer ${await issueToken('me@x.io')}` } });
 */
export async function createApp(opts: ServerOptions): Promise<AppHandle> {
  const store = opts.store ?? (await openStore(opts.dataDir, opts.database));
  const jwtSecret = loadJwtSecret(opts.dataDir, opts.jwtSecret);
  const limits: Limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const deps: Deps = { store, jwtSecret, limits };
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof HttpError) {
      // RFC 6750 §3: a refused bearer token names the scheme and why.
      if (err.status === 401)
        c.header('www-authenticate', `Bearer error="invalid_token", error_description="${err.message}"`);
      if (err.status === 503) c.header('retry-after', '1');
      return c.json({ message: err.message, ...err.extra }, err.status);
    }
    if (err instanceof HTTPException) return c.json({ message: err.message || 'request failed' }, err.status);
    console.error('[dl-kit server]', c.req.method, c.req.path, err);
    return c.json({ message: 'internal server error' }, 500);
  });
  app.notFound((c) => c.json({ message: `no route ${c.req.method} ${c.req.path}` }, 404));

  const allowed = opts.corsOrigins;
  app.use('*', requestIdMiddleware());
  app.use(
    '*',
    cors({
      origin: (origin) => {
        if (!origin || !allowed) return null;
        const ok = typeof allowed === 'function' ? allowed(origin) : allowed.includes(origin);
        return ok ? origin : null;
      },
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      allowHeaders: [
        'authorization',
        'content-type',
        'if-match',
        'range',
        'user_query',
        'x-dl-sanitize',
        'x-idempotency-key',
        'if-none-match',
        'x-request-id',
      ],
      exposeHeaders: [
        'etag',
        'content-range',
        'content-length',
        'x-dl-thumbnail',
        'x-item-op',
        'x-request-id',
        'retry-after',
        'www-authenticate',
      ],
      maxAge: 600,
    }),
  );
  app.use('*', async (c, next) => {
    await next();
    c.header('x-content-type-options', 'nosniff');
    // Answers are data, never a page: nothing in them may run or be framed (the stream route sets its own sandbox CSP).
    if (!c.res.headers.has('content-security-policy'))
      c.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
  });

  const health = (c: import('hono').Context) => c.json({ status: 'ok' });
  app.get('/health', health);
  app.get('/api/v1/health', health);

  const api = new Hono<AppEnv>();
  api.use('*', jsonLimit(limits));
  api.use('*', authMiddleware(store, jwtSecret));
  api.use('*', conditionalGet());
  // One module per resource, in the order of the platform's documentation.
  registerUserRoutes(api, deps);
  registerProjectRoutes(api, deps);
  registerDatasetRoutes(api, deps);
  registerQueryRoutes(api, deps);
  registerItemRoutes(api, deps);
  registerAnnotationRoutes(api, deps);
  registerRecipeRoutes(api, deps);
  registerOntologyRoutes(api, deps);
  registerTaskRoutes(api, deps);
  registerAssignmentRoutes(api, deps);
  registerCommandRoutes(api, deps);
  registerSdkRoutes(api, deps);
  app.route('/api/v1', api);
  app.route('/', api);

  return {
    app: app as unknown as Hono,
    store,
    jwtSecret,
    async issueToken(email, ttl) {
      const user = await ensureUser(store, email);
      return issueToken(jwtSecret, { id: user.id, email }, ttl, await store.tokenGeneration(user.id));
    },
    async revokeTokens(email) {
      const user = (await store.list('users', { email }))[0];
      if (!user) return false;
      await store.revokeAllTokens(user.id);
      return true;
    },
    close: () => store.close(),
  };
}
