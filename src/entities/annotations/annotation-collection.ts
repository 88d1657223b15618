// AnnotationCollection: the annotations of one item, parsed leniently (bad entries reported, not fatal).
import { DlError, DlParseError } from '../errors.js';
import { getGeometryBackend, type Mask } from '../geometry-backend.js';
import { isObject, readArray, type JsonObject } from '../json-read.js';
import { Annotation } from './annotation.js';
import type { AnnotationDefinition } from './base-definition.js';
import { Segmentation } from './definitions/segmentation.js';
import { itemFps, itemMimetype, itemSize } from './item-info.js';
import { normalizeObjectId } from './object-id.js';
import type { AnnotationItemLike, ModelInfo } from './types.js';
import { Subtitle } from './definitions/text-like.js';
import { roundHalfEven } from '../rounding.js';
import { readVtt, writeVtt } from './vtt.js';

/** One entry `AnnotationCollection.fromJson` skipped. */
export interface AnnotationParseFailure {
  /** Index of the entry in the input list. */
  index: number;
  error: DlParseError;
  /** The entry as given. */
  json: unknown;
}

/** Options of {@link AnnotationCollection.fromJson}. */
export interface AnnotationCollectionFromJsonOptions {
  item?: AnnotationItemLike | null;
  /** Unknown => item mimetype (or the export's `metadata.system.mimetype`), else per annotation. */
  isVideo?: boolean | null;
  /** @default item fps, else the export's `metadata.system.fps`, else 25 */
  fps?: number | null;
  height?: number | null;
  width?: number | null;
}

/** Options of {@link AnnotationCollection.add} (the SDK's `AnnotationCollection.add`). */
export interface AddAnnotationOptions {
  /** Required on video: frames with the same object id merge into one annotation. */
  objectId?: string | number | null;
  frameNum?: number | null;
  endFrameNum?: number | null;
  startTime?: number | null;
  endTime?: number | null;
  /** @default true */
  automated?: boolean;
  /** @default true */
  fixed?: boolean;
  /** @default true */
  objectVisible?: boolean;
  metadata?: JsonObject | null;
  parentId?: string | null;
  promptId?: string | null;
  /** Written to `metadata.user.model = {name, confidence[, model_id]}`. */
  modelInfo?: ModelInfo | null;
}

/** Options of {@link AnnotationCollection.fromInstanceMask}. */
export interface FromInstanceMaskOptions {
  /** The item the annotations belong to (sets the collection's item, size and fps). */
  item?: AnnotationItemLike | null;
  /** Cancels the geometry calls. */
  signal?: AbortSignal;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The annotations of one item. `fromJson` never throws for a bad entry: it skips it and reports it
 * in {@link AnnotationCollection.errors}; the rest still loads.
 *
 * @example
 * const coll = AnnotationCollection.fromJson(list, { item });
 * for (const e of coll.errors) console.warn(e.index, e.error.message);
 * coll.add(new Box({ left: 1, top: 2, right: 3, bottom: 4, label: 'car' }));
 */
export class AnnotationCollection implements Iterable<Annotation> {
  item: AnnotationItemLike | null;
  annotations: Annotation[];
  /** Entries skipped by `fromJson`. */
  errors: AnnotationParseFailure[] = [];
  /** Video collection (item mimetype or `isVideo`); null when unknown. */
  isVideo: boolean | null;
  /** fps used for video annotations. */
  fps: number | null;
  height: number | null;
  width: number | null;

  constructor(
    options: {
      item?: AnnotationItemLike | null;
      annotations?: Annotation[];
      isVideo?: boolean | null;
      fps?: number | null;
      height?: number | null;
      width?: number | null;
    } = {},
  ) {
    this.item = options.item ?? null;
    this.annotations = options.annotations ?? [];
    const mimetype = itemMimetype(this.item);
    this.isVideo = options.isVideo ?? (mimetype !== null ? mimetype.includes('video') : null);
    this.fps = itemFps(this.item) ?? options.fps ?? null;
    const size = itemSize(this.item);
    this.height = size.height ?? options.height ?? null;
    this.width = size.width ?? options.width ?? null;
  }

  /**
   * Reads a list of annotation JSON, or an item export `{_id, filename, metadata?, annotations}`.
   * Entries that fail to parse are skipped and reported in `errors` with their index. The result is
   * sorted by label (images) or by start frame (video), stably, as the SDK does.
   */
  static fromJson(json: unknown, options: AnnotationCollectionFromJsonOptions = {}): AnnotationCollection {
    const item = options.item ?? null;
    let isVideo = options.isVideo ?? null;
    let fps = options.fps ?? null;
    let height = options.height ?? null;
    let width = options.width ?? null;
    let list: unknown[];
    if (isObject(json) && 'annotations' in json) {
      if (!item) {
        const md = isObject(json['metadata']) ? json['metadata'] : {};
        const sys = isObject(md['system']) ? md['system'] : {};
        if (isVideo === null && typeof sys['mimetype'] === 'string') isVideo = sys['mimetype'].includes('video');
        if (isVideo) {
          if (fps === null && typeof sys['fps'] === 'number') fps = sys['fps'];
          const ff = isObject(sys['ffmpeg']) ? sys['ffmpeg'] : {};
          if (typeof ff['height'] === 'number') height ??= ff['height'];
          if (typeof ff['width'] === 'number') width ??= ff['width'];
        } else {
          if (typeof sys['height'] === 'number') height ??= sys['height'];
          if (typeof sys['width'] === 'number') width ??= sys['width'];
        }
      }
      list = readArray(json['annotations'], '$.annotations');
    } else {
      list = readArray(json, '$');
    }
    if (item) {
      const mimetype = itemMimetype(item);
      if (isVideo === null && mimetype !== null) isVideo = mimetype.includes('video');
    }
    const coll = new AnnotationCollection({ item, isVideo, fps: fps ?? 25, height, width });
    list.forEach((entry, index) => {
      try {
        coll.annotations.push(
          Annotation.fromJson(entry, { item, isVideo, fps: coll.fps, width: coll.width, height: coll.height }),
        );
      } catch (error) {
        if (!(error instanceof DlParseError)) throw error;
        coll.errors.push({ index, error, json: entry });
      }
    });
    if (isVideo) coll.annotations.sort((a, b) => a.startFrame - b.startFrame);
    else coll.annotations.sort((a, b) => compareStrings(a.label ?? '', b.label ?? ''));
    return coll;
  }

  /** The SDK's item export shape: `{_id, filename, annotations: [...]}`. */
  toJson(): { _id: string | null; filename: string | null; annotations: JsonObject[] } {
    return {
      _id: this.item?.id ?? null,
      filename: this.item?.filename ?? null,
      annotations: this.annotations.map((a) => a.toJson()),
    };
  }

  /** Just the annotation JSON list (the upload body). */
  toJsonList(): JsonObject[] {
    return this.annotations.map((a) => a.toJson());
  }

  /** `JSON.stringify(collection)` gives {@link AnnotationCollection.toJson}, as for every entity. */
  toJSON(): ReturnType<AnnotationCollection['toJson']> {
    return this.toJson();
  }

  /**
   * An instance mask to one `Segmentation` per label, as dtlpy's `AnnotationCollection.from_instance_mask`
   * (spec §3.4): for each `(label, id)` of `instanceMap` in its iteration order, the pixels equal to
   * `id`; a label whose id does not occur is skipped, ids not in the map are ignored, and 0 is not
   * special unless it is mapped. No objectId, default (white) colour. Goes through the registered
   * geometry backend (the worker on a browser page).
   *
   * @example
   * const coll = await AnnotationCollection.fromInstanceMask(mask, ontology.instanceMap);
   */
  static async fromInstanceMask(
    mask: Mask,
    instanceMap: Record<string, number> | Map<string, number> | ReadonlyArray<readonly [string, number]>,
    options: FromInstanceMaskOptions = {},
  ): Promise<AnnotationCollection> {
    const backend = getGeometryBackend();
    if (!backend.masksFromInstanceMask)
      throw new DlError('the registered geometry backend has no masksFromInstanceMask');
    const entries: Array<readonly [string, number]> = Array.isArray(instanceMap)
      ? [...instanceMap]
      : instanceMap instanceof Map
        ? [...instanceMap.entries()]
        : Object.entries(instanceMap as Record<string, number>);
    const signal = options.signal;
    const parts = await backend.masksFromInstanceMask(mask, entries, signal ? { signal } : undefined);
    // Segmentation.fromMask, but the per-label masks are ours: a worker backend may transfer them, not copy.
    const defs = await Promise.all(
      parts.map(
        async (p) =>
          new Segmentation({
            label: p.label,
            dataUrl: await backend.encodeSegmentation(p.mask, [255, 255, 255], { signal, transferMask: true }),
          }),
      ),
    );
    const coll = new AnnotationCollection({ item: options.item ?? null, height: mask.height, width: mask.width });
    for (const d of defs) coll.add(d);
    return coll;
  }

  /**
   * Adds a definition (or several with the same options). With `objectId`, joins the annotation that
   * has that object id (video: adds frames to it); otherwise creates a new one. On a video collection
   * `objectId` is required. `modelInfo` is written to `metadata.user.model`.
   */
  add(definition: AnnotationDefinition | AnnotationDefinition[], options: AddAnnotationOptions = {}): void {
    const objectId = normalizeObjectId(options.objectId);
    if (this.isVideo && objectId === null) {
      throw new DlError('AnnotationCollection.add on a video item requires objectId (frames are merged by it)');
    }
    let metadata = options.metadata ?? null;
    if (options.modelInfo) {
      const mi = options.modelInfo;
      if (typeof mi.confidence !== 'number' || !Number.isFinite(mi.confidence)) {
        throw new DlError('modelInfo must have a numeric confidence');
      }
      metadata = { ...(metadata ?? {}) };
      const user = isObject(metadata['user']) ? { ...metadata['user'] } : {};
      const model: JsonObject = { name: mi.name ?? null, confidence: mi.confidence };
      if (mi.modelId !== undefined) model['model_id'] = mi.modelId;
      user['model'] = model;
      metadata['user'] = user;
    }
    const defs = Array.isArray(definition) ? definition : [definition];
    for (const def of defs) {
      let target: Annotation | undefined;
      if (objectId !== null) {
        const matches = this.annotations.filter((a) => a.objectId === objectId);
        if (matches.length > 1) throw new DlError(`more than one annotation with same object id: ${objectId}`);
        target = matches[0];
      }
      if (!target) {
        target = Annotation.new({
          item: this.item,
          annotationDefinition: def,
          frameNum: options.frameNum ?? null,
          automated: options.automated ?? true,
          metadata,
          objectId,
          parentId: options.parentId ?? null,
          promptId: options.promptId ?? null,
          fps: this.fps,
        });
        this.annotations.push(target);
      }
      const hasFrame =
        (options.frameNum !== null && options.frameNum !== undefined) ||
        (options.startTime !== null && options.startTime !== undefined);
      if (hasFrame) {
        target.addFrames(def, options.frameNum ?? null, options.endFrameNum ?? null, {
          startTime: options.startTime ?? null,
          endTime: options.endTime ?? null,
          fixed: options.fixed ?? true,
          objectVisible: options.objectVisible ?? true,
        });
      }
    }
  }

  /** Annotations present at frame `n`, each set to that frame (as the SDK's `get_frame`). */
  getFrame(n: number): AnnotationCollection {
    const out = new AnnotationCollection({
      item: this.item,
      isVideo: this.isVideo,
      fps: this.fps,
      height: this.height,
      width: this.width,
    });
    for (const a of this.annotations) if (a.setFrame(n)) out.annotations.push(a);
    return out;
  }

  /** The next free object id: one more than the largest numeric `objectId` here, as digits ("1" when none). */
  nextObjectId(): string {
    let max = 0;
    for (const a of this.annotations) if (a.objectId !== null) max = Math.max(max, Number(a.objectId));
    return String(max + 1);
  }

  /**
   * Splits `annotation` at frame `n` ({@link Annotation.splitTrack}) under {@link nextObjectId};
   * the new track is added to the collection and returned (create it on the server).
   */
  splitTrack(annotation: Annotation, n: number): Annotation {
    if (!this.annotations.includes(annotation))
      throw new DlError('splitTrack: the annotation is not in this collection');
    const tail = annotation.splitTrack(n, this.nextObjectId());
    this.annotations.push(tail);
    return tail;
  }

  /**
   * Merges `other` into `target` ({@link Annotation.mergeTrack}) and removes `other` from the
   * collection; returns `other` (delete it on the server).
   */
  mergeTracks(target: Annotation, other: Annotation): Annotation {
    if (target === other) throw new DlError('mergeTracks: cannot merge a track into itself');
    const i = this.annotations.indexOf(other);
    if (i < 0 || !this.annotations.includes(target))
      throw new DlError('mergeTracks: both annotations must be in this collection');
    target.mergeTrack(other);
    this.annotations.splice(i, 1);
    return other;
  }

  /**
   * The `subtitle` annotations as a WebVTT file, sorted by start time (dtlpy's
   * `download(annotation_format=VTT)`, spec §2.4): times `HH:MM:SS.mmm`, text `coordinates.text`.
   */
  toVtt(): string {
    const cues = this.annotations
      .filter((a) => a.type === 'subtitle')
      .map((a) => {
        const c = a.coordinates as { text?: unknown } | undefined;
        return { start: a.startTime, end: a.endTime, text: typeof c?.text === 'string' ? c.text : '' };
      });
    return writeVtt(cues);
  }

  /**
   * Adds one `subtitle` annotation per cue of a WebVTT file (dtlpy's `from_vtt_file`, from text):
   * label `"Text"` unless given, `startTime`/`endTime` from the cue, frames `roundHalfEven(time * fps)`
   * (dtlpy leaves `frame` at 0 here; dl-kit writes the cue's frame). Needs the collection's fps.
   * Returns the added annotations; a malformed file throws {@link DlParseError} naming the line.
   *
   * @example
   * const added = collection.fromVtt(await file.text());
   */
  fromVtt(text: string, options: { label?: string } = {}): Annotation[] {
    const fps = this.fps ?? itemFps(this.item);
    if (!fps) throw new DlError('fromVtt: the collection needs an fps (a video item, or fps in its options)');
    const added: Annotation[] = [];
    for (const cue of readVtt(text)) {
      const def = new Subtitle({ text: cue.text, label: options.label ?? 'Text' });
      const frame = roundHalfEven(cue.start * fps);
      const a = Annotation.new({ item: this.item, annotationDefinition: def, frameNum: frame, fps });
      a.addFrame(def, frame);
      a.startTime = cue.start;
      a.endTime = cue.end;
      this.annotations.push(a);
      added.push(a);
    }
    return added;
  }

  /** Number of annotations. */
  get length(): number {
    return this.annotations.length;
  }

  /** The annotation at `index` (negative counts from the end). */
  at(index: number): Annotation | undefined {
    return this.annotations.at(index);
  }

  [Symbol.iterator](): Iterator<Annotation> {
    return this.annotations[Symbol.iterator]();
  }

  /** First annotation matching `predicate`. */
  find(predicate: (a: Annotation, index: number) => boolean): Annotation | undefined {
    return this.annotations.find(predicate);
  }

  /** Annotations matching `predicate`. */
  filter(predicate: (a: Annotation, index: number) => boolean): Annotation[] {
    return this.annotations.filter(predicate);
  }

  /** Annotation with this id. */
  getById(id: string): Annotation | undefined {
    return this.annotations.find((a) => a.id === id);
  }
}
