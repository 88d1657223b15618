// The pixels the assisted tools (magic wand, GrabCut, scissors, watershed, tracking) work on, and their
// conversion to OpenCV matrices. The tools run on 3-channel BGR (OpenCV's own channel order, so that
// colour conversions inside OpenCV weigh red and blue correctly) or, for tracking, 1-channel grey.
import { DlGeometryError } from '../errors.js';
import type { OpenCv } from '../opencv/load-opencv.js';

/** An OpenCV.js matrix. */
export type CvMat = InstanceType<OpenCv['Mat']>;

/** Channel layout of an {@link AssistImage}. */
export type AssistPixelFormat = 'rgba' | 'rgb' | 'bgr' | 'gray';

/**
 * An image as typed-array pixels, row-major, no padding: `data.length === width * height * channels`
 * (`rgba` 4 — the layout of `ImageData` — `rgb`/`bgr` 3, `gray` 1).
 */
export interface AssistImage {
  width: number;
  height: number;
  format: AssistPixelFormat;
  data: Uint8Array | Uint8ClampedArray;
}

/** An integer pixel rectangle: columns `x .. x + width - 1`, rows `y .. y + height - 1`. */
export interface PixelRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What a kernel accepts: typed-array pixels, or a matrix already in the kernel's layout (kept, not deleted). */
export type KernelImage = AssistImage | CvMat;

const CHANNELS: Record<AssistPixelFormat, number> = { rgba: 4, rgb: 3, bgr: 3, gray: 1 };

/** Throws `invalid-argument` unless `img` is a well-formed {@link AssistImage}. */
export function assertAssistImage(img: unknown, what = 'image'): asserts img is AssistImage {
  const m = img as Partial<AssistImage> | null;
  if (!m || typeof m !== 'object') throw new DlGeometryError('invalid-argument', `${what}: expected an image object`);
  const { width, height, format, data } = m;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width! <= 0 || height! <= 0)
    throw new DlGeometryError(
      'invalid-argument',
      `${what}: width and height must be positive integers, got ${width}x${height}`,
    );
  if (!format || !(format in CHANNELS))
    throw new DlGeometryError('invalid-argument', `${what}.format: expected rgba, rgb, bgr or gray, got ${format}`);
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray))
    throw new DlGeometryError('invalid-argument', `${what}.data: expected a Uint8Array or Uint8ClampedArray`);
  const want = width! * height! * CHANNELS[format];
  if (data.length !== want)
    throw new DlGeometryError(
      'invalid-argument',
      `${what}.data: length ${data.length} does not match ${width}x${height} ${format} = ${want}`,
    );
}

function isMat(cv: OpenCv, img: unknown): img is CvMat {
  return img instanceof cv.Mat;
}

/**
 * The image as a matrix of the wanted layout (`bgr`: CV_8UC3, `gray`: CV_8UC1). A matrix passed in
 * that already has it is returned as is (`owned: false`); anything else is converted into a new
 * matrix the caller deletes (`owned: true`).
 */
export function imageToMat(cv: OpenCv, img: KernelImage, want: 'bgr' | 'gray'): { mat: CvMat; owned: boolean } {
  const type = want === 'bgr' ? cv.CV_8UC3 : cv.CV_8UC1;
  if (isMat(cv, img)) {
    if (img.type() === type) return { mat: img, owned: false };
    const out = new cv.Mat();
    const ch = img.channels();
    const code =
      want === 'gray'
        ? ch === 3
          ? cv.COLOR_BGR2GRAY
          : cv.COLOR_BGRA2GRAY
        : ch === 1
          ? cv.COLOR_GRAY2BGR
          : cv.COLOR_BGRA2BGR;
    cv.cvtColor(img, out, code);
    return { mat: out, owned: true };
  }
  assertAssistImage(img);
  const { width, height, format, data } = img;
  const src = new cv.Mat(height, width, format === 'rgba' ? cv.CV_8UC4 : format === 'gray' ? cv.CV_8UC1 : cv.CV_8UC3);
  src.data.set(data);
  if ((format === 'bgr' && want === 'bgr') || (format === 'gray' && want === 'gray')) return { mat: src, owned: true };
  const code = {
    rgba: { bgr: cv.COLOR_RGBA2BGR, gray: cv.COLOR_RGBA2GRAY },
    rgb: { bgr: cv.COLOR_RGB2BGR, gray: cv.COLOR_RGB2GRAY },
    bgr: { bgr: -1, gray: cv.COLOR_BGR2GRAY },
    gray: { bgr: cv.COLOR_GRAY2BGR, gray: -1 },
  }[format][want];
  const out = new cv.Mat();
  try {
    cv.cvtColor(src, out, code);
  } finally {
    src.delete();
  }
  return { mat: out, owned: true };
}

/** Runs `f` with the image as a matrix of the wanted layout, deleting a converted copy afterwards. */
export function withImageMat<T>(cv: OpenCv, img: KernelImage, want: 'bgr' | 'gray', f: (mat: CvMat) => T): T {
  const { mat, owned } = imageToMat(cv, img, want);
  try {
    return f(mat);
  } finally {
    if (owned) mat.delete();
  }
}

/** Width and height of a kernel image. */
export function imageSize(cv: OpenCv, img: KernelImage): { width: number; height: number } {
  if (isMat(cv, img)) return { width: img.cols, height: img.rows };
  return { width: img.width, height: img.height };
}

/** Throws unless `v` is a finite number; returns it. */
export function finite(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new DlGeometryError('invalid-argument', `${what}: expected a finite number, got ${String(v)}`);
  return v;
}

/**
 * A rectangle given as `{x, y, width, height}` in image pixels, rounded to whole pixels and clipped to
 * the image. Throws `invalid-argument` when it is malformed or lies outside the image.
 */
export function clipRegion(r: unknown, width: number, height: number, what: string): PixelRegion {
  const o = r as Partial<PixelRegion> | null;
  if (!o || typeof o !== 'object')
    throw new DlGeometryError('invalid-argument', `${what}: expected {x, y, width, height}`);
  const x0 = Math.floor(finite(o.x, `${what}.x`));
  const y0 = Math.floor(finite(o.y, `${what}.y`));
  const x1 = Math.ceil(finite(o.x, `${what}.x`) + finite(o.width, `${what}.width`));
  const y1 = Math.ceil(finite(o.y, `${what}.y`) + finite(o.height, `${what}.height`));
  const cx0 = Math.max(0, x0);
  const cy0 = Math.max(0, y0);
  const cx1 = Math.min(width, x1);
  const cy1 = Math.min(height, y1);
  if (cx1 <= cx0 || cy1 <= cy0)
    throw new DlGeometryError(
      'invalid-argument',
      `${what}: [${o.x}, ${o.y}, ${o.width}x${o.height}] has no pixels inside the ${width}x${height} image`,
    );
  return { x: cx0, y: cy0, width: cx1 - cx0, height: cy1 - cy0 };
}

/**
 * Draws a user stroke into a label or marker mask with `value`: one point is a filled dot of `radius`,
 * more points a polyline of `thickness` (LINE_8, as the native reference scripts draw). `pts` is flat
 * `[x0, y0, x1, y1, ...]` in the mask's pixels.
 */
export function drawStroke(
  cv: OpenCv,
  m: CvMat,
  value: number,
  pts: readonly number[],
  radius: number,
  thickness: number,
): void {
  const v = new cv.Scalar(value);
  if (pts.length === 2) {
    cv.circle(m, new cv.Point(pts[0]!, pts[1]!), radius, v, -1, cv.LINE_8);
    return;
  }
  for (let k = 2; k < pts.length; k += 2)
    cv.line(m, new cv.Point(pts[k - 2]!, pts[k - 1]!), new cv.Point(pts[k]!, pts[k + 1]!), v, thickness, cv.LINE_8);
}
