/** What the header of an image file says. */
export interface ImageInfo {
  mimetype: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
  width: number;
  height: number;
}

const u16be = (b: Uint8Array, o: number) => (b[o]! << 8) | b[o + 1]!;
const u16le = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u24le = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16);
const u32be = (b: Uint8Array, o: number) => ((b[o]! << 24) >>> 0) + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);

/**
 * Read the type and pixel size of a PNG, JPEG, GIF or WebP from its header bytes (no decoding,
 * no native libraries). Returns `undefined` for anything else or a truncated header.
 */
export function readImageInfo(b: Uint8Array): ImageInfo | undefined {
  // PNG: signature, then IHDR width/height big-endian at 16/20.
  if (
    b.length >= 24 &&
    b[0] === 0x89 &&
    b[1] === 0x50 &&
    b[2] === 0x4e &&
    b[3] === 0x47 &&
    b[12] === 0x49 &&
    b[13] === 0x48
  ) {
    return { mimetype: 'image/png', width: u32be(b, 16), height: u32be(b, 20) };
  }
  // GIF87a/GIF89a: logical screen size little-endian at 6/8.
  if (b.length >= 10 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38) {
    return { mimetype: 'image/gif', width: u16le(b, 6), height: u16le(b, 8) };
  }
  // WebP: RIFF....WEBP then VP8 / VP8L / VP8X chunk.
  if (
    b.length >= 30 &&
    b[0] === 0x52 &&
    b[1] === 0x49 &&
    b[2] === 0x46 &&
    b[3] === 0x46 &&
    b[8] === 0x57 &&
    b[9] === 0x45 &&
    b[10] === 0x42 &&
    b[11] === 0x50
  ) {
    const chunk = String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!);
    if (chunk === 'VP8 ')
      return { mimetype: 'image/webp', width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
    if (chunk === 'VP8L') {
      const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
      return { mimetype: 'image/webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    if (chunk === 'VP8X') return { mimetype: 'image/webp', width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
    return undefined;
  }
  // JPEG: walk markers to the first SOFn (C0..CF except C4 DHT, C8 JPG, CC DAC).
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    let o = 2;
    while (o + 9 < b.length) {
      if (b[o] !== 0xff) return undefined;
      const marker = b[o + 1]!;
      if (marker === 0xff) {
        o++;
        continue;
      }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        o += 2;
        continue;
      }
      const len = u16be(b, o + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { mimetype: 'image/jpeg', height: u16be(b, o + 5), width: u16be(b, o + 7) };
      }
      if (len < 2) return undefined;
      o += 2 + len;
    }
    return undefined;
  }
  return undefined;
}
