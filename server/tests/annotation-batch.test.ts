// `Store.insertAnnotationBatch`, the one store call a create request makes (on both stores): it
// writes the batch and the item's counts together, refuses through its check with nothing
// written, joins an open transaction (and goes with its rollback), and concurrent batches on
// one item all count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAnnotation } from '../routes/annotations.js';
import { nowIso } from '../ids.js';
import type { ItemDoc } from '../store/types.js';
import { startTestServer, type TestServer } from '../testing.js';
import { box, client, makeDataset, pngForm } from './helpers.js';

let srv: TestServer;
let item: ItemDoc;
beforeAll(async () => {
  srv = await startTestServer();
  const ds = await makeDataset(srv, 'batch');
  const r = await client(srv.url, srv.tokens.owner).post(`/datasets/${ds}/items`, pngForm('/a.png'));
  item = (await srv.server.store.get('items', r.json.id))!;
});
afterAll(async () => {
  await srv?.close();
});

const docs = (n: number) => {
  const now = nowIso();
  return Array.from({ length: n }, (_, i) => newAnnotation(box('cat', i), item, 'owner@x', now));
};
const stored = async () => (await srv.server.store.list('annotations', { itemId: item.id })).length;
const counted = async () => (await srv.server.store.get('items', item.id))!.annotationsCount;

describe('insertAnnotationBatch', () => {
  it('stores every document and the item count, and hands the check the dataset', async () => {
    const store = srv.server.store;
    const before = await stored();
    let seen: unknown;
    await store.insertAnnotationBatch(item, docs(5), (d) => {
      seen = d?.id;
    });
    expect(seen).toBe(item.datasetId);
    expect(await stored()).toBe(before + 5);
    expect(await counted()).toBe(before + 5);
  });

  it('writes nothing when the check throws', async () => {
    const store = srv.server.store;
    const before = await stored();
    await expect(
      store.insertAnnotationBatch(item, docs(3), () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await stored()).toBe(before);
    expect(await counted()).toBe(before);
  });

  it('joins an open transaction and is undone with it', async () => {
    const store = srv.server.store;
    const before = await stored();
    await expect(
      store.transaction(async () => {
        await store.insertAnnotationBatch(item, docs(4));
        expect(await stored()).toBe(before + 4); // visible inside
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await stored()).toBe(before);
    expect(await counted()).toBe(before);
  });

  it('concurrent batch POSTs on one item all land and all count', async () => {
    const before = await stored();
    const c = client(srv.url, srv.tokens.owner);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, k) =>
        c.post(
          `/items/${item.id}/annotations`,
          Array.from({ length: 10 }, (_, i) => box('dog', k * 10 + i)),
        ),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(await stored()).toBe(before + 60);
    expect(await counted()).toBe(before + 60);
    const item2 = await c.get(`/items/${item.id}`);
    expect(item2.json.annotationsCount).toBe(before + 60);
  });
});
