// Cache behaviour in Node: fake-indexeddb stands in for IndexedDB (the same suite runs in
// Chromium with the real one: cache.browser.test.ts).
import 'fake-indexeddb/auto';
import { afterAll, beforeAll } from 'vitest';
import { httpControl, startHarness, type Harness } from '../../test/api/harness.js';
import { cacheSuite } from '../../test/api/suites/cache-suite.js';
import type { ApiEnv } from '../../test/api/suites/env.js';

let h: Harness;
let env: ApiEnv;
beforeAll(async () => {
  h = await startHarness();
  env = { proxyUrl: h.proxyUrl, url: h.url, token: h.token, control: httpControl(`http://127.0.0.1:${h.proxy.port}`) };
});
afterAll(async () => h?.close());

cacheSuite(() => env);
