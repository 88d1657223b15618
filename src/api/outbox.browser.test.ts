// The outbox in Chromium with real IndexedDB: the shared suite, plus edits queued while the
// server is stopped, a real page reload, the server started again, and every edit landing once.
import { describe, expect, it } from 'vitest';
import { outboxSuite, outboxClient, serverAnnotations } from '../../test/api/suites/outbox-suite.js';
import { IDEMPOTENCY_HEADER } from './outbox.js';
import { browserEnv } from '../../test/api/suites/browser-env.js';
import { annotationToJson } from './repositories/annotations.js';

outboxSuite(browserEnv);

function nextMessage(): Promise<any> {
  return new Promise((resolve) => {
    const on = (e: MessageEvent) => {
      if (!e.data?.dlOutboxPage) return;
      window.removeEventListener('message', on);
      resolve(e.data.dlOutboxPage);
    };
    window.addEventListener('message', on);
  });
}

describe('outbox across a real page reload in Chromium', () => {
  it('queues while the server is down, survives the reload, lands every edit exactly once', async () => {
    const env = browserEnv();
    const ds = await env.control.dataset(`outbox-reload-${Date.now()}`);
    const [itemId] = await env.control.seed(ds, 1);
    const db = `dl-kit-reload-${Date.now()}`;
    const setup = await outboxClient(env, `${db}-setup`);
    const [a0] = await setup
      .dataset(ds)
      .annotations.create([{ type: 'class', label: 'a', metadata: { system: {} } }], { itemId });
    setup.close();

    const frame = document.createElement('iframe');
    const params = { proxyUrl: env.proxyUrl, token: env.token, db, ds, itemId, a0: annotationToJson(a0) };
    await env.control.stopServer();
    let first: any;
    try {
      const msg = nextMessage();
      frame.src = `/test/api/outbox-page.html#${encodeURIComponent(JSON.stringify(params))}`;
      document.body.append(frame);
      first = await msg;
    } finally {
      await env.control.startServer();
    }
    expect(first.error).toBeUndefined();
    expect(first).toMatchObject({ step: 'queued', pending: 5, flush: { offline: true, applied: 0 } });

    const msg2 = nextMessage();
    frame.contentWindow!.location.reload();
    const second = await msg2;
    expect(second.error).toBeUndefined();
    expect(second.pendingBefore).toEqual(['create', 'create', 'update', 'update', 'delete']);
    expect(second).toMatchObject({
      step: 'flushed',
      pending: 0,
      flush: { applied: 5, conflicts: 0, failed: 0, offline: false },
    });
    frame.remove();

    const onServer = await serverAnnotations(env, ds, itemId!);
    expect(onServer.map((a) => a.label).sort()).toEqual(['a2', 'b2']);
  });
});

describe('outbox in two tabs', () => {
  it('two clients on one database flushing at once send each op once (Web Locks)', async () => {
    const env = browserEnv();
    const ds = await env.control.dataset(`outbox-tabs-${Date.now()}`);
    const [itemId] = await env.control.seed(ds, 1);
    const db = `dl-kit-tabs-${Date.now()}`;
    const tab1 = await outboxClient(env, db);
    const tab2 = await outboxClient(env, db);
    for (let i = 0; i < 10; i++)
      await tab1.outbox.create(itemId!, ds, { type: 'class', label: `t${i}`, metadata: { system: {} } });
    const [r1, r2] = await Promise.all([tab1.outbox.flush(), tab2.outbox.flush()]);
    expect(r1.applied + r2.applied).toBe(10);
    const labels = (await serverAnnotations(env, ds, itemId!)).map((a) => a.label).sort();
    expect(labels).toEqual(Array.from({ length: 10 }, (_, i) => `t${i}`).sort());
    tab1.close();
    tab2.close();
  });
});

describe('outbox idempotency header in Chromium', () => {
  it("sends x-idempotency-key by default and the server's CORS lets it through", async () => {
    const env = browserEnv();
    const ds = await env.control.dataset(`outbox-idem-${Date.now()}`);
    const [itemId] = await env.control.seed(ds, 1);
    const sent: { method: string; url: string; key: string | null }[] = [];
    const recording: typeof fetch = async (input, init) => {
      const req = input instanceof Request ? input : new Request(input, init);
      sent.push({ method: req.method, url: req.url, key: req.headers.get(IDEMPOTENCY_HEADER) });
      return fetch(req);
    };
    const c = await outboxClient(env, `dl-kit-idem-${Date.now()}`, { fetch: recording });
    const { op } = await c.outbox.create(itemId!, ds, { type: 'class', label: 'idem', metadata: { system: {} } });
    const r = await c.outbox.flush();
    expect(r).toMatchObject({ applied: 1, offline: false });
    const posts = sent.filter((s) => s.method === 'POST' && s.url.includes(`/items/${itemId}/annotations`));
    expect(posts.map((p) => p.key)).toEqual([op.key]);
    expect((await serverAnnotations(env, ds, itemId!)).map((a) => a.label)).toEqual(['idem']);
    c.close();
  });
});
