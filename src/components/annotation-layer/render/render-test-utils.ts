// Test helpers for the tile renderer (browser only): seeded polygon scenes, an independent reference
// drawing (plain canvas, every vertex, no tiles, no level of detail, no shared code with the
// renderer), pixel comparisons, and a tile painted by the painter read back as bytes.
import { expect } from 'vitest';
import { parseShape } from '../../../entities/annotations/shape-coordinates.js';
import type { DlView } from '../../internal/view.js';
import { continueTile, finishTile, makeCanvas, startTile, TILE } from './tile-painter.js';
import { type TileProducer, TileRenderer } from './tile-renderer.js';
import type { TileScene } from './tile-scene.js';

/** One polygon of a scene: its ring in image px and its colour. */
export interface ScenePolygon {
  ring: Array<{ x: number; y: number }>;
  color: string;
}

/** Seeded polygons (12-24 vertices, radius `rMin`..`rMax`, either orientation) in `w`×`h`. */
export function polygonScene(
  n: number,
  w: number,
  h: number,
  seed = 3,
  rMin = 20,
  rMax = 60,
  colors = ['#ff3b30', '#34c759', '#0a84ff'],
): ScenePolygon[] {
  let s = seed;
  const rnd = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const out: ScenePolygon[] = [];
  for (let i = 0; i < n; i++) {
    const r = rMin + rnd() * (rMax - rMin);
    const cx = rnd() * w;
    const cy = rnd() * h;
    const k = 12 + Math.floor(rnd() * 13);
    const dir = rnd() < 0.5 ? 1 : -1;
    const ring = [];
    for (let j = 0; j < k; j++) {
      const a = (dir * j * 2 * Math.PI) / k;
      const rr = r * (0.75 + 0.25 * rnd());
      ring.push({ x: cx + rr * Math.cos(a), y: cy + rr * Math.sin(a) });
    }
    out.push({ ring, color: colors[i % colors.length]! });
  }
  return out;
}

/** A TileRenderer holding `scene` (paint order = array order). */
export function rendererOf(scene: ScenePolygon[]): TileRenderer {
  const r = new TileRenderer();
  scene.forEach((p, i) => r.set(i, parseShape('segment', [p.ring]), p.color, i));
  return r;
}

/** A `w`×`h` canvas with a 2D context that reads back fast. */
export function canvas(w: number, h: number): { c: HTMLCanvasElement; ctx: CanvasRenderingContext2D } {
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  return { c, ctx: c.getContext('2d', { willReadFrequently: true })! };
}

function hexRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * The intended look of `scene` in `view`, drawn directly at device resolution: per colour (in
 * order of first appearance) the union of its polygons filled at `fillOpacity`, then their outlines
 * as 1 px lines. The union is made on a mask canvas, so it does not depend on vertex order.
 */
export function referenceRender(
  scene: ScenePolygon[],
  view: DlView,
  w: number,
  h: number,
  dpr = 1,
  fillOpacity = 0.18,
): HTMLCanvasElement {
  const out = canvas(w * dpr, h * dpr);
  const mask = canvas(w * dpr, h * dpr);
  const colors = [...new Set(scene.map((p) => p.color))];
  const s = view.scale * dpr;
  for (const color of colors) {
    const polys = scene.filter((p) => p.color === color);
    const path = new Path2D();
    for (const p of polys) {
      p.ring.forEach((q, i) => (i ? path.lineTo(q.x, q.y) : path.moveTo(q.x, q.y)));
      path.closePath();
    }
    const m = mask.ctx;
    m.setTransform(1, 0, 0, 1, 0, 0);
    m.clearRect(0, 0, mask.c.width, mask.c.height);
    m.setTransform(s, 0, 0, s, view.x * dpr, view.y * dpr);
    m.fillStyle = '#000';
    for (const p of polys) {
      const one = new Path2D();
      p.ring.forEach((q, i) => (i ? one.lineTo(q.x, q.y) : one.moveTo(q.x, q.y)));
      m.fill(one);
    }
    m.setTransform(1, 0, 0, 1, 0, 0);
    m.globalCompositeOperation = 'source-in';
    const [r, g, b] = hexRgb(color);
    m.fillStyle = `rgba(${r},${g},${b},${fillOpacity})`;
    m.fillRect(0, 0, mask.c.width, mask.c.height);
    m.globalCompositeOperation = 'source-over';
    const o = out.ctx;
    o.setTransform(1, 0, 0, 1, 0, 0);
    o.drawImage(mask.c, 0, 0);
    o.setTransform(s, 0, 0, s, view.x * dpr, view.y * dpr);
    o.lineWidth = 1 / s;
    o.strokeStyle = color;
    o.stroke(path);
  }
  return out.c;
}

/**
 * Compares two same-size canvases by `block`×`block` averages of premultiplied RGBA: the share of
 * blocks whose largest channel difference exceeds `tol` (0-255), and the largest difference seen.
 * Tolerates what level of detail and resampling move by a pixel; a missing, stale or misplaced
 * tile changes whole blocks.
 */
export function blockDiff(
  a: HTMLCanvasElement,
  b: HTMLCanvasElement,
  block = 8,
  tol = 24,
): { bad: number; blocks: number; worst: number } {
  const w = a.width;
  const h = a.height;
  const da = a.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, w, h).data;
  const db = b.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, w, h).data;
  let bad = 0;
  let blocks = 0;
  let worst = 0;
  for (let by = 0; by + block <= h; by += block)
    for (let bx = 0; bx + block <= w; bx += block) {
      const sa = [0, 0, 0, 0];
      const sb = [0, 0, 0, 0];
      for (let y = by; y < by + block; y++)
        for (let x = bx; x < bx + block; x++) {
          const i = (y * w + x) * 4;
          for (const [d, acc] of [
            [da, sa],
            [db, sb],
          ] as const) {
            const al = d[i + 3]! / 255;
            acc[0]! += d[i]! * al;
            acc[1]! += d[i + 1]! * al;
            acc[2]! += d[i + 2]! * al;
            acc[3]! += d[i + 3]!;
          }
        }
      const n = block * block;
      const diff = Math.max(...sa.map((v, k) => Math.abs(v - sb[k]!) / n));
      worst = Math.max(worst, diff);
      blocks++;
      if (diff > tol) bad++;
    }
  return { bad, blocks, worst };
}

/** How many RGBA bytes differ between two same-size canvases (and how many pixels are painted in `a`). */
export function exactDiff(a: HTMLCanvasElement, b: HTMLCanvasElement): { diff: number; painted: number } {
  const da = a.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, a.width, a.height).data;
  const db = b.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, b.width, b.height).data;
  let diff = 0;
  let painted = 0;
  for (let i = 0; i < da.length; i++) {
    if (da[i] !== db[i]) diff++;
    if (i % 4 === 3 && da[i]) painted++;
  }
  return { diff, painted };
}

/** A producer that records what it is asked for (and cancelled) and paints nothing. */
export function recorder(): TileProducer & { asked: string[]; seqs: Map<string, number>; cancelled: string[] } {
  const asked: string[] = [];
  const seqs = new Map<string, number>();
  const cancelled: string[] = [];
  return {
    asked,
    seqs,
    cancelled,
    capacity: 64,
    request: (key, _z, _x, _y, seq) => {
      asked.push(key);
      seqs.set(key, seq);
    },
    cancel: (keys) => cancelled.push(...keys),
    set: () => {},
    delete: () => {},
    clear: () => {},
    setExcluded: () => {},
    setFillOpacity: () => {},
    setMaskOpacity: () => {},
    blocked: () => false,
  };
}

/** The RGBA bytes of a finished tile. */
export function tilePixels(tile: ImageBitmap): Uint8ClampedArray {
  const { ctx } = canvas(TILE, TILE);
  ctx.drawImage(tile, 0, 0);
  return ctx.getImageData(0, 0, TILE, TILE).data;
}

/** Tile (tx, ty) of level `z` of `scene`, painted in one go (the painter must finish it), as RGBA bytes. */
export function paintTileAtOnce(scene: TileScene, z: number, tx: number, ty: number): Uint8ClampedArray {
  const job = startTile(scene, z, tx, ty, makeCanvas())!;
  expect(continueTile(scene, job, Number.POSITIVE_INFINITY)).toBe(true);
  return tilePixels(finishTile(job) as ImageBitmap);
}
