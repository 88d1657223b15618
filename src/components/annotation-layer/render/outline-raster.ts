// 1-px anti-aliased outlines rasterised in JS at coarse levels, without Path2D or Skia's hairline
// stroker. At z <= 0 a tile holds hundreds of shapes a few raster px wide whose outlines are a
// handful of segments each; building them into Path2Ds (a binding call per vertex) and Skia's
// hairline raster were each about half of a tile's paint. Here a colour group's segments are drawn
// into one coverage plane (Float32, 0..1) the way Skia draws a hairline: along the major axis, each
// pixel column (or row) the segment crosses gets its length in that column as coverage, split
// between the two pixels the 1-px line's centre lies between (Wu's lines), each segment composited
// over what is already there (source-over, as Skia blends each hairline segment). The plane is then
// composited at the group's colour into one ImageData and drawn once (as point-raster.ts does).

import { OUTLINE_RASTER_WASM } from './outline-raster-wasm.gen.js';
import { parseColor } from './point-raster.js';

/**
 * A colour group being rasterised: its outlines' coverage plane and its fill's (the union of its
 * filled shapes: signed area accumulated per pixel, then summed along each row and clamped, a
 * nonzero fill), over the canvas.
 */
export interface OutlineRaster {
  /** Canvas size; the fill plane's rows are `w + 2` long (an edge's area may spill past the last px). */
  w: number;
  h: number;
  cov: Float32Array;
  fill: Float32Array;
  /** Touched rect, device px (x1, y1 exclusive); empty while x1 <= x0. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Rows the fill touched (fy1 exclusive). */
  fy0: number;
  fy1: number;
  /** Columns of the fill plane its edges touched (fx1 exclusive, at most `w + 2`). */
  fx0: number;
  fx1: number;
  /** Next segment (index into the quadruples) to draw, and next fill edge. */
  next: number;
  fnext: number;
  /**
   * Byte addresses of `cov` and `fill` in the WebAssembly module's memory when they live there
   * ({@link setRasterWasm}; the hot loops then run in WebAssembly), else 0.
   */
  wc?: number;
  wf?: number;
}

let rasters = 0;

/** How many outline rasters were begun (tests: whether a paint took this path). */
export function outlineRasterCount(): number {
  return rasters;
}

/** Spare planes kept (a raster's two: the worker's extra heap, #16). */
const SPARE_PLANES = 2;
/** Spare planes (a finished raster's, cleared where it drew). */
const spare: Float32Array[] = [];

/**
 * A clear plane of `n` float32s: the smallest spare that holds them (best fit). Taking the last
 * that fits gave the coverage plane (w·h) the fill plane's spare ((w + 2)·h), leaving only the
 * smaller one for the fill: a new 264 KB fill plane for every colour group of every tile, dropped
 * on release (the spares were full), which the tile worker's GC collected.
 */
function plane(n: number): Float32Array {
  let best = -1;
  for (let i = 0; i < spare.length; i++)
    if (spare[i]!.length >= n && (best < 0 || spare[i]!.length < spare[best]!.length)) best = i;
  if (best >= 0) return spare.splice(best, 1)[0]!.subarray(0, n);
  return new Float32Array(n);
}

/** A clear raster over a `w`×`h` canvas. */
export function newOutlineRaster(w: number, h: number): OutlineRaster {
  rasters++;
  const wx = wasmOn ? wasm : null;
  let wc = 0;
  let wf = 0;
  if (wx) {
    wc = walloc(wx, 4 * w * h);
    wf = walloc(wx, 4 * (w + 2) * h);
  }
  const r: OutlineRaster = {
    w,
    h,
    cov: wx ? new Float32Array(wx.mem.buffer, wc, w * h) : plane(w * h),
    fill: wx ? new Float32Array(wx.mem.buffer, wf, (w + 2) * h) : plane((w + 2) * h),
    x0: w,
    y0: h,
    x1: 0,
    y1: 0,
    fy0: h,
    fy1: 0,
    fx0: w + 2,
    fx1: 0,
    next: 0,
    fnext: 0,
  };
  if (wx) {
    r.wc = wc;
    r.wf = wf;
    wx.live.add(r);
  }
  return r;
}

/** Gives the raster's planes back, cleared (the raster is not used after). */
export function releaseOutlineRaster(r: OutlineRaster): void {
  const { cov, w } = r;
  for (let y = r.y0; y < r.y1; y++) cov.fill(0, y * w + r.x0, y * w + r.x1);
  r.fill.fill(0, r.fy0 * (w + 2), r.fy1 * (w + 2));
  if (r.wc) {
    // planes in the WebAssembly memory: back to its free list (a new instance's memory, if the
    // pools were dropped since, holds nothing of them)
    if (wasm?.live.delete(r)) {
      wfree(wasm, r.wc, r.cov.byteLength);
      wfree(wasm, r.wf!, r.fill.byteLength);
    }
    return;
  }
  // a tile uses one raster at a time: keep one coverage and one fill plane
  if (spare.length < SPARE_PLANES) spare.push(new Float32Array(cov.buffer));
  if (spare.length < SPARE_PLANES) spare.push(new Float32Array(r.fill.buffer));
}

/**
 * A growable run of float32 numbers (segment or edge quadruples): `a[0..n)` used. Taken from a pool with
 * {@link takeSegs} and given back with {@link releaseSegs}, its array grows (doubling) only while
 * the pool warms, so painting a tile allocates none.
 */
export interface Segs {
  /** Float32, as Skia keeps a path's points: a page's shape and a worker's float32 copy of it draw alike. */
  a: Float32Array;
  n: number;
}

const segPool: Segs[] = [];
/**
 * Buffers the pool keeps (two a colour group of a tile being planned). Fewer (16), with buffers
 * past 64 KB dropped, cost the 100k render bench its borrowed-frames win (78-79 % vs 19-25 %):
 * a dense tile's groups then grew new buffers every tile.
 */
const SEG_POOL_MAX = 64;
/** Longest array (float32s, 1 MB) a pooled buffer keeps; a longer one is dropped for a new small one. */
const SEG_KEEP_MAX = 262144;
/** A new buffer's length (float32s): 1,024 segments. */
const SEG_INITIAL = 4096;

/** An empty {@link Segs} from the pool (or a new one). */
export function takeSegs(): Segs {
  return segPool.pop() ?? { a: new Float32Array(SEG_INITIAL), n: 0 };
}

/** Gives `b` back to the pool, emptied. */
export function releaseSegs(b: Segs): void {
  b.n = 0;
  if (segPool.length >= SEG_POOL_MAX) return;
  if (b.a.length > SEG_KEEP_MAX) b.a = new Float32Array(SEG_INITIAL);
  segPool.push(b);
}

/** Grows `b`'s array to hold at least `need` numbers (keeping its first `n`). */
export function growSegs(b: Segs, need: number): void {
  let len = b.a.length;
  while (len < need) len *= 2;
  const a = new Float32Array(len);
  a.set(b.a.subarray(0, b.n));
  b.a = a;
}

/** Appends segment (x0, y0)–(x1, y1) to `b`. */
export function pushSeg(b: Segs, x0: number, y0: number, x1: number, y1: number): void {
  if (b.n + 4 > b.a.length) growSegs(b, b.n + 4);
  const a = b.a;
  const n = b.n;
  a[n] = x0;
  a[n + 1] = y0;
  a[n + 2] = x1;
  a[n + 3] = y1;
  b.n = n + 4;
}

/**
 * A tile's rasterised colour groups composited in paint order (premultiplied source-over; colour
 * channels 0..255, alpha 0..1), over a `w`×`h` canvas, until drawn onto it at once ({@link flushTileRaster}).
 */
export interface TileRaster {
  w: number;
  h: number;
  px: Float32Array;
  /** Touched rect (x1, y1 exclusive); empty while x1 <= x0. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Byte addresses of `px` and of its RGBA bytes in the WebAssembly module's memory when there, else 0. */
  wp?: number;
  wo?: number;
}

const tileRasters: TileRaster[] = [];

/** A clear {@link TileRaster} over a `w`×`h` canvas, from the pool when one of that size is there. */
export function takeTileRaster(w: number, h: number): TileRaster {
  const wx = wasmOn ? wasm : null;
  for (let i = tileRasters.length - 1; i >= 0; i--) {
    const t = tileRasters[i]!;
    if (t.w === w && t.h === h && !t.wp === !wx) {
      tileRasters.splice(i, 1);
      return t;
    }
  }
  if (wx) {
    const wp = walloc(wx, 16 * w * h);
    const wo = walloc(wx, 4 * w * h);
    const t: TileRaster = { w, h, px: new Float32Array(wx.mem.buffer, wp, 4 * w * h), x0: w, y0: h, x1: 0, y1: 0 };
    t.wp = wp;
    t.wo = wo;
    wx.live.add(t);
    return t;
  }
  return { w, h, px: new Float32Array(4 * w * h), x0: w, y0: h, x1: 0, y1: 0 };
}

/** Gives `t` back to the pool (it must be clear: flushed). */
export function releaseTileRaster(t: TileRaster): void {
  if (tileRasters.length < 1 && (!t.wp || wasm?.live.has(t))) tileRasters.push(t);
  else if (t.wp && wasm?.live.delete(t)) {
    wfree(wasm, t.wp, 16 * t.w * t.h);
    // the image's bytes it held: cleared, as a free block is
    new Uint8Array(wasm.mem.buffer, t.wo!, 4 * t.w * t.h).fill(0);
    wfree(wasm, t.wo!, 4 * t.w * t.h);
  }
}

/**
 * Composites raster `r`'s planes onto `t` (outlines at `stroke` over the fill at `fill`, each
 * colour's alpha times its coverage, the pair source-over what `t` holds), turning the fill's
 * accumulated areas into coverage on the way (as {@link resolveFill}) and clearing both planes:
 * one pass over the rows and columns `r` touched.
 */
export function composeInto(r: OutlineRaster, t: TileRaster, stroke: string, fill: string): void {
  const [sr, sg, sb, sa] = parseColor(stroke);
  const [fr, fg, fb, fa] = parseColor(fill);
  const wx = wasm;
  if (r.wc && t.wp && wx?.live.has(r) && wx.live.has(t)) {
    putBounds(wx, r);
    const T = wx.hdr;
    T[8] = t.x0;
    T[9] = t.y0;
    T[10] = t.x1;
    T[11] = t.y1;
    wx.x.compose(0, r.wf!, r.wc, r.w, r.h, 64, t.wp, sr, sg, sb, sa, fr, fg, fb, fa);
    t.x0 = T[8]!;
    t.y0 = T[9]!;
    t.x1 = T[10]!;
    t.y1 = T[11]!;
    r.x0 = r.w;
    r.x1 = 0;
    r.y0 = r.h;
    r.y1 = 0;
    r.fy0 = r.h;
    r.fy1 = 0;
    r.fx0 = r.w + 2;
    r.fx1 = 0;
    return;
  }
  const w = r.w;
  const FW = w + 2;
  const F = r.fill;
  const C = r.cov;
  const P = t.px;
  const hasF = r.fy1 > r.fy0 && r.fx1 > r.fx0;
  const hasO = r.x1 > r.x0 && r.y1 > r.y0;
  const ya = Math.min(hasO ? r.y0 : r.h, hasF ? r.fy0 : r.h);
  const yb = Math.max(hasO ? r.y1 : 0, hasF ? r.fy1 : 0);
  const fx0 = r.fx0;
  const fx1 = r.fx1;
  const fxw = Math.min(fx1, w);
  let tx0 = t.x0;
  let tx1 = t.x1;
  for (let y = ya; y < yb; y++) {
    const inF = hasF && y >= r.fy0 && y < r.fy1;
    const inO = hasO && y >= r.y0 && y < r.y1;
    let xa = inO ? r.x0 : w;
    let xb = inO ? r.x1 : 0;
    if (inF) {
      if (fx0 < xa) xa = fx0;
      if (fxw > xb) xb = fxw;
    }
    const fl = y * FW;
    const cl = y * w;
    if (inF) {
      // One formula for every pixel, with as = 0 where no outline is (cov 0 · sa = 0, the same
      // numbers as a branch on it): at a dense tile about half its pixels hold outline coverage, in
      // no pattern, and a branch on it (with a store clearing it) was mispredicted about as often;
      // the planes are cleared row by row after (fill()). ~25 % faster, bit for bit the same
      // (outline-raster-exact.test.ts).
      let sum = 0;
      for (let x = xa; x < xb; x++) {
        sum += F[fl + x]!;
        let c = sum < 0 ? -sum : sum;
        c = c > 1 ? 1 : c < 1e-4 ? 0 : c;
        const as = C[cl + x]! * sa;
        const af = c * fa * (1 - as);
        const A = as + af;
        if (A <= 0) continue;
        const k = 4 * (cl + x);
        const inv = 1 - A;
        P[k] = sr * as + fr * af + P[k]! * inv;
        P[k + 1] = sg * as + fg * af + P[k + 1]! * inv;
        P[k + 2] = sb * as + fb * af + P[k + 2]! * inv;
        P[k + 3] = A + P[k + 3]! * inv;
      }
      // the row's fill cells, past the canvas too (an edge's area spilling past the last column),
      // from xa (<= fx0), as the loops before #16 cleared them: an edge whose left end is on a whole
      // pixel can drift (x += dxdy) just below it and leave a tiny area in column fx0 - 1, which
      // xa = r.x0 covers when the shape is outlined too (outline-raster-exact.test.ts)
      F.fill(0, fl + xa, fl + fx1);
    } else {
      // outlines only: c = 0, so af = ±0 and A = as
      for (let x = xa; x < xb; x++) {
        const o = C[cl + x]!;
        if (o === 0) continue;
        const as = o * sa;
        if (as <= 0) continue;
        const k = 4 * (cl + x);
        const inv = 1 - as;
        P[k] = sr * as + P[k]! * inv;
        P[k + 1] = sg * as + P[k + 1]! * inv;
        P[k + 2] = sb * as + P[k + 2]! * inv;
        P[k + 3] = as + P[k + 3]! * inv;
      }
    }
    if (inO) C.fill(0, cl + r.x0, cl + r.x1);
    if (xb > xa) {
      if (xa < tx0) tx0 = xa;
      if (xb > tx1) tx1 = xb;
      if (y < t.y0) t.y0 = y;
      if (y >= t.y1) t.y1 = y + 1;
    }
  }
  t.x0 = tx0;
  t.x1 = tx1;
  r.x0 = w;
  r.x1 = 0;
  r.y0 = r.h;
  r.y1 = 0;
  r.fy0 = r.h;
  r.fy1 = 0;
  r.fx0 = FW;
  r.fx1 = 0;
}

/**
 * Writes `t`'s touched rect into `img` (a `t.w`×`t.h` ImageData, unpremultiplied) and clears `t`.
 * Returns the rect (x, y, w, h), or null when nothing was composited.
 */
export function flushTileRaster(t: TileRaster, img: ImageData): [number, number, number, number] | null {
  const { x0, y0, x1, y1, w } = t;
  if (x1 <= x0 || y1 <= y0) return null;
  const P = t.px;
  const out = img.data;
  const wx = wasm;
  if (t.wp && wx?.live.has(t)) {
    // the rect's rows of the image into the module's memory, written there, and back (a pixel
    // with no coverage keeps its colour bytes, as in the JS loop)
    const u8 = new Uint8Array(wx.mem.buffer, t.wo!, 4 * w * t.h);
    for (let y = y0; y < y1; y++) u8.set(out.subarray(4 * (y * w + x0), 4 * (y * w + x1)), 4 * (y * w + x0));
    wx.x.flush(t.wp, t.wo!, w, x0, y0, x1, y1);
    for (let y = y0; y < y1; y++) out.set(u8.subarray(4 * (y * w + x0), 4 * (y * w + x1)), 4 * (y * w + x0));
    t.x0 = w;
    t.y0 = t.h;
    t.x1 = 0;
    t.y1 = 0;
    return [x0, y0, x1 - x0, y1 - y0];
  }
  for (let y = y0; y < y1; y++) {
    let k = 4 * (y * w + x0);
    const e = 4 * (y * w + x1);
    for (; k < e; k += 4) {
      const A = P[k + 3]!;
      if (A <= 0) {
        out[k + 3] = 0;
        continue;
      }
      const s = 1 / A;
      out[k] = P[k]! * s + 0.5;
      out[k + 1] = P[k + 1]! * s + 0.5;
      out[k + 2] = P[k + 2]! * s + 0.5;
      out[k + 3] = A * 255 + 0.5;
    }
    P.fill(0, 4 * (y * w + x0), e);
  }
  t.x0 = w;
  t.y0 = t.h;
  t.x1 = 0;
  t.y1 = 0;
  return [x0, y0, x1 - x0, y1 - y0];
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
  const wx = wasm;
  if (r.wc && segs instanceof Float32Array && wx?.live.has(r) && end > r.next) {
    wasmQuads(wx, wx.x.lines, r, r.wc, segs, r.next, end, a, e, f);
    r.next = end;
    return;
  }
  for (let k = r.next; k < end; k++) {
    const o = 4 * k;
    line(r, segs[o]! * a + e, segs[o + 1]! * a + f, segs[o + 2]! * a + e, segs[o + 3]! * a + f);
  }
  r.next = end;
}

/**
 * Accumulates fill edges `edges` (image-space quadruples, outlines clockwise on screen and holes
 * counter-clockwise) from `r.fnext` up to `end` into the fill plane, mapped as {@link rasterSegments}.
 */
export function rasterFillEdges(
  r: OutlineRaster,
  edges: ArrayLike<number>,
  a: number,
  e: number,
  f: number,
  end: number,
): void {
  const wx = wasm;
  if (r.wf && edges instanceof Float32Array && wx?.live.has(r) && end > r.fnext) {
    wasmQuads(wx, wx.x.edges, r, r.wf, edges, r.fnext, end, a, e, f);
    r.fnext = end;
    return;
  }
  for (let k = r.fnext; k < end; k++) {
    const o = 4 * k;
    edge(r, edges[o]! * a + e, edges[o + 1]! * a + f, edges[o + 2]! * a + e, edges[o + 3]! * a + f);
  }
  r.fnext = end;
}

/**
 * One edge's signed area into the fill plane (the accumulation of font-rs: each row the edge
 * crosses gets, per pixel, the area to the pixel's right that the edge's winding covers, as a
 * difference along the row; summing the row then gives each pixel's coverage).
 */
function edge(r: OutlineRaster, x0: number, y0: number, x1: number, y1: number): void {
  if (y0 === y1) return;
  let dir = 1;
  if (y0 > y1) {
    dir = -1;
    const tx = x0;
    x0 = x1;
    x1 = tx;
    const ty = y0;
    y0 = y1;
    y1 = ty;
  }
  const W = r.w + 2;
  const H = r.h;
  if (y1 <= 0 || y0 >= H) return;
  const acc = r.fill;
  const dxdy = (x1 - x0) / (y1 - y0);
  let x = x0;
  if (y0 < 0) {
    x -= y0 * dxdy;
    y0 = 0;
  }
  const ya = Math.floor(y0);
  const yb = Math.min(H, Math.ceil(y1));
  if (ya < r.fy0) r.fy0 = ya;
  if (yb > r.fy1) r.fy1 = yb;
  // the columns it adds to (area left of the plane lands in column 0)
  const lo = Math.max(0, Math.floor(Math.min(x0, x1)));
  const hi = Math.min(W, Math.ceil(Math.max(x0, x1)) + 2);
  if (lo < r.fx0) r.fx0 = lo;
  if (hi > r.fx1) r.fx1 = hi;
  const xmax = r.w;
  // a row fully inside the edge's span has dy = (y + 1) - y = 1: d = dir and x moves by dxdy
  // (dxdy · 1), the same numbers as the general case's, without its min and max
  const full0 = Math.max(ya, Math.ceil(y0));
  const full1 = Math.min(yb, Math.floor(y1));
  for (let y = ya; y < yb; y++) {
    const ls = y * W;
    let xnext: number;
    let d: number;
    if (y >= full0 && y < full1) {
      xnext = x + dxdy;
      d = dir;
    } else {
      const dy = Math.min(y + 1, y1) - Math.max(y, y0);
      xnext = x + dxdy * dy;
      d = dy * dir;
    }
    const xa = Math.min(x, xnext);
    const xb = Math.max(x, xnext);
    x = xnext;
    if (xa >= xmax) continue;
    if (xa >= 0 && xb <= xmax) rowArea(acc, ls, xa, xb, d);
    else clippedRowArea(acc, ls, W, xa, xb, d);
  }
}

/** One row's signed area of an edge piece from x `xa` to `xb` (inside the row), at row start `ls`. */
function rowArea(acc: Float32Array, ls: number, xa: number, xb: number, d: number): void {
  const x0i = Math.floor(xa);
  const x1i = Math.ceil(xb);
  if (x1i <= x0i + 1) {
    const xmf = 0.5 * (xa + xb) - x0i;
    acc[ls + x0i] += d - d * xmf;
    acc[ls + x0i + 1] += d * xmf;
  } else {
    const s = 1 / (xb - xa);
    const fa = xa - x0i;
    const a0 = 0.5 * s * (1 - fa) * (1 - fa);
    const fb = xb - x1i + 1;
    const am = 0.5 * s * fb * fb;
    acc[ls + x0i] += d * a0;
    if (x1i === x0i + 2) acc[ls + x0i + 1] += d * (1 - a0 - am);
    else {
      const a1 = s * (1.5 - fa);
      acc[ls + x0i + 1] += d * (a1 - a0);
      for (let xi = x0i + 2; xi < x1i - 1; xi++) acc[ls + xi] += d * s;
      const a2 = a1 + (x1i - x0i - 3) * s;
      acc[ls + x1i - 1] += d * (1 - a2 - am);
    }
    acc[ls + x1i] += d * am;
  }
}

/**
 * {@link rowArea} for a piece reaching past the plane's columns: area left of the plane lands in
 * its first column (every pixel of the row sums it), right of its last column nowhere.
 */
function clippedRowArea(acc: Float32Array, ls: number, W: number, xa: number, xb: number, d: number): void {
  const x0i = Math.floor(xa);
  const x1i = Math.ceil(xb);
  if (x1i <= x0i + 1) {
    const xmf = 0.5 * (xa + xb) - x0i;
    addAt(acc, ls, W, x0i, d - d * xmf);
    addAt(acc, ls, W, x0i + 1, d * xmf);
  } else {
    const s = 1 / (xb - xa);
    const fa = xa - x0i;
    const a0 = 0.5 * s * (1 - fa) * (1 - fa);
    const fb = xb - x1i + 1;
    const am = 0.5 * s * fb * fb;
    addAt(acc, ls, W, x0i, d * a0);
    if (x1i === x0i + 2) addAt(acc, ls, W, x0i + 1, d * (1 - a0 - am));
    else {
      const a1 = s * (1.5 - fa);
      addAt(acc, ls, W, x0i + 1, d * (a1 - a0));
      // the middle columns' equal shares: those left of the plane summed into its first column
      const lo = x0i + 2;
      const hi = Math.min(x1i - 1, W);
      if (lo < 0) addAt(acc, ls, W, 0, d * s * (Math.min(0, hi) - lo));
      for (let xi = Math.max(lo, 0); xi < hi; xi++) acc[ls + xi] += d * s;
      const a2 = a1 + (x1i - x0i - 3) * s;
      addAt(acc, ls, W, x1i - 1, d * (1 - a2 - am));
    }
    addAt(acc, ls, W, x1i, d * am);
  }
}

/** Adds `v` to column `xi` of the row at `ls` (left of the plane: its first column; right of it: nowhere). */
function addAt(acc: Float32Array, ls: number, W: number, xi: number, v: number): void {
  if (xi < W) acc[ls + Math.max(xi, 0)] += v;
}

/** Turns the fill plane's accumulated areas into coverage (0..1), row by row, where it was touched. */
export function resolveFill(r: OutlineRaster): void {
  const W = r.w + 2;
  const acc = r.fill;
  for (let y = r.fy0; y < r.fy1; y++) {
    let sum = 0;
    let touched = false;
    const ls = y * W;
    for (let i = 0; i < W; i++) {
      sum += acc[ls + i]!;
      const c = sum < 0 ? -sum : sum;
      const v = c > 1 ? 1 : c < 1e-4 ? 0 : c;
      acc[ls + i] = v;
      if (v && i < r.w) {
        touched = true;
        if (i < r.x0) r.x0 = i;
        if (i >= r.x1) r.x1 = i + 1;
      }
    }
    if (touched) {
      if (y < r.y0) r.y0 = y;
      if (y >= r.y1) r.y1 = y + 1;
    }
  }
}

/** One 1-px anti-aliased segment, device px, composited over the outline plane. */
export function line(r: OutlineRaster, x0: number, y0: number, x1: number, y1: number): void {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const W = r.w;
  const H = r.h;
  const cov = r.cov;
  // the pixels it may touch, for the touched rect
  const lx = Math.max(0, Math.floor(Math.min(x0, x1)) - 1);
  const hx = Math.min(W, Math.floor(Math.max(x0, x1)) + 2);
  const ly = Math.max(0, Math.floor(Math.min(y0, y1)) - 1);
  const hy = Math.min(H, Math.floor(Math.max(y0, y1)) + 2);
  if (hx <= lx || hy <= ly) return;
  if (lx < r.x0) r.x0 = lx;
  if (hx > r.x1) r.x1 = hx;
  if (ly < r.y0) r.y0 = ly;
  if (hy > r.y1) r.y1 = hy;
  if (Math.abs(dx) >= Math.abs(dy)) {
    if (dx === 0) return;
    if (x0 > x1) {
      const tx = x0;
      x0 = x1;
      x1 = tx;
      const ty = y0;
      y0 = y1;
      y1 = ty;
    }
    const m = (y1 - y0) / (x1 - x0);
    const c0 = Math.max(Math.floor(x0), 0);
    const c1 = Math.min(Math.floor(x1), W - 1);
    // columns the segment crosses whole: a = c, b = c + 1, len = 1 and (a + b) / 2 = c + 0.5
    // exactly, the general case's numbers without its min and max
    const w0 = Math.ceil(x0);
    const w1 = Math.floor(x1) - 1;
    for (let c = c0; c <= c1; c++) {
      let len: number;
      let mid: number;
      if (c >= w0 && c <= w1) {
        len = 1;
        mid = c + 0.5;
      } else {
        const a = Math.max(c, x0);
        const b = Math.min(c + 1, x1);
        len = b - a;
        if (len <= 0) continue;
        mid = (a + b) / 2;
      }
      // the line's centre at the middle of its part in this column, and the rows it straddles
      const t = y0 + m * (mid - x0) - 0.5;
      const row = Math.floor(t);
      const fr = t - row;
      if (row >= 0 && row < H) {
        const o = row * W + c;
        const v = len * (1 - fr);
        const d = cov[o]!;
        cov[o] = d + v - d * v;
      }
      if (row + 1 >= 0 && row + 1 < H) {
        const o = (row + 1) * W + c;
        const v = len * fr;
        const d = cov[o]!;
        cov[o] = d + v - d * v;
      }
    }
  } else {
    if (y0 > y1) {
      const tx = x0;
      x0 = x1;
      x1 = tx;
      const ty = y0;
      y0 = y1;
      y1 = ty;
    }
    const m = (x1 - x0) / (y1 - y0);
    const c0 = Math.max(Math.floor(y0), 0);
    const c1 = Math.min(Math.floor(y1), H - 1);
    const w0 = Math.ceil(y0);
    const w1 = Math.floor(y1) - 1;
    for (let c = c0; c <= c1; c++) {
      let len: number;
      let mid: number;
      if (c >= w0 && c <= w1) {
        len = 1;
        mid = c + 0.5;
      } else {
        const a = Math.max(c, y0);
        const b = Math.min(c + 1, y1);
        len = b - a;
        if (len <= 0) continue;
        mid = (a + b) / 2;
      }
      const t = x0 + m * (mid - y0) - 0.5;
      const col = Math.floor(t);
      const fr = t - col;
      const ls = c * W;
      if (col >= 0 && col < W) {
        const v = len * (1 - fr);
        const d = cov[ls + col]!;
        cov[ls + col] = d + v - d * v;
      }
      if (col + 1 >= 0 && col + 1 < W) {
        const v = len * fr;
        const d = cov[ls + col + 1]!;
        cov[ls + col + 1] = d + v - d * v;
      }
    }
  }
}

/** Scratch fill plane of {@link rasterFillAlone} (grown on need; dropped by {@link releaseRasterPools}). */
let aloneFill = new Float32Array(0);

/**
 * Adds one shape's fill (its edges `edges[from..end)`, quadruple indices, mapped as
 * {@link rasterFillEdges}) to `r`'s fill plane as the coverage it has alone: its signed areas
 * accumulated in a scratch plane over its own rect, each row summed to min(1, |winding|) and added
 * to the plane as differences, with the sign of a clockwise outline (as the group's other fills).
 * For a self-intersecting shape, whose lobes may wind either way: summed with the group's other
 * edges, a lobe of winding -1 under a shape of +1 would cancel to a hole.
 */
export function rasterFillAlone(
  r: OutlineRaster,
  edges: ArrayLike<number>,
  from: number,
  end: number,
  a: number,
  e: number,
  f: number,
): void {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let k = 4 * from; k < 4 * end; k += 2) {
    const x = edges[k]! * a + e;
    const y = edges[k + 1]! * a + f;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const ya = Math.max(0, Math.floor(minY));
  const yb = Math.min(r.h, Math.ceil(maxY));
  // the plane's columns from `ox` (area left of the canvas lands in column 0, as in the plane)
  const ox = Math.max(0, Math.min(r.w, Math.floor(minX)));
  const sw = Math.max(0, Math.min(r.w, Math.ceil(maxX) + 1) - ox);
  if (yb <= ya || maxX < 0) return;
  const SW = sw + 2;
  const sh = yb - ya;
  if (aloneFill.length < SW * sh) aloneFill = new Float32Array(SW * sh);
  const s: OutlineRaster = {
    w: sw,
    h: sh,
    cov: aloneFill,
    fill: aloneFill,
    x0: sw,
    y0: sh,
    x1: 0,
    y1: 0,
    fy0: sh,
    fy1: 0,
    fx0: SW,
    fx1: 0,
    next: 0,
    fnext: from,
  };
  rasterFillEdges(s, edges, a, e - ox, f - ya, end);
  const W = r.w + 2;
  const F = r.fill;
  const acc = aloneFill;
  for (let y = s.fy0; y < s.fy1; y++) {
    const ls = y * SW;
    const lf = (y + ya) * W + ox;
    let sum = 0;
    let prev = 0;
    for (let i = 0; i < SW; i++) {
      sum += acc[ls + i]!;
      acc[ls + i] = 0;
      // a clockwise outline's sign (its downward edges add -1 to their right): the group's winding
      const c0 = sum < 0 ? -sum : sum;
      const c = c0 > 1 ? -1 : -c0;
      F[lf + i] += c - prev;
      prev = c;
    }
    // what the last column holds ends there (past it, the row's coverage is the group's own)
    if (prev !== 0 && ox + SW < W) F[lf + SW] -= prev;
  }
  if (s.fy0 < s.fy1) {
    if (s.fy0 + ya < r.fy0) r.fy0 = s.fy0 + ya;
    if (s.fy1 + ya > r.fy1) r.fy1 = s.fy1 + ya;
    if (ox < r.fx0) r.fx0 = ox;
    const hi = Math.min(W, ox + SW + 1);
    if (hi > r.fx1) r.fx1 = hi;
  }
}

/**
 * Drops the rasteriser's pooled buffers (segment buffers, spare planes, the tile raster and
 * scratch): for the tile worker once it has been idle a while (#16: their ~MBs stay otherwise).
 * The next tile allocates them again.
 */
export function releaseRasterPools(): void {
  segPool.length = 0;
  spare.length = 0;
  // a pooled tile raster in the module's memory lives there until dropped from `live` (it held the
  // ~1.25 MB it took for good, and kept the instance from being replaced: review32 #1)
  for (const t of tileRasters) if (t.wp) wasm?.live.delete(t);
  tileRasters.length = 0;
  aloneFill = new Float32Array(0);
  // The module's memory cannot shrink: a new instance's. Rasters still alive in this one (a paint
  // that threw left its rasters; a job sliced over tasks) keep their views on the old memory and
  // run the JS loops on them (every WebAssembly path asks `live` of the instance in use), and the
  // old memory goes with them.
  if (wasm || (wasmOn && wasmModule && !wasmLoading)) {
    wasm = null;
    wasmLoading = null;
    // loading again at once while on (a failure is caught; the next release tries again)
    if (wasmOn) void loadWasm();
  }
}

/** Bytes of the WebAssembly rasteriser's memory, 0 with no instance (tests: memory is given back). */
export function rasterWasmMemoryBytes(): number {
  return wasm ? wasm.mem.buffer.byteLength : 0;
}

// --- WebAssembly (#16) -------------------------------------------------------------------------
// The hot loops (fill edges, outline segments, compose, flush) in WebAssembly: wasm/outline-raster.ts,
// compiled into outline-raster-wasm.gen.ts. Its planes live in the module's memory (views as
// `cov`, `fill`, `px`, so the JS functions work on them too); the numbers are the JS path's, byte
// for byte (outline-raster-wasm.test.ts). Without WebAssembly the JS path runs.

type Quads = (
  hdr: number,
  plane: number,
  w: number,
  h: number,
  segs: number,
  n: number,
  a: number,
  e: number,
  f: number,
) => void;

interface RasterWasm {
  mem: WebAssembly.Memory;
  x: {
    edges: Quads;
    lines: Quads;
    compose: (
      hdr: number,
      F: number,
      C: number,
      w: number,
      h: number,
      thdr: number,
      P: number,
      sr: number,
      sg: number,
      sb: number,
      sa: number,
      fr: number,
      fg: number,
      fb: number,
      fa: number,
    ) => void;
    flush: (P: number, out: number, w: number, x0: number, y0: number, x1: number, y1: number) => void;
  };
  /** Bounds headers (f64): a raster's at byte 0 (8), a tile raster's at byte 64 (4). */
  hdr: Float64Array;
  /** Quadruples' scratch at byte {@link SCRATCH}. */
  scratch: Float32Array;
  /** End of allocated memory (bytes). */
  top: number;
  /** Freed blocks (address, bytes) below `top`, in address order, none touching another: cleared. */
  free: Array<[number, number]>;
  /** Rasters and tile rasters whose planes are in this memory (views refreshed when it grows). */
  live: Set<OutlineRaster | TileRaster>;
}

/** Scratch for quadruples copied in: bytes 128 on, {@link SCRATCH_QUADS} of them. */
const SCRATCH = 128;
const SCRATCH_QUADS = 4096;

let wasmModule: WebAssembly.Module | null = null;
let wasm: RasterWasm | null = null;
let wasmOn = false;
let wasmLoading: Promise<boolean> | null = null;

function instantiate(m: WebAssembly.Module): Promise<boolean> {
  return WebAssembly.instantiate(m, {}).then((inst) => {
    const ex = inst.exports as unknown as RasterWasm['x'] & { memory: WebAssembly.Memory };
    const mem = ex.memory;
    const base = SCRATCH + 16 * SCRATCH_QUADS;
    const pages = Math.ceil(base / 65536) - mem.buffer.byteLength / 65536;
    if (pages > 0) mem.grow(pages);
    wasm = {
      mem,
      x: ex,
      hdr: new Float64Array(mem.buffer, 0, 16),
      scratch: new Float32Array(mem.buffer, SCRATCH, 4 * SCRATCH_QUADS),
      top: base,
      free: [],
      live: new Set(),
    };
    return true;
  });
}

/**
 * Turns the WebAssembly rasteriser on or off for rasters begun from now on (those begun stay as
 * they are). On: compiles and instantiates the module once; resolves whether it runs (false where
 * WebAssembly is missing or fails: the JS path then runs).
 */
export function setRasterWasm(on: boolean): Promise<boolean> {
  wasmOn = on;
  if (!on) return Promise.resolve(false);
  if (wasm) return Promise.resolve(true);
  return (wasmLoading ?? loadWasm()).then((ok) => ok && wasmOn && !!wasm);
}

/**
 * Compiles the module (once) and instantiates it, as {@link wasmLoading}: resolves whether it runs.
 * Never rejects; on failure `wasmLoading` is cleared so that the next call tries again.
 */
function loadWasm(): Promise<boolean> {
  const p = (async () => {
    if (typeof WebAssembly === 'undefined') return false;
    if (!wasmModule) {
      const bin = atob(OUTLINE_RASTER_WASM);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      wasmModule = await WebAssembly.compile(bytes);
    }
    return instantiate(wasmModule);
  })().catch(() => false);
  wasmLoading = p;
  void p.then((ok) => {
    if (!ok && wasmLoading === p) wasmLoading = null;
  });
  return p;
}

/** Whether rasters begun now run in WebAssembly. */
export function rasterWasmActive(): boolean {
  return wasmOn && !!wasm;
}

/**
 * A cleared block of `n` bytes (16-aligned) in the module's memory: the smallest free block that
 * holds it (its front; the rest stays free), else from the top, growing the memory when past it.
 */
function walloc(wx: RasterWasm, n: number): number {
  n = (n + 15) & ~15;
  const free = wx.free;
  let best = -1;
  for (let i = 0; i < free.length; i++) {
    const b = free[i]![1];
    if (b >= n && (best < 0 || b < free[best]![1])) best = i;
  }
  if (best >= 0) {
    const [p, b] = free[best]!;
    if (b === n) free.splice(best, 1);
    else free[best] = [p + n, b - n];
    return p;
  }
  const p = wx.top;
  const need = p + n - wx.mem.buffer.byteLength;
  if (need > 0) {
    // grown first: a grow that throws (the memory's limit) leaves `top` inside the memory
    wx.mem.grow(Math.ceil(need / 65536));
    // the old buffer is detached: every view again
    const buf = wx.mem.buffer;
    wx.hdr = new Float64Array(buf, 0, 16);
    wx.scratch = new Float32Array(buf, SCRATCH, 4 * SCRATCH_QUADS);
    for (const r of wx.live) {
      if ('cov' in r) {
        r.cov = new Float32Array(buf, r.wc!, r.w * r.h);
        r.fill = new Float32Array(buf, r.wf!, (r.w + 2) * r.h);
      } else r.px = new Float32Array(buf, r.wp!, 4 * r.w * r.h);
    }
  }
  wx.top = p + n;
  return p;
}

/**
 * Gives block `p` (`n` bytes, cleared) back: merged with the free blocks it touches (the list is in
 * address order), and a free block that ends at the top lowers the top instead (past the top the
 * memory is clear too). So freed bytes are never stranded: a big free block holds several small
 * planes, and neighbours freed together hold a big one.
 */
function wfree(wx: RasterWasm, p: number, n: number): void {
  n = (n + 15) & ~15;
  const free = wx.free;
  let i = 0;
  while (i < free.length && free[i]![0] < p) i++;
  const prev = free[i - 1];
  const next = free[i];
  let start = p;
  let end = p + n;
  if (prev && prev[0] + prev[1] === p) {
    start = prev[0];
    free.splice(--i, 1);
  }
  if (next && next[0] === end) {
    end += next[1];
    free.splice(i, 1);
  }
  if (end === wx.top) wx.top = start;
  else free.splice(i, 0, [start, end - start]);
}

function putBounds(wx: RasterWasm, r: OutlineRaster): void {
  const H = wx.hdr;
  H[0] = r.x0;
  H[1] = r.y0;
  H[2] = r.x1;
  H[3] = r.y1;
  H[4] = r.fy0;
  H[5] = r.fy1;
  H[6] = r.fx0;
  H[7] = r.fx1;
}

/** Quadruples `q[from..end)` through `fn` (lines or edges) onto plane `p` of `r`, in scratch-sized runs. */
function wasmQuads(
  wx: RasterWasm,
  fn: Quads,
  r: OutlineRaster,
  p: number,
  q: Float32Array,
  from: number,
  end: number,
  a: number,
  e: number,
  f: number,
): void {
  putBounds(wx, r);
  for (let k = from; k < end; k += SCRATCH_QUADS) {
    const n = Math.min(SCRATCH_QUADS, end - k);
    wx.scratch.set(q.subarray(4 * k, 4 * (k + n)));
    fn(0, p, r.w, r.h, SCRATCH, n, a, e, f);
  }
  const H = wx.hdr;
  r.x0 = H[0]!;
  r.y0 = H[1]!;
  r.x1 = H[2]!;
  r.y1 = H[3]!;
  r.fy0 = H[4]!;
  r.fy1 = H[5]!;
  r.fx0 = H[6]!;
  r.fx1 = H[7]!;
}
