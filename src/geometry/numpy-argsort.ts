// numpy's default `argsort` (kind="quicksort", an introsort) for float64, ported step by step so that
// ties come out in the same order as dtlpy's `areas.argsort()[::-1]`.
// Source followed: numpy/_core/src/npysort/quicksort.cpp `aquicksort_` and heapsort.cpp `aheapsort_`
// (the portable path). Partitions of <= 16 elements (pr - pl <= 15) use insertion sort, which is stable, so with few
// contours equal areas keep contour order (and the reversal puts the later contour first).
// Caveat: numpy >= 1.25 on CPUs with AVX-512 (and numpy >= 2 with AVX2) may dispatch argsort to
// x86-simd-sort, whose order of equal keys differs; the SDK's tie order is then machine-dependent.

const SMALL_QUICKSORT = 15; // partitions of up to 16 elements go to insertion sort

function less(a: number, b: number): boolean {
  // numpy's DOUBLE_LT: NaNs sort to the end.
  return a < b || (Number.isNaN(b) && !Number.isNaN(a));
}

function msb(n: number): number {
  let depth = 0;
  while (n > 1) {
    n = Math.floor(n / 2);
    depth++;
  }
  return depth;
}

function aheapsort(v: ArrayLike<number>, tosort: Int32Array, start: number, n: number): void {
  // a[1..n] aliases tosort[start .. start+n-1]
  const get = (k: number) => tosort[start + k - 1]!;
  const set = (k: number, val: number) => {
    tosort[start + k - 1] = val;
  };
  let i: number;
  let j: number;
  let tmp: number;
  for (let l = n >> 1; l > 0; --l) {
    tmp = get(l);
    for (i = l, j = l << 1; j <= n; ) {
      if (j < n && less(v[get(j)]!, v[get(j + 1)]!)) j += 1;
      if (less(v[tmp]!, v[get(j)]!)) {
        set(i, get(j));
        i = j;
        j += j;
      } else break;
    }
    set(i, tmp);
  }
  for (; n > 1; ) {
    tmp = get(n);
    set(n, get(1));
    n -= 1;
    for (i = 1, j = 2; j <= n; ) {
      if (j < n && less(v[get(j)]!, v[get(j + 1)]!)) j++;
      if (less(v[tmp]!, v[get(j)]!)) {
        set(i, get(j));
        i = j;
        j += j;
      } else break;
    }
    set(i, tmp);
  }
}

/**
 * Indices that sort `v` ascending, in exactly the order numpy's portable `np.argsort(v)` returns
 * (including the order of equal values).
 */
export function numpyArgsort(v: ArrayLike<number>): Int32Array {
  const num = v.length;
  const t = new Int32Array(num);
  for (let i = 0; i < num; i++) t[i] = i;
  if (num < 2) return t;
  const swap = (a: number, b: number) => {
    const x = t[a]!;
    t[a] = t[b]!;
    t[b] = x;
  };
  let pl = 0;
  let pr = num - 1;
  const stack: number[] = [];
  const depthStack: number[] = [];
  let cdepth = msb(num) * 2;
  for (;;) {
    let heapDone = false;
    if (cdepth < 0) {
      aheapsort(v, t, pl, pr - pl + 1);
      heapDone = true;
    } else {
      while (pr - pl > SMALL_QUICKSORT) {
        const pm = pl + ((pr - pl) >> 1);
        if (less(v[t[pm]!]!, v[t[pl]!]!)) swap(pm, pl);
        if (less(v[t[pr]!]!, v[t[pm]!]!)) swap(pr, pm);
        if (less(v[t[pm]!]!, v[t[pl]!]!)) swap(pm, pl);
        const vp = v[t[pm]!]!;
        let pi = pl;
        let pj = pr - 1;
        swap(pm, pj);
        for (;;) {
          do ++pi;
          while (less(v[t[pi]!]!, vp));
          do --pj;
          while (less(vp, v[t[pj]!]!));
          if (pi >= pj) break;
          swap(pi, pj);
        }
        const pk = pr - 1;
        swap(pi, pk);
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        // numpy checks the depth only after a pop, not inside this loop.
        depthStack.push(--cdepth);
      }
    }
    if (!heapDone) {
      for (let pi = pl + 1; pi <= pr; ++pi) {
        const vi = t[pi]!;
        const vpv = v[vi]!;
        let pj = pi;
        let pk = pi - 1;
        while (pj > pl && less(vpv, v[t[pk]!]!)) t[pj--] = t[pk--]!;
        t[pj] = vi;
      }
    }
    if (!stack.length) break;
    pr = stack.pop()!;
    pl = stack.pop()!;
    cdepth = depthStack.pop()!;
  }
  return t;
}
