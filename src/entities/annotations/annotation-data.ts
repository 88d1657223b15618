// The identity and metadata every annotation carries (ids, URLs, creator and dates, metadata,
// status), read from and written back to JSON as they are. Kept apart from annotation.ts so the
// entity file holds what makes an annotation more than a record: its definition and its frames.
// Annotation extends this class; it is not exported on its own.
import { isObject, type JsonObject } from '../json-read.js';
import type { AnnotationInit } from './annotation-init.js';
import { normalizeObjectId } from './object-id.js';
import type { AnnotationItemLike } from './types.js';

/** Internal: the record part of an {@link Annotation} (use `Annotation`). */
export class AnnotationData {
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

  private _objectId: string | null;

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
  }

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
}
