// TouchedBuffers: the geometry worker's pool of already-written buffers for large mask copies (pure
// logic, runs in Node; the yields are counted instead of waited for).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TouchedBuffers } from './touched-buffers.js';

/** A pool whose yields resolve at once, counting them; `settle` lets its background refill finish. */
function pool(sliceBytes = 256, idleMs?: number) {
  let yields = 0;
  const b = new TouchedBuffers({
    yieldTo: async () => {
      yields++;
    },
    sliceBytes,
    idleMs,
  });
  const settle = async () => {
    for (let i = 0; i < 100; i++) await Promise.resolve();
  };
  return { b, settle, yields: () => yields };
}

describe('TouchedBuffers', () => {
  afterEach(() => vi.useRealTimers());

  it('new arrays until reserved; then views of touched buffers, refilled in slices between yields', async () => {
    const { b, settle, yields } = pool(256);
    const fresh = b.take(800, 2);
    expect(fresh.length).toBe(800);
    expect(fresh.buffer.byteLength).toBe(800); // nothing reserved: a new array
    b.reserve(1000, 2);
    await settle();
    expect(b.ready).toBe(2);
    expect(yields()).toBe(9); // one first, then 2 buffers x ceil(1000 / 256) slices, a yield after each
    const v = b.take(600, 2);
    expect(v.length).toBe(600);
    expect(v.byteOffset).toBe(0);
    expect(v.buffer.byteLength).toBe(1000); // a reserved buffer, at most twice the size asked
    expect(b.ready).toBe(1);
    await settle();
    expect(b.ready).toBe(2); // the taken one was replaced in the background
  });

  it('never hands out a buffer more than maxRatio times the size asked, nor one too small', async () => {
    const { b, settle } = pool();
    b.reserve(1000, 1);
    await settle();
    expect(b.take(400, 2).buffer.byteLength).toBe(400); // 1000 > 2 x 400: a new array, the pool keeps its buffer
    expect(b.take(1001).buffer.byteLength).toBe(1001); // too small for it
    expect(b.ready).toBe(1);
    expect(b.take(400).buffer.byteLength).toBe(1000); // no ratio: any buffer that fits
  });

  it('takes back given buffers of its size up to its count, never detached, other sizes or twice the same', async () => {
    const { b, settle } = pool();
    b.reserve(100, 2);
    await settle();
    const x = b.take(100);
    const y = b.take(100);
    expect(b.ready).toBe(0);
    b.give(x.buffer);
    b.give(x.buffer);
    expect(b.ready).toBe(1);
    const detached = new ArrayBuffer(100);
    structuredClone(detached, { transfer: [detached] });
    b.give(detached);
    b.give(new ArrayBuffer(50));
    b.give(new ArrayBuffer(200));
    expect(b.ready).toBe(1);
    b.give(y.buffer);
    b.give(new ArrayBuffer(100)); // the pool is full
    expect(b.ready).toBe(2);
    await settle();
    expect(b.ready).toBe(2);
  });

  it('another size (another image) replaces the buffers; clear and the idle timeout let everything go', async () => {
    vi.useFakeTimers();
    const { b, settle } = pool(1 << 20, 5000);
    b.reserve(300, 1);
    await settle();
    b.reserve(100, 1); // a smaller image: its regions get buffers at most twice their size
    expect(b.ready).toBe(0);
    await settle();
    expect(b.ready).toBe(1);
    expect(b.take(100, 2).buffer.byteLength).toBe(100);
    await settle();
    b.reserve(300, 1);
    await settle();
    expect(b.take(300).buffer.byteLength).toBe(300);
    await settle();
    b.clear();
    expect(b.ready).toBe(0);
    b.reserve(100, 1);
    await settle();
    expect(b.ready).toBe(1);
    vi.advanceTimersByTime(5001);
    expect(b.ready).toBe(0);
    expect(b.take(100).buffer.byteLength).toBe(100); // a new array after the timeout
  });
});
