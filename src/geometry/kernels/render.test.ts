// Node: rendering to MASK / INSTANCE / OBJECT_ID against native OpenCV drawing (scripts/gen-geometry-fixtures.py).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOpenCv, type OpenCv } from '../opencv/load-opencv.js';
import { renderAnnotations } from './render.js';
import { DlGeometryError } from '../errors.js';
import { decodeRle, renderFixture } from '../../../test/fixtures/geometry/fixtures.js';

let cv: OpenCv;
beforeAll(async () => {
  ({ cv } = await loadOpenCv());
});

describe('renderAnnotations vs native cv2 drawing', () => {
  const { width, height, annotations } = renderFixture;
  renderFixture.renders.forEach((c, i) => {
    it(`#${i} ${c.kind} thickness=${c.thickness} alpha=${c.alpha}`, () => {
      const anns = c.skipCube ? annotations.filter((a) => a.type !== 'cube') : annotations;
      const out = renderAnnotations(cv, anns, {
        kind: c.kind,
        width,
        height,
        colorMap: c.colorMap,
        instanceMap: c.instanceMap,
        thickness: c.thickness,
        alpha: c.alpha,
      });
      const want = decodeRle(c.canvas).data;
      expect(out.data.length).toBe(want.length);
      let diff = 0;
      for (let k = 0; k < want.length; k++) if (out.data[k] !== want[k]) diff++;
      expect(diff).toBe(0);
    });
  });
  it('the fixture really has anti-aliased values (box/point AA) on the object-id canvas', () => {
    const c = renderFixture.renders.find((r) => r.kind === 'object_id')!;
    const vals = new Set(decodeRle(c.canvas).data);
    const ids = new Set(annotations.map((a) => Number(a.metadata?.system?.objectId)));
    expect([...vals].some((v) => v !== 0 && !ids.has(v))).toBe(true);
  });
  it('text_mark / ref_image labels are in the fixture: red (255, 0, 0, 0) text pixels, drawn unblended', () => {
    const c = renderFixture.renders.find((r) => r.kind === 'mask' && r.alpha === 0.5)!;
    const px = decodeRle(c.canvas).data;
    let red = 0;
    for (let k = 0; k < px.length; k += 4)
      if (px[k] === 255 && px[k + 1] === 0 && px[k + 2] === 0 && px[k + 3] === 0) red++;
    expect(red).toBeGreaterThan(100);
    const without = renderAnnotations(
      cv,
      annotations.filter((a) => a.type !== 'text_mark' && a.type !== 'ref_image'),
      { kind: 'mask', width, height, colorMap: c.colorMap, alpha: 0.5 },
    );
    let d = 0;
    for (let k = 0; k < px.length; k++) if (without.data[k] !== px[k]) d++;
    expect(d).toBeGreaterThan(100);
  });

  it('object_id without an objectId is a typed error', () => {
    expect(() =>
      renderAnnotations(cv, [{ type: 'point', label: 'a', coordinates: { x: 1, y: 1 } }], {
        kind: 'object_id',
        width: 4,
        height: 4,
      }),
    ).toThrow(DlGeometryError);
    expect(() =>
      renderAnnotations(cv, [{ type: 'point', label: 'a', coordinates: { x: NaN, y: 1 } }], {
        kind: 'instance',
        width: 4,
        height: 4,
      }),
    ).toThrow(DlGeometryError);
  });
});
