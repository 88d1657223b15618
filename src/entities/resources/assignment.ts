// Assignment (spec §7.6): one annotator's share of a task.
import type { JsonObject } from '../json-read.js';
import { Entity, type EntitySchema } from './entity.js';

/**
 * An assignment. `taskId`/`datasetId` come from `metadata.taskId` / `metadata.datasetId`, falling back
 * to `metadata.system.taskId` / `metadata.system.datasetId`, as the SDK reads them.
 *
 * Round trip: `toJson()` returns the platform's JSON unchanged (camelCase, inside `metadata`). The SDK's
 * own `Assignment.to_json` instead emits snake_case `task_id` / `dataset_id` at top level (a quirk);
 * {@link Assignment.toSdkJson} reproduces that shape for callers that need it.
 */
export class Assignment extends Entity {
  static override readonly schema: EntitySchema = {
    id: 'string',
    name: 'string',
    annotator: 'string',
    status: 'string',
    projectId: 'string',
    metadata: 'object',
    'metadata.taskId': 'string',
    'metadata.datasetId': 'string',
    'metadata.system': 'object',
    'metadata.system.taskId': 'string',
    'metadata.system.datasetId': 'string',
    totalItems: 'number',
  };

  /** Platform key order (spec §7.6). */
  static override readonly keyOrder: readonly string[] = [
    'id',
    'name',
    'annotator',
    'status',
    'projectId',
    'metadata',
    'url',
    'updatedAt',
    'updatedBy',
    'annotationStatus',
    'itemStatus',
    'totalItems',
    'forReview',
    'issues',
  ];

  /** Assignment name. */
  get name(): string | null {
    return this.getString('name');
  }

  /** Annotator email. */
  get annotator(): string | null {
    return this.getString('annotator');
  }

  /** Status. */
  get status(): string | null {
    return this.getString('status');
  }

  /** Project id. */
  get projectId(): string | null {
    return this.getString('projectId');
  }

  /** `metadata.taskId`, else `metadata.system.taskId`. */
  get taskId(): string | null {
    return this.getString('metadata.taskId') ?? this.getString('metadata.system.taskId');
  }

  /** `metadata.datasetId`, else `metadata.system.datasetId`. */
  get datasetId(): string | null {
    return this.getString('metadata.datasetId') ?? this.getString('metadata.system.datasetId');
  }

  /**
   * The SDK's `Assignment.to_json()` shape: `name, annotator, status, metadata, id, url, task_id,
   * dataset_id, projectId` (snake_case ids; other keys dropped).
   */
  toSdkJson(): JsonObject {
    const json = this.toJson();
    return {
      name: json.name ?? null,
      annotator: json.annotator ?? null,
      status: json.status ?? null,
      metadata: json.metadata ?? {},
      id: json.id ?? null,
      url: json.url ?? null,
      task_id: this.taskId,
      dataset_id: this.datasetId,
      projectId: json.projectId ?? null,
    };
  }
}
