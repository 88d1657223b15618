// Key-frame editing of a video annotation (a track): the operations behind Annotation.setKeyFrame,
// deleteKeyFrame, endTrack, splitTrack, mergeTrack... Kept apart from annotation.ts so the entity
// stays a data model; these functions only use its public frame API.
//
// How dl-kit writes a track (see README "Video tracks"):
// - key frames are the first frame (top level) and every snapshot with `fixed: true`;
// - a gap between two key frames with nothing stored in it is shown interpolated (track-state.ts);
// - a segment a key-frame edit touches is written out frame by frame as `fixed: false` snapshots,
//   leaving out frames equal to the one before (dtlpy's own rule), so dtlpy's hold-last-value reader
//   and the platform show exactly what dl-kit shows. Segments nobody edited are written as they were
//   read, so untouched JSON round-trips unchanged;
// - stored in-between frames that are not what interpolation would give (a tracker's output, a
//   model's per-frame boxes) are kept when a neighbouring key frame changes.
import { keyFrameFraction } from '../../geometry/shapes/interpolate.js';
import { DlError } from '../errors.js';
import type { JsonObject } from '../json-read.js';
import type { AnnotationDefinition } from './base-definition.js';
import { definitionFromJson } from './definition-from-json.js';
import { FrameAnnotation } from './frame-annotation.js';
import type { TrackTarget } from './track-target.js';
import { jsonEqual, structuredCloneJson } from './json-util.js';
import { coordinatesNear, interpolateCoordinates } from './track-interpolation.js';

/** How a frame's state was obtained (see {@link frameStateOf}). */
export type FrameStateKind = 'stored' | 'interpolated' | 'held';

/** Frames `toJson` writes: every stored frame except held copies made by `getFrame`. */
const written = (f: FrameAnnotation): boolean => !f.interpolated || f.fixed;

/** Sorted numbers of the frames `toJson` writes. */
export function writtenFrames(a: TrackTarget): number[] {
  const out: number[] = [];
  for (const [n, f] of a.frames) if (written(f)) out.push(n);
  return out.sort((x, y) => x - y);
}

/** Key frames: the first written frame and every written frame with `fixed: true`, sorted. */
export function keyFramesOf(a: TrackTarget): number[] {
  const all = writtenFrames(a);
  return all.filter((n, i) => i === 0 || a.frames.get(n)!.fixed);
}

function lastFrameOf(a: TrackTarget): number {
  const w = writtenFrames(a);
  return Math.max(a.endFrame ?? 0, w.at(-1) ?? 0);
}

function requireTrack(a: TrackTarget, what: string): void {
  if (!a.isVideo) throw new DlError(`${what}: this annotation has no frames (not a video track)`);
}

/** The definition of `prev` carried to another frame, geometry replaced by `coordinates`. */
function withCoordinates(a: TrackTarget, prev: FrameAnnotation, coordinates: unknown): AnnotationDefinition {
  const d = prev.definition;
  return definitionFromJson(
    a.type,
    coordinates,
    { label: d.label, attributes: d.attributes, description: d.description },
    'interpolated coordinates',
  );
}

/**
 * What frames between key frames `k0` and `k1` (exclusive; `k1` undefined = after the last key
 * frame) show when nothing is stored between them: linear for interpolated types between two
 * visible key frames, otherwise the state of `k0` held.
 */
function derivedAt(a: TrackTarget, k0: FrameAnnotation, k1: FrameAnnotation | undefined, n: number) {
  if (k1 && k0.objectVisible && k1.objectVisible) {
    const c = interpolateCoordinates(
      a.type,
      k0.definition.toCoordinates(),
      k1.definition.toCoordinates(),
      keyFrameFraction(n, k0.frameNum, k1.frameNum),
    );
    if (c !== null)
      return { definition: withCoordinates(a, k0, c), objectVisible: true, kind: 'interpolated' as const };
  }
  return { definition: k0.definition.clone(), objectVisible: k0.objectVisible, kind: 'held' as const };
}

/**
 * The state of `a` at frame `n` without storing anything (unlike `getFrame`, dtlpy's hold rule):
 * the stored frame, or the frame interpolated/held between the written frames around it (the rule of
 * {@link trackStateAt}). Undefined outside `[startFrame, endFrame]`.
 */
export function frameStateOf(a: TrackTarget, n: number): { frame: FrameAnnotation; kind: FrameStateKind } | undefined {
  if (!a.isVideo) return undefined;
  const all = writtenFrames(a);
  if (all.length === 0 || n < all[0]! || n > lastFrameOf(a)) return undefined;
  let i = all.length - 1;
  while (i > 0 && all[i]! > n) i--;
  const prev = a.frames.get(all[i]!)!;
  if (prev.frameNum === n) return { frame: prev, kind: 'stored' };
  const nextN = all[i + 1];
  const next = nextN === undefined ? undefined : a.frames.get(nextN);
  const prevKey = i === 0 || prev.fixed;
  const d = prevKey && next?.fixed ? derivedAt(a, prev, next, n) : derivedAt(a, prev, undefined, n);
  const frame = new FrameAnnotation({
    definition: d.definition,
    frameNum: n,
    fixed: false,
    objectVisible: d.objectVisible,
  });
  frame.interpolated = true;
  frame.recipe1Attributes = structuredCloneJson(prev.recipe1Attributes);
  return { frame, kind: d.kind };
}

function sameState(
  a: TrackTarget,
  x: FrameAnnotation,
  y: { definition: AnnotationDefinition; objectVisible: boolean },
) {
  return (
    x.objectVisible === y.objectVisible &&
    x.definition.label === y.definition.label &&
    jsonEqual(x.definition.attributes, y.definition.attributes) &&
    coordinatesNear(a.type, x.definition.toCoordinates(), y.definition.toCoordinates())
  );
}

/** Written non-key frames strictly between `k0` and `k1` (`k1` undefined: to the end). */
function between(a: TrackTarget, k0: number, k1: number | undefined): FrameAnnotation[] {
  const out: FrameAnnotation[] = [];
  for (const [n, f] of a.frames) if (n > k0 && (k1 === undefined || n < k1) && written(f)) out.push(f);
  return out.sort((x, y) => x.frameNum - y.frameNum);
}

/** True when every written frame between key frames `k0` and `k1` is what the segment derives. */
function segmentIsDerived(a: TrackTarget, k0: number, k1: number | undefined): boolean {
  const f0 = a.frames.get(k0)!;
  const f1 = k1 === undefined ? undefined : a.frames.get(k1);
  return between(a, k0, k1).every((f) => sameState(a, f, derivedAt(a, f0, f1, f.frameNum)));
}

/** Removes every stored frame strictly between `k0` and `k1`, then writes the segment out. */
function rederive(a: TrackTarget, k0: number, k1: number | undefined): void {
  for (const n of [...a.frames.keys()]) if (n > k0 && (k1 === undefined || n < k1)) a.deleteFrame(n);
  if (k1 === undefined) return;
  const f0 = a.frames.get(k0)!;
  const f1 = a.frames.get(k1)!;
  let last: FrameAnnotation = f0;
  for (let n = k0 + 1; n < k1; n++) {
    const d = derivedAt(a, f0, f1, n);
    // dtlpy's rule: a non-fixed frame equal to the one before is not written (it holds).
    if (sameState(a, last, d) && jsonEqual(last.definition.toCoordinates(), d.definition.toCoordinates())) continue;
    const f = new FrameAnnotation({
      definition: d.definition,
      frameNum: n,
      fixed: false,
      objectVisible: d.objectVisible,
    });
    a.putFrame(f);
    last = f;
  }
}

function neighbours(keys: number[], n: number): { k0: number | undefined; k1: number | undefined } {
  let k0: number | undefined;
  let k1: number | undefined;
  for (const k of keys) {
    if (k < n) k0 = k;
    else if (k > n && k1 === undefined) k1 = k;
  }
  return { k0, k1 };
}

/** Re-shows the current frame after frames changed (the stored definition may be gone). */
function refreshCurrent(a: TrackTarget): void {
  if (!a.setFrame(a.currentFrame)) a.setFrame(a.startFrame);
}

/** Options of {@link setKeyFrameOf}. */
export interface SetKeyFrameOptions {
  /** @default true */
  objectVisible?: boolean;
}

/** See `Annotation.setKeyFrame`. */
export function setKeyFrameOf(
  a: TrackTarget,
  n: number,
  definition: AnnotationDefinition,
  options: SetKeyFrameOptions = {},
): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new DlError(`setKeyFrame: frame must be an integer >= 0, got ${n}`);
  const objectVisible = options.objectVisible ?? true;
  if (!a.isVideo) {
    a.addFrame(definition, n, { fixed: true, objectVisible });
    return;
  }
  if (definition.type !== a.type)
    throw new DlError(`setKeyFrame: a "${a.type}" track cannot take a "${definition.type}" key frame`);
  const keys = keyFramesOf(a);
  const { k0, k1 } = neighbours(keys, n);
  const key = new FrameAnnotation({ definition, frameNum: n, fixed: true, objectVisible });
  if (keys.includes(n)) {
    key.recipe1Attributes = structuredCloneJson(a.frames.get(n)!.recipe1Attributes);
    key.extra = structuredCloneJson(a.frames.get(n)!.extra);
    const dPrev = k0 !== undefined && segmentIsDerived(a, k0, n);
    const dNext = segmentIsDerived(a, n, k1);
    a.putFrame(key);
    if (dPrev) rederive(a, k0!, n);
    if (dNext) rederive(a, n, k1);
  } else if (k0 === undefined) {
    // Before the first frame: the track now starts here; the old first frame becomes a fixed snapshot.
    const oldStart = keys[0]!;
    a.frames.get(oldStart)!.fixed = true;
    a.putFrame(key);
    a.startFrame = n;
    rederive(a, n, oldStart);
  } else {
    const derived = segmentIsDerived(a, k0, k1);
    a.putFrame(key);
    if (derived) {
      rederive(a, k0, n);
      rederive(a, n, k1);
    }
    if (n > (a.endFrame ?? 0)) a.endFrame = n;
  }
  refreshCurrent(a);
}

/**
 * Makes the state shown at `n - 1` a key frame when it is interpolated, so a change at `n` (a new
 * end, a hidden frame, a split) leaves every frame before `n` as it was shown.
 */
function pinBefore(a: TrackTarget, n: number): void {
  const s = frameStateOf(a, n - 1);
  if (s && s.kind === 'interpolated')
    setKeyFrameOf(a, n - 1, s.frame.definition, { objectVisible: s.frame.objectVisible });
}

/** See `Annotation.insertKeyFrame`. */
export function insertKeyFrameOf(a: TrackTarget, n: number): void {
  requireTrack(a, 'insertKeyFrame');
  const start = writtenFrames(a)[0]!;
  const s = frameStateOf(a, Math.min(Math.max(n, start), lastFrameOf(a)))!;
  setKeyFrameOf(a, n, s.frame.definition.clone(), { objectVisible: s.frame.objectVisible });
}

/** See `Annotation.deleteKeyFrame`. */
export function deleteKeyFrameOf(a: TrackTarget, n: number): void {
  requireTrack(a, 'deleteKeyFrame');
  const keys = keyFramesOf(a);
  if (!keys.includes(n)) throw new DlError(`deleteKeyFrame: frame ${n} is not a key frame of this track`);
  if (keys.length === 1)
    throw new DlError('deleteKeyFrame: this is the only key frame of the track; delete the annotation instead');
  const { k0, k1 } = neighbours(keys, n);
  if (k0 === undefined) {
    // The first frame: the track now starts at the next written frame (derived frames go with it).
    if (segmentIsDerived(a, n, k1)) for (const f of between(a, n, k1)) a.deleteFrame(f.frameNum);
    a.deleteFrame(n);
    for (const m of [...a.frames.keys()]) if (m < n) a.deleteFrame(m);
    const first = writtenFrames(a)[0]!;
    a.frames.get(first)!.fixed = true;
    a.startFrame = first;
  } else {
    const derived = segmentIsDerived(a, k0, n) && segmentIsDerived(a, n, k1);
    a.deleteFrame(n);
    if (derived) rederive(a, k0, k1);
  }
  refreshCurrent(a);
}

/** See `Annotation.copyToNextFrame`. */
export function copyToNextFrameOf(a: TrackTarget, n: number): number {
  requireTrack(a, 'copyToNextFrame');
  const s = frameStateOf(a, n);
  if (!s) throw new DlError(`copyToNextFrame: frame ${n} is outside the track`);
  setKeyFrameOf(a, n + 1, s.frame.definition.clone(), { objectVisible: s.frame.objectVisible });
  return n + 1;
}

/** See `Annotation.setObjectVisible`. */
export function setObjectVisibleOf(a: TrackTarget, n: number, visible: boolean): void {
  requireTrack(a, 'setObjectVisible');
  const start = writtenFrames(a)[0]!;
  if (n <= start && !visible) throw new DlError('setObjectVisible: the first frame of a track is always visible');
  pinBefore(a, n);
  const s = frameStateOf(a, Math.min(Math.max(n, start), lastFrameOf(a)))!;
  setKeyFrameOf(a, n, s.frame.definition.clone(), { objectVisible: visible });
}

/** See `Annotation.endTrack`. */
export function endTrackOf(a: TrackTarget, n: number): void {
  requireTrack(a, 'endTrack');
  const start = writtenFrames(a)[0]!;
  if (n <= start) throw new DlError(`endTrack: frame ${n} is not after the track's first frame ${start}`);
  pinBefore(a, n);
  const s = frameStateOf(a, Math.min(n, lastFrameOf(a)))!;
  for (const m of [...a.frames.keys()]) if (m >= n) a.deleteFrame(m);
  a.putFrame(
    new FrameAnnotation({ definition: s.frame.definition.clone(), frameNum: n, fixed: true, objectVisible: false }),
  );
  a.endFrame = n;
  refreshCurrent(a);
}

/** See `Annotation.splitTrack`. */
export function splitTrackOf(a: TrackTarget, n: number, objectId: string | number | null): JsonObject {
  requireTrack(a, 'splitTrack');
  const start = writtenFrames(a)[0]!;
  const end = lastFrameOf(a);
  if (n <= start || n > end) throw new DlError(`splitTrack: frame ${n} is not inside the track (${start + 1}..${end})`);
  const s = frameStateOf(a, n)!;
  if (!s.frame.objectVisible)
    throw new DlError(`splitTrack: the object is hidden at frame ${n}; split at a visible frame`);
  pinBefore(a, n);
  const head = s.frame.definition.clone();
  const tail = between(a, n, undefined).map((f) => f.toSnapshot(a.type));
  const json = a.toJson();
  for (const k of ['id', 'url', 'hash', 'creator', 'createdAt', 'updatedBy', 'updatedAt'] as const) json[k] = null;
  json['label'] = head.label;
  if ('coordinates' in json) json['coordinates'] = head.toCoordinates();
  if (head.description !== null) json['description'] = head.description;
  else delete json['description'];
  const md = json['metadata'] as JsonObject;
  const sys = md['system'] as JsonObject;
  delete sys['clientId'];
  if (objectId === null) delete sys['objectId'];
  else sys['objectId'] = String(objectId);
  sys['attributes'] = structuredCloneJson(head.attributes);
  sys['frame'] = n;
  sys['startTime'] = a.fps ? n / a.fps : 0;
  sys['endFrame'] = end;
  sys['endTime'] = a.fps ? end / a.fps : 0;
  sys['snapshots_'] = tail;
  for (const m of [...a.frames.keys()]) if (m >= n) a.deleteFrame(m);
  a.endFrame = n - 1;
  refreshCurrent(a);
  return json;
}

/**
 * The frames of `a` that show its object, as sorted `[first, last]` runs. A frame shows what the last
 * written frame at or before it shows (interpolated between two visible key frames, else held), so
 * the runs follow from the written frames alone.
 */
function visibleRunsOf(a: TrackTarget): Array<[number, number]> {
  const all = writtenFrames(a);
  const last = lastFrameOf(a);
  const runs: Array<[number, number]> = [];
  all.forEach((n, i) => {
    if (!a.frames.get(n)!.objectVisible) return;
    const to = i + 1 < all.length ? all[i + 1]! - 1 : last;
    const run = runs.at(-1);
    if (run && run[1] === n - 1) run[1] = to;
    else runs.push([n, to]);
  });
  return runs;
}

/**
 * The first and last frame on which both tracks show their object (undefined when there is none):
 * two tracks seen on one frame are two objects, so they do not merge (`Annotation.mergeTrack`).
 */
export function trackOverlapOf(a: TrackTarget, b: TrackTarget): { first: number; last: number } | undefined {
  if (!a.isVideo || !b.isVideo) return undefined;
  let out: { first: number; last: number } | undefined;
  const rb = visibleRunsOf(b);
  for (const [a0, a1] of visibleRunsOf(a))
    for (const [b0, b1] of rb) {
      const [from, to] = [Math.max(a0, b0), Math.min(a1, b1)];
      if (from > to) continue;
      out = { first: Math.min(out?.first ?? from, from), last: Math.max(out?.last ?? to, to) };
    }
  return out;
}

/**
 * Why `other` does not merge into track `a`, or undefined when it does: another shape type (`type`),
 * another label (`label`: two labels are two objects, a person is not the car's other half), or both
 * seen on one frame (`overlap`: two objects at once; merged, the frames of both would interleave in
 * one track and its box jump between the two objects; CVAT merges only tracks apart in time). The one
 * rule `Annotation.mergeTrack` throws on; editors ask it to disable Merge and say why.
 */
export type MergeRefusal =
  | { kind: 'type'; a: string; b: string }
  | { kind: 'label'; a: string; b: string }
  | { kind: 'overlap'; first: number; last: number };

/** See {@link MergeRefusal}; checked in that order (the first that holds is returned). */
export function mergeRefusalOf(a: TrackTarget, other: TrackTarget): MergeRefusal | undefined {
  if (other.type !== a.type) return { kind: 'type', a: String(a.type), b: String(other.type) };
  if (other.label !== a.label) return { kind: 'label', a: String(a.label), b: String(other.label) };
  const both = trackOverlapOf(a, other);
  return both && { kind: 'overlap', ...both };
}

/** See `Annotation.mergeTrack`. */
export function mergeTrackOf(a: TrackTarget, other: TrackTarget): void {
  requireTrack(a, 'mergeTrack');
  if (!other.isVideo) throw new DlError('mergeTrack: the other annotation has no frames (not a video track)');
  const no = mergeRefusalOf(a, other);
  if (no?.kind === 'type') throw new DlError(`mergeTrack: cannot merge a "${no.b}" track into a "${no.a}" track`);
  if (no?.kind === 'label')
    throw new DlError(
      `mergeTrack: cannot merge a "${no.b}" track into a "${no.a}" track (tracks of different labels are different objects)`,
    );
  if (no?.kind === 'overlap')
    throw new DlError(
      `cannot merge two tracks that both show an object on ${no.first === no.last ? `frame ${no.first}` : `frames ${no.first}–${no.last}`}: end one before the other starts`,
    );
  const o = other.clone();
  // Each track's held tail becomes a key frame, so the gap between them interpolates from where
  // one was last shown to where the other starts, and neither track's own frames change.
  for (const t of [a, o]) {
    const end = lastFrameOf(t);
    const s = frameStateOf(t, end);
    if (s && s.kind !== 'stored')
      setKeyFrameOf(t, end, s.frame.definition.clone(), { objectVisible: s.frame.objectVisible });
  }
  // Where `other` shows its object `a` does not (no overlap): there other's frames replace a's (a
  // hidden frame of a left inside would hide the other object), and a's hidden state resumes after.
  const resume: FrameAnnotation[] = [];
  const aWritten = new Set(writtenFrames(a));
  const aFirst = writtenFrames(a)[0]!;
  for (const [from, to] of visibleRunsOf(o)) {
    const n = to + 1;
    const s = n >= aFirst && !aWritten.has(n) ? frameStateOf(a, n) : undefined;
    if (s && !s.frame.objectVisible)
      resume.push(
        new FrameAnnotation({ definition: s.frame.definition.clone(), frameNum: n, fixed: true, objectVisible: false }),
      );
    for (const m of aWritten) if (m >= from && m <= to) a.deleteFrame(m);
  }
  for (const f of resume) a.putFrame(f);
  const keys = new Set(keyFramesOf(a));
  const oFirst = writtenFrames(o)[0]!;
  for (const n of writtenFrames(o)) {
    if (keys.has(n)) continue;
    const f = o.frames.get(n)!.clone();
    if (n === oFirst) f.fixed = true;
    a.putFrame(f);
  }
  const first = writtenFrames(a)[0]!;
  a.frames.get(first)!.fixed = true;
  if (first !== a.startFrame) a.startFrame = first;
  const end = Math.max(lastFrameOf(a), lastFrameOf(o));
  if (end !== a.endFrame) a.endFrame = end;
  refreshCurrent(a);
}

/** One frame of a tracker's output (see `Annotation.setTrackedFrames`). */
export interface TrackedFrame {
  frame: number;
  definition: AnnotationDefinition;
  /** @default true */
  objectVisible?: boolean;
}

/** See `Annotation.setTrackedFrames`. */
export function setTrackedFramesOf(a: TrackTarget, frames: readonly TrackedFrame[]): number {
  requireTrack(a, 'setTrackedFrames');
  const keys = new Set(keyFramesOf(a));
  const start = writtenFrames(a)[0]!;
  let written = 0;
  let end = a.endFrame ?? start;
  for (const t of [...frames].sort((x, y) => x.frame - y.frame)) {
    if (!Number.isSafeInteger(t.frame) || t.frame <= start || keys.has(t.frame)) continue;
    if (t.definition.type !== a.type)
      throw new DlError(`setTrackedFrames: a "${a.type}" track cannot take a "${t.definition.type}" frame`);
    a.putFrame(
      new FrameAnnotation({
        definition: t.definition,
        frameNum: t.frame,
        fixed: false,
        objectVisible: t.objectVisible ?? true,
      }),
    );
    end = Math.max(end, t.frame);
    written++;
  }
  if (end !== a.endFrame) a.endFrame = end;
  refreshCurrent(a);
  return written;
}
