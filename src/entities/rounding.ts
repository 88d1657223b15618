/**
 * Round half to even ("banker's rounding"), as Python's `round()` and `numpy.round` do.
 * The SDK uses it to turn times into frame numbers; `Math.round` would round 2.5 to 3, Python to 2.
 *
 * @example
 * roundHalfEven(2.5) // 2
 * roundHalfEven(3.5) // 4
 */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const floor = Math.floor(x);
  const diff = x - floor;
  // Exact halves only; binary fractions like 0.1*25 are not halves and round normally.
  if (diff === 0.5) return floor % 2 === 0 ? floor : floor + 1;
  return Math.round(x);
}
