// Point annotations rasterised directly, without Skia's path filler. Every point at a level is the
// same circle (POINT_RADIUS raster px, filled, then stroked as a 1-px hairline), so its coverage is
// drawn once by the canvas itself (the same arc, fill and stroke a Path2D batch used), for each
// 1/Q-px position of its centre inside a pixel, and a colour group's points are stamped from those
// coverages into two byte planes: the fill's union (max, as a nonzero fill of overlapping discs)
// and the outlines' (source-over, as hairlines stroked one after another). The planes are then
// composited in JS (outline over fill, at the group's colours) into one ImageData and drawn once.
// Filling 1M arcs with Skia took seconds at coarse levels; stamping is a few byte maxes per pixel.

/** Sub-pixel positions of a point's centre per pixel and axis that have their own coverage. */
export const Q = 16;

/** Coverage stamps of one radius: `fill` and `ring` of size D×D for each of Q×Q centre offsets. */
export interface PointStamps {
  radius: number;
  /** Stamp edge, px; a centre at pixel offset (fx, fy) sits at (K + fx, K + fy) in its stamp. */
  D: number;
  K: number;
  /** Alpha coverages (0..255), stamp (qx, qy) at `(qy * Q + qx) * D * D`. */
  fill: Uint8Array;
  ring: Uint8Array;
}

const stampCache = new Map<number, PointStamps>();

/** The stamps of a point of `radius` device px: its arc filled, and stroked 1 px wide, by the canvas. */
export function pointStamps(radius: number): PointStamps {
  let st = stampCache.get(radius);
  if (st) return st;
  const K = Math.ceil(radius + 2);
  const D = 2 * K + 1;
  // Cells G px apart: no arc comes near the canvas's edge (Skia strokes a hairline that the canvas
  // clips a little differently) or another cell.
  const G = D + 4;
  const W = Q * G + 4;
  const canvas =
    typeof OffscreenCanvas !== 'undefined'
      ? new OffscreenCanvas(W, W)
      : Object.assign(document.createElement('canvas'), { width: W, height: W });
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as
    | CanvasRenderingContext2D
    | OffscreenCanvasRenderingContext2D;
  const draw = (stroke: boolean): Uint8Array => {
    ctx.clearRect(0, 0, W, W);
    const p = new Path2D();
    for (let qy = 0; qy < Q; qy++)
      for (let qx = 0; qx < Q; qx++) {
        const cx = 4 + qx * G + K + qx / Q;
        const cy = 4 + qy * G + K + qy / Q;
        p.moveTo(cx + radius, cy);
        p.arc(cx, cy, radius, 0, Math.PI * 2);
      }
    if (stroke) {
      ctx.lineWidth = 1;
      ctx.strokeStyle = '#000';
      ctx.stroke(p);
    } else {
      ctx.fillStyle = '#000';
      ctx.fill(p);
    }
    const px = ctx.getImageData(0, 0, W, W).data;
    const out = new Uint8Array(Q * Q * D * D);
    for (let qy = 0; qy < Q; qy++)
      for (let qx = 0; qx < Q; qx++) {
        const o = (qy * Q + qx) * D * D;
        for (let j = 0; j < D; j++)
          for (let i = 0; i < D; i++) out[o + j * D + i] = px[((4 + qy * G + j) * W + 4 + qx * G + i) * 4 + 3]!;
      }
    return out;
  };
  st = { radius, D, K, fill: draw(false), ring: draw(true) };
  stampCache.set(radius, st);
  return st;
}

/**
 * A group's points being stamped: two coverage planes over a device rect, padded by a stamp's edge
 * (D) on every side, so that any stamp touching the rect lies wholly in the planes.
 */
export interface PointRaster {
  /** Device rect drawn (clipped to the canvas). */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Plane size (w + 2D, h + 2D); its origin is device px (x - D, y - D). */
  pw: number;
  ph: number;
  fill: Uint8Array;
  ring: Uint8Array;
  st: PointStamps;
  /** Next point (index into the pairs) to stamp. */
  next: number;
}

let rasters = 0;

/** How many point rasters were begun (tests: whether a paint took the point path). */
export function pointRasterCount(): number {
  return rasters;
}

/** A raster over device rect (x, y, w, h) for points of `radius` device px. */
export function newPointRaster(x: number, y: number, w: number, h: number, radius: number): PointRaster {
  const st = pointStamps(radius);
  rasters++;
  const pw = w + 2 * st.D;
  const ph = h + 2 * st.D;
  return { x, y, w, h, pw, ph, fill: plane(pw * ph), ring: plane(pw * ph), st, next: 0 };
}

/**
 * Spare planes of finished rasters (see {@link releasePointRaster}), reused cleared: a tile's colour
 * group allocated two ~80 KB planes and a ~256 KB ImageData, garbage a moment later, which the
 * page's JS heap still counted after a forced gc() (render bench, 1,000,000 points).
 */
const spare: Uint8Array[] = [];

/** A cleared plane of `n` bytes (a spare one when there is one big enough). */
function plane(n: number): Uint8Array {
  for (let i = spare.length - 1; i >= 0; i--) {
    const b = spare[i]!;
    if (b.length < n) continue;
    spare.splice(i, 1);
    const p = b.subarray(0, n);
    p.fill(0);
    return p;
  }
  return new Uint8Array(n);
}

/** Gives a composited raster's planes back for the next raster (the raster is not used after). */
export function releasePointRaster(r: PointRaster): void {
  for (const p of [r.fill, r.ring]) if (spare.length < 4) spare.push(new Uint8Array(p.buffer));
}

/** The pixels of {@link composePoints}'s ImageData, reused from call to call. */
let scratch: Uint8ClampedArray<ArrayBuffer> | null = null;

/**
 * Stamps points `pts` (device-space x, y pairs) from `r.next` up to `end` (a pair index) into the
 * planes. A point whose stamp misses the plane is skipped.
 */
export function stampPoints(
  r: PointRaster,
  pts: ArrayLike<number>,
  a: number,
  e: number,
  f: number,
  end: number,
): void {
  const { st, pw, ph, fill, ring } = r;
  const { D, K } = st;
  const sf = st.fill;
  const sr = st.ring;
  // Plane px (0, 0) is device px (x - D, y - D); a stamp's px (0, 0) is device px (ix - K, iy - K).
  const ox = r.x - D;
  const oy = r.y - D;
  const DD = D * D;
  for (let k = r.next; k < end; k++) {
    const cx = pts[2 * k]! * a + e;
    const cy = pts[2 * k + 1]! * a + f;
    let ix = Math.floor(cx);
    let iy = Math.floor(cy);
    let qx = Math.round((cx - ix) * Q);
    let qy = Math.round((cy - iy) * Q);
    if (qx === Q) {
      qx = 0;
      ix++;
    }
    if (qy === Q) {
      qy = 0;
      iy++;
    }
    // The stamp's top-left in plane px; a stamp not wholly in the planes misses the rect.
    const px = ix - K - ox;
    const py = iy - K - oy;
    if (px < 0 || py < 0 || px + D > pw || py + D > ph) continue;
    const so = (qy * Q + qx) * DD;
    for (let j = 0; j < D; j++) {
      let o = (py + j) * pw + px;
      let s = so + j * D;
      for (let i = 0; i < D; i++, o++, s++) {
        const cf = sf[s]!;
        if (cf > fill[o]!) fill[o] = cf;
        const cr = sr[s]!;
        if (cr) {
          const d = ring[o]!;
          ring[o] = (d + cr - (d * cr + 127) / 255) | 0;
        }
      }
    }
  }
  r.next = end;
}

const rgbaCache = new Map<string, [number, number, number, number]>();

/** `style`'s RGBA (0..255; alpha 0..1) as the canvas parses it. */
export function parseColor(style: string): [number, number, number, number] {
  let c = rgbaCache.get(style);
  if (c) return c;
  const m = /^rgba\((\d+),(\d+),(\d+),([\d.]+)\)$/.exec(style.replace(/\s+/g, ''));
  const h = /^#([0-9a-f]{6})$/i.exec(style);
  if (m) c = [+m[1]!, +m[2]!, +m[3]!, Math.min(1, Math.max(0, +m[4]!))];
  else if (h) {
    const n = parseInt(h[1]!, 16);
    c = [(n >> 16) & 255, (n >> 8) & 255, n & 255, 1];
  } else {
    const cv =
      typeof OffscreenCanvas !== 'undefined'
        ? new OffscreenCanvas(1, 1)
        : Object.assign(document.createElement('canvas'), { width: 1, height: 1 });
    const x = cv.getContext('2d', { willReadFrequently: true }) as
      | CanvasRenderingContext2D
      | OffscreenCanvasRenderingContext2D;
    x.fillStyle = style;
    x.fillRect(0, 0, 1, 1);
    const d = x.getImageData(0, 0, 1, 1).data;
    c = [d[0]!, d[1]!, d[2]!, d[3]! / 255];
  }
  rgbaCache.set(style, c);
  return c;
}

/**
 * The planes composited (outline at `stroke` over fill at `fill`) as the device rect's ImageData.
 * Its pixels are reused by the next call: draw it (putImageData) before then.
 */
export function composePoints(r: PointRaster, fill: string, stroke: string): ImageData {
  const [fr, fg, fb, fa] = parseColor(fill);
  const [sr, sg, sb, sa] = parseColor(stroke);
  const need = r.w * r.h * 4;
  if (!scratch || scratch.length < need) scratch = new Uint8ClampedArray(Math.max(need, 4 * 256 * 256));
  const out = scratch.subarray(0, need);
  out.fill(0);
  const img = new ImageData(out, r.w, r.h);
  const P = r.st.D;
  const F = r.fill;
  const R = r.ring;
  const fA = fa / 255;
  const sA = sa / 255;
  for (let j = 0; j < r.h; j++) {
    let o = (j + P) * r.pw + P;
    let d = j * r.w * 4;
    for (let i = 0; i < r.w; i++, o++, d += 4) {
      const cf = F[o]!;
      const cr = R[o]!;
      if (!cf && !cr) continue;
      const as = cr * sA;
      const af = cf * fA * (1 - as);
      const A = as + af;
      out[d] = (sr * as + fr * af) / A + 0.5;
      out[d + 1] = (sg * as + fg * af) / A + 0.5;
      out[d + 2] = (sb * as + fb * af) / A + 0.5;
      out[d + 3] = A * 255 + 0.5;
    }
  }
  return img;
}
