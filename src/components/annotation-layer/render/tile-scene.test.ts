// The scene's entries by id (#16): an array by id with the reads of the Map it replaced.
import { describe, expect, it } from 'vitest';
import { parseShape } from '../../../entities/annotations/shape-coordinates.js';
import { releasePaintPools } from './tile-painter.js';
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

describe('TileScene.idsIn paint order (packed-key sort, #16)', () => {
  /** The order idsIn had: the grid's ids sorted by paint order with the comparator (stable: ties in the grid's order). */
  const reference = (scene: TileScene, r: { minX: number; minY: number; maxX: number; maxY: number }) => {
    const z = new Map<number, number>();
    for (const [id, e] of scene.entries) z.set(id, e.z);
    return scene.grid.search(r, []).sort((a, b) => z.get(a)! - z.get(b)!);
  };
  const r = { minX: 0, minY: 0, maxX: 1000, maxY: 1000 };
  const build = (columns: boolean, zOf: (i: number) => number) => {
    const scene = new TileScene({ columns });
    let s = 7;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 900;
    for (let i = 0; i < 700; i++) {
      const x = rnd();
      const y = rnd();
      scene.set(
        i,
        parseShape('segment', [
          [
            { x, y },
            { x: x + 20, y },
            { x: x + 20, y: y + 20 },
          ],
        ]),
        '#ff0000',
        zOf(i),
      );
    }
    return scene;
  };
  for (const columns of [false, true])
    it(`orders as the comparator did, ties in the grid's order, every kind of paint order (${columns ? 'columns' : 'table'})`, () => {
      const cases: Array<[string, (i: number) => number]> = [
        ['ties (7 values)', (i) => (i * 37) % 7],
        ['distinct, reversed', (i) => 5000 - i],
        ['one sent to back (negative)', (i) => (i === 300 ? -1 : i % 11)],
        ['fractional', (i) => (i % 5) + (i % 2 ? 0.5 : 0)],
        ['brought to front (2^40)', (i) => (i === 10 ? 2 ** 40 : i % 3)],
        ['2^32 - 1', (i) => (i % 2 ? 4294967295 : i % 4)],
      ];
      for (const [name, zOf] of cases) {
        const scene = build(columns, zOf);
        const got = scene.idsIn(r);
        expect(got.length, name).toBeGreaterThan(500);
        expect(got, name).toEqual(reference(scene, r));
      }
    });

  it("the sort's scratch keys grow with a long list and the idle release (releasePaintPools) gives them back", () => {
    const scene = new TileScene({ columns: true });
    for (let i = 0; i < 5000; i++)
      scene.set(i, parseShape('point', { x: i % 100, y: Math.floor(i / 100) }), '#f00', i % 9);
    const keys = () => (scene as unknown as { keys: Float64Array }).keys.length;
    const ids = scene.idsIn(r);
    expect(ids.length).toBe(5000);
    expect(keys()).toBeGreaterThanOrEqual(5000);
    releasePaintPools(scene);
    expect(keys()).toBe(1024);
    // The sort still works after (and grows again on need), in the same order.
    expect(scene.idsIn(r)).toEqual(ids);
    expect(ids).toEqual(reference(scene, r));
  });

  it('kindOf reads the kind of table and columns scenes alike', () => {
    for (const columns of [false, true]) {
      const scene = new TileScene({ columns });
      scene.set(3, parseShape('point', { x: 1, y: 2 }), '#ff0000', 0);
      scene.set(
        9,
        parseShape('segment', [
          [
            { x: 0, y: 0 },
            { x: 5, y: 0 },
            { x: 5, y: 5 },
          ],
        ]),
        '#00ff00',
        1,
      );
      expect([scene.kindOf(3), scene.kindOf(9)]).toEqual(['point', 'segment']);
    }
  });
});
