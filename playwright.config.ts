import { defineConfig } from '@playwright/test';
import { chromiumPath, chromiumArgs } from './scripts/chromium.mjs';

/**
 * Loopback port of the demo stack the e2e tests start. Fixed for a run: chosen once by the main
 * process (workers inherit it through the environment) so two runs on one machine do not collide.
 */
process.env.DLKIT_E2E_PORT ??= String(4789 + (process.pid % 400));
export const E2E_PORT = Number(process.env.DLKIT_E2E_PORT);

/**
 * End-to-end tests: Playwright drives the system Chromium (never a downloaded one) against the
 * demo stack (`scripts/demo.mjs`: builds the app, then serves it and the local server on one
 * origin over a fresh temporary data folder with the sample seed).
 */
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
  },
  webServer: {
    command: `node scripts/demo.mjs --temp --port ${E2E_PORT} --large 20000`,
    url: `http://127.0.0.1:${E2E_PORT}/demo/users`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
