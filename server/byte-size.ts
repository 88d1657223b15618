const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kib: 1024,
  kb: 1000,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  mb: 1000 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
  gb: 1000 ** 3,
};

/**
 * A byte count from text: `1048576`, `512KiB`, `256 MiB`, `1.5MB`, `2g` (single letters are
 * binary). Throws an `Error` naming the input when it is not a positive size.
 *
 * @example
 * parseByteSize('256MiB'); // 268435456
 */
export function parseByteSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  const n = m && unit ? Math.floor(Number(m[1]) * unit) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new Error(`size: expected a positive byte count like 256MiB, got "${text}"`);
  return n;
}
