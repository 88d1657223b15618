import { afterEach, describe, expect, it } from 'vitest';
import { ann, mountLayer } from './layer-test-utils.js';
import { drag, frames, pointer } from '../internal/test-utils.js';

afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));

const BOX = () => ann('box', 'car', [{ x: 20, y: 20, z: 0 }, { x: 120, y: 80, z: 0 }], 'b1');
const POLY = () => ann('segment', 'person', [[{ x: 200, y: 20 }, { x: 300, y: 20 }, { x: 300, y: 120 }, { x: 200, y: 120 }]], 'p1');

describe('<dl-annotation-layer> as a child of a re-rendering host', () => {
  it('setting the same annotations array again keeps selection, edits and undo; a different array resets', async () => {
    const list = [BOX(), POLY()];
    const { layer } = await mountLayer(list);
    pointer(layer, 'pointerdown', 70, 50);
    pointer(layer, 'pointerup', 70, 50);
    drag(layer, 70, 50, 80, 60, 3);
    await frames(2);
    expect(layer.selected.map((a) => a.id)).toEqual(['b1']);
    const moved = layer.annotations.find((a) => a.id === 'b1')!.coordinates as Array<{ x: number }>;
    expect(moved[0].x).toBe(30);
    // What a Lit host does on every render: the same value again.
    layer.annotations = list;
    await layer.updateComplete;
    expect(layer.selected.map((a) => a.id)).toEqual(['b1']);
    expect((layer.annotations.find((a) => a.id === 'b1')!.coordinates as Array<{ x: number }>)[0].x).toBe(30);
    expect(layer.undo()).toBe(true);
    expect((layer.annotations.find((a) => a.id === 'b1')!.coordinates as Array<{ x: number }>)[0].x).toBe(20);
    // A new value (even with equal content) is a new item's annotations: everything resets.
    layer.redo();
    layer.annotations = [BOX(), POLY()];
    expect(layer.selected).toEqual([]);
    expect(layer.undo()).toBe(false);
    expect((layer.annotations.find((a) => a.id === 'b1')!.coordinates as Array<{ x: number }>)[0].x).toBe(20);
  });

  it('setting the same AnnotationCollection instance again does not reset', async () => {
    const { AnnotationCollection } = await import('../../entities/annotations/index.js');
    const coll = AnnotationCollection.fromJson([BOX(), POLY()], { isVideo: false });
    const { layer } = await mountLayer(coll);
    layer.select(['p1']);
    layer.annotations = coll;
    expect(layer.selected.map((a) => a.id)).toEqual(['p1']);
    layer.annotations = AnnotationCollection.fromJson([BOX()], { isVideo: false });
    expect(layer.selected).toEqual([]);
    expect(layer.model.shapes.size).toBe(1);
  });
});
