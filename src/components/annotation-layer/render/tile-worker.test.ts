// The tile worker against the main thread, in Chromium: every tile the worker paints from its packed
// copy of the scene (shapes read on demand from the batch, tile-worker-protocol.ts) is byte for byte
// the tile the main thread paints from the shapes themselves, for every kind it draws, after
// replacements and deletions.
import { afterEach, describe, expect, it } from 'vitest';
import { parseShape } from '../../../entities/annotations/shape-coordinates.js';
import type { Shape } from '../../../geometry/shapes/shape.js';
import { exactDiff } from './render-test-utils.js';
import { TILE, type Tile } from './tile-painter.js';
import { TileRenderer } from './tile-renderer.js';
import { createTileWorker, type TileWorkerClient } from './tile-worker-client.js';

const COLORS = ['#ff3b30', '#34c759', '#0a84ff', '#ffcc00'];

/** Seeded shapes of every drawn kind over a 1024-px square (polygons with holes, lines, boxes, ellipses, points). */
function shapes(n: number): Shape[] {
  let s = 99;
  const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const out: Shape[] = [];
  for (let i = 0; i < n; i++) {
    const cx = 20 + rnd() * 984;
    const cy = 20 + rnd() * 984;
    const r = 4 + rnd() * 40;
    const ring = (rr: number, k = 9) =>
      Array.from({ length: k }, (_, j) => ({
        x: cx + rr * Math.cos((j / k) * 2 * Math.PI),
        y: cy + rr * Math.sin((j / k) * 2 * Math.PI),
      }));
    switch (i % 5) {
      case 0:
        out.push(parseShape('segment', i % 10 === 0 ? [ring(r), ring(r / 2, 5)] : [ring(r)]));
        break;
      case 1:
        out.push(parseShape('polyline', [ring(r, 6)]));
        break;
      case 2:
        out.push(
          parseShape('box', [
            { x: cx - r, y: cy - r / 2 },
            { x: cx + r, y: cy + r / 2 },
          ]),
        );
        break;
      case 3:
        out.push(parseShape('ellipse', { center: { x: cx, y: cy }, rx: r, ry: r / 3, angle: rnd() * 90 }));
        break;
      default:
        out.push(parseShape('point', { x: cx, y: cy }));
    }
  }
  return out;
}

function pixels(t: Tile | undefined): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = TILE;
  c.height = TILE;
  if (t && (!('width' in t) || t.width > 0)) c.getContext('2d')!.drawImage(t, 0, 0);
  return c;
}

let worker: TileWorkerClient | null = null;
afterEach(() => {
  worker?.terminate();
  worker = null;
});

describe('tile worker', () => {
  it('paints every tile byte for byte as the main thread does, for every kind, after replacements and deletions', async () => {
    const list = shapes(600);
    // The worker client talks to its renderer through receive (and setProducer/onTile on failure):
    // collect what the worker sends, so every compared tile is the worker's.
    const got = new Map<string, ImageBitmap | null>();
    let failed = false;
    const sink = {
      receive: (key: string, bitmap: ImageBitmap | null) => got.set(key, bitmap),
      setProducer: () => {
        failed = true;
      },
      onTile: () => {},
    };
    worker = createTileWorker(sink as unknown as TileRenderer);
    expect(worker, 'this Chromium has workers and OffscreenCanvas').not.toBeNull();
    const local = new TileRenderer();
    list.forEach((sh, i) => {
      worker!.set(i, sh, COLORS[i % 4]!, i);
      local.set(i, sh, COLORS[i % 4]!, i);
    });
    // Changes after the first batch (another message): a replaced shape, a deleted one, one brought to front.
    await new Promise((r) => setTimeout(r, 0));
    const moved = parseShape('segment', [
      [
        { x: 300, y: 300 },
        { x: 420, y: 310 },
        { x: 380, y: 440 },
      ],
    ]);
    for (const r of [worker!, local]) {
      r.set(7, moved, COLORS[1]!, 7);
      r.delete(12);
      r.set(40, list[40]!, COLORS[0]!, 1e9);
    }
    // Level 0 (1 px per image px) and level -1 over the whole 1024-px square.
    const keys: Array<[string, number, number, number]> = [];
    for (const [z, n] of [
      [0, 4],
      [-1, 2],
    ] as const)
      for (let ty = 0; ty < n; ty++) for (let tx = 0; tx < n; tx++) keys.push([`${z},${tx},${ty}`, z, tx, ty]);
    keys.forEach(([key, z, tx, ty], i) => worker!.request(key, z, tx, ty, i + 1));
    for (let i = 0; i < 600 && got.size < keys.length && !failed; i++) await new Promise((r) => setTimeout(r, 20));
    expect(failed, 'the worker did not fail').toBe(false);
    expect(got.size).toBe(keys.length);
    for (const [key, z, tx, ty] of keys) {
      const d = exactDiff(pixels(got.get(key) ?? undefined), pixels(local.renderTile(z, tx, ty)));
      expect(d.painted, `${key} has shapes`).toBeGreaterThan(0);
      expect(d.diff, `${key} differs`).toBe(0);
    }
    // The test can fail: a tile of another place differs.
    const other = exactDiff(pixels(got.get('0,0,0') ?? undefined), pixels(local.renderTile(0, 1, 0)));
    expect(other.diff).toBeGreaterThan(0);
  }, 60_000);
});
