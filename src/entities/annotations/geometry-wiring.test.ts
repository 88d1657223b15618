// Checks only the WIRING from the entity-level helpers (Polygon.fromSegmentation, Box.fromSegmentation,
// Segmentation.fromPolygon/fromMask/getMask/setMask) to the registered GeometryBackend. The backend
// here is a small fake that records calls and returns canned values; the real OpenCV backend lives in
// src/geometry and is tested there against native OpenCV.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setGeometryBackend, type GeometryBackend, type Mask } from '../geometry-backend.js';
import { DlError } from '../errors.js';
import { Annotation, Box, Polygon, Segmentation } from './index.js';
import { TINY_PNG, annotationJson } from './test-utils/sample-json.js';

const mask: Mask = { width: 3, height: 2, data: new Uint8Array([0, 1, 1, 0, 1, 0]) };

function fakeBackend(calls: Array<[string, unknown[]]>, polygons: { x: number; y: number }[][][]): GeometryBackend {
  return {
    async polygonsFromSegmentation(...args) {
      calls.push(['polygonsFromSegmentation', args]);
      return polygons;
    },
    async boxesFromSegmentation(...args) {
      calls.push(['boxesFromSegmentation', args]);
      return [{ left: 1, top: 0, right: 2, bottom: 1 }];
    },
    async maskFromPolygon(...args) {
      calls.push(['maskFromPolygon', args]);
      return mask;
    },
    async decodeSegmentation(...args) {
      calls.push(['decodeSegmentation', args]);
      return { mask, color: [3, 94, 88, 255] };
    },
    async encodeSegmentation(m, color, ...rest) {
      calls.push(['encodeSegmentation', [m, color, ...rest]]);
      return `data:image/png;base64,FAKE${color.join('_')}`;
    },
  };
}

describe('entity helpers go through the registered GeometryBackend (fake backend)', () => {
  let calls: Array<[string, unknown[]]>;
  beforeEach(() => {
    calls = [];
  });
  afterEach(() => setGeometryBackend(null));

  it('without a backend the helpers fail with a DlError', async () => {
    setGeometryBackend(null);
    await expect(Polygon.fromSegmentation(mask, 'x')).rejects.toBeInstanceOf(DlError);
  });

  it('Polygon.fromSegmentation always resolves to an array (0, 1 and many instances); options and holes passed on', async () => {
    const ring = [
      { x: 0, y: 0 },
      { x: 2, y: 0 },
      { x: 2, y: 2 },
    ];
    setGeometryBackend(fakeBackend(calls, [[ring]]));
    const one = await Polygon.fromSegmentation(mask, 'cat', { epsilon: 1, maxInstances: 1, attributes: { a: 1 } });
    // Unlike dtlpy (bare Polygon for exactly one instance), one instance is a one-element array.
    expect(Array.isArray(one)).toBe(true);
    expect(one).toHaveLength(1);
    expect(one[0]).toBeInstanceOf(Polygon);
    expect(one[0]!.label).toBe('cat');
    expect(one[0]!.points).toEqual(ring);
    expect(one[0]!.extraRings).toEqual([]);
    expect(one[0]!.attributes).toEqual({ a: 1 });
    expect(calls[0]).toEqual(['polygonsFromSegmentation', [mask, { epsilon: 1, maxInstances: 1 }]]);

    const hole = [{ x: 1, y: 1 }];
    const ring2 = [
      { x: 5, y: 5 },
      { x: 6, y: 5 },
      { x: 6, y: 6 },
    ];
    setGeometryBackend(fakeBackend(calls, [[ring, hole], [ring2]]));
    const many = await Polygon.fromSegmentation(mask, 'cat', { holes: true, maxInstances: null });
    expect(Array.isArray(many)).toBe(true);
    expect(many).toHaveLength(2);
    expect(many.every((p) => p instanceof Polygon)).toBe(true);
    expect(many.map((p) => p.points)).toEqual([ring, ring2]);
    expect(many[0]!.extraRings).toEqual([hole]);
    expect(many[1]!.extraRings).toEqual([]);
    expect(calls[1]).toEqual(['polygonsFromSegmentation', [mask, { holes: true, maxInstances: null }]]);

    setGeometryBackend(fakeBackend(calls, []));
    const none = await Polygon.fromSegmentation(mask, 'cat');
    expect(Array.isArray(none)).toBe(true);
    expect(none).toHaveLength(0);
  });

  it('Box.fromSegmentation maps backend boxes to Box definitions', async () => {
    setGeometryBackend(fakeBackend(calls, []));
    const boxes = await Box.fromSegmentation(mask, 'dog');
    expect(boxes.map((b) => [b.label, b.left, b.top, b.right, b.bottom])).toEqual([['dog', 1, 0, 2, 1]]);
  });

  it('Segmentation.fromPolygon rasterises at [height, width] and encodes in the colour (default white)', async () => {
    setGeometryBackend(fakeBackend(calls, []));
    const seg = await Segmentation.fromPolygon(
      [
        { x: 0, y: 0 },
        { x: 2, y: 1 },
      ],
      'road',
      [2, 3],
    );
    expect(calls.map((c) => c[0])).toEqual(['maskFromPolygon', 'encodeSegmentation']);
    expect(calls[0]![1].slice(0, 3)).toEqual([
      [
        { x: 0, y: 0 },
        { x: 2, y: 1 },
      ],
      2,
      3,
    ]);
    expect(seg.dataUrl).toBe('data:image/png;base64,FAKE255_255_255');
    const green = await Segmentation.fromMask(mask, 'road', [0, 255, 0]);
    expect(green.toCoordinates()).toBe('data:image/png;base64,FAKE0_255_0');
  });

  it('getMask decodes once (cached); setMask re-encodes and changes the JSON; untouched JSON stays byte-identical', async () => {
    setGeometryBackend(fakeBackend(calls, []));
    const ann = Annotation.fromJson(annotationJson('binary', TINY_PNG), { isVideo: false });
    const seg = ann.annotationDefinition as Segmentation;
    expect(await seg.getMask()).toBe(mask);
    expect(await seg.getColor()).toEqual([3, 94, 88, 255]);
    expect(calls.filter((c) => c[0] === 'decodeSegmentation')).toHaveLength(1);
    expect(ann.toJson()['coordinates']).toBe(TINY_PNG);
    await seg.setMask(mask, [1, 2, 3]);
    expect(ann.toJson()['coordinates']).toBe('data:image/png;base64,FAKE1_2_3');
    await seg.getMask();
    expect(calls.filter((c) => c[0] === 'decodeSegmentation')).toHaveLength(2);
  });

  it('Segmentation.toBox uses the decoded mask', async () => {
    setGeometryBackend(fakeBackend(calls, []));
    const seg = new Segmentation({ label: 's', dataUrl: TINY_PNG });
    const boxes = await seg.toBox();
    expect(boxes).toHaveLength(1);
    expect(calls.map((c) => c[0])).toEqual(['decodeSegmentation', 'boxesFromSegmentation']);
    expect(calls[1]![1][0]).toBe(mask);
  });
});
