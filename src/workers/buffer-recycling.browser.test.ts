// Chromium: the worker gives each mask buffer back and the worker backend copies the next mask into it.
// A reused buffer holds the previous mask's pixels, so these tests send different masks of the same
// (or a slightly smaller) size and compare with results worked out by hand.
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 120_000 });
import '../geometry/index.js';
import { GeometryWorkerPool, createGeometryWorker, createWorkerBackend } from './index.js';

const pools: GeometryWorkerPool[] = [];
afterAll(() => pools.forEach((p) => p.dispose()));

/** A width x height mask with the inclusive rectangle [l..r] x [t..b] set to `v`. */
function rectMask(width: number, height: number, l: number, t: number, r: number, b: number, v = 1) {
  const data = new Uint8Array(width * height);
  for (let y = t; y <= b; y++) data.fill(v, y * width + l, y * width + r + 1);
  return { width, height, data };
}

describe('mask buffer recycling (worker backend)', () => {
  it('the worker gives the copied buffer back; a later copy of a same-size mask takes it', async () => {
    const pool = new GeometryWorkerPool({ createWorker: createGeometryWorker, size: 1 });
    pools.push(pool);
    const backend = createWorkerBackend(() => pool);
    const m = rectMask(64, 64, 0, 0, 63, 63);
    expect(pool.takeBuffer(64 * 64)).toBeNull();
    await backend.boxesFromSegmentation(m);
    expect(m.data.byteLength).toBe(64 * 64); // the caller's buffer stays attached
    const back = pool.takeBuffer(64 * 64);
    expect(back).toBeInstanceOf(ArrayBuffer);
    expect(back!.byteLength).toBe(64 * 64);
    expect(Array.from(new Uint8Array(back!)).every((v) => v === 1)).toBe(true); // the copy of m, back from the worker
    expect(pool.takeBuffer(64 * 64)).toBeNull(); // handed out once
  });

  it('results stay exact when masks reuse the buffers of earlier, different masks', async () => {
    const pool = new GeometryWorkerPool({ createWorker: createGeometryWorker, size: 1 });
    pools.push(pool);
    const backend = createWorkerBackend(() => pool);
    const box = (x: { left: number; top: number; right: number; bottom: number }) => [x.left, x.top, x.right, x.bottom];
    // full mask first: every byte of the buffer the next copies reuse is 1
    expect((await backend.boxesFromSegmentation(rectMask(64, 64, 0, 0, 63, 63))).map(box)).toEqual([[0, 0, 63, 63]]);
    expect((await backend.boxesFromSegmentation(rectMask(64, 64, 10, 5, 19, 12))).map(box)).toEqual([[10, 5, 19, 12]]);
    // 64x40 = 2560 bytes goes into a recycled 4096-byte buffer (view of the first 2560 bytes)
    expect((await backend.boxesFromSegmentation(rectMask(64, 40, 3, 30, 8, 35, 255))).map(box)).toEqual([
      [3, 30, 8, 35],
    ]);
    const polys = await backend.polygonsFromSegmentation(rectMask(64, 64, 20, 21, 30, 40), { maxInstances: null });
    expect(polys).toHaveLength(1);
    expect(polys[0]![0]!.map((p) => `${p.x},${p.y}`).sort()).toEqual(['20,21', '30,21', '30,40', '20,40'].sort());
    // encode/decode round trip through a recycled buffer: exactly the pixels sent
    const m = rectMask(64, 64, 1, 2, 3, 4);
    const { mask } = await backend.decodeSegmentation(await backend.encodeSegmentation(m, [9, 8, 7]));
    expect(Array.from(mask.data)).toEqual(Array.from(m.data));
    // an all-zero mask after non-zero ones: nothing left over from the reused buffer
    expect(await backend.polygonsFromSegmentation(rectMask(64, 64, 0, 0, -1, -1), { maxInstances: null })).toEqual([]);
  });

  it("transferMask: true gives the caller's own buffer to the worker, which then recycles it", async () => {
    const pool = new GeometryWorkerPool({ createWorker: createGeometryWorker, size: 1 });
    pools.push(pool);
    const backend = createWorkerBackend(() => pool);
    const m = rectMask(32, 32, 4, 4, 9, 9);
    const polys = await backend.polygonsFromSegmentation(m, { transferMask: true });
    expect(polys).toHaveLength(1);
    expect(m.data.byteLength).toBe(0); // given up, as asked
    expect(pool.takeBuffer(32 * 32)?.byteLength).toBe(32 * 32);
  });
});
