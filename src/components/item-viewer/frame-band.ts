// One frame converted by two workers (frame-converter.ts, frame-convert.worker.ts): which output rows
// each converts, and which part of the stored frame those rows are drawn from.
import type { FrameRotation } from './frame-rotation.js';

/** Output rows `top` ≤ y < `bottom` of a converted frame (display orientation). */
export interface RowBand {
  top: number;
  bottom: number;
}

/**
 * Output rows of a frame `height` rows high in `parts` bands of nearly equal height (the first ones
 * one row taller when it does not divide), top to bottom; fewer when there are fewer rows.
 */
export function splitRows(height: number, parts: number): RowBand[] {
  const n = Math.max(1, Math.min(parts, height));
  const out: RowBand[] = [];
  for (let i = 0, top = 0; i < n; i++) {
    const bottom = top + Math.floor(height / n) + (i < height % n ? 1 : 0);
    out.push({ top, bottom });
    top = bottom;
  }
  return out;
}

/**
 * The part of the stored `w` × `h` frame that output rows `rows` of a display box `height` rows high
 * sample from (turned `rotation`), with a margin for the filter, on even rows and columns (4:2:0
 * chroma is subsampled by two: a rect must start and end on a chroma sample to be accepted, and to
 * convert as the whole frame does).
 */
export function sourceRect(
  w: number,
  h: number,
  height: number,
  rotation: FrameRotation,
  rows: RowBand,
): { x: number; y: number; width: number; height: number } {
  // Display rows run along stored rows (0°, 180°) or stored columns (90°, 270°), reversed for 180° and 270°.
  const alongY = rotation % 180 === 0;
  const size = alongY ? h : w;
  const k = size / height;
  const reversed = rotation === 180 || rotation === 270;
  const a = reversed ? height - rows.bottom : rows.top;
  const b = reversed ? height - rows.top : rows.bottom;
  // Bilinear sampling reads the two texels around each sample; the margin covers that at any scale.
  const margin = Math.ceil(k) + 2;
  const from = Math.max(0, Math.floor(a * k) - margin) & ~1;
  let to = Math.min(size, Math.ceil(b * k) + margin);
  if (to % 2 && to < size) to++;
  return alongY ? { x: 0, y: from, width: w, height: to - from } : { x: from, y: 0, width: to - from, height: h };
}
