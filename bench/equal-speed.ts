// Paired page/native timings at equal machine speed, for `npm run bench -- assist` (assist.bench.ts).
// This VM has a vCPU that runs ~1.7x slower in spells (seconds to minutes): a page prepare timed in
// such a spell next to a native one timed outside it gives a meaningless ratio. Each pair is one native
// and one page measurement back to back, each bracketed by a CPU probe (a fixed loop timed on the
// measuring thread itself, just before and just after); a side ran at normal speed when both its
// probes are within `tolerance` of that side's fastest probe of the run. The equal-speed ratio uses
// only the pairs where both sides did; the raw one uses every pair; the counts show the rest.

/** One timed measurement and its CPU probes (ms), taken just before and just after it on its thread. */
export interface ProbedSample {
  ms: number;
  probe: [before: number, after: number];
}

/** One native and one page measurement of the same action, back to back. */
export interface SpeedPair {
  page: ProbedSample;
  native: ProbedSample;
}

/** How a pair's two sides ran: `=` both at normal speed, `p` the page slow, `n` native slow, `b` both slow. */
export type PairClass = '=' | 'p' | 'n' | 'b';

/** Medians of both sides and their ratios over a set of pairs. */
export interface PairStats {
  /** Pairs in the set. */
  n: number;
  /** Median page ms and median native ms (pooled). */
  page: number;
  native: number;
  /** page median / native median. */
  pooledRatio: number;
  /** Each pair's page ms / native ms: median and p95. */
  pairRatioP50: number;
  pairRatioP95: number;
}

/** {@link equalSpeed}'s answer. */
export interface EqualSpeedSummary {
  /** Every pair. */
  raw: PairStats;
  /** Only the pairs where both sides ran at normal speed (`n` 0: none did). */
  equal: PairStats;
  /** Each pair's class, in the order the pairs ran (a slow spell shows as a run of one letter). */
  classes: PairClass[];
  /** How many pairs of each class. */
  counts: Record<PairClass, number>;
  /** Each side's fastest probe (ms): the reference of normal speed. */
  reference: { page: number; native: number };
  /** A probe above `tolerance` × its side's reference is a slow one. */
  tolerance: number;
}

/** The middle value (the upper one of an even count); NaN for none. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : Number.NaN;
}

/** The nearest-rank `p`th percentile; NaN for none. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]! : Number.NaN;
}

function stats(pairs: SpeedPair[]): PairStats {
  const page = median(pairs.map((x) => x.page.ms));
  const native = median(pairs.map((x) => x.native.ms));
  const ratios = pairs.map((x) => x.page.ms / x.native.ms);
  return {
    n: pairs.length,
    page,
    native,
    pooledRatio: page / native,
    pairRatioP50: median(ratios),
    pairRatioP95: percentile(ratios, 95),
  };
}

/**
 * Classifies each pair by its four probes and summarises all pairs (raw) and the equal-speed ones.
 * A side whose every probe of the run was slow cannot be told from normal: its reference is then slow
 * too (print the references, so that runs can be compared).
 *
 * @example
 * const s = equalSpeed(pairs, 1.25);
 * console.log(`${s.equal.n} of ${s.raw.n} pairs at equal speed: ${s.equal.pairRatioP50.toFixed(2)}x`);
 */
export function equalSpeed(pairs: SpeedPair[], tolerance = 1.25): EqualSpeedSummary {
  const ref = (side: 'page' | 'native') => Math.min(...pairs.flatMap((x) => x[side].probe));
  const reference = { page: ref('page'), native: ref('native') };
  const normal = (s: ProbedSample, r: number) => s.probe.every((p) => p <= tolerance * r);
  const classes = pairs.map((x): PairClass => {
    const p = normal(x.page, reference.page);
    const n = normal(x.native, reference.native);
    return p && n ? '=' : p ? 'n' : n ? 'p' : 'b';
  });
  const counts: Record<PairClass, number> = { '=': 0, p: 0, n: 0, b: 0 };
  for (const c of classes) counts[c]++;
  return {
    raw: stats(pairs),
    equal: stats(pairs.filter((_, i) => classes[i] === '=')),
    classes,
    counts,
    reference,
    tolerance,
  };
}
