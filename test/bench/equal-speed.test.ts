// bench/equal-speed.ts: pairs classified by their CPU probes, raw and equal-speed ratios.
import { describe, expect, it } from 'vitest';
import { equalSpeed, median, percentile, type SpeedPair } from '../../bench/equal-speed.js';

const pair = (page: number, pp: [number, number], native: number, np: [number, number]): SpeedPair => ({
  page: { ms: page, probe: pp },
  native: { ms: native, probe: np },
});

describe('equalSpeed', () => {
  // page probes ~5 ms normal (8.5 slow), native probes ~4 ms normal (6.8 slow)
  const pairs = [
    pair(20, [5, 5.1], 12, [4, 4.1]), // =
    pair(34, [8.5, 8.4], 12, [4, 4]), // page slow (both probes)
    pair(20, [5, 5], 20, [6.8, 4]), // native slow before: slow
    pair(34, [5, 8.5], 20, [4, 6.8]), // both slow (an after probe each)
    pair(21, [5.2, 5], 12.5, [4.1, 4]), // =
    pair(19, [5, 5.3], 11.5, [4, 4.2]), // =
  ];

  it('classifies each pair by both probes of both sides against each side fastest probe', () => {
    const s = equalSpeed(pairs, 1.25);
    expect(s.reference).toEqual({ page: 5, native: 4 });
    expect(s.classes.join('')).toBe('=pnb==');
    expect(s.counts).toEqual({ '=': 3, p: 1, n: 1, b: 1 });
  });

  it('equal speed uses only the pairs where both sides ran at normal speed; raw uses all', () => {
    const s = equalSpeed(pairs, 1.25);
    expect(s.equal.n).toBe(3);
    expect(s.equal.page).toBe(20);
    expect(s.equal.native).toBe(12);
    expect(s.equal.pooledRatio).toBeCloseTo(20 / 12, 10);
    expect(s.equal.pairRatioP50).toBeCloseTo(20 / 12, 10); // of 19/11.5, 20/12, 21/12.5
    expect(s.equal.pairRatioP95).toBeCloseTo(21 / 12.5, 10);
    expect(s.raw.n).toBe(6);
    expect(s.raw.page).toBe(21); // upper median of 19 20 20 21 34 34
    expect(s.raw.native).toBe(12.5); // of 11.5 12 12 12.5 20 20
    expect(s.raw.pairRatioP95).toBeCloseTo(34 / 12, 10);
  });

  it('the tolerance decides what counts as slow', () => {
    expect(equalSpeed(pairs, 2).counts['=']).toBe(6);
    expect(equalSpeed(pairs, 1.01).classes.join('')).toBe('bpnbbb');
  });

  it('no pairs, or none at equal speed: counts 0 and NaN medians, not an exception', () => {
    const none = equalSpeed([]);
    expect(none.raw.n).toBe(0);
    expect(Number.isNaN(none.raw.pairRatioP50)).toBe(true);
    const slow = equalSpeed([pair(20, [5, 5], 12, [4, 4]), pair(20, [9, 9], 12, [4, 4])], 1.25);
    expect(slow.equal.n).toBe(1);
    const allSlowOnce = equalSpeed([pair(20, [5, 9], 12, [4, 9])], 1.25);
    expect(allSlowOnce.equal.n).toBe(0);
    expect(Number.isNaN(allSlowOnce.equal.page)).toBe(true);
  });
});

describe('median and percentile', () => {
  it('upper median and nearest rank', () => {
    expect(median([3, 1, 2, 4])).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(Number.isNaN(median([]))).toBe(true);
  });
});
