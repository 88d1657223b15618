// BufferRecycler: the free list behind the worker backend's mask copies (pure logic, runs in Node).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BufferRecycler } from './buffer-recycler.js';

describe('BufferRecycler', () => {
  afterEach(() => vi.useRealTimers());

  it('hands a kept buffer out once, smallest fit within [n, 2n]', () => {
    const r = new BufferRecycler();
    const a = new ArrayBuffer(100);
    const b = new ArrayBuffer(150);
    const c = new ArrayBuffer(300);
    r.put(c);
    r.put(b);
    r.put(a);
    expect(r.take(90)).toBe(a); // 100 and 150 fit, 100 is smaller
    expect(r.take(90)).toBe(b); // a is gone; 150 <= 180
    expect(r.take(90)).toBeNull(); // 300 > 2 * 90: a small mask must not pin a big buffer
    expect(r.take(301)).toBeNull(); // too small
    expect(r.take(300)).toBe(c);
    expect(r.bytes).toBe(0);
  });

  it('ignores detached, empty, duplicate and oversized buffers; evicts the oldest past maxBytes', () => {
    const r = new BufferRecycler({ maxBytes: 250 });
    const detached = new ArrayBuffer(10);
    structuredClone(detached, { transfer: [detached] });
    r.put(detached);
    r.put(new ArrayBuffer(0));
    r.put(new ArrayBuffer(251));
    r.put(new Uint8Array(10)); // not an ArrayBuffer
    expect(r.bytes).toBe(0);
    const a = new ArrayBuffer(100);
    const b = new ArrayBuffer(100);
    const c = new ArrayBuffer(100);
    r.put(a);
    r.put(a);
    expect(r.bytes).toBe(100);
    r.put(b);
    r.put(c); // 300 > 250: a (the oldest) goes
    expect(r.bytes).toBe(200);
    expect(r.take(100)).toBe(b);
    expect(r.take(100)).toBe(c);
    expect(r.take(100)).toBeNull();
  });

  it('drops everything after idleMs without use', () => {
    vi.useFakeTimers();
    const r = new BufferRecycler({ idleMs: 1000 });
    r.put(new ArrayBuffer(64));
    vi.advanceTimersByTime(900);
    r.put(new ArrayBuffer(64)); // activity re-arms the timer
    vi.advanceTimersByTime(900);
    expect(r.bytes).toBe(128);
    vi.advanceTimersByTime(200);
    expect(r.bytes).toBe(0);
    expect(r.take(64)).toBeNull();
  });
});
