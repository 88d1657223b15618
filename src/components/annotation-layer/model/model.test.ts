// Pure parts of the layer's model (run in the browser project with the other component tests).
import { describe, expect, it } from 'vitest';
import { AnnotationStore } from './annotation-store.js';
import { stateAtFrame, withCoordinatesAtFrame } from './frame-state.js';
import type { AnnotationJson } from './annotation-json.js';

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
