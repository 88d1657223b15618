import { describe, expect, it } from 'vitest';
import { formatTime } from './media-time.js';

// Expected strings worked out by hand: time = frame / fps, written m:ss.cc (h:mm:ss.cc from an hour).
describe('formatTime', () => {
  it('writes m:ss.cc under an hour', () => {
    expect(formatTime(0, 30)).toBe('0:00.00');
    expect(formatTime(45, 30)).toBe('0:01.50'); // 1.5 s
    expect(formatTime(5, 30)).toBe('0:00.17'); // 0.1666… s
    expect(formatTime(1799, 30)).toBe('0:59.97'); // 59.966… s
    expect(formatTime(25 * 754, 25)).toBe('12:34.00'); // 754 s
  });

  it('writes h:mm:ss.cc from an hour on', () => {
    expect(formatTime(25 * 3661 + 5, 25)).toBe('1:01:01.20'); // 3661.2 s
    expect(formatTime(30 * 3600, 30)).toBe('1:00:00.00');
  });

  it('carries a time that rounds up to the next minute (never 0:60.00)', () => {
    expect(formatTime(59_996, 1000)).toBe('1:00.00'); // 59.996 s
    expect(formatTime(3_599_996, 1000)).toBe('1:00:00.00'); // 3599.996 s
  });

  it('is 0:00.00 without a usable fps', () => {
    expect(formatTime(10, 0)).toBe('0:00.00');
    expect(formatTime(10, -5)).toBe('0:00.00');
  });
});
