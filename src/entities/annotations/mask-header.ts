// The header of a `binary` annotation's PNG, read from its data URL without decoding the pixels:
// what a reader checks before it allocates anything for a mask someone else wrote.

/** The prefix of every segmentation data URL (the SDK strips exactly its 22 characters). */
export const MASK_DATA_URL_PREFIX = 'data:image/png;base64,';

/**
 * Most pixels a mask may declare when its item's size is unknown (8192 x 8192). With a known
 * item size the mask must be exactly that size instead.
 */
export const MAX_MASK_PIXELS = 8192 * 8192;

/** What a mask PNG's IHDR says. */
export interface MaskHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;
const B64_VALUE: Record<string, number> = Object.fromEntries(
  [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((ch, i) => [ch, i]),
);

/** Decode the first `n` bytes of base64 text (the caller checked the alphabet). */
function base64Head(text: string, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < text.length && o < n; i++) {
    const v = B64_VALUE[text[i]!];
    if (v === undefined) break;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return o === n ? out : out.subarray(0, o);
}

/**
 * Read a mask data URL's PNG header: the `data:image/png;base64,` prefix, base64 text (padding
 * optional), the PNG signature and a first IHDR chunk with a non-zero size of at most
 * {@link MAX_MASK_PIXELS}. Returns the header, or a sentence saying what is wrong. Costs one pass
 * over the text (alphabet) and decodes 33 bytes.
 *
 * @example
 * const h = readMaskHeader(annotation.coordinates);
 * if (typeof h === 'string') throw new Error(h);
 */
export function readMaskHeader(dataUrl: string): MaskHeader | string {
  if (!dataUrl.startsWith(MASK_DATA_URL_PREFIX)) return `not a "${MASK_DATA_URL_PREFIX}..." data URL`;
  return readMaskPayloadHeader(dataUrl.slice(MASK_DATA_URL_PREFIX.length));
}

/**
 * {@link readMaskHeader} of the base64 text after the 22-character prefix (decoders that, as the
 * SDK, strip those characters whatever they are).
 */
export function readMaskPayloadHeader(text: string): MaskHeader | string {
  if (!B64.test(text) || text.length % 4 === 1) return 'the data after the prefix is not base64';
  const b = base64Head(text, 33);
  if (b.length < 33 || SIGNATURE.some((v, i) => b[i] !== v)) return 'the data is not a PNG (no PNG signature)';
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (dv.getUint32(8) !== 13 || String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!) !== 'IHDR')
    return 'the PNG does not start with an IHDR header';
  const width = dv.getUint32(16);
  const height = dv.getUint32(20);
  if (width === 0 || height === 0) return `the PNG declares an empty image (${width}x${height})`;
  if (width * height > MAX_MASK_PIXELS)
    return `the PNG declares ${width}x${height} pixels, more than the ${MAX_MASK_PIXELS} a mask may have`;
  return { width, height, bitDepth: b[24]!, colorType: b[25]!, interlace: b[28]! };
}

/**
 * Check a mask header against its item's size: a mask covers the whole item, so a known item
 * size must match exactly. Returns a sentence when it does not, else `undefined`.
 */
export function maskSizeProblem(
  header: MaskHeader,
  item: { width: number | null; height: number | null },
): string | undefined {
  if (item.width === null || item.height === null) return undefined;
  if (header.width === item.width && header.height === item.height) return undefined;
  return `the mask is ${header.width}x${header.height}, its item ${item.width}x${item.height}`;
}
