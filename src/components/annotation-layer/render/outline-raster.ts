// 1-px anti-aliased outlines rasterised in JS at coarse levels, without Path2D or Skia's hairline
// stroker. At z <= 0 a tile holds hundreds of shapes a few raster px wide whose outlines are a
// handful of segments each; building them into Path2Ds (a binding call per vertex) and Skia's
// hairline raster were each about half of a tile's paint. Here a colour group's segments are drawn
// into one coverage plane (Float32, 0..1) the way Skia draws a hairline: along the major axis, each
// pixel column (or row) the segment crosses gets its length in that column as coverage, split
// between the two pixels the 1-px line's centre lies between (Wu's lines), each segment composited
// over what is already there (source-over, as Skia blends each hairline segment). The plane is then
// composited at the group's colour into one ImageData and drawn once (as point-raster.ts does).

import { parseColor } from './point-raster.js';

/** A colour group's outlines being rasterised: a coverage plane over the canvas. */
export interface OutlineRaster {
  /** Plane size (the canvas's). */
  w: number;
  h: number;
  cov: Float32Array;
  /** Touched rect, device px (x1, y1 exclusive); empty while x1 <= x0. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Next segment (index into the quadruples) to draw. */
  next: number;
}

let rasters = 0;

/** How many outline rasters were begun (tests: whether a paint took this path). */
export function outlineRasterCount(): number {
  return rasters;
}

/** Spare planes (a finished raster's, cleared over its touched rect). */
const spare: Float32Array[] = [];

/** A clear raster over a `w`×`h` canvas. */
export function newOutlineRaster(w: number, h: number): OutlineRaster {
  rasters++;
  let cov: Float32Array | null = null;
  for (let i = spare.length - 1; i >= 0; i--)
    if (spare[i]!.length >= w * h) {
      cov = spare.splice(i, 1)[0]!.subarray(0, w * h);
      break;
    }
  return { w, h, cov: cov ?? new Float32Array(w * h), x0: w, y0: h, x1: 0, y1: 0, next: 0 };
}

/** Gives the raster's plane back, cleared (the raster is not used after). */
export function releaseOutlineRaster(r: OutlineRaster): void {
  const { cov, w } = r;
  for (let y = r.y0; y < r.y1; y++) cov.fill(0, y * w + r.x0, y * w + r.x1);
  if (spare.length < 4) spare.push(new Float32Array(cov.buffer));
}

/**
 * Draws segments `segs` (image-space x0, y0, x1, y1 quadruples) from `r.next` up to `end` (a
 * quadruple index), mapped to device px by x' = x·a + e, y' = y·a + f.
 */
export function rasterSegments(
  r: OutlineRaster,
  segs: ArrayLike<number>,
  a: number,
  e: number,
  f: number,
  end: number,
): void {
  for (let k = r.next; k < end; k++) {
    const o = 4 * k;
    line(r, segs[o]! * a + e, segs[o + 1]! * a + f, segs[o + 2]! * a + e, segs[o + 3]! * a + f);
  }
  r.next = end;
}

/** Source-over of coverage `c` at plane px (x, y), when on the plane. */
function put(r: OutlineRaster, x: number, y: number, c: number): void {
  if (x < 0 || y < 0 || x >= r.w || y >= r.h || c <= 0) return;
  const o = y * r.w + x;
  const d = r.cov[o]!;
  r.cov[o] = d + c - d * c;
  if (x < r.x0) r.x0 = x;
  if (x >= r.x1) r.x1 = x + 1;
  if (y < r.y0) r.y0 = y;
  if (y >= r.y1) r.y1 = y + 1;
}

/** One 1-px anti-aliased segment, device px. */
export function line(r: OutlineRaster, x0: number, y0: number, x1: number, y1: number): void {
  const dx = x1 - x0;
  const dy = y1 - y0;
  if (Math.abs(dx) >= Math.abs(dy)) {
    if (dx === 0) return;
    if (x0 > x1) {
      [x0, x1] = [x1, x0];
      [y0, y1] = [y1, y0];
    }
    const m = (y1 - y0) / (x1 - x0);
    const c0 = Math.max(Math.floor(x0), -1);
    const c1 = Math.min(Math.floor(x1), r.w);
    for (let c = c0; c <= c1; c++) {
      const a = c > x0 ? c : x0;
      const b = c + 1 < x1 ? c + 1 : x1;
      const len = b - a;
      if (len <= 0) continue;
      // the line's centre at the middle of its part in this column, and the rows it straddles
      const t = y0 + m * ((a + b) / 2 - x0) - 0.5;
      const row = Math.floor(t);
      const fr = t - row;
      put(r, c, row, len * (1 - fr));
      put(r, c, row + 1, len * fr);
    }
  } else {
    if (y0 > y1) {
      [x0, x1] = [x1, x0];
      [y0, y1] = [y1, y0];
    }
    const m = (x1 - x0) / (y1 - y0);
    const c0 = Math.max(Math.floor(y0), -1);
    const c1 = Math.min(Math.floor(y1), r.h);
    for (let c = c0; c <= c1; c++) {
      const a = c > y0 ? c : y0;
      const b = c + 1 < y1 ? c + 1 : y1;
      const len = b - a;
      if (len <= 0) continue;
      const t = x0 + m * ((a + b) / 2 - y0) - 0.5;
      const col = Math.floor(t);
      const fr = t - col;
      put(r, col, c, len * (1 - fr));
      put(r, col + 1, c, len * fr);
    }
  }
}

/** The pixels of {@link composeOutlines}'s ImageData, reused from call to call. */
let scratch: Uint8ClampedArray<ArrayBuffer> | null = null;

/**
 * The plane's touched rect at colour `stroke` (its alpha times the coverage) as an ImageData, or
 * null when nothing was drawn. Its pixels are reused by the next call: draw it before then.
 */
export function composeOutlines(r: OutlineRaster, stroke: string): ImageData | null {
  const w = r.x1 - r.x0;
  const h = r.y1 - r.y0;
  if (w <= 0 || h <= 0) return null;
  const [cr, cg, cb, ca] = parseColor(stroke);
  const need = w * h * 4;
  if (!scratch || scratch.length < need) scratch = new Uint8ClampedArray(Math.max(need, 4 * 256 * 256));
  const out = scratch.subarray(0, need);
  const A = ca * 255;
  for (let j = 0; j < h; j++) {
    let o = (r.y0 + j) * r.w + r.x0;
    let d = j * w * 4;
    for (let i = 0; i < w; i++, o++, d += 4) {
      const c = r.cov[o]!;
      out[d] = cr;
      out[d + 1] = cg;
      out[d + 2] = cb;
      out[d + 3] = c * A + 0.5;
    }
  }
  return new ImageData(out, w, h);
}
