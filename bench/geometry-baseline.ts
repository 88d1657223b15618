// `GEOMETRY_BENCH_BASELINE=<git ref> npm run bench -- geometry`: the worker round trip of this tree and of
// that ref (e.g. 38d96e5, the state before a refactor) in one run, interleaved call by call. On a shared,
// loaded machine two runs one after the other differ by more than a regression worth finding; calls that
// alternate (A B B A A B …) between two warm pages see the same load, so their ratio is the evidence.
import { execSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..');
/** Under the repository (not /tmp) so bare imports resolve to its node_modules; `.tmp/` is ignored by git. */
const BASE = join(ROOT, '.tmp/geometry-baseline');
/** The page files that run against either tree: they use only the public worker API. */
const PAGE_FILES = ['geometry-page.ts', 'geometry-page.html', 'geometry-masks.ts'];

/**
 * Extracts `ref`'s `src/` and `tsconfig.json` beside this tree's bench page, so the same page runs against
 * the ref's workers. Returns the page path relative to the repository root (served by the same Vite server).
 */
export function prepareBaseline(ref: string): string {
  rmSync(BASE, { recursive: true, force: true });
  mkdirSync(join(BASE, 'bench'), { recursive: true });
  execSync(`git archive ${JSON.stringify(ref)} src tsconfig.json | tar -x -C ${JSON.stringify(BASE)}`, { cwd: ROOT });
  for (const f of PAGE_FILES) copyFileSync(join(ROOT, 'bench', f), join(BASE, 'bench', f));
  return '.tmp/geometry-baseline/bench/geometry-page.html';
}

/** One tree's interleaved calls at one size. */
export interface AbSide {
  /** polygonsFromSegmentation round trips. */
  ms: number[];
  /** boxesFromSegmentation round trips (same iterations). */
  boxesMs: number[];
  polygons: number;
  checksum: number;
}

/** Both trees at one size, and the ratio of each adjacent pair of calls (this tree / baseline). */
export interface AbSize {
  n: number;
  current: AbSide;
  baseline: AbSide;
  pairRatios: number[];
}

async function openDriven(browser: Browser, url: string, label: string): Promise<Page> {
  const p = await browser.newPage();
  p.on('pageerror', (e) => console.log(`${label} page error:`, e.message));
  await p.goto(url);
  await p.waitForFunction(
    () => (window as { __drive?: unknown; __bench?: unknown }).__drive ?? (window as { __bench?: unknown }).__bench,
    null,
    { timeout: 300_000, polling: 200 },
  );
  const err = await p.evaluate(() => (window as { __bench?: { error?: string } }).__bench?.error);
  if (err) throw new Error(`${label} page failed: ${err}`);
  return p;
}

const callOnce = (p: Page, n: number) =>
  p.evaluate(
    (n) =>
      (
        window as unknown as {
          __drive: {
            polygons(n: number): Promise<{ ms: number; boxesMs: number; polygons: number; checksum: number }>;
          };
        }
      ).__drive.polygons(n),
    n,
  );

/**
 * Opens this tree's page and the baseline's, each with one warm worker, and times `rounds` round trips
 * per size on each, alternating which page goes first in each round (A B, B A, …) so drift in the
 * machine's load falls on both alike. `warmup` calls per page and size are discarded.
 */
export async function runInterleaved(
  browser: Browser,
  serverUrl: string,
  baselinePage: string,
  sizes: readonly number[],
  rounds: number,
  warmup = 2,
): Promise<AbSize[]> {
  const q = `?drive=1&sizes=${sizes.join(',')}`;
  const cur = await openDriven(browser, `${serverUrl}bench/geometry-page.html${q}`, 'current');
  const base = await openDriven(browser, `${serverUrl}${baselinePage}${q}`, 'baseline');
  try {
    const out: AbSize[] = [];
    for (const n of sizes) {
      for (let i = 0; i < warmup; i++) {
        await callOnce(cur, n);
        await callOnce(base, n);
      }
      const r: AbSize = {
        n,
        current: { ms: [], boxesMs: [], polygons: 0, checksum: 0 },
        baseline: { ms: [], boxesMs: [], polygons: 0, checksum: 0 },
        pairRatios: [],
      };
      for (let i = 0; i < rounds; i++) {
        const order: Array<['current' | 'baseline', Page]> =
          i % 2 === 0
            ? [
                ['current', cur],
                ['baseline', base],
              ]
            : [
                ['baseline', base],
                ['current', cur],
              ];
        for (const [side, page] of order) {
          const c = await callOnce(page, n);
          r[side].ms.push(c.ms);
          r[side].boxesMs.push(c.boxesMs);
          r[side].polygons = c.polygons;
          r[side].checksum = c.checksum;
        }
        r.pairRatios.push(r.current.ms[i]! / r.baseline.ms[i]!);
      }
      out.push(r);
    }
    return out;
  } finally {
    await cur.evaluate(() => (window as { __drive?: { dispose(): void } }).__drive?.dispose()).catch(() => undefined);
    await base.evaluate(() => (window as { __drive?: { dispose(): void } }).__drive?.dispose()).catch(() => undefined);
    await cur.close();
    await base.close();
  }
}

/** Removes the extracted baseline tree. */
export function cleanBaseline(): void {
  rmSync(BASE, { recursive: true, force: true });
}
