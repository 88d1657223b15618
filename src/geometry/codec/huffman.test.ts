// Node: Huffman code lengths are complete (Kraft sum 1), within the limit and near optimal.
import { describe, expect, it } from 'vitest';
import { huffmanLengths } from './huffman.js';

const kraft = (l: Uint8Array) => l.reduce((s, v) => s + (v ? 2 ** -v : 0), 0);

describe('huffmanLengths', () => {
  it('gives a complete code to any counts, and no length to unused symbols', () => {
    let s = 5;
    for (let trial = 0; trial < 50; trial++) {
      const f = Array.from({ length: 30 + trial }, () => {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        return s % 3 === 0 ? 0 : s >>> 20;
      });
      f[trial] = 1; // at least one used symbol
      const l = huffmanLengths(f, 15);
      expect(kraft(l)).toBe(1);
      f.forEach((v, i) => expect(l[i]! > 0).toBe(v > 0 || f.filter((x) => x > 0).length === 1));
    }
  });
  it('keeps to the length limit where the optimal code is deeper (Fibonacci counts)', () => {
    const fib = [1, 1];
    while (fib.length < 25) fib.push(fib.at(-1)! + fib.at(-2)!);
    const free = huffmanLengths(fib, 32);
    expect(Math.max(...free)).toBe(24);
    const l = huffmanLengths(fib, 15);
    expect(Math.max(...l)).toBeLessThanOrEqual(15);
    expect(kraft(l)).toBe(1);
    expect(Math.max(...huffmanLengths(fib, 7))).toBeLessThanOrEqual(7);
  });
  it('gives a lone symbol a partner (two 1-bit codes) and nothing to all-zero counts', () => {
    expect(Array.from(huffmanLengths([0, 0, 9, 0], 15))).toEqual([1, 0, 1, 0]);
    expect(Array.from(huffmanLengths([4, 0, 0], 15))).toEqual([1, 1, 0]);
    expect(Array.from(huffmanLengths([0, 0], 15))).toEqual([0, 0]);
  });
  it('is optimal on a textbook case', () => {
    // counts 45 13 12 16 9 5 → lengths 1 3 3 3 4 4 (total cost 224)
    expect(Array.from(huffmanLengths([45, 13, 12, 16, 9, 5], 15))).toEqual([1, 3, 3, 3, 4, 4]);
  });
});
