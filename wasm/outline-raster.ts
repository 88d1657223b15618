// AssemblyScript source of the outline rasteriser's hot loops in WebAssembly (#16), compiled by
// scripts/build-wasm.mjs into src/components/annotation-layer/render/outline-raster-wasm.gen.ts.
// A line-for-line port of src/components/annotation-layer/render/outline-raster.ts (edge, rowArea,
// clippedRowArea, line, composeInto, flushTileRaster) with the same numbers: every quantity is an
// f64 as in JS (a plane's float32 promoted on load, demoted on store, as a Float32Array does), the
// same operations in the same order, integers converted only to address memory where they are in
// range. Its output is byte-identical to the JS path's (outline-raster-wasm.test.ts).
//
// Memory is the caller's: planes and buffers are byte addresses it allocated in this module's
// memory. A raster's touched bounds travel in a header of f64s at `hdr`:
//   0 x0, 1 y0, 2 x1, 3 y1 (the outline plane's touched rect), 4 fy0, 5 fy1, 6 fx0, 7 fx1 (the fill's);
// a tile raster's at `thdr`: 0 x0, 1 y0, 2 x1, 3 y1.

// @ts-nocheck: AssemblyScript, not TypeScript (not in tsconfig's include)

@inline
function ld(p: usize): f64 {
  return <f64>load<f32>(p);
}

@inline
function st(p: usize, v: f64): void {
  store<f32>(p, <f32>v);
}

@inline
function add(p: usize, v: f64): void {
  store<f32>(p, <f32>(<f64>load<f32>(p) + v));
}

@inline
function hget(h: usize, i: i32): f64 {
  return load<f64>(h + (<usize>i << 3));
}

@inline
function hset(h: usize, i: i32, v: f64): void {
  store<f64>(h + (<usize>i << 3), v);
}

/** Address of float32 `i` of the plane at `p`. */
@inline
function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

// The raster's touched bounds while a batch of edges or lines is drawn: read from its header once
// at the batch's start and written back at its end (not loaded and stored for every primitive).
let gx0: f64 = 0;
let gy0: f64 = 0;
let gx1: f64 = 0;
let gy1: f64 = 0;
let gfy0: f64 = 0;
let gfy1: f64 = 0;
let gfx0: f64 = 0;
let gfx1: f64 = 0;

@inline
function getBounds(hdr: usize): void {
  gx0 = hget(hdr, 0);
  gy0 = hget(hdr, 1);
  gx1 = hget(hdr, 2);
  gy1 = hget(hdr, 3);
  gfy0 = hget(hdr, 4);
  gfy1 = hget(hdr, 5);
  gfx0 = hget(hdr, 6);
  gfx1 = hget(hdr, 7);
}

@inline
function putBounds(hdr: usize): void {
  hset(hdr, 0, gx0);
  hset(hdr, 1, gy0);
  hset(hdr, 2, gx1);
  hset(hdr, 3, gy1);
  hset(hdr, 4, gfy0);
  hset(hdr, 5, gfy1);
  hset(hdr, 6, gfx0);
  hset(hdr, 7, gfx1);
}

/** Fill edges: `n` quadruples (float32) at `segs`, mapped by x·a + e, y·a + f, into the fill plane `acc` (rows w + 2 long). */
export function edges(hdr: usize, acc: usize, w: i32, h: i32, segs: usize, n: i32, a: f64, e: f64, f: f64): void {
  getBounds(hdr);
  for (let k = 0; k < n; k++) {
    const o = segs + (<usize>k << 4);
    edge(acc, w, h, ld(o) * a + e, ld(o + 4) * a + f, ld(o + 8) * a + e, ld(o + 12) * a + f);
  }
  putBounds(hdr);
}

@inline
function edge(acc: usize, w: i32, h: i32, x0: f64, y0: f64, x1: f64, y1: f64): void {
  if (y0 == y1) return;
  let dir: f64 = 1;
  if (y0 > y1) {
    dir = -1;
    const tx = x0;
    x0 = x1;
    x1 = tx;
    const ty = y0;
    y0 = y1;
    y1 = ty;
  }
  const Wi = w + 2;
  const W = <f64>Wi;
  const H = <f64>h;
  if (y1 <= 0 || y0 >= H) return;
  const dxdy = (x1 - x0) / (y1 - y0);
  let x = x0;
  if (y0 < 0) {
    x -= y0 * dxdy;
    y0 = 0;
  }
  const ya = Math.floor(y0);
  const yb = Math.min(H, Math.ceil(y1));
  if (ya < gfy0) gfy0 = ya;
  if (yb > gfy1) gfy1 = yb;
  const lo = Math.max(0, Math.floor(Math.min(x0, x1)));
  const hi = Math.min(W, Math.ceil(Math.max(x0, x1)) + 2);
  if (lo < gfx0) gfx0 = lo;
  if (hi > gfx1) gfx1 = hi;
  const xmax = <f64>w;
  // ya, yb in [0, h]: y0 >= 0 and y0 < h, y1 > 0
  const yai = <i32>ya;
  const ybi = <i32>yb;
  for (let yi = yai; yi < ybi; yi++) {
    const y = <f64>yi;
    const ls = yi * Wi;
    // JS takes dy = 1 for a row inside the edge's span, which the general formula gives too
    // (min(y + 1, y1) - max(y, y0) = (y + 1) - y): here no branch (unpredictable on small shapes)
    const dy = Math.min(y + 1, y1) - Math.max(y, y0);
    const xnext = x + dxdy * dy;
    const d = dy * dir;
    const xa = Math.min(x, xnext);
    const xb = Math.max(x, xnext);
    x = xnext;
    if (xa >= xmax) continue;
    if (xa >= 0 && xb <= xmax) rowArea(at(acc, ls), xa, xb, d);
    else clippedRowArea(at(acc, ls), Wi, xa, xb, d);
  }
}

/** rowArea of outline-raster.ts: `row` is the row's first float32's address. */
@inline
function rowArea(row: usize, xa: f64, xb: f64, d: f64): void {
  const x0f = Math.floor(xa);
  const x1f = Math.ceil(xb);
  const x0i = <i32>x0f;
  const x1i = <i32>x1f;
  if (x1f <= x0f + 1) {
    const xmf = 0.5 * (xa + xb) - x0f;
    add(at(row, x0i), d - d * xmf);
    add(at(row, x0i + 1), d * xmf);
  } else {
    const s = 1 / (xb - xa);
    const fa = xa - x0f;
    const a0 = 0.5 * s * (1 - fa) * (1 - fa);
    const fb = xb - x1f + 1;
    const am = 0.5 * s * fb * fb;
    add(at(row, x0i), d * a0);
    if (x1f == x0f + 2) add(at(row, x0i + 1), d * (1 - a0 - am));
    else {
      const a1 = s * (1.5 - fa);
      add(at(row, x0i + 1), d * (a1 - a0));
      const ds = d * s;
      for (let xi = x0i + 2; xi < x1i - 1; xi++) add(at(row, xi), ds);
      const a2 = a1 + (x1f - x0f - 3) * s;
      add(at(row, x1i - 1), d * (1 - a2 - am));
    }
    add(at(row, x1i), d * am);
  }
}

/** addAt of outline-raster.ts (xi an f64: it may be far outside the row). */
@inline
function addAt(row: usize, W: i32, xi: f64, v: f64): void {
  if (xi < <f64>W) add(at(row, <i32>Math.max(xi, 0)), v);
}

function clippedRowArea(row: usize, W: i32, xa: f64, xb: f64, d: f64): void {
  const x0i = Math.floor(xa);
  const x1i = Math.ceil(xb);
  if (x1i <= x0i + 1) {
    const xmf = 0.5 * (xa + xb) - x0i;
    addAt(row, W, x0i, d - d * xmf);
    addAt(row, W, x0i + 1, d * xmf);
  } else {
    const s = 1 / (xb - xa);
    const fa = xa - x0i;
    const a0 = 0.5 * s * (1 - fa) * (1 - fa);
    const fb = xb - x1i + 1;
    const am = 0.5 * s * fb * fb;
    addAt(row, W, x0i, d * a0);
    if (x1i == x0i + 2) addAt(row, W, x0i + 1, d * (1 - a0 - am));
    else {
      const a1 = s * (1.5 - fa);
      addAt(row, W, x0i + 1, d * (a1 - a0));
      const lo = x0i + 2;
      const hi = Math.min(x1i - 1, <f64>W);
      if (lo < 0) addAt(row, W, 0, d * s * (Math.min(0, hi) - lo));
      // from max(lo, 0) (>= 0) below hi (<= W)
      if (Math.max(lo, 0) < hi) {
        const ds = d * s;
        const e = <i32>hi;
        for (let xi = <i32>Math.max(lo, 0); xi < e; xi++) add(at(row, xi), ds);
      }
      const a2 = a1 + (x1i - x0i - 3) * s;
      addAt(row, W, x1i - 1, d * (1 - a2 - am));
    }
    addAt(row, W, x1i, d * am);
  }
}

/** Outline segments: `n` quadruples at `segs`, mapped as in {@link edges}, into the coverage plane `cov` (w×h). */
export function lines(hdr: usize, cov: usize, w: i32, h: i32, segs: usize, n: i32, a: f64, e: f64, f: f64): void {
  getBounds(hdr);
  for (let k = 0; k < n; k++) {
    const o = segs + (<usize>k << 4);
    line(cov, w, h, ld(o) * a + e, ld(o + 4) * a + f, ld(o + 8) * a + e, ld(o + 12) * a + f);
  }
  putBounds(hdr);
}

@inline
function over(p: usize, v: f64): void {
  const d = ld(p);
  st(p, d + v - d * v);
}

@inline
function line(cov: usize, Wi: i32, Hi: i32, x0: f64, y0: f64, x1: f64, y1: f64): void {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const W = <f64>Wi;
  const H = <f64>Hi;
  const lx = Math.max(0, Math.floor(Math.min(x0, x1)) - 1);
  const hx = Math.min(W, Math.floor(Math.max(x0, x1)) + 2);
  const ly = Math.max(0, Math.floor(Math.min(y0, y1)) - 1);
  const hy = Math.min(H, Math.floor(Math.max(y0, y1)) + 2);
  if (hx <= lx || hy <= ly) return;
  if (lx < gx0) gx0 = lx;
  if (hx > gx1) gx1 = hx;
  if (ly < gy0) gy0 = ly;
  if (hy > gy1) gy1 = hy;
  if (Math.abs(dx) >= Math.abs(dy)) {
    if (dx == 0) return;
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
    for (let c = c0; c <= c1; c++) {
      // JS takes len = 1, mid = c + 0.5 for a column the segment crosses whole, which the
      // general formula gives too (a = c, b = c + 1): here no branch
      const a = Math.max(c, x0);
      const b = Math.min(c + 1, x1);
      const len = b - a;
      if (len <= 0) continue;
      const mid = (a + b) / 2;
      const t = y0 + m * (mid - x0) - 0.5;
      const row = Math.floor(t);
      const fr = t - row;
      const ci = <i32>c;
      if (row >= 0 && row < H) over(at(cov, <i32>row * Wi + ci), len * (1 - fr));
      if (row + 1 >= 0 && row + 1 < H) over(at(cov, (<i32>row + 1) * Wi + ci), len * fr);
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
    for (let c = c0; c <= c1; c++) {
      // JS takes len = 1, mid = c + 0.5 for a column (row) the segment crosses whole, which the
      // general formula gives too (a = c, b = c + 1): here no branch
      const a = Math.max(c, y0);
      const b = Math.min(c + 1, y1);
      const len = b - a;
      if (len <= 0) continue;
      const mid = (a + b) / 2;
      const t = x0 + m * (mid - y0) - 0.5;
      const col = Math.floor(t);
      const fr = t - col;
      const ls = <i32>c * Wi;
      if (col >= 0 && col < W) over(at(cov, ls + <i32>col), len * (1 - fr));
      if (col + 1 >= 0 && col + 1 < W) over(at(cov, ls + <i32>col + 1), len * fr);
    }
  }
}

/**
 * composeInto of outline-raster.ts: raster planes `F` (fill, rows w + 2) and `C` (outlines) onto
 * the tile raster's pixels `P` (4 float32s a pixel), clearing the planes; bounds in `hdr`, `thdr`.
 */
export function compose(
  hdr: usize,
  F: usize,
  C: usize,
  w: i32,
  h: i32,
  thdr: usize,
  P: usize,
  sr: f64,
  sg: f64,
  sb: f64,
  sa: f64,
  fr: f64,
  fg: f64,
  fb: f64,
  fa: f64,
): void {
  const FW = w + 2;
  const rx0 = <i32>hget(hdr, 0);
  const ry0 = <i32>hget(hdr, 1);
  const rx1 = <i32>hget(hdr, 2);
  const ry1 = <i32>hget(hdr, 3);
  const fy0 = <i32>hget(hdr, 4);
  const fy1 = <i32>hget(hdr, 5);
  const fx0 = <i32>hget(hdr, 6);
  const fx1 = <i32>hget(hdr, 7);
  const hasF = fy1 > fy0 && fx1 > fx0;
  const hasO = rx1 > rx0 && ry1 > ry0;
  const ya = min(hasO ? ry0 : h, hasF ? fy0 : h);
  const yb = max(hasO ? ry1 : 0, hasF ? fy1 : 0);
  const fxw = min(fx1, w);
  // the stroke's and fill's colours as (r, g) and (b, 1) lanes (alpha's factor 1: see below)
  const S0 = f64x2.replace_lane(f64x2.splat(sr), 1, sg);
  const S1 = f64x2.replace_lane(f64x2.splat(sb), 1, 1.0);
  const F0 = f64x2.replace_lane(f64x2.splat(fr), 1, fg);
  const F1 = f64x2.replace_lane(f64x2.splat(fb), 1, 1.0);
  let tx0 = <i32>hget(thdr, 0);
  let ty0 = <i32>hget(thdr, 1);
  let tx1 = <i32>hget(thdr, 2);
  let ty1 = <i32>hget(thdr, 3);
  for (let y = ya; y < yb; y++) {
    const inF = hasF && y >= fy0 && y < fy1;
    const inO = hasO && y >= ry0 && y < ry1;
    let xa = inO ? rx0 : w;
    let xb = inO ? rx1 : 0;
    if (inF) {
      if (fx0 < xa) xa = fx0;
      if (fxw > xb) xb = fxw;
    }
    const fl = at(F, y * FW);
    const cl = y * w;
    const crow = at(C, cl);
    const prow = P + (<usize>cl << 4);
    if (inF) {
      let sum: f64 = 0;
      for (let x = xa; x < xb; x++) {
        sum += ld(at(fl, x));
        let c = sum < 0 ? -sum : sum;
        c = c > 1 ? 1 : c < 1e-4 ? 0 : c;
        const as = ld(at(crow, x)) * sa;
        const af = c * fa * (1 - as);
        const A = as + af;
        if (A <= 0) continue;
        const k = prow + (<usize>x << 4);
        const inv = 1 - A;
        // the 4 channels as 2 f64x2 (r, g) and (b, a): per lane sr·as + fr·af + P·inv, the scalar
        // loop's operations in its order (alpha: 1·as + 1·af = as + af = A, exactly), each lane
        // rounded as a scalar f64 (IEEE, no fused multiply-add), demoted to f32 as a store does
        const p = v128.load(k);
        const vas = f64x2.splat(as);
        const vaf = f64x2.splat(af);
        const vinv = f64x2.splat(inv);
        const p0 = f64x2.promote_low_f32x4(p);
        const p1 = f64x2.promote_low_f32x4(f32x4.shuffle(p, p, 2, 3, 0, 1));
        const r0 = f64x2.add(f64x2.add(f64x2.mul(S0, vas), f64x2.mul(F0, vaf)), f64x2.mul(p0, vinv));
        const r1 = f64x2.add(f64x2.add(f64x2.mul(S1, vas), f64x2.mul(F1, vaf)), f64x2.mul(p1, vinv));
        v128.store(k, f32x4.shuffle(f32x4.demote_f64x2_zero(r0), f32x4.demote_f64x2_zero(r1), 0, 1, 4, 5));
      }
      if (fx1 > xa) memory.fill(at(fl, xa), 0, <usize>(fx1 - xa) << 2);
    } else {
      for (let x = xa; x < xb; x++) {
        const o = ld(at(crow, x));
        if (o == 0) continue;
        const as = o * sa;
        if (as <= 0) continue;
        const k = prow + (<usize>x << 4);
        const inv = 1 - as;
        // as above: sr·as + P·inv per lane (alpha: 1·as + P·inv)
        const p = v128.load(k);
        const vas = f64x2.splat(as);
        const vinv = f64x2.splat(inv);
        const p0 = f64x2.promote_low_f32x4(p);
        const p1 = f64x2.promote_low_f32x4(f32x4.shuffle(p, p, 2, 3, 0, 1));
        const r0 = f64x2.add(f64x2.mul(S0, vas), f64x2.mul(p0, vinv));
        const r1 = f64x2.add(f64x2.mul(S1, vas), f64x2.mul(p1, vinv));
        v128.store(k, f32x4.shuffle(f32x4.demote_f64x2_zero(r0), f32x4.demote_f64x2_zero(r1), 0, 1, 4, 5));
      }
    }
    if (inO) memory.fill(at(crow, rx0), 0, <usize>(rx1 - rx0) << 2);
    if (xb > xa) {
      if (xa < tx0) tx0 = xa;
      if (xb > tx1) tx1 = xb;
      if (y < ty0) ty0 = y;
      if (y >= ty1) ty1 = y + 1;
    }
  }
  hset(thdr, 0, <f64>tx0);
  hset(thdr, 1, <f64>ty0);
  hset(thdr, 2, <f64>tx1);
  hset(thdr, 3, <f64>ty1);
}

/**
 * flushTileRaster of outline-raster.ts: the tile raster's pixels `P` over rect x0..x1, y0..y1 as
 * unpremultiplied RGBA bytes at `out` (w px a row), clearing `P` there. A pixel's 4 bytes as 2 f64x2
 * lanes (r·s, g·s) and (b·s, A·255), each + 0.5, stored as a Uint8ClampedArray stores a number
 * (ToUint8Clamp: NaN and below 0 to 0, above 255 to 255, halves to even): nearest (halves to even),
 * truncated to i32 (saturating; NaN to 0), narrowed to i16 and on to u8 (each saturating: below 0
 * to 0, above 255 to 255; nearest is monotonic, so clamping after it is clamping before).
 */
export function flush(P: usize, out: usize, w: i32, x0: i32, y0: i32, x1: i32, y1: i32): void {
  const half = f64x2.splat(0.5);
  for (let y = y0; y < y1; y++) {
    const a = y * w + x0;
    const b = y * w + x1;
    for (let i = a; i < b; i++) {
      const k = P + (<usize>i << 4);
      const o = out + (<usize>i << 2);
      const A = ld(k + 12);
      if (A <= 0) {
        store<u8>(o + 3, 0);
        continue;
      }
      const s = 1 / A;
      const p = v128.load(k);
      const p0 = f64x2.promote_low_f32x4(p);
      const p1 = f64x2.promote_low_f32x4(f32x4.shuffle(p, p, 2, 3, 0, 1));
      const v0 = f64x2.add(f64x2.mul(p0, f64x2.splat(s)), half);
      const v1 = f64x2.add(f64x2.replace_lane(f64x2.mul(p1, f64x2.splat(s)), 1, A * 255), half);
      const n0 = i32x4.trunc_sat_f64x2_s_zero(f64x2.nearest(v0));
      const n1 = i32x4.trunc_sat_f64x2_s_zero(f64x2.nearest(v1));
      const q = i32x4.shuffle(n0, n1, 0, 1, 4, 5);
      const b16 = i16x8.narrow_i32x4_s(q, q);
      v128.store32_lane(o, i8x16.narrow_i16x8_u(b16, b16), 0);
    }
    memory.fill(P + (<usize>a << 4), 0, <usize>(b - a) << 4);
  }
}
