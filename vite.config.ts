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
 * The server's tests that run a second time on PostgreSQL (project `postgres`): every test that
 * goes through a store. Parsers, image code and the package build do not, and run once.
 */
const storeTests = ['server/tests/**/*.test.ts'];
const storeFreeTests = [
  'server/tests/package-build.test.ts',
  'server/tests/images.test.ts',
  'server/tests/multipart.test.ts',
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
                include: [...storeTests, 'server/store/postgres/**/*.pg.test.ts'],
                exclude: [...storeFreeTests, 'node_modules/**', 'dist/**'],
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
