// What `Annotation.new` / `AnnotationCollection.add` set on a new annotation (spec §1.6).
import { isObject, type JsonObject } from '../json-read.js';
import type { AnnotationInit } from './annotation-init.js';
import type { AnnotationDefinition } from './base-definition.js';
import { Note } from './definitions/note.js';
import { itemDatasetUrl, itemFps, itemMimetype, itemSize } from './item-info.js';
import { structuredCloneJson } from './json-util.js';
import { normalizeObjectId } from './object-id.js';
import type { AnnotationItemLike } from './types.js';

/** Options of {@link Annotation.new} (the SDK's `Annotation.new`). */
export interface NewAnnotationOptions {
  item?: AnnotationItemLike | null;
  annotationDefinition?: AnnotationDefinition | null;
  /** Digits string or integer (stringified). */
  objectId?: string | number | null;
  /** @default true */
  automated?: boolean;
  metadata?: JsonObject | null;
  /** First frame (video). @default 0 */
  frameNum?: number | null;
  parentId?: string | null;
  promptId?: string | null;
  startTime?: number | null;
  endTime?: number | null;
  itemHeight?: number | null;
  itemWidth?: number | null;
  /** fps when the item gives none. */
  fps?: number | null;
}

/** Internal: the state of a new annotation (`source: "sdk"`, `automated: true`, ids null). */
export function newAnnotationInit(options: NewAnnotationOptions): AnnotationInit {
  const item = options.item ?? null;
  const def = options.annotationDefinition ?? null;
  const frameNum = options.frameNum ?? 0;
  const objectId = normalizeObjectId(options.objectId);
  const metadata: JsonObject = structuredCloneJson(options.metadata ?? {});
  const system = (): JsonObject => {
    if (!isObject(metadata['system'])) metadata['system'] = {};
    return metadata['system'] as JsonObject;
  };
  if (options.parentId != null) system()['parentId'] = options.parentId;
  if (options.promptId != null) system()['promptId'] = options.promptId;
  let status: string | null = null;
  if (def instanceof Note) {
    status = def.status;
    system()['status'] = def.status;
  }
  const mimetype = itemMimetype(item);
  const fps = itemFps(item) ?? options.fps ?? (mimetype?.includes('audio') ? 1000 : null);
  const startTime = options.startTime ?? (fps !== null && fps !== 0 ? frameNum / fps : 0);
  const size = itemSize(item);
  return {
    id: null,
    url: null,
    itemUrl: null,
    itemId: null,
    datasetUrl: itemDatasetUrl(item),
    datasetId: item?.datasetId ?? null,
    creator: null,
    createdAt: null,
    updatedBy: null,
    updatedAt: null,
    source: 'sdk',
    hash: null,
    labelSuggestions: undefined,
    metadata,
    type: def?.type ?? null,
    recipe1Attributes: null,
    extra: {},
    objectId,
    status,
    automated: options.automated ?? true,
    fps,
    item,
    itemWidth: options.itemWidth ?? size.width,
    itemHeight: options.itemHeight ?? size.height,
    startFrame: frameNum,
    endFrame: frameNum,
    startTime,
    endTime: options.endTime ?? startTime,
    frames: [],
    definition: def,
  };
}
