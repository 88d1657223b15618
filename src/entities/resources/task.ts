// Task (spec §7.5) and the JSON-string query the platform stores on it.
import { DlParseError } from '../errors.js';
import type { TaskPriority, TaskType } from '../enums.js';
import { Filters } from '../filters/filters.js';
import type { DqlBody } from '../filters/types.js';
import { Entity, type EntitySchema } from './entity.js';
import { pyJsonDumps } from './python-json.js';

/** One custom status button of a task (`availableActions`). */
export interface TaskAction {
  action: string;
  displayName?: string;
  color?: string;
  icon?: string;
  [key: string]: unknown;
}

/** Seven days in milliseconds: the SDK's default due date is now + 7 days. */
export const DEFAULT_TASK_DUE_MS = 7 * 24 * 3600 * 1000;

/**
 * The task `query` string the SDK sends: the filter body through Python `json.dumps` (separators
 * `", "` / `": "`, non-ASCII escaped) and then every `'` replaced by `"` (an SDK quirk: a value that
 * contains `'` yields text that is no longer valid JSON; kept for fidelity).
 * @example
 * taskQueryString(new Filters());
 * // '{"filter": {"$and": [{"hidden": false}, {"type": "file"}]}, "page": 0, "pageSize": 1000, "resource": "items"}'
 */
export function taskQueryString(query: Filters | DqlBody): string {
  const body = query instanceof Filters ? query.prepare() : query;
  return pyJsonDumps(body).replace(/'/g, '"');
}

/**
 * The query the SDK builds when a task is created from explicit items: `{"id": {"$in": ids}}` with the
 * item defaults off.
 */
export function itemIdsFilters(itemIds: readonly string[]): Filters {
  return new Filters({ useDefaults: false, field: 'id', values: [...itemIds], operator: 'in' });
}

/**
 * Items of a task or assignment, as the SDK lists them: `{"metadata.system.refs.id": {"$in": [id]}}`
 * with the item defaults off.
 */
export function refItemsFilters(taskOrAssignmentId: string): Filters {
  return new Filters({
    useDefaults: false,
    field: 'metadata.system.refs.id',
    values: [taskOrAssignmentId],
    operator: 'in',
  });
}

/** An annotation or QA task. */
export class Task extends Entity {
  static override readonly schema: EntitySchema = {
    id: 'string',
    name: 'string',
    status: 'string',
    projectId: 'string',
    datasetId: 'string',
    recipeId: 'string',
    taskOwner: 'string',
    creator: 'string',
    dueDate: 'number',
    spec: 'object',
    'spec.type': 'string',
    'spec.parentTaskId': 'string',
    query: 'string',
    assignmentIds: 'string[]',
    progress: 'number',
    totalItems: 'number',
    priority: 'number',
    availableActions: 'object[]',
    description: 'object',
    metadata: 'object',
    'metadata.system': 'object',
  };

  /** Platform key order (spec §7.5). */
  static override readonly keyOrder: readonly string[] = [
    'id',
    'name',
    'status',
    'projectId',
    'datasetId',
    'recipeId',
    'taskOwner',
    'creator',
    'dueDate',
    'spec',
    'query',
    'assignmentIds',
    'itemStatus',
    'annotationStatus',
    'progress',
    'forReview',
    'issues',
    'totalItems',
    'priority',
    'availableActions',
    'description',
    'metadata',
    'url',
    'createdAt',
    'updatedAt',
  ];

  /** Task name. */
  get name(): string | null {
    return this.getString('name');
  }

  set name(value: string | null) {
    this.json.name = value;
  }

  /** Task status (`open`, `completed`...). */
  get status(): string | null {
    return this.getString('status');
  }

  /** Project id. */
  get projectId(): string | null {
    return this.getString('projectId');
  }

  /** Dataset id. */
  get datasetId(): string | null {
    return this.getString('datasetId');
  }

  /** Recipe id the task labels with. */
  get recipeId(): string | null {
    return this.getString('recipeId');
  }

  /** `spec.type`: `annotation` or `qa`. */
  get taskType(): TaskType | (string & {}) | null {
    return this.getString('spec.type');
  }

  /** `spec.parentTaskId` of a QA task, or null. */
  get parentTaskId(): string | null {
    return this.getString('spec.parentTaskId');
  }

  /** Due date in ms since epoch, or null. */
  get dueDate(): number | null {
    return this.getNumber('dueDate');
  }

  /** Priority 1 low, 2 medium, 3 high (null when absent). */
  get priority(): TaskPriority | null {
    return this.getNumber('priority') as TaskPriority | null;
  }

  /** Assignment ids. */
  get assignmentIds(): string[] {
    return this.getStrings('assignmentIds');
  }

  /** Custom status buttons (`availableActions`). */
  get availableActions(): TaskAction[] {
    const v = this.get('availableActions');
    return Array.isArray(v) ? (v as TaskAction[]) : [];
  }

  /** Progress 0..100, or null. */
  get progress(): number | null {
    return this.getNumber('progress');
  }

  /** The raw `query` JSON string, or null. */
  get query(): string | null {
    return this.getString('query');
  }

  /**
   * The task's query as Filters (via `Filters.fromJson`), or null when the task has no query.
   * @throws DlParseError at `$.query` when the string is not JSON, or at the body path when malformed.
   */
  get filters(): Filters | null {
    const q = this.query;
    if (q === null) return null;
    let body: unknown;
    try {
      body = JSON.parse(q);
    } catch {
      throw new DlParseError('$.query', 'a JSON string of a DQL body', q);
    }
    return Filters.fromJson(body);
  }

  /** Sets `query` from Filters or a body, written as the SDK writes it ({@link taskQueryString}). */
  setQuery(query: Filters | DqlBody): void {
    this.json.query = taskQueryString(query);
  }
}
