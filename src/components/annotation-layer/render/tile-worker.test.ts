// The tile worker against the main thread, in Chromium: every tile the worker paints from its packed
// copy of the scene (shapes read on demand from the batch, tile-worker-protocol.ts) is byte for byte
// the tile the main thread paints from the shapes themselves, for every kind it draws, after
// replacements and deletions.
import { afterEach, describe, expect, it } from 'vitest';
import { parseShape } from '../../../entities/annotations/shape-coordinates.js';
import type { Shape } from '../../../geometry/shapes/shape.js';
import { MASK_FILL_ALPHA, MaskRaster } from '../model/mask-raster.js';
import { exactDiff } from './render-test-utils.js';
import { OUTLINE_RASTER_DEFAULT, setOutlineRaster, TILE, type Tile } from './tile-painter.js';
import { TileRenderer } from './tile-renderer.js';
import { createTileWorker, type TileWorkerClient } from './tile-worker-client.js';

const COLORS = ['#ff3b30', '#34c759', '#0a84ff', '#ffcc00'];

/**
 * Seeded shapes of every drawn kind over a 1024-px square at (`ox`, `oy`) (polygons with holes,
 * lines, boxes, ellipses, points).
 */
function shapes(n: number, ox = 0, oy = 0): Shape[] {
  let s = 99;
  const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const out: Shape[] = [];
  for (let i = 0; i < n; i++) {
    const cx = ox + 20 + rnd() * 984;
    const cy = oy + 20 + rnd() * 984;
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

function pixels(t: Tile | CanvasImageSource | undefined, w = TILE, h = TILE): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  if (t && (!('width' in t) || Number(t.width) > 0)) c.getContext('2d')!.drawImage(t, 0, 0);
  return c;
}

/** Waits until `done()` or 12 s. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !done(); i++) await new Promise((r) => setTimeout(r, 20));
}

let worker: TileWorkerClient | null = null;

/**
 * Starts the tile worker with a stand-in renderer: the client talks to its renderer through receive
 * (and setProducer/onTile on failure), so what the worker sends is collected in `got` and every
 * compared tile is the worker's; `failed()` says whether the client gave up on the worker.
 */
function startWorker(): { got: Map<string, ImageBitmap | null>; failed: () => boolean } {
  const got = new Map<string, ImageBitmap | null>();
  let lost = false;
  const sink = {
    receive: (key: string, bitmap: ImageBitmap | null) => got.set(key, bitmap),
    setProducer: () => {
      lost = true;
    },
    onTile: () => {},
  };
  worker = createTileWorker(sink as unknown as TileRenderer);
  expect(worker, 'this Chromium has workers and OffscreenCanvas').not.toBeNull();
  return { got, failed: () => lost };
}
/**
 * Asserts the worker did not fail and sent every tile of `keys`, each with shapes on it and byte for
 * byte the main thread's own render of the same tile (`local`).
 */
function expectSameTiles(
  got: Map<string, ImageBitmap | null>,
  failed: boolean,
  local: TileRenderer,
  keys: Array<[string, number, number, number]>,
): void {
  expect(failed, 'the worker did not fail').toBe(false);
  expect(got.size).toBe(keys.length);
  for (const [key, z, tx, ty] of keys) {
    const d = exactDiff(pixels(got.get(key) ?? undefined), pixels(local.renderTile(z, tx, ty)));
    expect(d.painted, `${key} has shapes`).toBeGreaterThan(0);
    expect(d.diff, `${key} differs`).toBe(0);
  }
}
/** The tiles of level 0 (1 px per image px) and level -1 over the whole 1024-px square: [key, z, tx, ty]. */
function squareTiles(): Array<[string, number, number, number]> {
  const keys: Array<[string, number, number, number]> = [];
  for (const [z, n] of [
    [0, 4],
    [-1, 2],
  ] as const)
    for (let ty = 0; ty < n; ty++) for (let tx = 0; tx < n; tx++) keys.push([`${z},${tx},${ty}`, z, tx, ty]);
  return keys;
}
afterEach(() => {
  worker?.terminate();
  worker = null;
});

describe('tile worker', () => {
  it('paints every tile byte for byte as the main thread does, for every kind, after replacements and deletions', async () => {
    const list = shapes(600);
    const { got, failed } = startWorker();
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
    const keys = squareTiles();
    keys.forEach(([key, z, tx, ty], i) => worker!.request(key, z, tx, ty, i + 1));
    for (let i = 0; i < 600 && got.size < keys.length && !failed(); i++) await new Promise((r) => setTimeout(r, 20));
    expectSameTiles(got, failed(), local, keys);
    // The test can fail: a tile of another place differs.
    const other = exactDiff(pixels(got.get('0,0,0') ?? undefined), pixels(local.renderTile(0, 1, 0)));
    expect(other.diff).toBeGreaterThan(0);
  }, 60_000);

  it('paints a dense coarse tile of polygons with the outline rasteriser, byte for byte as the main thread paints it by default (no seam or pan-versus-scratch difference whichever thread paints it)', async () => {
    // 2,000 polygons in 1024²: level -2's tile (0, 0) holds all of them
    let s = 5;
    const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
    const { got, failed } = startWorker();
    const local = new TileRenderer();
    for (let i = 0; i < 2000; i++) {
      const cx = 20 + rnd() * 984;
      const cy = 20 + rnd() * 984;
      const r = 3 + rnd() * 30;
      const ring = Array.from({ length: 14 }, (_, j) => ({
        x: cx + r * Math.cos((j / 14) * 2 * Math.PI),
        y: cy + r * Math.sin((j / 14) * 2 * Math.PI),
      }));
      const sh = parseShape('segment', [ring]);
      worker!.set(i, sh, COLORS[i % 4]!, i);
      local.set(i, sh, COLORS[i % 4]!, i);
    }
    worker!.request('-2,0,0', -2, 0, 0, 1);
    await until(() => got.size >= 1 || failed());
    // the page's thread with its default settings
    expectSameTiles(got, failed(), local, [['-2,0,0', -2, 0, 0]]);
    // and the tile is the rasteriser's, not Skia's
    setOutlineRaster(false);
    let skia: HTMLCanvasElement;
    try {
      skia = pixels(local.renderTile(-2, 0, 0));
    } finally {
      setOutlineRaster(OUTLINE_RASTER_DEFAULT);
    }
    expect(exactDiff(pixels(got.get('-2,0,0') ?? undefined), skia).diff).toBeGreaterThan(0);
  }, 60_000);

  it('paints a large load far from the origin (float32 outlines), with a replacement and a deletion in the same task, byte for byte as the main thread does', async () => {
    // Set in one task around (60000, 40000): outline coordinates cross as float32, whose step there
    // is 1/256 px.
    const n = 19_384;
    const list = shapes(n, 60_000, 40_000);
    const ring0 = list[0]!.rings[0]!;
    expect(
      Array.from(ring0).some((v) => Math.fround(v) !== v),
      'the coordinates are not float32 numbers already',
    ).toBe(true);
    const { got, failed } = startWorker();
    const local = new TileRenderer();
    const moved = parseShape('segment', [
      [
        { x: 60_300.3, y: 40_300.7 },
        { x: 60_420.1, y: 40_310.9 },
        { x: 60_380.6, y: 40_440.2 },
      ],
    ]);
    for (const r of [worker!, local]) {
      list.forEach((sh, i) => {
        r.set(i, sh, COLORS[i % 4]!, i);
        // late in the task: an earlier shape replaced, one deleted
        if (i === 16_394) {
          r.set(5, moved, COLORS[1]!, 5);
          r.delete(9);
        }
      });
    }
    // Level 0 along the square's diagonal, level 2 (4 raster px an image px) at the replaced shape,
    // and level -2 over all of it.
    const keys: Array<[string, number, number, number]> = [];
    for (let k = 0; k < 4; k++) keys.push([`0,${234 + k},${156 + k}`, 0, 234 + k, 156 + k]);
    for (const [tx, ty] of [
      [942, 629],
      [943, 630],
    ])
      keys.push([`2,${tx},${ty}`, 2, tx, ty]);
    keys.push(['-2,58,39', -2, 58, 39]);
    keys.forEach(([key, z, tx, ty], i) => worker!.request(key, z, tx, ty, i + 1));
    await until(() => got.size >= keys.length || failed());
    expectSameTiles(got, failed(), local, keys);
  }, 60_000);

  it("paints from a batch's shapes (sent before the page's scene indexes them) byte for byte as the page does from its own", async () => {
    const list = shapes(900);
    const { got, failed } = startWorker();
    const local = new TileRenderer();
    local.setProducer(worker!);
    list.slice(0, 100).forEach((sh, i) => local.set(i, sh, COLORS[i % 4]!, i));
    await new Promise((r) => setTimeout(r, 0));
    let pageHeld = -1;
    // The batch a rebuild makes: a clear, every shape again, a deletion and a shape brought to front.
    local.batch(() => {
      local.clear();
      list.forEach((sh, i) => local.set(i, sh, COLORS[(i + 1) % 4]!, i));
      local.delete(12);
      local.set(40, list[40]!, COLORS[0]!, 1e9);
      pageHeld = local.shapeCount;
    });
    expect(pageHeld, 'the page indexed its copy after the send').toBe(100);
    expect(local.shapeCount).toBe(899);
    const keys = squareTiles();
    keys.forEach(([key, z, tx, ty], i) => worker!.request(key, z, tx, ty, i + 1));
    await until(() => got.size >= keys.length || failed());
    expectSameTiles(got, failed(), local, keys);
  }, 60_000);

  it("paints a mask's full resolution from its bytes sent in bands, equal to the raster's own paint, and keeps it for the mask's tiles", async () => {
    const { got, failed } = startWorker();
    // a region of blobs and noise at (37, 21) of a 1024² item, painted on the page from its bytes
    const box = { x: 37, y: 21, width: 301, height: 203 };
    let s = 7;
    const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
    const data = new Uint8Array(box.width * box.height);
    for (let j = 0; j < box.height; j++)
      for (let i = 0; i < box.width; i++)
        data[j * box.width + i] = (i - 150) ** 2 + (j - 100) ** 2 < 90 ** 2 || rnd() < 0.2 ? 1 : 0;
    const color = COLORS[2]!;
    const raster = MaskRaster.fromPlaced(
      { ...box, mask: { width: box.width, height: box.height, data } },
      1024,
      1024,
      color,
    );
    const paintInWorker = (bytes: Uint8Array) => {
      const [r, g, b] = [10, 132, 255];
      const job = worker!.maskPainter.begin(
        box.width,
        box.height,
        new Uint32Array(new Uint8ClampedArray([r, g, b, MASK_FILL_ALPHA]).buffer)[0]!,
      );
      // bands of uneven heights, as copies (the painter takes their buffers over)
      for (const [y0, y1] of [
        [0, 7],
        [7, 120],
        [120, box.height],
      ] as const)
        job.rows(y0, bytes.slice(y0 * box.width, y1 * box.width));
      return job.end();
    };
    const own = pixels(raster.canvas, box.width, box.height);
    // The test can fail: one pixel less paints differently.
    const other = data.slice();
    other[100 * box.width + 150] = 0;
    const b2 = await paintInWorker(other);
    expect(exactDiff(pixels(b2, box.width, box.height), own).diff).toBeGreaterThan(0);
    b2.close();

    // The mask sent with a paint's bitmap in the task it arrives in (as MaskRaster's onSharp does): the
    // worker draws its kept canvas in its tiles (no bitmap crosses back), as the main thread draws the
    // raster's canvas. A paint not sent so is dropped: the one above.
    const shape: Shape = {
      kind: 'binary',
      rings: [],
      closed: true,
      maskUrl: 'data:,',
      bounds: { minX: box.x, minY: box.y, maxX: box.x + box.width, maxY: box.y + box.height },
    } as Shape;
    const local = new TileRenderer();
    // only a coarse paint: not sent (its full paint follows), tiles touching it wait for the main thread
    const coarse = await createImageBitmap(raster.canvas, { resizeWidth: 76, resizeHeight: 51 });
    worker!.set(3, shape, color, 3, { image: coarse, ...box, coarse: { image: coarse, scale: 4 } });
    expect(worker!.blocked(shape.bounds), 'a coarse paint is not sent').toBe(true);
    const bitmap = await paintInWorker(data);
    worker!.set(3, shape, color, 3, { image: bitmap, ...box });
    local.set(3, shape, color, 3, { image: raster.canvas, ...box });
    expect(worker!.blocked(shape.bounds), 'nothing to wait for: the worker has the paint').toBe(false);
    expect([bitmap.width, bitmap.height]).toEqual([box.width, box.height]);
    const d = exactDiff(pixels(bitmap, box.width, box.height), own);
    expect(d.painted, 'the mask has pixels').toBeGreaterThan(10_000);
    expect(d.diff, 'the worker paint differs from the raster').toBe(0);
    const keys: Array<[string, number, number, number]> = [
      ['0,0,0', 0, 0, 0],
      ['-1,0,0', -1, 0, 0],
      ['-2,0,0', -2, 0, 0],
    ];
    keys.forEach(([key, z, tx, ty], i) => worker!.request(key, z, tx, ty, i + 1));
    await until(() => got.size >= keys.length || failed());
    expect(failed(), 'the worker did not fail').toBe(false);
    for (const [key, z, tx, ty] of keys) {
      const t = exactDiff(pixels(got.get(key) ?? undefined), pixels(local.renderTile(z, tx, ty)));
      expect(t.painted, `${key} shows the mask`).toBeGreaterThan(1000);
      expect(t.diff, `${key} differs`).toBe(0);
    }
  }, 60_000);
});
