// Deterministic benchmark masks: ~50 filled ellipses (some with holes) on an n×n canvas. Pure JS so the
// page, Node and Python (via a raw dump) all use the very same bytes.

/** 0/1 mask of `n`×`n` with `blobs` ellipses; every 5th has a hole. */
export function benchMask(n: number, blobs = 50, seed = 12345): Uint8Array {
  const data = new Uint8Array(n * n);
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  for (let b = 0; b < blobs; b++) {
    const cx = rnd() * n;
    const cy = rnd() * n;
    const rx = (0.02 + rnd() * 0.06) * n;
    const ry = (0.02 + rnd() * 0.06) * n;
    const t = rnd() * Math.PI;
    const hole = b % 5 === 0;
    const c = Math.cos(t);
    const si = Math.sin(t);
    const R = Math.max(rx, ry);
    const y0 = Math.max(0, Math.floor(cy - R));
    const y1 = Math.min(n - 1, Math.ceil(cy + R));
    const x0 = Math.max(0, Math.floor(cx - R));
    const x1 = Math.min(n - 1, Math.ceil(cx + R));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const dx = x - cx;
        const dy = y - cy;
        const u = (c * dx + si * dy) / rx;
        const v = (-si * dx + c * dy) / ry;
        const d = u * u + v * v;
        if (d <= 1) data[y * n + x] = hole && d < 0.2 ? 0 : 1;
      }
    }
  }
  return data;
}

/** Sizes measured. */
export const BENCH_SIZES = [512, 2048, 4096] as const;
