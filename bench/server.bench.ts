// `npm run bench -- server`: the local server under a 100k-item dataset, end to end through
// app.request (routing, auth, SQLite, JSON). Prints medians side by side with ratios to a
// reference row in the same run. The machine is shared: compare ratios, not absolute numbers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../server/app.js';
import { newId, nowIso } from '../server/ids.js';
import { createDataset } from '../server/routes/datasets.js';
import { createProject } from '../server/routes/projects.js';
import { ensureUser } from '../server/routes/users.js';

const N = Number(process.env.BENCH_ITEMS ?? 100_000);
const dataDir = mkdtempSync(join(tmpdir(), 'dlkit-bench-'));
const h = createApp({ dataDir });
const { store, app } = h;
const owner = ensureUser(store, 'bench@dlkit.local');
const project = createProject(store, { id: owner.id, email: 'bench@dlkit.local' }, 'bench');
const ds = createDataset(store, 'bench@dlkit.local', project.id, 'bench');
const token = await h.issueToken('bench@dlkit.local');

let t0 = performance.now();
const now = nowIso();
store.transaction(() => {
  for (let i = 0; i < N; i++) {
    const dir = `/d${i % 100}`;
    const name = `img-${String(i).padStart(6, '0')}.png`;
    store.insert('items', {
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
});
console.log(`inserted ${N} items in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
async function query(body: unknown) {
  const r = await app.request(`/api/v1/datasets/${ds.id}/query`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  if (r.status !== 200) throw new Error(`${r.status} ${await r.text()}`);
  return (await r.json()) as { totalItemsCount: number; items: { id: string }[] };
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

const defaults = [{ hidden: false }, { type: 'file' }];
const lastBeforeDeep = (
  await query({ filter: { $and: defaults }, sort: { id: 'ascending' }, page: 98, pageSize: 1000 })
).items.at(-1)!.id;
const rows: [string, number, string?][] = [];
rows.push([
  'page 0 (offset), 1000 items',
  await median(7, () => query({ filter: { $and: defaults }, page: 0, pageSize: 1000 })),
]);
rows.push([
  'page 99 (offset 99000), 1000 items',
  await median(7, () => query({ filter: { $and: defaults }, page: 99, pageSize: 1000 })),
]);
rows.push([
  'keyset after item 99000 (id $gt), 1000 items',
  await median(7, () =>
    query({
      filter: { $and: [...defaults, { id: { $gt: lastBeforeDeep } }] },
      sort: { id: 'ascending' },
      page: 0,
      pageSize: 1000,
    }),
  ),
]);
rows.push([
  'dir = "/d42" (indexed column), 1000 of 100k',
  await median(7, () => query({ filter: { $and: [...defaults, { dir: '/d42' }] }, pageSize: 1000 })),
]);
rows.push([
  'metadata.user.n = 42 (json_extract), 1000 of 100k',
  await median(7, () => query({ filter: { $and: [...defaults, { 'metadata.user.n': 42 }] }, pageSize: 1000 })),
]);
rows.push([
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
]);
const count = (await query({ filter: { $and: [...defaults, { 'metadata.user.n': 42 }] }, pageSize: 1000 }))
  .totalItemsCount;

// Batch annotation insert throughput: 100 per request vs 1 per request.
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
const batchMs = performance.now() - t0;
const SINGLES = 300;
t0 = performance.now();
for (let s = 0; s < SINGLES; s++) await post([ann(s)]);
const singleMs = performance.now() - t0;
const batchRate = (BATCHES * 100) / (batchMs / 1000);
const singleRate = SINGLES / (singleMs / 1000);

const ref = rows[0]![1];
console.log(`\nserver queries, ${N} items, median ms (ratio vs page 0 offset)`);
console.log('| query | ms | ratio |\n|---|---:|---:|');
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(1)} | ${(ms / ref).toFixed(2)}x |`);
console.log(`(metadata.user.n = 42 matches ${count} items)`);
console.log('\nannotation inserts through POST /items/{id}/annotations');
console.log('| mode | annotations/s | ratio |\n|---|---:|---:|');
console.log(`| 1 per request (${SINGLES} requests) | ${singleRate.toFixed(0)} | 1.00x |`);
console.log(
  `| 100 per request (${BATCHES} requests) | ${batchRate.toFixed(0)} | ${(batchRate / singleRate).toFixed(2)}x |`,
);
h.close();
rmSync(dataDir, { recursive: true, force: true });
