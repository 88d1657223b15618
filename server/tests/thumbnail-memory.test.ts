// Thumbnails cannot be used to exhaust the server: under 1 MB of PNG that declares 12000 x
// 12000 pixels (144 Mpx; the old decoder inflated it at +350 MB per request) gets the placeholder
// from its header alone, and a large image under the limit is thumbnailed by libvips without
// holding its pixels. Measured as the peak resident memory of a server process of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeflate } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawPng } from '../../src/entities/annotations/test-utils/raw-png.js';
import { client, NO_KEEP_ALIVE } from './helpers.js';
import { canMeasureMemory, type ServerProcess, spawnServer } from './server-process.js';

const MiB = 1024 * 1024;

/** An RGB PNG of `side` x `side` black pixels: its image data streamed through deflate (tiny). */
async function blackPng(side: number): Promise<Uint8Array> {
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (d: Buffer) => parts.push(d));
  const done = new Promise((r) => deflate.on('end', r));
  const row = Buffer.alloc(1 + side * 3);
  const rowsPerChunk = Math.max(1, Math.floor(MiB / row.length));
  const chunk = Buffer.alloc(row.length * rowsPerChunk);
  for (let y = 0; y < side; y += rowsPerChunk) {
    const n = Math.min(rowsPerChunk, side - y);
    if (!deflate.write(chunk.subarray(0, n * row.length))) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return rawPng({ width: side, height: side, colorType: 2, idat: new Uint8Array(Buffer.concat(parts)) });
}

let dir: string;
let proc: ServerProcess | undefined;
beforeAll(async () => {
  if (!canMeasureMemory) return;
  dir = mkdtempSync(join(tmpdir(), 'dlkit-thumbmem-'));
  proc = await spawnServer(dir);
}, 60_000);
afterAll(async () => {
  await proc?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

if (!canMeasureMemory) console.log('[thumbnail-memory] skipped: no /proc to read the server process memory from');

describe.skipIf(!canMeasureMemory)("thumbnails and the server process's memory", () => {
  async function thumbnailOf(bytes: Uint8Array, name: string) {
    const p = proc!;
    const fd = new FormData();
    fd.append('path', `/big/${name}`);
    fd.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' }), name);
    const item = (await client(p.url, p.token, NO_KEEP_ALIVE).post(`/datasets/${p.datasetId}/items`, fd)).json;
    const base = p.rss();
    expect(p.resetPeak()).toBe(true);
    const res = await fetch(`${p.url}/items/${item.id}/thumbnail`, {
      headers: { authorization: `Bearer ${p.token}`, ...NO_KEEP_ALIVE },
    });
    const body = new Uint8Array(await res.arrayBuffer());
    return { item, kind: res.headers.get('x-dl-thumbnail'), body, grewMiB: (p.peakRss() - base) / MiB };
  }

  it('a 12000 x 12000 PNG of under 1 MB gets the placeholder; the server does not grow', async () => {
    const png = await blackPng(12000);
    expect(png.length).toBeLessThan(1 * MiB);
    // Warm up the thumbnail path (libvips loads on first use) with a small image.
    expect((await thumbnailOf(await blackPng(64), 'warm.png')).kind).toBe('png');
    const t = await thumbnailOf(png, 'huge.png');
    expect([t.item.metadata.system.width, t.item.metadata.system.height]).toEqual([12000, 12000]);
    expect([t.kind, t.body.length < 200]).toEqual(['placeholder', true]);
    expect(t.grewMiB).toBeLessThan(16);
  }, 120_000);

  it('a 7000 x 7000 PNG (under the limit) gets a real thumbnail without holding its 147 MB of pixels', async () => {
    const t = await thumbnailOf(await blackPng(7000), 'large.png');
    expect(t.kind).toBe('png');
    // libvips streams the rows (~35 MiB measured); decoding to memory first would be +147 MiB.
    expect(t.grewMiB).toBeLessThan(64);
  }, 120_000);
});
