// LayerStore.ordinal ("Car box 1" / "Car box 2"): counted again when what the rows are named by
// changes (members, label, type, objectId, ontology), not on a coordinate or attribute edit.
import { describe, expect, it, vi } from 'vitest';
import type { AnnotationJson } from './annotation-json.js';
import { LayerStore } from './layer-store.js';

const box = (id: string, label: string, x: number, system: Record<string, unknown> = {}): AnnotationJson => ({
  id,
  type: 'box',
  label,
  coordinates: [
    { x, y: 0, z: 0 },
    { x: x + 10, y: 10, z: 0 },
  ],
  metadata: { system: { attributes: {}, ...system } },
});

const ontology = (carName: string) => ({
  roots: [
    { value: { tag: 'car', displayLabel: carName, attributes: [] }, children: [] },
    { value: { tag: 'sign', displayLabel: 'Sign', attributes: [] }, children: [] },
  ],
});

describe('LayerStore.ordinal', () => {
  it('numbers objects sharing name and type, skips those with an objectId, recounts only when naming changes', () => {
    const store = new LayerStore();
    store.setOntology(ontology('Car'));
    store.annotations.reset([
      box('b1', 'car', 0),
      box('b2', 'car', 20),
      box('s1', 'sign', 40),
      box('t1', 'car', 60, { objectId: '7' }),
      box('t2', 'car', 80, { objectId: '8' }),
    ]);
    const rows = vi.spyOn(store, 'listedRows');
    const ords = () => ['b1', 'b2', 's1', 't1', 't2'].map((k) => store.ordinal(k));
    expect(ords()).toEqual([1, 2, 0, 0, 0]);
    expect(rows).toHaveBeenCalledTimes(1);
    // A coordinate edit (a nudge) and an attribute edit: no recount.
    const b1 = store.json('b1')!;
    store.annotations.edit([{ key: 'b1', after: { ...b1, coordinates: box('x', 'car', 5).coordinates } }]);
    store.annotations.edit([
      { key: 'b2', after: { ...store.json('b2')!, metadata: { system: { attributes: { occluded: true } } } } },
    ]);
    expect(ords()).toEqual([1, 2, 0, 0, 0]);
    expect(rows).toHaveBeenCalledTimes(1);
    // A create: recounted, the new Car box is the third.
    store.annotations.edit([{ key: 'b3', after: box('b3', 'car', 100) }]);
    expect(store.ordinal('b3')).toBe(3);
    expect(rows).toHaveBeenCalledTimes(2);
    // A relabel: b2 joins the sign.
    store.annotations.edit([{ key: 'b2', after: { ...store.json('b2')!, label: 'sign' } }]);
    expect(ords()).toEqual([1, 1, 2, 0, 0]);
    expect(store.ordinal('b3')).toBe(2);
    expect(rows).toHaveBeenCalledTimes(3);
    // An objectId given: b1 is "Car #9", b3 the only plain Car box.
    store.annotations.edit([{ key: 'b1', after: { ...store.json('b1')!, metadata: { system: { objectId: '9' } } } }]);
    expect([store.ordinal('b1'), store.ordinal('b3')]).toEqual([0, 0]);
    expect(rows).toHaveBeenCalledTimes(4);
    // A delete, then an ontology naming car "Sign" too: display names group, not tags.
    store.annotations.edit([{ key: 'b1', after: null }]);
    store.setOntology({
      roots: [
        { value: { tag: 'car', displayLabel: 'Sign', attributes: [] }, children: [] },
        { value: { tag: 'sign', displayLabel: 'Sign', attributes: [] }, children: [] },
      ],
    });
    expect(['b2', 's1', 'b3'].map((k) => store.ordinal(k))).toEqual([1, 2, 3]);
    expect(rows).toHaveBeenCalledTimes(5);
  });
});

describe('LayerStore.ordinal on a video', () => {
  // Three Car box tracks without an objectId: v1 on frames 0-10, v2 on 20-30, v3 on 0-30.
  const track = (id: string, frame: number, endFrame: number): AnnotationJson => ({
    ...box(id, 'car', 0),
    metadata: { system: { attributes: {}, frame, endFrame, snapshots_: [] } },
  });

  it('numbers every track of the video, on the shown frame or not, and a track keeps its number on every frame', () => {
    const store = new LayerStore();
    store.setOntology(ontology('Car'));
    store.annotations.reset([track('v1', 0, 10), track('v2', 20, 30), track('v3', 0, 30)]);
    const ords = () => ['v1', 'v2', 'v3'].map((k) => store.ordinal(k));
    for (const frame of [5, 25, 15]) {
      store.shapes.setFrame(frame);
      // Before, only the frame's tracks were numbered: at 5 [1, 0, 2], at 25 [0, 1, 2] (v3 was Car box 2
      // then, and v2, off the frame, a bare "Car box" in the required-attributes question).
      expect(ords(), `frame ${frame}`).toEqual([1, 2, 3]);
    }
    // A track relabelled (the whole track) leaves the group; the others keep their order.
    store.annotations.edit([{ key: 'v1', after: { ...store.json('v1')!, label: 'sign' } }]);
    expect(ords()).toEqual([0, 1, 2]);
  });

  it('a track with a snapshot of another label is named and numbered by its own label, so no two rows read alike', () => {
    // a: Car, with a snapshot at 30 saying Truck (imported data); b: Car; c: Truck. Before, at frame
    // 40 a's row read "Truck box 1" (the frame's label, numbered among the Cars) beside c's "Truck box".
    const store = new LayerStore();
    store.setOntology(ontology('Car'));
    const truckAt30 = {
      frame: 30,
      fixed: true,
      objectVisible: true,
      label: 'truck',
      type: 'box',
      data: box('', 'car', 5).coordinates,
    };
    const a = track('a', 0, 50);
    a.metadata!.system!.snapshots_ = [truckAt30];
    const c = { ...track('c', 0, 50), label: 'truck' };
    store.annotations.reset([a, track('b', 0, 50), c]);
    for (const frame of [10, 40]) {
      store.shapes.setFrame(frame);
      const rows = ['a', 'b', 'c'].map((k) => ({ name: store.objectName(k), n: store.ordinal(k) }));
      const byName = new Map<string, typeof rows>();
      for (const r of rows) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
      for (const [name, g] of byName)
        expect(g.map((r) => r.n).sort(), `${name} at ${frame}`).toEqual(g.length > 1 ? g.map((_, i) => i + 1) : [0]);
    }
    expect(['a', 'b', 'c'].map((k) => store.objectName(k))).toEqual(['Car', 'Car', 'truck']);
  });
});
