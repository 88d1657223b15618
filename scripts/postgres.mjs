// A throwaway PostgreSQL cluster for tests and benchmarks: Debian's `postgresql` binaries, a temp
// data directory, a free loopback port, the unix socket inside the temp directory, no fsync. When
// this process runs as root (CI), the server runs as the `postgres` user (initdb and postgres refuse
// root), with the temp directory handed to it. `stop()` ends the server and removes the directory.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** How to get the binaries (printed with the skip line). */
export const HOW_TO_INSTALL_POSTGRES =
  'apt-get install -y postgresql (as root), or set DLKIT_PG_BIN to a PostgreSQL bin folder';

/** The folder with `initdb` and `postgres`: $DLKIT_PG_BIN, else the newest /usr/lib/postgresql/<v>/bin. */
function binDir() {
  const env = process.env.DLKIT_PG_BIN;
  if (env) return existsSync(join(env, 'postgres')) ? env : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+(\.\d+)?$/.test(v) && existsSync(join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : undefined;
}

/** uid/gid of a user from /etc/passwd (Node has no getpwnam). */
function userIds(name) {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${name}:`));
    if (!line) return undefined;
    const [, , uid, gid] = line.split(':');
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    return undefined;
  }
}

/**
 * Whether a cluster can run here: `{ bin, uid, gid }` (uid/gid set when running as root), or
 * `{ reason }` saying why not. Cheap: no process is started.
 */
export function findPostgres() {
  const bin = binDir();
  if (!bin || !existsSync(join(bin, 'initdb'))) {
    const where = process.env.DLKIT_PG_BIN ? `DLKIT_PG_BIN=${process.env.DLKIT_PG_BIN}` : '/usr/lib/postgresql/*/bin';
    return { reason: `no PostgreSQL server binaries (looked in ${where}); ${HOW_TO_INSTALL_POSTGRES}` };
  }
  if (process.getuid?.() !== 0) return { bin };
  const ids = userIds('postgres') ?? userIds('nobody');
  if (!ids) return { reason: 'running as root and no "postgres" (or "nobody") user to run PostgreSQL as' };
  return { bin, ...ids };
}

/** A free loopback TCP port (the OS picks; a rare race with another process is retried by the caller). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Run a binary as the cluster's user; throws with its output on failure. */
function runAs(found, cmd, args) {
  const r = spawnSync(join(found.bin, cmd), args, {
    encoding: 'utf8',
    uid: found.uid,
    gid: found.gid,
    env: { ...process.env, LC_ALL: 'C' },
  });
  if (r.status !== 0)
    throw new Error(
      `${cmd} failed (${r.status ?? r.signal}): ${(r.stderr || r.stdout || r.error?.message || '').trim()}`,
    );
}

/** Poll until the server answers `SELECT 1`, the process exits, or `ms` pass. */
async function waitReady(url, child, ms) {
  const until = Date.now() + ms;
  let last;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode} while starting`);
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await c.connect();
      await c.query('SELECT 1');
      await c.end();
      return;
    } catch (e) {
      last = e;
      await c.end().catch(() => {});
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`postgres did not accept connections within ${ms} ms: ${last?.message ?? last}`);
}

/** Shut a postmaster down (fast mode: open transactions roll back, connections close) and wait. */
async function shutdown(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Start the postmaster on `data` and `port`; resolves once it answers, rejects with its stderr. */
async function launch(found, dir, data, port, maxConnections) {
  const child = spawn(
    join(found.bin, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `max_connections=${maxConnections}`,
      '-c',
      'shared_buffers=128MB',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'log_min_messages=fatal',
      '-c',
      'log_min_error_statement=panic',
    ],
    { uid: found.uid, gid: found.gid, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
  );
  let stderr = '';
  child.stderr.on('data', (d) => {
    if (stderr.length < 4000) stderr += d;
  });
  try {
    await waitReady(`postgres://dlkit@127.0.0.1:${port}/postgres`, child, 60_000);
    return child;
  } catch (e) {
    await shutdown(child);
    throw new Error(`${e.message}${stderr ? `\n${stderr.trim()}` : ''}`);
  }
}

/**
 * Start a throwaway cluster. Resolves to `{ url, port, dir, stop, pause, resume }`: `url` connects
 * as superuser `dlkit` (trust auth, loopback only) to the `postgres` database; `pause()` shuts the
 * server down keeping its data, `resume()` starts it again on the same port (fault tests);
 * `stop()` shuts it down and removes the directory. Rejects (after cleaning up) when it cannot start.
 */
export async function startPostgresCluster({ maxConnections = 300 } = {}) {
  const found = findPostgres();
  if (found.reason) throw new Error(found.reason);
  const dir = mkdtempSync(join(tmpdir(), 'dlkit-pg-'));
  const data = join(dir, 'data');
  let child;
  const stop = async () => {
    await shutdown(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (found.uid !== undefined) chownSync(dir, found.uid, found.gid);
    runAs(found, 'initdb', ['-D', data, '-U', 'dlkit', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    let lastError;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      try {
        child = await launch(found, dir, data, port, maxConnections);
      } catch (e) {
        lastError = e; // most likely the port was taken meanwhile: another one
        continue;
      }
      return {
        url: `postgres://dlkit@127.0.0.1:${port}/postgres`,
        port,
        dir,
        stop,
        pause: () => shutdown(child),
        resume: async () => {
          child = await launch(found, dir, data, port, maxConnections);
        },
      };
    }
    throw lastError;
  } catch (e) {
    await stop();
    throw e;
  }
}
