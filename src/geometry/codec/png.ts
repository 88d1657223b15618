// Minimal PNG paths for Dataloop masks, on fflate (pure JS, so Node and workers give the same bytes).
// fast-png spends ~5x longer than inflate itself on a 4096² RGBA mask; this reads 8-bit RGBA / grey+alpha,
// non-interlaced PNGs (what Dataloop, Pillow and cv2 write) directly, and leaves everything else to fast-png.
import { unzlibSync, zlibSync } from 'fflate';
import { crc32 } from './crc32.js';
import { unfilter } from './png-filter.js';

/** The eight bytes every PNG starts with. */
export const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/** An 8-bit image with 2 (grey+alpha) or 4 (RGBA) interleaved channels. */
export interface AlphaImage {
  width: number;
  height: number;
  channels: 2 | 4;
  data: Uint8Array;
}

/**
 * Decodes a non-interlaced 8-bit RGBA or grey+alpha PNG; returns `null` for any other kind (the caller
 * falls back to a general decoder). Throws on a malformed file.
 */
export function decodeAlphaPng(bytes: Uint8Array): AlphaImage | null {
  for (let i = 0; i < 8; i++) if (bytes[i] !== PNG_SIGNATURE[i]) throw new Error('not a PNG signature');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 8;
  let width = 0;
  let height = 0;
  let channels: 2 | 4 = 4;
  const idat: Uint8Array[] = [];
  let idatLen = 0;
  let sawHeader = false;
  while (p + 8 <= bytes.length) {
    const len = dv.getUint32(p);
    const type = String.fromCharCode(bytes[p + 4]!, bytes[p + 5]!, bytes[p + 6]!, bytes[p + 7]!);
    const body = p + 8;
    if (body + len + 4 > bytes.length) throw new Error(`truncated ${type} chunk`);
    if (type === 'IHDR') {
      width = dv.getUint32(body);
      height = dv.getUint32(body + 4);
      const depth = bytes[body + 8]!;
      const colorType = bytes[body + 9]!;
      const interlace = bytes[body + 12]!;
      if (depth !== 8 || interlace !== 0 || (colorType !== 6 && colorType !== 4)) return null;
      channels = colorType === 6 ? 4 : 2;
      sawHeader = true;
    } else if (type === 'IDAT') {
      idat.push(bytes.subarray(body, body + len));
      idatLen += len;
    } else if (type === 'IEND') break;
    p = body + len + 4;
  }
  if (!sawHeader) throw new Error('no IHDR chunk');
  if (!idat.length) throw new Error('no IDAT chunk');
  const z = idat.length === 1 ? idat[0]! : new Uint8Array(idatLen);
  if (idat.length > 1) {
    let o = 0;
    for (const c of idat) {
      z.set(c, o);
      o += c.length;
    }
  }
  const stride = width * channels;
  const raw = unzlibSync(z, { out: new Uint8Array((stride + 1) * height) });
  if (raw.length < (stride + 1) * height) throw new Error('image data is shorter than the header says');
  return { width, height, channels, data: unfilter(raw, height, stride, channels) };
}

/**
 * Encodes 8-bit RGBA as a PNG: filter None on every row, zlib level 6 (fflate). Deterministic: the
 * same pixels give the same bytes in Node, workers and pages.
 */
export function encodeRgbaPng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const stride = width * 4;
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return rgbaPngFile(width, height, zlibSync(raw, { level: 6 }));
}

/**
 * A non-interlaced 8-bit RGBA PNG file around `z`, the zlib stream of its filtered rows: signature,
 * IHDR, one IDAT, IEND.
 */
export function rgbaPngFile(width: number, height: number, z: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + 25 + 12 + z.length + 12);
  const dv = new DataView(out.buffer);
  out.set(PNG_SIGNATURE, 0);
  let p = 8;
  const chunk = (type: string, body: Uint8Array | null, len: number, write?: (o: number) => void) => {
    dv.setUint32(p, len);
    for (let i = 0; i < 4; i++) out[p + 4 + i] = type.charCodeAt(i);
    if (body) out.set(body, p + 8);
    else write?.(p + 8);
    dv.setUint32(p + 8 + len, crc32(out, p + 4, p + 8 + len));
    p += 12 + len;
  };
  chunk('IHDR', null, 13, (o) => {
    dv.setUint32(o, width);
    dv.setUint32(o + 4, height);
    out[o + 8] = 8; // bit depth
    out[o + 9] = 6; // RGBA
    out[o + 10] = 0;
    out[o + 11] = 0;
    out[o + 12] = 0; // no interlace
  });
  chunk('IDAT', z, z.length);
  chunk('IEND', null, 0);
  return out;
}
