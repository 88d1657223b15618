// PNG files built chunk by chunk for tests of hostile masks: any header, any image data.
import { zlibSync } from 'fflate';
import { crc32 } from '../../../geometry/codec/crc32.js';

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  dv.setUint32(8 + body.length, crc32(out, 4, 8 + body.length));
  return out;
}

/** What {@link rawPng} writes. */
export interface RawPngSpec {
  width: number;
  height: number;
  /** @default 8 */
  bitDepth?: number;
  /** @default 6 (RGBA) */
  colorType?: number;
  /** The zlib stream of the IDAT chunk. @default the zlib of `(1 + width*4) * height` zero bytes */
  idat?: Uint8Array;
  /** Leave out IEND (a cut file). */
  noEnd?: boolean;
}

/** A PNG file with exactly this header and image data (CRCs correct, content not checked). */
export function rawPng(spec: RawPngSpec): Uint8Array {
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, spec.width);
  dv.setUint32(4, spec.height);
  ihdr[8] = spec.bitDepth ?? 8;
  ihdr[9] = spec.colorType ?? 6;
  const idat = spec.idat ?? zlibSync(new Uint8Array((1 + spec.width * 4) * spec.height));
  const parts = [
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    ...(spec.noEnd ? [] : [chunk('IEND', new Uint8Array(0))]),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** `data:image/png;base64,...` of some bytes. */
export function pngDataUrl(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:image/png;base64,${btoa(s)}`;
}
