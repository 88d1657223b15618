#!/usr/bin/env node
// `npm run demo`: builds what is needed, starts the local server with a seeded sample project
// (./data, seeded only when empty) and serves the demo labeling app on the same origin.
//
//   npm run demo -- [--port 5173] [--host 127.0.0.1] [--data ./data | --temp] [--large 100000] [--no-build]
//
// --temp uses a fresh temporary data folder (deleted on exit): what the e2e tests use.
// --large sets the size of the big sample dataset (0 for none).
// --no-build serves the existing dist-demo/ (and dist/bundle/) as they are.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time of the files under `dir` (ms). */
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);

const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
const forward = args.filter((a) => a !== '--no-build');

const run = (cmd, cmdArgs) => {
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!noBuild) {
  // The embed page loads the all-in-one ESM bundle: build the package when it is missing, and
  // re-bundle the components when their sources changed since (no full rebuild needed).
  const bundle = 'dist/bundle/dl-kit.bundle.js';
  if (!existsSync(bundle)) {
    console.log('building the package (dist/, dist/bundle/)…');
    run('node', ['scripts/build.mjs']);
  } else if (existsSync('scripts/build-components.mjs') && newest('src') > statSync(bundle).mtimeMs) {
    console.log('re-bundling the components (dist/bundle/)…');
    const { buildBundle } = await import('./build-components.mjs');
    await buildBundle();
  }
  console.log('building the demo app (dist-demo/)…');
  run('npx', ['vite', 'build', '-c', 'demo/vite.config.ts', '--logLevel', 'error']);
} else if (!existsSync('dist-demo/index.html')) {
  console.error('dist-demo/ is missing: run without --no-build first.');
  process.exit(1);
}

// tsx runs the TypeScript server in place (no separate server build).
const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server/cli.ts', ...forward], { stdio: 'inherit' });
const stop = (sig) => () => child.kill(sig);
process.on('SIGINT', stop('SIGINT'));
process.on('SIGTERM', stop('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
