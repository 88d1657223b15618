// Setup for bench/server.bench.ts: loads a server (this checkout's, or a git ref's copy for a
// before/after comparison in one run), fills a 100k-item dataset and answers DQL queries and
// annotation posts through `app.request`. Kept apart from the bench so the bench reads as the
// list of what it measures.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The parts of a server the bench drives. Loose on purpose: a baseline ref may predate the async
 * store (sync `createApp`, `store.insert` in a sync `transaction`, `ensureUser` in projects.ts),
 * and every call is awaited, which works for sync and async alike.
 */
// biome-ignore lint/suspicious/noExplicitAny: modules of another git ref, whose types may differ from ours
type Loose = any;
interface ServerModules {
  createApp: (opts: { dataDir: string; database?: string }) => Loose;
  ensureUser: (store: Loose, email: string) => Loose;
  createProject: (store: Loose, owner: { id: string; email: string }, name: string) => Loose;
  createDataset: (store: Loose, creator: string, projectId: string, name: string) => Loose;
  newId: () => string;
  nowIso: () => string;
}

async function loadServer(root: string): Promise<ServerModules> {
  const mod = (p: string) => import(pathToFileURL(join(root, p)).href) as Promise<Record<string, Loose>>;
  const [app, ids, datasets, projects] = await Promise.all([
    mod('server/app.ts'),
    mod('server/ids.ts'),
    mod('server/routes/datasets.ts'),
    mod('server/routes/projects.ts'),
  ]);
  // ensureUser moved from projects.ts to users.ts when the store became async.
  const users = existsSync(join(root, 'server/routes/users.ts')) ? await mod('server/routes/users.ts') : {};
  return {
    createApp: app.createApp,
    ensureUser: users.ensureUser ?? projects.ensureUser,
    createProject: projects.createProject,
    createDataset: datasets.createDataset,
    newId: ids.newId,
    nowIso: ids.nowIso,
  };
}

/**
 * A copy of `ref`'s `server/` and `src/` under `.tmp/server-baseline/<commit>` (from `git archive`,
 * like the render bench's baseline: no worktree to register or remove). It resolves packages
 * through this checkout's node_modules, because `.tmp/` is inside it. Returns the copy's root
 * and the full commit id.
 */
export function baselineCopy(ref: string): { root: string; commit: string } {
  const commit = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim();
  const root = join(ROOT, '.tmp/server-baseline', commit);
  if (!existsSync(join(root, 'server/app.ts'))) {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    const tar = execFileSync('git', ['archive', commit, 'server', 'src', 'package.json', 'tsconfig.json'], {
      cwd: ROOT,
      maxBuffer: 1 << 30,
    });
    execFileSync('tar', ['-x', '-C', root], { input: tar });
  }
  return { root, commit };
}

/** One store under test, filled and ready, in this thread: queries and posts go through its app. */
export interface LocalSide {
  label: string;
  /** POST /datasets/{id}/query with `body`; throws on a non-200. */
  query(body: unknown): Promise<{ totalItemsCount: number; items: { id: string }[] }>;
  /** POST /items/{id}/annotations with `list` on one item; throws on a non-201. */
  post(list: unknown[]): Promise<void>;
  insertSeconds: number;
  /** The server's store and the dataset (for diagnosis scripts; the bench goes through `app`). */
  store: Loose;
  datasetId: string;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * Start the server at `root` (default: this checkout) on SQLite or `database`, and load `n` items
 * into one dataset in 5000-item batches inside one transaction.
 */
export async function openSide(label: string, n: number, opts: { root?: string; database?: string } = {}) {
  const m = await loadServer(opts.root ?? ROOT);
  const dataDir = mkdtempSync(join(tmpdir(), 'dlkit-bench-'));
  const h = await m.createApp({ dataDir, ...(opts.database ? { database: opts.database } : {}) });
  const close = async () => {
    await h.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const { store, app } = h;
    const owner = await m.ensureUser(store, 'bench@dlkit.local');
    const project = await m.createProject(store, { id: owner.id, email: 'bench@dlkit.local' }, 'bench');
    const ds = await m.createDataset(store, 'bench@dlkit.local', project.id, 'bench');
    const token: string = await h.issueToken('bench@dlkit.local');

    const t0 = performance.now();
    const now = m.nowIso();
    const docs: Record<string, unknown>[] = [];
    for (let i = 0; i < n; i++) {
      const dir = `/d${i % 100}`;
      const name = `img-${String(i).padStart(6, '0')}.png`;
      docs.push({
        id: m.newId(),
        datasetId: ds.id,
        filename: `${dir}/${name}`,
        dir,
        name,
        type: 'file',
        hidden: false,
        metadata: {
          system: { mimetype: 'image/png', size: 1000 + i, width: 640, height: 480, refs: [] },
          user: { n: i % 100, group: `g${i % 10}`, split: i % 5 === 0 ? 'val' : 'train' },
        },
        annotationsCount: 0,
        annotated: false,
        creator: 'bench@dlkit.local',
        createdAt: now,
        updatedAt: now,
        updatedBy: 'bench@dlkit.local',
      });
    }
    if (typeof store.insertMany === 'function')
      await store.transaction(async () => {
        for (let i = 0; i < docs.length; i += 5000) await store.insertMany('items', docs.slice(i, i + 5000));
      });
    else store.transaction(() => docs.forEach((d) => store.insert('items', d))); // the sync store
    const insertSeconds = (performance.now() - t0) / 1000;
    if (store.kind === 'postgres') {
      // Planner statistics and the visibility map, as autovacuum would have them a while later.
      const { openPool } = await import('../server/store/postgres/db.js');
      const db = await openPool(opts.database!);
      await db.query('VACUUM ANALYZE');
      await db.close();
    }

    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const query = async (body: unknown) => {
      const r: Response = await app.request(`/api/v1/datasets/${ds.id}/query`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      if (r.status !== 200) throw new Error(`${label}: ${r.status} ${await r.text()}`);
      return (await r.json()) as { totalItemsCount: number; items: { id: string }[] };
    };
    const itemId = (await query({ filter: { $and: [{ hidden: false }, { type: 'file' }] }, pageSize: 1 })).items[0]!.id;
    const post = async (list: unknown[]) => {
      const r: Response = await app.request(`/api/v1/items/${itemId}/annotations`, {
        method: 'POST',
        headers,
        body: JSON.stringify(list),
      });
      if (r.status !== 201) throw new Error(`${label}: ${r.status} ${await r.text()}`);
      await r.arrayBuffer();
    };
    return { label, query, post, insertSeconds, store, datasetId: ds.id as string, dataDir, close } satisfies LocalSide;
  } catch (e) {
    await close();
    throw e;
  }
}

/** What a side in a worker answers: the time the request took there, and what the bench checks. */
export interface Timed {
  ms: number;
  /** CPU time of the side's thread during the request (NaN where the OS does not tell). */
  cpuMs: number;
  total: number;
  lastId?: string;
}

/** A side in a worker thread of its own, driven from the bench's thread. */
export interface Side {
  label: string;
  insertSeconds: number;
  /** POST /datasets/{id}/query; `ms` is timed in the worker, from the request to the parsed answer. */
  query(body: unknown): Promise<Timed>;
  /** POST /items/{id}/annotations; `ms` as for `query`. */
  post(list: unknown[]): Promise<Timed>;
  close(): Promise<void>;
}

/** What a side's worker is asked to do. */
export type SideOp = { op: 'query'; body: unknown } | { op: 'post'; list: unknown[] };
/** The message a side's worker gets. */
export type SideRequest = SideOp & { id: number };
/** Its answer. */
export type SideAnswer = { id: number; ok: true; timed: Timed } | { id: number; ok: false; error: string };

/**
 * Start a side in a worker thread (bench/server-worker.mjs loads bench/server-side.ts through tsx).
 * One isolate per side: what one server does to the process (an AsyncLocalStorage that hooks every
 * promise, a heap full of another store's garbage) does not slow the side it is compared with.
 */
export function spawnSide(label: string, n: number, opts: { root?: string; database?: string } = {}): Promise<Side> {
  const worker = new Worker(new URL('./server-worker.mjs', import.meta.url), {
    workerData: { entry: new URL('./server-side.ts', import.meta.url).href, label, n, ...opts },
  });
  let next = 0;
  const waiting = new Map<number, { resolve: (t: Timed) => void; reject: (e: Error) => void }>();
  let failed: Error | undefined;
  const fail = (e: Error) => {
    failed = e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`${label}: worker exited (${code})`)));
  const call = (req: SideOp) =>
    new Promise<Timed>((resolve, reject) => {
      if (failed) return reject(failed);
      const id = next++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...req, id });
    });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (m: { ready: true; insertSeconds: number } | { ready: false; error: string }) => {
      if (!m.ready) return reject(new Error(`${label}: ${m.error}`));
      worker.on('message', (a: SideAnswer) => {
        const w = waiting.get(a.id);
        waiting.delete(a.id);
        if (a.ok) w?.resolve(a.timed);
        else w?.reject(new Error(`${label}: ${a.error}`));
      });
      resolve({
        label,
        insertSeconds: m.insertSeconds,
        query: (body) => call({ op: 'query', body }),
        post: (list) => call({ op: 'post', list }),
        async close() {
          // The worker closes its server (and removes its data folder) when told, then exits.
          const exited = new Promise((r) => worker.once('exit', r));
          worker.postMessage('close');
          await exited;
        },
      });
    });
  });
}
