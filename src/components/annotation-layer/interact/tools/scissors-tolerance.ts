// How far a scissors polygon may stray from its edge path when it is simplified.

/**
 * The simplification tolerance of a scissors polygon, image px: one screen pixel at the view's zoom
 * (finer detail is not visible where the user traced it, and a zoomed-out trace would otherwise keep
 * a point every fraction of a screen pixel), and never under 0.75 px of the grid the path was computed
 * on (its one-pixel steps are staircase noise, not the edge's shape).
 *
 * @param viewScale - screen px per image px of the view the polygon was closed in
 * @param computeScale - computation px per image px of the path (the prepared region's `scale`)
 */
export function scissorsTolerance(viewScale: number, computeScale: number): number {
  const screenPx = viewScale > 0 && Number.isFinite(viewScale) ? 1 / viewScale : 0;
  return Math.max(screenPx, 0.75 / computeScale);
}
