// What <dl-timeline> draws, computed from annotation JSON: one row per track (objectId), its
// segments (annotations), key frames and hidden ranges; subtitles on a row of their own.
import {
  snapshotCoordinates,
  trackRange,
  trackSnapshots,
  type TrackJsonLike,
} from '../../entities/annotations/track-state.js';
import { roundHalfEven } from '../../entities/rounding.js';
import { coordinatesNear, interpolateCoordinates } from '../../entities/annotations/track-interpolation.js';
import { keyFrameFraction } from '../../geometry/shapes/interpolate.js';

/** One annotation of a track row. */
export interface TimelineSegment {
  /** Index in the `annotations` the timeline was given. */
  index: number;
  annotationId: string | null;
  start: number;
  end: number;
  /**
   * The highest stored frame (the first frame or a snapshot): the entities' `Annotation.lastFrame`.
   * A snapshot past `end` widens the range an action applies to (see {@link actedRange}).
   */
  lastStored: number;
  /** Key frames (the first frame and `fixed: true` snapshots), ascending. */
  keyFrames: number[];
  /** Inclusive frame ranges where the object is hidden (`objectVisible: false`). */
  hidden: Array<[number, number]>;
  /**
   * Inclusive ranges of consecutive stored frames that are not key frames (`fixed: false` snapshots,
   * as "track forward" writes them) and are not what interpolation between the key frames around
   * them gives: a tracker's boxes, to correct.
   */
  tracked: Array<[number, number]>;
  /**
   * Inclusive ranges of frames between two visible key frames that show the shape interpolated
   * between them: nothing stored in between, or only the frames interpolation gives (a key-frame
   * edit writes a segment out frame by frame, as `fixed: false` snapshots, for dtlpy's readers).
   */
  interpolated: Array<[number, number]>;
}

/** A row: every video annotation with one objectId (or one annotation without objectId). */
export interface TimelineTrack {
  /** Stable key of the row: `o:<objectId>`, else `a:<annotation id>`, else `i:<index>`. */
  key: string;
  objectId: string | null;
  label: string;
  type: string;
  segments: TimelineSegment[];
  start: number;
  end: number;
}

/** A subtitle on the subtitle row. */
export interface TimelineSubtitle {
  index: number;
  annotationId: string | null;
  start: number;
  end: number;
  text: string;
}

interface Json extends TrackJsonLike {
  id?: unknown;
  metadata?: unknown;
}

function idOf(a: Json): string | null {
  return typeof a.id === 'string' ? a.id : null;
}

function objectIdOf(a: Json): string | null {
  const md = a.metadata as { system?: { objectId?: unknown } } | undefined;
  const o = md?.system?.objectId;
  return typeof o === 'string' || typeof o === 'number' ? String(o) : null;
}

/**
 * The timeline row an annotation (platform JSON) belongs to, as {@link TimelineTrack.key}:
 * `o:<objectId>` (a track), else `a:<annotation id>`; null when it has neither (such a row is keyed
 * by its index in the timeline's `annotations`).
 */
export function trackKey(annotation: unknown): string | null {
  if (!annotation || typeof annotation !== 'object') return null;
  const a = annotation as Json;
  const objectId = objectIdOf(a);
  if (objectId !== null) return `o:${objectId}`;
  const id = idOf(a);
  return id !== null ? `a:${id}` : null;
}

/** A subtitle's frames from its times (`roundHalfEven(time * fps)`): dtlpy may leave its `frame` at 0. */
function timeFrames(a: Json, fps: number): { start: number; end: number } | null {
  const sys = (a.metadata as { system?: Record<string, unknown> } | undefined)?.system;
  const st = sys?.['startTime'];
  const et = sys?.['endTime'];
  if (typeof st !== 'number' || typeof et !== 'number' || !(fps > 0)) return null;
  const start = roundHalfEven(st * fps);
  return { start, end: Math.max(start, roundHalfEven(et * fps)) };
}

interface Stored {
  frame: number;
  fixed: boolean;
  visible: boolean;
  coordinates: unknown;
}

/**
 * Splits the non-key frames between key frames `k0` and `k1` (undefined: after the last key frame)
 * into interpolated and tracked ranges (see {@link TimelineSegment}). `mids` are the frames stored
 * between them, ascending.
 */
function gapRanges(
  type: string | null,
  k0: Stored,
  k1: Stored | undefined,
  mids: readonly Stored[],
  end: number,
  out: { tracked: Array<[number, number]>; interpolated: Array<[number, number]> },
): void {
  const interpolates =
    !!k1 && k0.visible && k1.visible && interpolateCoordinates(type, k0.coordinates, k1.coordinates, 0.5) !== null;
  // What a frame in the gap shows when nothing is stored there: interpolated, else k0 held.
  const derived = (f: number) =>
    interpolates
      ? interpolateCoordinates(type, k0.coordinates, k1!.coordinates, keyFrameFraction(f, k0.frame, k1!.frame))
      : k0.coordinates;
  const expectVisible = interpolates || k0.visible;
  const isDerived = (m: Stored) =>
    m.visible === expectVisible && coordinatesNear(type, m.coordinates, derived(m.frame));
  if (mids.every(isDerived)) {
    if (interpolates && k1!.frame - k0.frame > 1) out.interpolated.push([k0.frame + 1, k1!.frame - 1]);
    return;
  }
  for (const m of mids) {
    if (!m.visible || m.frame > end) continue;
    const last = out.tracked[out.tracked.length - 1];
    if (last && m.frame === last[1] + 1) last[1] = m.frame;
    else if (!last || m.frame > last[1]) out.tracked.push([m.frame, m.frame]);
  }
}

function segmentOf(a: Json, index: number): TimelineSegment | null {
  const range = trackRange(a);
  if (!range) return null;
  const stored: Stored[] = [{ frame: range.start, fixed: true, visible: true, coordinates: a.coordinates }];
  for (const s of trackSnapshots(a))
    if (typeof s.frame === 'number' && s.frame > range.start)
      stored.push({
        frame: s.frame,
        fixed: s.fixed === true,
        visible: s.objectVisible !== false,
        coordinates: snapshotCoordinates(s),
      });
  stored.sort((x, y) => x.frame - y.frame);
  const hidden: Array<[number, number]> = [];
  let from = -1;
  for (const s of stored) {
    if (!s.visible && from < 0) from = s.frame;
    else if (s.visible && from >= 0) {
      hidden.push([from, s.frame - 1]);
      from = -1;
    }
  }
  if (from >= 0) hidden.push([from, Math.max(from, range.end)]);
  const keyFrames = [...new Set(stored.filter((s) => s.fixed).map((s) => s.frame))];
  const out = { tracked: [] as Array<[number, number]>, interpolated: [] as Array<[number, number]> };
  const type = typeof a.type === 'string' ? a.type : null;
  // One pass over the sorted frames: the non-key frames since the last key frame are the gap that the
  // next key frame (or the end) closes. A non-key frame on a key frame's own frame is in no gap.
  let k0 = stored[0]!;
  let mids: Stored[] = [];
  for (let i = 1; i < stored.length; i++) {
    const s = stored[i]!;
    if (!s.fixed) {
      if (s.frame > k0.frame) mids.push(s);
      continue;
    }
    while (mids.length && mids[mids.length - 1]!.frame >= s.frame) mids.pop();
    gapRanges(type, k0, s, mids, range.end, out);
    k0 = s;
    mids = [];
  }
  gapRanges(type, k0, undefined, mids, range.end, out);
  const lastStored = stored.at(-1)!.frame;
  return { index, annotationId: idOf(a), start: range.start, end: range.end, lastStored, keyFrames, hidden, ...out };
}

/**
 * The rows of a timeline for `annotations` (platform JSON): video annotations grouped by objectId
 * into tracks (ordered by objectId as a number, then start), subtitles apart. Annotations without
 * `metadata.system.frame` (image annotations) are left out.
 */
export function timelineRows(
  annotations: readonly unknown[],
  fps: number,
): { tracks: TimelineTrack[]; subtitles: TimelineSubtitle[] } {
  const byKey = new Map<string, TimelineTrack>();
  const subtitles: TimelineSubtitle[] = [];
  annotations.forEach((raw, index) => {
    if (!raw || typeof raw !== 'object') return;
    const a = raw as Json;
    if (a.type === 'subtitle') {
      const t = timeFrames(a, fps) ?? trackRange(a);
      const c = a.coordinates as { text?: unknown } | undefined;
      if (t) subtitles.push({ index, annotationId: idOf(a), ...t, text: typeof c?.text === 'string' ? c.text : '' });
      return;
    }
    const seg = segmentOf(a, index);
    if (!seg) return;
    const objectId = objectIdOf(a);
    const key = trackKey(a) ?? `i:${index}`;
    let t = byKey.get(key);
    if (!t) {
      t = {
        key,
        objectId,
        label: typeof a.label === 'string' ? a.label : '',
        type: typeof a.type === 'string' ? a.type : '',
        segments: [],
        start: seg.start,
        end: seg.end,
      };
      byKey.set(key, t);
    }
    t.segments.push(seg);
    t.start = Math.min(t.start, seg.start);
    t.end = Math.max(t.end, seg.end);
  });
  const num = (t: TimelineTrack) => (t.objectId !== null && /^\d+$/.test(t.objectId) ? Number(t.objectId) : Infinity);
  const tracks = [...byKey.values()].sort((x, y) => num(x) - num(y) || x.start - y.start);
  for (const t of tracks) t.segments.sort((x, y) => x.start - y.start);
  subtitles.sort((x, y) => x.start - y.start);
  return { tracks, subtitles };
}

/** Key frames of a track (all its segments), ascending. */
export function trackKeyFrames(t: TimelineTrack): number[] {
  return [...new Set(t.segments.flatMap((s) => s.keyFrames))].sort((a, b) => a - b);
}

/** The segment of `t` covering `frame`, if any. */
export function segmentAt(t: TimelineTrack, frame: number): TimelineSegment | undefined {
  return t.segments.find((s) => frame >= s.start && frame <= s.end);
}

/** A span of frames an action may apply to: an annotation of a track, `index` its place in the list. */
export interface ActedRange {
  start: number;
  /** The last frame, inclusive: `max(endFrame, highest stored frame)`, as the entities read it. */
  end: number;
  index: number;
}

/**
 * The one annotation of a track that a key-frame action at `frame` applies to: the first (by start,
 * then index) covering `frame`, else the last starting before it, else the first. The one picker
 * behind `applyKeyframeAction` (`trackAnnotationAt`) and the timeline's enabled buttons
 * (`actedSegment`), so the button is decided for the annotation the host acts on.
 */
export function actedRange<R extends ActedRange>(ranges: readonly R[], frame: number): R | undefined {
  const sorted = [...ranges].sort((x, y) => x.start - y.start || x.index - y.index);
  return (
    sorted.find((r) => frame >= r.start && frame <= r.end) ?? sorted.filter((r) => r.start <= frame).at(-1) ?? sorted[0]
  );
}

/** Ruler tick spacing in frames so labels are at least `minPx` apart on a lane `width` px wide. */
export function tickStep(frameCount: number, fps: number, width: number, minPx = 64): number {
  const perFrame = width / Math.max(1, frameCount);
  const f = Math.max(1, Math.round(fps));
  const candidates = [1, 2, 5, 10, f, 2 * f, 5 * f, 10 * f, 30 * f, 60 * f, 300 * f, 600 * f, 1800 * f, 3600 * f];
  for (const c of [...new Set(candidates)].sort((a, b) => a - b)) if (c * perFrame >= minPx) return c;
  return 3600 * f;
}
