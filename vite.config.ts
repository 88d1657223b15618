/// <reference types="vitest/config" />
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
 * The server's tests that run a second time on PostgreSQL (project `postgres`): a representative
 * subset that goes through every part of the store (routes, DQL, the auth matrix, load, restart,
 * check-then-write races, idempotency), plus the PostgreSQL-only tests (two instances, faults).
 * The rest (parsers, images, uploads' streaming, limits, the SDK conformance suite, processes
 * spawned on SQLite) is store-independent or repeats these paths, and runs once: running all of
 * it twice doubled the server's share of CI.
 */
const postgresTests = [
  'server/tests/items.test.ts',
  'server/tests/datasets.test.ts',
  'server/tests/annotations.test.ts',
  'server/tests/projects.test.ts',
  'server/tests/tasks.test.ts',
  'server/tests/review.test.ts',
  'server/tests/ontologies.test.ts',
  'server/tests/export-clone.test.ts',
  'server/tests/dql.test.ts',
  'server/tests/dql-refs-status.test.ts',
  'server/tests/access.test.ts',
  'server/tests/durability.test.ts',
  'server/tests/concurrency.test.ts',
  'server/tests/idempotency.test.ts',
  'server/store/postgres/**/*.pg.test.ts',
];
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
                exclude: ['node_modules/**', 'dist/**'],
                globalSetup: ['test/setup/postgres.global.ts'],
                setupFiles: ['test/setup/postgres.setup.ts'],
                testTimeout: 30_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
      {
        extends: true,
        test: {
          name: 'browser',
          include: browserTests,
          // The local server (and a fault proxy) for API client tests; see test/setup/server.global.ts.
          globalSetup: ['test/setup/server.global.ts'],
          exclude: ['node_modules/**', 'dist/**'],
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
