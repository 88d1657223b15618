import { encode } from 'fast-png';

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
  return encode({ width, height, channels: 3, depth: 8, data });
}

/** A solid-colour RGB PNG (cheapest possible large image). */
export function solidPng(width: number, height: number, rgb: [number, number, number]): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) {
    data[i] = rgb[0];
    data[i + 1] = rgb[1];
    data[i + 2] = rgb[2];
  }
  return encode({ width, height, channels: 3, depth: 8, data });
}

/**
 * A binary-mask data URL in the platform encoding (spec §1.5): item-sized RGBA PNG, label colour
 * with alpha 255 inside `inside(x, y)`, (0,0,0,0) outside.
 */
export function maskDataUrl(width: number, height: number, rgb: [number, number, number], inside: (x: number, y: number) => boolean): string {
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
  const png = encode({ width, height, channels: 4, depth: 8, data });
  return 'data:image/png;base64,' + Buffer.from(png).toString('base64');
}
