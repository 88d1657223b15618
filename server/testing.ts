import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type StartOptions } from './index.js';
import { createProject, setMember } from './routes/projects.js';
import { ensureUser } from './routes/users.js';
import { dropTestDatabase, testDatabaseFor } from './testing-database.js';

export { testDatabaseFor, dropTestDatabase, testPostgresUrl } from './testing-database.js';

/** Origins of pages served from this machine (Vite dev server, test runners). */
export const LOOPBACK_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\]):\d+$/;

/** What {@link startTestServer} returns. */
export interface TestServer {
  /** API base URL (`http://127.0.0.1:<port>/api/v1`). */
  url: string;
  /** Bearer tokens of the seeded users. */
  tokens: { owner: string; manager: string; annotator1: string; annotator2: string };
  /** The seeded users (`id`, `email`). */
  users: Record<'owner' | 'manager' | 'annotator1' | 'annotator2', { id: string; email: string }>;
  /** A project where owner is `owner`, manager `annotationManager`, annotators `annotator`. */
  projectId: string;
  /** The running server (store, app, issueToken). */
  server: RunningServer;
  /** Data folder (a fresh temp dir unless given). */
  dataDir: string;
  /** Stop the server and delete the temp data folder (and its test database). */
  close(): Promise<void>;
}

/**
 * Start a server on an ephemeral loopback port over a temp data folder, with four users and a
 * project, and CORS open to loopback origins so browser tests served by Vite can call it.
 *
 * @example
 * const srv = await startTestServer();
 * const res = await fetch(`${srv.url}/projects`, { headers: { authorization: `Bearer ${srv.tokens.owner}` } });
 * await srv.close();
 */
export async function startTestServer(opts: Partial<StartOptions> = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'dlkit-server-'));
  const temp = !opts.dataDir;
  // On the PostgreSQL test run, a database per data folder (unless one is given).
  const db = opts.store || opts.database !== undefined ? {} : await testDatabaseFor(dataDir);
  const server = await startServer({
    corsOrigins: (o) => LOOPBACK_ORIGIN.test(o),
    ...db,
    ...opts,
    dataDir,
    host: '127.0.0.1',
    port: opts.port ?? 0,
  });
  const emails = {
    owner: 'owner@dlkit.test',
    manager: 'manager@dlkit.test',
    annotator1: 'annotator1@dlkit.test',
    annotator2: 'annotator2@dlkit.test',
  } as const;
  const store = server.store;
  const users = {} as TestServer['users'];
  for (const [k, email] of Object.entries(emails) as [keyof typeof emails, string][]) {
    const u = await ensureUser(store, email);
    users[k] = { id: u.id, email };
  }
  const existing = (await store.list('members', { userId: users.owner.id })).find((m) => m.role === 'owner');
  const projectId = existing ? existing.projectId : (await createProject(store, users.owner, 'Test project')).id;
  await setMember(store, projectId, users.manager.id, 'annotationManager');
  await setMember(store, projectId, users.annotator1.id, 'annotator');
  await setMember(store, projectId, users.annotator2.id, 'annotator');
  const tokens = {
    owner: await server.issueToken(emails.owner),
    manager: await server.issueToken(emails.manager),
    annotator1: await server.issueToken(emails.annotator1),
    annotator2: await server.issueToken(emails.annotator2),
  };
  return {
    url: server.url,
    tokens,
    users,
    projectId,
    server,
    dataDir,
    async close() {
      await server.close();
      if (temp) {
        rmSync(dataDir, { recursive: true, force: true });
        if (db.database) await dropTestDatabase(dataDir);
      }
    },
  };
}
