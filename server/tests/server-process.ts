// The CLI server in a process of its own, for tests that kill it or measure its memory: started as
// `node --import tsx server/cli.ts` (the server is this very process, not a launcher's child), with
// a project, a dataset and an owner token made beforehand in the data folder.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createApp } from '../app.js';
import { createDataset } from '../routes/datasets.js';
import { createProject } from '../routes/projects.js';
import { ensureUser } from '../routes/users.js';
import { testDatabaseFor } from '../testing-database.js';

/** A server process started by {@link spawnServer}. */
export interface ServerProcess {
  /** API base URL. */
  url: string;
  /** The server's own process id (checked: its command line is the CLI). */
  pid: number;
  /** Bearer token of the owner of {@link projectId}. */
  token: string;
  projectId: string;
  datasetId: string;
  child: ChildProcess;
  /** Peak resident memory since start or the last {@link resetPeak}, in bytes (Linux `/proc`). */
  peakRss(): number;
  /** Current resident memory in bytes. */
  rss(): number;
  /** Start a new peak measurement (`/proc/<pid>/clear_refs`); false when the kernel refuses. */
  resetPeak(): boolean;
  /** Whether the process is still alive. */
  alive(): boolean;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s; resolves once it is gone. */
  stop(): Promise<void>;
}

/** Whether memory can be read from `/proc` here (Linux). */
export const canMeasureMemory = existsSync('/proc/self/status');

function statusKiB(pid: number, key: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no ${key} in /proc/${pid}/status`);
  return Number(m[1]) * 1024;
}

/** Whether a process with this id exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Wait until `pid` is gone (at most `ms`). */
export async function waitGone(pid: number, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!processAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return !processAlive(pid);
}

/**
 * Start the CLI server on a free loopback port over `dataDir`. The first call on a folder makes the
 * owner, a project and a dataset in it (in this process, before the server opens it). On the
 * PostgreSQL test run the server stores in the folder's test database (`--database`).
 */
export async function spawnServer(dataDir: string, args: string[] = []): Promise<ServerProcess> {
  const { database } = await testDatabaseFor(dataDir);
  const setup = await createApp({ dataDir, database });
  const owner = await ensureUser(setup.store, 'owner@dlkit.test');
  const existing = (await setup.store.list('members', { userId: owner.id }))[0];
  const projectId = existing?.projectId ?? (await createProject(setup.store, owner, 'process')).id;
  const datasetId =
    (await setup.store.list('datasets', { projectId }))[0]?.id ??
    (await createDataset(setup.store, owner.email, projectId, 'd')).id;
  const token = await setup.issueToken(owner.email);
  await setup.close();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/cli.ts',
      '--data',
      dataDir,
      ...(database ? ['--database', database] : []),
      '--port',
      '0',
      ...args,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /on (http:\/\/127\.0\.0\.1:\d+\/api\/v1)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr!.on('data', (d) => {
      out += d;
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  const pid = child.pid!;
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  if (!cmdline.includes('server/cli.ts')) throw new Error(`process ${pid} is not the server: ${cmdline}`);
  return {
    url,
    pid,
    token,
    projectId,
    datasetId,
    child,
    peakRss: () => statusKiB(pid, 'VmHWM'),
    rss: () => statusKiB(pid, 'VmRSS'),
    resetPeak() {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    alive: () => processAlive(pid),
    async stop() {
      if (!processAlive(pid)) return;
      child.kill('SIGTERM');
      if (!(await waitGone(pid, 5000))) {
        child.kill('SIGKILL');
        await waitGone(pid, 5000);
      }
    },
  };
}
