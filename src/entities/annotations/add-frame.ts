// How a frame is added to a video annotation, as the SDK's `add_frame` / `add_frames` do it (the
// first frame starts the track, frames must share the type, a non-fixed frame equal to the one
// before is marked interpolated, the end follows). The implementation behind Annotation.addFrame
// and addFrames, kept apart from annotation.ts so the entity file stays its data and API; it sees
// the annotation through the small interface below, so it does not import the class.
import { DlError } from '../errors.js';
import { roundHalfEven } from '../rounding.js';
import type { AnnotationDefinition } from './base-definition.js';
import { FrameAnnotation } from './frame-annotation.js';
import type { FrameStore } from './frame-store.js';
import { itemFps } from './item-info.js';
import { jsonEqual } from './json-util.js';
import type { AnnotationItemLike } from './types.js';

/** Options of {@link Annotation.addFrame}. */
export interface AddFrameOptions {
  /** A key frame set by the user (always emitted). @default true */
  fixed?: boolean;
  /** @default true */
  objectVisible?: boolean;
}

/** Internal: the members of an Annotation that adding frames reads and writes. */
export interface FrameHost {
  fps: number | null;
  readonly item: AnnotationItemLike | null;
  type: string | null;
  currentFrame: number;
  startFrame: number;
  endFrame: number | null;
  readonly annotationDefinition: AnnotationDefinition | null;
  readonly lastFrame: number;
  addFrame(definition: AnnotationDefinition, frameNum?: number | null, options?: AddFrameOptions): void;
}

/**
 * Internal: adds `definition` at `frameNum` to `a`, whose frames are `store`. Returns true when the
 * annotation's current definition becomes `definition` (the caller owns that field).
 */
export function addFrameTo(
  a: FrameHost,
  store: FrameStore,
  definition: AnnotationDefinition,
  frameNum: number | null | undefined,
  options: AddFrameOptions,
): boolean {
  // fps only turns times into frames: without it (no item, none given) frames still work and the
  // times are written as 0, as the SDK does.
  if (a.fps === null) a.fps = itemFps(a.item);
  const fixed = options.fixed ?? true;
  const objectVisible = options.objectVisible ?? true;
  const current = a.annotationDefinition;
  if (current === null && store.frames.size === 0) {
    const n = frameNum ?? 0;
    a.startFrame = n;
    store.store(new FrameAnnotation({ definition, frameNum: n, fixed, objectVisible }));
    a.currentFrame = n;
    a.endFrame = n;
    a.type = definition.type;
    return true;
  }
  if (
    !(definition instanceof (current!.constructor as new (...a: never[]) => AnnotationDefinition)) ||
    definition.type !== current!.type
  ) {
    throw new DlError(
      `All frames in annotation must have same type: expected "${current!.type}", got "${definition.type}"`,
    );
  }
  let n: number;
  if (frameNum === null || frameNum === undefined) n = a.lastFrame + 1;
  else {
    n = frameNum;
    if (n < a.startFrame) a.startFrame = n;
  }
  if (store.frames.size === 0) {
    // The image-style definition becomes the first stored frame.
    store.store(new FrameAnnotation({ definition: current!, frameNum: a.startFrame, fixed, objectVisible }));
  }
  const frame = new FrameAnnotation({ definition, frameNum: n, fixed, objectVisible });
  store.store(frame);
  const shown = n === a.currentFrame;
  if (!fixed && a.startFrame < n) {
    const prev = store.get(n - 1);
    if (prev) {
      const x = prev.toSnapshot(a.type);
      const y = frame.toSnapshot(a.type);
      delete x['frame'];
      delete y['frame'];
      if (jsonEqual(x, y)) frame.interpolated = true;
    }
  }
  a.endFrame = Math.max(a.lastFrame, n);
  return shown;
}

function requireFps(a: FrameHost): number {
  if (a.fps === null) a.fps = itemFps(a.item);
  if (a.fps === null) throw new DlError('Annotation must have fps in order to perform this action');
  return a.fps;
}

/** Internal: the frames `[frameNum, endFrameNum]` of {@link Annotation.addFrames}, added one by one. */
export function addFramesTo(
  a: FrameHost,
  definition: AnnotationDefinition,
  frameNum: number | null | undefined,
  endFrameNum: number | null | undefined,
  options: AddFrameOptions & { startTime?: number | null; endTime?: number | null },
): void {
  let start = frameNum ?? null;
  let end = endFrameNum ?? null;
  if (start === null) {
    if (options.startTime === null || options.startTime === undefined)
      throw new DlError('addFrames needs frameNum or startTime');
    start = roundHalfEven(options.startTime * requireFps(a));
  }
  if (end === null) {
    end =
      options.endTime !== null && options.endTime !== undefined
        ? roundHalfEven(options.endTime * requireFps(a))
        : start;
  }
  for (let f = start; f <= end; f++) a.addFrame(f === start ? definition : definition.clone(), f, options);
}
