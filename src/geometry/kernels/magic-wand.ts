// Magic wand: the connected region of similar colour around a clicked pixel (OpenCV floodFill,
// mask only), optionally added to or subtracted from a current selection.
import { DlGeometryError } from '../errors.js';
import type { OpenCv } from '../opencv/load-opencv.js';
import { type CvMat, finite, imageSize, type KernelImage, withImageMat } from './assist-image.js';
import { assertPlacedMask, combinePlacedMasks, emptyPlacedMask, type PlacedMask } from './placed-mask.js';

/** Parameters of {@link magicWand}. */
export interface MagicWandParams {
  /** The clicked pixel (image coordinates; fractions are floored). */
  x: number;
  y: number;
  /**
   * Largest difference per colour channel (0..255) between a pixel of the region and the clicked
   * pixel (`fixedRange`), or its neighbour already in the region (`fixedRange: false`).
   * @default 32
   */
  tolerance?: number;
  /** 4: pixels touch by an edge; 8: by an edge or a corner. @default 4 */
  connectivity?: 4 | 8;
  /**
   * Compare with the clicked pixel's colour (OpenCV `FLOODFILL_FIXED_RANGE`, what image editors' wands
   * do) instead of with the neighbour (which leaks along gradients).
   * @default true
   */
  fixedRange?: boolean;
  /**
   * How the new region combines with `base`: `'replace'` ignores it, `'add'` (Shift) is the union,
   * `'subtract'` (Alt) removes the region from it.
   * @default 'replace'
   */
  mode?: 'replace' | 'add' | 'subtract';
  /** The current selection, for `'add'` / `'subtract'`. */
  base?: PlacedMask | null;
}

/**
 * Scratch memory a caller may keep between calls on the same image: the `(H+2)×(W+2)` flood mask,
 * cleared only where the previous call wrote (zeroing 16 MB for every click on a 4096² image would
 * cost more than many fills). Delete it with {@link disposeWandWorkspace}.
 */
export interface WandWorkspace {
  floodMask: CvMat | null;
  /** The area the last fill wrote, in flood-mask coordinates (to clear before the next fill). */
  dirty: { x: number; y: number; width: number; height: number } | null;
  /**
   * Where the region's bytes are copied out of the flood mask (`bytes` long; its old contents do not
   * matter, every byte is written). A geometry worker hands out memory it already touched: a fresh
   * 11 MB array costs its page faults (~40 ms on the bench machine, more than the copy itself).
   * Absent: a new `Uint8Array`.
   */
  alloc?: ((bytes: number) => Uint8Array) | null;
}

/** A new, empty {@link WandWorkspace}. */
export function createWandWorkspace(): WandWorkspace {
  return { floodMask: null, dirty: null };
}

/** Frees a workspace's OpenCV memory. */
export function disposeWandWorkspace(ws: WandWorkspace): void {
  ws.floodMask?.delete();
  ws.floodMask = null;
  ws.dirty = null;
}

/** Checks {@link MagicWandParams}; returns the seed and the resolved options. */
function resolve(p: MagicWandParams, width: number, height: number) {
  if (!p || typeof p !== 'object') throw new DlGeometryError('invalid-argument', 'magicWand: expected params');
  const x = Math.floor(finite(p.x, 'magicWand.x'));
  const y = Math.floor(finite(p.y, 'magicWand.y'));
  if (x < 0 || y < 0 || x >= width || y >= height)
    throw new DlGeometryError(
      'invalid-argument',
      `magicWand: the point (${p.x}, ${p.y}) is outside the ${width}x${height} image`,
    );
  const tolerance = p.tolerance ?? 32;
  if (!(Number.isFinite(tolerance) && tolerance >= 0 && tolerance <= 255))
    throw new DlGeometryError('invalid-argument', `magicWand.tolerance: expected 0..255, got ${tolerance}`);
  const connectivity = p.connectivity ?? 4;
  if (connectivity !== 4 && connectivity !== 8)
    throw new DlGeometryError('invalid-argument', `magicWand.connectivity: expected 4 or 8, got ${connectivity}`);
  const mode = p.mode ?? 'replace';
  if (mode !== 'replace' && mode !== 'add' && mode !== 'subtract')
    throw new DlGeometryError('invalid-argument', `magicWand.mode: expected replace, add or subtract, got ${mode}`);
  if (mode !== 'replace' && p.base != null) assertPlacedMask(p.base, 'magicWand.base');
  return { x, y, tolerance, connectivity, mode, fixedRange: p.fixedRange ?? true };
}

/**
 * The magic wand: `floodFill` with `FLOODFILL_MASK_ONLY` from the clicked pixel of the BGR image,
 * every channel within `tolerance` (`loDiff = upDiff = tolerance`), then combined with `base` as
 * `mode` says. The region is exactly native OpenCV's
 * `cv2.floodFill(bgr, mask, (x, y), 0, (t,)*3, (t,)*3, connectivity | FLOODFILL_FIXED_RANGE | FLOODFILL_MASK_ONLY | (1 << 8))`
 * (`mask[1:-1, 1:-1]`), pixel for pixel.
 *
 * @example
 * const { cv } = await loadOpenCv();
 * const region = magicWand(cv, { width, height, format: 'rgba', data }, { x: 120, y: 80, tolerance: 24 });
 * const [polygon] = polygonsFromPlacedMask(cv, region);
 */
export function magicWand(
  cv: OpenCv,
  image: KernelImage,
  params: MagicWandParams,
  workspace?: WandWorkspace,
): PlacedMask {
  const { width, height } = imageSize(cv, image);
  const o = resolve(params, width, height);
  const region = withImageMat(cv, image, 'bgr', (bgr) => fill(cv, bgr, o, workspace));
  if (o.mode === 'replace') return region;
  if (!params.base) return o.mode === 'add' ? region : emptyPlacedMask();
  return combinePlacedMasks(params.base, region, o.mode);
}

function fill(cv: OpenCv, bgr: CvMat, o: ReturnType<typeof resolve>, ws: WandWorkspace | undefined): PlacedMask {
  const H = bgr.rows + 2;
  const W = bgr.cols + 2;
  let mask: CvMat;
  if (ws?.floodMask && ws.floodMask.rows === H && ws.floodMask.cols === W) {
    mask = ws.floodMask;
    if (ws.dirty) {
      const d = mask.roi(new cv.Rect(ws.dirty.x, ws.dirty.y, ws.dirty.width, ws.dirty.height));
      d.setTo(new cv.Scalar(0));
      d.delete();
    }
  } else {
    ws?.floodMask?.delete();
    mask = cv.Mat.zeros(H, W, cv.CV_8UC1);
    if (ws) ws.floodMask = mask;
  }
  const t = o.tolerance;
  const rect = new cv.Rect();
  const flags = o.connectivity | cv.FLOODFILL_MASK_ONLY | (o.fixedRange ? cv.FLOODFILL_FIXED_RANGE : 0) | (1 << 8);
  try {
    const filled = cv.floodFill(
      bgr,
      mask,
      new cv.Point(o.x, o.y),
      new cv.Scalar(0),
      rect,
      new cv.Scalar(t, t, t),
      new cv.Scalar(t, t, t),
      flags,
    ) as unknown;
    // The fill writes only inside `rect` (in image coordinates), shifted by the mask's 1-pixel border.
    if (ws) ws.dirty = { x: rect.x + 1, y: rect.y + 1, width: rect.width, height: rect.height };
    if (rect.width <= 0 || rect.height <= 0) return emptyPlacedMask();
    return regionOf(cv, mask, rect, typeof filled === 'number' ? filled : null, ws?.alloc);
  } finally {
    if (!ws) mask.delete();
  }
}

/**
 * The filled region as a {@link PlacedMask}: `rect` (floodFill's) is already the tight box of the
 * filled pixels and floodFill's return value their count, so the rows are copied straight out of the
 * WASM heap into the result (one copy; no boundingRect, intermediate Mat or countNonZero pass, which
 * on a 4096² background region cost about a third of the click).
 */
function regionOf(
  cv: OpenCv,
  mask: CvMat,
  rect: { x: number; y: number; width: number; height: number },
  area: number | null,
  alloc?: ((bytes: number) => Uint8Array) | null,
): PlacedMask {
  const { width, height } = rect;
  const stride = mask.cols; // the flood mask is one continuous allocation (Mat.zeros)
  const heap = mask.data as Uint8Array;
  const data = alloc ? alloc(width * height) : new Uint8Array(width * height);
  if (data.length !== width * height)
    throw new DlGeometryError('invalid-argument', `magicWand: alloc gave ${data.length} bytes, not ${width * height}`);
  for (let j = 0, at = (rect.y + 1) * stride + rect.x + 1; j < height; j++, at += stride)
    data.set(heap.subarray(at, at + width), j * width);
  if (area === null) {
    const inner = mask.roi(new cv.Rect(rect.x + 1, rect.y + 1, width, height));
    area = cv.countNonZero(inner);
    inner.delete();
  }
  return { x: rect.x, y: rect.y, mask: { width, height, data }, area };
}
