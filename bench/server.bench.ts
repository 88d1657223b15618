// `npm run bench -- server`: the local server under a 100k-item dataset, end to end through
// app.request (routing, auth, store, JSON), on SQLite and on PostgreSQL side by side (a throwaway
// cluster like the tests', or BENCH_DATABASE=postgres://… for an existing empty database).
// Prints medians and ratios in the same run. The machine is shared: compare ratios, not numbers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPostgres, startPostgresCluster } from '../scripts/postgres.mjs';
import { createApp } from '../server/app.js';
import { newId, nowIso } from '../server/ids.js';
import { createDataset } from '../server/routes/datasets.js';
import { createProject } from '../server/routes/projects.js';
import { ensureUser } from '../server/routes/users.js';
import type { ItemDoc } from '../server/store/types.js';

const N = Number(process.env.BENCH_ITEMS ?? 100_000);
/** The last full page (page 99 of 100k items). */
const DEEP = Math.max(1, Math.floor(N / 1000) - 1);

/** What one store measured: query medians (ms) by row name, insert rates (annotations/s). */
interface Result {
  insertSeconds: number;
  rows: Map<string, number>;
  count: number;
  singleRate: number;
  batchRate: number;
}

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function measure(database: string | undefined): Promise<Result> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dlkit-bench-'));
  const h = await createApp({ dataDir, database });
  try {
    const { store, app } = h;
    const owner = await ensureUser(store, 'bench@dlkit.local');
    const project = await createProject(store, { id: owner.id, email: 'bench@dlkit.local' }, 'bench');
    const ds = await createDataset(store, 'bench@dlkit.local', project.id, 'bench');
    const token = await h.issueToken('bench@dlkit.local');

    let t0 = performance.now();
    const now = nowIso();
    const docs: ItemDoc[] = [];
    for (let i = 0; i < N; i++) {
      const dir = `/d${i % 100}`;
      const name = `img-${String(i).padStart(6, '0')}.png`;
      docs.push({
        id: newId(),
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
    await store.transaction(async () => {
      for (let i = 0; i < docs.length; i += 5000) await store.insertMany('items', docs.slice(i, i + 5000));
    });
    const insertSeconds = (performance.now() - t0) / 1000;
    if (store.kind === 'postgres') {
      // Planner statistics and the visibility map, as autovacuum would have them a while later.
      const { openPool } = await import('../server/store/postgres/db.js');
      const db = await openPool(database!);
      await db.query('VACUUM ANALYZE');
      await db.close();
    }

    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const query = async (body: unknown) => {
      const r = await app.request(`/api/v1/datasets/${ds.id}/query`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      if (r.status !== 200) throw new Error(`${r.status} ${await r.text()}`);
      return (await r.json()) as { totalItemsCount: number; items: { id: string }[] };
    };

    const defaults = [{ hidden: false }, { type: 'file' }];
    const lastBeforeDeep = (
      await query({ filter: { $and: defaults }, sort: { id: 'ascending' }, page: DEEP - 1, pageSize: 1000 })
    ).items.at(-1)!.id;
    const rows = new Map<string, number>();
    rows.set(
      'page 0 (offset), 1000 items',
      await median(7, () => query({ filter: { $and: defaults }, page: 0, pageSize: 1000 })),
    );
    rows.set(
      `page ${DEEP} (offset ${DEEP * 1000}), 1000 items`,
      await median(7, () => query({ filter: { $and: defaults }, page: DEEP, pageSize: 1000 })),
    );
    rows.set(
      `keyset after item ${DEEP * 1000} (id $gt), 1000 items`,
      await median(7, () =>
        query({
          filter: { $and: [...defaults, { id: { $gt: lastBeforeDeep } }] },
          sort: { id: 'ascending' },
          page: 0,
          pageSize: 1000,
        }),
      ),
    );
    rows.set(
      `dir = "/d42" (indexed column), ${N / 100} of ${N}`,
      await median(7, () => query({ filter: { $and: [...defaults, { dir: '/d42' }] }, pageSize: 1000 })),
    );
    rows.set(
      `metadata.user.n = 42 (document field), ${N / 100} of ${N}`,
      await median(7, () => query({ filter: { $and: [...defaults, { 'metadata.user.n': 42 }] }, pageSize: 1000 })),
    );
    rows.set(
      'metadata.user.group $in + n $gte, sort n desc',
      await median(5, () =>
        query({
          filter: {
            $and: [...defaults, { 'metadata.user.group': { $in: ['g1', 'g3'] } }, { 'metadata.user.n': { $gte: 50 } }],
          },
          sort: { 'metadata.user.n': 'descending' },
          pageSize: 1000,
        }),
      ),
    );
    const count = (await query({ filter: { $and: [...defaults, { 'metadata.user.n': 42 }] }, pageSize: 1000 }))
      .totalItemsCount;

    // Annotation insert throughput: 100 per request vs 1 per request.
    const itemId = (await query({ filter: { $and: defaults }, pageSize: 1 })).items[0]!.id;
    const ann = (i: number) => ({
      type: 'box',
      label: 'car',
      coordinates: [
        { x: i, y: 1, z: 0 },
        { x: i + 10, y: 11, z: 0 },
      ],
      metadata: { system: { attributes: {} } },
    });
    const post = async (list: unknown[]) => {
      const r = await app.request(`/api/v1/items/${itemId}/annotations`, {
        method: 'POST',
        headers,
        body: JSON.stringify(list),
      });
      if (r.status !== 201) throw new Error(String(r.status));
      await r.arrayBuffer();
    };
    const BATCHES = 20;
    t0 = performance.now();
    for (let b = 0; b < BATCHES; b++) await post(Array.from({ length: 100 }, (_, i) => ann(i)));
    const batchRate = (BATCHES * 100) / ((performance.now() - t0) / 1000);
    const SINGLES = 300;
    t0 = performance.now();
    for (let s = 0; s < SINGLES; s++) await post([ann(s)]);
    const singleRate = SINGLES / ((performance.now() - t0) / 1000);
    return { insertSeconds, rows, count, singleRate, batchRate };
  } finally {
    await h.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const sqlite = await measure(undefined);
let pg: Result | undefined;
let skipped: string | undefined;
const given = process.env.BENCH_DATABASE;
const found = findPostgres();
if (given) pg = await measure(given);
else if (found.reason) skipped = found.reason;
else {
  const cluster = await startPostgresCluster();
  try {
    const { default: pgLib } = await import('pg');
    const admin = new pgLib.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE bench');
    await admin.end();
    pg = await measure(cluster.url.replace(/\/postgres$/, '/bench'));
  } finally {
    await cluster.stop();
  }
}

const f = (x: number | undefined, d = 1) => (x === undefined ? '–' : x.toFixed(d));
console.log(`\nserver queries, ${N} items, median ms (ratio vs page 0 offset on the same store; PG ÷ SQLite)`);
console.log('| query | SQLite ms | ratio | PostgreSQL ms | ratio | PG ÷ SQLite |\n|---|---:|---:|---:|---:|---:|');
const ref = sqlite.rows.values().next().value!;
const pgRef = pg?.rows.values().next().value;
for (const [name, ms] of sqlite.rows) {
  const p = pg?.rows.get(name);
  console.log(
    `| ${name} | ${f(ms)} | ${f(ms / ref, 2)}x | ${f(p)} | ${p === undefined ? '–' : `${f(p / pgRef!, 2)}x`} | ${p === undefined ? '–' : `${f(p / ms, 2)}x`} |`,
  );
}
console.log(`(metadata.user.n = 42 matches ${sqlite.count} items${pg ? `; PostgreSQL: ${pg.count}` : ''})`);
console.log(
  `(loading ${N} items with insertMany: SQLite ${f(sqlite.insertSeconds)} s${pg ? `, PostgreSQL ${f(pg.insertSeconds)} s` : ''})`,
);
console.log('\nannotation inserts through POST /items/{id}/annotations, annotations/s');
console.log('| mode | SQLite | ratio | PostgreSQL | ratio | PG ÷ SQLite |\n|---|---:|---:|---:|---:|---:|');
for (const [name, s, p] of [
  ['1 per request (300 requests)', sqlite.singleRate, pg?.singleRate],
  ['100 per request (20 requests)', sqlite.batchRate, pg?.batchRate],
] as const)
  console.log(
    `| ${name} | ${f(s, 0)} | ${f(s / sqlite.singleRate, 2)}x | ${f(p, 0)} | ${p === undefined ? '–' : `${f(p / pg!.singleRate, 2)}x`} | ${p === undefined ? '–' : `${f(p / s, 2)}x`} |`,
  );
if (skipped) console.log(`\nPostgreSQL column skipped: ${skipped}`);
