// Reads the V8 CPU profile samples of a Chromium trace (category
// 'disabled-by-default-v8.cpu_profiler') and says which JavaScript functions ran inside a span of a
// thread: self time per function and the heaviest call stacks. The assist bench prints this for every
// long main-thread task under ASSIST_BENCH_TRACE=1 (a trace event only says "FunctionCall 140 ms").
import type { TraceEvent } from './geometry-trace-tasks.js';

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url?: string; lineNumber?: number; columnNumber?: number };
}

/** The samples of one thread's CPU profile: a stack (leaf first) at each trace timestamp (µs). */
export interface ThreadProfile {
  ts: number[];
  stacks: string[][];
}

const frameName = (n: ProfileNode): string => {
  const c = n.callFrame;
  const file = c.url ? c.url.split('/').pop() : '';
  return `${c.functionName || '(anonymous)'}${file ? ` ${file}:${(c.lineNumber ?? 0) + 1}:${(c.columnNumber ?? 0) + 1}` : ''}`;
};

/** The CPU profile samples of thread `pid`:`tid` in `events`, or null when the trace has none. */
export function threadProfile(events: TraceEvent[], pid: number, tid: number): ThreadProfile | null {
  const head = events.find((e) => e.name === 'Profile' && e.pid === pid && e.tid === tid);
  if (!head) return null;
  const pid0 = head.pid;
  const id = head.id;
  const nodes = new Map<number, ProfileNode>();
  const ts: number[] = [];
  const leaf: number[] = [];
  let t = (head.args as { data?: { startTime?: number } }).data?.startTime ?? head.ts;
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.pid !== pid0 || e.id !== id) continue;
    const d = (
      e.args as { data?: { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] } }
    ).data;
    for (const n of d?.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    const samples = d?.cpuProfile?.samples ?? [];
    const deltas = d?.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      t += deltas[i] ?? 0;
      ts.push(t);
      leaf.push(samples[i]!);
    }
  }
  const memo = new Map<number, string[]>();
  const stackOf = (nid: number): string[] => {
    let s = memo.get(nid);
    if (s) return s;
    s = [];
    for (let n = nodes.get(nid); n; n = n.parent === undefined ? undefined : nodes.get(n.parent)) s.push(frameName(n));
    memo.set(nid, s);
    return s;
  };
  const order = ts.map((_, i) => i).sort((a, b) => ts[a]! - ts[b]!);
  return { ts: order.map((i) => ts[i]!), stacks: order.map((i) => stackOf(leaf[i]!)) };
}

/**
 * What ran in [a, b) (trace µs): ms of self time per function (heaviest first) and ms per call stack
 * of up to `depth` frames from the leaf (the time of a sample is the gap to the next one).
 */
export function profileSpan(
  p: ThreadProfile,
  a: number,
  b: number,
  depth = 8,
): { self: Array<[string, number]>; stacks: Array<[string, number]> } {
  const self = new Map<string, number>();
  const stacks = new Map<string, number>();
  for (let i = 0; i < p.ts.length; i++) {
    const t = p.ts[i]!;
    if (t < a || t >= b) continue;
    const dt = ((p.ts[i + 1] ?? t) - t) / 1000;
    const s = p.stacks[i]!;
    const top = s[0] ?? '(none)';
    if (top === '(idle)' || top === '(root)') continue;
    self.set(top, (self.get(top) ?? 0) + dt);
    const k = s
      .filter((x) => x !== '(root)')
      .slice(0, depth)
      .join(' < ');
    stacks.set(k, (stacks.get(k) ?? 0) + dt);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((x, y) => y[1] - x[1]);
  return { self: sorted(self), stacks: sorted(stacks) };
}
