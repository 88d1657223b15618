import { describe, expect, it } from 'vitest';
import {
  canLerpFlat,
  flatNear,
  keyFrameFraction,
  lerp,
  lerpAngleDeg,
  lerpBox,
  lerpEllipse,
  lerpFlat,
} from './interpolate.js';

describe('interpolation maths', () => {
  it('fractions and scalars, exact at the ends', () => {
    expect([keyFrameFraction(15, 0, 30), keyFrameFraction(0, 0, 30), keyFrameFraction(40, 10, 10)]).toEqual([
      0.5, 0, 0,
    ]);
    // 0.1 + (0.7 - 0.1) * 1 is 0.7000000000000001 in floating point: the end must be exact.
    expect(lerp(0.1, 0.7, 1)).toBe(0.7);
    expect(lerp(2, 4, 0.25)).toBe(2.5);
  });

  it('flat arrays element-wise, into out; different lengths refuse', () => {
    const out: number[] = [9, 9, 9, 9, 9, 9];
    expect(lerpFlat([0, 0, 10, 10], [10, 20, 30, 40], 0.5, out)).toBe(out);
    expect(out).toEqual([5, 10, 20, 25]);
    expect(() => lerpFlat([1, 2], [1, 2, 3, 4], 0.5)).toThrow(RangeError);
    expect([canLerpFlat([1, 2], [3, 4]), canLerpFlat([], []), canLerpFlat([1, 2], [1])]).toEqual([true, false, false]);
  });

  it('angles go the short way round; boxes and ellipses', () => {
    expect(lerpAngleDeg(350, 10, 0.5)).toBe(360);
    expect(lerpAngleDeg(10, 350, 0.25)).toBe(5);
    expect(lerpAngleDeg(0, 180, 0.5)).toBe(90);
    expect(lerpAngleDeg(-170, 170, 0.5)).toBe(-180);
    expect(lerpBox([0, 0, 10, 10], [10, 10, 20, 20], 0.5)).toEqual([5, 5, 15, 15]);
    expect(lerpBox([0, 0, 10, 10], [10, 10, 20, 20, 90], 0.5)).toEqual([5, 5, 15, 15, 45]);
    expect(lerpEllipse([0, 0, 2, 4, 340], [10, 20, 4, 8, 20], 0.5)).toEqual([5, 10, 3, 6, 360]);
  });

  it('flatNear compares within a tolerance', () => {
    expect(flatNear([1, 2], [1 + 1e-9, 2])).toBe(true);
    expect(flatNear([1, 2], [1.1, 2])).toBe(false);
    expect(flatNear([1, 2], [1, 2, 3])).toBe(false);
    expect(flatNear([Number.NaN], [Number.NaN])).toBe(false);
  });
});
