// The assist worker's progress throttle (pure logic, runs in Node with a fake clock): reports closer
// than the interval are held back, never lost; a run's last report always reaches the page.
import { describe, expect, it } from 'vitest';
import type { AssistProgress } from '../geometry/assist/assist-types.js';
import { type ProgressClock, throttleProgress } from './progress-throttle.js';

/** A clock the test moves by hand; timers fire as it passes them. */
function fakeClock() {
  let t = 0;
  let timers: Array<{ at: number; f: () => void }> = [];
  const clock: ProgressClock = {
    now: () => t,
    setTimer: (f, ms) => {
      const timer = { at: t + ms, f };
      timers.push(timer);
      return timer;
    },
    clearTimer: (x) => {
      timers = timers.filter((y) => y !== x);
    },
  };
  const advance = (ms: number) => {
    t += ms;
    for (const x of timers.filter((y) => y.at <= t)) {
      timers = timers.filter((y) => y !== x);
      x.f();
    }
  };
  return { clock, advance, pending: () => timers.length };
}

const run = (done: number, total = 30): AssistProgress => ({ stage: 'running', done, total });

describe('throttleProgress', () => {
  it('a run of 30 steps 4 ms apart: the first, about one per 30 ms, and the last (30 of 30) delivered', () => {
    const { clock, advance } = fakeClock();
    const got: AssistProgress[] = [];
    const p = throttleProgress((x) => got.push(x), 30, clock);
    for (let i = 0; i <= 30; i++) {
      p.report(run(i));
      advance(4);
    }
    expect(got[0]).toEqual(run(0));
    expect(got.at(-1)).toEqual(run(30));
    // Throttled all the same: far fewer than the 31 reports.
    expect(got.length).toBeLessThan(10);
    // In order, none twice.
    const dones = got.map((x) => x.done!);
    expect([...dones].sort((a, b) => a - b)).toEqual(dones);
    expect(new Set(dones).size).toBe(dones.length);
  });

  it('the last report of a run without a total, held back, goes when the interval has passed', () => {
    const { clock, advance } = fakeClock();
    const got: AssistProgress[] = [];
    const p = throttleProgress((x) => got.push(x), 30, clock);
    p.report({ stage: 'running', done: 1 });
    advance(10);
    p.report({ stage: 'running', done: 2 });
    advance(10);
    p.report({ stage: 'running', done: 3 });
    expect(got.map((x) => x.done)).toEqual([1]);
    advance(10); // 30 ms after the first: the latest held back goes, the one before it never
    expect(got.map((x) => x.done)).toEqual([1, 3]);
    advance(100);
    expect(got.map((x) => x.done)).toEqual([1, 3]);
  });

  it('flush at the run’s end delivers the held report at once; cancel drops it', () => {
    const { clock, advance, pending } = fakeClock();
    const got: AssistProgress[] = [];
    const p = throttleProgress((x) => got.push(x), 30, clock);
    p.report({ stage: 'running', done: 1 });
    p.report({ stage: 'running', done: 2 });
    p.flush();
    expect(got.map((x) => x.done)).toEqual([1, 2]);
    expect(pending()).toBe(0);
    advance(1);
    p.report({ stage: 'running', done: 3 });
    p.cancel();
    advance(100);
    expect(got.map((x) => x.done)).toEqual([1, 2]);
  });

  it('a new stage within the interval goes at once', () => {
    const { clock } = fakeClock();
    const got: AssistProgress[] = [];
    const p = throttleProgress((x) => got.push(x), 30, clock);
    p.report({ stage: 'image' });
    p.report({ stage: 'running', done: 0, total: 5 });
    expect(got.map((x) => x.stage)).toEqual(['image', 'running']);
  });

  it('a delivery that throws or rejects does not break the run', async () => {
    const { clock } = fakeClock();
    const p = throttleProgress(() => Promise.reject(new Error('page gone')), 30, clock);
    expect(() => p.report(run(30))).not.toThrow();
    const q = throttleProgress(
      () => {
        throw new Error('closed');
      },
      30,
      clock,
    );
    expect(() => q.report(run(30))).not.toThrow();
    await Promise.resolve();
  });
});
