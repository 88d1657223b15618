// A zlib stream made of byte runs, for PNG masks: zlib's Z_RLE idea (matches only at a short distance:
// 1 for a repeated byte, 4 for a repeated RGBA pixel; literals otherwise), written as ONE deflate block
// with a constant Huffman table made for it. A length-258 match costs 2 bits (fixed Huffman: 13), so a
// 4096² mask is as small as fflate's level 6 and is written in milliseconds instead of seconds: the work
// is per run, not per byte, and the Adler-32 of each run is computed in closed form.
// Deterministic: the same runs give the same bytes in Node, workers and pages.

/** Code lengths: literals 0..226 → 9 bits, 227..284 (incl. end-of-block, lengths 3..257) → 10, 285 (length 258) → 1. */
const LITLEN_LENGTHS = Array.from({ length: 286 }, (_, s) => (s === 285 ? 1 : s < 227 ? 9 : 10));
/** Distance codes 0 (distance 1) and 3 (distance 4): one bit each; the others are unused. */
const DIST_LENGTHS = [1, 0, 0, 1];
/** The code-length alphabet, as sent (RFC 1951 §3.2.7): 0, 1, 9 and 10 → two bits each. */
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const CL_LENGTHS: Record<number, number> = { 0: 2, 1: 2, 9: 2, 10: 2 };

/** Canonical Huffman codes (RFC 1951 §3.2.2), bit-reversed for LSB-first output. */
function canonicalCodes(lengths: readonly number[]): Uint32Array {
  const max = Math.max(...lengths);
  const count = new Uint32Array(max + 1);
  for (const l of lengths) if (l) count[l]!++;
  const next = new Uint32Array(max + 2);
  for (let b = 1, code = 0; b <= max; b++) {
    code = (code + count[b - 1]!) << 1;
    next[b] = code;
  }
  const codes = new Uint32Array(lengths.length);
  lengths.forEach((l, s) => {
    if (!l) return;
    let c = next[l]!++;
    let r = 0;
    for (let i = 0; i < l; i++, c >>>= 1) r = (r << 1) | (c & 1);
    codes[s] = r;
  });
  return codes;
}

const LIT_CODES = canonicalCodes(LITLEN_LENGTHS);
const DIST_CODES = canonicalCodes(DIST_LENGTHS);
const LEN_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];

/** For each match length 3..258: its symbol's code with the extra bits appended, and the total bit count. */
const LEN_BITS = new Uint32Array(259);
const LEN_NBITS = new Uint8Array(259);
for (let s = 0; s < 29; s++) {
  const n = LITLEN_LENGTHS[257 + s]!;
  const end = s === 28 ? 259 : LEN_BASE[s + 1]!;
  for (let len = LEN_BASE[s]!; len < end; len++) {
    LEN_BITS[len] = LIT_CODES[257 + s]! | ((len - LEN_BASE[s]!) << n);
    LEN_NBITS[len] = n + LEN_EXTRA[s]!;
  }
}

/** The block header: BFINAL, BTYPE=2, the counts and every code length (computed once). */
const HEADER = (() => {
  const bits: Array<[number, number]> = [
    [1, 1],
    [2, 2],
    [286 - 257, 5],
    [DIST_LENGTHS.length - 1, 5],
    [18 - 4, 4],
  ];
  for (const s of CL_ORDER.slice(0, 18)) bits.push([CL_LENGTHS[s] ?? 0, 3]);
  const clCodes = canonicalCodes(Array.from({ length: 19 }, (_, s) => CL_LENGTHS[s] ?? 0));
  for (const l of [...LITLEN_LENGTHS, ...DIST_LENGTHS]) bits.push([clCodes[l]!, 2]);
  return bits;
})();

const ADLER_MOD = 65521;

/**
 * Writes a zlib stream (RFC 1950/1951) from literals and repeated patterns. Use {@link literal} for
 * single bytes and {@link repeat} for runs; {@link finish} returns the stream.
 */
export class RunDeflater {
  private out: Uint8Array;
  private p = 2;
  private bits = 0;
  private nbits = 0;
  private a = 1;
  private b = 0;
  /** The last four bytes written (h3 the newest), -1 before any. */
  private h0 = -1;
  private h1 = -1;
  private h2 = -1;
  private h3 = -1;

  /** @param sizeHint expected output bytes (the buffer grows past it). */
  constructor(sizeHint = 1 << 16) {
    this.out = new Uint8Array(Math.max(64, sizeHint));
    this.out[0] = 0x78; // deflate, 32 KiB window
    this.out[1] = 0x01; // "fastest" level, no dictionary; (0x78 << 8 | 0x01) % 31 === 0
    for (const [v, n] of HEADER) this.put(v, n);
  }

  private put(v: number, n: number): void {
    this.bits |= v << this.nbits;
    this.nbits += n;
    if (this.nbits >= 16) {
      if (this.p + 8 > this.out.length) this.grow();
      this.out[this.p++] = this.bits & 255;
      this.out[this.p++] = (this.bits >>> 8) & 255;
      this.bits >>>= 16;
      this.nbits -= 16;
    }
  }

  private grow(): void {
    const o = new Uint8Array(this.out.length * 2);
    o.set(this.out.subarray(0, this.p));
    this.out = o;
  }

  /** Writes one byte as a literal. */
  literal(v: number): void {
    this.put(LIT_CODES[v]!, LITLEN_LENGTHS[v]!);
    this.a += v;
    if (this.a >= ADLER_MOD) this.a -= ADLER_MOD;
    this.b = (this.b + this.a) % ADLER_MOD;
    this.h0 = this.h1;
    this.h1 = this.h2;
    this.h2 = this.h3;
    this.h3 = v;
  }

  /**
   * Writes `count` repetitions of the pixel `(v0, v1, v2, v3)`: matches at distance 1 when the four
   * bytes are equal, else at distance 4 (after up to four literals when the stream does not already
   * end with that pixel).
   */
  repeat(v0: number, v1: number, v2: number, v3: number, count: number): void {
    if (count <= 0) return;
    this.adlerRun(v0, v1, v2, v3, count);
    let n = count * 4;
    if (v0 === v1 && v1 === v2 && v2 === v3) {
      if (this.h3 !== v0) {
        this.put(LIT_CODES[v0]!, LITLEN_LENGTHS[v0]!);
        n--;
      }
      this.matches(n, 0, v0, v0, v0, v0);
    } else {
      if (this.h0 !== v0 || this.h1 !== v1 || this.h2 !== v2 || this.h3 !== v3) {
        // Literals for the first pixel (the byte stream's history is not this pixel).
        this.put(LIT_CODES[v0]!, LITLEN_LENGTHS[v0]!);
        this.put(LIT_CODES[v1]!, LITLEN_LENGTHS[v1]!);
        this.put(LIT_CODES[v2]!, LITLEN_LENGTHS[v2]!);
        this.put(LIT_CODES[v3]!, LITLEN_LENGTHS[v3]!);
        n -= 4;
      }
      this.matches(n, 3, v0, v1, v2, v3);
    }
    this.h0 = v0;
    this.h1 = v1;
    this.h2 = v2;
    this.h3 = v3;
  }

  /** `n` bytes copied at distance code `dc`; a 1–2 byte tail that no match can carry goes as literals. */
  private matches(n: number, dc: number, v0: number, v1: number, v2: number, v3: number, phase = 0): void {
    const dist = DIST_CODES[dc]!;
    while (n >= 3) {
      let m = n > 258 ? 258 : n;
      if (n - m > 0 && n - m < 3) m = n - 3;
      this.put(LEN_BITS[m]!, LEN_NBITS[m]!);
      this.put(dist, 1);
      n -= m;
      phase = (phase + m) & 3;
    }
    const vs = [v0, v1, v2, v3];
    for (; n > 0; n--, phase = (phase + 1) & 3) {
      const v = vs[phase]!;
      this.put(LIT_CODES[v]!, LITLEN_LENGTHS[v]!);
    }
  }

  /** Adler-32 over `count` copies of four bytes, in closed form. */
  private adlerRun(v0: number, v1: number, v2: number, v3: number, count: number): void {
    const s = v0 + v1 + v2 + v3;
    const t = 4 * v0 + 3 * v1 + 2 * v2 + v3;
    // Each copy k (0-based) adds its bytes to `a` and 4·a_k + t to `b`, with a_k = a + k·s.
    const b = this.b + ((4 * count * this.a) % ADLER_MOD) + ((count * t) % ADLER_MOD);
    const pairs = ((count * (count - 1)) / 2) % ADLER_MOD;
    this.b = (b + ((4 * s * pairs) % ADLER_MOD)) % ADLER_MOD;
    this.a = (this.a + (((count % ADLER_MOD) * s) % ADLER_MOD)) % ADLER_MOD;
  }

  /** Ends the block and appends the Adler-32; returns the zlib stream. The writer is done after this. */
  finish(): Uint8Array {
    this.put(LIT_CODES[256]!, LITLEN_LENGTHS[256]!);
    // The last partial byte, zero-padded (a byte more would be read as the Adler-32).
    const bytes = (this.nbits + 7) >> 3;
    if (this.p + bytes + 4 > this.out.length) this.grow();
    for (let i = 0; i < bytes; i++) this.out[this.p++] = (this.bits >>> (8 * i)) & 255;
    const adler = ((this.b << 16) | this.a) >>> 0;
    this.out[this.p++] = adler >>> 24;
    this.out[this.p++] = (adler >>> 16) & 255;
    this.out[this.p++] = (adler >>> 8) & 255;
    this.out[this.p++] = adler & 255;
    return this.out.slice(0, this.p);
  }
}
