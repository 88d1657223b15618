// The scene's entries by id (#16): an array by id with the reads of the Map it replaced.
import { describe, expect, it } from 'vitest';
import { parseShape } from '../../../entities/annotations/shape-coordinates.js';
import { type EntryTable, TileScene } from './tile-scene.js';

describe('TileScene entries', () => {
  it('set, replace, delete and clear keep size, lookups, the grid and the paint order; iteration is by id', () => {
    const scene = new TileScene();
    const p = (x: number) => parseShape('point', { x, y: x });
    scene.set(5, p(10), '#ff0000', 2);
    scene.set(0, p(20), '#00ff00', 1);
    scene.set(3000, p(30), '#ff0000', 0); // far past the others: no gap problem
    expect(scene.entries.size).toBe(3);
    expect([...scene.entries].map(([id]) => id)).toEqual([0, 5, 3000]);
    expect([...scene.entries.values()].map((e) => e.z)).toEqual([1, 2, 0]);
    expect(scene.entries.get(5)!.color).toBe('#ff0000');
    expect(scene.entries.has(4)).toBe(false);
    expect(scene.entries.get(4)).toBeUndefined();
    expect(scene.idsIn({ minX: 0, minY: 0, maxX: 100, maxY: 100 })).toEqual([3000, 0, 5]);
    scene.set(5, p(40), '#0000ff', -1); // replaced: same count, new values
    expect(scene.entries.size).toBe(3);
    expect(scene.entries.get(5)!.color).toBe('#0000ff');
    expect(scene.idsIn({ minX: 0, minY: 0, maxX: 100, maxY: 100 })).toEqual([5, 3000, 0]);
    scene.delete(0);
    scene.delete(0);
    scene.delete(77);
    expect(scene.entries.size).toBe(2);
    expect([...scene.entries].map(([id]) => id)).toEqual([5, 3000]);
    expect(scene.idsIn({ minX: 0, minY: 0, maxX: 100, maxY: 100 })).toEqual([5, 3000]);
    scene.clear();
    expect(scene.entries.size).toBe(0);
    expect([...scene.entries]).toEqual([]);
    expect(() => (scene.entries as EntryTable).set(1.5, scene.entries.get(0)!)).toThrow(RangeError);
  });
});
