#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.ts (or .mjs) in turn, each printing its own side-by-side table.
// Benchmarks are never part of `npm test`. `npm run bench -- geometry` runs only files whose name contains "geometry".
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const filter = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((f) => /\.bench\.(ts|mjs)$/.test(f))
  .filter((f) => !filter.length || filter.some((x) => f.includes(x)))
  .sort();
if (!files.length) {
  console.log('no benchmarks matched');
  process.exit(0);
}
// The video bench ends with the assist bench's tracking section; when the assist bench runs too, once is enough.
const env =
  files.includes('assist.bench.ts') && process.env.VIDEO_BENCH_TRACK === undefined
    ? { ...process.env, VIDEO_BENCH_TRACK: '0' }
    : process.env;
let failed = 0;
for (const f of files) {
  console.log(`\n##### bench/${f}`);
  const r = spawnSync('npx', ['tsx', `bench/${f}`], { stdio: 'inherit', env });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
