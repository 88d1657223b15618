// One key frame of a video annotation (the SDK's FrameAnnotation) and its snapshot JSON.
import { DlParseError } from '../errors.js';
import { readObject, requireKey, type JsonObject } from '../json-read.js';
import type { AnnotationDefinition } from './base-definition.js';
import { definitionFromJson } from './definition-from-json.js';
import { optBoolean, optString, readAttributes, structuredCloneJson } from './json-util.js';
import { setOwn } from './own-keys.js';

/** Snapshot keys dl-kit interprets; any other key is kept in {@link FrameAnnotation.extra}. */
const SNAPSHOT_KEYS = new Set([
  'frame',
  'fixed',
  'label',
  'type',
  'objectVisible',
  'data',
  'coordinates',
  'description',
  'namedAttributes',
  'attributes',
]);

/** Constructor options of {@link FrameAnnotation}. */
export interface FrameAnnotationOptions {
  definition: AnnotationDefinition;
  frameNum: number;
  /** @default true */
  fixed?: boolean;
  /** @default true */
  objectVisible?: boolean;
  /** v1 attribute list of this frame (`attributes` in the snapshot); `undefined` = not written. */
  recipe1Attributes?: unknown;
  /** Unknown snapshot keys to write back (e.g. the legacy `startTime`). */
  extra?: JsonObject;
}

/**
 * The state of a video annotation at one frame: geometry (definition), `fixed` (a key frame set by
 * the user), `objectVisible`, and whether it was produced by holding the previous frame
 * (`interpolated`, never emitted unless fixed).
 */
export class FrameAnnotation {
  /** Geometry, label and v2 attributes at this frame. */
  definition: AnnotationDefinition;
  /** Frame number. */
  frameNum: number;
  /** A key frame set by the user; fixed frames are always emitted. */
  fixed: boolean;
  /** Whether the object is visible at this frame. */
  objectVisible: boolean;
  /** True for frames made by "hold last value" or equal to the previous frame; not emitted unless `fixed`. */
  interpolated = false;
  /** v1 attributes of this snapshot, `undefined` when the snapshot had none. */
  recipe1Attributes: unknown;
  /** Unknown snapshot keys, written back after the known ones. */
  extra: JsonObject;
  /** Raw `data` of a snapshot whose definition has no coordinates (classification), for a faithful round trip. */
  rawData: unknown = undefined;

  constructor(options: FrameAnnotationOptions) {
    this.definition = options.definition;
    this.frameNum = options.frameNum;
    this.fixed = options.fixed ?? true;
    this.objectVisible = options.objectVisible ?? true;
    this.recipe1Attributes = structuredCloneJson(options.recipe1Attributes);
    this.extra = options.extra ? structuredCloneJson(options.extra) : {};
  }

  /** Label of this frame's definition. */
  get label(): string | null {
    return this.definition.label;
  }

  /** Deep copy (definition included). */
  clone(): FrameAnnotation {
    const f = new FrameAnnotation({
      definition: this.definition.clone(),
      frameNum: this.frameNum,
      fixed: this.fixed,
      objectVisible: this.objectVisible,
      recipe1Attributes: this.recipe1Attributes,
      extra: this.extra,
    });
    f.interpolated = this.interpolated;
    f.rawData = structuredCloneJson(this.rawData);
    return f;
  }

  /**
   * Snapshot JSON in the SDK's order: `frame, fixed, label, type, objectVisible, data, [description],
   * namedAttributes, [attributes]`, then unknown keys.
   */
  toSnapshot(type: string | null): JsonObject {
    const d = this.definition;
    const out: JsonObject = {
      frame: this.frameNum,
      fixed: this.fixed,
      label: d.label,
      type,
      objectVisible: this.objectVisible,
      data: d.hasCoordinates ? d.toCoordinates() : structuredCloneJson(this.rawData ?? []),
    };
    if (d.description !== null) out['description'] = d.description;
    out['namedAttributes'] = structuredCloneJson(d.attributes);
    if (this.recipe1Attributes !== undefined) out['attributes'] = structuredCloneJson(this.recipe1Attributes);
    for (const [k, v] of Object.entries(this.extra)) setOwn(out, k, structuredCloneJson(v));
    return out;
  }

  /**
   * Reads one `snapshots_` entry. The annotation's `type` wins over the snapshot's; `label` is
   * required; `frame` defaults to `lastFrame + 1`, `fixed` to false, `objectVisible` to true;
   * coordinates are read from `coordinates` if present, else `data`.
   */
  static fromSnapshot(json: unknown, type: string | null, lastFrame: number, path: string): FrameAnnotation {
    const o = readObject(json, path);
    const label = optString(requireKey(o, 'label', path), `${path}.label`);
    const rawFrame = o['frame'];
    let frameNum = lastFrame + 1;
    if (rawFrame !== null && rawFrame !== undefined) {
      if (typeof rawFrame !== 'number' || !Number.isSafeInteger(rawFrame)) {
        throw new DlParseError(`${path}.frame`, 'an integer frame number', rawFrame);
      }
      frameNum = rawFrame;
    }
    const coordsKey = 'coordinates' in o ? 'coordinates' : 'data';
    const definition = definitionFromJson(
      type,
      o[coordsKey],
      {
        label,
        attributes: readAttributes(o['namedAttributes'], `${path}.namedAttributes`),
        description: optString(o['description'], `${path}.description`),
      },
      `${path}.${coordsKey}`,
    );
    const extra: JsonObject = {};
    for (const [k, v] of Object.entries(o)) if (!SNAPSHOT_KEYS.has(k)) setOwn(extra, k, v);
    const frame = new FrameAnnotation({
      definition,
      frameNum,
      fixed: optBoolean(o['fixed'], `${path}.fixed`, false),
      objectVisible: optBoolean(o['objectVisible'], `${path}.objectVisible`, true),
      recipe1Attributes: 'attributes' in o ? o['attributes'] : undefined,
      extra,
    });
    if (!definition.hasCoordinates) frame.rawData = structuredCloneJson(o[coordsKey]);
    return frame;
  }
}
