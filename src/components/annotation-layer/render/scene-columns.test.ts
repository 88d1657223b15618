// The tile worker's scene storage (#16): shapes kept as columns over their posted batches and read
// through one reused row cursor. Every read must give what the page's scene (an object per shape)
// gives for the same shapes, through replacements, deletions, masks and clears; and nothing is
// made per read (one entry, one cursor, one bounds object).
import { describe, expect, it } from 'vitest';
import { parseShape } from '../../../entities/annotations/shape-coordinates.js';
import type { Shape } from '../../../geometry/shapes/shape.js';
import type { MaskImage } from '../model/shape-index.js';
import type { SceneColumns } from './scene-columns.js';
import { ringsOf } from './shape-path.js';
import { TileScene } from './tile-scene.js';
import { isFloat32Kind, packShapes } from './tile-worker-protocol.js';

const COLORS = ['#ff3b30', '#34c759', '#0a84ff'];

/** Seeded shapes of every kind the worker stores: multi-ring polygons, lines, boxes, ellipses, points, notes, cubes, poses, classes. */
function shapes(n: number, seed = 5): Shape[] {
  let s = seed;
  const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const out: Shape[] = [];
  for (let i = 0; i < n; i++) {
    const cx = 20 + rnd() * 900;
    const cy = 20 + rnd() * 900;
    const r = 4 + rnd() * 40;
    const ring = (rr: number, k = 7) =>
      Array.from({ length: k }, (_, j) => ({
        x: cx + rr * Math.cos((j / k) * 6.283),
        y: cy + rr * Math.sin((j / k) * 6.283),
      }));
    const box = [
      { x: cx - r, y: cy - r / 2 },
      { x: cx + r, y: cy + r / 2 },
    ];
    switch (i % 8) {
      case 0:
        out.push(parseShape('segment', [ring(r), ring(r / 2, 5), ring(r / 4, 4)]));
        break;
      case 1:
        out.push(parseShape('polyline', [ring(r, 6)]));
        break;
      case 2:
        out.push(parseShape('box', box));
        break;
      case 3:
        out.push(parseShape('ellipse', { center: { x: cx, y: cy }, rx: r, ry: r / 3, angle: rnd() * 90 }));
        break;
      case 4:
        out.push(parseShape('point', { x: cx, y: cy }));
        break;
      case 5:
        out.push(parseShape('note', { box }));
        break;
      case 6:
        out.push(parseShape('segment', [ring(r, 12)]));
        break;
      default:
        out.push(parseShape('class', null));
    }
  }
  return out;
}

/** Adds `list` (ids from `from`) to both scenes: the page's one by one, the columns one as a posted batch. */
function add(page: TileScene, cols: TileScene, list: Shape[], from: number, z0 = 0): void {
  const ids = list.map((_, i) => from + i);
  const colors = list.map((_, i) => COLORS[(from + i) % COLORS.length]!);
  const z = list.map((_, i) => z0 + i);
  list.forEach((sh, i) => page.set(ids[i]!, sh, colors[i]!, z[i]!, page.entries.get(ids[i]!)?.mask));
  // cloned: as a message delivers it
  cols.setPacked(structuredClone(packShapes({ ids, shapes: list, colors, z })));
}

/** Everything the painter reads of a shape, as plain values. */
function read(scene: TileScene, id: number) {
  const e = scene.entries.get(id);
  if (!e) return undefined;
  const s = e.shape;
  const v = ringsOf(s);
  const rings: number[][] = [];
  for (let k = 0; k < v.count; k++) rings.push(Array.from(v.arr(k)).slice(v.off(k), v.off(k) + v.len(k)));
  return {
    kind: s.kind,
    closed: s.closed,
    bounds: { ...s.bounds },
    ellipse: s.kind === 'ellipse' ? { ...s.ellipse } : undefined,
    rings,
    viaRings: s.rings.map((r) => Array.from(r)),
    color: e.color,
    fill: e.fill,
    z: e.z,
    wide: e.wide,
    mask: e.mask,
  };
}

/** The page's read with its rings as the worker stores them (float32 for segments and polylines). */
function expected(page: TileScene, id: number) {
  const r = read(page, id);
  if (!r || !isFloat32Kind(r.kind)) return r;
  const f = (a: number[]) => Array.from(Float32Array.from(a));
  return { ...r, rings: r.rings.map(f), viaRings: r.viaRings.map(f) };
}

function expectSame(page: TileScene, cols: TileScene, ids: number) {
  expect(cols.entries.size).toBe(page.entries.size);
  for (let id = 0; id < ids; id++) expect(read(cols, id), `id ${id}`).toEqual(expected(page, id));
  for (const r of [
    { minX: 0, minY: 0, maxX: 1000, maxY: 1000 },
    { minX: 100, minY: 200, maxX: 400, maxY: 300 },
    { minX: 600, minY: 600, maxX: 650, maxY: 900 },
  ]) {
    expect(cols.idsIn(r)).toEqual(page.idsIn(r));
    expect(cols.idsIn(r, { minX: r.minX + 20, minY: r.minY + 20, maxX: r.maxX - 20, maxY: r.maxY - 20 })).toEqual(
      page.idsIn(r, { minX: r.minX + 20, minY: r.minY + 20, maxX: r.maxX - 20, maxY: r.maxY - 20 }),
    );
  }
}

const mask = (x: number): MaskImage => ({ image: new OffscreenCanvas(1, 1), x, y: 0, width: 1, height: 1 });

describe('TileScene columns (the tile worker scene)', () => {
  it('reads every kind as the page scene holds it (multi-ring, float32 lines, ellipses, points) through replace, delete and clear', () => {
    const page = new TileScene();
    const cols = new TileScene({ columns: true });
    expect(cols.columnar).toBe(true);
    add(page, cols, shapes(80), 0);
    expectSame(page, cols, 90);
    // replace a stretch (new kinds at some ids) in a second batch, as an edit or a reload does
    add(page, cols, shapes(30, 77), 20, 500);
    expectSame(page, cols, 90);
    for (const id of [0, 3, 4, 21, 79]) {
      page.delete(id);
      cols.delete(id);
    }
    expectSame(page, cols, 90);
    expect(cols.entries.get(3)).toBeUndefined();
    expect([...cols.entries].map(([id]) => id)).toEqual([...page.entries].map(([id]) => id));
    page.clear();
    cols.clear();
    expect(cols.entries.size).toBe(0);
    expect(cols.idsIn({ minX: 0, minY: 0, maxX: 1000, maxY: 1000 })).toEqual([]);
    add(page, cols, shapes(16, 9), 3);
    expectSame(page, cols, 20);
  });

  it('keeps masks through a replacing batch, drops them with the shape; wide and maskCount follow', () => {
    const page = new TileScene();
    const cols = new TileScene({ columns: true });
    add(page, cols, shapes(24), 0);
    const m2 = mask(2);
    const m6 = mask(6);
    for (const s of [page, cols]) {
      expect(s.setMask(2, m2)).toBe(true);
      expect(s.setMask(6, m6)).toBe(true);
      expect(s.setMask(500, mask(0))).toBe(false);
    }
    expect(cols.maskCount).toBe(2);
    expect(cols.entries.get(2)!.mask).toBe(m2);
    expect(cols.entries.get(2)!.wide).toBe(true);
    add(page, cols, shapes(8, 3), 0); // replaces 0-7: 2 and 6 keep their masks
    expectSame(page, cols, 24);
    expect(cols.entries.get(6)!.mask).toBe(m6);
    cols.setMask(2, undefined);
    page.setMask(2, undefined);
    // the columns read `wide` from the mask and the kind at once (a box without a mask is narrow);
    // the page's entry keeps the flag it was set with until it is set again
    expect(cols.entries.get(2)!.wide).toBe(false);
    const e2 = page.entries.get(2)!;
    page.set(2, e2.shape, e2.color, e2.z);
    cols.delete(6);
    page.delete(6);
    expect(cols.maskCount).toBe(0);
    expectSame(page, cols, 24);
  });

  it('restyles fills and keeps colour order and culling counts by id', () => {
    const page = new TileScene();
    const cols = new TileScene({ columns: true });
    add(page, cols, shapes(12), 0);
    for (const s of [page, cols]) {
      s.fillOpacity = 0.5;
      s.restyle();
    }
    expectSame(page, cols, 12);
    expect([...cols.colorOrder]).toEqual([...page.colorOrder]);
    cols.entries.get(4)!.built++;
    cols.entries.get(4)!.built++;
    cols.entries.get(5)!.built++;
    expect(cols.entries.get(4)!.built).toBe(2);
    expect(cols.entries.get(5)!.built).toBe(1);
  });

  it('hands out one reused entry and cursor (nothing made per read), and drops a batch none of whose rows is used', () => {
    const cols = new TileScene({ columns: true });
    const page = new TileScene();
    add(page, cols, shapes(16), 0);
    const a = cols.entries.get(1)!;
    const b1 = a.shape.bounds;
    const b = cols.entries.get(2)!;
    expect(b).toBe(a);
    expect(b.shape.bounds).toBe(b1);
    expect(ringsOf(b.shape)).toBe(b.shape);
    expect({ ...b.shape.bounds }).toEqual(page.entries.get(2)!.shape.bounds);
    const store = cols.entries as SceneColumns;
    expect(store.batchCount).toBe(1);
    add(page, cols, shapes(8), 0);
    expect(store.batchCount).toBe(2);
    add(page, cols, shapes(8), 8); // every row of the first batch replaced
    expect(store.batchCount).toBe(2);
    for (let id = 0; id < 8; id++) cols.delete(id);
    expect(store.batchCount).toBe(1);
    cols.clear();
    expect(store.batchCount).toBe(0);
  });

  it('an id twice in one fresh batch keeps that batch (its last row wins); the next batch does not take its slot', () => {
    const cols = new TileScene({ columns: true });
    const page = new TileScene();
    const [s0, s1, s2] = shapes(3, 11);
    const put = (ids: number[], list: Shape[]) => {
      const colors = list.map((_, i) => COLORS[i % COLORS.length]!);
      const z = list.map((_, i) => 10 * ids[i]! + i);
      list.forEach((sh, i) => page.set(ids[i]!, sh, colors[i]!, z[i]!));
      cols.setPacked(structuredClone(packShapes({ ids, shapes: list, colors, z })));
    };
    put([5, 5], [s0!, s1!]);
    const store = cols.entries as SceneColumns;
    expect(store.batchCount).toBe(1);
    expect(read(cols, 5)).toEqual(expected(page, 5));
    put([7], [s2!]); // a new batch: must not reuse the slot of the one id 5 reads
    expect(store.batchCount).toBe(2);
    expect(read(cols, 5)).toEqual(expected(page, 5));
    expect(read(cols, 7)).toEqual(expected(page, 7));
    cols.delete(5);
    expect(store.batchCount).toBe(1);
  });

  it('holds 65,536 colours and refuses the next one with a clear error instead of wrapping to colour 0', () => {
    const cols = new TileScene({ columns: true });
    const hex = (i: number) => `#${i.toString(16).padStart(6, '0')}`;
    for (let i = 0; i < 65_535; i++) cols.fillOf(hex(i));
    const [a, b] = shapes(2, 3);
    cols.set(1, a!, hex(0xabcdef), 0); // the 65,536th colour: index 65,535
    expect(cols.entries.get(1)!.color).toBe(hex(0xabcdef));
    expect(() => cols.set(2, b!, hex(0xfedcba), 0)).toThrow(/more than 65,536 colours/);
    expect(cols.entries.get(2)).toBeUndefined();
    expect((cols.entries as SceneColumns).batchCount).toBe(1); // the refused batch is not kept
  });
});
