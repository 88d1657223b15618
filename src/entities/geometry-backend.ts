// The seam between the pure entity model and OpenCV. Entities never import OpenCV or workers:
// the geometry layer registers a backend (in-process OpenCV in Node, the geometry worker in browsers)
// and the entity-level calls (`Polygon.fromSegmentation`, `Box.fromSegmentation`,
// `Segmentation.fromPolygon`, ...) go through it.
import { DlError } from './errors.js';

/** A binary or label mask: one byte per pixel, row-major, `data.length === width * height`. */
export interface Mask {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A vertex in image coordinates (x = column, y = row). */
export interface XY {
  x: number;
  y: number;
}

/** Options of `Polygon.fromSegmentation` (SDK: `epsilon`, `max_instances`, `min_area`). */
export interface FromSegmentationOptions {
  /** approxPolyDP epsilon; default `0.0005 * arcLength` of the largest contour, reused for all. */
  epsilon?: number;
  /** How many polygons at most, largest first; `null` = all. @default 1 */
  maxInstances?: number | null;
  /** Keep contours with area strictly greater than this. @default 0 */
  minArea?: number;
  /** Opt-in: return outer rings with their holes instead of SDK-style separate polygons. @default false */
  holes?: boolean;
  /** Cancels the call (worker backends). */
  signal?: AbortSignal;
  /** See {@link EncodeSegmentationOptions.transferMask}. @default false */
  transferMask?: boolean;
}

/** What the geometry layer provides to the entities. All calls are async so a worker can serve them. */
export interface GeometryBackend {
  /**
   * Polygons from a mask exactly as dtlpy's `Polygon.from_segmentation`. Each polygon is a list of
   * rings; without `holes` every polygon has exactly one ring.
   */
  polygonsFromSegmentation(mask: Mask, options?: FromSegmentationOptions): Promise<XY[][][]>;
  /** Boxes (min/max of the approximated polygons, all contours) as dtlpy's `Box.from_segmentation`. */
  boxesFromSegmentation(
    mask: Mask,
    options?: { signal?: AbortSignal; transferMask?: boolean },
  ): Promise<Array<{ left: number; top: number; right: number; bottom: number }>>;
  /** Filled polygon mask (`drawContours`, thickness -1, vertices truncated) as dtlpy's `Segmentation.from_polygon`. */
  maskFromPolygon(points: XY[], height: number, width: number, options?: { signal?: AbortSignal }): Promise<Mask>;
  /** Decode a `data:image/png;base64,` segmentation: mask = alpha > 127, colour = first non-zero pixel (RGBA). */
  decodeSegmentation(
    dataUrl: string,
    options?: { signal?: AbortSignal },
  ): Promise<{ mask: Mask; color: [number, number, number, number] | null }>;
  /** Encode a mask with an RGB colour to the RGBA PNG data URL Dataloop stores. */
  encodeSegmentation(mask: Mask, color: [number, number, number], options?: EncodeSegmentationOptions): Promise<string>;
  /**
   * One 0/1 mask per label of an instance mask, as dtlpy's `AnnotationCollection.from_instance_mask`
   * (spec §3.4): for each `[label, id]` in order, `mask == id`; labels whose id does not occur are
   * skipped, ids not listed are ignored, 0 is not special. Optional so that backends written before it
   * still type-check; both dl-kit backends implement it.
   */
  masksFromInstanceMask?(
    mask: Mask,
    instanceMap: ReadonlyArray<readonly [string, number]>,
    options?: { signal?: AbortSignal },
  ): Promise<Array<{ label: string; mask: Mask }>>;
}

/** Options of {@link GeometryBackend.encodeSegmentation}. */
export interface EncodeSegmentationOptions {
  signal?: AbortSignal;
  /**
   * The caller gives up `mask.data`: a worker backend may transfer its buffer instead of copying it
   * (the caller's array is detached afterwards). Only when `data` spans its whole buffer. Without it a
   * worker backend copies the mask in slices between which the page's event loop runs, so a large mask
   * does not block the main thread; do not change the mask until the call settles.
   * @default false
   */
  transferMask?: boolean;
}

let backend: GeometryBackend | null = null;

/** Registers the geometry backend (done by the geometry layer when `dl-kit` is imported). */
export function setGeometryBackend(b: GeometryBackend | null): void {
  backend = b;
}

/** The registered backend, or a clear error when none is. */
export function getGeometryBackend(): GeometryBackend {
  if (!backend) {
    throw new DlError(
      'No geometry backend is registered: import from "dl-kit" (which registers OpenCV in Node or the geometry worker in browsers), or call setGeometryBackend().',
    );
  }
  return backend;
}
