import type { Hono } from 'hono';
import { myProjectIds } from '../access.js';
import {
  MANAGERS,
  itemAccess,
  projectRole,
  requireRole,
  requireWritable,
  type Caller,
  type Role,
} from '../auth/roles.js';
import { type AppEnv, apiBase, type Deps, isObject, jsonObject, listPaging } from '../context.js';
import { HttpError } from '../http/errors.js';
import { nowIso } from '../ids.js';
import { recordCommand } from '../commands.js';
import { type EntityJson, itemJson, paged, withUrl } from '../present.js';
import { assignmentTaskId, refsOf } from '../store/docs.js';
import { pageOf } from '../store/paging.js';
import { checkItemStatusChange } from '../review-rules.js';
import type { AssignmentDoc, Store, TaskDoc } from '../store/types.js';
import {
  assignmentFor,
  checkAssignees,
  checkStatus,
  moveItemRef,
  setItemStatus,
  splitByLoad,
  reviewCounts,
  statusCounts,
  workloadFrom,
} from '../tasks-logic.js';

/** Assignment JSON with progress counts (spec §7.6). */
export async function assignmentJson(store: Store, a: AssignmentDoc, base: string): Promise<EntityJson> {
  const s = await statusCounts(store, a.id);
  return {
    ...withUrl(a, base, 'assignments'),
    taskId: a.metadata.system.taskId,
    datasetId: a.metadata.system.datasetId,
    totalItems: s.total,
    itemStatus: s.byStatus,
    progress: s.total ? Math.round((s.done / s.total) * 100) : 0,
    ...(await reviewCounts(store, a.id, s.byStatus)),
  };
}

/** Load an assignment; annotators reach only their own. */
async function assignmentAccess(
  store: Store,
  caller: Caller,
  id: string,
): Promise<{ assignment: AssignmentDoc; role: Role; task: TaskDoc }> {
  const assignment = await store.get('assignments', id);
  if (!assignment) throw new HttpError(404, `assignment ${id} not found`);
  const role = await projectRole(store, caller, assignment.projectId);
  if (role === 'annotator' && assignment.annotator !== caller.email) throw new HttpError(403, 'not your assignment');
  const task = await store.get('tasks', assignmentTaskId(assignment));
  if (!task) throw new HttpError(404, `task of assignment ${id} not found`);
  return { assignment, role, task };
}

/** Assignments: list, get, update, items, item status, reassign, redistribute. */
export function registerAssignmentRoutes(app: Hono<AppEnv>, { store }: Deps): void {
  app.get('/assignments', async (c) => {
    const caller = c.get('caller');
    const mine = await myProjectIds(store, caller);
    const wanted = c.req.query('projects')?.split(',').filter(Boolean);
    const projects = wanted ? wanted.filter((p) => mine.includes(p)) : mine;
    const q = c.req.query();
    let list: AssignmentDoc[] = [];
    for (const p of projects) {
      const all = await store.list('assignments', { projectId: p });
      list.push(
        ...((await projectRole(store, caller, p)) === 'annotator'
          ? all.filter((a) => a.annotator === caller.email)
          : all),
      );
    }
    if (q.taskId) list = list.filter((a) => assignmentTaskId(a) === q.taskId);
    if (q.annotator) list = list.filter((a) => a.annotator === q.annotator);
    if (q.status) list = list.filter((a) => a.status === q.status);
    if (q.name) list = list.filter((a) => a.name === q.name);
    const paging = listPaging(c, 500);
    const out = [];
    for (const a of pageOf(list, paging)) out.push(await assignmentJson(store, a, apiBase(c)));
    return c.json(paged(list.length, paging, out));
  });

  app.get('/assignments/:id', async (c) =>
    c.json(
      await assignmentJson(
        store,
        (await assignmentAccess(store, c.get('caller'), c.req.param('id'))).assignment,
        apiBase(c),
      ),
    ),
  );

  app.patch('/assignments/:id', async (c) => {
    const caller = c.get('caller');
    const { assignment, role } = await assignmentAccess(store, caller, c.req.param('id'));
    const body = await jsonObject(c);
    if (role === 'annotator') {
      if (Object.keys(body).some((k) => k !== 'status'))
        throw new HttpError(403, 'annotators may only change the status of their assignment');
    } else requireRole(role, MANAGERS, 'change assignments');
    for (const k of ['name', 'status'] as const)
      if (body[k] !== undefined) {
        if (typeof body[k] !== 'string') throw new HttpError(400, `${k}: expected a string`);
        assignment[k] = body[k];
      }
    assignment.updatedAt = nowIso();
    assignment.updatedBy = caller.email;
    await store.replace('assignments', assignment);
    return c.json(await assignmentJson(store, assignment, apiBase(c)));
  });

  app.get('/assignments/:id/items', async (c) => {
    const { assignment, task } = await assignmentAccess(store, c.get('caller'), c.req.param('id'));
    const paging = listPaging(c);
    const { total, docs } = await store.query('items', {
      filter: { 'metadata.system.refs.id': assignment.id },
      where: { datasetId: task.datasetId },
      ...paging,
    });
    return c.json(
      paged(
        total,
        paging,
        docs.map((d) => itemJson(d, apiBase(c))),
      ),
    );
  });

  app.post('/assignments/:id/items/:itemId/status', async (c) => {
    const caller = c.get('caller');
    const { assignment, task, role } = await assignmentAccess(store, caller, c.req.param('id'));
    const { item } = await itemAccess(store, caller, c.req.param('itemId'));
    if (!refsOf(item).some((r) => r.id === assignment.id)) throw new HttpError(400, 'item is not in this assignment');
    const body = await jsonObject(c);
    const op = body.operation;
    if (op !== 'create' && op !== 'delete') throw new HttpError(400, 'operation: expected "create" or "delete"');
    const status = op === 'create' ? checkStatus(task, body.status) : '';
    checkItemStatusChange(
      role,
      op,
      status,
      refsOf(item).find((r) => r.id === task.id)?.metadata?.status ?? null,
      'item',
    );
    await requireWritable(store, item.datasetId);
    const last = await store.transaction(async () => {
      await requireWritable(store, item.datasetId);
      // Read again in the transaction: a retried attempt must not log the status twice.
      const current = (await store.get('items', item.id)) ?? item;
      return setItemStatus(store, current, task, op, status, caller.email);
    });
    return c.json({ ...itemJson((await store.get('items', item.id))!, apiBase(c)), lastStatus: last });
  });

  app.post('/assignments/:id/reassign', async (c) => {
    const caller = c.get('caller');
    const access = await assignmentAccess(store, caller, c.req.param('id'));
    requireRole(access.role, MANAGERS, 'reassign');
    const body = await jsonObject(c);
    const annotator = body.annotator;
    if (typeof annotator !== 'string') throw new HttpError(400, 'annotator: expected an email');
    await checkAssignees(store, access.task.projectId, [{ assigneeId: annotator, load: 100 }]);
    await requireWritable(store, access.task.datasetId); // moves item refs
    const target = await store.transaction(async () => {
      await requireWritable(store, access.task.datasetId);
      // Read again in the transaction (another request may have changed them; a retry starts afresh).
      const assignment = (await store.get('assignments', access.assignment.id)) ?? access.assignment;
      const task = (await store.get('tasks', access.task.id)) ?? access.task;
      const other = (await store.list('assignments', { taskId: task.id })).find(
        (a) => a.annotator === annotator && a.id !== assignment.id,
      );
      if (!other) {
        assignment.annotator = annotator;
        assignment.updatedAt = nowIso();
        assignment.updatedBy = caller.email;
        await store.replace('assignments', assignment);
        return assignment;
      }
      for (const id of await store.itemIdsWithRef(assignment.id)) await moveItemRef(store, id, assignment.id, other.id);
      await store.remove('assignments', assignment.id);
      task.assignmentIds = task.assignmentIds.filter((x) => x !== assignment.id);
      await store.replace('tasks', task);
      return other;
    });
    if (body.asynced === false) return c.json(await assignmentJson(store, target, apiBase(c)));
    return c.json(
      withUrl(
        await recordCommand(store, caller.email, 'assignment_reassign', {
          assignmentId: target.id,
          fromAssignment: access.assignment.id,
          toAssignment: target.id,
        }),
        apiBase(c),
        'commands',
      ),
    );
  });

  app.post('/assignments/:id/redistribute', async (c) => {
    const caller = c.get('caller');
    const access = await assignmentAccess(store, caller, c.req.param('id'));
    const { assignment } = access;
    requireRole(access.role, MANAGERS, 'redistribute');
    const body = await jsonObject(c);
    const src = isObject(body.workload) ? body.workload : body;
    const workload = workloadFrom(src as Record<string, unknown>);
    if (!workload.length) throw new HttpError(400, 'workload: expected [{assigneeId, load}] or assignees');
    await checkAssignees(store, access.task.projectId, workload);
    await requireWritable(store, access.task.datasetId); // moves item refs
    const ids = await store.transaction(async () => {
      await requireWritable(store, access.task.datasetId);
      const task = (await store.get('tasks', access.task.id)) ?? access.task;
      // Items that already have a status stay where they are.
      const open: string[] = [];
      for (const id of await store.itemIdsWithRef(assignment.id)) {
        const item = await store.get('items', id);
        const r = item && refsOf(item).find((x) => x.id === assignment.id);
        if (!r?.metadata?.status) open.push(id);
      }
      const parts = splitByLoad(open, workload);
      const touched: string[] = [];
      for (const [annotator, part] of parts) {
        const target = await assignmentFor(store, task, annotator, caller.email);
        touched.push(target.id);
        if (target.id === assignment.id) continue;
        for (const id of part) await moveItemRef(store, id, assignment.id, target.id);
      }
      if (!(await store.itemIdsWithRef(assignment.id)).length && !touched.includes(assignment.id)) {
        await store.remove('assignments', assignment.id);
        task.assignmentIds = task.assignmentIds.filter((x) => x !== assignment.id);
      }
      await store.replace('tasks', task);
      return touched;
    });
    if (body.asynced === false) {
      const out = [];
      for (const id of ids) out.push(await assignmentJson(store, (await store.get('assignments', id))!, apiBase(c)));
      return c.json(out);
    }
    return c.json(
      withUrl(
        await recordCommand(store, caller.email, 'assignment_redistribute', { assignmentIds: ids, workload }),
        apiBase(c),
        'commands',
      ),
    );
  });
}
