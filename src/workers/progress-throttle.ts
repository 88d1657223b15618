// The assist worker's progress reports, throttled: a comlink call per GrabCut iteration or tracked
// frame would flood the page, so reports closer than the interval are held back. Before, a held
// report was dropped: a run's last one ("30 of 30", or a new stage) came within 30 ms of the one
// before and never reached the page, whose bar stopped short of the end. Now the last report held
// back is delivered when the interval has passed (or at once by `flush`, at the run's end), and a
// report that completes its steps (done === total) or starts a new stage goes at once.
import type { AssistProgress } from '../geometry/assist/assist-types.js';

/** Default least time between two delivered reports, in ms. */
export const PROGRESS_INTERVAL_MS = 30;

/** A clock and timer (tests pass fake ones; the defaults are `performance.now` and `setTimeout`). */
export interface ProgressClock {
  now(): number;
  setTimer(f: () => void, ms: number): unknown;
  clearTimer(t: unknown): void;
}

const realClock: ProgressClock = {
  now: () => performance.now(),
  setTimer: (f, ms) => setTimeout(f, ms),
  clearTimer: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
};

/** A throttled progress channel (see {@link throttleProgress}). */
export interface ThrottledProgress {
  /** Reports `p`: delivered now, or held back as the one to deliver when the interval has passed. */
  report(p: AssistProgress): void;
  /** Delivers the report held back, if any, now (call at the run's end, before its answer). */
  flush(): void;
  /** Drops the report held back, if any (a run that failed or was cancelled: no report after it). */
  cancel(): void;
}

/**
 * Throttles `deliver`: the first report, then at most one per `intervalMs`, except that a report
 * completing its steps (`done === total`) or changing the stage goes at once. A report held back is
 * never lost: the latest one goes when the interval has passed, or on `flush()`. `deliver` may
 * return a promise (a comlink proxy's); its rejection is ignored (the page may be gone).
 */
export function throttleProgress(
  deliver: ((p: AssistProgress) => unknown) | undefined,
  intervalMs = PROGRESS_INTERVAL_MS,
  clock: ProgressClock = realClock,
): ThrottledProgress {
  let last = -Infinity;
  let lastStage: AssistProgress['stage'] | null = null;
  let held: AssistProgress | null = null;
  let timer: unknown = null;
  const send = (p: AssistProgress) => {
    if (timer !== null) clock.clearTimer(timer);
    timer = null;
    held = null;
    last = clock.now();
    lastStage = p.stage;
    try {
      void Promise.resolve(deliver?.(p)).catch(() => undefined);
    } catch {
      // A page gone: nothing to tell.
    }
  };
  const flush = () => {
    if (held) send(held);
  };
  return {
    report(p) {
      if (!deliver) return;
      const final = p.done !== undefined && p.total !== undefined && p.done >= p.total;
      const wait = last + intervalMs - clock.now();
      if (wait <= 0 || final || p.stage !== lastStage) {
        send(p);
        return;
      }
      held = p;
      timer ??= clock.setTimer(() => {
        timer = null;
        flush();
      }, wait);
    },
    flush,
    cancel() {
      if (timer !== null) clock.clearTimer(timer);
      timer = null;
      held = null;
    },
  };
}
