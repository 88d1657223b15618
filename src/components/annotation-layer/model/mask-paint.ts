// The colour paint of a 0/1 mask, shared by the page's MaskRaster and the tile worker (which makes an
// assisted tool's full-resolution paint from the bytes the page sends it): one definition, so both
// paint the same pixels.

/** One ImageData pixel (`r`, `g`, `b`, `a`, 0..255) as the uint32 a `Uint32Array` view of its data holds. */
export function packRgba(r: number, g: number, b: number, a: number): number {
  return new Uint32Array(new Uint8ClampedArray([r, g, b, a]).buffer)[0]!;
}

/**
 * Paints rows `y` .. `y + h` of a `width`-wide canvas from the 0/1 bytes of `bytes` starting at
 * `offset` (row by row, `width` a row): `rgba` ({@link packRgba}) where a byte is set, transparent
 * elsewhere; every pixel of those rows is written.
 */
export function paintMaskRows(
  ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D,
  bytes: Uint8Array,
  offset: number,
  width: number,
  y: number,
  h: number,
  rgba: number,
): void {
  const img = ctx.createImageData(width, h);
  const px = new Uint32Array(img.data.buffer);
  for (let i = 0, o = offset; i < px.length; i++, o++) if (bytes[o]) px[i] = rgba;
  ctx.putImageData(img, 0, y);
}
