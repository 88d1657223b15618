// The Annotation entity: platform JSON in, the same JSON out; frames for video. The public API
// lives here; its parts live beside it: the record fields (annotation-data.ts), the stored frames
// and their range (frame-store.ts), adding frames (add-frame.ts), key-frame editing
// (track-edit.ts), reading and writing JSON (annotation-from-json.ts, annotation-to-json.ts).
import { DlError } from '../errors.js';
import type { JsonObject } from '../json-read.js';
import { roundHalfEven } from '../rounding.js';
import { type AddFrameOptions, addFramesTo, addFrameTo } from './add-frame.js';
import { AnnotationData } from './annotation-data.js';
import { parseAnnotationJson, type AnnotationFromJsonOptions } from './annotation-from-json.js';
import type { AnnotationInit } from './annotation-init.js';
import type { AnnotationDefinition } from './base-definition.js';
import type { FrameAnnotation } from './frame-annotation.js';
import { FrameStore } from './frame-store.js';
import { newAnnotationInit, type NewAnnotationOptions } from './annotation-new.js';
import { annotationToJson } from './annotation-to-json.js';
import type { Attributes } from './types.js';
import {
  copyToNextFrameOf,
  deleteKeyFrameOf,
  endTrackOf,
  frameStateOf,
  insertKeyFrameOf,
  keyFramesOf,
  mergeTrackOf,
  setKeyFrameOf,
  setObjectVisibleOf,
  splitTrackOf,
  setTrackedFramesOf,
  type SetKeyFrameOptions,
  type TrackedFrame,
} from './track-edit.js';

export type { AddFrameOptions, NewAnnotationOptions, SetKeyFrameOptions, TrackedFrame };

/**
 * One Dataloop annotation: ids, metadata, v1/v2 attributes and a definition (image), or a track of
 * {@link FrameAnnotation}s (video). `fromJson` then `toJson` gives back the same JSON (values; unknown
 * keys included), with `metadata.system.attributes` always present.
 *
 * @example
 * const ann = Annotation.fromJson(json, { item });
 * ann.label = 'dog';              // label of the current frame's definition
 * await api.update(ann.toJson());
 */
export class Annotation extends AnnotationData {
  /**
   * Stored frames of a video annotation, by frame number (includes held copies made by `getFrame`).
   * Read-only: add frames with {@link Annotation.addFrame} so the frame range follows.
   */
  readonly frames: ReadonlyMap<number, FrameAnnotation>;
  // The SDK's ReflectDict: its range is set by the start/end setters, widened by every stored frame.
  private readonly track: FrameStore;
  /** Frame whose state `annotationDefinition` shows. */
  currentFrame: number;

  private _definition: AnnotationDefinition | null;
  private _startFrame: number;
  private _endFrame: number | null;
  private _startTime: number;
  private _endTime: number;

  /** Internal; use {@link Annotation.fromJson} or {@link Annotation.new}. */
  constructor(init: AnnotationInit) {
    super(init);
    this._startFrame = init.startFrame;
    this._endFrame = init.endFrame;
    this._startTime = init.startTime;
    this._endTime = init.endTime;
    this.track = new FrameStore(init.startFrame, init.endFrame ?? 0);
    this.frames = this.track.frames;
    for (const f of init.frames) this.track.store(f);
    this._definition = init.definition;
    this.currentFrame = init.startFrame;
    if (this.frames.size > 0) {
      this.currentFrame = this.track.first()!;
      this._definition = this.frames.get(this.currentFrame)!.definition;
    }
  }

  /**
   * Reads platform JSON. Throws {@link DlParseError} naming the JSON path when the shape is wrong.
   * Required keys: `type, label, creator, createdAt, updatedBy, updatedAt` (values may be null).
   */
  static fromJson(json: unknown, options: AnnotationFromJsonOptions = {}): Annotation {
    return new Annotation(parseAnnotationJson(json, options));
  }

  /**
   * A new annotation as the SDK's `Annotation.new`: `source: "sdk"`, `automated: true`, ids and
   * dates null; `objectId`, `parentId`, `promptId` only when given; notes copy their status.
   *
   * @example
   * const ann = Annotation.new({ annotationDefinition: new Box({ left: 0, top: 0, right: 9, bottom: 9, label: 'car' }) });
   */
  static new(options: NewAnnotationOptions = {}): Annotation {
    return new Annotation(newAnnotationInit(options));
  }

  // ---- the current definition --------------------------------------------------------------

  /** Geometry of the current frame (the only one for images). */
  get annotationDefinition(): AnnotationDefinition | null {
    return this._definition;
  }

  set annotationDefinition(def: AnnotationDefinition | null) {
    this._definition = def;
    const f = this.frames.get(this.currentFrame);
    if (f && def) f.definition = def;
    if (def && this.type === null) this.type = def.type;
  }

  private requireDefinition(): AnnotationDefinition {
    if (!this._definition) throw new DlError('This annotation has no definition yet');
    return this._definition;
  }

  /** Label of the current definition. */
  get label(): string | null {
    return this._definition?.label ?? null;
  }

  set label(label: string | null) {
    this.requireDefinition().label = label;
  }

  /** v2 attributes of the current definition. */
  get attributes(): Attributes {
    return this._definition?.attributes ?? {};
  }

  set attributes(attributes: Attributes) {
    this.requireDefinition().attributes = attributes;
  }

  /** Description of the current definition. */
  get description(): string | null {
    return this._definition?.description ?? null;
  }

  set description(description: string | null) {
    this.requireDefinition().description = description ?? '';
  }

  /** JSON `coordinates` of the current definition. */
  get coordinates(): unknown {
    return this._definition?.toCoordinates();
  }

  // ---- time ----------------------------------------------------------------------------------

  /** True when the annotation has frames (a video track). */
  get isVideo(): boolean {
    return this.frames.size > 0;
  }

  /** First frame (`metadata.system.frame`). Setting it updates `startTime = frame / fps`. */
  get startFrame(): number {
    return this._startFrame;
  }

  set startFrame(v: number) {
    this._startFrame = roundHalfEven(v);
    this._startTime = this.fps ? v / this.fps : 0;
    this.track.rangeStart = this._startFrame;
  }

  /** Last frame, inclusive (`metadata.system.endFrame`); null when the JSON had none. */
  get endFrame(): number | null {
    return this._endFrame;
  }

  set endFrame(v: number) {
    this._endFrame = roundHalfEven(v);
    this._endTime = this.fps ? v / this.fps : 0;
    this.track.rangeEnd = this._endFrame;
  }

  /** Start in seconds. Setting it sets `startFrame = roundHalfEven(time * fps)`. */
  get startTime(): number {
    return this._startTime;
  }

  set startTime(v: number) {
    this._startFrame = roundHalfEven(this.fps ? v * this.fps : 0);
    this._startTime = v;
    this.track.rangeStart = this._startFrame;
  }

  /** End in seconds. Setting it sets `endFrame = roundHalfEven(time * fps)`. */
  get endTime(): number {
    return this._endTime;
  }

  set endTime(v: number) {
    this._endFrame = roundHalfEven(this.fps ? v * this.fps : 0);
    this._endTime = v;
    this.track.rangeEnd = this._endFrame;
  }

  // ---- frames --------------------------------------------------------------------------------

  /** Highest stored frame number (0 when none). */
  get lastFrame(): number {
    return this.track.last();
  }

  /**
   * The state at frame `n`. A stored frame is returned as is; a frame inside the track's range
   * (`startFrame` .. `endFrame`, widened to every stored frame) that is not stored is a copy of the
   * nearest earlier stored frame ("hold last value"), marked `interpolated` with `fixed = false`,
   * and is stored. Outside the range: `undefined`.
   */
  getFrame(n: number): FrameAnnotation | undefined {
    return this.track.get(n);
  }

  /** Shows frame `n` (sets `currentFrame` and `annotationDefinition`); false when out of range. */
  setFrame(n: number): boolean {
    const f = this.getFrame(n);
    if (!f) return false;
    this.currentFrame = n;
    this._definition = f.definition;
    return true;
  }

  /**
   * Adds the state at frame `n` (default: last frame + 1), as the SDK's `add_frame`. A non-fixed
   * frame equal to the previous frame (all snapshot keys but `frame`) is marked interpolated and not
   * emitted. Extends `endFrame` (and `endTime`) to cover it.
   */
  addFrame(definition: AnnotationDefinition, frameNum?: number | null, options: AddFrameOptions = {}): void {
    if (addFrameTo(this, this.track, definition, frameNum, options)) this._definition = definition;
  }

  /**
   * Adds the same state to every frame of `[frameNum, endFrameNum]` (inclusive), as the SDK's
   * `add_frames`. Times are converted with `roundHalfEven(time * fps)`.
   */
  addFrames(
    definition: AnnotationDefinition,
    frameNum?: number | null,
    endFrameNum?: number | null,
    options: AddFrameOptions & { startTime?: number | null; endTime?: number | null } = {},
  ): void {
    addFramesTo(this, definition, frameNum, endFrameNum, options);
  }

  /**
   * Removes stored frame `n` (a key frame or a written-out in-between frame); false when none is
   * stored there. Low level: the start and end of the track do not move (the key-frame methods
   * below keep them consistent).
   */
  deleteFrame(n: number): boolean {
    return this.track.frames.delete(n);
  }

  /** @internal Stores `f` as given (no equality rule); used by the key-frame methods. */
  putFrame(f: FrameAnnotation): void {
    this.track.store(f);
  }

  // ---- key frames (track editing; see track-edit.ts for how tracks are written) --------------

  /** Key frames: the first frame and every frame stored with `fixed: true`, ascending. */
  keyFrames(): number[] {
    return keyFramesOf(this);
  }

  /**
   * The state shown at frame `n`, without storing anything: the stored frame, else interpolated
   * between the key frames around it (box, point, ellipse, polygon/polyline with equal vertex
   * counts; both visible), else the previous frame held. The result has `interpolated: true` when
   * not stored. Undefined outside the track (unlike {@link Annotation.getFrame}, dtlpy's hold rule).
   */
  frameState(n: number): FrameAnnotation | undefined {
    return frameStateOf(this, n)?.frame;
  }

  /**
   * Makes frame `n` a key frame (`fixed: true`) with `definition`: the user edited the object there.
   * The frames between it and the key frames around it that were interpolated are written out again
   * (`fixed: false`); stored frames that were not interpolated (a tracker's) are kept. Before the
   * first frame it becomes the new start; after the end it extends the track.
   *
   * @example
   * track.setKeyFrame(30, new Box({ left: 40, top: 10, right: 90, bottom: 60, label: 'car' }));
   * track.frameState(15); // halfway between the key frames 0 and 30
   */
  setKeyFrame(n: number, definition: AnnotationDefinition, options: SetKeyFrameOptions = {}): void {
    setKeyFrameOf(this, n, definition, options);
  }

  /** Makes the state shown at `n` (interpolated or held) a key frame; the shown frames do not change. */
  insertKeyFrame(n: number): void {
    insertKeyFrameOf(this, n);
  }

  /**
   * Removes key frame `n`; the frames around it are interpolated between its neighbours again.
   * Deleting the first frame starts the track at the next one. Throws for the only key frame.
   */
  deleteKeyFrame(n: number): void {
    deleteKeyFrameOf(this, n);
  }

  /** Copies the state shown at `n` to a key frame at `n + 1`; returns `n + 1`. */
  copyToNextFrame(n: number): number {
    return copyToNextFrameOf(this, n);
  }

  /**
   * A visibility key frame at `n`: `false` hides the object from `n` (occlusion) until a later
   * visible key frame, `true` shows it again from `n` (held from the last shown state). Frames
   * before `n` keep what they showed.
   */
  setObjectVisible(n: number, visible: boolean): void {
    setObjectVisibleOf(this, n, visible);
  }

  /**
   * The object leaves at frame `n`: a key frame with `objectVisible: false` at `n`, every later
   * frame removed, `endFrame = n`. Frames before `n` keep what they showed.
   */
  endTrack(n: number): void {
    endTrackOf(this, n);
  }

  /**
   * Splits the track at frame `n`: this annotation keeps frames before `n` (`endFrame = n - 1`), and
   * the returned new annotation (no id, `objectId` given) starts at `n` with the state shown there
   * and takes every later stored frame. `n` must be a visible frame after the first.
   */
  splitTrack(n: number, objectId: string | number | null): Annotation {
    const json = splitTrackOf(this, n, objectId);
    return Annotation.fromJson(json, { item: this.item, isVideo: true, fps: this.fps });
  }

  /**
   * Merges `other` (same type and label: two labels are two objects, refused) into this track: the frames of both, this track's key frames winning
   * where both have one, the range covering both. Each track's held tail becomes a key frame first,
   * so the gap between them is interpolated. `other` is not modified (delete it yourself).
   * Tracks that both show their object on some frame are two objects too, refused (as CVAT): end
   * one (`endTrack`) before the other starts, then merge.
   *
   * @throws DlError when `other` is not a video track, is of another type or another label, or both
   *   tracks show their object on some frame.
   */
  mergeTrack(other: Annotation): void {
    mergeTrackOf(this, other);
  }

  /**
   * Stores a tracker's (or a model's) per-frame output as frames that are not key frames
   * (`fixed: false`): the user corrects one with {@link Annotation.setKeyFrame}, and the other
   * tracked frames stay. Key frames and the first frame are never overwritten; the track is extended
   * to the last frame given. Returns how many frames were stored.
   *
   * @example
   * const boxes = await trackBox(frames, startBox); // a tracker kernel: one box per later frame
   * track.setTrackedFrames(boxes.map((b, i) => ({ frame: start + 1 + i, definition: new Box({ ...b, label }) })));
   */
  setTrackedFrames(frames: readonly TrackedFrame[]): number {
    return setTrackedFramesOf(this, frames);
  }

  // ---- JSON ----------------------------------------------------------------------------------

  /**
   * Platform JSON in the SDK's key order: `id, url, creator, metadata, hash, itemId, item, label,
   * dataset, createdAt, updatedBy, updatedAt, source, [description], [labelSuggestions], datasetId,
   * type, [coordinates], attributes`, then unknown keys. Video: first stored frame at top level,
   * later key frames in `metadata.system.snapshots_`.
   */
  toJson(): JsonObject {
    return annotationToJson(this, this.track.rangeStart, this.track.rangeEnd);
  }

  /** `JSON.stringify(annotation)` gives the platform JSON, as for every other entity. */
  toJSON(): JsonObject {
    return this.toJson();
  }

  /** Deep copy through JSON (`Annotation.fromJson(this.toJson())` with the same item and fps). */
  clone(): Annotation {
    const a = Annotation.fromJson(this.toJson(), { item: this.item, isVideo: this.isVideo, fps: this.fps });
    return a;
  }
}
