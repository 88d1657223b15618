// The shape index's fast path for box tracks (box-track.ts) against the entities' rule: at every
// frame, in any order, each annotation's state and shape must be what `stateAtFrame` + `parseShape`
// give from the JSON (a second implementation of the track rule, the one the JSON export uses).
import { describe, expect, it } from 'vitest';
import { parseShape } from '../../../entities/annotations/shape-coordinates.js';
import type { Shape } from '../../../geometry/shapes/shape.js';
import type { AnnotationJson } from './annotation-json.js';
import { AnnotationStore } from './annotation-store.js';
import { stateAtFrame } from './frame-state.js';
import { ShapeIndex, type ShapeSink } from './shape-index.js';

const box = (l: number, t: number, r: number, b: number, angle?: number) => {
  const c: unknown[] = [
    { x: l, y: t, z: 0 },
    { x: r, y: b, z: 0 },
  ];
  if (angle !== undefined) c.push(angle);
  return c;
};
const snap = (frame: number, data: unknown, extra: Record<string, unknown> = {}) => ({
  frame,
  fixed: true,
  objectVisible: true,
  data,
  ...extra,
});

/** Tracks with every case of the rule: held gaps, hidden frames, duplicates, angles, malformed data. */
function tracks(): AnnotationJson[] {
  return [
    {
      id: 'a',
      type: 'box',
      label: 'car',
      coordinates: box(0, 0, 10, 10),
      metadata: {
        system: {
          frame: 0,
          endFrame: 55,
          snapshots_: [
            snap(20, box(100, 50, 130, 90)),
            snap(10, box(40, 20, 60, 40)), // out of order in the list
            snap(25, box(7, 7, 9, 9), { fixed: false }), // tracker output: held, not interpolated
            snap(30, box(0, 0, 1, 1), { objectVisible: false }),
            snap(35, box(10, 10, 20, 20), { label: 'truck' }),
            snap(40, box(11, 11, 21, 21)),
            snap(40, box(12, 12, 22, 22), { label: 'bus' }), // the later of two at one frame wins
            snap(45, box(20, 20, 40, 30, 30)),
            snap(50, box(30, 20, 50, 30, -30)),
            { frame: 52, fixed: true, objectVisible: true, coordinates: box(60, 60, 70, 70), data: box(0, 0, 0, 0) },
            snap(54, 'not a box'),
            'not a snapshot',
            snap(60, box(90, 90, 95, 95)), // past endFrame: still the key frame after 54
          ],
        },
      },
    },
    {
      id: 'b',
      type: 'box',
      label: 'person',
      coordinates: box(30, 30, 10, 10), // corners reversed
      metadata: {
        system: {
          frame: 5,
          endFrame: 40,
          snapshots_: [snap(3, box(0, 0, 1, 1)), snap(5, box(0, 0, 2, 2)), snap(33, box(5, 60, 25, 80))],
        },
      },
    },
    {
      id: 'c',
      type: 'segment',
      label: 'zone',
      coordinates: [
        [
          { x: 0, y: 0 },
          { x: 10, y: 0 },
          { x: 0, y: 10 },
        ],
      ],
      metadata: {
        system: {
          frame: 0,
          endFrame: 40,
          snapshots_: [
            snap(20, [
              [
                { x: 20, y: 0 },
                { x: 30, y: 0 },
                { x: 20, y: 10 },
              ],
            ]),
          ],
        },
      },
    },
    { id: 'd', type: 'box', label: 'sign', coordinates: box(1, 2, 3, 4) }, // no frames: on every frame
  ];
}

function setup() {
  const store = new AnnotationStore();
  const index = new ShapeIndex(store);
  const sent = new Map<number, Shape>();
  const sink: ShapeSink = {
    set: (id, shape) => sent.set(id, shape),
    delete: (id) => sent.delete(id),
    clear: () => sent.clear(),
  };
  index.sink = sink;
  store.onChange = (changes, cause) => {
    if (cause === 'reset') index.rebuild();
    else for (const c of changes) index.refresh(c.key);
  };
  return { store, index, sent };
}

/** Checks every annotation at `frame` against `stateAtFrame` + `parseShape`. */
function expectFrame(store: AnnotationStore, index: ShapeIndex, sent: Map<number, Shape>, frame: number): void {
  for (const key of store.keys()) {
    const a = store.get(key)!;
    const want = stateAtFrame(a, frame);
    const where = `${key} at frame ${frame}`;
    if (!want) {
      expect(index.get(key), where).toBeUndefined();
      expect(sent.has(index.idOf(key)), where).toBe(false);
      continue;
    }
    const got = index.states.get(key);
    expect(got, where).toBeDefined();
    expect(
      {
        label: got!.label,
        type: got!.type,
        coordinates: got!.coordinates,
        interpolated: got!.interpolated,
      },
      where,
    ).toEqual({
      label: want.label,
      type: want.type,
      coordinates: want.coordinates,
      interpolated: want.interpolated,
    });
    // (A held frame keeps the state object of the stored frame it holds, `keyed` included: the index
    // re-reads a track only when what it draws changes.)
    if (want.interpolated)
      expect([got!.keyFrame, got!.snapshotIndex, got!.keyed], where).toEqual([
        want.keyFrame,
        want.snapshotIndex,
        false,
      ]);
    const shape = parseShape(want.type, want.coordinates);
    expect(index.get(key), where).toEqual(shape);
    expect(sent.get(index.idOf(key)), where).toEqual(shape);
  }
}

describe('ShapeIndex box tracks', () => {
  it('matches the entities track rule at every frame, sequentially, backwards and in a random order', () => {
    const { store, index, sent } = setup();
    store.reset(tracks());
    index.setFrame(0);
    const order = [...Array(64).keys()].map((i) => i - 2);
    let s = 11;
    const shuffled = [...order].sort(() => ((s = (s * 1103515245 + 12345) >>> 0) % 3) - 1);
    for (const f of [...order, ...[...order].reverse(), ...shuffled]) {
      index.setFrame(f);
      expectFrame(store, index, sent, f);
    }
    // Interpolated on the fast path: halfway between key frames 0 and 10, the box 'a' is at (20, 10)–(35, 25).
    index.setFrame(5);
    expect(index.get('a')!.box).toEqual({ left: 20, top: 10, right: 35, bottom: 25, angle: 0 });
    expect(index.states.get('a')!.interpolated).toBe(true);
  });

  it('reads a track again after an edit replaced its JSON', () => {
    const { store, index, sent } = setup();
    store.reset(tracks());
    index.setFrame(15);
    expectFrame(store, index, sent, 15);
    const a = store.get('a')!;
    const sys = a.metadata!.system!;
    const edited: AnnotationJson = {
      ...a,
      metadata: {
        ...a.metadata,
        system: { ...sys, snapshots_: [snap(20, box(200, 100, 260, 180)), snap(10, box(40, 20, 60, 40))] },
      },
    };
    store.edit([{ key: 'a', after: edited }], { mergeable: false });
    for (const f of [16, 15, 12]) {
      index.setFrame(f);
      expectFrame(store, index, sent, f);
    }
    // 15 is halfway between (40, 20)–(60, 40) at 10 and (200, 100)–(260, 180) at 20.
    index.setFrame(15);
    expect(index.get('a')!.box).toEqual({ left: 120, top: 60, right: 160, bottom: 110, angle: 0 });
  });
});
