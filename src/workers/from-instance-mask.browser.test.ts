// Chromium: AnnotationCollection.fromInstanceMask on a page goes through the geometry worker (spec §3.4).
import { describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 120_000 }); // worker start-up (OpenCV, 10 MB) is slow on a loaded machine
import '../geometry/index.js';
import './index.js';
import { getGeometryBackend } from '../entities/geometry-backend.js';
import { getGeometryPool } from './index.js';
import { runInstanceMaskCases } from '../geometry/test-utils/instance-mask-cases.js';

describe('AnnotationCollection.fromInstanceMask (Chromium, worker backend)', () => {
  it('same results as in Node, computed in the worker', async () => {
    await runInstanceMaskCases();
    expect(getGeometryPool().spawned).toBeGreaterThan(0);
  });
});

describe('worker backend: large masks are copied in slices, or transferred on request', () => {
  // 3000x1000 = 3 MB, more than one 2 MB copy slice; a filled rectangle x 10..19, y 5..8
  const big = () => {
    const data = new Uint8Array(3000 * 1000);
    for (let y = 5; y <= 8; y++) data.fill(1, y * 3000 + 10, y * 3000 + 20);
    return { width: 3000, height: 1000, data };
  };
  it('default: the caller keeps its buffer and the copy is complete', async () => {
    const b = getGeometryBackend();
    const m = big();
    // a 10x2 block in the last 2 MB slice (rows 998..999 start past byte 2,097,152): the copy must reach it
    for (const y of [998, 999]) m.data.fill(1, y * 3000 + 2990, y * 3000 + 3000);
    const boxes = (await b.boxesFromSegmentation(m)).map((x) => [x.left, x.top, x.right, x.bottom]);
    expect(boxes.sort((p, q) => p[0]! - q[0]!)).toEqual([
      [10, 5, 19, 8],
      [2990, 998, 2999, 999],
    ]);
    expect(m.data.byteLength).toBe(3_000_000);
    expect(m.data[2_999_999]).toBe(1);
  });
  it('transferMask: the buffer is handed over (detached), same result', async () => {
    const m = big();
    expect(
      (await getGeometryBackend().boxesFromSegmentation(m, { transferMask: true })).map((x) => [
        x.left,
        x.top,
        x.right,
        x.bottom,
      ]),
    ).toEqual([[10, 5, 19, 8]]);
    expect(m.data.byteLength).toBe(0);
  });
});
