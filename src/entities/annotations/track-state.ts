// What a video annotation (platform JSON) shows at one frame, with dl-kit's interpolation rule.
// Works on the JSON itself (no entity parse) so a view can ask it for every track on every frame.
import { isObject } from '../json-read.js';
import { keyFrameFraction } from '../../geometry/shapes/interpolate.js';
import { interpolateCoordinates } from './track-interpolation.js';

/** The state of a track at one frame (see {@link trackStateAt}). */
export interface TrackFrameState {
  /** The frame asked for. */
  frame: number;
  label: string | null;
  type: string | null;
  /** Coordinates JSON at this frame (interpolated, held or stored). */
  coordinates: unknown;
  /** The stored frame this state comes from (for an interpolated frame: the key frame before it). */
  keyFrame: number;
  /** Index in `snapshots_` of `keyFrame`, -1 for the first frame (top level). */
  snapshotIndex: number;
  /** True when `frame` itself is stored (the first frame or a snapshot). */
  stored: boolean;
  /** True when the stored frame is a key frame (`fixed: true`, or the first frame). */
  fixed: boolean;
  /** True when the coordinates were interpolated between two key frames. */
  interpolated: boolean;
  objectVisible: boolean;
}

interface Snap {
  frame?: unknown;
  fixed?: unknown;
  label?: unknown;
  objectVisible?: unknown;
  data?: unknown;
  coordinates?: unknown;
}

/** The loose shape of annotation JSON this module reads. */
export interface TrackJsonLike {
  type?: unknown;
  label?: unknown;
  coordinates?: unknown;
  metadata?: unknown;
}

function systemOf(a: TrackJsonLike): Record<string, unknown> {
  const md = isObject(a.metadata) ? a.metadata : {};
  return isObject(md['system']) ? md['system'] : {};
}

/** The `snapshots_` list of a track (empty for images, subtitles and malformed JSON). */
export function trackSnapshots(a: TrackJsonLike): Snap[] {
  const s = systemOf(a)['snapshots_'];
  return Array.isArray(s) ? (s.filter((x) => isObject(x)) as Snap[]) : [];
}

/**
 * The coordinates JSON of one `snapshots_` entry: snapshots keep them under `data`; a snapshot with
 * a `coordinates` key (as some writers store it) is read from there instead, even when `data` is set.
 *
 * @example
 * snapshotCoordinates({ frame: 5, fixed: true, data: [{ x: 1, y: 2 }, { x: 3, y: 4 }] }); // the box
 */
export function snapshotCoordinates(s: { data?: unknown; coordinates?: unknown }): unknown {
  return 'coordinates' in s ? s.coordinates : s.data;
}

/** `[frame, endFrame]` of a video annotation, or null when it has no `metadata.system.frame`. */
export function trackRange(a: TrackJsonLike): { start: number; end: number } | null {
  const sys = systemOf(a);
  if (typeof sys['frame'] !== 'number') return null;
  const start = sys['frame'];
  const end = typeof sys['endFrame'] === 'number' ? sys['endFrame'] : start;
  return { start, end: Math.max(start, end) };
}

/**
 * The state of video annotation `a` (platform JSON) at `frame`, or null outside `[frame, endFrame]`.
 * Annotations without `metadata.system.frame` (image annotations) show their top-level state on
 * every frame.
 *
 * The rule (the platform studio's; dtlpy holds every gap instead): a stored frame shows as stored;
 * a frame between two key frames (`fixed: true`, or the first frame) with nothing stored between
 * them is interpolated linearly when both are visible and the type interpolates (box, point,
 * ellipse, polygon/polyline with equal vertex counts); every other gap holds the last stored frame
 * (tracker output and frames dl-kit wrote out are stored frame by frame, so a gap among them means
 * "unchanged"). Hidden frames (`objectVisible: false`) are returned with `objectVisible: false`.
 *
 * @example
 * trackStateAt(trackJson, 15)?.coordinates; // the box halfway between key frames 0 and 30
 */
export function trackStateAt(a: TrackJsonLike, frame: number): TrackFrameState | null {
  const type = typeof a.type === 'string' ? a.type : null;
  const label = typeof a.label === 'string' ? a.label : null;
  const range = trackRange(a);
  if (!range) {
    return {
      frame,
      label,
      type,
      coordinates: a.coordinates,
      keyFrame: 0,
      snapshotIndex: -1,
      stored: true,
      fixed: true,
      interpolated: false,
      objectVisible: true,
    };
  }
  if (frame < range.start || frame > range.end) return null;
  let prevFrame = range.start;
  let prevIndex = -1;
  let prev: Snap = { fixed: true, objectVisible: true, data: a.coordinates, label };
  let nextFrame = Infinity;
  let next: Snap | null = null;
  const snaps = trackSnapshots(a);
  for (let i = 0; i < snaps.length; i++) {
    const s = snaps[i]!;
    const f = s.frame;
    if (typeof f !== 'number' || f <= range.start) continue;
    if (f <= frame) {
      if (f >= prevFrame) {
        prevFrame = f;
        prevIndex = i;
        prev = s;
      }
    } else if (f < nextFrame) {
      nextFrame = f;
      next = s;
    }
  }
  const prevData = prevIndex === -1 ? a.coordinates : snapshotCoordinates(prev);
  const state: TrackFrameState = {
    frame,
    label: typeof prev.label === 'string' ? prev.label : label,
    type,
    coordinates: prevData,
    keyFrame: prevFrame,
    snapshotIndex: prevIndex,
    stored: prevFrame === frame,
    fixed: prevIndex === -1 || prev.fixed === true,
    interpolated: false,
    objectVisible: prev.objectVisible !== false,
  };
  if (state.stored || !next || !state.fixed || next.fixed !== true) return state;
  if (!state.objectVisible || next.objectVisible === false) return state;
  const c = interpolateCoordinates(
    type,
    prevData,
    snapshotCoordinates(next),
    keyFrameFraction(frame, prevFrame, nextFrame),
  );
  if (c === null) return state;
  state.coordinates = c;
  state.interpolated = true;
  return state;
}
