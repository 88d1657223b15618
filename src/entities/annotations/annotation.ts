// The Annotation entity: platform JSON in, the same JSON out; frames for video.
import { DlError } from '../errors.js';
import { isObject, type JsonObject } from '../json-read.js';
import { roundHalfEven } from '../rounding.js';
import { parseAnnotationJson, type AnnotationFromJsonOptions } from './annotation-from-json.js';
import type { AnnotationInit } from './annotation-init.js';
import type { AnnotationDefinition } from './base-definition.js';
import { FrameAnnotation } from './frame-annotation.js';
import { newAnnotationInit, type NewAnnotationOptions } from './annotation-new.js';
import { annotationToJson } from './annotation-to-json.js';
import { itemFps } from './item-info.js';
import { jsonEqual } from './json-util.js';
import { normalizeObjectId } from './object-id.js';
import type { AnnotationItemLike, Attributes } from './types.js';
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

export type { NewAnnotationOptions, SetKeyFrameOptions, TrackedFrame };

/** Options of {@link Annotation.addFrame}. */
export interface AddFrameOptions {
  /** A key frame set by the user (always emitted). @default true */
  fixed?: boolean;
  /** @default true */
  objectVisible?: boolean;
}

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
export class Annotation {
  id: string | null;
  url: string | null;
  /** JSON `item` (URL). */
  itemUrl: string | null;
  itemId: string | null;
  /** JSON `dataset` (URL). */
  datasetUrl: string | null;
  datasetId: string | null;
  creator: string | null;
  createdAt: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
  source: string | null;
  hash: string | null;
  /** Passthrough `labelSuggestions`; `undefined` = not written. */
  labelSuggestions: unknown;
  /** The whole `metadata` object; `metadata.system` keys the SDK does not own are kept in place. */
  metadata: JsonObject;
  /** The `type` string. */
  type: string | null;
  /** v1 ("recipe 1") attribute list: top-level `attributes`, re-emitted untouched (`null` for new). */
  recipe1Attributes: unknown;
  /** Unknown top-level keys, written back after the known ones in their original order. */
  extra: JsonObject;
  /** Review status; `clear` is written as `null` so the backend removes it. */
  status: string | null;
  /** `metadata.system.automated` (written when not null). */
  automated: boolean | null;
  /** Frames per second (video/audio), from the item or the reader's default. */
  fps: number | null;
  /** The item given to `fromJson`/`new`, if any. */
  item: AnnotationItemLike | null;
  itemWidth: number | null;
  itemHeight: number | null;
  /**
   * Stored frames of a video annotation, by frame number (includes held copies made by `getFrame`).
   * Read-only: add frames with {@link Annotation.addFrame} so the frame range follows.
   */
  readonly frames: ReadonlyMap<number, FrameAnnotation>;
  private readonly frameStore: Map<number, FrameAnnotation>;
  // The SDK's ReflectDict range: set by the start/end setters, widened whenever a frame is stored.
  private rangeStart: number;
  private rangeEnd: number;
  /** Frame whose state `annotationDefinition` shows. */
  currentFrame: number;

  private _objectId: string | null;
  private _definition: AnnotationDefinition | null;
  private _startFrame: number;
  private _endFrame: number | null;
  private _startTime: number;
  private _endTime: number;

  /** Internal; use {@link Annotation.fromJson} or {@link Annotation.new}. */
  constructor(init: AnnotationInit) {
    this.id = init.id;
    this.url = init.url;
    this.itemUrl = init.itemUrl;
    this.itemId = init.itemId;
    this.datasetUrl = init.datasetUrl;
    this.datasetId = init.datasetId;
    this.creator = init.creator;
    this.createdAt = init.createdAt;
    this.updatedBy = init.updatedBy;
    this.updatedAt = init.updatedAt;
    this.source = init.source;
    this.hash = init.hash;
    this.labelSuggestions = init.labelSuggestions;
    this.metadata = init.metadata;
    this.type = init.type;
    this.recipe1Attributes = init.recipe1Attributes;
    this.extra = init.extra;
    this._objectId = init.objectId;
    this.status = init.status;
    this.automated = init.automated;
    this.fps = init.fps;
    this.item = init.item;
    this.itemWidth = init.itemWidth;
    this.itemHeight = init.itemHeight;
    this._startFrame = init.startFrame;
    this._endFrame = init.endFrame;
    this._startTime = init.startTime;
    this._endTime = init.endTime;
    this.frameStore = new Map();
    this.frames = this.frameStore;
    this.rangeStart = init.startFrame;
    this.rangeEnd = init.endFrame ?? 0;
    for (const f of init.frames) this.storeFrame(f);
    this._definition = init.definition;
    this.currentFrame = init.startFrame;
    if (this.frames.size > 0) {
      this.currentFrame = this.firstFrameNum()!;
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

  // ---- identity and metadata ---------------------------------------------------------------

  /** `metadata.system.objectId`: digits string. Setting an int stringifies it; non-digits throw. */
  get objectId(): string | null {
    return this._objectId;
  }

  set objectId(value: string | number | null) {
    this._objectId = normalizeObjectId(value);
  }

  private system(): JsonObject {
    if (!isObject(this.metadata['system'])) this.metadata['system'] = {};
    return this.metadata['system'] as JsonObject;
  }

  /** `metadata.system.parentId` (e.g. the pose a key point belongs to). */
  get parentId(): string | null {
    const v = isObject(this.metadata['system']) ? this.metadata['system']['parentId'] : null;
    return typeof v === 'string' ? v : null;
  }

  set parentId(value: string | null) {
    this.system()['parentId'] = value;
  }

  /** `metadata.system.promptId` (link to a prompt of a PromptItem). */
  get promptId(): string | null {
    const v = isObject(this.metadata['system']) ? this.metadata['system']['promptId'] : null;
    return typeof v === 'string' ? v : null;
  }

  set promptId(value: string | null) {
    this.system()['promptId'] = value;
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
    this.rangeStart = this._startFrame;
  }

  /** Last frame, inclusive (`metadata.system.endFrame`); null when the JSON had none. */
  get endFrame(): number | null {
    return this._endFrame;
  }

  set endFrame(v: number) {
    this._endFrame = roundHalfEven(v);
    this._endTime = this.fps ? v / this.fps : 0;
    this.rangeEnd = this._endFrame;
  }

  /** Start in seconds. Setting it sets `startFrame = roundHalfEven(time * fps)`. */
  get startTime(): number {
    return this._startTime;
  }

  set startTime(v: number) {
    this._startFrame = roundHalfEven(this.fps ? v * this.fps : 0);
    this._startTime = v;
    this.rangeStart = this._startFrame;
  }

  /** End in seconds. Setting it sets `endFrame = roundHalfEven(time * fps)`. */
  get endTime(): number {
    return this._endTime;
  }

  set endTime(v: number) {
    this._endFrame = roundHalfEven(this.fps ? v * this.fps : 0);
    this._endTime = v;
    this.rangeEnd = this._endFrame;
  }

  // ---- frames --------------------------------------------------------------------------------

  private storeFrame(f: FrameAnnotation): void {
    this.frameStore.set(f.frameNum, f);
    if (f.frameNum > this.rangeEnd) this.rangeEnd = f.frameNum;
    if (f.frameNum < this.rangeStart) this.rangeStart = f.frameNum;
  }

  private firstFrameNum(): number | null {
    let min: number | null = null;
    for (const k of this.frames.keys()) if (min === null || k < min) min = k;
    return min;
  }

  /** Highest stored frame number (0 when none). */
  get lastFrame(): number {
    let max = 0;
    let any = false;
    for (const k of this.frames.keys())
      if (!any || k > max) {
        max = k;
        any = true;
      }
    return max;
  }

  /**
   * The state at frame `n`. A stored frame is returned as is; a frame inside the track's range
   * (`startFrame` .. `endFrame`, widened to every stored frame) that is not stored is a copy of the
   * nearest earlier stored frame ("hold last value"), marked `interpolated` with `fixed = false`,
   * and is stored. Outside the range: `undefined`.
   */
  getFrame(n: number): FrameAnnotation | undefined {
    if (n < this.rangeStart || n > this.rangeEnd) return undefined;
    const stored = this.frameStore.get(n);
    if (stored) return stored;
    let best: number | null = null;
    for (const k of this.frameStore.keys()) if (k < n && k >= this.rangeStart && (best === null || k > best)) best = k;
    if (best === null) return undefined;
    const copy = this.frameStore.get(best)!.clone();
    copy.interpolated = true;
    copy.fixed = false;
    copy.frameNum = n;
    this.storeFrame(copy);
    return copy;
  }

  /** Shows frame `n` (sets `currentFrame` and `annotationDefinition`); false when out of range. */
  setFrame(n: number): boolean {
    const f = this.getFrame(n);
    if (!f) return false;
    this.currentFrame = n;
    this._definition = f.definition;
    return true;
  }

  private requireFps(): number {
    if (this.fps === null) this.fps = itemFps(this.item);
    if (this.fps === null) throw new DlError('Annotation must have fps in order to perform this action');
    return this.fps;
  }

  /**
   * Adds the state at frame `n` (default: last frame + 1), as the SDK's `add_frame`. A non-fixed
   * frame equal to the previous frame (all snapshot keys but `frame`) is marked interpolated and not
   * emitted. Extends `endFrame` (and `endTime`) to cover it.
   */
  addFrame(definition: AnnotationDefinition, frameNum?: number | null, options: AddFrameOptions = {}): void {
    // fps only turns times into frames: without it (no item, none given) frames still work and the
    // times are written as 0, as the SDK does.
    if (this.fps === null) this.fps = itemFps(this.item);
    const fixed = options.fixed ?? true;
    const objectVisible = options.objectVisible ?? true;
    if (this._definition === null && this.frames.size === 0) {
      const n = frameNum ?? 0;
      this.startFrame = n;
      this.storeFrame(new FrameAnnotation({ definition, frameNum: n, fixed, objectVisible }));
      this.currentFrame = n;
      this._definition = definition;
      this.endFrame = n;
      this.type = definition.type;
      return;
    }
    const current = this._definition!;
    if (
      !(definition instanceof (current.constructor as new (...a: never[]) => AnnotationDefinition)) ||
      definition.type !== current.type
    ) {
      throw new DlError(
        `All frames in annotation must have same type: expected "${current.type}", got "${definition.type}"`,
      );
    }
    let n: number;
    if (frameNum === null || frameNum === undefined) n = this.lastFrame + 1;
    else {
      n = frameNum;
      if (n < this._startFrame) this.startFrame = n;
    }
    if (this.frames.size === 0) {
      // The image-style definition becomes the first stored frame.
      this.storeFrame(new FrameAnnotation({ definition: current, frameNum: this._startFrame, fixed, objectVisible }));
    }
    const frame = new FrameAnnotation({ definition, frameNum: n, fixed, objectVisible });
    this.storeFrame(frame);
    if (n === this.currentFrame) this._definition = definition;
    if (!fixed && this._startFrame < n) {
      const prev = this.getFrame(n - 1);
      if (prev) {
        const a = prev.toSnapshot(this.type);
        const b = frame.toSnapshot(this.type);
        delete a['frame'];
        delete b['frame'];
        if (jsonEqual(a, b)) frame.interpolated = true;
      }
    }
    this.endFrame = Math.max(this.lastFrame, n);
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
    let start = frameNum ?? null;
    let end = endFrameNum ?? null;
    if (start === null) {
      if (options.startTime === null || options.startTime === undefined)
        throw new DlError('addFrames needs frameNum or startTime');
      start = roundHalfEven(options.startTime * this.requireFps());
    }
    if (end === null) {
      end =
        options.endTime !== null && options.endTime !== undefined
          ? roundHalfEven(options.endTime * this.requireFps())
          : start;
    }
    for (let f = start; f <= end; f++) this.addFrame(f === start ? definition : definition.clone(), f, options);
  }

  /**
   * Removes stored frame `n` (a key frame or a written-out in-between frame); false when none is
   * stored there. Low level: the start and end of the track do not move (the key-frame methods
   * below keep them consistent).
   */
  deleteFrame(n: number): boolean {
    return this.frameStore.delete(n);
  }

  /** @internal Stores `f` as given (no equality rule); used by the key-frame methods. */
  putFrame(f: FrameAnnotation): void {
    this.storeFrame(f);
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
   * Merges `other` (same type) into this track: the frames of both, this track's key frames winning
   * where both have one, the range covering both. Each track's held tail becomes a key frame first,
   * so the gap between them is interpolated. `other` is not modified (delete it yourself).
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
    return annotationToJson(this, this.rangeStart, this.rangeEnd);
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
