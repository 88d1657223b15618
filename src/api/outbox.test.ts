// Outbox in Node with fake-indexeddb (Chromium: outbox.browser.test.ts, with a real page reload).
import 'fake-indexeddb/auto';
import { afterAll, beforeAll } from 'vitest';
import { httpControl, startHarness, type Harness } from '../../test/api/harness.js';
import { outboxSuite } from '../../test/api/suites/outbox-suite.js';
import type { ApiEnv } from '../../test/api/suites/env.js';

let h: Harness;
let env: ApiEnv;
beforeAll(async () => {
  h = await startHarness();
  env = { proxyUrl: h.proxyUrl, url: h.url, token: h.token, control: httpControl(`http://127.0.0.1:${h.proxy.port}`) };
});
afterAll(async () => h?.close());

outboxSuite(() => env);
