// Which state of a video annotation shows at a frame (the entities' track rule). Edits go back through
// the entities (video-edit.ts).
import { trackStateAt } from '../../../entities/annotations/track-state.js';
import type { AnnotationJson } from './annotation-json.js';

/** The state of an annotation at one frame, or null when it is not visible there. */
export interface FrameState {
  label: string;
  type: string;
  coordinates: unknown;
  /** The key frame this state comes from (the start frame or a snapshot's frame). */
  keyFrame: number;
  /** Index in `snapshots_`, or -1 for the top-level (first frame) state. */
  snapshotIndex: number;
  /** The frame shown is a key frame (the first frame or a `fixed: true` snapshot). */
  keyed: boolean;
  /** The coordinates were interpolated between two key frames (nothing stored at this frame). */
  interpolated: boolean;
}

/**
 * The state of `a` at `frame` with the entities' track rule (`trackStateAt`): stored frames as
 * stored, frames between two visible key frames interpolated (box, point, ellipse, polygon with
 * equal vertex counts), other gaps holding the frame before; null outside `[frame, endFrame]` or
 * when the object is hidden there (`objectVisible: false`). Annotations with no `frame` in their
 * metadata (image annotations) show on every frame.
 */
export function stateAtFrame(a: AnnotationJson, frame: number): FrameState | null {
  const s = trackStateAt(a, frame);
  if (!s?.objectVisible) return null;
  return {
    label: s.label ?? a.label,
    type: s.type ?? a.type,
    coordinates: s.coordinates,
    keyFrame: s.keyFrame,
    snapshotIndex: s.snapshotIndex,
    keyed: s.stored && s.fixed,
    interpolated: s.interpolated,
  };
}

/** The state of an annotation with no frames (an image's, or a whole-video one): its top level. */
export function staticState(a: AnnotationJson): FrameState {
  return {
    label: a.label,
    type: a.type,
    coordinates: a.coordinates,
    keyFrame: 0,
    snapshotIndex: -1,
    keyed: true,
    interpolated: false,
  };
}

/**
 * True when two states of one annotation draw the same: same label and type, and the same stored
 * coordinates (the same JSON object) or, for interpolated ones, equal values.
 */
export function sameState(a: FrameState | null | undefined, b: FrameState | null | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.label !== b.label || a.type !== b.type) return false;
  if (a.coordinates === b.coordinates) return true;
  return (a.interpolated || b.interpolated) && equalJson(a.coordinates, b.coordinates);
}

/** Deep equality of plain JSON values (coordinates: arrays of points, numbers). */
function equalJson(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x)) {
    if (!Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!equalJson(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(y)) return false;
  const kx = Object.keys(x);
  if (kx.length !== Object.keys(y).length) return false;
  for (const k of kx)
    if (!equalJson((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k])) return false;
  return true;
}
