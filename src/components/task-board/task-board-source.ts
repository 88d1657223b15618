/**
 * The one seam between `<dl-task-board>` and its data: a small adapter with four calls. The board
 * builds one from plain JSON (`jsonSource`) or from a dl-kit client (`clientSource`); hosts with
 * another backend pass their own `source`.
 */

import type { StatusStats } from './task-stats.js';

/** Task JSON (spec §7.5). */
export type TaskJson = Record<string, unknown> & { id: string };
/** Assignment JSON (spec §7.6). */
export type AssignmentJson = Record<string, unknown> & { id: string };
/** Item JSON (spec §7.1). */
export type ItemJson = Record<string, unknown> & { id: string };

/** Which items to list. */
export interface ItemsQuery {
  task: TaskJson;
  /** Items of these assignments only (empty or absent: every item of the task). */
  assignments?: readonly AssignmentJson[];
  /** Only items with this status in the task; `null` = items without status; absent = any. */
  status?: string | null;
  /**
   * `true`: only items a reviewer sent back ({@link sentBackIn}) or with open issues; `false`: none
   * of them (with `status: null`, the fresh items still to do); absent: either. Applied to each
   * fetched page by the built-in sources, like `status`.
   */
  sentBack?: boolean;
  page: number;
  pageSize: number;
  signal?: AbortSignal;
}

/** One page of items. */
export interface ItemsPage {
  items: ItemJson[];
  page: number;
  /** Total across pages, when the source knows it. */
  totalItemsCount: number;
  hasNextPage: boolean;
  /** True when `status` was applied to this page only, after fetching (sources that cannot filter by it). */
  statusFilteredLocally?: boolean;
  /**
   * Open issues of the page's items (item id -> count; items without any are absent), when the
   * source can tell: annotations in status `issue`, a note and the shape it is pinned to counting once.
   */
  openIssues?: Record<string, number>;
}

/** A status change to apply. */
export interface StatusChange {
  task: TaskJson;
  /** The assignment the item is shown under, when one is selected. */
  assignment?: AssignmentJson;
  item: ItemJson;
  status: string;
  /** Remove `status` instead of setting it (`operation: "delete"`). */
  clear: boolean;
}

/** A workload entry: who gets what share of the items, in percent (the loads sum to 100). */
export interface WorkloadEntry {
  assigneeId: string;
  load: number;
}

/**
 * A task to create, as the board's form collects it: the body keys of `POST /annotationtasks`
 * (spec §6 "create task"). The items are a dataset query (`query`, a DQL body) or a selection
 * (`itemIds`).
 */
export interface NewTask {
  name: string;
  datasetId: string;
  /** DQL body of the items (`{ filter, join? }`). Absent with `itemIds`: the dataset's items. */
  query?: Record<string, unknown>;
  /** Exactly these items (a selection); wins over `query`. */
  itemIds?: string[];
  workload: WorkloadEntry[];
  /** 1 low, 2 medium, 3 high. */
  priority: 1 | 2 | 3;
  /** Due date, ms since epoch. */
  dueDate: number;
}

/** Data access of the task board. */
export interface TaskBoardSource {
  listTasks(signal?: AbortSignal): Promise<TaskJson[]>;
  listAssignments(task: TaskJson, signal?: AbortSignal): Promise<AssignmentJson[]>;
  listItems(query: ItemsQuery): Promise<ItemsPage>;
  /** Applies the change and returns the item JSON as it is now. */
  setItemStatus(change: StatusChange): Promise<ItemJson>;
  /**
   * Item counts of a task (or of one of its assignments) when the JSON does not carry
   * `totalItems`/`itemStatus`. Optional: without it the board shows no counts for such entities.
   * `signal` aborts a count no longer wanted (a newer load of the same list, another task picked,
   * another source, the board off the page); the board drops an aborted count's answer.
   */
  statusCounts?(task: TaskJson, assignment?: AssignmentJson, signal?: AbortSignal): Promise<StatusStats>;
  /**
   * Items sent back per task and assignment id ({@link countSentBack}) for all of `tasks` at once,
   * which the cards show as "N sent back"; `null` when unknown. Optional: without it the cards
   * show no such count. One call serves every card of the board (it must not ask per card).
   */
  sentBackCounts?(tasks: readonly TaskJson[], signal?: AbortSignal): Promise<Record<string, number> | null>;
  /**
   * The task as the backend has it now. Optional: the board calls it after a status change, so
   * the server's `progress`, `itemStatus` and `totalItems` replace the ones it first received.
   */
  getTask?(task: TaskJson, signal?: AbortSignal): Promise<TaskJson>;
  /** The assignment as the backend has it now (see `getTask`). Optional. */
  getAssignment?(assignment: AssignmentJson, signal?: AbortSignal): Promise<AssignmentJson>;
  /** The item as the backend has it now, after a status change. Optional. */
  getItem?(item: ItemJson, signal?: AbortSignal): Promise<ItemJson>;
  /** Creates a task (`POST /annotationtasks`). Optional: without it the board offers no "New task". */
  createTask?(task: NewTask): Promise<TaskJson>;
  /**
   * Gives an assignment's items to another annotator (`POST /assignments/{id}/reassign`).
   * Optional: without it the board offers no "Reassign".
   */
  reassign?(task: TaskJson, assignment: AssignmentJson, annotator: string): Promise<void>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `metadata.system.refs` of an item (entries without a string id skipped). */
export function itemRefs(item: Json): Json[] {
  const md = isObject(item.metadata) ? item.metadata : {};
  const sys = isObject(md.system) ? md.system : {};
  return Array.isArray(sys.refs) ? sys.refs.filter((r): r is Json => isObject(r) && typeof r.id === 'string') : [];
}

/**
 * Status of an item in a task or assignment: `refs[i].metadata.status` of the ref with that id
 * (spec §6), `null` when there is none.
 */
export function itemStatusIn(item: Json, refId: string): string | null {
  const ref = itemRefs(item).find((r) => r.id === refId);
  const status = isObject(ref?.metadata) ? ref.metadata.status : undefined;
  return typeof status === 'string' && status !== '' ? status : null;
}

/**
 * A copy of `item` with `status` set (or cleared) on the refs of the task and the assignment,
 * as the platform records it. Refs missing for the task are added; other keys are kept.
 */
export function withItemStatus(
  item: ItemJson,
  taskId: string,
  assignmentId: string | undefined,
  status: string,
  clear: boolean,
): ItemJson {
  const copy = structuredClone(item) as ItemJson;
  const md = (isObject(copy.metadata) ? copy.metadata : (copy.metadata = {})) as Json;
  const sys = (isObject(md.system) ? md.system : (md.system = {})) as Json;
  const refs = (Array.isArray(sys.refs) ? sys.refs : (sys.refs = [])) as Json[];
  const ids = new Set([taskId, ...(assignmentId ? [assignmentId] : [])]);
  if (!refs.some((r) => isObject(r) && r.id === taskId)) refs.push({ type: 'task', id: taskId, metadata: {} });
  for (const r of refs) {
    if (!isObject(r) || !ids.has(r.id as string)) continue;
    const rm = (isObject(r.metadata) ? r.metadata : (r.metadata = {})) as Json;
    if (clear) {
      if (rm.status === status) delete rm.status;
    } else rm.status = status;
  }
  return copy;
}

/** Task id of an assignment (`metadata.taskId` or `metadata.system.taskId`). */
export function assignmentTaskId(a: Json): string | undefined {
  const md = isObject(a.metadata) ? a.metadata : {};
  const sys = isObject(md.system) ? md.system : {};
  const id = md.taskId ?? sys.taskId ?? a.taskId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Open issues per item among annotations in status `issue` (spec §6 "annotation status"), counted
 * as a reviewer opened them: a `note` is one issue with the shape it is pinned to
 * (`metadata.system.parentId`); a shape in status `issue` without a note is one too. With `status`
 * `review`: the issues the annotator marked fixed, counted the same way.
 */
export function countOpenIssues(
  annotations: readonly Record<string, unknown>[],
  status: 'issue' | 'review' = 'issue',
): Record<string, number> {
  const sys = (a: Record<string, unknown>) => {
    const md = isObject(a.metadata) ? a.metadata : {};
    return isObject(md.system) ? md.system : {};
  };
  const open = annotations.filter((a) => sys(a).status === status && typeof a.itemId === 'string');
  const pinned = new Set(open.filter((a) => a.type === 'note').map((a) => sys(a).parentId));
  const out: Record<string, number> = {};
  for (const a of open)
    if (a.type === 'note' || !pinned.has(a.id)) out[a.itemId as string] = (out[a.itemId as string] ?? 0) + 1;
  return out;
}

/** One entry of an item's `metadata.system.taskStatusLog` (spec §7.1), as far as the rules below read it. */
interface StatusLogEntry {
  taskId: unknown;
  operation: unknown;
  status: unknown;
  previousStatus: unknown;
  creator: unknown;
}

/**
 * The status changes of an item in a task that still count: its `metadata.system.taskStatusLog`
 * entries of that task, oldest first, without the changes that were taken back. A change and the
 * next one by the same person that puts the previous status back (an undo: discard then clear,
 * approve then `completed` again, a reviewer's clear then `completed` again) leave nothing, and a
 * clear of nothing is nothing; so an undo never reads as a new decision.
 */
export function effectiveStatusLog(item: Json, taskId: string): Record<string, unknown>[] {
  const md = isObject(item.metadata) ? item.metadata : {};
  const sys = isObject(md.system) ? md.system : {};
  const log = Array.isArray(sys.taskStatusLog) ? sys.taskStatusLog : [];
  const norm = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const kept: (Json & StatusLogEntry)[] = [];
  for (const e of log) {
    if (!isObject(e) || e.taskId !== taskId) continue;
    const status = e.operation === 'delete' ? null : norm(e.status);
    if (status === norm(e.previousStatus)) continue;
    const top = kept[kept.length - 1];
    if (
      top &&
      top.creator === e.creator &&
      norm(e.previousStatus) === (top.operation === 'delete' ? null : norm(top.status)) &&
      status === norm(top.previousStatus)
    ) {
      kept.pop();
      continue;
    }
    kept.push(e as Json & StatusLogEntry);
  }
  return kept;
}

/**
 * Whether a reviewer sent an item back in a task: it has no status there now, and the last change
 * that still counts ({@link effectiveStatusLog}) cleared a status it had (`completed`, usually), by
 * someone other than `annotator` (when given: the annotator's own changes are not a verdict).
 */
export function sentBackIn(item: Json, taskId: string, annotator?: string | null): boolean {
  if (itemStatusIn(item, taskId)) return false;
  const last = effectiveStatusLog(item, taskId).at(-1);
  return !!last && last.operation === 'delete' && (!annotator || last.creator !== annotator);
}

/**
 * Items sent back ({@link sentBackIn}) per task id and per assignment id, among `items`: an item
 * counts for each of `tasks` it is in and was sent back in, and for its assignment of that task (an
 * `assignment` ref named in the task's `assignmentIds`). Ids without any are absent. What the board's
 * cards say as "N sent back", from items already read (one query for all cards, never one per card).
 */
export function countSentBack(items: readonly Json[], tasks: readonly TaskJson[]): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (id: string) => {
    out[id] = (out[id] ?? 0) + 1;
  };
  // Each task's assignment ids, once (not per item).
  const mine = tasks.map((task) => new Set(Array.isArray(task.assignmentIds) ? (task.assignmentIds as string[]) : []));
  for (const item of items) {
    const refs = itemRefs(item);
    tasks.forEach((task, t) => {
      if (!refs.some((r) => r.id === task.id) || !sentBackIn(item, task.id)) return;
      add(task.id);
      for (const r of refs) if (r.type === 'assignment' && mine[t]!.has(r.id as string)) add(r.id as string);
    });
  }
  return out;
}

/**
 * Whether an item belongs under the board's "Sent back · open issues" filter: a reviewer sent it
 * back ({@link sentBackIn}), or it has open issues (`openIssues`: per item id, as
 * {@link countOpenIssues} counts them; `null` when unknown).
 */
export function isSentBackOrOpen(
  item: Json & { id: string },
  taskId: string,
  openIssues: Record<string, number> | null,
): boolean {
  return (openIssues?.[item.id] ?? 0) > 0 || sentBackIn(item, taskId);
}

/**
 * How the board words an item's review state in a task: `issue` when it has open issues and no
 * status (a reviewer sent it back and it reads "Open issue"), `returned` when it was sent back
 * ({@link sentBackIn}) and every issue is marked fixed (it waits for its annotator), else its
 * status in the task (`null`: to do). `openIssues` is the item's count ({@link countOpenIssues}).
 * One rule for the board's rows and any other place that shows an item's review state.
 */
export function itemReviewState(
  item: Json,
  taskId: string,
  openIssues: number,
): { state: 'issue' | 'returned' | 'status'; status: string | null } {
  const status = itemStatusIn(item, taskId);
  if (openIssues > 0 && !status) return { state: 'issue', status };
  if (sentBackIn(item, taskId)) return { state: 'returned', status };
  return { state: 'status', status };
}

/** Whether an item's refs name any of `ids`. */
const refsAny = (item: Json, ids: ReadonlySet<string>) => itemRefs(item).some((r) => ids.has(r.id as string));

/** Plain JSON held by a {@link jsonSource}. */
export interface TaskBoardData {
  tasks?: readonly TaskJson[];
  assignments?: readonly AssignmentJson[];
  items?: readonly ItemJson[];
  /** Annotation JSON: those in status `issue` give the items' open-issue counts. */
  annotations?: readonly Record<string, unknown>[];
}

/**
 * A source over plain arrays. Items belong to a task or assignment through their
 * `metadata.system.refs`; status changes update the held item JSON (the host persists them from
 * the `dl-item-status-change` event).
 */
export function jsonSource(data: TaskBoardData): TaskBoardSource {
  const items = [...(data.items ?? [])];
  return {
    async listTasks() {
      return [...(data.tasks ?? [])];
    },
    async listAssignments(task) {
      return (data.assignments ?? []).filter(
        (a) =>
          assignmentTaskId(a) === task.id || (Array.isArray(task.assignmentIds) && task.assignmentIds.includes(a.id)),
      );
    },
    async listItems(q) {
      const ids = new Set(q.assignments?.length ? q.assignments.map((a) => a.id) : [q.task.id]);
      let matching = items.filter((it) => refsAny(it, ids));
      if (q.status !== undefined) matching = matching.filter((it) => itemStatusIn(it, q.task.id) === q.status);
      const issues = data.annotations ? countOpenIssues(data.annotations) : null;
      if (q.sentBack !== undefined)
        matching = matching.filter((it) => isSentBackOrOpen(it, q.task.id, issues) === q.sentBack);
      const start = q.page * q.pageSize;
      return {
        ...(issues ? { openIssues: issues } : {}),
        items: matching.slice(start, start + q.pageSize),
        page: q.page,
        totalItemsCount: matching.length,
        hasNextPage: start + q.pageSize < matching.length,
      };
    },
    async setItemStatus(c) {
      const next = withItemStatus(c.item, c.task.id, c.assignment?.id, c.status, c.clear);
      const i = items.findIndex((it) => it.id === c.item.id);
      if (i >= 0) items[i] = next;
      return next;
    },
    async sentBackCounts(tasks) {
      return countSentBack(items, tasks);
    },
    async statusCounts(task, assignment) {
      const refId = assignment?.id ?? task.id;
      const mine = items.filter((it) => refsAny(it, new Set([refId])));
      const counts: Record<string, number> = {};
      for (const it of mine) {
        const s = itemStatusIn(it, task.id);
        if (s) counts[s] = (counts[s] ?? 0) + 1;
      }
      if (!data.annotations) return { total: mine.length, counts };
      const open = countOpenIssues(data.annotations);
      return { total: mine.length, counts, issues: mine.filter((it) => (open[it.id] ?? 0) > 0).length };
    },
  };
}
