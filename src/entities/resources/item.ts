// Item (spec §7.1): a file or folder in a dataset, with the SDK's pure helpers.
import { isObject, type JsonObject } from '../json-read.js';
import { Entity, type EntitySchema } from './entity.js';
import { readItemRefs, refStatus, type ItemRef } from './item-ref.js';

/**
 * A dataset item. Helpers read where the SDK reads: `width/height/mimetype/size` from
 * `metadata.system`, `fps` from `metadata.fps` (top-level metadata, not `metadata.system.fps`).
 *
 * @example
 * const item = Item.fromJson(json);
 * item.width; // metadata.system.width
 * item.statusIn(taskId); // refs[].metadata.status of that task
 */
export class Item extends Entity {
  static override readonly schema: EntitySchema = {
    id: 'string',
    datasetId: 'string',
    url: 'string',
    dataset: 'string',
    dir: 'string',
    filename: 'string',
    name: 'string',
    type: 'string',
    hidden: 'boolean',
    stream: 'string',
    thumbnail: 'string',
    annotationsCount: 'number',
    metadata: 'object',
    'metadata.fps': 'number',
    'metadata.startTime': 'number',
    'metadata.system': 'object',
    'metadata.system.mimetype': 'string',
    'metadata.system.size': 'number',
    'metadata.system.width': 'number',
    'metadata.system.height': 'number',
    'metadata.system.refs': 'object[]',
    'metadata.system.shebang': 'object',
    'metadata.user': 'object',
    spec: 'object',
    description: 'string',
  };

  /** `Item.to_json` key order of the SDK (spec §7.1). */
  static override readonly keyOrder: readonly string[] = [
    'thumbnail',
    'annotated',
    'metadata',
    'filename',
    'stream',
    'name',
    'type',
    'url',
    'id',
    'hidden',
    'dir',
    'annotations',
    'annotationsCount',
    'dataset',
    'createdAt',
    'datasetId',
    'spec',
    'creator',
    'description',
    'srcItem',
    'updatedAt',
    'updatedBy',
  ];

  /** Id of the dataset holding the item. */
  get datasetId(): string | null {
    return this.getString('datasetId');
  }

  /** File name without folder (`cat.jpg`). */
  get name(): string | null {
    return this.getString('name');
  }

  set name(value: string | null) {
    this.json.name = value;
  }

  /** Full remote path (`/folder/cat.jpg`). */
  get filename(): string | null {
    return this.getString('filename');
  }

  /** Folder of the item (`/` or `/folder`). */
  get dir(): string | null {
    return this.getString('dir');
  }

  /** `file` or `dir`. */
  get type(): string | null {
    return this.getString('type');
  }

  /** Whether the item is hidden (system items such as `.dataloop` folders). */
  get hidden(): boolean {
    return this.getBoolean('hidden') ?? false;
  }

  /** Whether the item has annotations (as the platform reports it). */
  get annotated(): unknown {
    return this.get('annotated');
  }

  /** Number of annotations, or null. */
  get annotationsCount(): number | null {
    return this.getNumber('annotationsCount');
  }

  /** `…/items/{id}/stream` URL of the binary. */
  get stream(): string | null {
    return this.getString('stream');
  }

  /** `…/items/{id}/thumbnail` URL. */
  get thumbnail(): string | null {
    return this.getString('thumbnail');
  }

  /** Top-level `description` (the old place was `metadata.description.text`). */
  get description(): string | null {
    return this.getString('description');
  }

  set description(value: string | null) {
    this.json.description = value;
  }

  /** `metadata.system.mimetype` (`image/jpeg`), or null. */
  get mimetype(): string | null {
    return this.getString('metadata.system.mimetype');
  }

  /** `metadata.system.size` in bytes, or null. */
  get size(): number | null {
    return this.getNumber('metadata.system.size');
  }

  /** `metadata.system.width` in pixels, or null. */
  get width(): number | null {
    return this.getNumber('metadata.system.width');
  }

  /** `metadata.system.height` in pixels, or null. */
  get height(): number | null {
    return this.getNumber('metadata.system.height');
  }

  /** Frames per second from `metadata.fps` (NOT `metadata.system.fps`, as in the SDK), or null. */
  get fps(): number | null {
    return this.getNumber('metadata.fps');
  }

  set fps(value: number | null) {
    this.set('metadata.fps', value);
  }

  /** The link target of a link item (`metadata.system.shebang.linkInfo.ref` when its type is `url`), or null. */
  get linkUrl(): string | null {
    const info = this.get('metadata.system.shebang.linkInfo');
    if (!isObject(info) || info.type !== 'url' || typeof info.ref !== 'string') return null;
    return info.ref;
  }

  /** Task/assignment references of the item (`metadata.system.refs`), typed; `[]` when absent. */
  get refs(): ItemRef[] {
    return readItemRefs(this.get('metadata.system.refs'));
  }

  /**
   * Status of the item in a task or assignment: `refs[i].metadata.status` of the ref whose `id`
   * matches, or null when the item has no status there (or is not in it).
   */
  statusIn(taskOrAssignmentId: string): string | null {
    return refStatus(this.refs, taskOrAssignmentId);
  }

  /**
   * The task and assignment the SDK infers when no ids are given: looked up in `refs` only when the
   * item has at most 2 refs (otherwise both are null).
   */
  inferTaskAndAssignment(): { taskId: string | null; assignmentId: string | null } {
    const refs = this.refs;
    if (refs.length > 2) return { taskId: null, assignmentId: null };
    return {
      taskId: refs.find((r) => r.type === 'task')?.id ?? null,
      assignmentId: refs.find((r) => r.type === 'assignment')?.id ?? null,
    };
  }

  /** `metadata.user` (live; created on access). */
  get userMetadata(): JsonObject {
    const meta = this.metadata;
    if (!isObject(meta.user)) meta.user = {};
    return meta.user as JsonObject;
  }
}
