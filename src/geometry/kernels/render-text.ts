// The text label dtlpy draws for `text_mark` and `ref_image` annotations in renders (spec §3.6):
// `BaseAnnotationDefinition.add_text_to_image`.
import { roundHalfEven } from '../../entities/rounding.js';
import type { OpenCv } from '../opencv/load-opencv.js';
import type { CvMat } from './assist-image.js';

/** The annotation fields the text label reads. */
export interface TextLabelSource {
  type: string;
  label?: string | null;
  coordinates?: unknown;
  metadata?: { system?: { attributes?: unknown } | null } | null;
}

/** True for the types whose render is a text label. */
export function drawsTextLabel(type: string): boolean {
  return type === 'text_mark' || type === 'ref_image';
}

/**
 * The label text: `"<label>-<attribute keys joined by ','>"`. The SDK joins the definition's
 * attributes, which it reads from `metadata.system.attributes` (a dict: Python iterates its keys;
 * anything else counts as none).
 */
export function textLabel(a: TextLabelSource): string {
  const attrs = a.metadata?.system?.attributes;
  const keys = attrs && typeof attrs === 'object' && !Array.isArray(attrs) ? Object.keys(attrs) : [];
  return `${a.label == null ? 'None' : String(a.label)}-${keys.join(',')}`;
}

function coord(c: unknown, k: 'top' | 'left'): number {
  const v = (c as Record<string, unknown> | null)?.[k];
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/**
 * Draws the label as the SDK does: `cv2.putText(text, org=(round(left), round(top)), color=(255, 0, 0),
 * FONT_HERSHEY_DUPLEX, fontScale 1, thickness 2)` straight onto the canvas (no opacity blending, the
 * colour is fixed: on an RGBA canvas that is `(255, 0, 0, 0)`, on a one-channel canvas 255). `top`
 * and `left` are the `text_mark` coordinates' `top`/`left` (a `ref_image` has none); a missing or zero
 * value becomes a tenth of the canvas height / width. Characters outside ASCII draw as `?` (OpenCV's
 * Hershey fonts), on both sides.
 */
export function drawTextLabel(cv: OpenCv, img: CvMat, a: TextLabelSource): void {
  let top = a.type === 'text_mark' ? coord(a.coordinates, 'top') : 0;
  let left = a.type === 'text_mark' ? coord(a.coordinates, 'left') : 0;
  if (top === 0) top = img.rows / 10;
  if (left === 0) left = img.cols / 10;
  cv.putText(
    img,
    textLabel(a),
    new cv.Point(roundHalfEven(left), roundHalfEven(top)),
    cv.FONT_HERSHEY_DUPLEX,
    1,
    new cv.Scalar(255, 0, 0, 0),
    2,
  );
}
