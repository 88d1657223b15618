// Pure parts of the layer (run in the browser project with the other component tests).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SpatialGrid } from './spatial-grid.js';
import { AnnotationStore } from './annotation-store.js';
import { parseShape, boxCorners, coordinatesFor } from './shape.js';
import { stateAtFrame, withCoordinatesAtFrame } from './video-frame.js';
import type { AnnotationJson } from './annotation-json.js';

const rect = fc.record({
  x: fc.integer({ min: -500, max: 3000 }),
  y: fc.integer({ min: -500, max: 3000 }),
  w: fc.integer({ min: 0, max: 700 }),
  h: fc.integer({ min: 0, max: 700 }),
});
const bounds = (r: { x: number; y: number; w: number; h: number }) => ({
  minX: r.x,
  minY: r.y,
  maxX: r.x + r.w,
  maxY: r.y + r.h,
});

describe('SpatialGrid', () => {
  it('search returns exactly the entries a brute-force scan finds, after inserts, moves and deletes', () => {
    fc.assert(
      fc.property(
        fc.array(rect, { minLength: 1, maxLength: 60 }),
        fc.array(rect, { maxLength: 20 }),
        rect,
        (items, moves, q) => {
          const g = new SpatialGrid(64);
          const live = new Map<number, ReturnType<typeof bounds>>();
          items.forEach((r, i) => (g.set(i, bounds(r)), live.set(i, bounds(r))));
          moves.forEach((r, i) => {
            const id = i % items.length;
            if (i % 3 === 2) g.delete(id), live.delete(id);
            else g.set(id, bounds(r)), live.set(id, bounds(r));
          });
          const b = bounds(q);
          const want = [...live]
            .filter(([, e]) => e.maxX >= b.minX && e.minX <= b.maxX && e.maxY >= b.minY && e.minY <= b.maxY)
            .map(([id]) => id)
            .sort((a, c) => a - c);
          expect(g.search(b).sort((a, c) => a - c)).toEqual(want);
        },
      ),
      { numRuns: 200 },
    );
  });
});

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
});

describe('shapes', () => {
  it('rotated box corners match dtlpy’s test vector (spec §3.7)', () => {
    // TL, TR, BR, BL here; dtlpy lists TL, BL, BR, TR: floor → [[91,2],[2,18],[18,107],[107,91]].
    const c = boxCorners({ left: 10, top: 10, right: 100, bottom: 100, angle: 80 }).map(Math.floor);
    expect([c.slice(0, 2), c.slice(6, 8), c.slice(4, 6), c.slice(2, 4)]).toEqual([
      [91, 2],
      [2, 18],
      [18, 107],
      [107, 91],
    ]);
  });
  it('boxes normalise to TL/BR and keep a non-zero angle as the third element; notes keep their note', () => {
    const s = parseShape('box', [
      { x: 100, y: 80, z: 0 },
      { x: 20, y: 10, z: 0 },
    ]);
    expect(s.box).toEqual({ left: 20, top: 10, right: 100, bottom: 80, angle: 0 });
    const n: AnnotationJson = {
      type: 'note',
      label: 'n',
      coordinates: {
        box: [
          { x: 1, y: 2, z: 0 },
          { x: 3, y: 4, z: 0 },
        ],
        note: { status: 'open', messages: [1] },
      },
    };
    expect(coordinatesFor(n, parseShape('note', n.coordinates))).toEqual(n.coordinates);
    expect(coordinatesFor({ type: 'box', label: 'b' }, { ...s, box: { ...s.box!, angle: 30 } })).toEqual([
      { x: 20, y: 10, z: 0 },
      { x: 100, y: 80, z: 0 },
      30,
    ]);
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
  it('an edit at a frame without a key frame adds a fixed snapshot and extends endFrame', () => {
    const e = withCoordinatesAtFrame(v, 12, 'F12');
    const sys = e.metadata!.system!;
    expect(sys.endFrame).toBe(12);
    expect((sys.snapshots_ as { frame: number }[]).map((s) => s.frame)).toEqual([5, 7, 12]);
    expect(withCoordinatesAtFrame(v, 2, 'X').coordinates).toBe('X');
  });
});
