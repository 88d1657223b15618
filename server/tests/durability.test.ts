// Loopback load (every acknowledged write stored exactly once) and restart (data intact).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropTestDatabase, startTestServer } from '../testing.js';
import { box, client, makeDataset, upload } from './helpers.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) {
    rmSync(d, { recursive: true, force: true });
    await dropTestDatabase(d);
  }
});

// The same load on both stores (the `postgres` project runs this file on PostgreSQL).
const WRITES = 200;

describe('bounded loopback load', () => {
  it(`20 concurrent writers x ${WRITES} annotation writes: every acknowledged write is stored exactly once`, async () => {
    const srv = await startTestServer();
    try {
      const ds = await makeDataset(srv, 'load');
      const items = await upload(srv, ds, ['/l0.png', '/l1.png', '/l2.png', '/l3.png']);
      const WRITERS = 20;
      const acked = new Map<string, string>(); // annotation id -> writer/seq tag
      const failures: number[] = [];
      await Promise.all(
        Array.from({ length: WRITERS }, async (_, w) => {
          const c = client(srv.url, w % 2 ? srv.tokens.owner : srv.tokens.manager);
          for (let s = 0; s < WRITES; s++) {
            const tag = `w${w}-s${s}`;
            const r = await c.post(`/items/${items[(w + s) % items.length]}/annotations`, [
              { ...box('load'), metadata: { system: { attributes: {} }, user: { tag } } },
            ]);
            if (r.status === 201) acked.set(r.json[0].id, tag);
            else failures.push(r.status);
          }
        }),
      );
      expect(failures).toEqual([]);
      expect(acked.size).toBe(WRITERS * WRITES);
      // Read everything back with keyset paging; each tag must appear exactly once, under its id.
      const o = client(srv.url, srv.tokens.owner);
      const stored = new Map<string, string>();
      const tags = new Map<string, number>();
      let last: string | undefined;
      for (;;) {
        const filter: Record<string, unknown> = { label: 'load' };
        if (last) filter.id = { $gt: last };
        const page = await o.post(`/datasets/${ds}/query`, {
          resource: 'annotations',
          filter,
          sort: { id: 'ascending' },
          pageSize: 1000,
        });
        for (const a of page.json.items) {
          stored.set(a.id, a.metadata.user.tag);
          tags.set(a.metadata.user.tag, (tags.get(a.metadata.user.tag) ?? 0) + 1);
        }
        if (!page.json.hasNextPage) break;
        last = page.json.items.at(-1).id;
      }
      expect(stored.size).toBe(WRITERS * WRITES);
      expect([...tags.values()].every((n) => n === 1)).toBe(true);
      for (const [id, tag] of acked) expect(stored.get(id)).toBe(tag);
      const counts = await Promise.all(items.map(async (id) => (await o.get(`/items/${id}`)).json.annotationsCount));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(WRITERS * WRITES);
    } finally {
      await srv.close();
    }
  }, 300_000); // a hang fails here; speed is measured in bench/server.bench.ts, not asserted
});

describe('restart', () => {
  it('close, start on the same data folder: projects, items, binaries, annotations and tokens survive', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dlkit-restart-'));
    dirs.push(dataDir);
    const first = await startTestServer({ dataDir });
    const ds = await makeDataset(first, 'persist');
    const [itemId] = await upload(first, ds, ['/keep.png']);
    const o1 = client(first.url, first.tokens.owner);
    const ann = await o1.post(`/items/${itemId}/annotations`, [box('kept')]);
    const bytes1 = new Uint8Array(
      await (
        await fetch(`${first.url}/items/${itemId}/stream`, {
          headers: { authorization: `Bearer ${first.tokens.owner}` },
        })
      ).arrayBuffer(),
    );
    const oldToken = first.tokens.owner;
    await first.close();

    const second = await startTestServer({ dataDir });
    try {
      const o2 = client(second.url, oldToken); // the secret lives in the data folder, so old tokens still work
      expect((await o2.get(`/datasets/${ds}`)).json.itemsCount).toBe(1); // /keep.png, no folder
      expect((await o2.get(`/items/${itemId}`)).json.annotationsCount).toBe(1);
      expect((await o2.get(`/annotations/${ann.json[0].id}`)).json.label).toBe('kept');
      const bytes2 = new Uint8Array(
        await (
          await fetch(`${second.url}/items/${itemId}/stream`, { headers: { authorization: `Bearer ${oldToken}` } })
        ).arrayBuffer(),
      );
      expect(bytes2).toEqual(bytes1);
      expect(second.projectId).toBe(first.projectId);
    } finally {
      await second.close();
    }
  });
});
