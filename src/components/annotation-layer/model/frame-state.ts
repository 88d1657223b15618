// Which state of a video annotation shows at a frame: the SDK's hold-last-value rule (spec §2.3).
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
 * The state of `a` at `frame`: the nearest key frame at or before it (never interpolated), hidden
 * outside `[frame, endFrame]` or when that key frame says `objectVisible: false`. Annotations with no
 * `frame` in their metadata (image annotations) show on every frame.
 */
export function stateAtFrame(a: AnnotationJson, frame: number): FrameState | null {
  const sys = systemOf(a);
  const base: FrameState = { label: a.label, type: a.type, coordinates: a.coordinates, keyFrame: 0, snapshotIndex: -1 };
  if (typeof sys.frame !== 'number') return base;
  const start = sys.frame;
  const end = typeof sys.endFrame === 'number' ? sys.endFrame : Infinity;
  if (frame < start || frame > end) return null;
  base.keyFrame = start;
  let best: FrameState = base;
  let visible = true;
  const snaps = Array.isArray(sys.snapshots_) ? (sys.snapshots_ as Snapshot[]) : [];
  snaps.forEach((s, i) => {
    const f = typeof s.frame === 'number' ? s.frame : NaN;
    if (f <= frame && f >= best.keyFrame && f > start) {
      best = { label: s.label ?? a.label, type: s.type ?? a.type, coordinates: s.data, keyFrame: f, snapshotIndex: i };
      visible = s.objectVisible !== false;
    }
  });
  return visible ? best : null;
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
