// Reads a Chromium trace of bench/geometry-page.html (?trace=1) and lists the page's main-thread tasks
// with wall-clock and CPU (thread) time, and which User Timing window and step each started in. On a
// shared machine a task can take 50+ ms of wall clock while using a few ms of CPU (the thread was
// descheduled): the CPU time tells that apart from work that really blocks the page.

/** Trace categories that show the page's tasks with their CPU time, GC, script and messages. */
export const TASK_TRACE_CATEGORIES = [
  'toplevel',
  'blink.user_timing',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'disabled-by-default-v8.gc',
  'blink',
  'ipc',
  'scheduler',
];

/** One event of a Chromium trace (the fields the bench readers use). */
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  cat?: string;
  id?: string;
  id2?: { local?: string };
  args?: Record<string, unknown> & { name?: string };
}

/** One main-thread task of the bench page. */
export interface PageTask {
  /** Trace clock, µs. */
  ts: number;
  wallMs: number;
  /** Thread (CPU) time, when the trace has it. */
  cpuMs: number | null;
  /** 'window 4096', 'idle control', or null (outside the measured windows). */
  window: string | null;
  /** 'step decode call' etc., or null. */
  step: string | null;
  /** Trace events nested in the task over 2 ms (name, ms), for a diagnosis. */
  inner: Array<[string, number]>;
}

/** Main-thread tasks of the page that recorded the 'window N' measures. */
export function pageTasks(trace: { traceEvents: TraceEvent[] } | TraceEvent[], withInner = false): PageTask[] {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const key = (e: TraceEvent) => `${e.pid}:${e.tid}`;
  const timing = events.filter((e) => (e.cat ?? '').includes('user_timing'));
  const mainKey = timing.find((e) => e.name.startsWith('window '))?.pid;
  if (mainKey === undefined) return [];
  const tid = timing.find((e) => e.name.startsWith('window '))!.tid;
  // measures of one name never overlap here, and ids are reused: pair each begin with the next end
  const id = (e: TraceEvent) => `${e.name}@${e.id2?.local ?? e.id}`;
  const open = new Map<string, number>();
  const spans: Array<{ name: string; a: number; b: number }> = [];
  for (const e of [...timing].sort((x, y) => x.ts - y.ts)) {
    if (e.ph === 'b') open.set(id(e), e.ts);
    else if (e.ph === 'e' && open.has(id(e))) {
      spans.push({ name: e.name, a: open.get(id(e))!, b: e.ts });
      open.delete(id(e));
    }
  }
  const inSpan = (ts: number, prefix: string) =>
    spans.find((s) => s.name.startsWith(prefix) && ts >= s.a && ts < s.b)?.name ?? null;
  const onMain = events.filter((e) => e.pid === mainKey && e.tid === tid && e.ph === 'X');
  const tasks = onMain.filter((e) => e.name === 'ThreadControllerImpl::RunTask');
  return tasks.map((t) => ({
    ts: t.ts,
    wallMs: (t.dur ?? 0) / 1000,
    cpuMs: t.tdur != null ? t.tdur / 1000 : null,
    window: inSpan(t.ts, 'window') ?? inSpan(t.ts, 'idle'),
    step: inSpan(t.ts, 'step'),
    inner: withInner
      ? onMain
          .filter(
            (e) =>
              e !== t &&
              key(e) === key(t) &&
              e.ts >= t.ts &&
              e.ts + (e.dur ?? 0) <= t.ts + t.dur! &&
              (e.dur ?? 0) > 2000,
          )
          .sort((x, y) => x.ts - y.ts)
          .map((e): [string, number] => [e.name, e.dur! / 1000])
      : [],
  }));
}
