// The layer's per-annotation bookkeeping by int id (#16): the store gives every key one id for good,
// the shape index and renderer use it, static states are read from the JSON. Behaviour must be that
// of the maps by key it replaced: these tests pin it down across deletions, undo and resets.
import { describe, expect, it } from 'vitest';
import type { Shape } from '../../../geometry/shapes/shape.js';
import type { AnnotationJson } from './annotation-json.js';
import { staticState } from './frame-state.js';
import { LayerStore } from './layer-store.js';
import { NOTE_COLOR } from '../../internal/label-colors.js';
import type { ShapeSink } from './shape-index.js';

const pt = (id: string, x: number, label = 'p'): AnnotationJson => ({
  id,
  type: 'point',
  label,
  coordinates: { x, y: 2 * x, z: 0 },
});

/** A sink that keeps what the index sent, by id. */
function recorder(): ShapeSink & { shown: Map<number, { shape: Shape; z: number }> } {
  const shown = new Map<number, { shape: Shape; z: number }>();
  return {
    shown,
    set: (id, shape, _color, z) => void shown.set(id, { shape, z }),
    delete: (id) => void shown.delete(id),
    clear: () => shown.clear(),
  };
}

describe('per-annotation ids (#16)', () => {
  it('a key keeps its id through deletion, undo and resets; lookups follow the JSON, the renderer the ids', () => {
    const s = new LayerStore();
    const sink = recorder();
    s.shapes.sink = sink;
    s.annotations.reset([pt('a', 1), pt('b', 2), pt('c', 3)]);
    const ids = ['a', 'b', 'c'].map((k) => s.annotations.idOf(k));
    const zA = s.shapes.zOf('a');
    expect(new Set(ids).size).toBe(3);
    expect(ids.map((id) => s.shapes.keyOf(id))).toEqual(['a', 'b', 'c']);
    expect(ids.map((id) => s.shapes.idOf(s.shapes.keyOf(id)))).toEqual(ids);
    s.annotations.edit([{ key: 'b', after: null }]);
    expect(s.annotations.get('b')).toBeUndefined();
    expect(s.shapes.get('b')).toBeUndefined();
    expect(s.shapes.states.has('b')).toBe(false);
    expect(sink.shown.has(ids[1]!)).toBe(false);
    expect(s.shapes.size).toBe(2);
    s.annotations.undo();
    expect(s.annotations.idOf('b')).toBe(ids[1]);
    expect(s.annotations.keys()).toEqual(['a', 'c', 'b']);
    expect(s.shapes.get('b')!.rings[0]).toEqual([2, 4]);
    expect(sink.shown.get(ids[1]!)!.shape).toBe(s.shapes.get('b'));
    // new data: known keys keep their ids, new ones get the next; the old ones are gone everywhere
    s.annotations.reset([pt('d', 4), pt('a', 5), pt('a', 6)]);
    const keys = s.annotations.keys();
    expect(keys.slice(0, 2)).toEqual(['d', 'a']);
    expect(keys[2]).toMatch(/^local-/); // a duplicate id gets a local key
    expect(s.annotations.idOf('a')).toBe(ids[0]);
    expect(s.annotations.idOf('d')).toBeGreaterThan(Math.max(...ids));
    for (const k of ['b', 'c']) {
      expect(s.annotations.get(k)).toBeUndefined();
      expect(s.shapes.get(k)).toBeUndefined();
      expect(s.shapes.states.get(k)).toBeUndefined();
    }
    expect(s.shapes.size).toBe(3);
    expect(s.objectCount()).toBe(3);
    expect([...sink.shown.keys()].sort((x, y) => x - y)).toEqual(
      keys.map((k) => s.shapes.idOf(k)).sort((x, y) => x - y),
    );
    expect(keys.map((k) => (s.annotations.get(k)!.coordinates as { x: number }).x)).toEqual([4, 5, 6]);
    expect(keys.map((k) => s.shapes.get(k)!.rings[0]![0])).toEqual([4, 5, 6]);
    // paint order: a key keeps its own through a reset (as the map by key did), new keys come above
    const z = keys.map((k) => s.shapes.zOf(k));
    expect(z[1]).toBe(zA);
    expect(z[0]! > zA && z[2]! > z[0]!).toBe(true);
    s.shapes.restack(['d'], true);
    expect(s.shapes.zOf('d')).toBeGreaterThan(Math.max(...z));
    expect(sink.shown.get(s.shapes.idOf('d'))!.z).toBe(s.shapes.zOf('d'));
    expect(s.shapes.zOf('nothing')).toBe(-1);
  });

  it("an image annotation's state is made from its JSON on read; typeAt and the object count agree with it", () => {
    const s = new LayerStore();
    const note: AnnotationJson = {
      id: 'n',
      type: 'note',
      label: 'issue',
      coordinates: {
        box: [
          { x: 0, y: 0 },
          { x: 5, y: 5 },
        ],
        messages: [],
      },
    };
    s.annotations.reset([pt('a', 1, 'car'), note, pt('b', 2, 'sign')]);
    for (const k of ['a', 'n', 'b']) {
      expect(s.shapes.states.get(k)).toEqual(staticState(s.annotations.get(k)!));
      expect(s.shapes.typeAt(k)).toBe(s.shapes.states.get(k)!.type);
    }
    expect(s.shapes.typeAt('zzz')).toBeUndefined();
    expect(s.objectCount()).toBe(2);
    expect(s.listedRows()).toEqual({ keys: ['a', 'b', 'n'], objects: 2, subtitles: 0 });
    // a relabel is seen at once (the state reads the JSON the store has now)
    s.annotations.edit([{ key: 'a', after: pt('a', 1, 'person') }]);
    expect(s.shapes.states.get('a')!.label).toBe('person');
    // a hidden key keeps its state (listed) but leaves the renderer
    s.shapes.setHidden(['b'], true);
    expect(s.shapes.states.has('b')).toBe(true);
    expect(s.objectCount()).toBe(2);
  });

  it('on a video, a track keeps its frame state and an annotation without frames reads its JSON', () => {
    const s = new LayerStore();
    const track: AnnotationJson = {
      id: 't',
      type: 'point',
      label: 'p',
      coordinates: { x: 1, y: 1, z: 0 },
      metadata: { system: { frame: 0, endFrame: 10, snapshots_: [] } },
    };
    s.annotations.reset([track, pt('img', 3)]);
    s.shapes.setFrame(4);
    expect(s.shapes.states.get('t')).toMatchObject({ type: 'point', keyFrame: 0 });
    expect(s.shapes.states.get('img')!.type).toBe('point');
    s.shapes.setFrame(11); // past the track's end: no state, not counted
    expect(s.shapes.states.has('t')).toBe(false);
    expect(s.shapes.typeAt('t')).toBeUndefined();
    expect(s.objectCount()).toBe(1);
    s.shapes.setFrame(null);
    expect(s.shapes.states.get('t')).toEqual(staticState(track));
    expect(s.objectCount()).toBe(2);
  });
});

describe('the object count kept by the shapes (#16)', () => {
  it('equals a count of the listed rows after edits that change a type, deletions, undo, hiding, resets and frames', () => {
    const s = new LayerStore();
    const box = (id: string, x: number): AnnotationJson => ({
      id,
      type: 'box',
      label: 'car',
      coordinates: [
        { x, y: 0 },
        { x: x + 5, y: 5 },
      ],
    });
    const note = (id: string): AnnotationJson => ({
      id,
      type: 'note',
      label: 'issue',
      coordinates: {
        box: [
          { x: 0, y: 0 },
          { x: 5, y: 5 },
        ],
        messages: [],
      },
    });
    const counted = () => s.listedRows().objects;
    const check = (n: number) => {
      expect(s.objectCount()).toBe(n);
      expect(counted()).toBe(n);
    };
    s.annotations.reset([box('a', 0), note('n'), pt('p', 3), note('m')]);
    check(2);
    // a note becomes an object, then an object a note, then both in one edit
    s.annotations.edit([{ key: 'n', after: box('n', 9) }]);
    check(3);
    s.annotations.edit([{ key: 'p', after: note('p') }]);
    check(2);
    s.annotations.edit([
      { key: 'm', after: box('m', 4) },
      { key: 'n', after: note('n') },
    ]);
    check(2);
    s.annotations.edit([{ key: 'a', after: null }]);
    check(1);
    s.annotations.undo();
    check(2);
    s.annotations.undo();
    check(2);
    s.annotations.undo();
    check(3);
    s.annotations.undo();
    check(2);
    expect(s.shapes.typeAt('n')).toBe('note');
    s.annotations.redo();
    check(3);
    s.shapes.setHidden(['a'], true);
    check(3);
    // a reset counts anew (an id kept from before does not count twice)
    s.annotations.reset([note('a'), box('b', 1), box('n', 2)]);
    check(2);
    s.annotations.reset([]);
    check(0);
    // a track counts on the frames it has a state on
    const track: AnnotationJson = { ...box('t', 0), metadata: { system: { frame: 0, endFrame: 3, snapshots_: [] } } };
    s.annotations.reset([track, box('i', 1), note('q')]);
    s.shapes.setFrame(2);
    check(2);
    s.shapes.setFrame(5);
    check(1);
    s.shapes.setFrame(null);
    check(2);
  });

  it("the store's ids in key order follow its keys through edits, deletions, undo and resets", () => {
    const s = new LayerStore();
    const agree = () => {
      const keys = s.annotations.keys();
      expect(s.annotations.idsInOrder()).toEqual(keys.map((k) => s.annotations.idOf(k)));
    };
    s.annotations.reset([pt('a', 1), pt('b', 2), pt('c', 3), pt('d', 4)]);
    agree();
    s.annotations.edit([{ key: 'b', after: null }]);
    agree();
    s.annotations.edit([{ key: 'e', after: pt('e', 5) }]);
    s.annotations.edit([{ key: 'a', after: pt('a', 9) }]);
    agree();
    s.annotations.undo();
    s.annotations.undo();
    s.annotations.undo();
    agree();
    expect(s.annotations.keys()).toEqual(['a', 'c', 'd', 'b']);
    s.annotations.redo();
    agree();
    s.annotations.reset([pt('c', 1), pt('z', 2), pt('c', 3)]);
    agree();
    // the rebuild read every shape by those ids
    expect(s.annotations.keys().map((k) => s.shapes.get(k)!.rings[0]![0])).toEqual([1, 2, 3]);
  });
});

describe('the red of issue notes', () => {
  it('goes to issue notes whose label has no colour, never to a label for being named "note"', () => {
    const s = new LayerStore();
    const colors = new Map<number, string>();
    s.shapes.sink = {
      set: (id, _shape, color) => void colors.set(id, color),
      delete: (id) => void colors.delete(id),
      clear: () => colors.clear(),
    };
    const box = [
      { x: 0, y: 0 },
      { x: 5, y: 5 },
    ];
    const note = (id: string, label: string, status?: string): AnnotationJson => ({
      id,
      type: 'note',
      label,
      coordinates: { box, note: { messages: [], status: 'open' } },
      ...(status ? { metadata: { system: { status } } } : {}),
    });
    s.shapes.colors = new Map([['styled', '#00aa00']]);
    s.annotations.reset([
      { id: 'obj', type: 'box', label: 'note', coordinates: box },
      note('issue', 'note', 'issue'),
      note('comment', 'note'),
      note('styledIssue', 'styled', 'issue'),
    ]);
    const color = (k: string) => colors.get(s.shapes.idOf(k));
    // An object labelled "note" by an ontology that gives it no colour: its hash colour, not red.
    expect(color('obj')).not.toBe(NOTE_COLOR);
    expect(s.shapes.colorOf('note')).not.toBe(NOTE_COLOR);
    expect(color('issue')).toBe(NOTE_COLOR);
    expect(color('comment')).toBe(s.shapes.colorOf('note'));
    // The ontology's colour wins where it gives one.
    expect(color('styledIssue')).toBe('#00aa00');
  });
});
