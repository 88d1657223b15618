import { isObject, jsonDepth, MAX_JSON_DEPTH } from './context.js';
import { HttpError } from './http/errors.js';
import { newId, nowIso } from './ids.js';
import { type ItemRef, itemRefs, itemSystem } from './store/docs.js';
import type { AssignmentDoc, ItemDoc, TaskAction, TaskDoc } from './store/docs.js';
import type { QuerySpec, Store } from './store/types.js';

/** A workload entry: who gets what share (percent) of the items. */
export interface WorkloadEntry {
  assigneeId: string;
  load: number;
}

/** Statuses every task accepts, besides its custom `availableActions`. */
export const BUILTIN_STATUSES = ['completed', 'approved', 'discard'];

/**
 * The item query of a task body: `query` is a JSON string (the SDK's form) or an object, a DQL
 * body or a bare filter; `itemIds` is a shortcut for `{id: {$in: [...]}}`. Folders never join tasks.
 */
export function taskItemQuery(body: Record<string, unknown>): QuerySpec {
  let q: unknown = body.query;
  if (typeof q === 'string') {
    try {
      q = JSON.parse(q);
    } catch {
      throw new HttpError(400, 'query: not valid JSON');
    }
    if (jsonDepth(q, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
      throw new HttpError(400, `query: nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  if (Array.isArray(body.itemIds)) q = { filter: { $and: [{ id: { $in: body.itemIds } }] } };
  if (q === undefined || q === null) q = { filter: { $and: [{ hidden: false }, { type: 'file' }] } };
  if (!isObject(q)) throw new HttpError(400, 'query: expected a DQL object');
  const dql = 'filter' in q ? q : { filter: q };
  if (dql.filter !== undefined && !isObject(dql.filter)) throw new HttpError(400, 'query.filter: expected an object');
  return { filter: { $and: [(dql.filter ?? {}) as object, { type: 'file' }] }, join: dql.join as QuerySpec['join'] };
}

/**
 * Workload from a body: explicit `workload` (loads must sum to 100) or `assignees` split
 * equally (`100 // n` plus one for the first `100 % n`, spec §7.5).
 */
export function workloadFrom(body: Record<string, unknown>): WorkloadEntry[] {
  if (Array.isArray(body.workload) && body.workload.length) {
    const w = body.workload.map((e, i) => {
      if (!isObject(e) || typeof e.assigneeId !== 'string' || typeof e.load !== 'number' || e.load < 0)
        throw new HttpError(400, `workload[${i}]: expected {assigneeId: email, load: percent}`);
      return { assigneeId: e.assigneeId, load: e.load };
    });
    const sum = w.reduce((s, e) => s + e.load, 0);
    if (Math.abs(sum - 100) > 0.5) throw new HttpError(400, `workload: loads must sum to 100, got ${sum}`);
    return w;
  }
  const list = (body.assignees ?? body.assigneeIds) as unknown;
  if (Array.isArray(list) && list.length) {
    if (!list.every((x) => typeof x === 'string')) throw new HttpError(400, 'assignees: expected a list of emails');
    const n = list.length;
    return (list as string[]).map((a, i) => ({ assigneeId: a, load: Math.floor(100 / n) + (i < 100 % n ? 1 : 0) }));
  }
  return [];
}

/**
 * Split ids by load: each assignee gets `floor(n * load / 100)`, the remaining items go one each
 * to the largest fractional parts (ties: workload order). Items are handed out in order.
 */
export function splitByLoad(ids: string[], workload: WorkloadEntry[]): Map<string, string[]> {
  const n = ids.length;
  const exact = workload.map((w) => (n * w.load) / 100);
  const counts = exact.map(Math.floor);
  let left = n - counts.reduce((s, x) => s + x, 0);
  const order = exact.map((e, i) => ({ i, f: e - Math.floor(e) })).sort((a, b) => b.f - a.f || a.i - b.i);
  for (let k = 0; left > 0 && workload.length; k = (k + 1) % order.length, left--) counts[order[k]!.i]!++;
  const out = new Map<string, string[]>();
  let at = 0;
  workload.forEach((w, i) => {
    const part = ids.slice(at, at + counts[i]!);
    at += counts[i]!;
    out.set(w.assigneeId, [...(out.get(w.assigneeId) ?? []), ...part]);
  });
  return out;
}

/** Check every assignee is a member of the project. */
export async function checkAssignees(store: Store, projectId: string, workload: WorkloadEntry[]): Promise<void> {
  for (const [i, w] of workload.entries()) {
    const user = (await store.list('users', { email: w.assigneeId }))[0];
    if (!user || !(await store.get('members', `${projectId}:${user.id}`)))
      throw new HttpError(400, `workload[${i}]: ${w.assigneeId} is not a member of the project`);
  }
}

/**
 * The assignment of `annotator` in a task, created when missing (and added to `task.assignmentIds`:
 * the caller stores the task, in the same transaction).
 */
export async function assignmentFor(
  store: Store,
  task: TaskDoc,
  annotator: string,
  by: string,
): Promise<AssignmentDoc> {
  const found = (await store.list('assignments', { taskId: task.id })).find((a) => a.annotator === annotator);
  if (found) return found;
  const now = nowIso();
  const a: AssignmentDoc = {
    id: newId(),
    name: `${task.name} - ${annotator}`,
    annotator,
    status: 'pending',
    projectId: task.projectId,
    metadata: { system: { taskId: task.id, datasetId: task.datasetId } },
    createdAt: now,
    updatedAt: now,
    updatedBy: by,
  };
  await store.insert('assignments', a);
  task.assignmentIds.push(a.id);
  return a;
}

/**
 * Put items into a task, spread over assignees. Items already in the task are skipped. Returns
 * how many joined. The task is read again inside the transaction (a retried attempt must not
 * add its assignments twice); `task` only names it.
 */
export async function addItemsToTask(
  store: Store,
  task: TaskDoc,
  itemIds: string[],
  workload: WorkloadEntry[],
  by: string,
): Promise<number> {
  return store.transaction(async () => {
    const current = (await store.get('tasks', task.id)) ?? task;
    const fresh: ItemDoc[] = [];
    for (const id of itemIds) {
      const it = await store.get('items', id);
      if (it && !itemRefs(it).some((r) => r.id === current.id)) fresh.push(it);
    }
    const byId = new Map(fresh.map((it) => [it.id, it]));
    const freshIds = fresh.map((it) => it.id);
    const parts = workload.length ? splitByLoad(freshIds, workload) : new Map([['', freshIds]]);
    for (const [assignee, ids] of parts) {
      const assignment = assignee ? await assignmentFor(store, current, assignee, by) : undefined;
      for (const id of ids) {
        const item = byId.get(id)!;
        const refs = itemRefs(item);
        refs.push({ type: 'task', id: current.id, metadata: { status: null } });
        if (assignment) refs.push({ type: 'assignment', id: assignment.id, metadata: { status: null } });
        await store.replace('items', item);
      }
    }
    current.updatedAt = nowIso();
    await store.replace('tasks', current);
    return fresh.length;
  });
}

/** Take items out of a task (and its assignments). Returns how many left. */
export async function removeItemsFromTask(store: Store, task: TaskDoc, itemIds: string[]): Promise<number> {
  const own = new Set([task.id, ...task.assignmentIds]);
  return store.transaction(async () => {
    let n = 0;
    for (const id of itemIds) {
      const item = await store.get('items', id);
      if (!item) continue;
      const refs = itemRefs(item);
      const kept = refs.filter((r) => !own.has(r.id));
      if (kept.length !== refs.length) {
        itemSystem(item).refs = kept;
        await store.replace('items', item);
        n++;
      }
    }
    return n;
  });
}

/** Move an item's ref from one assignment to another. */
export async function moveItemRef(store: Store, itemId: string, from: string, to: string): Promise<void> {
  const item = await store.get('items', itemId);
  if (!item) return;
  const refs = itemRefs(item);
  const r = refs.find((x) => x.id === from);
  if (r) r.id = to;
  await store.replace('items', item);
}

/** Status counts over the refs to `refId`: items in it, and per status those that have one. */
export async function statusCounts(
  store: Store,
  refId: string,
): Promise<{ total: number; byStatus: Record<string, number>; done: number }> {
  const { total, byStatus } = await store.refStatusCounts(refId);
  const done = Object.values(byStatus).reduce((a, b) => a + b, 0);
  return { total, byStatus, done };
}

/**
 * The review counts of a task or assignment (spec §7.5, §7.6): `forReview`, its items an annotator
 * completed that wait for a reviewer's verdict (status `completed`); `issues`, its items with at least
 * one annotation whose status is `issue` (opened by a reviewer, not yet answered).
 */
export async function reviewCounts(
  store: Store,
  refId: string,
  byStatus: Record<string, number>,
): Promise<{ forReview: number; issues: number }> {
  const withIssue = new Set<string>();
  for (let page = 0; ; page++) {
    const r = await store.query('annotations', {
      filter: { 'metadata.system.status': 'issue' },
      refIds: [refId],
      page,
      pageSize: 1000,
    });
    for (const a of r.docs) withIssue.add(a.itemId);
    if (r.docs.length < 1000 || (page + 1) * 1000 >= r.total) break;
  }
  return { forReview: byStatus['completed'] ?? 0, issues: withIssue.size };
}

/**
 * Set or clear an item's status in a task: on the task ref and on the item's assignment ref of
 * that task, and log it in `metadata.system.taskStatusLog`. Returns the previous status.
 */
export async function setItemStatus(
  store: Store,
  item: ItemDoc,
  task: TaskDoc,
  operation: 'create' | 'delete',
  status: string,
  by: string,
): Promise<string | null> {
  const refs = itemRefs(item);
  const taskRef = refs.find((r) => r.id === task.id);
  if (!taskRef) throw new HttpError(400, `item ${item.id} is not in task ${task.id}`);
  const assignmentIds = new Set(task.assignmentIds);
  const targets: ItemRef[] = [taskRef, ...refs.filter((r) => r.type === 'assignment' && assignmentIds.has(r.id))];
  const last = taskRef.metadata?.status ?? null;
  for (const r of targets) {
    r.metadata = { ...(r.metadata ?? {}), status: operation === 'create' ? status : null };
  }
  const sys = itemSystem(item);
  sys.taskStatusLog = [
    ...(Array.isArray(sys.taskStatusLog) ? sys.taskStatusLog : []),
    {
      status: operation === 'create' ? status : null,
      previousStatus: last,
      operation,
      creator: by,
      timestamp: nowIso(),
      taskId: task.id,
      assignmentId: targets[1]?.id ?? null,
    },
  ].slice(-50);
  await store.replace('items', item);
  return last;
}

/** Check a task's `availableActions`: a list of `{action: string, ...}` (400 naming the first bad entry). */
export function checkActions(list: unknown[]): TaskAction[] {
  list.forEach((a, i) => {
    if (!isObject(a) || typeof a.action !== 'string' || !a.action)
      throw new HttpError(400, `availableActions[${i}]: expected {action: string, displayName?, color?}`);
  });
  return list as TaskAction[];
}

/** Check a status is valid for a task. */
export function checkStatus(task: TaskDoc, status: unknown): string {
  const custom = Array.isArray(task.availableActions) ? task.availableActions.map((a) => a.action) : [];
  if (typeof status !== 'string' || !(BUILTIN_STATUSES.includes(status) || custom.includes(status)))
    throw new HttpError(400, `status: expected one of ${[...BUILTIN_STATUSES, ...custom].join(', ')}`);
  return status;
}
