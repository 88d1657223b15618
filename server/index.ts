import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp, type AppHandle, type ServerOptions } from './app.js';
import { cleanupUnreadBody } from './http/linger.js';
import { seedSample, type SeedResult } from './seed.js';

export { createApp, DEFAULT_LIMITS, type AppHandle, type ServerOptions } from './app.js';
export type { Store, Doc, QuerySpec, QueryResult, Collection } from './store/types.js';
export { openSqliteStore } from './store/sqlite/index.js';
export { openStore } from './store/open.js';
export { issueToken, verifyToken } from './auth/jwt.js';
export type { Role } from './auth/roles.js';

/** Options of {@link startServer}. */
export interface StartOptions extends ServerOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
  /** Create the sample project (users, ontology, images, annotations, task) when the data folder is new. */
  seed?: boolean;
}

/** A running server. */
export interface RunningServer {
  /** API base URL, e.g. `http://127.0.0.1:4000/api/v1` (routes also answer without `/api/v1`). */
  url: string;
  port: number;
  app: AppHandle['app'];
  store: AppHandle['store'];
  /** Sign a token for an email (the user is created if missing). */
  issueToken: AppHandle['issueToken'];
  /** Revoke every token of a user (false when the email is unknown). */
  revokeTokens: AppHandle['revokeTokens'];
  /** What `seed` created, when it ran. */
  seeded?: SeedResult;
  /** Stop listening and close the database (its connections). */
  close(): Promise<void>;
}

/**
 * Start the local Dataloop-compatible server on a loopback port.
 *
 * @example
 * const server = await startServer({ dataDir: './data', port: 4000, seed: true });
 * console.log(server.url); // http://127.0.0.1:4000/api/v1
 * await server.close();
 */
export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const handle = await createApp(opts);
  let seeded: SeedResult | undefined;
  const host = opts.host ?? '127.0.0.1';
  let server!: ServerType;
  let port: number;
  try {
    if (opts.seed) seeded = await seedSample(handle);
    port = await new Promise<number>((resolve, reject) => {
      // The adapter's own cleanup of unread bodies closes a refused upload's connection after 500 ms,
      // under a client still sending: `cleanupUnreadBody` does it instead and leaves refusals alone.
      server = serve(
        { fetch: handle.app.fetch, port: opts.port ?? 0, hostname: host, autoCleanupIncoming: false },
        (info: AddressInfo) => resolve(info.port),
      );
      server.on('request', cleanupUnreadBody);
      server.once('error', reject);
    });
  } catch (e) {
    await handle.close(); // a failed start leaves no connection open
    throw e;
  }
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/api/v1`,
    port,
    app: handle.app,
    store: handle.store,
    issueToken: handle.issueToken,
    revokeTokens: handle.revokeTokens,
    seeded,
    close: () =>
      new Promise<void>((resolve) => {
        const s = server as unknown as { closeAllConnections?: () => void; close(cb: () => void): void };
        s.close(() => {
          void handle.close().then(resolve, resolve);
        });
        s.closeAllConnections?.();
      }),
  };
}
