import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DlError } from '../errors.js';
import { Annotation, AnnotationCollection, Box, Ellipse, Point, type Polygon } from './index.js';
import { annotationJson, TINY_PNG, TINY_PNG_2X2 } from './test-utils/sample-json.js';
import { trackStateAt } from './track-state.js';
import { videoExportJson } from './test-utils/video-export.js';

type J = Record<string, any>;
const pts = (l: number, t: number, r: number, b: number) => [
  { x: l, y: t, z: 0 },
  { x: r, y: b, z: 0 },
];
const mkBox = (l: number, t: number, r: number, b: number, label = 'car') =>
  new Box({ label, left: l, top: t, right: r, bottom: b });
const boxOf = (a: Annotation, n: number) => {
  const d = a.frameState(n)?.definition as Box | undefined;
  return d ? [d.left, d.top, d.right, d.bottom] : null;
};
const sys = (j: J) => j['metadata']['system'];
const snap = (frame: number, fixed: boolean, data: unknown, extra: J = {}) => ({
  frame,
  fixed,
  label: 'vehicle.car',
  type: 'box',
  objectVisible: true,
  data,
  namedAttributes: {},
  ...extra,
});

/** A box track: key frame 0 at top level, `snapshots` after it, `endFrame`. */
function track(snapshots: unknown[], endFrame: number, coords: unknown = pts(0, 0, 10, 10), type = 'box') {
  return annotationJson(type, coords, {
    system: { objectId: '1', frame: 0, startTime: 0, endTime: endFrame / 25, endFrame, snapshots_: snapshots },
  });
}
const load = (j: J) => Annotation.fromJson(structuredClone(j), { fps: 25, isVideo: true });

/** Every frame's coordinates as dtlpy reads the JSON back (hold-last-value `getFrame`). */
function dtlpyView(json: J, from: number, to: number): unknown[] {
  const a = Annotation.fromJson(structuredClone(json), { fps: 25 });
  const out: unknown[] = [];
  for (let f = from; f <= to; f++) {
    const fr = a.getFrame(f);
    out.push(fr ? [fr.objectVisible, fr.definition.toCoordinates()] : null);
  }
  return out;
}
function dlkitView(a: Annotation, from: number, to: number): unknown[] {
  const out: unknown[] = [];
  for (let f = from; f <= to; f++) {
    const fr = a.frameState(f);
    out.push(fr ? [fr.objectVisible, fr.definition.toCoordinates()] : null);
  }
  return out;
}
const near = (v: unknown) =>
  JSON.parse(JSON.stringify(v), (_k, x) => (typeof x === 'number' ? Math.round(x * 1e6) / 1e6 : x));

describe('the real export structure (fixture of our own, same shape)', () => {
  it('round-trips: only the SDK-added keys appear (metadata.system.attributes, namedAttributes), values unchanged', () => {
    const exp = videoExportJson();
    const coll = AnnotationCollection.fromJson(structuredClone(exp));
    expect(coll.errors).toEqual([]);
    expect(coll.fps).toBe(25);
    expect(coll.annotations.map((a) => a.keyFrames().length)).toEqual([51, 51]);
    const out = coll.toJson().annotations as J[];
    const stripped = out.map((a) => {
      const c = structuredClone(a);
      expect(c['metadata']['system']['attributes']).toEqual({});
      delete c['metadata']['system']['attributes'];
      for (const s of c['metadata']['system']['snapshots_']) {
        expect(s['namedAttributes']).toEqual({});
        delete s['namedAttributes'];
      }
      return c;
    });
    expect(stripped).toEqual(exp['annotations']);
    // A second pass is byte-stable.
    const again = AnnotationCollection.fromJson({ ...exp, annotations: out }).toJson().annotations;
    expect(JSON.stringify(again)).toBe(JSON.stringify(out));
  });

  it('a no-op key-frame edit leaves the export unchanged; every frame reads the same in dtlpy and dl-kit', () => {
    const exp = videoExportJson();
    const coll = AnnotationCollection.fromJson(structuredClone(exp));
    const before = JSON.stringify(coll.toJson());
    const a = coll.annotations[0]!;
    a.setKeyFrame(10, a.frameState(10)!.definition.clone());
    a.insertKeyFrame(20);
    expect(JSON.stringify(coll.toJson())).toBe(before);
    expect(near(dlkitView(a, 0, 50))).toEqual(near(dtlpyView(a.toJson(), 0, 50)));
  });
});

describe('interpolation between key frames (display)', () => {
  it('box: linear at in-between frames, exact at the key frames, held after the last key', () => {
    const a = load(track([snap(30, true, pts(30, 60, 40, 70))], 40));
    expect(boxOf(a, 0)).toEqual([0, 0, 10, 10]);
    expect(boxOf(a, 15)).toEqual([15, 30, 25, 40]);
    expect(boxOf(a, 10)).toEqual([10, 20, 20, 30]);
    expect(boxOf(a, 30)).toEqual([30, 60, 40, 70]);
    expect(boxOf(a, 35)).toEqual([30, 60, 40, 70]);
    expect(a.frameState(41)).toBeUndefined();
    expect(a.frameState(15)!.interpolated).toBe(true);
    // dtlpy's own getFrame still holds (and stores a copy), unchanged.
    expect((a.getFrame(15)!.definition as Box).left).toBe(0);
  });

  it('rotated box angle goes the short way round; point, ellipse, polygon with equal vertex counts', () => {
    const rb = load(track([snap(10, true, [...pts(10, 0, 20, 10), 10])], 10, [...pts(0, 0, 10, 10), 350]));
    expect((rb.frameState(5)!.definition as Box).angle).toBeCloseTo(360, 9);
    const p = load(track([snap(4, true, { x: 8, y: 4, z: 0 }, { type: 'point' })], 4, { x: 0, y: 0, z: 0 }, 'point'));
    expect(p.frameState(1)!.definition.toCoordinates()).toEqual({ x: 2, y: 1, z: 0 });
    const e = load(
      track(
        [snap(2, true, { angle: 90, center: { x: 10, y: 20, z: 0 }, rx: 6, ry: 2 }, { type: 'ellipse' })],
        2,
        { angle: 0, center: { x: 0, y: 0, z: 0 }, rx: 2, ry: 2 },
        'ellipse',
      ),
    );
    expect(e.frameState(1)!.definition.toCoordinates()).toEqual({
      angle: 45,
      center: { x: 5, y: 10, z: 0 },
      rx: 4,
      ry: 2,
    });
    const ring = (d: number) => [
      [
        { x: d, y: 0 },
        { x: 10 + d, y: 0 },
        { x: 10 + d, y: 10 },
      ],
    ];
    const poly = load(track([snap(10, true, ring(20), { type: 'segment' })], 10, ring(0), 'segment'));
    expect((poly.frameState(5)!.definition as Polygon).points).toEqual(ring(10)[0]);
  });

  it('holds the earlier key frame: polygons of different vertex counts, binary masks, hidden key frames, non-fixed neighbours', () => {
    const tri = [
      [
        { x: 0, y: 0 },
        { x: 10, y: 0 },
        { x: 10, y: 10 },
      ],
    ];
    const quad = [
      [
        { x: 0, y: 0 },
        { x: 10, y: 0 },
        { x: 10, y: 10 },
        { x: 0, y: 10 },
      ],
    ];
    const poly = load(track([snap(10, true, quad, { type: 'segment' })], 10, tri, 'segment'));
    expect(poly.frameState(5)!.definition.toCoordinates()).toEqual(tri);
    const bin = load(track([snap(10, true, TINY_PNG_2X2, { type: 'binary' })], 10, TINY_PNG, 'binary'));
    expect(bin.frameState(5)!.definition.toCoordinates()).toBe(TINY_PNG);
    const hidden = load(track([snap(10, true, pts(20, 0, 30, 10), { objectVisible: false })], 12));
    expect(boxOf(hidden, 5)).toEqual([0, 0, 10, 10]);
    expect(hidden.frameState(11)!.objectVisible).toBe(false);
    const tracked = load(track([snap(3, false, pts(3, 0, 13, 10)), snap(10, true, pts(20, 0, 30, 10))], 10));
    expect(boxOf(tracked, 2)).toEqual([0, 0, 10, 10]);
    expect(boxOf(tracked, 6)).toEqual([3, 0, 13, 10]);
  });

  it('trackStateAt (JSON, used by the layer) agrees with the entity at every frame', () => {
    const coord = fc.integer({ min: -50, max: 50 });
    const snapArb = fc.record({
      frame: fc.integer({ min: 1, max: 30 }),
      fixed: fc.boolean(),
      visible: fc.boolean(),
      l: coord,
      t: coord,
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(snapArb, { selector: (s) => s.frame, maxLength: 6 }),
        fc.integer({ min: 0, max: 35 }),
        (ss, end) => {
          const snaps = ss
            .sort((x, y) => x.frame - y.frame)
            .map((s) => snap(s.frame, s.fixed, pts(s.l, s.t, s.l + 10, s.t + 10), { objectVisible: s.visible }));
          const json = track(snaps, Math.max(end, ...ss.map((s) => s.frame), 0));
          const a = load(json);
          for (let f = 0; f <= 36; f++) {
            const j = trackStateAt(json, f);
            const e = a.frameState(f);
            expect(j === null).toBe(e === undefined);
            if (j && e) {
              expect(j.objectVisible).toBe(e.objectVisible);
              expect(near(j.coordinates)).toEqual(near(e.definition.toCoordinates()));
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('key-frame operations', () => {
  it('create on frame 0, correct on frame 30: 15 is interpolated, in-between frames written as fixed: false', () => {
    const coll = new AnnotationCollection({
      item: { id: 'i', metadata: { fps: 30, system: { mimetype: 'video/mp4' } } },
    });
    coll.add(mkBox(0, 0, 10, 10), { objectId: 1, frameNum: 0 });
    const a = coll.annotations[0]!;
    a.setKeyFrame(30, mkBox(60, 30, 70, 40));
    expect(boxOf(a, 15)).toEqual([30, 15, 40, 25]);
    const j = a.toJson() as J;
    expect([sys(j).frame, sys(j).endFrame, sys(j).endTime]).toEqual([0, 30, 1]);
    const snaps = sys(j).snapshots_ as J[];
    expect(snaps.map((s) => s['frame'])).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(snaps.map((s) => s['fixed'])).toEqual([...Array(29).fill(false), true]);
    expect(snaps[14]!['data']).toEqual(pts(30, 15, 40, 25));
    // What dtlpy reads back (hold rule) is what dl-kit shows, at every frame.
    expect(near(dtlpyView(j, 0, 30))).toEqual(near(dlkitView(a, 0, 30)));
    // And a reload shows the same.
    expect(dlkitView(load(j), 0, 30)).toEqual(dlkitView(a, 0, 30));
  });

  it('moving a key frame re-interpolates both sides; stored frames that were not interpolated (a tracker) stay', () => {
    const a = load(track([snap(10, true, pts(10, 0, 20, 10)), snap(20, true, pts(20, 0, 30, 10))], 20));
    a.setKeyFrame(10, mkBox(40, 0, 50, 10, 'vehicle.car'));
    expect(boxOf(a, 5)).toEqual([20, 0, 30, 10]);
    expect(boxOf(a, 15)).toEqual([30, 0, 40, 10]);
    expect(near(dtlpyView(a.toJson() as J, 0, 20))).toEqual(near(dlkitView(a, 0, 20)));
    // Tracker output between 20 and 30 (not linear), then the user corrects frame 25.
    const t = load(
      track(
        [
          snap(21, false, pts(23, 0, 33, 10)),
          snap(22, false, pts(21, 5, 31, 15)),
          snap(23, false, pts(29, 1, 39, 11)),
          snap(30, true, pts(40, 0, 50, 10)),
        ],
        30,
      ),
    );
    t.setKeyFrame(25, mkBox(35, 0, 45, 10));
    expect(boxOf(t, 22)).toEqual([21, 5, 31, 15]);
    expect(t.keyFrames()).toEqual([0, 25, 30]);
  });

  it('insertKeyFrame keeps every shown frame; deleteKeyFrame re-interpolates; the first and the only key frame', () => {
    const a = load(track([snap(20, true, pts(40, 0, 50, 10))], 20));
    const shown = dlkitView(a, 0, 20);
    a.insertKeyFrame(5);
    expect(a.keyFrames()).toEqual([0, 5, 20]);
    expect(near(dlkitView(a, 0, 20))).toEqual(near(shown));
    a.setKeyFrame(5, mkBox(0, 40, 10, 50));
    expect(boxOf(a, 10)).not.toEqual([20, 0, 30, 10]);
    a.deleteKeyFrame(5);
    expect(a.keyFrames()).toEqual([0, 20]);
    expect(near(dlkitView(a, 0, 20))).toEqual(near(shown));
    expect(near(dtlpyView(a.toJson() as J, 0, 20))).toEqual(near(shown));
    a.deleteKeyFrame(0);
    expect([a.startFrame, a.keyFrames()]).toEqual([20, [20]]);
    expect((a.toJson() as J)['coordinates']).toEqual(pts(40, 0, 50, 10));
    expect(() => a.deleteKeyFrame(20)).toThrow(/only key frame/);
    expect(() => a.deleteKeyFrame(3)).toThrow(DlError);
    expect(() => a.setKeyFrame(3, new Point({ label: 'p', x: 1, y: 1 }))).toThrow(/"box" track/);
  });

  it('setKeyFrame before the start moves the start; after the end extends the track', () => {
    const a = load(track([], 0));
    a.setKeyFrame(10, mkBox(10, 0, 20, 10));
    a.setKeyFrame(0, mkBox(0, 0, 10, 10));
    expect(a.keyFrames()).toEqual([0, 10]);
    const b = Annotation.fromJson(
      annotationJson('box', pts(10, 0, 20, 10), { system: { objectId: '2', frame: 10, endFrame: 10, snapshots_: [] } }),
      { fps: 10, isVideo: true },
    );
    b.setKeyFrame(4, mkBox(4, 0, 14, 10));
    const j = b.toJson() as J;
    expect([sys(j).frame, sys(j).startTime, j['coordinates']]).toEqual([4, 0.4, pts(4, 0, 14, 10)]);
    expect(sys(j).snapshots_.at(-1)).toMatchObject({ frame: 10, fixed: true });
    expect(boxOf(b, 7)).toEqual([7, 0, 17, 10]);
  });

  it('copyToNextFrame, setObjectVisible (an occlusion gap) and endTrack (the object leaves)', () => {
    const a = load(track([snap(20, true, pts(20, 0, 30, 10))], 30));
    expect(a.copyToNextFrame(30)).toBe(31);
    expect(boxOf(a, 31)).toEqual([20, 0, 30, 10]);
    const shown = dlkitView(a, 0, 9);
    a.setObjectVisible(10, false);
    a.setObjectVisible(14, true);
    expect(near(dlkitView(a, 0, 9))).toEqual(near(shown));
    expect([9, 10, 13, 14].map((f) => a.frameState(f)!.objectVisible)).toEqual([true, false, false, true]);
    expect(boxOf(a, 14)).toEqual([10, 0, 20, 10]); // shown again as the hidden key frame left it
    const j = a.toJson() as J;
    expect(trackStateAt(j, 12)!.objectVisible).toBe(false);
    expect(near(dtlpyView(j, 0, 31))).toEqual(near(dlkitView(a, 0, 31)));
    const beforeEnd = dlkitView(a, 0, 24);
    a.endTrack(25);
    expect([a.endFrame, a.frameState(25)!.objectVisible, a.frameState(26)]).toEqual([25, false, undefined]);
    expect(near(dlkitView(a, 0, 24))).toEqual(near(beforeEnd));
    expect(near(dtlpyView(a.toJson() as J, 0, 25))).toEqual(near(dlkitView(a, 0, 25)));
    expect(() => a.endTrack(0)).toThrow(DlError);
  });

  it('splitTrack: the head keeps its frames, the tail starts where it was split with a new object id and no clientId', () => {
    const json = track([snap(10, true, pts(10, 0, 20, 10)), snap(20, true, pts(40, 0, 50, 10))], 20);
    sys(json).clientId = 'dlkit-abc';
    const coll = AnnotationCollection.fromJson([json], { fps: 25, isVideo: true });
    const a = coll.annotations[0]!;
    const shown = dlkitView(a, 0, 20);
    const tail = coll.splitTrack(a, 15);
    expect(coll.length).toBe(2);
    expect([a.endFrame, tail.startFrame, tail.endFrame, tail.objectId, tail.id]).toEqual([14, 15, 20, '2', null]);
    expect(near([...dlkitView(a, 0, 14), ...dlkitView(tail, 15, 20)])).toEqual(near(shown));
    const tj = tail.toJson() as J;
    expect(sys(tj).clientId).toBeUndefined();
    expect(tj['coordinates']).toEqual(pts(25, 0, 35, 10));
    expect(() => a.splitTrack(0, 9)).toThrow(/not inside/);
  });

  it('mergeTracks: two fragments become one track, interpolated across the gap; the other leaves the collection', () => {
    const first = track([snap(10, true, pts(10, 0, 20, 10))], 12);
    const second = annotationJson('box', pts(30, 0, 40, 10), {
      system: { objectId: '7', frame: 22, endFrame: 30, snapshots_: [snap(30, true, pts(38, 0, 48, 10))] },
    });
    const coll = AnnotationCollection.fromJson([first, second], { fps: 25, isVideo: true });
    const [a, b] = coll.annotations as [Annotation, Annotation];
    const aShown = dlkitView(a, 0, 12);
    const bShown = dlkitView(b, 22, 30);
    const removed = coll.mergeTracks(a, b);
    expect([removed, coll.length, a.startFrame, a.endFrame]).toEqual([b, 1, 0, 30]);
    expect(near(dlkitView(a, 0, 12))).toEqual(near(aShown));
    expect(near(dlkitView(a, 22, 30))).toEqual(near(bShown));
    expect(boxOf(a, 17)).toEqual([20, 0, 30, 10]); // halfway between 12 (held 10) and 22 (30)
    expect(() => a.mergeTrack(Annotation.fromJson(track([], 3, { x: 1, y: 1, z: 0 }, 'point'), { fps: 25 }))).toThrow(
      /cannot merge/,
    );
    // Two labels are two objects: refused, both tracks unchanged.
    const car = load(track([], 12));
    const person = load({ ...track([], 30), label: 'person' } as J);
    const [carJson, personJson] = [car.toJson(), person.toJson()];
    expect(() => car.mergeTrack(person)).toThrow(/tracks of different labels are different objects/);
    expect([car.toJson(), person.toJson()]).toEqual([carJson, personJson]);
  });

  it('mergeTrack refuses two tracks of one label that both show an object on a frame (their key frames would interleave)', () => {
    // Car A 0..30 and car B 20..40, one label: frames 20..30 show two cars.
    const later = (from: number, to: number, l: number) =>
      load(
        annotationJson('box', pts(l, 0, l + 10, 10), {
          system: { objectId: '2', frame: from, endFrame: to, snapshots_: [snap(to, true, pts(l + 5, 0, l + 15, 10))] },
        }),
      );
    const a = load(track([snap(30, true, pts(30, 0, 40, 10))], 30));
    const b = later(20, 40, 100);
    const [aJson, bJson] = [a.toJson(), b.toJson()];
    expect(() => a.mergeTrack(b)).toThrow(/both show an object on frames 20–30/);
    expect(() => b.mergeTrack(a)).toThrow(/both show an object on frames 20–30/);
    expect([a.toJson(), b.toJson()]).toEqual([aJson, bJson]); // nothing changed
    // Ended where the other starts (the object left on 20: hidden there), they are one object's two
    // fragments and merge, the box never jumping: A's frames up to 19, B's from 20.
    const ended = load(track([snap(30, true, pts(30, 0, 40, 10))], 30));
    ended.endTrack(20);
    const aShown = dlkitView(ended, 0, 19);
    const bShown = dlkitView(b, 20, 40);
    ended.mergeTrack(b);
    expect(near(dlkitView(ended, 0, 19))).toEqual(near(aShown));
    expect(near(dlkitView(ended, 20, 40))).toEqual(near(bShown));
    // A track out of view on 10..24 takes a fragment seen only there; seen on 24 too, it is refused.
    const gap = load(track([snap(30, true, pts(30, 0, 40, 10))], 30));
    gap.setObjectVisible(10, false);
    gap.setObjectVisible(25, true);
    const g = gap.clone() as Annotation;
    const fragment = later(12, 20, 100);
    const [gShown, fShown] = [dlkitView(gap, 0, 30), dlkitView(fragment, 12, 20)];
    g.mergeTrack(fragment);
    // the fragment where it is seen, the track's own frames elsewhere (still out of view on 21..24)
    expect(near(dlkitView(g, 0, 30))).toEqual(near([...gShown.slice(0, 12), ...fShown, ...gShown.slice(21)]));
    expect(() => gap.mergeTrack(later(12, 25, 100))).toThrow(/both show an object on frame 25:/);
  });

  it('setTrackedFrames (the tracker hook): non-fixed frames that a later key-frame correction keeps', () => {
    const a = load(track([snap(20, true, pts(20, 0, 30, 10))], 20));
    const tracked = [21, 22, 23, 24, 25].map((f) => ({
      frame: f,
      definition: mkBox(f + 1, 1, f + 11, 11, 'vehicle.car'),
    }));
    expect(a.setTrackedFrames([...tracked, { frame: 20, definition: mkBox(0, 0, 1, 1) }])).toBe(5);
    expect([a.endFrame, a.keyFrames()]).toEqual([25, [0, 20]]);
    expect(boxOf(a, 23)).toEqual([24, 1, 34, 11]);
    expect(boxOf(a, 20)).toEqual([20, 0, 30, 10]); // the key frame was not overwritten
    const snaps = sys(a.toJson() as J).snapshots_ as J[];
    expect(snaps.filter((s) => !s['fixed']).map((s) => s['frame'])).toEqual([21, 22, 23, 24, 25]);
    a.setKeyFrame(23, mkBox(50, 1, 60, 11, 'vehicle.car'));
    expect([boxOf(a, 22), boxOf(a, 24)]).toEqual([
      [23, 1, 33, 11],
      [25, 1, 35, 11],
    ]);
    expect(() => a.setTrackedFrames([{ frame: 30, definition: new Point({ label: 'p', x: 1, y: 1 }) }])).toThrow(
      DlError,
    );
  });

  it('an ellipse key frame on a box track and frames of other types throw typed errors', () => {
    const a = load(track([], 5));
    expect(() => a.setKeyFrame(3, new Ellipse({ label: 'x', x: 1, y: 1, rx: 1, ry: 1 }))).toThrow(DlError);
    expect(() => a.setKeyFrame(-1, mkBox(0, 0, 1, 1))).toThrow(/integer >= 0/);
  });
});
