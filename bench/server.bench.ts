// `npm run bench -- server`: the local server under a 100k-item dataset, end to end through
// app.request (routing, auth, store, JSON), on SQLite and on PostgreSQL side by side (a throwaway
// cluster like the tests', or BENCH_DATABASE=postgres://… for an existing empty database).
// Every measurement is interleaved over the stores (A B C, then C B A, …), so each column saw the
// same machine; each store's server runs in a worker thread of its own (one server's process-wide
// costs, e.g. an enabled AsyncLocalStorage, do not land on another's); the tables print medians and
// ratios. The machine is shared: compare ratios.
//
// SERVER_BENCH_BASELINE=<git ref> (e.g. 38d96e5 or main) adds that ref's server on SQLite as a
// "before" column, from a copy of its sources (bench/server-harness.ts), interleaved with this
// checkout's. SERVER_BENCH_STORES=sqlite leaves PostgreSQL out; SERVER_BENCH_ROWS=keyset,page
// runs only the query rows whose name contains one of the words (and SERVER_BENCH_INSERTS=0 no
// insert rows); BENCH_ITEMS=20000 a smaller dataset; SERVER_BENCH_RUNS the timed runs per row;
// SERVER_BENCH_BATCH_ROUNDS the rounds of the 100-per-request row (default 20).
// SERVER_BENCH_BEFORE_FIRST=1 starts the baseline's worker before this checkout's (the side
// started first has measured slower in wall time on a loaded machine: run both orders). The
// insert table also prints rates from each side's thread CPU time, which a loaded machine
// disturbs less than wall time.
import { findPostgres, startPostgresCluster } from '../scripts/postgres.mjs';
import { baselineCopy, type Side, spawnSide, type Timed } from './server-harness.js';

const N = Number(process.env.BENCH_ITEMS ?? 100_000);
/** The last full page (page 99 of 100k items). */
const DEEP = Math.max(1, Math.floor(N / 1000) - 1);
const BASELINE = process.env.SERVER_BENCH_BASELINE;
const STORES = (process.env.SERVER_BENCH_STORES ?? 'sqlite,postgres').split(',');
const ROW_FILTER = process.env.SERVER_BENCH_ROWS?.split(',').filter(Boolean);
const RUNS = Number(process.env.SERVER_BENCH_RUNS ?? 9);
const INSERTS = process.env.SERVER_BENCH_INSERTS !== '0';
/** Rounds of the 100-per-request insert row (one request per side each). */
const BATCH_ROUNDS = Number(process.env.SERVER_BENCH_BATCH_ROUNDS ?? 20);

const f = (x: number | undefined, d = 1) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d));
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? '–' : `${(a / b).toFixed(2)}x`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Sides in this order: SQLite now, [SQLite at the baseline], [PostgreSQL now]. */
const sides: Side[] = [];
let cluster: Awaited<ReturnType<typeof startPostgresCluster>> | undefined;
let pgSkipped: string | undefined;
try {
  const beforeFirst = process.env.SERVER_BENCH_BEFORE_FIRST === '1';
  if (!beforeFirst) sides.push(await spawnSide('sqlite', N));
  if (BASELINE) {
    const { root, commit } = baselineCopy(BASELINE);
    console.log(`baseline: ${BASELINE} = ${commit.slice(0, 10)} (sources in ${root})`);
    sides.push(await spawnSide('before', N, { root }));
  }
  if (beforeFirst) sides.unshift(await spawnSide('sqlite', N));
  if (STORES.includes('postgres')) {
    const found = findPostgres();
    if (process.env.BENCH_DATABASE)
      sides.push(await spawnSide('postgres', N, { database: process.env.BENCH_DATABASE }));
    else if (found.reason) pgSkipped = found.reason;
    else {
      cluster = await startPostgresCluster();
      const { default: pgLib } = await import('pg');
      const admin = new pgLib.Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query('CREATE DATABASE bench');
      await admin.end();
      sides.push(await spawnSide('postgres', N, { database: cluster.url.replace(/\/postgres$/, '/bench') }));
    }
  } else pgSkipped = 'SERVER_BENCH_STORES leaves it out';
  await run();
} finally {
  for (const s of sides) await s.close();
  await cluster?.stop();
}

/**
 * Run `fn` on every side, `runs` rounds, the order of the sides reversed every other round; the
 * times are what the sides' workers measured (`fn` returns them), summed per call of `fn`.
 */
async function interleaved(runs: number, fn: (s: Side) => Promise<number>): Promise<Map<string, number[]>> {
  const times = new Map(sides.map((s) => [s.label, [] as number[]]));
  for (const s of sides) await fn(s); // warm
  for (let i = 0; i < runs; i++) {
    const order = i % 2 ? [...sides].reverse() : sides;
    for (const s of order) times.get(s.label)!.push(await fn(s));
  }
  return times;
}

async function run(): Promise<void> {
  const has = (label: string) => sides.some((s) => s.label === label);
  const defaults = [{ hidden: false }, { type: 'file' }];
  // The keyset row starts after the same position on every side (ids differ between stores).
  const lastBeforeDeep = new Map<string, string>();
  for (const s of sides)
    lastBeforeDeep.set(
      s.label,
      (await s.query({ filter: { $and: defaults }, sort: { id: 'ascending' }, page: DEEP - 1, pageSize: 1000 }))
        .lastId!,
    );
  const queries: [string, (s: Side) => unknown][] = [
    ['page 0 (offset), 1000 items', () => ({ filter: { $and: defaults }, page: 0, pageSize: 1000 })],
    [
      `page ${DEEP} (offset ${DEEP * 1000}), 1000 items`,
      () => ({ filter: { $and: defaults }, page: DEEP, pageSize: 1000 }),
    ],
    [
      `keyset after item ${DEEP * 1000} (id $gt), 1000 items`,
      (s) => ({
        filter: { $and: [...defaults, { id: { $gt: lastBeforeDeep.get(s.label) } }] },
        sort: { id: 'ascending' },
        page: 0,
        pageSize: 1000,
      }),
    ],
    [
      `dir = "/d42" (indexed column), ${N / 100} of ${N}`,
      () => ({ filter: { $and: [...defaults, { dir: '/d42' }] }, pageSize: 1000 }),
    ],
    [
      `metadata.user.n = 42 (document field), ${N / 100} of ${N}`,
      () => ({ filter: { $and: [...defaults, { 'metadata.user.n': 42 }] }, pageSize: 1000 }),
    ],
    [
      'metadata.user.group $in + n $gte, sort n desc',
      () => ({
        filter: {
          $and: [...defaults, { 'metadata.user.group': { $in: ['g1', 'g3'] } }, { 'metadata.user.n': { $gte: 50 } }],
        },
        sort: { 'metadata.user.n': 'descending' },
        pageSize: 1000,
      }),
    ],
  ];
  const rows = new Map<string, Map<string, number>>();
  const counts = new Map<string, number>();
  for (const [name, body] of queries) {
    if (ROW_FILTER && !ROW_FILTER.some((w) => name.includes(w))) continue;
    const times = await interleaved(RUNS, async (s) => {
      const r: Timed = await s.query(body(s));
      if (name.startsWith('metadata.user.n')) counts.set(s.label, r.total);
      return r.ms;
    });
    rows.set(name, new Map([...times].map(([k, v]) => [k, median(v)])));
    console.log(`${name}: ${[...rows.get(name)!].map(([k, v]) => `${k} ${f(v)} ms`).join(', ')}`);
  }

  const head = (first: string) =>
    `| ${first} | SQLite | ratio |${has('before') ? ' SQLite before | after ÷ before |' : ''} PostgreSQL | ratio | PG ÷ SQLite |\n` +
    `|---|---:|---:|${has('before') ? '---:|---:|' : ''}---:|---:|---:|`;
  const line = (name: string, m: Map<string, number>, ref: Map<string, number> | undefined, digits: number) => {
    const [s, b, p] = [m.get('sqlite'), m.get('before'), m.get('postgres')];
    const r = (k: string) => ratio(m.get(k), ref?.get(k));
    return `| ${name} | ${f(s, digits)} | ${r('sqlite')} |${has('before') ? ` ${f(b, digits)} | ${ratio(s, b)} |` : ''} ${f(p, digits)} | ${r('postgres')} | ${ratio(p, s)} |`;
  };
  if (rows.size) {
    console.log(
      `\nserver queries, ${N} items, median ms of ${RUNS} interleaved runs (ratio vs the first row on the same store${has('before') ? `; after ÷ before: this checkout ÷ ${BASELINE}, both SQLite` : ''}; PG ÷ SQLite)`,
    );
    console.log(head('query'));
    const ref = rows.values().next().value;
    for (const [name, m] of rows) console.log(line(name, m, ref, 1));
    if (counts.size)
      console.log(`(metadata.user.n = 42 matches: ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')})`);
  }
  console.log(`(loading ${N} items: ${sides.map((s) => `${s.label} ${f(s.insertSeconds)} s`).join(', ')})`);

  if (INSERTS) {
    // Annotation insert throughput, 100 per request and 1 per request, in interleaved rounds.
    const ann = (i: number) => ({
      type: 'box',
      label: 'car',
      coordinates: [
        { x: i, y: 1, z: 0 },
        { x: i + 10, y: 11, z: 0 },
      ],
      metadata: { system: { attributes: {} } },
    });
    // Rate of the median round: a round is short (a few requests per side), so a pause of the
    // shared machine spoils a round or two, not the side it happened to fall on.
    const cpu = new Map<string, number[]>();
    const rate = async (rounds: number, perRound: number, size: number) => {
      cpu.clear();
      const times = await interleaved(rounds, async (s) => {
        let ms = 0;
        let cpuMs = 0;
        for (let b = 0; b < perRound; b++) {
          const t = await s.post(Array.from({ length: size }, (_, i) => ann(i)));
          ms += t.ms;
          cpuMs += t.cpuMs;
        }
        cpu.set(s.label, [...(cpu.get(s.label) ?? []), cpuMs]);
        return ms;
      });
      const perSecond = (m: Map<string, number[]>) =>
        new Map([...m].map(([k, v]) => [k, (perRound * size) / (median(v) / 1000)]));
      // `cpu` also holds the warm-up call (`interleaved` leaves it out of `times`).
      const cpuTimed = new Map([...cpu].map(([k, v]) => [k, v.slice(1)]));
      return { wall: perSecond(times), cpu: perSecond(cpuTimed) };
    };
    const batchRates = await rate(BATCH_ROUNDS, 1, 100);
    const singleRates = await rate(30, 10, 1);
    const [batch, single] = [batchRates.wall, singleRates.wall];
    console.log(
      '\nannotation inserts through POST /items/{id}/annotations, annotations/s (median of interleaved rounds)',
    );
    console.log(head('mode'));
    console.log(line('1 per request (300 requests)', single, single, 0));
    console.log(line(`100 per request (${BATCH_ROUNDS} requests)`, batch, single, 0));
    console.log(line('1 per request, per CPU second of the side', singleRates.cpu, singleRates.cpu, 0));
    console.log(line('100 per request, per CPU second of the side', batchRates.cpu, singleRates.cpu, 0));
  }
  if (pgSkipped) console.log(`\nPostgreSQL column skipped: ${pgSkipped}`);
}
