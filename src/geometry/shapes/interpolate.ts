// Interpolation between two key frames of a track: pure functions on plain numbers and flat number
// arrays (no definitions, no JSON). The entities' track model and the annotation layer both use them.

/**
 * Where `frame` lies between key frames `from` and `to`: 0 at `from`, 1 at `to`, linear between.
 * Frames outside the range give values outside 0..1; `from === to` gives 0.
 *
 * @example
 * keyFrameFraction(15, 0, 30); // 0.5
 */
export function keyFrameFraction(frame: number, from: number, to: number): number {
  return to === from ? 0 : (frame - from) / (to - from);
}

/** `a + (b - a) * t`, exact at both ends (`t = 0` gives `a`, `t = 1` gives `b`). */
export function lerp(a: number, b: number, t: number): number {
  if (t === 0) return a;
  if (t === 1) return b;
  return a + (b - a) * t;
}

/**
 * Element-wise {@link lerp} of two flat arrays of the same length (box `[l, t, r, b]`, point
 * `[x, y]`, polygon `[x0, y0, x1, y1, ...]`), into `out` when given. Throws a RangeError when the
 * lengths differ: check with {@link canLerpFlat} first.
 *
 * @example
 * lerpFlat([0, 0, 10, 10], [10, 20, 30, 40], 0.5); // [5, 10, 20, 25]
 */
export function lerpFlat(a: ArrayLike<number>, b: ArrayLike<number>, t: number, out?: number[]): number[] {
  if (a.length !== b.length) throw new RangeError(`lerpFlat: lengths differ (${a.length} and ${b.length})`);
  const o = out ?? new Array<number>(a.length);
  o.length = a.length;
  for (let i = 0; i < a.length; i++) o[i] = lerp(a[i]!, b[i]!, t);
  return o;
}

/** True when two flat arrays can be interpolated vertex by vertex (same, non-zero length). */
export function canLerpFlat(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  return a.length === b.length && a.length > 0;
}

/**
 * Interpolates an angle in degrees along the shorter way round (350° to 10° passes 0°, not 180°).
 * The result is not wrapped: `lerpAngleDeg(350, 10, 0.5)` is 360, so the ends are returned exactly.
 */
export function lerpAngleDeg(a: number, b: number, t: number): number {
  if (t === 0) return a;
  if (t === 1) return b;
  let d = (b - a) % 360;
  if (d > 180) d -= 360;
  else if (d < -180) d += 360;
  return a + d * t;
}

/**
 * Interpolates an ellipse given as `[cx, cy, rx, ry, angleDeg]`: centre and radii linearly, the
 * angle along the shorter way round.
 */
export function lerpEllipse(a: ArrayLike<number>, b: ArrayLike<number>, t: number): number[] {
  return [
    lerp(a[0]!, b[0]!, t),
    lerp(a[1]!, b[1]!, t),
    lerp(a[2]!, b[2]!, t),
    lerp(a[3]!, b[3]!, t),
    lerpAngleDeg(a[4]!, b[4]!, t),
  ];
}

/**
 * Interpolates a box given as `[left, top, right, bottom]` or `[left, top, right, bottom, angleDeg]`
 * (a missing angle counts as 0): edges linearly, the angle along the shorter way round. Returns 4
 * numbers when neither box has an angle, else 5.
 */
export function lerpBox(a: ArrayLike<number>, b: ArrayLike<number>, t: number): number[] {
  const out = [lerp(a[0]!, b[0]!, t), lerp(a[1]!, b[1]!, t), lerp(a[2]!, b[2]!, t), lerp(a[3]!, b[3]!, t)];
  if (a.length > 4 || b.length > 4) out.push(lerpAngleDeg(a[4] ?? 0, b[4] ?? 0, t));
  return out;
}

/**
 * True when every element of `a` and `b` differs by at most `tolerance` (same length required).
 * Used to decide whether stored in-between frames were produced by interpolation.
 */
export function flatNear(a: ArrayLike<number>, b: ArrayLike<number>, tolerance = 1e-6): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i]! - b[i]!) <= tolerance)) return false;
  return true;
}
