#!/usr/bin/env node
// `npm test`: type check, unit tests in Node, browser tests in Chromium, end-to-end tests with Playwright.
// Fails first, clearly, when no Chromium is installed (the project never downloads one).
// Ends with one plain line, `N passed, N failed, N skipped`, summed over every runner.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { findChromium, HOW_TO_INSTALL } from './chromium.mjs';
import { findPostgres } from './postgres.mjs';

if (!findChromium()) {
  console.error(`\n${HOW_TO_INSTALL}\n`);
  process.exit(1);
}

// The server's store tests run a second time on PostgreSQL (Vitest project `postgres`, a throwaway
// cluster) where its binaries are installed; elsewhere one line says why they are skipped.
const postgres = findPostgres();
if (postgres.reason) console.log(`PostgreSQL store tests skipped: ${postgres.reason}`);

mkdirSync('.tmp', { recursive: true });
const vitestJson = (name) => [`--reporter=default`, `--reporter=json`, `--outputFile.json=.tmp/${name}.json`];
const steps = [
  // Format and lint (biome.json): a warning fails the run like an error.
  { name: 'lint (biome)', cmd: 'npx', args: ['biome', 'ci', '.', '--error-on-warnings', '--colors=off'] },
  { name: 'types (tsc)', cmd: 'npx', args: ['tsc', '--noEmit', '-p', 'tsconfig.json'] },
  {
    name: postgres.reason ? 'unit (node)' : 'unit (node; server also on PostgreSQL)',
    cmd: 'npx',
    args: [
      'vitest',
      'run',
      '--project',
      'node',
      ...(postgres.reason ? [] : ['--project', 'postgres']),
      ...vitestJson('vitest-node'),
    ],
    report: '.tmp/vitest-node.json',
    kind: 'vitest',
  },
  {
    name: 'browser (chromium)',
    cmd: 'npx',
    args: ['vitest', 'run', '--project', 'browser', ...vitestJson('vitest-browser')],
    report: '.tmp/vitest-browser.json',
    kind: 'vitest',
  },
  {
    name: 'end-to-end (playwright)',
    cmd: 'npx',
    args: ['playwright', 'test', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: '.tmp/playwright.json' },
    report: '.tmp/playwright.json',
    kind: 'playwright',
  },
];

/** Names of the failed tests in a runner's JSON report (file › title), for the run's last lines. */
function failures(step) {
  if (!step.report || !existsSync(step.report)) return [];
  const j = JSON.parse(readFileSync(step.report, 'utf8'));
  const out = [];
  if (step.kind === 'vitest') {
    for (const f of j.testResults ?? []) {
      const failed = (f.assertionResults ?? []).filter((a) => a.status === 'failed');
      for (const a of failed) out.push(`${f.name.replace(`${process.cwd()}/`, '')} › ${a.fullName ?? a.title}`);
      if (!failed.length && f.status === 'failed')
        out.push(`${f.name.replace(`${process.cwd()}/`, '')}: ${f.message ?? 'failed'}`);
    }
  } else {
    const walk = (suite, file) => {
      for (const spec of suite.specs ?? []) if (!spec.ok) out.push(`${spec.file ?? file} › ${spec.title}`);
      for (const s of suite.suites ?? []) walk(s, suite.file ?? file);
    };
    for (const s of j.suites ?? []) walk(s, s.file);
  }
  return out;
}

/** Counts from a runner's JSON report; a missing report counts as one failure. */
function counts(step) {
  if (!step.report) return { passed: 0, failed: 0, skipped: 0 };
  if (!existsSync(step.report)) return { passed: 0, failed: 1, skipped: 0 };
  const j = JSON.parse(readFileSync(step.report, 'utf8'));
  if (step.kind === 'vitest')
    return { passed: j.numPassedTests, failed: j.numFailedTests, skipped: j.numPendingTests + j.numTodoTests };
  const s = j.stats ?? {};
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0, skipped: s.skipped ?? 0 };
}

const only = process.argv.slice(2);
let failedSteps = 0;
const failedNames = [];
const total = { passed: 0, failed: 0, skipped: 0 };
for (const step of steps) {
  if (only.length && !only.some((o) => step.name.startsWith(o))) continue;
  console.log(`\n=== ${step.name} ===`);
  if (step.report) rmSync(step.report, { force: true });
  const r = spawnSync(step.cmd, step.args, {
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1', ...step.env },
  });
  const c = counts(step);
  for (const k of Object.keys(total)) total[k] += c[k];
  if (r.status !== 0) {
    failedSteps++;
    console.error(`\n${step.name} failed (exit ${r.status ?? r.signal})`);
    failedNames.push(...failures(step).map((n) => `${step.name}: ${n}`));
  }
}
// Repeated at the very end (on stdout, with the summary) so a log's tail names what failed.
for (const n of failedNames) console.log(`FAILED ${n}`);
console.log(failedSteps ? `\n${failedSteps} test step(s) failed` : '\nall test steps passed');
if (failedSteps && total.failed === 0) total.failed = failedSteps;
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(failedSteps ? 1 : 0);
