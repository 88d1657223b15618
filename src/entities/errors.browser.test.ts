import { describe, expect, it } from 'vitest';
import { DlParseError, DlError } from './errors.js';

describe('DlParseError in Chromium', () => {
  it('runs in a real browser and names path and expectation', () => {
    expect(typeof window).toBe('object');
    expect(navigator.userAgent).toMatch(/Chrome/);
    const e = new DlParseError('$.coordinates[0].x', 'a finite number', 'abc');
    expect(e).toBeInstanceOf(DlError);
    expect(e.message).toBe('$.coordinates[0].x: expected a finite number, got "abc"');
    expect(e.name).toBe('DlParseError');
  });
});
