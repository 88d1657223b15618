// A zlib stream made of byte runs, for PNG masks: zlib's Z_RLE idea (matches only at a short distance:
// 1 for a repeated byte, 4 for a repeated RGBA pixel; literals otherwise) in ONE deflate block whose
// Huffman codes are fitted to the stream's own symbol counts (tokens are collected first, then
// written). The work is per run, not per byte, and the Adler-32 of each run is computed in closed
// form, so a 4096² mask takes milliseconds where a general deflate takes seconds.
// Deterministic: the same runs give the same bytes in Node, workers and pages.
import { huffmanLengths } from './huffman.js';

const LEN_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
/** Symbol (257..285) of each match length 3..258. */
const LEN_SYM = new Uint16Array(259);
for (let s = 0; s < 29; s++)
  for (let len = LEN_BASE[s]!; len < (s === 28 ? 259 : LEN_BASE[s + 1]!); len++) LEN_SYM[len] = 257 + s;
/** The order code-length code lengths are sent in (RFC 1951 §3.2.7). */
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const ADLER_MOD = 65521;
/** Tokens: a literal is its byte; a match is MATCH + length·4 + distance code (0: distance 1, 3: distance 4). */
const MATCH = 1024;

/** Canonical Huffman codes (RFC 1951 §3.2.2), bit-reversed for LSB-first output. */
function canonicalCodes(lengths: ArrayLike<number>): Uint16Array {
  const count = new Uint16Array(16);
  for (let s = 0; s < lengths.length; s++) if (lengths[s]) count[lengths[s]!]!++;
  const next = new Uint16Array(17);
  for (let b = 1, code = 0; b <= 15; b++) {
    code = (code + count[b - 1]!) << 1;
    next[b] = code;
  }
  const codes = new Uint16Array(lengths.length);
  for (let s = 0; s < lengths.length; s++) {
    const l = lengths[s]!;
    if (!l) continue;
    let c = next[l]!++;
    let r = 0;
    for (let i = 0; i < l; i++, c >>>= 1) r = (r << 1) | (c & 1);
    codes[s] = r;
  }
  return codes;
}

/**
 * Writes a zlib stream (RFC 1950/1951) from literals and repeated patterns. Use {@link literal} for
 * single bytes and {@link repeat} for runs; {@link finish} returns the stream.
 */
export class RunDeflater {
  private tokens: Uint32Array;
  private n = 0;
  private a = 1;
  private b = 0;
  /** The last four bytes written (h3 the newest), -1 before any. */
  private h0 = -1;
  private h1 = -1;
  private h2 = -1;
  private h3 = -1;

  /** @param sizeHint expected number of tokens (the buffer grows past it). */
  constructor(sizeHint = 1 << 14) {
    this.tokens = new Uint32Array(Math.max(64, sizeHint));
  }

  private token(t: number): void {
    if (this.n === this.tokens.length) {
      const o = new Uint32Array(this.tokens.length * 2);
      o.set(this.tokens);
      this.tokens = o;
    }
    this.tokens[this.n++] = t;
  }

  /** Writes one byte as a literal. */
  literal(v: number): void {
    this.token(v);
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
   * bytes are equal, else at distance 4 (after four literals when the stream does not already end
   * with that pixel).
   */
  repeat(v0: number, v1: number, v2: number, v3: number, count: number): void {
    if (count <= 0) return;
    this.adlerRun(v0, v1, v2, v3, count);
    let n = count * 4;
    if (v0 === v1 && v1 === v2 && v2 === v3) {
      if (this.h3 !== v0) {
        this.token(v0);
        n--;
      }
      this.matches(n, 0, v0, v0, v0, v0);
    } else {
      if (this.h0 !== v0 || this.h1 !== v1 || this.h2 !== v2 || this.h3 !== v3) {
        // the stream does not end with this pixel: its first copy goes as literals
        this.token(v0);
        this.token(v1);
        this.token(v2);
        this.token(v3);
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
  private matches(n: number, dc: number, v0: number, v1: number, v2: number, v3: number): void {
    let phase = 0;
    while (n >= 3) {
      let m = Math.min(n, 258);
      if (n - m > 0 && n - m < 3) m = n - 3;
      this.token(MATCH + m * 4 + dc);
      n -= m;
      phase = (phase + m) & 3;
    }
    for (; n > 0; n--, phase = (phase + 1) & 3) this.token(phase === 0 ? v0 : phase === 1 ? v1 : phase === 2 ? v2 : v3);
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

  /** Writes the block (codes fitted to the tokens) and the Adler-32; returns the zlib stream. */
  finish(): Uint8Array {
    const { tokens, n } = this;
    const litFreq = new Uint32Array(286);
    const distFreq = new Uint32Array(4);
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      if (t < 256) litFreq[t]!++;
      else {
        litFreq[LEN_SYM[(t - MATCH) >> 2]!]!++;
        distFreq[t & 3]!++;
      }
    }
    litFreq[256] = 1; // end of block
    litFreq[0] ||= 1; // at least two literal/length codes, and two distance codes: complete codes
    distFreq[0] ||= 1;
    distFreq[3] ||= 1;
    const litLen = huffmanLengths(litFreq, 15);
    const distLen = huffmanLengths(distFreq, 15);
    const litCodes = canonicalCodes(litLen);
    const distCodes = canonicalCodes(distLen);
    let hlit = 286;
    while (hlit > 257 && !litLen[hlit - 1]) hlit--;
    // code lengths, with runs of zeros as symbols 17 (3–10) and 18 (11–138)
    const seq = [...litLen.subarray(0, hlit), ...distLen];
    const cl: number[] = [];
    for (let i = 0; i < seq.length; ) {
      let z = 0;
      while (seq[i + z] === 0 && z < 138) z++;
      if (z >= 11) cl.push(18, z - 11);
      else if (z >= 3) cl.push(17, z - 3);
      else {
        cl.push(seq[i]!, 0);
        z = 1;
      }
      i += z;
    }
    const clFreq = new Uint32Array(19);
    for (let i = 0; i < cl.length; i += 2) clFreq[cl[i]!]!++;
    const clLen = huffmanLengths(clFreq, 7);
    const clCodes = canonicalCodes(clLen);
    let hclen = 19;
    while (hclen > 4 && !clLen[CL_ORDER[hclen - 1]!]) hclen--;

    // Every token takes at most 3 bytes (a literal ≤ 15 bits; a match ≤ 15 + 5 + 3, four distance
    // symbols giving codes of at most 3 bits), so the output never grows.
    const out = new Uint8Array(n * 3 + 1024);
    let p = 0;
    let bits = 0;
    let nbits = 0;
    const put = (v: number, k: number) => {
      bits |= v << nbits;
      nbits += k;
      while (nbits >= 8) {
        out[p++] = bits & 255;
        bits >>>= 8;
        nbits -= 8;
      }
    };
    out[p++] = 0x78; // deflate, 32 KiB window
    out[p++] = 0x01; // "fastest" level, no dictionary; (0x78 << 8 | 0x01) % 31 === 0
    put(1, 1); // last block
    put(2, 2); // dynamic Huffman codes
    put(hlit - 257, 5);
    put(distLen.length - 1, 5);
    put(hclen - 4, 4);
    for (let i = 0; i < hclen; i++) put(clLen[CL_ORDER[i]!]!, 3);
    for (let i = 0; i < cl.length; i += 2) {
      const s = cl[i]!;
      put(clCodes[s]!, clLen[s]!);
      if (s === 17) put(cl[i + 1]!, 3);
      else if (s === 18) put(cl[i + 1]!, 7);
    }
    // each match token's bits in one piece: length symbol, extra bits, distance symbol
    const mBits = new Uint32Array(259 * 4);
    const mLen = new Uint8Array(259 * 4);
    for (let len = 3; len <= 258; len++) {
      const s = LEN_SYM[len]!;
      const l = litLen[s]!;
      const e = LEN_EXTRA[s - 257]!;
      for (const dc of [0, 3]) {
        mBits[len * 4 + dc] = litCodes[s]! | ((len - LEN_BASE[s - 257]!) << l) | (distCodes[dc]! << (l + e));
        mLen[len * 4 + dc] = l + e + distLen[dc]!;
      }
    }
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      let v: number;
      let k: number;
      if (t < 256) {
        v = litCodes[t]!;
        k = litLen[t]!;
      } else {
        v = mBits[t - MATCH]!;
        k = mLen[t - MATCH]!;
      }
      bits |= v << nbits;
      nbits += k;
      while (nbits >= 8) {
        out[p++] = bits & 255;
        bits >>>= 8;
        nbits -= 8;
      }
    }
    put(litCodes[256]!, litLen[256]!);
    // the last partial byte, zero-padded (a byte more would be read as the Adler-32)
    if (nbits > 0) out[p++] = bits & 255;
    const adler = ((this.b << 16) | this.a) >>> 0;
    out[p++] = adler >>> 24;
    out[p++] = (adler >>> 16) & 255;
    out[p++] = (adler >>> 8) & 255;
    out[p++] = adler & 255;
    return out.slice(0, p);
  }
}
