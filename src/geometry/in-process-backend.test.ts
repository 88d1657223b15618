// Node: importing the geometry layer registers the in-process backend; entity-level calls go through it.
import { describe, expect, it } from 'vitest';
import { getGeometryBackend } from '../entities/geometry-backend.js';
import './index.js';
import { DlGeometryError } from './errors.js';
import { codecFixture, decodeRle, segmentationCases, toPairs } from '../../test/fixtures/geometry/fixtures.js';

describe('in-process backend (Node)', () => {
  it('is registered on import and matches native OpenCV through the seam', async () => {
    const b = getGeometryBackend();
    for (const c of segmentationCases) {
      const mask = decodeRle(c.mask);
      const run = c.runs[1]!;
      expect((await b.polygonsFromSegmentation(mask, run.options)).map((p) => toPairs(p[0]!)), c.name).toEqual(run.polygons);
      expect((await b.boxesFromSegmentation(mask)).map((x) => [x.left, x.top, x.right, x.bottom]), c.name).toEqual(c.boxes);
    }
    const { mask, color } = await b.decodeSegmentation(codecFixture.binary01.dataUrl);
    expect(color).toEqual([7, 8, 9, 255]);
    expect((await b.decodeSegmentation(await b.encodeSegmentation(mask, [7, 8, 9]))).mask.data).toEqual(mask.data);
  });
  it('honours an aborted signal and reports bad input as DlGeometryError', async () => {
    const b = getGeometryBackend();
    const ctl = new AbortController();
    ctl.abort();
    await expect(b.polygonsFromSegmentation({ width: 1, height: 1, data: new Uint8Array(1) }, { signal: ctl.signal })).rejects.toThrow();
    await expect(b.polygonsFromSegmentation({ width: 2, height: 2, data: new Uint8Array(3) })).rejects.toBeInstanceOf(DlGeometryError);
    await expect(b.maskFromPolygon([{ x: NaN, y: 0 }], 3, 3)).rejects.toBeInstanceOf(DlGeometryError);
    await expect(b.decodeSegmentation('data:image/png;base64,AAAA')).rejects.toBeInstanceOf(DlGeometryError);
  });
  it('OpenCV does not leave process-wide handlers behind', async () => {
    await getGeometryBackend().maskFromPolygon([{ x: 0, y: 0 }, { x: 2, y: 2 }, { x: 0, y: 2 }], 3, 3);
    const src = process.listeners('unhandledRejection').map((l) => String(l));
    expect(src.some((s) => s.includes('abort'))).toBe(false);
  });
});
