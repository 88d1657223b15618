// JSON shapes of a prepared DQL body (spec §4.1).
import type { FiltersOrderByDirection } from '../enums.js';

/** One prepared condition: `{"field": value}` or `{"field": {"$op": value}}` (or any raw DQL object). */
export type DqlCondition = Record<string, unknown>;

/** The `filter` part of a body: `$or` (if any) before `$and` (if any); `{}` when empty. */
export interface DqlFilter {
  $or?: DqlCondition[];
  $and?: DqlCondition[];
  [key: string]: unknown;
}

/** `join.on` (items<->annotations). The key really is spelled `forigen`. */
export interface DqlJoinOn {
  resource: string;
  local: string;
  forigen: string;
  [key: string]: unknown;
}

/** The `join` part: the joined resource and a filter on it. */
export interface DqlJoin {
  on?: DqlJoinOn;
  filter?: DqlFilter;
  [key: string]: unknown;
}

/** `references` of a task/assignment membership update on `POST /datasets/{id}/query`. */
export interface DqlReferences {
  operation: 'create' | 'delete' | (string & {}) | null;
  refs: Array<{ type: 'task' | 'assignment'; id: string }>;
}

/**
 * The body `Filters.prepare()` returns, keys in this order:
 * `filter, [sort], page, pageSize, resource, [join], [references | update | delete], [context], [systemSpace]`.
 */
export interface DqlBody {
  filter: DqlFilter;
  sort?: Record<string, FiltersOrderByDirection>;
  page?: number;
  pageSize?: number;
  resource?: string;
  join?: DqlJoin;
  references?: DqlReferences;
  update?: { metadata?: { user?: Record<string, unknown>; system?: Record<string, unknown> } };
  delete?: true;
  context?: Record<string, unknown>;
  systemSpace?: boolean;
  [key: string]: unknown;
}

/** A bulk operation carried by a body (`update` or `delete`), as `Filters.fromJson` reads it back. */
export type BulkOperation =
  | { operation: 'delete' }
  | { operation: 'update'; update?: Record<string, unknown> | null; systemUpdate?: Record<string, unknown> | null };
