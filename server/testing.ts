import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type StartOptions } from './index.js';
import { createProject, setMember } from './routes/projects.js';
import { ensureUser } from './routes/users.js';

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
  /** Stop the server and delete the temp data folder. */
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
  const server = await startServer({
    corsOrigins: (o) => LOOPBACK_ORIGIN.test(o),
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
  const users = Object.fromEntries(
    Object.entries(emails).map(([k, email]) => {
      const u = ensureUser(store, email);
      return [k, { id: u.id, email }];
    }),
  ) as TestServer['users'];
  const existing = store.list('members').find((m) => m.userId === users.owner.id && m.role === 'owner');
  const projectId = existing ? existing.projectId : createProject(store, users.owner, 'Test project').id;
  setMember(store, projectId, users.manager.id, 'annotationManager');
  setMember(store, projectId, users.annotator1.id, 'annotator');
  setMember(store, projectId, users.annotator2.id, 'annotator');
  const tokens = {
    owner: await server.issueToken(emails.owner),
    manager: await server.issueToken(emails.manager),
    annotator1: await server.issueToken(emails.annotator1),
    annotator2: await server.issueToken(emails.annotator2),
  };
  const temp = !opts.dataDir;
  return {
    url: server.url,
    tokens,
    users,
    projectId,
    server,
    dataDir,
    async close() {
      await server.close();
      if (temp) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
