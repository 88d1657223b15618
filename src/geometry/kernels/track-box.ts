// Video box tracking: a box on frame 0 followed through the next frames. The default is Median Flow
// (pyramidal Lucas-Kanade on a grid of points, forward-backward checked, median motion and scale);
// OpenCV's TrackerMIL is available as an alternative. See trackBoxSteps for why Median Flow.
import { DlGeometryError } from '../errors.js';
import type { OpenCv } from '../opencv/load-opencv.js';
import { type CvMat, finite, imageToMat, type KernelImage } from './assist-image.js';

/** A box in pixel coordinates, as a Dataloop `box` stores it (left/top/right/bottom). */
export interface TrackBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The box on one frame. */
export interface TrackedBox extends TrackBox {
  /** Index of the frame in the list given to the tracker (frame 0 is the given box). */
  frame: number;
  /** False when the tracker lost the object on this frame (then tracking stops). */
  ok: boolean;
}

/** Parameters of {@link trackBoxSteps}. */
export interface TrackBoxParams {
  /** The object on frame 0. */
  box: TrackBox;
  /** `'medianflow'` (default) or `'mil'` (OpenCV's TrackerMIL: fixed box size, not deterministic). */
  method?: 'medianflow' | 'mil';
  /** Median Flow: points per side of the grid. @default 10 */
  grid?: number;
  /** Median Flow: Lucas-Kanade window, pixels. @default 15 */
  window?: number;
  /** Median Flow: pyramid levels above the full resolution. @default 3 */
  levels?: number;
  /**
   * Median Flow: the object is lost when the median distance of the points' motions from the median
   * motion exceeds this many pixels (the tracked points disagree).
   * @default 10
   */
  maxSpread?: number;
}

/** One frame's result as the steps report it. */
export interface TrackStep {
  done: number;
  total: number;
  box: TrackedBox;
}

function checkBox(b: unknown, what: string): TrackBox {
  const o = b as Partial<TrackBox> | null;
  if (!o || typeof o !== 'object')
    throw new DlGeometryError('invalid-argument', `${what}: expected {left, top, right, bottom}`);
  const box = {
    left: finite(o.left, `${what}.left`),
    top: finite(o.top, `${what}.top`),
    right: finite(o.right, `${what}.right`),
    bottom: finite(o.bottom, `${what}.bottom`),
  };
  if (!(box.right - box.left >= 2 && box.bottom - box.top >= 2))
    throw new DlGeometryError('invalid-argument', `${what}: a box needs at least 2x2 pixels`);
  return box;
}

/** numpy's median: the middle value, or the mean of the two middle values. */
function median(values: Float64Array | number[], n = values.length): number {
  const s = Float64Array.from(values.slice(0, n)).sort();
  const h = n >> 1;
  return n % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/**
 * Tracks `params.box` from `frames(0)` through `frames(1) … frames(count - 1)`, one frame per step
 * (yield between steps to stay responsive and cancellable). Frames are read through `frame(i)`
 * (grey or colour; converted to grey), so a caller may keep them anywhere.
 *
 * Median Flow, the default, because on the synthetic motions of the tests and the bench it follows
 * translation and scale within a pixel, its results are deterministic (OpenCV's TrackerMIL draws
 * random samples: two runs on the same frames give different boxes), it is several times faster
 * (Lucas-Kanade on a crop around the box), and it knows when it fails (the forward-backward check),
 * which a tracker feeding annotations needs. Per frame pair: a `grid × grid` lattice of points in the
 * box, `calcOpticalFlowPyrLK` forward and back on the crop `box ± max(64, box size)`, the points
 * whose forward-backward error is at most the median kept, the box moved by their median motion and
 * scaled by the median ratio of their pairwise distances. Lost (and stop) when fewer than 4 points
 * survive, the points disagree (`maxSpread`), or the box leaves the frame.
 *
 * @example
 * for (const step of trackBoxSteps(cv, (i) => frames[i], frames.length, { box })) console.log(step.box);
 */
export function* trackBoxSteps(
  cv: OpenCv,
  frame: (index: number) => KernelImage,
  count: number,
  params: TrackBoxParams,
): Generator<TrackStep, TrackedBox[], void> {
  if (!Number.isInteger(count) || count < 1)
    throw new DlGeometryError('invalid-argument', `trackBox: expected at least one frame, got ${count}`);
  if (!params || typeof params !== 'object') throw new DlGeometryError('invalid-argument', 'trackBox: expected params');
  const box0 = checkBox(params.box, 'trackBox.box');
  const method = params.method ?? 'medianflow';
  if (method !== 'medianflow' && method !== 'mil')
    throw new DlGeometryError('invalid-argument', `trackBox.method: expected medianflow or mil, got ${method}`);
  const out: TrackedBox[] = [{ ...box0, frame: 0, ok: true }];
  const total = count - 1;
  if (method === 'mil') {
    yield* milSteps(cv, frame, count, box0, out);
    return out;
  }
  const grid = params.grid ?? 10;
  const win = params.window ?? 15;
  const levels = params.levels ?? 3;
  const maxSpread = params.maxSpread ?? 10;
  if (!Number.isInteger(grid) || grid < 2 || grid > 30)
    throw new DlGeometryError('invalid-argument', `trackBox.grid: expected an integer 2..30, got ${grid}`);
  if (!Number.isInteger(win) || win < 3 || win > 61)
    throw new DlGeometryError('invalid-argument', `trackBox.window: expected an integer 3..61, got ${win}`);
  if (!Number.isInteger(levels) || levels < 0 || levels > 6)
    throw new DlGeometryError('invalid-argument', `trackBox.levels: expected an integer 0..6, got ${levels}`);
  let prev = imageToMat(cv, frame(0), 'gray');
  let box = box0;
  try {
    for (let i = 1; i < count; i++) {
      const next = imageToMat(cv, frame(i), 'gray');
      let r: TrackBox | null;
      try {
        r = medianFlowStep(cv, prev.mat, next.mat, box, { grid, win, levels, maxSpread });
      } finally {
        if (prev.owned) prev.mat.delete();
        prev = next;
      }
      const tb = r ? { ...r, frame: i, ok: true } : { ...box, frame: i, ok: false };
      out.push(tb);
      if (!r) return out;
      box = r;
      if (i < count - 1) yield { done: i, total, box: tb };
    }
    return out;
  } finally {
    if (prev.owned) prev.mat.delete();
  }
}

/** Runs {@link trackBoxSteps} to the end. */
export function trackBox(
  cv: OpenCv,
  frame: (index: number) => KernelImage,
  count: number,
  params: TrackBoxParams,
): TrackedBox[] {
  const steps = trackBoxSteps(cv, frame, count, params);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** One Median Flow step on a crop around the box; null when the object is lost. */
export function medianFlowStep(
  cv: OpenCv,
  prev: CvMat,
  next: CvMat,
  box: TrackBox,
  o: { grid: number; win: number; levels: number; maxSpread: number },
): TrackBox | null {
  const W = prev.cols;
  const H = prev.rows;
  const w = box.right - box.left;
  const h = box.bottom - box.top;
  const m = Math.max(64, Math.ceil(Math.max(w, h)));
  const cx0 = Math.max(0, Math.floor(box.left) - m);
  const cy0 = Math.max(0, Math.floor(box.top) - m);
  const cx1 = Math.min(W, Math.ceil(box.right) + m);
  const cy1 = Math.min(H, Math.ceil(box.bottom) + m);
  if (cx1 - cx0 < 8 || cy1 - cy0 < 8) return null;
  const n = o.grid * o.grid;
  const p0 = new Float32Array(2 * n);
  for (let j = 0; j < o.grid; j++)
    for (let i = 0; i < o.grid; i++) {
      p0[2 * (j * o.grid + i)] = box.left + ((i + 0.5) * w) / o.grid - cx0;
      p0[2 * (j * o.grid + i) + 1] = box.top + ((j + 0.5) * h) / o.grid - cy0;
    }
  const crop = new cv.Rect(cx0, cy0, cx1 - cx0, cy1 - cy0);
  const a = prev.roi(crop);
  const b = next.roi(crop);
  const P0 = cv.matFromArray(n, 1, cv.CV_32FC2, p0 as unknown as number[]);
  const P1 = new cv.Mat();
  const P0b = new cv.Mat();
  const st1 = new cv.Mat();
  const st2 = new cv.Mat();
  const e1 = new cv.Mat();
  const e2 = new cv.Mat();
  try {
    const size = new cv.Size(o.win, o.win);
    const crit = new cv.TermCriteria(cv.TermCriteria_COUNT | cv.TermCriteria_EPS, 20, 0.03);
    cv.calcOpticalFlowPyrLK(a, b, P0, P1, st1, e1, size, o.levels, crit, 0, 1e-4);
    cv.calcOpticalFlowPyrLK(b, a, P1, P0b, st2, e2, size, o.levels, crit, 0, 1e-4);
    const q1 = P1.data32F;
    const q0b = P0b.data32F;
    const s1 = st1.data;
    const s2 = st2.data;
    const valid: number[] = [];
    const fb: number[] = [];
    for (let k = 0; k < n; k++) {
      if (!s1[k] || !s2[k]) continue;
      const e = Math.hypot(p0[2 * k]! - q0b[2 * k]!, p0[2 * k + 1]! - q0b[2 * k + 1]!);
      if (!Number.isFinite(e)) continue;
      valid.push(k);
      fb.push(e);
    }
    if (valid.length < 4) return null;
    const fbMed = median(fb);
    const kept = valid.filter((_, i) => fb[i]! <= fbMed);
    if (kept.length < 4) return null;
    const dx = kept.map((k) => q1[2 * k]! - p0[2 * k]!);
    const dy = kept.map((k) => q1[2 * k + 1]! - p0[2 * k + 1]!);
    const mdx = median(dx);
    const mdy = median(dy);
    const spread = median(dx.map((v, i) => Math.hypot(v - mdx, dy[i]! - mdy)));
    if (spread > o.maxSpread) return null;
    const ratios: number[] = [];
    for (let i = 0; i < kept.length; i++)
      for (let j = i + 1; j < kept.length; j++) {
        const u = kept[i]!;
        const v = kept[j]!;
        const d0 = Math.hypot(p0[2 * u]! - p0[2 * v]!, p0[2 * u + 1]! - p0[2 * v + 1]!);
        if (d0 > 0) ratios.push(Math.hypot(q1[2 * u]! - q1[2 * v]!, q1[2 * u + 1]! - q1[2 * v + 1]!) / d0);
      }
    const s = ratios.length ? median(ratios) : 1;
    const cx = (box.left + box.right) / 2 + mdx;
    const cy = (box.top + box.bottom) / 2 + mdy;
    const nw = w * s;
    const nh = h * s;
    const r = { left: cx - nw / 2, top: cy - nh / 2, right: cx + nw / 2, bottom: cy + nh / 2 };
    if (r.right <= 0 || r.bottom <= 0 || r.left >= W || r.top >= H || !(nw >= 2 && nh >= 2)) return null;
    return r;
  } finally {
    for (const x of [a, b, P0, P1, P0b, st1, st2, e1, e2]) x.delete();
  }
}

interface MilTracker {
  init(image: CvMat, box: InstanceType<OpenCv['Rect']>): void;
  update(image: CvMat): [boolean, { x: number; y: number; width: number; height: number }];
  delete(): void;
}

function* milSteps(
  cv: OpenCv,
  frame: (index: number) => KernelImage,
  count: number,
  box0: TrackBox,
  out: TrackedBox[],
): Generator<TrackStep, void, void> {
  const f0 = imageToMat(cv, frame(0), 'gray');
  // The package's typings declare TrackerMIL without its methods.
  const tracker = new cv.TrackerMIL() as unknown as MilTracker;
  try {
    const r0 = new cv.Rect(
      Math.round(box0.left),
      Math.round(box0.top),
      Math.max(1, Math.round(box0.right - box0.left)),
      Math.max(1, Math.round(box0.bottom - box0.top)),
    );
    tracker.init(f0.mat, r0);
    for (let i = 1; i < count; i++) {
      const f = imageToMat(cv, frame(i), 'gray');
      let res: [boolean, { x: number; y: number; width: number; height: number }];
      try {
        res = tracker.update(f.mat);
      } finally {
        if (f.owned) f.mat.delete();
      }
      const [ok, r] = res;
      const last = out[out.length - 1]!;
      const tb: TrackedBox = ok
        ? { left: r.x, top: r.y, right: r.x + r.width, bottom: r.y + r.height, frame: i, ok: true }
        : { left: last.left, top: last.top, right: last.right, bottom: last.bottom, frame: i, ok: false };
      out.push(tb);
      if (!ok) return;
      if (i < count - 1) yield { done: i, total: count - 1, box: tb };
    }
  } finally {
    tracker.delete();
    if (f0.owned) f0.mat.delete();
  }
}
