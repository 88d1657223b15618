// Node: the assisted-annotation kernels against native OpenCV (scripts/gen-assist-fixtures.py) and
// against the known shapes of the test scenes.
import { beforeAll, describe, expect, it } from 'vitest';
import { assistFixture, iou, sceneImage, shapeMask } from '../../../test/fixtures/geometry/assist-fixtures.js';
import { decodeRle } from '../../../test/fixtures/geometry/fixtures.js';
import { DlGeometryError } from '../errors.js';
import { loadOpenCv, type OpenCv } from '../opencv/load-opencv.js';
import { movingObjectFrames } from '../test-utils/assist-scenes.js';
import { maskFromPolygon } from './from-polygon.js';
import { polygonsFromSegmentation } from './from-segmentation.js';
import { grabCut, grabCutSteps } from './grab-cut.js';
import { disposeScissors, prepareScissors, scissorsPath } from './intelligent-scissors.js';
import { createWandWorkspace, disposeWandWorkspace, magicWand } from './magic-wand.js';
import {
  combinePlacedMasks,
  expandPlacedMask,
  type PlacedMask,
  placedMaskFromMask,
  polygonsFromPlacedMask,
} from './placed-mask.js';
import { trackBox } from './track-box.js';
import { watershedScribbles } from './watershed.js';

let cv: OpenCv;
beforeAll(async () => {
  ({ cv } = await loadOpenCv());
});

const scene = (name: string) => sceneImage(name);
const diff = (a: Uint8Array, b: Uint8Array) => {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) if ((a[i] ? 1 : 0) !== (b[i] ? 1 : 0)) d++;
  return d;
};
const full = (p: PlacedMask, name: string) => {
  const s = assistFixture.scenes[name]!;
  return expandPlacedMask(p, s.width, s.height).data;
};

describe('magic wand vs native floodFill', () => {
  assistFixture.wand.forEach((c, i) => {
    it(`#${i} ${c.scene} ${JSON.stringify(c.params)}`, () => {
      const r = magicWand(cv, scene(c.scene), c.params);
      expect(r.area).toBe(c.area);
      expect(diff(full(r, c.scene), decodeRle(c.mask).data)).toBe(0);
    });
  });

  it('a kept workspace (flood mask cleared only where the last fill wrote) gives the same regions', () => {
    const ws = createWandWorkspace();
    try {
      for (const name of Object.keys(assistFixture.scenes)) {
        const img = scene(name);
        for (const c of assistFixture.wand.filter((w) => w.scene === name)) {
          const r = magicWand(cv, img, c.params, ws);
          expect(diff(full(r, name), decodeRle(c.mask).data)).toBe(0);
        }
      }
    } finally {
      disposeWandWorkspace(ws);
    }
  });

  it("a workspace's alloc gets the region's bytes (memory of old contents, written in full); same regions", () => {
    const ws = createWandWorkspace();
    const given: Uint8Array[] = [];
    // views of larger buffers holding leftovers (what the worker's touched buffers are)
    ws.alloc = (n) => {
      const v = new Uint8Array(new ArrayBuffer(2 * n + 8), 0, n).fill(0xab);
      given.push(v);
      return v;
    };
    try {
      const cases = assistFixture.wand.filter((w) => w.area > 0);
      for (const c of cases) {
        const r = magicWand(cv, scene(c.scene), c.params, ws);
        expect(r.mask.data).toBe(given.at(-1));
        expect(r.area).toBe(c.area);
        expect(diff(full(r, c.scene), decodeRle(c.mask).data)).toBe(0);
      }
      expect(given.length).toBe(cases.length);
      ws.alloc = (n) => new Uint8Array(n + 1);
      expect(() => magicWand(cv, scene(cases[0]!.scene), cases[0]!.params, ws)).toThrow(/alloc gave/);
    } finally {
      disposeWandWorkspace(ws);
    }
  });

  it('Shift adds to and Alt subtracts from the base selection', () => {
    const [a, b] = [assistFixture.wand[2]!, assistFixture.wand[4]!]; // the blue rect, and a textured patch
    const img = scene('discs-rects');
    const base = magicWand(cv, img, a.params);
    const added = magicWand(cv, img, { ...b.params, mode: 'add', base });
    const ma = decodeRle(a.mask).data;
    const mb = decodeRle(b.mask).data;
    const union = ma.map((v, k) => v | mb[k]!);
    expect(diff(full(added, 'discs-rects'), union)).toBe(0);
    const sub = magicWand(cv, img, { ...b.params, mode: 'subtract', base: added });
    const rest = union.map((v, k) => v & (mb[k]! ? 0 : 1));
    expect(diff(full(sub, 'discs-rects'), rest)).toBe(0);
    expect(sub.area).toBe(rest.reduce((s, v) => s + v, 0));
    // subtracting everything leaves the empty mask; adding with no base is the region itself
    expect(magicWand(cv, img, { ...a.params, mode: 'subtract', base }).area).toBe(0);
    expect(magicWand(cv, img, { ...a.params, mode: 'add' }).area).toBe(a.area);
  });

  it('finds each known shape (IoU >= 0.95)', () => {
    for (const [name, s] of Object.entries(assistFixture.scenes)) {
      const img = scene(name);
      for (const sh of s.shapes) {
        const x = sh.kind === 'disc' ? sh.cx! : sh.x! + (sh.width! >> 1);
        const y = sh.kind === 'disc' ? sh.cy! : sh.y! + (sh.height! >> 1);
        const r = magicWand(cv, img, { x, y, tolerance: 24 });
        expect(iou(full(r, name), shapeMask(sh, s.width, s.height)), sh.name).toBeGreaterThanOrEqual(0.95);
      }
    }
  });

  it('rejects bad input with typed errors', () => {
    const img = scene('dark-scene');
    for (const p of [
      { x: -1, y: 0 },
      { x: 200, y: 0 },
      { x: Number.NaN, y: 0 },
      { x: 1, y: 1, tolerance: 300 },
      { x: 1, y: 1, connectivity: 6 as 4 },
      { x: 1, y: 1, mode: 'xor' as 'add' },
    ])
      expect(() => magicWand(cv, img, p)).toThrow(DlGeometryError);
    expect(() =>
      magicWand(cv, { width: 2, height: 2, format: 'rgb', data: new Uint8Array(5) }, { x: 0, y: 0 }),
    ).toThrow(/length 5/);
  });
});

describe('placed masks', () => {
  it('polygons of a placed mask equal polygons of the full-size mask', () => {
    const c = assistFixture.wand[4]!; // a ragged region: many vertices, holes
    const r = magicWand(cv, scene(c.scene), c.params);
    const s = assistFixture.scenes[c.scene]!;
    const whole = expandPlacedMask(r, s.width, s.height);
    for (const o of [{}, { maxInstances: null }, { maxInstances: null, holes: true }])
      expect(polygonsFromPlacedMask(cv, r, o)).toEqual(polygonsFromSegmentation(cv, whole, o));
  });

  it('placedMaskFromMask / combine round-trip', () => {
    const m = { width: 6, height: 5, data: new Uint8Array(30) };
    m.data[1 * 6 + 2] = 1;
    m.data[3 * 6 + 4] = 1;
    const p = placedMaskFromMask(m);
    expect([p.x, p.y, p.mask.width, p.mask.height, p.area]).toEqual([2, 1, 3, 3, 2]);
    expect(Array.from(expandPlacedMask(p, 6, 5).data)).toEqual(Array.from(m.data));
    const q = combinePlacedMasks(
      p,
      { x: 0, y: 0, mask: { width: 1, height: 1, data: new Uint8Array([1]) }, area: 1 },
      'add',
    );
    expect([q.x, q.y, q.mask.width, q.mask.height, q.area]).toEqual([0, 0, 5, 4, 3]);
  });
});

describe('GrabCut vs native', () => {
  assistFixture.grabCut.forEach((c, i) => {
    it(`#${i} ${c.scene} ${JSON.stringify(c.params).slice(0, 120)}`, () => {
      const r = grabCut(cv, scene(c.scene), c.params);
      expect(diff(full(r, c.scene), decodeRle(c.mask).data)).toBe(0);
      expect(r.area).toBe(c.area);
    });
  });

  it('steps report progress after each iteration but the last, and the result does not depend on earlier calls', () => {
    const c = assistFixture.grabCut[0]!;
    const steps = grabCutSteps(cv, scene(c.scene), { ...c.params, iterations: 4 });
    const seen: number[] = [];
    let r = steps.next();
    while (!r.done) {
      seen.push(r.value.done);
      expect(r.value.total).toBe(4);
      r = steps.next();
    }
    expect(seen).toEqual([1, 2, 3]);
    // the RNG is reseeded per call: a repeated call gives the same mask
    const a = grabCut(cv, scene(c.scene), c.params);
    const b = grabCut(cv, scene(c.scene), c.params);
    expect(diff(full(a, c.scene), full(b, c.scene))).toBe(0);
  });

  it('an abandoned run frees its memory and a later run is unaffected', () => {
    const c = assistFixture.grabCut[1]!;
    const steps = grabCutSteps(cv, scene(c.scene), c.params);
    steps.next();
    steps.return(undefined as never);
    expect(diff(full(grabCut(cv, scene(c.scene), c.params), c.scene), decodeRle(c.mask).data)).toBe(0);
  });

  it('finds each known shape from a box around it (IoU >= 0.95)', () => {
    for (const [name, s] of Object.entries(assistFixture.scenes)) {
      const img = scene(name);
      for (const sh of s.shapes) {
        const b =
          sh.kind === 'disc'
            ? { x: sh.cx! - sh.r! - 6, y: sh.cy! - sh.r! - 6, width: 2 * sh.r! + 13, height: 2 * sh.r! + 13 }
            : { x: sh.x! - 6, y: sh.y! - 6, width: sh.width! + 12, height: sh.height! + 12 };
        const r = grabCut(cv, img, { rect: b });
        expect(iou(full(r, name), shapeMask(sh, s.width, s.height)), sh.name).toBeGreaterThanOrEqual(0.95);
      }
    }
  });

  it('rejects a box with no background around it and bad iterations', () => {
    const img = scene('dark-scene');
    expect(() => grabCut(cv, img, { rect: { x: 0, y: 0, width: 200, height: 150 } })).toThrow(/no background/);
    expect(() => grabCut(cv, img, { rect: { x: 10, y: 10, width: 50, height: 50 }, iterations: 11 })).toThrow(
      DlGeometryError,
    );
    expect(() => grabCut(cv, img, { rect: { x: 500, y: 10, width: 50, height: 50 } })).toThrow(/no pixels inside/);
  });
});

describe('intelligent scissors vs native', () => {
  assistFixture.scissors.forEach((c, i) => {
    it(`#${i} ${c.scene} rect ${JSON.stringify(c.params)}`, () => {
      const s = prepareScissors(cv, scene(c.scene), c.params);
      try {
        c.queries.forEach((q, k) => {
          expect(scissorsPath(cv, s, q.from, q.to).map((p) => [p.x, p.y])).toEqual(c.paths[k]);
        });
      } finally {
        disposeScissors(s);
      }
    });
  });

  it('a path around the blue rectangle follows its edges (IoU of the closed polygon >= 0.95)', () => {
    const name = 'discs-rects';
    const sh = assistFixture.scenes[name]!.shapes.find((x) => x.name === 'blue-rect')!;
    const s = prepareScissors(cv, scene(name), { rect: { x: 0, y: 0, width: 240, height: 180 } });
    try {
      const corners = [
        { x: sh.x!, y: sh.y! },
        { x: sh.x! + sh.width! - 1, y: sh.y! },
        { x: sh.x! + sh.width! - 1, y: sh.y! + sh.height! - 1 },
        { x: sh.x!, y: sh.y! + sh.height! - 1 },
      ];
      const ring = corners.flatMap((c, k) => scissorsPath(cv, s, c, corners[(k + 1) % 4]!).slice(0, -1));
      const m = maskFromPolygon(cv, ring, 180, 240);
      expect(iou(m.data, shapeMask(sh, 240, 180))).toBeGreaterThanOrEqual(0.95);
    } finally {
      disposeScissors(s);
    }
  });

  it('a disposed state is a typed error', () => {
    const s = prepareScissors(cv, scene('dark-scene'), { rect: { x: 0, y: 0, width: 50, height: 50 } });
    disposeScissors(s);
    expect(() => scissorsPath(cv, s, { x: 1, y: 1 }, { x: 5, y: 5 })).toThrow(DlGeometryError);
  });
});

describe('watershed vs native', () => {
  assistFixture.watershed.forEach((c, i) => {
    it(`#${i} ${c.scene} ${c.labels.map((l) => l.label).join(',')}`, () => {
      const r = watershedScribbles(cv, scene(c.scene), c.params);
      expect(r.map((x) => x.label)).toEqual(c.labels.map((x) => x.label));
      r.forEach((x, k) => expect(diff(full(x.mask, c.scene), decodeRle(c.labels[k]!.mask).data)).toBe(0));
    });
  });

  it('the disc label covers the known disc (IoU >= 0.95)', () => {
    const c = assistFixture.watershed[0]!;
    const s = assistFixture.scenes[c.scene]!;
    const [disc] = watershedScribbles(cv, scene(c.scene), c.params);
    const sh = s.shapes.find((x) => x.name === 'red-disc')!;
    expect(iou(full(disc!.mask, c.scene), shapeMask(sh, s.width, s.height))).toBeGreaterThanOrEqual(0.95);
  });

  it('needs two labels', () => {
    expect(() =>
      watershedScribbles(cv, scene('dark-scene'), { scribbles: [{ label: 'a', points: [{ x: 5, y: 5 }] }] }),
    ).toThrow(/at least two labels/);
  });
});

describe('box tracking on a known synthetic motion', () => {
  const maxErr = (boxes: Array<{ left: number; top: number; right: number; bottom: number }>, truth: typeof boxes) =>
    Math.max(
      ...boxes.map((b, i) =>
        Math.max(
          Math.abs(b.left - truth[i]!.left),
          Math.abs(b.top - truth[i]!.top),
          Math.abs(b.right - truth[i]!.right),
          Math.abs(b.bottom - truth[i]!.bottom),
        ),
      ),
    );

  it('Median Flow follows translation within a pixel', () => {
    const { frames, truth } = movingObjectFrames({
      width: 320,
      height: 240,
      frames: 12,
      box: { left: 60, top: 70, right: 120, bottom: 130 },
      velocity: { x: 4.5, y: 2.25 },
    });
    const r = trackBox(cv, (i) => frames[i]!, frames.length, { box: truth[0]! });
    expect(r).toHaveLength(12);
    expect(r.every((b) => b.ok)).toBe(true);
    expect(r.map((b) => b.frame)).toEqual([...Array(12).keys()]);
    expect(maxErr(r, truth)).toBeLessThan(1);
  });

  it('Median Flow follows scale', () => {
    const { frames, truth } = movingObjectFrames({
      width: 320,
      height: 240,
      frames: 10,
      box: { left: 100, top: 80, right: 160, bottom: 140 },
      velocity: { x: -2, y: 1.5 },
      scalePerFrame: 1.03,
    });
    const r = trackBox(cv, (i) => frames[i]!, frames.length, { box: truth[0]! });
    expect(r.every((b) => b.ok)).toBe(true);
    expect(maxErr(r, truth)).toBeLessThan(2);
  });

  it('reports the object lost when it vanishes, and stops there', () => {
    const { frames, truth } = movingObjectFrames({
      width: 240,
      height: 180,
      frames: 6,
      box: { left: 60, top: 60, right: 110, bottom: 110 },
      velocity: { x: 2, y: 0 },
    });
    // from frame 3 on, the picture is unrelated noise
    for (let f = 3; f < 6; f++) {
      let s = 99 + f;
      frames[f] = {
        ...frames[f]!,
        data: frames[f]!.data.map(() => ((s = (s * 1103515245 + 12345) >>> 0), s >>> 24)),
      };
    }
    const r = trackBox(cv, (i) => frames[i]!, frames.length, { box: truth[0]! });
    expect(r.slice(0, 3).every((b) => b.ok)).toBe(true);
    expect(r.at(-1)!.ok).toBe(false);
    expect(r.length).toBeLessThan(6);
  });

  it('TrackerMIL is available and follows a translation within a few pixels', () => {
    const { frames, truth } = movingObjectFrames({
      width: 240,
      height: 180,
      frames: 8,
      box: { left: 60, top: 50, right: 120, bottom: 110 },
      velocity: { x: 2, y: 1 },
    });
    const r = trackBox(cv, (i) => frames[i]!, frames.length, { box: truth[0]!, method: 'mil' });
    expect(r).toHaveLength(8);
    expect(maxErr(r, truth)).toBeLessThan(6);
  });
});
