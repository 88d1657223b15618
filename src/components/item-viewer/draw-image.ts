// Drawing a decoded image (tiles of the full resolution plus mip levels) for a view: only the
// visible part, from the smallest level still at or above screen resolution. Kept apart from
// item-viewer.ts because it is the viewer's one piece of raster logic and reads nothing else of it.
import type { DlView } from '../internal/view.js';
import type { DecodedImage } from './image-source.js';

/**
 * Internal: draws the part of `img` visible in a `width` × `height` CSS px viewport under view `v`.
 * `ctx` already has the view transform; `s` is its scale in device pixels (view scale × dpr).
 */
export function drawDecodedImage(
  ctx: CanvasRenderingContext2D,
  img: DecodedImage,
  v: DlView,
  s: number,
  width: number,
  height: number,
): void {
  // The smallest mip level still at or above screen resolution (downscale at most 2x).
  const level = Math.min(img.mips.length, Math.max(0, Math.floor(-Math.log2(s))));
  const x0 = Math.max(0, -v.x / v.scale);
  const y0 = Math.max(0, -v.y / v.scale);
  const x1 = Math.min(img.width, x0 + width / v.scale + 1);
  const y1 = Math.min(img.height, y0 + height / v.scale + 1);
  if (!(x1 > x0 && y1 > y0)) return;
  if (level > 0) {
    const m = img.mips[level - 1];
    const k = m.width / img.width;
    // Only the visible part of the source: software raster cost follows what is drawn.
    const sx = Math.floor(x0 * k);
    const sy = Math.floor(y0 * k);
    const sw = Math.min(m.width - sx, Math.ceil(x1 * k) - sx + 1);
    const sh = Math.min(m.height - sy, Math.ceil(y1 * k) - sy + 1);
    ctx.drawImage(m, sx, sy, sw, sh, sx / k, sy / k, sw / k, sh / k);
  } else
    for (const t of img.tiles) {
      const ix0 = Math.max(t.x, Math.floor(x0));
      const iy0 = Math.max(t.y, Math.floor(y0));
      const ix1 = Math.min(t.x + t.width, Math.ceil(x1));
      const iy1 = Math.min(t.y + t.height, Math.ceil(y1));
      if (ix1 > ix0 && iy1 > iy0)
        ctx.drawImage(t.bitmap, ix0 - t.x, iy0 - t.y, ix1 - ix0, iy1 - iy0, ix0, iy0, ix1 - ix0, iy1 - iy0);
    }
}
