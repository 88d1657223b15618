import { describe, expect, it } from 'vitest';
import { roundHalfEven } from './rounding.js';

describe('roundHalfEven', () => {
  it('rounds exact halves to the even neighbour like Python round()', () => {
    expect([0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5].map(roundHalfEven)).toEqual([0, 2, 2, 4, 0, -2, -2]);
  });
  it('rounds everything else to the nearest integer', () => {
    expect([0.49, 0.51, 2.4999, 7, -3.2, 1e9 + 0.6].map(roundHalfEven)).toEqual([0, 1, 2, 7, -3, 1e9 + 1]);
  });
  it('keeps non-finite values', () => {
    expect(roundHalfEven(Number.NaN)).toBeNaN();
    expect(roundHalfEven(Infinity)).toBe(Infinity);
  });
});
