// The three edge features of OpenCV's IntelligentScissorsMB (non-edge map, gradient direction,
// gradient magnitude cost), computed in plain typed-array loops with exactly the arithmetic that
// `applyImage` performs in the OpenCV.js build (scalar WASM, no SIMD, one thread), so that
// `applyImageFeatures` with these maps gives the same shortest paths bit for bit. Written from
// OpenCV's documented behaviour and a reading of its sources (for learning), not copied:
//   - non-edge: Canny on the 3-channel image (3x3 Sobel per channel with replicated borders, L1 norm,
//     per pixel the channel of largest norm, first of B, G, R on ties; non-maximum suppression with
//     `>` towards one neighbour and `>=` towards the other horizontally and vertically, `>` both ways
//     diagonally; hysteresis with 8-connectivity), inverted: 255 off edges, 0 on them;
//   - gradient: the BGR→grey conversion (15-bit fixed point), 3x3 Sobel of the grey image with
//     reflect-101 borders, float32 magnitude sqrt(ix² + iy²), direction (ix, iy) · (1 / magnitude)
//     (0 when the magnitude is 0), and the cost 1 - min(magnitude, limit) / limit in float32 (with
//     limit 0: the largest magnitude).
// Canny's Sobel and the grey Sobel differ in their input (colour channels vs grey) and border rule,
// so they cannot be one pass; both run in the same row loop over a 3-row window, each with a sliding
// 3-column window in registers, and Canny's pass also converts the row below to grey. Where a branch
// depends on the texture (signs, which channel wins) the code is branch-free: mispredictions cost
// more than the few integer operations (Canny's pass 33 → 23 ms for 1280x800 in Chromium).
// What else keeps the optimised code short (1280x800 features 23.2 → ~18 ms in Node):
//   - the intermediate planes are rings of the last 2-3 rows (Canny's norm and gradient, grey);
//   - integer arithmetic is int32 (`| 0`, Math.imul) so TurboFan needs no overflow checks, and hot
//     constants are literals or locals, not module constants (a context load and check per use);
//   - Canny's loop does two pixels per iteration while no border clamp is needed;
//   - grey gradients with both components in [-64, 63] (nearly every pixel of a photo) take the
//     direction pair and cost from 128x128 tables filled with the same float32 arithmetic: no square
//     root or division per pixel; the pair is copied as one float64 word.

/** Where the features go: views of the `CV_8UC1`, `CV_32FC2` and `CV_32FC1` matrices given to OpenCV. */
export interface ScissorsFeatureMaps {
  /** `width * height`: 0 on a Canny edge, 255 elsewhere. */
  nonEdge: Uint8Array;
  /** `2 * width * height`: the unit gradient (x, y) of the grey image per pixel. */
  direction: Float32Array;
  /** `width * height`: the gradient magnitude cost, 0 (strong edge) … 1 (flat). */
  magnitude: Float32Array;
}

/** Parameters of {@link computeScissorsFeatures}, as given to IntelligentScissorsMB. */
export interface ScissorsFeatureParams {
  /** Canny thresholds (`setEdgeFeatureCannyParameters`, aperture 3, L1 gradient). */
  cannyLow: number;
  cannyHigh: number;
  /** `setGradientMagnitudeMaxLimit`: magnitudes above it cost 0; 0 normalises by the largest one. */
  gradientMaxLimit: number;
}

const f32 = Math.fround;
/** FLT_EPSILON. */
const FLT_EPSILON = 1.1920928955078125e-7;
/** BT.601 luma weights in 15-bit fixed point (B, G, R) and the rounding half, as 8-bit BGR2GRAY uses them. */
const GRAY_B = 3735;
const GRAY_G = 19235;
const GRAY_R = 9798;
const GRAY_HALF = 1 << 14;

/**
 * The weight `applyImage` gives the Canny non-edge feature (0.43 / 255 in float32). Pass it as the
 * first weight of `setWeights` before `applyImageFeatures` with the 0/255 map of
 * {@link computeScissorsFeatures}: the per-pixel cost is then `weight * 255`, as after `applyImage`
 * (0.43 with a 0/1 map would differ in the last bit).
 */
export const CANNY_NON_EDGE_WEIGHT = f32(f32(0.43) * f32(1 / 255));

/**
 * Computes the features of an 8-bit BGR image (`src[offset + y * step + 3 * x + c]`, c = 0 blue) into
 * `out`. Scratch memory is about 1.5 bytes per pixel (Canny's edge map and its stack) and a few rows.
 *
 * @example
 * computeScissorsFeatures(bgrBytes, 0, 3 * w, w, h, { cannyLow: 32, cannyHigh: 100, gradientMaxLimit: 200 }, maps);
 */
export function computeScissorsFeatures(
  src: Uint8Array,
  offset: number,
  step: number,
  width: number,
  height: number,
  params: ScissorsFeatureParams,
  out: ScissorsFeatureMaps,
): void {
  const W = width;
  const H = height;
  const N = W * H;
  const PW = W + 2;
  // Canny: norm of the chosen channel in a zero-bordered plane, its dx/dy, the edge map
  const sc = scratchFor(W, H);
  const edges = new CannyEdges(W, params.cannyLow, params.cannyHigh, sc, out.nonEdge);
  // rings of the last rows: the norm plane's zero border row above row 0 and its left and right
  // border columns stay 0 (cannyRow writes inner cells only)
  const { mag, grad, gray } = sc;
  mag.fill(0);
  const gm = out.magnitude;

  // grey image (cvtColor BGR2GRAY, 8-bit): row 0 here, row y + 1 by cannyRow of row y
  for (let x = 0, s = offset; x < W; x++, s += 3)
    gray[x] = (src[s]! * GRAY_B + src[s + 1]! * GRAY_G + src[s + 2]! * GRAY_R + GRAY_HALF) >> 15;

  // With a limit (the usual case) the magnitude cost is final in the row loop; with limit 0 it needs
  // the largest magnitude first. convertTo(alpha = -1 / max, beta = 1) rounds alpha to float32, then
  // the product and the sum each to float32.
  const limit = f32(params.gradientMaxLimit);
  const alpha = limit > 0 ? f32(-1 / limit) : 0;
  const cost = costTable(limit, alpha);
  // the direction pairs as float64 words when the output allows it (OpenCV's matrices are aligned)
  const dirOut = out.direction;
  const wide = dirOut.byteOffset % 8 === 0;
  const dir64 = wide ? new Float64Array(dirOut.buffer, dirOut.byteOffset, N) : new Float64Array(1);
  // per row: Canny's gradient of the colour row and the suppression of the row above it, then the
  // grey gradient
  for (let y = 0; y < H; y++) {
    // replicated rows for Canny
    const ra = offset + (y > 0 ? y - 1 : 0) * step;
    const rb = offset + y * step;
    const rc = offset + (y < H - 1 ? y + 1 : H - 1) * step;
    const row = y * W;
    // ring slots: padded norm row y + 1, gradient row y, grey row y + 1 (the last row again at the bottom)
    const gb = ((y < H - 1 ? y + 1 : H - 1) % 3) * W;
    cannyRow(src, ra, rb, rc, W, mag, ((y + 1) % 3) * PW + 1, grad, (y & 1) * W, gray, gb);
    // row y - 1 has its rows above and below now: suppress it
    if (y > 0) edges.suppressRow(y - 1, mag, grad);

    // grey Sobel, reflect-101 rows and columns
    greyRow(
      gray,
      (reflect(y - 1, H) % 3) * W,
      (y % 3) * W,
      (reflect(y + 1, H) % 3) * W,
      W,
      row,
      out.direction,
      dir64,
      wide,
      gm,
      limit,
      alpha,
      cost,
    );
  }

  if (!(limit > 0)) {
    // normalised by the largest magnitude (all 0 when the image is flat)
    let maxMag = 0;
    for (let i = 0; i < N; i++) if (gm[i]! > maxMag) maxMag = gm[i]!;
    if (maxMag <= FLT_EPSILON) gm.fill(0);
    else {
      const a = f32(-1 / maxMag);
      for (let i = 0; i < N; i++) gm[i] = f32(gm[i]! * a) + 1;
    }
  }

  // the zero border row below the last one, in the slot of the row three above it
  mag.fill(0, ((H + 1) % 3) * PW, ((H + 1) % 3) * PW + PW);
  edges.suppressRow(H - 1, mag, grad);
  edges.hysteresis();
}

/**
 * Grey gradients with both components in [-64, 63] (nearly every pixel of a photo) take their
 * direction pair and cost from tables indexed by `(ix + 64) << 7 | (iy + 64)` instead of a square
 * root, a division and the float32 roundings each. The direction table holds the two float32 values
 * of a pixel next to each other, as the output does, so that a Float64Array view copies both in one
 * load and store: raw bits, never a NaN or infinity as a float64 (its exponent comes from the second
 * float32, a direction component in [-1, 1]), so no conversion can touch them.
 */
const SIDE = 128;
/** f32(sqrt(ix² + iy²)) per table cell. */
const MAGS = new Float32Array(SIDE * SIDE);
/** (ix, iy) · f32(1 / magnitude) in float32 per table cell (0, 0 for a zero gradient). */
const PAIRS = new Float32Array(2 * SIDE * SIDE);
for (let t = 0; t < SIDE * SIDE; t++) {
  const ix = (t >> 7) - 64;
  const iy = (t & 127) - 64;
  const m = f32(Math.sqrt(ix * ix + iy * iy));
  MAGS[t] = m;
  const inv = m > FLT_EPSILON ? f32(1 / m) : 0;
  PAIRS[2 * t] = ix * inv;
  PAIRS[2 * t + 1] = iy * inv;
}
const PAIRS64 = new Float64Array(PAIRS.buffer);
let costLimit = Number.NaN;
const COSTS = new Float32Array(SIDE * SIDE);

/** The magnitude cost per table cell for `limit` and `alpha` (see greyRow), kept for the same limit. */
function costTable(limit: number, alpha: number): Float32Array {
  if (costLimit === limit) return COSTS;
  for (let t = 0; t < SIDE * SIDE; t++) {
    const m = MAGS[t]!;
    COSTS[t] = limit > 0 ? f32(Math.min(m, limit) * alpha) + 1 : m;
  }
  costLimit = limit;
  return COSTS;
}

/**
 * The working arrays of one image size. The row planes are rings of the few rows the row loop still
 * reads (padded row p or row y in slot p % 3, y % 3 or y % 2), small enough to stay in the L1/L2
 * cache instead of going through memory as whole planes.
 */
interface Scratch {
  w: number;
  h: number;
  /** Canny's norm per pixel, 3 rows of W + 2 (padded rows: row y is padded row y + 1, in slot (y + 1) % 3). */
  mag: Int32Array;
  /** dx and dy of the channel whose norm is in `mag` as `dx << 16 | (dy & 0xffff)`, 2 rows of W (row y in slot y % 2). */
  grad: Int32Array;
  /** The grey image, 3 rows of W (row y in slot y % 3). */
  gray: Uint8Array;
  /** Canny's edge map, (W + 2) x (H + 2). */
  map: Uint8Array;
  stack: Int32Array;
}

/**
 * The arrays of the last size used, kept for the next call: a view is usually prepared again at the
 * same size, and allocating ~1.5 MB of zeroed buffers per call costs more than they are worth in a worker
 * (each allocation adds to the external memory that drives V8's garbage collections).
 */
let scratch: Scratch | null = null;

function scratchFor(w: number, h: number): Scratch {
  if (scratch?.w === w && scratch.h === h) return scratch;
  scratch = null; // let the old arrays go before allocating the new ones
  const n = w * h;
  const padded = (w + 2) * (h + 2);
  scratch = {
    w,
    h,
    mag: new Int32Array(3 * (w + 2)),
    grad: new Int32Array(2 * w),
    gray: new Uint8Array(3 * w),
    map: new Uint8Array(padded),
    stack: new Int32Array(Math.max(1024, n >> 3)),
  };
  return scratch;
}

/**
 * Canny's non-maximum suppression and hysteresis over the zero-bordered norm plane `mag`
 * ((W + 2) x (H + 2)) and the chosen channel's gradient per pixel, row by row as the rows come.
 */
class CannyEdges {
  private readonly pw: number;
  private readonly low: number;
  private readonly high: number;
  /** (W + 2) x (H + 2): 1 not an edge (and the border), 0 a weak candidate, 2 an edge. */
  private readonly map: Uint8Array;
  private stack: Int32Array;
  private top = 0;
  private readonly sc: Scratch;

  /**
   * `ne` is the non-edge feature written as edges are found (0 on an edge, 255 elsewhere), so no
   * pass over the whole map is needed at the end.
   */
  constructor(
    private readonly w: number,
    low: number,
    high: number,
    sc: Scratch,
    private readonly ne: Uint8Array,
  ) {
    if (low > high) [low, high] = [high, low];
    this.low = Math.floor(low);
    this.high = Math.floor(high);
    this.pw = w + 2;
    this.sc = sc;
    this.map = sc.map.fill(1);
    this.stack = sc.stack;
    ne.fill(255);
  }

  /**
   * Non-maximum suppression of row `y`: its norms and those of the rows above and below in the
   * `mag` ring (padded row p in slot p % 3), its gradient in slot y % 2 of `grad`.
   */
  suppressRow(y: number, mag: Int32Array, grad: Int32Array): void {
    const { w: W, pw: PW, low, high, map, ne } = this;
    const mrow = (y + 1) * PW + 1;
    const row = y * W;
    const up = (y % 3) * PW + 1;
    const mid = ((y + 1) % 3) * PW + 1;
    const dn = ((y + 2) % 3) * PW + 1;
    const go = (y & 1) * W;
    for (let x = 0; x < W; x++) {
      const m = mag[mid + x]!;
      if (m <= low) continue;
      const g = grad[go + x]!;
      const xs = g >> 16;
      const ys = (g << 16) >> 16;
      const ax = xs < 0 ? -xs : xs;
      const ay = (ys < 0 ? -ys : ys) << 15;
      // tan(22.5°) in 15-bit fixed point, as Canny's sector test uses it (a literal: see cannyRow)
      const tg22x = ax * 13573;
      let keep: boolean;
      if (ay < tg22x) keep = m > mag[mid + x - 1]! && m >= mag[mid + x + 1]!;
      else if (ay > tg22x + (ax << 16)) keep = m > mag[up + x]! && m >= mag[dn + x]!;
      else {
        const s = (xs ^ ys) < 0 ? -1 : 1;
        keep = m > mag[up + x - s]! && m > mag[dn + x + s]!;
      }
      if (!keep) continue;
      const k = mrow + x;
      if (m > high) {
        map[k] = 2;
        ne[row + x] = 0;
        if (this.top === this.stack.length) this.grow();
        this.stack[this.top++] = k;
      } else map[k] = 0;
    }
  }

  /** Marks every weak candidate 8-connected to an edge as an edge. */
  hysteresis(): void {
    const { pw: PW, map, ne } = this;
    const around = [-PW - 1, -PW, -PW + 1, -1, 1, PW - 1, PW, PW + 1];
    let top = this.top;
    while (top > 0) {
      const k = this.stack[--top]!;
      if (top + 8 > this.stack.length) {
        this.top = top;
        this.grow();
      }
      const stack = this.stack;
      for (let d = 0; d < 8; d++) {
        const n = k + around[d]!;
        if (map[n] === 0) {
          map[n] = 2;
          // n = (y + 1) * PW + x + 1 (a weak candidate is never on the border): output y * W + x
          ne[n - PW + 1 - 2 * ((n / PW) | 0)] = 0;
          stack[top++] = n;
        }
      }
    }
    this.top = 0;
  }

  private grow(): void {
    const grown = new Int32Array(this.stack.length * 2);
    grown.set(this.stack.subarray(0, this.top));
    this.stack = grown;
    this.sc.stack = grown;
  }
}

/** Row index `i` of `n` with reflect-101 borders (OpenCV's default: -1 → 1, n → n - 2). */
function reflect(i: number, n: number): number {
  return n === 1 ? 0 : i < 0 ? 1 : i >= n ? n - 2 : i;
}

/**
 * Canny's 3x3 Sobel (replicated borders) of one BGR row (pixels at `ra`, `rb`, `rc` + `3 * x`: the
 * rows above, at and below), in one pass with a sliding 3-column window per channel: per pixel the
 * channel of largest L1 norm |dx| + |dy| (ties keep the earlier of B, G, R), its norm stored at
 * `mag[mo + x]`, its dx and dy at `grad[ro + x]` as `dx << 16 | dy & 0xffff` (one store). The row below (`rc`), read anyway,
 * is converted to grey into `gray[go + x]` on the way.
 */
function cannyRow(
  src: Uint8Array,
  ra: number,
  rb: number,
  rc: number,
  W: number,
  mag: Int32Array,
  mo: number,
  grad: Int32Array,
  ro: number,
  gray: Uint8Array,
  go: number,
): void {
  // per channel: vertical smooth (a + 2b + c) and difference (c - a) of columns x - 1 (replicated at
  // the left border: suffix 0) and x (suffix 1)
  let bs0 = (src[ra]! + 2 * src[rb]! + src[rc]!) | 0;
  let bd0 = (src[rc]! - src[ra]!) | 0;
  let gs0 = (src[ra + 1]! + 2 * src[rb + 1]! + src[rc + 1]!) | 0;
  let gd0 = (src[rc + 1]! - src[ra + 1]!) | 0;
  let rs0 = (src[ra + 2]! + 2 * src[rb + 2]! + src[rc + 2]!) | 0;
  let rd0 = (src[rc + 2]! - src[ra + 2]!) | 0;
  gray[go] = (src[rc]! * GRAY_B + src[rc + 1]! * GRAY_G + src[rc + 2]! * GRAY_R + GRAY_HALF) >> 15;
  let bs1 = bs0;
  let bd1 = bd0;
  let gs1 = gs0;
  let gd1 = gd0;
  let rs1 = rs0;
  let rd1 = rd0;
  // Two pixels per iteration while columns x + 1 and x + 2 exist (no border clamping; the window
  // moves once per two pixels). int32 throughout (`| 0`): no overflow checks in the optimised loop;
  // branch-free: the signs and the channel choice depend on the texture, and mispredicted branches
  // cost more than these few integer operations. The grey weights are literals: a module constant
  // is a context load and a check per use in the loop.
  let x = 0;
  for (; x + 2 < W; x = (x + 2) | 0) {
    const o2 = (3 * x + 3) | 0;
    const pa2 = (ra + o2) | 0;
    const pb2 = (rb + o2) | 0;
    const pc2 = (rc + o2) | 0;
    const ba2 = src[pa2]!;
    const bc2 = src[pc2]!;
    const bs2 = (ba2 + 2 * src[pb2]! + bc2) | 0;
    const bd2 = (bc2 - ba2) | 0;
    const ga2 = src[(pa2 + 1) | 0]!;
    const gc2 = src[(pc2 + 1) | 0]!;
    const gs2 = (ga2 + 2 * src[(pb2 + 1) | 0]! + gc2) | 0;
    const gd2 = (gc2 - ga2) | 0;
    const ra2 = src[(pa2 + 2) | 0]!;
    const rc2 = src[(pc2 + 2) | 0]!;
    const rs2 = (ra2 + 2 * src[(pb2 + 2) | 0]! + rc2) | 0;
    const rd2 = (rc2 - ra2) | 0;
    // the grey pixel of the row below (column x + 1; weights as literals, see above)
    gray[(go + x + 1) | 0] = (bc2 * 3735 + gc2 * 19235 + rc2 * 9798 + 16384) >> 15;
    let dx2 = (bs2 - bs0) | 0;
    let dy2 = (bd0 + 2 * bd1 + bd2) | 0;
    let m2 = ((dx2 ^ (dx2 >> 31)) - (dx2 >> 31) + ((dy2 ^ (dy2 >> 31)) - (dy2 >> 31))) | 0;
    const gx2 = (gs2 - gs0) | 0;
    const gy2 = (gd0 + 2 * gd1 + gd2) | 0;
    const gm2 = ((gx2 ^ (gx2 >> 31)) - (gx2 >> 31) + ((gy2 ^ (gy2 >> 31)) - (gy2 >> 31))) | 0;
    // all ones when the later channel's norm is larger (strictly: ties keep the earlier channel)
    const gsel2 = (m2 - gm2) >> 31;
    m2 ^= (m2 ^ gm2) & gsel2;
    dx2 ^= (dx2 ^ gx2) & gsel2;
    dy2 ^= (dy2 ^ gy2) & gsel2;
    const rx2 = (rs2 - rs0) | 0;
    const ry2 = (rd0 + 2 * rd1 + rd2) | 0;
    const rm2 = ((rx2 ^ (rx2 >> 31)) - (rx2 >> 31) + ((ry2 ^ (ry2 >> 31)) - (ry2 >> 31))) | 0;
    // all ones when the later channel's norm is larger (strictly: ties keep the earlier channel)
    const rsel2 = (m2 - rm2) >> 31;
    m2 ^= (m2 ^ rm2) & rsel2;
    dx2 ^= (dx2 ^ rx2) & rsel2;
    dy2 ^= (dy2 ^ ry2) & rsel2;
    mag[(mo + x) | 0] = m2;
    grad[(ro + x) | 0] = (dx2 << 16) | (dy2 & 0xffff);
    const o3 = (o2 + 3) | 0;
    const pa3 = (ra + o3) | 0;
    const pb3 = (rb + o3) | 0;
    const pc3 = (rc + o3) | 0;
    const ba3 = src[pa3]!;
    const bc3 = src[pc3]!;
    const bs3 = (ba3 + 2 * src[pb3]! + bc3) | 0;
    const bd3 = (bc3 - ba3) | 0;
    const ga3 = src[(pa3 + 1) | 0]!;
    const gc3 = src[(pc3 + 1) | 0]!;
    const gs3 = (ga3 + 2 * src[(pb3 + 1) | 0]! + gc3) | 0;
    const gd3 = (gc3 - ga3) | 0;
    const ra3 = src[(pa3 + 2) | 0]!;
    const rc3 = src[(pc3 + 2) | 0]!;
    const rs3 = (ra3 + 2 * src[(pb3 + 2) | 0]! + rc3) | 0;
    const rd3 = (rc3 - ra3) | 0;
    // the grey pixel of the row below (column x + 1; weights as literals, see above)
    gray[(go + x + 2) | 0] = (bc3 * 3735 + gc3 * 19235 + rc3 * 9798 + 16384) >> 15;
    let dx3 = (bs3 - bs1) | 0;
    let dy3 = (bd1 + 2 * bd2 + bd3) | 0;
    let m3 = ((dx3 ^ (dx3 >> 31)) - (dx3 >> 31) + ((dy3 ^ (dy3 >> 31)) - (dy3 >> 31))) | 0;
    const gx3 = (gs3 - gs1) | 0;
    const gy3 = (gd1 + 2 * gd2 + gd3) | 0;
    const gm3 = ((gx3 ^ (gx3 >> 31)) - (gx3 >> 31) + ((gy3 ^ (gy3 >> 31)) - (gy3 >> 31))) | 0;
    // all ones when the later channel's norm is larger (strictly: ties keep the earlier channel)
    const gsel3 = (m3 - gm3) >> 31;
    m3 ^= (m3 ^ gm3) & gsel3;
    dx3 ^= (dx3 ^ gx3) & gsel3;
    dy3 ^= (dy3 ^ gy3) & gsel3;
    const rx3 = (rs3 - rs1) | 0;
    const ry3 = (rd1 + 2 * rd2 + rd3) | 0;
    const rm3 = ((rx3 ^ (rx3 >> 31)) - (rx3 >> 31) + ((ry3 ^ (ry3 >> 31)) - (ry3 >> 31))) | 0;
    // all ones when the later channel's norm is larger (strictly: ties keep the earlier channel)
    const rsel3 = (m3 - rm3) >> 31;
    m3 ^= (m3 ^ rm3) & rsel3;
    dx3 ^= (dx3 ^ rx3) & rsel3;
    dy3 ^= (dy3 ^ ry3) & rsel3;
    mag[(mo + x + 1) | 0] = m3;
    grad[(ro + x + 1) | 0] = (dx3 << 16) | (dy3 & 0xffff);
    bs0 = bs2;
    bs1 = bs3;
    bd0 = bd2;
    bd1 = bd3;
    gs0 = gs2;
    gs1 = gs3;
    gd0 = gd2;
    gd1 = gd3;
    rs0 = rs2;
    rs1 = rs3;
    rd0 = rd2;
    rd1 = rd3;
  }
  // the last one or two pixels: column W replicated
  const last = 3 * (W - 1);
  const gl = W - 1;
  for (; x < W; x = (x + 1) | 0) {
    const o2 = Math.min(3 * x + 3, last);
    const pa2 = (ra + o2) | 0;
    const pb2 = (rb + o2) | 0;
    const pc2 = (rc + o2) | 0;
    const ba2 = src[pa2]!;
    const bc2 = src[pc2]!;
    const bs2 = (ba2 + 2 * src[pb2]! + bc2) | 0;
    const bd2 = (bc2 - ba2) | 0;
    const ga2 = src[(pa2 + 1) | 0]!;
    const gc2 = src[(pc2 + 1) | 0]!;
    const gs2 = (ga2 + 2 * src[(pb2 + 1) | 0]! + gc2) | 0;
    const gd2 = (gc2 - ga2) | 0;
    const ra2 = src[(pa2 + 2) | 0]!;
    const rc2 = src[(pc2 + 2) | 0]!;
    const rs2 = (ra2 + 2 * src[(pb2 + 2) | 0]! + rc2) | 0;
    const rd2 = (rc2 - ra2) | 0;
    // the grey pixel of the row below (column x + 1; weights as literals, see above)
    gray[(go + Math.min(x + 1, gl)) | 0] = (bc2 * 3735 + gc2 * 19235 + rc2 * 9798 + 16384) >> 15;
    let dx2 = (bs2 - bs0) | 0;
    let dy2 = (bd0 + 2 * bd1 + bd2) | 0;
    let m2 = ((dx2 ^ (dx2 >> 31)) - (dx2 >> 31) + ((dy2 ^ (dy2 >> 31)) - (dy2 >> 31))) | 0;
    const gx2 = (gs2 - gs0) | 0;
    const gy2 = (gd0 + 2 * gd1 + gd2) | 0;
    const gm2 = ((gx2 ^ (gx2 >> 31)) - (gx2 >> 31) + ((gy2 ^ (gy2 >> 31)) - (gy2 >> 31))) | 0;
    // all ones when the later channel's norm is larger (strictly: ties keep the earlier channel)
    const gsel2 = (m2 - gm2) >> 31;
    m2 ^= (m2 ^ gm2) & gsel2;
    dx2 ^= (dx2 ^ gx2) & gsel2;
    dy2 ^= (dy2 ^ gy2) & gsel2;
    const rx2 = (rs2 - rs0) | 0;
    const ry2 = (rd0 + 2 * rd1 + rd2) | 0;
    const rm2 = ((rx2 ^ (rx2 >> 31)) - (rx2 >> 31) + ((ry2 ^ (ry2 >> 31)) - (ry2 >> 31))) | 0;
    // all ones when the later channel's norm is larger (strictly: ties keep the earlier channel)
    const rsel2 = (m2 - rm2) >> 31;
    m2 ^= (m2 ^ rm2) & rsel2;
    dx2 ^= (dx2 ^ rx2) & rsel2;
    dy2 ^= (dy2 ^ ry2) & rsel2;
    mag[(mo + x) | 0] = m2;
    grad[(ro + x) | 0] = (dx2 << 16) | (dy2 & 0xffff);
    bs0 = bs1;
    bs1 = bs2;
    bd0 = bd1;
    bd1 = bd2;
    gs0 = gs1;
    gs1 = gs2;
    gd0 = gd1;
    gd1 = gd2;
    rs0 = rs1;
    rs1 = rs2;
    rd0 = rd1;
    rd1 = rd2;
  }
}

/**
 * The grey Sobel of row `rb` (rows `ra` above and `rc` below in the grey ring, reflect-101 columns)
 * with a sliding 3-column window: the unit direction into `dir[2 * (row + x)]` and into `mag[row + x]`
 * the magnitude cost `1 + min(m, limit) * alpha` when `limit > 0`, else the float32 magnitude m
 * itself. Gradients inside the tables take both from them, the direction through `dir64` (a
 * Float64Array view of `dir`; when `dir` is not 8-byte aligned, `wide` is false and every pixel is
 * computed). The integer operations are kept in int32 (`| 0`, Math.imul) so that the optimising
 * compiler needs no overflow checks.
 */
function greyRow(
  g: Uint8Array,
  ra: number,
  rb: number,
  rc: number,
  W: number,
  row: number,
  dir: Float32Array,
  dir64: Float64Array,
  wide: boolean,
  mag: Float32Array,
  limit: number,
  alpha: number,
  cost: Float32Array,
): void {
  // the table as a local: loaded once, not from the module context per pixel
  const pairs = PAIRS64;
  // u | v below this (as uint32: a negative one is not) when both are in [0, 128); nothing when `wide` is false
  const bound = wide ? 128 : 0;
  // columns -1 (reflected: 1, or 0 in a 1-pixel-wide image) and 0
  const l = W > 1 ? 1 : 0;
  let a = g[ra + l]!;
  let c = g[rc + l]!;
  let s0 = (a + 2 * g[rb + l]! + c) | 0;
  let d0 = (c - a) | 0;
  a = g[ra]!;
  c = g[rc]!;
  let s1 = (a + 2 * g[rb]! + c) | 0;
  let d1 = (c - a) | 0;
  const last = W > 1 ? W - 2 : 0; // column W reflected
  for (let x = 0; x < W; x = (x + 1) | 0) {
    const n = x + 1 < W ? (x + 1) | 0 : last;
    a = g[(ra + n) | 0]!;
    c = g[(rc + n) | 0]!;
    const s2 = (a + 2 * g[(rb + n) | 0]! + c) | 0;
    const d2 = (c - a) | 0;
    const ix = (s2 - s0) | 0;
    const iy = (d0 + 2 * d1 + d2) | 0;
    s0 = s1;
    s1 = s2;
    d0 = d1;
    d1 = d2;
    const i = (row + x) | 0;
    const u = (ix + 64) | 0;
    const v = (iy + 64) | 0;
    // both in [0, 128) and `wide`
    if ((u | v) >>> 0 < bound) {
      const t = (u << 7) | v;
      dir64[i] = pairs[t]!;
      mag[i] = cost[t]!;
    } else {
      // ix² + iy² < 2^24: exact in float32, so sqrt rounded once to float32 is OpenCV's sqrtf
      const m = f32(Math.sqrt((Math.imul(ix, ix) + Math.imul(iy, iy)) | 0));
      const inv = m > FLT_EPSILON ? f32(1 / m) : 0;
      mag[i] = limit > 0 ? f32(Math.min(m, limit) * alpha) + 1 : m;
      dir[2 * i] = ix * inv;
      dir[2 * i + 1] = iy * inv;
    }
  }
}
