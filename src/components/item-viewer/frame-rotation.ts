// Rotation metadata of a video track (a phone's display matrix): the decoder outputs the frames as
// stored, players turn them by the track's rotation. The WebCodecs path draws decoded frames itself,
// so it turns them here, the same way the `<video>` element shows them.

/** Clockwise rotation of a video track's frames for display, degrees (mediabunny's `getRotation`). */
export type FrameRotation = 0 | 90 | 180 | 270;

/** Any 2D context the viewer or its conversion worker draws into. */
type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** A rotation given in degrees, normalised to a quarter turn (other angles count as 0). */
export function frameRotation(degrees: number): FrameRotation {
  const r = ((Math.round(degrees) % 360) + 360) % 360;
  return r === 90 || r === 180 || r === 270 ? r : 0;
}

/**
 * The transform (`a b c d e f`, as `ctx.transform` takes it) that puts a stored frame, drawn at
 * (0, 0) with size {@link storedSize}, turned `rotation` clockwise into the display box
 * `width` × `height` (display orientation) at (0, 0).
 */
export function rotationTransform(
  rotation: FrameRotation,
  width: number,
  height: number,
): [number, number, number, number, number, number] {
  switch (rotation) {
    case 90:
      return [0, 1, -1, 0, width, 0];
    case 180:
      return [-1, 0, 0, -1, width, height];
    case 270:
      return [0, -1, 1, 0, 0, height];
    default:
      return [1, 0, 0, 1, 0, 0];
  }
}

/** Size of the stored (unrotated) frame that fills a display box of `width` × `height` once turned. */
export function storedSize(rotation: FrameRotation, width: number, height: number): { width: number; height: number } {
  return rotation % 180 ? { width: height, height: width } : { width, height };
}

/** Draws a stored frame turned `rotation` clockwise into the display box (0, 0, `width`, `height`) of `ctx`. */
export function drawRotated(
  ctx: Context2D,
  image: CanvasImageSource,
  rotation: FrameRotation,
  width: number,
  height: number,
): void {
  if (!rotation) {
    ctx.drawImage(image, 0, 0, width, height);
    return;
  }
  const s = storedSize(rotation, width, height);
  ctx.save();
  ctx.transform(...rotationTransform(rotation, width, height));
  ctx.drawImage(image, 0, 0, s.width, s.height);
  ctx.restore();
}
