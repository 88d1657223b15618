import zlib from 'node:zlib';
import { unfilterRow } from '../../src/geometry/codec/png-filter.js';

/** Decoded 8-bit pixels. */
export interface RawImage {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

interface PngHeader {
  width: number;
  height: number;
  ch: number;
  idat: Buffer;
}

/** Chunks of an 8-bit, non-interlaced PNG, or `undefined` for any other kind. */
function readPngChunks(buf: Uint8Array): PngHeader | undefined {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < 33 || b.readUInt32BE(0) !== 0x89504e47) return undefined;
  let o = 8;
  let width = 0,
    height = 0,
    depth = 0,
    colorType = -1,
    interlace = 0;
  const idat: Buffer[] = [];
  while (o + 8 <= b.length) {
    const len = b.readUInt32BE(o);
    const type = b.toString('latin1', o + 4, o + 8);
    const data = b.subarray(o + 8, o + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      depth = data[8]!;
      colorType = data[9]!;
      interlace = data[12]!;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    o += 12 + len;
  }
  const ch = CHANNELS[colorType];
  if (depth !== 8 || !ch || interlace !== 0 || !width || !height) return undefined;
  return { width, height, ch, idat: Buffer.concat(idat) };
}

// One big output chunk: the default 16 KiB chunks make inflating 100+ MB about twice as slow.
const inflateOptions = (h: PngHeader) => ({
  chunkSize: Math.min(64 << 20, Math.max(1 << 16, (h.width * h.ch + 1) * h.height)),
});

/** Undo the PNG row filters into `out`, yielding every 128 rows. */
function* unfilter(
  raw: Buffer,
  out: Uint8Array,
  width: number,
  height: number,
  ch: number,
): Generator<void, void, void> {
  for (let y = 0; y < height; y++) {
    unfilterRow(raw, out, y, width * ch, ch);
    if ((y & 127) === 127) yield;
  }
}

/**
 * Decode the common PNG case (8-bit grey/RGB/grey-alpha/RGBA, not interlaced) with Node's native
 * inflate; returns `undefined` for anything else so the caller can fall back to fast-png.
 * About 5x faster than fast-png on large images.
 */
export function decodePngNative(buf: Uint8Array): RawImage | undefined {
  const h = readPngChunks(buf);
  if (!h) return undefined;
  const raw = zlib.inflateSync(h.idat, inflateOptions(h));
  if (raw.length < (h.width * h.ch + 1) * h.height) return undefined;
  const out = new Uint8Array(h.width * h.ch * h.height);
  try {
    for (const _ of unfilter(raw, out, h.width, h.height, h.ch));
  } catch {
    return undefined;
  }
  return { width: h.width, height: h.height, channels: h.ch, data: out };
}

const inflateAsync = (b: Buffer, o: zlib.ZlibOptions) =>
  new Promise<Buffer>((resolve, reject) => zlib.inflate(b, o, (e, r) => (e ? reject(e) : resolve(r))));

/**
 * {@link decodePngNative} without blocking the server: inflate runs on libuv's thread pool and
 * the row filters yield to the event loop every 128 rows.
 */
export async function decodePngNativeAsync(buf: Uint8Array): Promise<RawImage | undefined> {
  const h = readPngChunks(buf);
  if (!h) return undefined;
  const raw = await inflateAsync(h.idat, inflateOptions(h));
  if (raw.length < (h.width * h.ch + 1) * h.height) return undefined;
  const out = new Uint8Array(h.width * h.ch * h.height);
  try {
    for (const _ of unfilter(raw, out, h.width, h.height, h.ch)) await new Promise((r) => setImmediate(r));
  } catch {
    return undefined;
  }
  return { width: h.width, height: h.height, channels: h.ch, data: out };
}
