// Masks as RGBA PNGs, fast: a mask is long runs of one value, so each row is encoded run by run
// (run-deflate.ts) straight from the one-byte-per-pixel values and a value → RGBA table; the RGBA
// image and the filtered byte stream are never built. Only the region that holds the mask is read:
// rows and columns outside it are runs of value 0.
import { rgbaPngFile } from './png.js';
import { RunDeflater } from './run-deflate.js';

/** One byte per pixel over a region `(x, y, mask.width × mask.height)` of a larger image. */
export interface MaskRegion {
  x: number;
  y: number;
  mask: { width: number; height: number; data: Uint8Array };
}

/**
 * Encodes a `width × height` RGBA PNG whose pixel is `lut[4v .. 4v+3]` for the mask value `v` at that
 * pixel (0 outside `region`; parts of the region outside the image are dropped). Every row uses
 * filter None. Deterministic: the same input gives the same bytes in Node, workers and pages.
 * `binary: true` promises that every value is 0 or 1: runs are then found with the engine's native
 * search (`indexOf`), several times faster than a scan in JS; other values would be misread.
 *
 * @example
 * const lut = new Uint8Array(256 * 4);
 * lut.set([255, 0, 0, 255], 4); // value 1 → opaque red
 * const png = encodeMaskPng(4096, 4096, { x: 10, y: 20, mask }, lut);
 */
export function encodeMaskPng(
  width: number,
  height: number,
  region: MaskRegion,
  lut: Uint8Array,
  options: { binary?: boolean } = {},
): Uint8Array {
  const e = new MaskRowEncoder(width, height, region, lut, options.binary === true);
  e.rows(height);
  return e.finish();
}

/** Options of {@link encodeMaskPngSliced}. */
export interface SlicedEncodeOptions {
  /** Every value is 0 or 1 (see {@link encodeMaskPng}). */
  binary?: boolean;
  /** Longest stretch of work between two yields, ms. @default 4 */
  sliceMs?: number;
  /** Called between slices; the encode goes on when it resolves. @default a macrotask */
  yieldTo?: () => Promise<void>;
}

/** Rows between two looks at the clock (a row of a 4096-wide mask takes microseconds). */
const ROWS_PER_CHECK = 64;

/**
 * {@link encodeMaskPng} in slices of at most about `sliceMs` of work, awaiting `yieldTo` between them,
 * so that a worker encoding a large mask in the background still answers other messages (a new
 * click) within a slice. The same bytes as {@link encodeMaskPng}.
 *
 * @example
 * const png = await encodeMaskPngSliced(4096, 4096, { x: 10, y: 20, mask }, lut, { sliceMs: 4 });
 */
export async function encodeMaskPngSliced(
  width: number,
  height: number,
  region: MaskRegion,
  lut: Uint8Array,
  options: SlicedEncodeOptions = {},
): Promise<Uint8Array> {
  const sliceMs = options.sliceMs ?? 4;
  const yieldTo = options.yieldTo ?? yieldMacrotask;
  const e = new MaskRowEncoder(width, height, region, lut, options.binary === true);
  let since = performance.now();
  while (e.y < height) {
    if (performance.now() - since > sliceMs) {
      await yieldTo();
      since = performance.now();
    }
    e.rows(ROWS_PER_CHECK);
  }
  if (performance.now() - since > sliceMs) await yieldTo();
  return e.finish();
}

/**
 * Resolves in a new task (a message on a channel: no timer clamping; a timer where there is no
 * MessageChannel): what the sliced encoders await between slices by default.
 */
export function yieldMacrotask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
  return new Promise((r) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      r();
    };
    ch.port2.postMessage(0);
  });
}

/** The rows of a mask PNG, written run by run into a zlib stream, a few rows at a time. */
class MaskRowEncoder {
  /** The next row to write. */
  y = 0;
  private readonly z: RunDeflater;
  private readonly w32: Uint32Array | null;
  private readonly x0: number;
  private readonly x1: number;
  private readonly y0: number;
  private readonly y1: number;

  constructor(
    private readonly width: number,
    private readonly height: number,
    private readonly region: MaskRegion,
    private readonly lut: Uint8Array,
    private readonly binary: boolean,
  ) {
    const { mask } = region;
    const d = mask.data;
    // The region clipped to the image, in image and region coordinates.
    this.x0 = Math.max(0, region.x);
    this.x1 = Math.min(width, region.x + mask.width);
    this.y0 = Math.max(0, region.y);
    this.y1 = Math.min(height, region.y + mask.height);
    this.z = new RunDeflater(Math.max(1 << 12, height * ((width >> 6) + 8)));
    this.w32 = (d.byteOffset & 3) === 0 ? new Uint32Array(d.buffer, d.byteOffset, d.length >> 2) : null;
  }

  /** `count` pixels of value `v`. */
  private run(v: number, count: number): void {
    const o = v * 4;
    const { lut } = this;
    this.z.repeat(lut[o]!, lut[o + 1]!, lut[o + 2]!, lut[o + 3]!, count);
  }

  /** Writes the next `count` rows (fewer at the end). */
  rows(count: number): void {
    const { width, region, z, w32, x0, x1, y0, y1 } = this;
    const rw = region.mask.width;
    const d = region.mask.data;
    const end = Math.min(this.height, this.y + count);
    for (let y = this.y; y < end; y++) {
      z.literal(0); // filter None
      if (y < y0 || y >= y1 || x0 >= x1) {
        this.run(0, width);
        continue;
      }
      let pv = 0;
      let pc = x0;
      const row = (y - region.y) * rw - region.x;
      if (this.binary) {
        // the row's part inside the region: each run ends at the first byte of the other value
        const r = d.subarray(row + x0, row + x1);
        for (let i = 0; i < r.length; ) {
          const v = r[i]!;
          let e = r.indexOf(v ^ 1, i);
          if (e < 0) e = r.length;
          if (v === pv) pc += e - i;
          else {
            if (pc) this.run(pv, pc);
            pv = v;
            pc = e - i;
          }
          i = e;
        }
      } else {
        let pw = 0; // pv in each byte of a word
        for (let x = x0; x < x1; ) {
          const i = row + x;
          // Inside a run, four pixels at a time (an aligned word that repeats the run's value).
          if (w32 && (i & 3) === 0 && x + 4 <= x1 && w32[i >> 2] === pw) {
            pc += 4;
            x += 4;
            continue;
          }
          const v = d[i]!;
          if (v === pv) pc++;
          else {
            if (pc) this.run(pv, pc);
            pv = v;
            pw = v * 0x01010101;
            pc = 1;
          }
          x++;
        }
      }
      if (pv === 0) pc += width - x1;
      else {
        this.run(pv, pc);
        pv = 0;
        pc = width - x1;
      }
      if (pc) this.run(pv, pc);
    }
    this.y = end;
  }

  /** The PNG file, once every row is written. */
  finish(): Uint8Array {
    return rgbaPngFile(this.width, this.height, this.z.finish());
  }
}
