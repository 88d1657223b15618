import zlib from 'node:zlib';

/**
 * A cheap synthetic RGB PNG: a diagonal gradient tinted by `seed`, with a darker rectangle in the
 * middle so thumbnails and annotations have something to show. Large sizes stay cheap because
 * rows repeat a pattern that deflates well.
 */
export function gradientPng(width: number, height: number, seed = 0): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  const r0 = (seed * 67) % 256;
  const g0 = (seed * 131 + 80) % 256;
  for (let y = 0; y < height; y++) {
    const inY = y > height / 3 && y < (2 * height) / 3;
    const gy = Math.floor((y * 255) / Math.max(1, height - 1));
    let o = y * width * 3;
    for (let x = 0; x < width; x++) {
      const inside = inY && x > width / 3 && x < (2 * width) / 3;
      const gx = Math.floor((x * 255) / Math.max(1, width - 1));
      data[o++] = inside ? r0 >> 1 : (r0 + gx) & 255;
      data[o++] = inside ? g0 >> 1 : (g0 + gy) & 255;
      data[o++] = inside ? 40 : (gx + gy) >> 1;
    }
  }
  return encodePngNative(width, height, 3, data);
}

/** A solid-colour RGB PNG (cheapest possible large image). */
export function solidPng(width: number, height: number, rgb: [number, number, number]): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) {
    data[i] = rgb[0];
    data[i + 1] = rgb[1];
    data[i + 2] = rgb[2];
  }
  return encodePngNative(width, height, 3, data);
}

/**
 * A binary-mask data URL in the platform encoding (spec §1.5): item-sized RGBA PNG, label colour
 * with alpha 255 inside `inside(x, y)`, (0,0,0,0) outside.
 */
export function maskDataUrl(
  width: number,
  height: number,
  rgb: [number, number, number],
  inside: (x: number, y: number) => boolean,
): string {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!inside(x, y)) continue;
      const o = (y * width + x) * 4;
      data[o] = rgb[0];
      data[o + 1] = rgb[1];
      data[o + 2] = rgb[2];
      data[o + 3] = 255;
    }
  }
  const png = encodePngNative(width, height, 4, data);
  return 'data:image/png;base64,' + Buffer.from(png).toString('base64');
}

/**
 * PNG encoder for big synthetic images: 8-bit RGB rows from `row(y, out)`, filter "none",
 * deflated by Node's native zlib (fast-png's pure-JS deflate takes ~10 s for 8000x6000).
 */
export function encodeRgbPngNative(
  width: number,
  height: number,
  row: (y: number, out: Uint8Array) => void,
  channels: 3 | 4 = 3,
): Uint8Array {
  const stride = width * channels + 1;
  const raw = Buffer.alloc(stride * height);
  const line = new Uint8Array(width * channels);
  for (let y = 0; y < height; y++) {
    row(y, line);
    raw[y * stride] = 0;
    raw.set(line, y * stride + 1);
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = channels === 4 ? 6 : 2; // RGBA or RGB
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const idat = zlib.deflateSync(raw, { level: 1 });
  return new Uint8Array(Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]));
}

/** A large gradient PNG made with {@link encodeRgbPngNative}. */
export function largeGradientPng(width: number, height: number): Uint8Array {
  return encodeRgbPngNative(width, height, (y, out) => {
    const gy = Math.floor((y * 255) / Math.max(1, height - 1));
    for (let x = 0, o = 0; x < width; x++) {
      const gx = Math.floor((x * 255) / Math.max(1, width - 1));
      out[o++] = gx;
      out[o++] = gy;
      out[o++] = ((x >> 6) + (y >> 6)) & 1 ? 200 : 60; // 64-px checker so zoom is visible
    }
  });
}

/** Encode 8-bit RGB or RGBA pixels as PNG with native zlib. */
export function encodePngNative(width: number, height: number, channels: 3 | 4, data: Uint8Array): Uint8Array {
  const stride = width * channels;
  return encodeRgbPngNative(width, height, (y, out) => out.set(data.subarray(y * stride, (y + 1) * stride)), channels);
}
