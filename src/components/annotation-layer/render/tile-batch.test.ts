// A batch of scene changes (a rebuild's, #16): the producer (the tile worker) is told every change
// and sent them before the page's own scene indexes any of them, so the worker unpacks its copy
// while the page indexes its own; once the batch returns, the page's scene is the one the same
// changes made one by one would give. A rebuild of the layer's shapes goes through it.
import { describe, expect, it } from 'vitest';
import { parseShape } from '../../../entities/annotations/shape-coordinates.js';
import type { Bounds, Shape } from '../../../geometry/shapes/shape.js';
import { ann } from '../layer-test-utils.js';
import { LayerStore } from '../model/layer-store.js';
import { LayerRenderer } from './layer-renderer.js';
import { polygonScene, recorder } from './render-test-utils.js';
import { TileRenderer } from './tile-renderer.js';

const COLORS = ['#ff3b30', '#34c759', '#0a84ff'];
const SCENE = polygonScene(400, 1400, 1100);
const shapeOf = (i: number): Shape => parseShape('segment', [SCENE[i % SCENE.length]!.ring]);
const ALL: Bounds = { minX: -1e6, minY: -1e6, maxX: 1e6, maxY: 1e6 };

/** A producer that counts what it is told and calls `onSend` when sent the batched changes. */
function countingProducer(onSend: () => void) {
  const told = { set: 0, delete: 0, clear: 0, sends: 0 };
  const p = {
    ...recorder(),
    set: () => void told.set++,
    delete: () => void told.delete++,
    clear: () => void told.clear++,
    send: () => {
      told.sends++;
      onSend();
    },
  };
  return { p, told };
}

/** The shapes set before the batch. */
function seed(r: TileRenderer): void {
  for (let i = 0; i < 50; i++) r.set(i, shapeOf(i), COLORS[i % 3]!, i);
}
/** The batch's changes: a clear, sets, a delete, a replacement, a set then deleted. */
function batchChanges(r: TileRenderer): void {
  r.clear();
  for (let i = 0; i < 300; i++) r.set(i, shapeOf(i + 7), COLORS[(i * 7) % 3]!, i);
  r.delete(17);
  r.set(42, shapeOf(3), COLORS[1]!, 1e9);
  r.set(500, shapeOf(5), COLORS[2]!, -1);
  r.delete(500);
}

/** What a scene holds: each id's shape, colour and paint order, and the ids the grid finds in some rects (paint order). */
function contents(r: TileRenderer) {
  const entries = [...r.scene.entries].map(([id, e]) => [id, e.shape, e.color, e.z]).sort((a, b) => +a[0]! - +b[0]!);
  const rects = [ALL, { minX: 100, minY: 100, maxX: 400, maxY: 300 }, { minX: 700, minY: 500, maxX: 760, maxY: 900 }];
  return { entries, found: rects.map((b) => r.scene.idsIn(b)), colors: [...r.scene.colorOrder] };
}

describe('scene batches', () => {
  it('sends the producer every change of a batch before the page scene indexes any, and ends as the changes one by one', () => {
    const r = new TileRenderer();
    let atSend: { found: number; told: number } | null = null;
    const { p, told } = countingProducer(() => (atSend = { found: r.grid.search(ALL).length, told: told.set }));
    r.setProducer(p);
    seed(r);
    told.set = 0;
    r.batch(() => batchChanges(r));
    expect(told.sends).toBe(1);
    // At the send the producer had all 302 sets (and the clear); the page's grid still held the 50 from before.
    expect(told.clear).toBe(1);
    expect(atSend).toEqual({ found: 50, told: 302 });

    const ref = new TileRenderer();
    seed(ref);
    batchChanges(ref);
    expect(r.shapeCount).toBe(299);
    expect(contents(r)).toEqual(contents(ref));
  });

  it('applies changes at once without a producer that sends, and inside a batch already under way', () => {
    const r = new TileRenderer();
    r.setProducer(recorder());
    let seen = -1;
    r.batch(() => {
      r.set(1, shapeOf(1), COLORS[0]!, 1);
      seen = r.shapeCount;
    });
    expect(seen).toBe(1);
    const { p } = countingProducer(() => {});
    const q = new TileRenderer();
    q.setProducer(p);
    q.batch(() => {
      q.batch(() => q.set(1, shapeOf(1), COLORS[0]!, 1));
      seen = q.shapeCount;
    });
    expect(seen, 'the inner batch is part of the outer one').toBe(0);
    expect(q.shapeCount).toBe(1);
  });

  it("sends a rebuild's shapes to the producer before the layer's scene holds them", () => {
    const store = new LayerStore();
    const r = new LayerRenderer(store, () => {});
    let atSend = -1;
    const { p, told } = countingProducer(() => (atSend = r.tiles.shapeCount));
    r.tiles.setProducer(p);
    store.annotations.reset(SCENE.map((q, i) => ann('segment', 'car', [q.ring], `p${i}`)));
    expect(told.sends).toBe(1);
    expect(told.set).toBe(SCENE.length);
    expect(atSend).toBe(0);
    expect(r.tiles.shapeCount).toBe(SCENE.length);
    r.dispose();
  });
});
