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
import { existsSync } from 'node:fs';

const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
const forward = args.filter((a) => a !== '--no-build');

const run = (cmd, cmdArgs) => {
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!noBuild) {
  // The embed page loads the all-in-one ESM bundle: build the package when it is missing.
  if (!existsSync('dist/bundle/dl-kit.bundle.js')) {
    console.log('building the package (dist/, dist/bundle/)…');
    run('node', ['scripts/build.mjs']);
  }
  console.log('building the demo app (dist-demo/)…');
  run('npx', ['vite', 'build', '-c', 'demo/vite.config.ts', '--logLevel', 'warn']);
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
