// Pure parts of the layer's model (run in the browser project with the other component tests).
import { describe, expect, it } from 'vitest';
import { AnnotationStore } from './annotation-store.js';
import { sameState, stateAtFrame } from './frame-state.js';
import type { AnnotationJson } from './annotation-json.js';
import {
  editAtFrame,
  mergeTracks,
  newTrackSystem,
  relabelTrack,
  trackAction,
  withTrackedFrames,
} from './video-edit.js';
import { trackStateAt } from '../../../entities/annotations/track-state.js';

describe('AnnotationStore', () => {
  const a = (x: number): AnnotationJson => ({ id: 'a', type: 'point', label: 'p', coordinates: { x, y: 0, z: 0 } });
  it('merges mergeable edits of the same keys within 250 ms, not across, and redo clears on a new edit', () => {
    const s = new AnnotationStore();
    let t = 0;
    s.now = () => t;
    s.reset([a(0)]);
    s.edit([{ key: 'a', after: a(1) }], { mergeable: true });
    t = 249;
    s.edit([{ key: 'a', after: a(2) }], { mergeable: true });
    t = 600;
    s.edit([{ key: 'a', after: a(3) }], { mergeable: true });
    t = 700;
    s.edit([{ key: 'a', after: a(4) }], { mergeable: false }); // e.g. a drag's commit
    const x = () => (s.get('a')!.coordinates as { x: number }).x;
    expect([s.undo(), x()][1]).toBe(3);
    expect([s.undo(), x()][1]).toBe(2);
    expect([s.undo(), x()][1]).toBe(0);
    expect(s.undo()).toBeNull();
    s.redo();
    expect(x()).toBe(2);
    s.edit([{ key: 'a', after: a(9) }]);
    expect(s.redo()).toBeNull();
  });
  it('a deleted annotation comes back on undo; keys fall back to local ids for duplicates and missing ids', () => {
    const s = new AnnotationStore();
    s.reset([a(0), a(1), { type: 'class', label: 'c' }]);
    expect(s.keys()[0]).toBe('a');
    expect(s.keys()[1]).toMatch(/^local-/);
    expect(s.keys()[2]).toMatch(/^local-/);
    const changes: string[] = [];
    s.onChange = (c, cause) =>
      changes.push(`${cause}:${c.map((x) => (x.before ? (x.after ? 'u' : 'd') : 'c')).join('')}`);
    s.edit([{ key: 'a', after: null }]);
    s.undo();
    expect(changes).toEqual(['edit:d', 'undo:c']);
    expect(s.list().length).toBe(3);
  });
  it('replaceCoordinates gives a pending mask its PNG now and in every undo / redo step, without a step', () => {
    const s = new AnnotationStore();
    const m = (coordinates: string, label = 'm'): AnnotationJson => ({ type: 'binary', label, coordinates });
    s.reset([]);
    const causes: string[] = [];
    s.onChange = (_c, cause) => causes.push(cause);
    s.edit([{ key: 'k', after: m('pending') }]); // created with a placeholder
    s.edit([{ key: 'k', after: m('pending', 'relabelled') }]); // changed while pending
    s.edit([{ key: 'k', after: null }]); // deleted while pending
    expect(s.replaceCoordinates('k', 'pending', 'data:png')).toBeUndefined(); // gone now: history only
    expect(causes).toEqual(['edit', 'edit', 'edit']);
    s.undo();
    expect(s.get('k')).toEqual(m('data:png', 'relabelled'));
    s.undo();
    expect(s.get('k')).toEqual(m('data:png'));
    s.redo();
    expect(s.get('k')).toEqual(m('data:png', 'relabelled'));
    // present: replaced now as a sync change; other coordinates are left alone
    s.edit([{ key: 'j', after: m('pending-j') }]);
    expect(s.replaceCoordinates('j', 'other', 'x')).toEqual(m('pending-j'));
    expect(s.replaceCoordinates('j', 'pending-j', 'data:j')).toEqual(m('data:j'));
    expect(causes.at(-1)).toBe('sync');
    s.undo();
    expect(s.get('j')).toBeUndefined();
    s.redo();
    expect(s.get('j')).toEqual(m('data:j'));
  });
});

describe('video frames (hold last value, spec §2.3)', () => {
  const v: AnnotationJson = {
    type: 'box',
    label: 'car',
    coordinates: 'F0',
    metadata: {
      system: {
        frame: 2,
        endFrame: 9,
        snapshots_: [
          { frame: 5, data: 'F5' },
          { frame: 7, data: 'F7', objectVisible: false },
        ],
      },
    },
  };
  it('picks the nearest earlier key frame, hides outside the range and when not visible', () => {
    expect([1, 2, 4, 5, 6, 7, 9, 10].map((f) => stateAtFrame(v, f)?.coordinates ?? null)).toEqual([
      null,
      'F0',
      'F0',
      'F5',
      'F5',
      null,
      null,
      null,
    ]);
  });
  it('states compare by stored object, interpolated ones by value', () => {
    const t: AnnotationJson = {
      type: 'point',
      label: 'p',
      coordinates: { x: 0, y: 0, z: 0 },
      metadata: {
        system: { frame: 0, endFrame: 20, snapshots_: [{ frame: 10, fixed: true, data: { x: 10, y: 0, z: 0 } }] },
      },
    };
    expect(sameState(stateAtFrame(t, 3), stateAtFrame(t, 3))).toBe(true); // interpolated, equal values
    expect(sameState(stateAtFrame(t, 3), stateAtFrame(t, 4))).toBe(false);
    expect(sameState(stateAtFrame(t, 12), stateAtFrame(t, 15))).toBe(true); // both hold frame 10's object
    expect(sameState(stateAtFrame(t, 12), null)).toBe(false);
  });
});

describe('track edits through the entities (video-edit.ts)', () => {
  const video = { item: null, fps: 30, frameCount: 100 };
  const box = (x: number) => [
    { x, y: 10, z: 0 },
    { x: x + 20, y: 30, z: 0 },
  ];
  const track = (): AnnotationJson => ({
    id: 't1',
    type: 'box',
    label: 'car',
    coordinates: box(0),
    metadata: {
      system: {
        objectId: '3',
        frame: 0,
        startTime: 0,
        endFrame: 99,
        endTime: 3.3,
        snapshots_: [{ frame: 40, fixed: true, label: 'car', type: 'box', objectVisible: true, data: box(80) }],
      },
    },
  });
  const x0 = (a: AnnotationJson, f: number) => (trackStateAt(a, f)!.coordinates as { x: number }[])[0]!.x;
  const snaps = (a: AnnotationJson) => a.metadata!.system!.snapshots_ as Array<Record<string, any>>;

  it('an edit on an interpolated frame makes it a fixed key frame; the frames around follow it', () => {
    const a = track();
    expect(x0(a, 10)).toBe(20); // interpolated 0 -> 80 over 40 frames
    const e = editAtFrame(a, 20, box(100), video);
    const s20 = snaps(e).find((s) => s.frame === 20)!;
    expect(s20).toMatchObject({ fixed: true, objectVisible: true, label: 'car', type: 'box' });
    expect(s20.data[0].x).toBe(100);
    // The segments touched are written out (fixed: false) as the platform stores them.
    expect(snaps(e).find((s) => s.frame === 10)).toMatchObject({ fixed: false });
    expect(x0(e, 10)).toBe(50); // halfway 0 -> 100
    expect(x0(e, 30)).toBe(90); // halfway 100 -> 80
    expect(x0(e, 40)).toBe(80);
    expect(
      snaps(e)
        .filter((s) => s.fixed)
        .map((s) => s.frame),
    ).toEqual([20, 40]);
    // The input is not changed; ids and the rest of the metadata stay.
    expect(snaps(a)).toHaveLength(1);
    expect(e).toMatchObject({ id: 't1', label: 'car', coordinates: box(0) });
    expect(e.metadata!.system).toMatchObject({ objectId: '3', frame: 0, endFrame: 99 });
  });

  it('an edit on the first frame changes the top level; past the last key frame it holds', () => {
    const e = editAtFrame(track(), 0, box(8), video);
    expect((e.coordinates as { x: number }[])[0]!.x).toBe(8);
    expect(x0(e, 20)).toBe(44);
    const f = editAtFrame(track(), 60, box(70), video);
    expect(snaps(f).find((s) => s.frame === 60)).toMatchObject({ fixed: true });
    expect([x0(f, 50), x0(f, 80)]).toEqual([75, 70]);
  });

  it('relabels every frame of a track; tracked frames are stored unfixed and kept by a later correction', () => {
    const r = relabelTrack(track(), 'bus', video);
    expect(r.label).toBe('bus');
    expect(snaps(r).map((s) => s.label)).toEqual(['bus']);
    const t = withTrackedFrames(
      track(),
      [41, 42, 43].map((f) => ({ frame: f, coordinates: box(80 + (f - 40) * 3) })),
      video,
    );
    expect(snaps(t).map((s) => [s.frame, s.fixed])).toEqual([
      [40, true],
      [41, false],
      [42, false],
      [43, false],
    ]);
    const c = editAtFrame(t, 42, box(90), video);
    expect(snaps(c).map((s) => [s.frame, s.fixed])).toEqual([
      [40, true],
      [41, false],
      [42, true],
      [43, false],
    ]);
    expect(x0(c, 43)).toBe(89);
  });

  it('a new track takes the next objectId and runs to the end of the clip', () => {
    const sys = newTrackSystem(
      12,
      [track(), { type: 'box', label: 'x', metadata: { system: { objectId: '7' } } }],
      video,
    );
    expect(sys).toEqual({ frame: 12, startTime: 0.4, endFrame: 99, endTime: 3.3, snapshots_: [], objectId: '8' });
  });
});

describe('track actions (video-edit.ts trackAction, mergeTracks)', () => {
  const video = { item: null, fps: 30, frameCount: 100 };
  const box = (x: number) => [
    { x, y: 0, z: 0 },
    { x: x + 10, y: 10, z: 0 },
  ];
  const t = (id: string, frame: number, keys: Array<[number, number]>, objectId: string): AnnotationJson => ({
    id,
    type: 'box',
    label: 'car',
    coordinates: box(keys[0]![1]),
    metadata: {
      system: {
        objectId,
        frame,
        endFrame: 99,
        snapshots_: keys
          .slice(1)
          .map(([f, x]) => ({ frame: f, fixed: true, label: 'car', type: 'box', objectVisible: true, data: box(x) })),
      },
    },
  });
  const fixed = (a: AnnotationJson | null) =>
    (a!.metadata!.system!.snapshots_ as Array<{ frame: number; fixed: boolean }>)
      .filter((s) => s.fixed)
      .map((s) => s.frame);

  it('deleting the only key frame deletes the annotation; a frame that is not a key frame is refused', () => {
    expect(trackAction(t('a', 0, [[0, 0]], '1'), 'delete', 0, video)).toEqual({ after: null });
    expect(() =>
      trackAction(
        t(
          'a',
          0,
          [
            [0, 0],
            [10, 50],
          ],
          '1',
        ),
        'delete',
        5,
        video,
      ),
    ).toThrow(/not a key frame/);
    expect(
      fixed(
        trackAction(
          t(
            'a',
            0,
            [
              [0, 0],
              [10, 50],
            ],
            '1',
          ),
          'delete',
          10,
          video,
        ).after,
      ),
    ).toEqual([]);
  });

  it('split takes the next objectId of all tracks; merge keeps the track that starts first', () => {
    const a = t(
      'a',
      0,
      [
        [0, 0],
        [20, 40],
      ],
      '1',
    );
    const r = trackAction(a, 'split', 10, video, [t('b', 0, [[0, 0]], '4')]);
    expect(r.created!.metadata!.system).toMatchObject({ objectId: '5', frame: 10, endFrame: 99 });
    expect(r.after!.metadata!.system!.endFrame).toBe(9);
    const m = mergeTracks(r.created!, r.after!, video);
    expect(m.keep).toBe('b');
    expect(m.after.metadata!.system).toMatchObject({ objectId: '1', frame: 0, endFrame: 99 });
    expect(trackStateAt(m.after, 20)!.coordinates).toEqual(box(40));
    expect(() => trackAction(a, 'copy-next', 99, video)).toThrow(/last/);
  });
});
