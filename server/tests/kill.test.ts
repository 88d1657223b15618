// "kill -9, start, data intact": the server runs as a process of its own (node --import tsx, no
// launcher in between), takes acknowledged writes, is killed with SIGKILL in the middle of a burst
// of writes (no shutdown code runs, the WAL is not checkpointed), and is checked to be gone. A new
// server on the same folder recovers the database from its WAL: every acknowledged write is there,
// the database passes SQLite's integrity check, and refs and counts agree with the documents.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { box, client, NO_KEEP_ALIVE, pngForm } from './helpers.js';
import { processAlive, type ServerProcess, spawnServer, waitGone } from './server-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'dlkit-kill-'));
const started: ServerProcess[] = [];
afterAll(async () => {
  for (const s of started) await s.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('kill -9 and restart', () => {
  it('the killed server is gone; a new one recovers every acknowledged write from the WAL', async () => {
    const first = await spawnServer(dataDir);
    started.push(first);
    const c = client(first.url, first.token, NO_KEEP_ALIVE);
    const item = (await c.post(`/datasets/${first.datasetId}/items`, pngForm('/k.png'))).json;
    const acked: string[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await c.post(`/items/${item.id}/annotations`, [box(`k${i}`)]);
      if (r.status === 201) acked.push(r.json[0].id);
    }
    expect(acked).toHaveLength(30);
    // A burst in flight when the process dies: these may or may not land, but must not corrupt anything.
    const burst = Array.from({ length: 40 }, (_, i) =>
      c.post(`/items/${item.id}/annotations`, [box(`burst${i}`)]).catch(() => ({ status: 0, json: undefined })),
    );
    await new Promise((r) => setTimeout(r, 15));
    first.child.kill('SIGKILL');
    expect(await waitGone(first.pid)).toBe(true);
    expect(processAlive(first.pid)).toBe(false);
    const landed = (await Promise.all(burst)).flatMap((r) => (r.status === 201 ? [r.json[0].id as string] : []));
    // Killed before a checkpoint: the writes live in the WAL, which the next open must replay.
    const wal = join(dataDir, 'dl-kit.sqlite-wal');
    expect(existsSync(wal) && statSync(wal).size > 0).toBe(true);

    const second = await spawnServer(dataDir);
    started.push(second);
    const c2 = client(second.url, first.token, NO_KEEP_ALIVE);
    const q = await c2.post(`/datasets/${first.datasetId}/query`, {
      resource: 'annotations',
      filter: {},
      pageSize: 1000,
    });
    const ids = new Set(q.json.items.map((a: { id: string }) => a.id));
    for (const id of [...acked, ...landed]) expect(ids.has(id), `acknowledged annotation ${id}`).toBe(true);
    expect(q.json.totalItemsCount).toBeGreaterThanOrEqual(acked.length + landed.length);
    expect((await c2.get(`/items/${item.id}`)).json.annotationsCount).toBe(q.json.totalItemsCount);
    const bytes = await fetch(`${second.url}/items/${item.id}/stream`, {
      headers: { authorization: `Bearer ${first.token}`, ...NO_KEEP_ALIVE },
    });
    expect(bytes.status).toBe(200);
    await second.stop();
    expect(second.alive()).toBe(false);
    const db = new Database(join(dataDir, 'dl-kit.sqlite'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  }, 120_000);
});
