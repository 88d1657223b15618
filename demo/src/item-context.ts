import { itemStatusIn, sentBackIn } from 'dl-kit/components';
import { client, session } from './session.js';
import { toJson } from './json.js';
import { href } from './router.js';
import { buildFilters, filterToQuery, type GridFilter } from './item-filters.js';
import { openIssueItems } from './review-io.js';

// biome-ignore lint/suspicious/noExplicitAny: platform JSON (items, tasks, annotations) is read field by field.
type Json = Record<string, any>;
const PAGE = 100;

/**
 * The list an item page was opened from, which its Prev / Next / Back follow: a dataset grid
 * (with its filter), an annotator's assignment, or a task of the task board (optionally one of
 * its assignments; `review` = the task's items waiting for review).
 */
export type ItemContext =
  | { kind: 'dataset'; datasetId: string; filter: GridFilter }
  | { kind: 'assignment'; assignmentId: string }
  | { kind: 'task'; taskId: string; assignmentId?: string; review?: boolean };

/** An item next to the current one in a list. */
export interface Neighbour {
  id: string;
  index: number;
  total: number;
}

const tasks = new Map<string, Promise<Json>>();

/** A task's JSON, read once per page load (name, project, dataset, actions). */
export function taskInfo(taskId: string): Promise<Json> {
  let p = tasks.get(taskId);
  if (!p) {
    p = client()
      .tasks.get(taskId)
      .then((t) => toJson(t));
    p.catch(() => tasks.delete(taskId));
    tasks.set(taskId, p);
  }
  return p;
}

/**
 * The DQL of a task list, in the task board's order (`createdAt` ascending, as its client source
 * pages them): the items of the task or of one assignment; for review, those marked `completed`.
 */
export function taskListQuery(ctx: Extract<ItemContext, { kind: 'task' }>): Json {
  const and: Json[] = [{ 'metadata.system.refs.id': { $in: [ctx.assignmentId ?? ctx.taskId] } }];
  if (ctx.review) and.push({ 'metadata.system.refs.metadata.status': 'completed' });
  return { filter: { $and: and }, sort: { createdAt: 'ascending' }, resource: 'items' };
}

/** Where an item of the list lives. */
export function itemLink(ctx: ItemContext, n: { id: string; index: number }): string {
  const i = String(n.index);
  switch (ctx.kind) {
    case 'assignment':
      return href('assignments', ctx.assignmentId, 'items', n.id, { i });
    case 'task':
      return href('tasks', ctx.taskId, 'items', n.id, {
        i,
        assignment: ctx.assignmentId,
        review: ctx.review ? '1' : undefined,
      });
    case 'dataset':
      return href('datasets', ctx.datasetId, 'items', n.id, { ...filterToQuery(ctx.filter), i });
  }
}

/** The list screen the item page goes back to. */
export async function backLink(ctx: ItemContext | null, datasetId: string): Promise<string> {
  if (!ctx) return datasetId ? href('datasets', datasetId) : href('projects');
  switch (ctx.kind) {
    case 'assignment':
      return href('assignments', ctx.assignmentId);
    case 'dataset':
      return href('datasets', ctx.datasetId, filterToQuery(ctx.filter));
    case 'task': {
      if (ctx.review) return href('tasks', ctx.taskId, 'review');
      const t = await taskInfo(ctx.taskId);
      return href('projects', t.projectId, 'tasks', { task: ctx.taskId, assignment: ctx.assignmentId });
    }
  }
}

/** The item at `index` of the list (pages of 100, as the grid and the board fetch them). */
export async function neighbour(ctx: ItemContext, index: number): Promise<Neighbour | undefined> {
  if (index < 0) return undefined;
  const c = client();
  if (ctx.kind === 'assignment') {
    const list = await assignmentItems(ctx.assignmentId, { keepOrder: true });
    const it = list[index];
    return it ? { id: it.item.id, index, total: list.length } : undefined;
  }
  const page = Math.floor(index / PAGE);
  let datasetId: string;
  let body: unknown;
  if (ctx.kind === 'task') {
    datasetId = (await taskInfo(ctx.taskId)).datasetId;
    body = taskListQuery(ctx);
  } else {
    datasetId = ctx.datasetId;
    body = buildFilters(ctx.filter);
  }
  const paged = await c
    .dataset(datasetId)
    .items.list(body as never, { page, pageSize: PAGE, ...(ctx.kind === 'task' ? { cache: 'network-first' } : {}) });
  const json = paged.items[index % PAGE];
  if (!json) return undefined;
  return { id: toJson(json).id, index, total: paged.totalItemsCount };
}

/** Why an assignment item comes first: it was sent back, or an issue is open on it. */
export type ItemFlag = 'issue' | 'rejected' | 'todo' | 'done';

/** An item of "my assignment" with its status and flag. */
export interface AssignmentEntry {
  item: Json;
  status: string;
  flag: ItemFlag;
}

const ORDER: Record<ItemFlag, number> = { issue: 0, rejected: 1, todo: 2, done: 3 };

/**
 * The order of each assignment's items as its list last showed it (ids), which the item pages keep
 * (`keepOrder`): completing a sent-back item moved it to the end and every item after it one place
 * up, so "1 of 5" was another item after each Complete and Prev skipped the one just done (walk 36).
 */
const shownOrder = new Map<string, string[]>();

/**
 * Every item of an assignment, fresh from the server, in the order an annotator works them:
 * items with an open issue, then items a reviewer sent back, then the rest to do, then the
 * finished ones; file name within each group. With `keepOrder` (the item page's Prev / Next and
 * position) the items keep the order the list had when it was last sorted (the assignment screen
 * sorts afresh), their flags fresh; items new since come after, in that order.
 */
export async function assignmentItems(
  assignmentId: string,
  { keepOrder = false }: { keepOrder?: boolean } = {},
): Promise<AssignmentEntry[]> {
  const c = client();
  const a = toJson(await c.assignments.get(assignmentId));
  const taskId = a.metadata?.system?.taskId ?? a.taskId;
  const datasetId = a.metadata?.system?.datasetId ?? a.datasetId;
  const pages = await c.assignments.getItems(assignmentId, undefined, {
    pageSize: 1000,
    cache: 'network-first',
  } as never);
  const items: Json[] = [];
  for await (const page of pages.fromLoaded()) items.push(...page.map((i: unknown) => toJson(i)));
  const withIssues = await openIssueItems(
    datasetId,
    items.map((i) => i.id),
  ).catch(() => new Set<string>());
  const me = session()?.email;
  const entries = items.map((item): AssignmentEntry => {
    const status = itemStatusIn(item, assignmentId) ?? itemStatusIn(item, taskId) ?? '';
    const flag: ItemFlag = withIssues.has(item.id)
      ? 'issue'
      : sentBackIn(item, taskId, me)
        ? 'rejected'
        : status
          ? 'done'
          : 'todo';
    return { item, status, flag };
  });
  const sorted = entries.sort(
    (x, y) => ORDER[x.flag] - ORDER[y.flag] || String(x.item.filename).localeCompare(String(y.item.filename)),
  );
  const kept = keepOrder ? shownOrder.get(assignmentId) : undefined;
  if (!kept) {
    shownOrder.set(
      assignmentId,
      sorted.map((e) => e.item.id),
    );
    return sorted;
  }
  const at = new Map(kept.map((id, i) => [id, i]));
  const rank = (e: AssignmentEntry) => at.get(e.item.id) ?? kept.length;
  // A stable sort: items new since keep their fresh order after the known ones.
  const list = sorted.sort((x, y) => rank(x) - rank(y));
  shownOrder.set(
    assignmentId,
    list.map((e) => e.item.id),
  );
  return list;
}
