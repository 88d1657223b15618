// The outline rasteriser's hot loops (fill edges, 1-px lines, the compose of a colour group onto the
// tile raster, its flush to bytes) against their straightforward versions kept here as the reference
// (as they were before they were restructured for speed, #16): every plane and the tile raster must
// be bit for bit the same (Float32 words compared), and the flushed bytes identical, over seeded
// groups with partly outside, tiny, long and self-crossing shapes, outline-only and fill-only rows.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  composeInto,
  flushTileRaster,
  line,
  newOutlineRaster,
  type OutlineRaster,
  rasterFillEdges,
  rasterSegments,
  rasterWasmActive,
  releaseOutlineRaster,
  releaseTileRaster,
  setRasterWasm,
  type TileRaster,
  takeTileRaster,
} from './outline-raster.js';
import { parseColor } from './point-raster.js';

// ---- reference: the loops as they were ----

function refComposeInto(r: OutlineRaster, t: TileRaster, stroke: string, fill: string): void {
  const [sr, sg, sb, sa] = parseColor(stroke);
  const [fr, fg, fb, fa] = parseColor(fill);
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
    let sum = 0;
    for (let x = xa; x < xb; x++) {
      let c = 0;
      if (inF) {
        sum += F[fl + x]!;
        F[fl + x] = 0;
        c = sum < 0 ? -sum : sum;
        c = c > 1 ? 1 : c < 1e-4 ? 0 : c;
      }
      const o = C[cl + x]!;
      let as = 0;
      if (o !== 0) {
        C[cl + x] = 0;
        as = o * sa;
      }
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
    // the fill's cells past the canvas (an edge's area spilling past the last column)
    if (inF) for (let x = Math.max(xb, fx0); x < fx1; x++) F[fl + x] = 0;
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

function refFlushTileRaster(t: TileRaster, img: ImageData): [number, number, number, number] | null {
  const { x0, y0, x1, y1, w } = t;
  if (x1 <= x0 || y1 <= y0) return null;
  const P = t.px;
  const out = img.data;
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
      P[k] = 0;
      P[k + 1] = 0;
      P[k + 2] = 0;
      P[k + 3] = 0;
    }
  }
  t.x0 = w;
  t.y0 = t.h;
  t.x1 = 0;
  t.y1 = 0;
  return [x0, y0, x1 - x0, y1 - y0];
}

function refEdge(r: OutlineRaster, x0: number, y0: number, x1: number, y1: number): void {
  if (y0 === y1) return;
  let dir = 1;
  if (y0 > y1) {
    dir = -1;
    [x0, x1] = [x1, x0];
    [y0, y1] = [y1, y0];
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
  for (let y = ya; y < yb; y++) {
    const ls = y * W;
    const dy = Math.min(y + 1, y1) - Math.max(y, y0);
    const xnext = x + dxdy * dy;
    const d = dy * dir;
    const xa = Math.min(x, xnext);
    const xb = Math.max(x, xnext);
    x = xnext;
    if (xa >= xmax) continue;
    if (xa >= 0 && xb <= xmax) refRowArea(acc, ls, xa, xb, d);
    else refClippedRowArea(acc, ls, W, xa, xb, d);
  }
}

function refRowArea(acc: Float32Array, ls: number, xa: number, xb: number, d: number): void {
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

function refClippedRowArea(acc: Float32Array, ls: number, W: number, xa: number, xb: number, d: number): void {
  const add = (xi: number, v: number) => {
    if (xi < W) acc[ls + Math.max(xi, 0)] += v;
  };
  const x0i = Math.floor(xa);
  const x1i = Math.ceil(xb);
  if (x1i <= x0i + 1) {
    const xmf = 0.5 * (xa + xb) - x0i;
    add(x0i, d - d * xmf);
    add(x0i + 1, d * xmf);
  } else {
    const s = 1 / (xb - xa);
    const fa = xa - x0i;
    const a0 = 0.5 * s * (1 - fa) * (1 - fa);
    const fb = xb - x1i + 1;
    const am = 0.5 * s * fb * fb;
    add(x0i, d * a0);
    if (x1i === x0i + 2) add(x0i + 1, d * (1 - a0 - am));
    else {
      const a1 = s * (1.5 - fa);
      add(x0i + 1, d * (a1 - a0));
      // the middle columns' equal shares: those left of the plane summed into its first column
      const lo = x0i + 2;
      const hi = Math.min(x1i - 1, W);
      if (lo < 0) add(0, d * s * (Math.min(0, hi) - lo));
      for (let xi = Math.max(lo, 0); xi < hi; xi++) acc[ls + xi] += d * s;
      const a2 = a1 + (x1i - x0i - 3) * s;
      add(x1i - 1, d * (1 - a2 - am));
    }
    add(x1i, d * am);
  }
}

function refLine(r: OutlineRaster, x0: number, y0: number, x1: number, y1: number): void {
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
    for (let c = c0; c <= c1; c++) {
      const a = Math.max(c, x0);
      const b = Math.min(c + 1, x1);
      const len = b - a;
      if (len <= 0) continue;
      // the line's centre at the middle of its part in this column, and the rows it straddles
      const t = y0 + m * ((a + b) / 2 - x0) - 0.5;
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
    for (let c = c0; c <= c1; c++) {
      const a = Math.max(c, y0);
      const b = Math.min(c + 1, y1);
      const len = b - a;
      if (len <= 0) continue;
      const t = x0 + m * ((a + b) / 2 - y0) - 0.5;
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

/** The reference raster: `line` and the fill edges of the reference (same planes layout). */
function refRasterFill(r: OutlineRaster, e: Float32Array, a: number, ox: number, oy: number): void {
  for (let k = 0; k < e.length; k += 4)
    refEdge(r, e[k]! * a + ox, e[k + 1]! * a + oy, e[k + 2]! * a + ox, e[k + 3]! * a + oy);
}
function refRasterLines(r: OutlineRaster, e: Float32Array, a: number, ox: number, oy: number): void {
  for (let k = 0; k < e.length; k += 4)
    refLine(r, e[k]! * a + ox, e[k + 1]! * a + oy, e[k + 2]! * a + ox, e[k + 3]! * a + oy);
}

function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

/** Seeded closed rings as edge quadruples (clockwise on screen), some partly or wholly outside a W×W canvas. */
function rings(W: number, n: number, seed: number, vertices = 16): Float32Array {
  const rnd = rng(seed);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const kind = rnd();
    const r = kind < 0.1 ? 0.3 + rnd() : kind < 0.2 ? 40 + rnd() * 120 : 2 + rnd() * 28;
    const cx = -30 + rnd() * (W + 60);
    const cy = -30 + rnd() * (W + 60);
    const K = kind > 0.95 ? 5 : vertices;
    const pts: number[] = [];
    for (let k = 0; k < K; k++) {
      // a star (self-crossing) now and then
      const an = kind > 0.95 ? (k * 4 * Math.PI) / 5 : (k / K) * Math.PI * 2;
      const rr = r * (0.7 + 0.3 * rnd());
      pts.push(cx + rr * Math.cos(an), cy + rr * Math.sin(an));
    }
    for (let k = 0; k < K; k++) {
      const j = (k + 1) % K;
      out.push(pts[2 * k]!, pts[2 * k + 1]!, pts[2 * j]!, pts[2 * j + 1]!);
    }
  }
  // long lines across and past the canvas, horizontal and vertical ones on pixel edges
  for (let i = 0; i < 6; i++) out.push(-50 + rnd() * 40, rnd() * W, W + 10 + rnd() * 40, rnd() * W);
  out.push(0, 10, W, 10, 20, 0, 20, W, 5.5, -3, 5.5, W + 3);
  return new Float32Array(out);
}

const words = (a: Float32Array) => new Uint32Array(a.buffer, a.byteOffset, a.length);

function samePlane(a: Float32Array, b: Float32Array, what: string): void {
  const x = words(a);
  const y = words(b);
  let first = -1;
  let n = 0;
  for (let i = 0; i < x.length; i++)
    if (x[i] !== y[i]) {
      n++;
      if (first < 0) first = i;
    }
  expect(n, `${what}: ${n} words differ, first at ${first} (${a[first]} vs ${b[first]})`).toBe(0);
}

const GROUPS: Array<[string, string]> = [
  ['#ff3b30', 'rgba(255,59,48,0.18)'],
  ['#34c759', 'rgba(52,199,89,0.5)'],
  ['#0a84ff', 'rgba(10,132,255,1)'],
  ['rgba(200,100,50,0.6)', 'rgba(10,20,30,0.3)'],
];

/**
 * Paints `groups` (each: fill edges or none, outline segments or none, at scale `a` and offset)
 * with the rasteriser and the reference, checking the planes after each group's raster, the tile
 * raster after each compose, and the flushed bytes.
 */
function check(
  W: number,
  H: number,
  groups: Array<{ fill: Float32Array | null; lines: Float32Array | null }>,
  a: number,
  ox: number,
  oy: number,
) {
  const t = takeTileRaster(W, H);
  const rt: TileRaster = { w: W, h: H, px: new Float32Array(4 * W * H), x0: W, y0: H, x1: 0, y1: 0 };
  groups.forEach((g, i) => {
    const [stroke, fill] = GROUPS[i % GROUPS.length]!;
    const r = newOutlineRaster(W, H);
    // the WebAssembly loops run where the raster's planes are in its memory
    expect(!!r.wc && !!t.wp).toBe(rasterWasmActive());
    const q: OutlineRaster = {
      w: W,
      h: H,
      cov: new Float32Array(W * H),
      fill: new Float32Array((W + 2) * H),
      x0: W,
      y0: H,
      x1: 0,
      y1: 0,
      fy0: H,
      fy1: 0,
      fx0: W + 2,
      fx1: 0,
      next: 0,
      fnext: 0,
    };
    if (g.fill) {
      rasterFillEdges(r, g.fill, a, ox, oy, g.fill.length / 4);
      refRasterFill(q, g.fill, a, ox, oy);
    }
    if (g.lines) {
      // through rasterSegments (the WebAssembly loops when on) and, for the JS path, line() too
      if (rasterWasmActive()) rasterSegments(r, g.lines, a, ox, oy, g.lines.length / 4);
      else
        for (let k = 0; k < g.lines.length; k += 4)
          line(r, g.lines[k]! * a + ox, g.lines[k + 1]! * a + oy, g.lines[k + 2]! * a + ox, g.lines[k + 3]! * a + oy);
      refRasterLines(q, g.lines, a, ox, oy);
    }
    samePlane(r.fill, q.fill, `group ${i} fill plane`);
    samePlane(r.cov, q.cov, `group ${i} coverage plane`);
    expect([r.x0, r.y0, r.x1, r.y1, r.fx0, r.fx1, r.fy0, r.fy1]).toEqual([
      q.x0,
      q.y0,
      q.x1,
      q.y1,
      q.fx0,
      q.fx1,
      q.fy0,
      q.fy1,
    ]);
    composeInto(r, t, stroke, fill);
    refComposeInto(q, rt, stroke, fill);
    samePlane(t.px, rt.px, `tile raster after group ${i}`);
    expect([t.x0, t.y0, t.x1, t.y1]).toEqual([rt.x0, rt.y0, rt.x1, rt.y1]);
    // both planes are left clear
    expect(r.fill.every((v) => v === 0) && r.cov.every((v) => v === 0), `group ${i} planes cleared`).toBe(true);
    releaseOutlineRaster(r);
  });
  const img = { data: new Uint8ClampedArray(4 * W * H), width: W, height: H } as unknown as ImageData;
  const ref = { data: new Uint8ClampedArray(4 * W * H), width: W, height: H } as unknown as ImageData;
  const rect = flushTileRaster(t, img);
  expect(rect).toEqual(refFlushTileRaster(rt, ref));
  expect(
    t.px.every((v) => v === 0),
    'tile raster cleared',
  ).toBe(true);
  releaseTileRaster(t);
  let differ = 0;
  for (let k = 0; k < img.data.length; k++) if (img.data[k] !== ref.data[k]) differ++;
  expect(differ).toBe(0);
  // something was drawn, with partial coverage too
  let partial = 0;
  for (let k = 3; k < img.data.length; k += 4) if (img.data[k]! > 0 && img.data[k]! < 255) partial++;
  expect(partial).toBeGreaterThan(100);
}

// Both paths against the reference: the JS loops, and their WebAssembly port (wasm/outline-raster.ts).
describe.each([
  ['JS', false],
  ['WebAssembly', true],
])('outline raster (%s) against its reference loops', (_, wasm) => {
  beforeAll(async () => {
    expect(await setRasterWasm(wasm)).toBe(wasm);
    expect(rasterWasmActive()).toBe(wasm);
  });

  it("parses the groups' colours without a canvas", () => {
    for (const [s, f] of GROUPS) expect(parseColor(s)[3] > 0 && parseColor(f)[3] > 0).toBe(true);
  });

  it('a dense tile of filled and outlined groups: planes, tile raster and bytes bit for bit', () => {
    const W = 256;
    const groups = [0, 1, 2].map((i) => {
      const e = rings(W, 260, 11 + i);
      return { fill: e, lines: e };
    });
    check(W, W, groups, 1, 0, 0);
  });

  it('outline-only and fill-only groups, rows with one but not the other, at a fractional scale and offset', () => {
    const W = 256;
    const H = 200;
    check(
      W,
      H,
      [
        { fill: rings(W, 40, 3), lines: null },
        { fill: null, lines: rings(W, 80, 4, 7) },
        { fill: rings(W, 30, 5), lines: rings(W, 30, 6) },
        { fill: rings(W, 300, 7, 24), lines: rings(W, 300, 7, 24) },
      ],
      0.73,
      -11.25,
      17.5,
    );
  });

  it('a sparse tile: few shapes, most pixels transparent', () => {
    const e = rings(256, 8, 21);
    check(
      256,
      256,
      [
        { fill: e, lines: e },
        { fill: null, lines: rings(256, 5, 22) },
      ],
      1.5,
      -40,
      -40,
    );
  });

  // An edge whose left end is on a whole pixel (integer vertices at scale 1, as at tile level 0) can
  // drift (x += dxdy) just below it and add a tiny area to the column left of the shape's fill
  // columns; the compose must clear it as the old loops did (review 31b #5).
  it('integer vertices at scale 1: an edge ending on a whole pixel leaves the planes clear, bit for bit', () => {
    const tri = new Float32Array([124, 249, 124, 0, 124, 0, 125, 0, 125, 0, 124, 249]);
    check(256, 256, [{ fill: tri, lines: tri }], 1, 0, 0);
  });

  it('random integer-vertex triangles and quads, one shape per group, filled and outlined', () => {
    const rnd = rng(4242);
    const px = () => Math.floor(rnd() * 251);
    const groups = Array.from({ length: 400 }, (_, i) => {
      const K = i % 4 === 3 ? 4 : 3;
      const pts = Array.from({ length: 2 * K }, px);
      const e: number[] = [];
      for (let k = 0; k < K; k++) {
        const j = (k + 1) % K;
        e.push(pts[2 * k]!, pts[2 * k + 1]!, pts[2 * j]!, pts[2 * j + 1]!);
      }
      const ring = new Float32Array(e);
      return { fill: ring, lines: ring };
    });
    check(256, 256, groups, 1, 0, 0);
  });
});
