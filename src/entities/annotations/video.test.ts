import { describe, expect, it } from 'vitest';
import { Annotation, AnnotationCollection, Box, Classification, FrameAnnotation, Subtitle } from './index.js';
import { DlError } from '../errors.js';
import { annotationJson } from './test-utils/sample-json.js';

const sys = (j: Record<string, unknown>) => (j['metadata'] as { system: Record<string, unknown> }).system;
const pts = (l: number, t: number, r: number, b: number) => [
  { x: l, y: t, z: 0 },
  { x: r, y: b, z: 0 },
];
const mkBox = (l: number, t: number, r: number, b: number) =>
  new Box({ label: 'car', left: l, top: t, right: r, bottom: b });
const videoItem = (fps: number) => ({
  id: 'item-v',
  datasetId: 'ds',
  metadata: { fps, system: { mimetype: 'video/mp4', fps } },
});

/** A video box track written by hand from spec §2.1: first frame at top level, later key frames in snapshots_. */
function track(snapshots: unknown[], system: Record<string, unknown> = {}) {
  return annotationJson('box', pts(10, 10, 20, 20), {
    system: { objectId: '1', frame: 0, startTime: 0, endTime: 0.4, endFrame: 10, snapshots_: snapshots, ...system },
  });
}
const snap = (frame: number, fixed: boolean, box: unknown, extra: Record<string, unknown> = {}) => ({
  frame,
  fixed,
  label: 'vehicle.car',
  type: 'box',
  objectVisible: true,
  data: box,
  namedAttributes: { color: 'red' },
  attributes: [],
  ...extra,
});

describe('spec §2.3 example: box at frames 0 (fixed), 5 (fixed), 10 (not fixed), fps 25', () => {
  it('gives frame 0, startTime 0, endTime 0.4, endFrame 10 and two snapshots', () => {
    const coll = new AnnotationCollection({ item: videoItem(25) });
    coll.add(mkBox(0, 0, 10, 10), { objectId: 1, frameNum: 0, fixed: true });
    coll.add(mkBox(5, 5, 15, 15), { objectId: 1, frameNum: 5, fixed: true });
    coll.add(mkBox(10, 10, 20, 20), { objectId: 1, frameNum: 10, fixed: false });
    expect(coll.length).toBe(1);
    const out = coll.annotations[0]!.toJson();
    const s = sys(out);
    expect([s['frame'], s['startTime'], s['endTime'], s['endFrame'], s['objectId']]).toEqual([0, 0, 0.4, 10, '1']);
    expect(out['coordinates']).toEqual(pts(0, 0, 10, 10));
    expect(s['snapshots_']).toEqual([
      {
        frame: 5,
        fixed: true,
        label: 'car',
        type: 'box',
        objectVisible: true,
        data: pts(5, 5, 15, 15),
        namedAttributes: {},
      },
      {
        frame: 10,
        fixed: false,
        label: 'car',
        type: 'box',
        objectVisible: true,
        data: pts(10, 10, 20, 20),
        namedAttributes: {},
      },
    ]);
    // emission order of snapshot keys (spec §2.1)
    expect(Object.keys((s['snapshots_'] as object[])[0]!)).toEqual([
      'frame',
      'fixed',
      'label',
      'type',
      'objectVisible',
      'data',
      'namedAttributes',
    ]);
    expect(Object.keys(s).slice(-5)).toEqual(['frame', 'startTime', 'endTime', 'endFrame', 'snapshots_']);
  });
});

describe('video JSON (spec §2.1)', () => {
  it('round-trips a track unchanged', () => {
    const json = track([
      snap(5, true, pts(12, 12, 22, 22)),
      snap(10, false, pts(14, 14, 24, 24), { description: 'moving' }),
    ]);
    const a = Annotation.fromJson(structuredClone(json));
    expect(a.isVideo).toBe(true);
    expect(a.toJson()).toStrictEqual(json);
  });

  it('detects video by metadata.system.endFrame > 0 only without item / isVideo', () => {
    const json = track([]);
    expect(Annotation.fromJson(json).isVideo).toBe(true);
    expect(Annotation.fromJson(json, { isVideo: false }).isVideo).toBe(false);
    expect(
      Annotation.fromJson(json, { item: { id: 'x', metadata: { system: { mimetype: 'image/jpeg' } } } }).isVideo,
    ).toBe(false);
    // image annotation JSON carrying UI frame keys round-trips unchanged when read as an image
    const img = annotationJson('box', pts(1, 1, 2, 2), {
      system: { frame: 0, endFrame: 1, endTime: 0, startTime: 0, snapshots_: [] },
    });
    expect(Annotation.fromJson(img, { isVideo: false }).toJson()).toStrictEqual(img);
    expect(Annotation.fromJson(img).toJson()).toStrictEqual(img);
  });

  it('fps comes from item.metadata.fps, defaults to 25; missing endTime defaults to 1.5', () => {
    const json = track([]);
    delete sys(json)['endTime'];
    const a = Annotation.fromJson(json);
    expect([a.fps, a.endTime]).toEqual([25, 1.5]);
    const b = Annotation.fromJson(json, {
      item: { id: json['itemId'] as string, metadata: { fps: 30, system: { mimetype: 'video/webm', fps: 12 } } },
    });
    expect(b.fps).toBe(30);
    expect(sys(b.toJson())['endTime']).toBe(1.5);
  });

  it('an item the annotation does not belong to only decides video/image (as the SDK)', () => {
    const json = track([]);
    const foreign = { id: 'another-item', metadata: { fps: 30, system: { mimetype: 'video/mp4' } } };
    const a = Annotation.fromJson(json, { item: foreign });
    expect([a.isVideo, a.fps, a.item]).toEqual([true, 25, null]);
    const own = Annotation.fromJson(json, { item: { ...foreign, id: json['itemId'] as string } });
    expect(own.fps).toBe(30);
  });

  it('reads legacy snapshots (no objectVisible, startTime inside, no namedAttributes, no endFrame)', () => {
    const legacy = {
      frame: 5,
      startTime: 0.2,
      fixed: false,
      label: 'Home',
      attributes: [],
      type: 'box',
      data: pts(3, 3, 4, 4),
    };
    const json = track([legacy, { ...legacy, frame: undefined, startTime: 0.24, data: pts(5, 5, 6, 6) }]);
    delete sys(json)['endFrame'];
    const a = Annotation.fromJson(json, { isVideo: true });
    const f5 = a.frames.get(5)!;
    expect([f5.fixed, f5.objectVisible, f5.label]).toEqual([false, true, 'Home']);
    expect(a.frames.has(6)).toBe(true); // missing frame = previous + 1
    const out = sys(a.toJson())['snapshots_'] as Record<string, unknown>[];
    expect(out).toHaveLength(2);
    expect(out[0]).toEqual({ ...legacy, objectVisible: true, namedAttributes: {} });
    expect('endFrame' in sys(a.toJson())).toBe(false);
  });

  it('snapshot errors carry the snapshot path', () => {
    const json = track([snap(5, true, pts(1, 1, 2, 2)), snap(6, true, [{ x: 1, y: 1 }])]);
    expect(() => Annotation.fromJson(json)).toThrowError(
      expect.objectContaining({ path: '$.metadata.system.snapshots_[1].data' }),
    );
    const noLabel = track([{ frame: 5, data: pts(1, 1, 2, 2) }]);
    expect(() => Annotation.fromJson(noLabel)).toThrowError(
      expect.objectContaining({ path: '$.metadata.system.snapshots_[0].label' }),
    );
    expect(() => Annotation.fromJson(track([snap(2.5, true, pts(1, 1, 2, 2))]))).toThrowError(
      /snapshots_\[0\]\.frame: expected an integer/,
    );
  });

  it('snapshot label and attributes belong to the frame', () => {
    const json = track([snap(5, true, pts(1, 1, 2, 2), { label: 'vehicle.bus', namedAttributes: { moving: true } })]);
    const a = Annotation.fromJson(json);
    expect(a.setFrame(5)).toBe(true);
    expect([a.label, a.attributes]).toEqual(['vehicle.bus', { moving: true }]);
    expect(a.toJson()['label']).toBe('vehicle.car'); // top level = first frame
  });
});

describe('frame model (spec §2.3)', () => {
  it('getFrame holds the last stored frame: copy marked interpolated, fixed=false, not emitted', () => {
    const json = track([snap(5, true, pts(12, 12, 22, 22))]);
    const a = Annotation.fromJson(structuredClone(json));
    const f3 = a.getFrame(3)!;
    expect(f3).toBeInstanceOf(FrameAnnotation);
    expect([f3.frameNum, f3.interpolated, f3.fixed]).toEqual([3, true, false]);
    expect(f3.definition.toCoordinates()).toEqual(pts(10, 10, 20, 20));
    const f8 = a.getFrame(8)!;
    expect(f8.definition.toCoordinates()).toEqual(pts(12, 12, 22, 22));
    // the held copy is independent of its source frame
    (f8.definition as Box).left = 0;
    expect((a.frames.get(5)!.definition as Box).left).toBe(12);
    expect(a.getFrame(11)).toBeUndefined();
    expect(a.frames.has(3)).toBe(true);
    expect(a.toJson()).toStrictEqual(json);
  });

  it('addFrame: a non-fixed frame equal to the previous one (all snapshot keys but frame) is interpolated and not emitted', () => {
    const a = Annotation.new({ item: videoItem(10), objectId: 2, annotationDefinition: mkBox(0, 0, 4, 4) });
    a.addFrame(mkBox(0, 0, 4, 4), 0, { fixed: true });
    a.addFrame(mkBox(0, 0, 4, 4), 2, { fixed: false }); // previous = held copy of 0 (fixed=false): equal
    a.addFrame(mkBox(1, 1, 5, 5), 3, { fixed: false }); // moved: kept
    a.addFrame(mkBox(1, 1, 5, 5), 4, { fixed: false }); // same as 3: interpolated
    expect([2, 3, 4].map((n) => a.frames.get(n)!.interpolated)).toEqual([true, false, true]);
    const s = sys(a.toJson());
    expect((s['snapshots_'] as { frame: number }[]).map((x) => x.frame)).toEqual([3]);
    expect([s['endFrame'], s['endTime']]).toEqual([4, 0.4]);
  });

  it('addFrame: `fixed` is part of the comparison, so a non-fixed copy right after a fixed frame is kept (SDK rule)', () => {
    const a = Annotation.new({ item: videoItem(10), objectId: 2, annotationDefinition: mkBox(0, 0, 4, 4) });
    a.addFrame(mkBox(0, 0, 4, 4), 0, { fixed: true });
    a.addFrame(mkBox(0, 0, 4, 4), 1, { fixed: false });
    expect(a.frames.get(1)!.interpolated).toBe(false);
    expect((sys(a.toJson())['snapshots_'] as unknown[]).length).toBe(1);
  });

  it('addFrame defaults to last frame + 1 and rejects another definition type', () => {
    const a = Annotation.new({ item: videoItem(25), annotationDefinition: mkBox(0, 0, 1, 1) });
    a.addFrame(mkBox(0, 0, 1, 1), 0);
    a.addFrame(mkBox(0, 0, 2, 2));
    expect([...a.frames.keys()]).toEqual([0, 1]);
    expect(() => a.addFrame(new Classification({ label: 'x' }), 2)).toThrowError(DlError);
  });

  it('addFrames stores one frame per frame of the inclusive range; times via roundHalfEven', () => {
    const a = Annotation.new({ item: videoItem(2), annotationDefinition: mkBox(0, 0, 1, 1) });
    a.addFrames(mkBox(0, 0, 1, 1), null, null, { startTime: 1.25, endTime: 2.25 }); // 2.5 -> 2, 4.5 -> 4
    expect([...a.frames.keys()].sort()).toEqual([0, 2, 3, 4]);
    const b = Annotation.new({ item: videoItem(25), annotationDefinition: mkBox(0, 0, 1, 1) });
    b.addFrames(mkBox(0, 0, 1, 1), 3, 6);
    expect([...b.frames.keys()].filter((k) => k >= 3)).toEqual([3, 4, 5, 6]);
  });

  it('frame/time conversion uses roundHalfEven and fps', () => {
    const a = Annotation.new({ item: videoItem(2), annotationDefinition: mkBox(0, 0, 1, 1) });
    a.startTime = 1.25; // 2.5 frames -> 2 (Math.round would give 3)
    expect(a.startFrame).toBe(2);
    a.endTime = 1.75; // 3.5 -> 4
    expect(a.endFrame).toBe(4);
    a.endFrame = 9;
    expect(a.endTime).toBe(4.5);
    a.fps = null;
    a.startTime = 3;
    expect(a.startFrame).toBe(0); // unknown fps: times become frame 0
  });

  it('addFrame without any fps keeps the frame (times 0, as dtlpy); only times need fps', () => {
    const a = Annotation.new({ annotationDefinition: mkBox(0, 0, 1, 1) });
    a.addFrame(mkBox(0, 0, 2, 2), 1);
    expect([a.startFrame, a.endFrame, a.startTime, a.endTime]).toEqual([0, 1, 0, 0]);
    expect(a.getFrame(1)?.definition.toCoordinates()).toEqual(mkBox(0, 0, 2, 2).toCoordinates());
    expect(() => a.addFrames(mkBox(0, 0, 1, 1), null, null, { startTime: 2 })).toThrowError(/fps/);
  });

  it('subtitles get frame/time keys but no snapshots_', () => {
    const coll = new AnnotationCollection({ item: videoItem(25) });
    coll.add(new Subtitle({ text: 'hi' }), { objectId: 9, frameNum: 25, endFrameNum: 50 });
    const s = sys(coll.annotations[0]!.toJson());
    expect([s['frame'], s['startTime'], s['endTime'], s['endFrame']]).toEqual([25, 1, 2, 50]);
    expect('snapshots_' in s).toBe(false);
  });

  it('classification tracks keep the snapshot data they were given', () => {
    const json = annotationJson('class', undefined, {
      system: {
        frame: 0,
        startTime: 0,
        endTime: 0.2,
        endFrame: 5,
        snapshots_: [
          { frame: 3, fixed: true, label: 'x', type: 'class', objectVisible: false, data: [], namedAttributes: {} },
        ],
      },
    });
    expect(Annotation.fromJson(structuredClone(json)).toJson()).toStrictEqual(json);
  });
});
