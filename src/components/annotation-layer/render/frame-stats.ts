// What the layer's last frame showed, for benchmarks and diagnostics: which tile level it drew, the
// level the screen needs, and how many visible tiles were not at their level (borrowed from another
// level's cache) or not drawn at all. Read through `DlAnnotationLayer.renderStats`.

/** The layer's last drawn frame (see `DlAnnotationLayer.renderStats`). */
export interface LayerFrameStats {
  /**
   * Frames drawn since the layer was created (a frame with nothing to change draws nothing, and
   * during the first render after new data an incomplete frame is shown at most every 120 ms: the
   * ones held back are not counted).
   */
  frame: number;
  /** `performance.now()` when the frame was drawn. */
  time: number;
  /** The tile level drawn: tiles hold 2^level raster px per image px. */
  level: number;
  /** The coarsest level at least as fine as the screen (2^ideal ≥ device px per image px). */
  ideal: number;
  /** Visible tiles with something in them. */
  tiles: number;
  /**
   * Visible tiles shown from the four cached tiles of the next finer level because their own was
   * not ready, the frame's level being no finer than the screen's: downscaled less than 4x and never
   * magnified, so sharp (not counted in `borrowed`). They are painted at their own level next.
   */
  finer: number;
  /** Visible tiles shown from another level's cached tiles (coarser, or only some finer ones) because their own was not ready. */
  borrowed: number;
  /** Visible tiles that showed nothing because neither they nor another level were ready. */
  missing: number;
  /** Visible tiles shown with stale pixels (a shape just selected, drawn live over them, is still in them). */
  stale: number;
  /** Tiles (visible or not) still to draw for this view. */
  pending: number;
  /**
   * Nothing borrowed, missing or stale, at a level no coarser than the screen and at most one finer
   * (every tile downscaled less than 4x, never magnified): every shape drawn at full resolution.
   */
  sharp: boolean;
}

/** Stats before the first frame. */
export function emptyFrameStats(): LayerFrameStats {
  return {
    frame: 0,
    time: 0,
    level: 0,
    ideal: 0,
    tiles: 0,
    finer: 0,
    borrowed: 0,
    missing: 0,
    stale: 0,
    pending: 0,
    sharp: false,
  };
}
