// A page for the outbox reload test (src/api/outbox.browser.test.ts), loaded in an iframe.
// First load (server down): queue edits, try to flush (offline). The parent restarts the server
// and reloads this page. Second load: a fresh client on the same IndexedDB flushes the queue.
// Results go to the parent with postMessage.
import { createClient } from '../../src/api/client.js';
import { PageCache } from '../../src/api/cache/page-cache.js';

interface Params {
  proxyUrl: string;
  token: string;
  db: string;
  ds: string;
  itemId: string;
  a0: any;
}

async function main(): Promise<unknown> {
  const p = JSON.parse(decodeURIComponent(location.hash.slice(1))) as Params;
  const stepKey = `outbox-step:${p.db}`;
  const cache = await PageCache.open({ dbName: p.db });
  const client = createClient({
    baseUrl: p.proxyUrl,
    token: p.token,
    cache,
    retry: 0,
    timeout: 5000,
    outbox: { autoFlush: false },
  });
  if (!sessionStorage.getItem(stepKey)) {
    sessionStorage.setItem(stepKey, 'queued');
    const cls = (label: string) => ({ type: 'class', label, metadata: { system: {} } });
    const b = await client.outbox.create(p.itemId, p.ds, cls('b'));
    const c = await client.outbox.create(p.itemId, p.ds, cls('c'));
    await client.outbox.update({ ...p.a0, label: 'a2' }, p.a0);
    await client.outbox.update({ ...b.annotation, label: 'b2' }, b.annotation, { itemId: p.itemId, datasetId: p.ds });
    await client.outbox.delete({ clientId: c.clientId, itemId: p.itemId, datasetId: p.ds });
    const r = await client.outbox.flush();
    return { step: 'queued', flush: r, pending: (await client.outbox.pending()).length };
  }
  const pendingBefore = (await client.outbox.pending()).map((o) => o.op);
  const r = await client.outbox.flush();
  return { step: 'flushed', pendingBefore, flush: r, pending: (await client.outbox.pending()).length };
}

main().then(
  (result) => parent.postMessage({ dlOutboxPage: result }, '*'),
  (e) => parent.postMessage({ dlOutboxPage: { error: String(e?.stack ?? e) } }, '*'),
);
