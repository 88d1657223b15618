/// <reference types="vitest/config" />
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { playwright } from '@vitest/browser-playwright';
import { chromiumPath, chromiumArgs } from './scripts/chromium.mjs';
import { realInput } from './test/setup/real-input-command.js';
import { findPostgres } from './scripts/postgres.mjs';

/**
 * One config for the dev server, the library build and both Vitest projects.
 * Naming rule for tests: `*.test.ts` runs in Node, except under `src/components/`
 * and files named `*.browser.test.ts`, which run in real Chromium.
 */
const browserTests = ['src/components/**/*.test.ts', '**/*.browser.test.ts'];

/**
 * The server's tests run a second time on PostgreSQL (project `postgres`, one throwaway cluster per
 * run, a database per test server): every server test that goes through the store, plus the
 * PostgreSQL-only tests (`*.pg.test.ts`: the store itself, two instances, faults). A new server
 * test runs on both unless it is listed here, with the reason it is SQLite-only:
 */
const sqliteOnlyServerTests: Record<string, string> = {
  'server/tests/kill.test.ts': "SQLite's own crash recovery: WAL replay and integrity_check after kill -9",
  'server/tests/thumbnail-memory.test.ts': 'peak memory of thumbnailing in a server process; no store work measured',
  'server/tests/images.test.ts': 'image headers and thumbnails as functions; no server, no store',
  'server/tests/multipart.test.ts': 'the multipart parser on its own; no server, no store',
  'server/tests/package-build.test.ts': 'the compiled package starts and refuses an anonymous call; no store work',
  'server/store/sqlite/dql-sql.test.ts': "the SQLite DQL compiler's SQL text (dql-pg.test.ts is PostgreSQL's)",
  'server/store/postgres/dql-pg.test.ts': "the PostgreSQL DQL compiler's SQL text; needs no cluster, runs in `node`",
};
const postgresTests = ['server/**/*.test.ts'];
const postgresExclude = Object.keys(sqliteOnlyServerTests);
/**
 * Node test files at a time: every core. Vitest's default (cores - 1) ran them one by one on CI's 2 cores,
 * where most of a server test's time is a waiting client or a child process (node project 140 -> 95 s).
 */
const nodeWorkers = Math.max(2, availableParallelism());
/** Only where a throwaway cluster can run (`npm test` prints why not, once). */
const postgres = !findPostgres().reason;

export default defineConfig({
  worker: { format: 'es' },
  optimizeDeps: {
    include: [
      '@techstark/opencv-js',
      'lit',
      'lit/decorators.js',
      'lit/directives/style-map.js',
      'lit/directives/class-map.js',
      'lit/directives/live.js',
      'lit/directives/repeat.js',
      'comlink',
      'idb',
      'ky',
      'mediabunny',
    ],
  },
  server: { fs: { strict: false } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['src/**/*.test.ts', 'server/**/*.test.ts', 'test/**/*.test.ts'],
          // Tests that need a PostgreSQL cluster (`*.pg.test.ts`) run in the `postgres` project only.
          exclude: [...browserTests, '**/*.pg.test.ts', 'node_modules/**', 'dist/**'],
          maxWorkers: nodeWorkers,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      ...(postgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                environment: 'node',
                include: postgresTests,
                exclude: [...postgresExclude, 'node_modules/**', 'dist/**'],
                globalSetup: ['test/setup/postgres.global.ts'],
                setupFiles: ['test/setup/postgres.setup.ts'],
                maxWorkers: nodeWorkers,
                testTimeout: 30_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
      {
        extends: true,
        // The demo's modules import the package by name (`dl-kit`, `dl-kit/components`), as the demo's
        // own vite config resolves them: to the source here too, never to a `dist/` that a clean clone
        // has not built (CI: 'Failed to fetch dynamically imported module' for every such test file).
        resolve: {
          alias: [
            {
              find: /^dl-kit\/components$/,
              replacement: fileURLToPath(new URL('./src/components/index.ts', import.meta.url)),
            },
            { find: /^dl-kit$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
          ],
        },
        test: {
          name: 'browser',
          include: browserTests,
          // The local server (and a fault proxy) for API client tests; see test/setup/server.global.ts.
          globalSetup: ['test/setup/server.global.ts'],
          // .tmp holds the benches' baseline checkouts (their own tests are not this tree's)
          exclude: ['node_modules/**', 'dist/**', '.tmp/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
              // Tall enough for Vitest's 414x896 test iframe, so it is not CSS-scaled: real mouse input
              // (see `commands`) then lands on whole client pixels as on a user's page.
              contextOptions: { viewport: { width: 1280, height: 960 } },
            }),
            instances: [{ browser: 'chromium' }],
            // Real (trusted) mouse input for component tests: see src/components/internal/test-utils.ts.
            commands: { realInput },
          },
        },
      },
    ],
  },
});
