import { describe, expect, it } from 'vitest';
import { type Annotation, AnnotationCollection, Box, Point } from './index.js';
import { DlError, DlParseError } from '../errors.js';
import { annotationJson } from './test-utils/sample-json.js';

const pts = (l: number, t: number, r: number, b: number) => [
  { x: l, y: t, z: 0 },
  { x: r, y: b, z: 0 },
];
const imageItem = {
  id: 'item-1',
  datasetId: 'ds-1',
  filename: '/a.jpg',
  metadata: { system: { mimetype: 'image/jpeg', width: 640, height: 480 } },
};
const videoItem = {
  id: 'item-v',
  datasetId: 'ds-1',
  filename: '/v.mp4',
  metadata: { fps: 25, system: { mimetype: 'video/mp4' } },
};

describe('AnnotationCollection.fromJson', () => {
  it('skips entries that fail to parse and reports each with its index; the rest loads', () => {
    const good1 = annotationJson('box', pts(1, 1, 2, 2), { label: 'b' });
    const bad1 = annotationJson('box', [{ x: 1 }, { x: 2, y: 2 }], { label: 'c' });
    const good2 = annotationJson('point', { x: 1, y: 1, z: 0 }, { label: 'a' });
    const bad2 = 'not an annotation';
    const coll = AnnotationCollection.fromJson([good1, bad1, good2, bad2], { item: imageItem });
    expect(coll.length).toBe(2);
    expect(coll.errors.map((e) => e.index)).toEqual([1, 3]);
    expect(coll.errors[0]!.error).toBeInstanceOf(DlParseError);
    expect(coll.errors[0]!.error.path).toBe('$.coordinates[0].y');
    expect(coll.errors[1]!.error.path).toBe('$');
    expect(coll.errors[0]!.json).toBe(bad1);
  });

  it('sorts images by label (code point order, stable)', () => {
    const labels = ['vehicle.car', 'Person', 'animal', 'vehicle', 'animal'];
    const list = labels.map((l, i) => annotationJson('point', { x: i, y: 0, z: 0 }, { label: l }));
    const coll = AnnotationCollection.fromJson(list, { item: imageItem });
    expect(coll.annotations.map((a) => a.label)).toEqual(['Person', 'animal', 'animal', 'vehicle', 'vehicle.car']);
    // stable: the two "animal" keep input order (x = 1 then 4)
    expect(coll.filter((a) => a.label === 'animal').map((a) => (a.annotationDefinition as Point).x)).toEqual([2, 4]);
  });

  it('sorts video annotations by start frame', () => {
    const mk = (frame: number, label: string) =>
      annotationJson('box', pts(1, 1, 2, 2), {
        label,
        system: { frame, startTime: frame / 25, endFrame: frame + 5, endTime: (frame + 5) / 25, snapshots_: [] },
      });
    const coll = AnnotationCollection.fromJson([mk(30, 'a'), mk(0, 'z'), mk(10, 'm')], { item: videoItem });
    expect(coll.annotations.map((a) => a.startFrame)).toEqual([0, 10, 30]);
    expect(coll.annotations.every((a) => a.isVideo && a.fps === 25)).toBe(true);
  });

  it('accepts an item export {_id, filename, metadata, annotations} and writes the same shape', () => {
    const exportJson = {
      _id: 'item-1',
      filename: '/a.jpg',
      metadata: { system: { mimetype: 'image/jpeg', width: 100, height: 50 } },
      annotations: [annotationJson('box', pts(1, 1, 2, 2), { system: { endFrame: 1 } })],
    };
    const coll = AnnotationCollection.fromJson(exportJson);
    expect(coll.isVideo).toBe(false);
    expect([coll.width, coll.height]).toEqual([100, 50]);
    expect(coll.annotations[0]!.isVideo).toBe(false); // mimetype wins over endFrame: 1
    expect(coll.toJsonList()).toStrictEqual(exportJson.annotations);
    const withItem = new AnnotationCollection({ item: imageItem, annotations: coll.annotations });
    expect(withItem.toJson()).toEqual({ _id: 'item-1', filename: '/a.jpg', annotations: exportJson.annotations });
  });

  it('rejects a non-list input as a whole with a DlParseError', () => {
    expect(() => AnnotationCollection.fromJson(42)).toThrowError(DlParseError);
    expect(() => AnnotationCollection.fromJson({ annotations: 'x' })).toThrowError(
      expect.objectContaining({ path: '$.annotations' }),
    );
  });
});

describe('AnnotationCollection.add', () => {
  it('adds frames without an item or fps: times are written as 0 (as the SDK), frames as given', () => {
    const coll = new AnnotationCollection();
    const box = new Box({ left: 1, top: 2, right: 11, bottom: 12, label: 'car' });
    coll.add(box, { objectId: 1, frameNum: 2, endFrameNum: 4 });
    const j = coll.annotations[0]!.toJson();
    const sys = (j['metadata'] as { system: Record<string, unknown> }).system;
    expect([sys['frame'], sys['endFrame'], sys['startTime'], sys['endTime']]).toEqual([2, 4, 0, 0]);
    expect((sys['snapshots_'] as { frame: number }[]).map((s) => s.frame)).toEqual([3, 4]);
    // Times still need fps to become frames.
    expect(() => coll.add(box.clone(), { objectId: 2, startTime: 1 })).toThrow(/fps/);
  });

  it('creates annotations per spec §1.6 with metadata.user.model from modelInfo', () => {
    const coll = new AnnotationCollection({ item: imageItem });
    coll.add(new Box({ label: 'car', left: 1, top: 2, right: 3, bottom: 4 }), {
      modelInfo: { name: 'yolo', confidence: 0.75, modelId: 'm1' },
    });
    coll.add([new Point({ label: 'p', x: 1, y: 1 }), new Point({ label: 'q', x: 2, y: 2 })], {
      automated: false,
      parentId: 'pp',
    });
    expect(coll.length).toBe(3);
    const [a, b] = coll.toJsonList();
    expect((a!['metadata'] as Record<string, unknown>)['user']).toEqual({
      model: { name: 'yolo', confidence: 0.75, model_id: 'm1' },
    });
    expect((b!['metadata'] as { system: unknown }).system).toEqual({
      parentId: 'pp',
      automated: false,
      attributes: {},
    });
    expect([a!['source'], a!['itemId'], a!['datasetId']]).toEqual(['sdk', 'item-1', 'ds-1']);
  });

  it('on video merges by objectId and requires it', () => {
    const coll = new AnnotationCollection({ item: videoItem });
    expect(() =>
      coll.add(new Box({ label: 'car', left: 0, top: 0, right: 1, bottom: 1 }), { frameNum: 0 }),
    ).toThrowError(DlError);
    coll.add(new Box({ label: 'car', left: 0, top: 0, right: 1, bottom: 1 }), { objectId: 1, frameNum: 0 });
    coll.add(new Box({ label: 'car', left: 2, top: 2, right: 3, bottom: 3 }), { objectId: '1', frameNum: 4 });
    coll.add(new Box({ label: 'bus', left: 0, top: 0, right: 9, bottom: 9 }), {
      objectId: 2,
      frameNum: 2,
      endFrameNum: 3,
    });
    expect(coll.length).toBe(2);
    const one = coll.find((a) => a.objectId === '1')!;
    expect([...one.frames.keys()].sort()).toEqual([0, 4]);
    const two = coll.find((a) => a.objectId === '2')!;
    expect([two.startFrame, two.endFrame, two.startTime, two.endTime]).toEqual([2, 3, 2 / 25, 3 / 25]);
  });

  it('getFrame returns the annotations present at a frame, set to that frame', () => {
    const coll = new AnnotationCollection({ item: videoItem });
    coll.add(new Box({ label: 'car', left: 0, top: 0, right: 1, bottom: 1 }), { objectId: 1, frameNum: 0 });
    coll.add(new Box({ label: 'car', left: 5, top: 5, right: 6, bottom: 6 }), { objectId: 1, frameNum: 10 });
    coll.add(new Box({ label: 'bus', left: 0, top: 0, right: 9, bottom: 9 }), { objectId: 2, frameNum: 20 });
    const at7 = coll.getFrame(7);
    expect(at7.length).toBe(1);
    expect((at7.at(0)!.annotationDefinition as Box).left).toBe(0); // held from frame 0
    expect((coll.getFrame(10).at(0)!.annotationDefinition as Box).left).toBe(5);
    expect(coll.getFrame(15).length).toBe(0); // after the car's last frame, before the bus's first
    expect(coll.getFrame(20).length).toBe(1);
    expect(coll.getFrame(21).length).toBe(0);
  });

  it('iterates, finds by id', () => {
    const list = [
      annotationJson('box', pts(1, 1, 2, 2), { top: { id: 'a1' } }),
      annotationJson('box', pts(1, 1, 3, 3), { top: { id: 'a2' } }),
    ];
    const coll = AnnotationCollection.fromJson(list, { isVideo: false });
    expect([...coll].map((a: Annotation) => a.id)).toEqual(['a1', 'a2']);
    expect(coll.getById('a2')!.id).toBe('a2');
  });
});
