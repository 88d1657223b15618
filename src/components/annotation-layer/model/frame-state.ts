// Which state of a video annotation shows at a frame (the entities' track rule), and writing an edit back.
import { trackStateAt } from '../../../entities/annotations/track-state.js';
import { systemOf, type AnnotationJson } from './annotation-json.js';

/** The state of an annotation at one frame, or null when it is not visible there. */
export interface FrameState {
  label: string;
  type: string;
  coordinates: unknown;
  /** The key frame this state comes from (the start frame or a snapshot's frame). */
  keyFrame: number;
  /** Index in `snapshots_`, or -1 for the top-level (first frame) state. */
  snapshotIndex: number;
}

interface Snapshot {
  fixed?: boolean;
  frame?: number;
  label?: string;
  type?: string;
  data?: unknown;
  objectVisible?: boolean;
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
  };
}

/**
 * `a` with its geometry at `frame` set to `coordinates`: the top-level coordinates for images or the
 * start frame, the snapshot of that key frame when there is one, else a new fixed snapshot.
 */
export function withCoordinatesAtFrame(a: AnnotationJson, frame: number | null, coordinates: unknown): AnnotationJson {
  const sys = systemOf(a);
  if (frame === null || typeof sys.frame !== 'number' || frame <= sys.frame) return { ...a, coordinates };
  const snaps = Array.isArray(sys.snapshots_) ? (sys.snapshots_ as Snapshot[]).slice() : [];
  const i = snaps.findIndex((s) => s.frame === frame);
  if (i >= 0) snaps[i] = { ...snaps[i], data: coordinates };
  else {
    snaps.push({
      frame,
      fixed: true,
      label: a.label,
      type: a.type,
      objectVisible: true,
      data: coordinates,
    } as Snapshot);
    snaps.sort((x, y) => (x.frame ?? 0) - (y.frame ?? 0));
  }
  const endFrame = typeof sys.endFrame === 'number' ? Math.max(sys.endFrame, frame) : frame;
  return { ...a, metadata: { ...a.metadata, system: { ...sys, endFrame, snapshots_: snaps } } };
}
