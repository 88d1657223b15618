#!/usr/bin/env node
// `npm test`: unit tests in Node, browser tests in Chromium, end-to-end tests with Playwright.
// Fails first, clearly, when no Chromium is installed (the project never downloads one).
import { spawnSync } from 'node:child_process';
import { findChromium, HOW_TO_INSTALL } from './chromium.mjs';

if (!findChromium()) {
  console.error(`\n${HOW_TO_INSTALL}\n`);
  process.exit(1);
}

const steps = [
  ['unit (node)', 'npx', ['vitest', 'run', '--project', 'node']],
  ['browser (chromium)', 'npx', ['vitest', 'run', '--project', 'browser']],
  ['end-to-end (playwright)', 'npx', ['playwright', 'test', '--pass-with-no-tests']],
];
const only = process.argv.slice(2);
let failed = 0;
for (const [name, cmd, args] of steps) {
  if (only.length && !only.some((o) => name.startsWith(o))) continue;
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' } });
  if (r.status !== 0) {
    failed++;
    console.error(`\n${name} failed (exit ${r.status ?? r.signal})`);
  }
}
console.log(failed ? `\n${failed} test step(s) failed` : '\nall test steps passed');
process.exit(failed ? 1 : 0);
