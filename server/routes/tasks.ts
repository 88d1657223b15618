import type { Context, Hono } from 'hono';
import { myProjectIds } from '../access.js';
import {
  datasetAccess,
  EDITORS,
  itemAccess,
  MANAGERS,
  projectRole,
  requireRole,
  requireWritable,
  type Caller,
  type Role,
} from '../auth/roles.js';
import { type AppEnv, apiBase, type Deps, isObject, jsonObject } from '../context.js';
import { HttpError } from '../http/errors.js';
import { newId, nowIso } from '../ids.js';
import { recordCommand } from '../commands.js';
import { type EntityJson, paged, withUrl } from '../present.js';
import { assignmentTaskId, datasetRecipeIds, refsOf } from '../store/docs.js';
import { clampPaging } from '../store/paging.js';
import { checkItemStatusChange } from '../review-rules.js';
import type { DqlSort, Store, TaskDoc } from '../store/types.js';
import {
  addItemsToTask,
  checkAssignees,
  checkActions,
  checkStatus,
  removeItemsFromTask,
  setItemStatus,
  reviewCounts,
  statusCounts,
  taskItemQuery,
  workloadFrom,
} from '../tasks-logic.js';

/** Task JSON with live progress counts (spec §7.5). */
export async function taskJson(store: Store, t: TaskDoc, base: string): Promise<EntityJson> {
  const s = await statusCounts(store, t.id);
  return {
    ...withUrl(t, base, 'annotationtasks'),
    totalItems: s.total,
    itemStatus: s.byStatus,
    progress: s.total ? Math.round((s.done / s.total) * 100) : 0,
    ...(await reviewCounts(store, t.id, s.byStatus)),
  };
}

/** Load a task and the caller's role; annotators only reach tasks where they hold an assignment. */
export async function taskAccess(store: Store, caller: Caller, id: string): Promise<{ task: TaskDoc; role: Role }> {
  const task = await store.get('tasks', id);
  if (!task) throw new HttpError(404, `task ${id} not found`);
  const role = await projectRole(store, caller, task.projectId);
  if (
    role === 'annotator' &&
    !(await store.list('assignments', { taskId: id })).some((a) => a.annotator === caller.email)
  )
    throw new HttpError(403, 'task has no assignment of yours');
  return { task, role };
}

async function asyncAnswer(
  c: Context,
  store: Store,
  caller: Caller,
  asynced: unknown,
  type: string,
  spec: Record<string, unknown>,
  direct: () => Promise<unknown>,
) {
  if (asynced === false) return c.json((await direct()) as object);
  const cmd = await recordCommand(store, caller.email, type, spec);
  return c.json(withUrl(cmd, apiBase(c), 'commands'));
}

/** Tasks: create (query, item ids, workload), QA tasks, get, query, update, delete, add/remove items, item status. */
export function registerTaskRoutes(app: Hono<AppEnv>, { store }: Deps): void {
  app.post('/annotationtasks', async (c) => {
    const caller = c.get('caller');
    const body = await jsonObject(c);
    if (typeof body.datasetId !== 'string') throw new HttpError(400, 'datasetId: expected a dataset id');
    const { role, projectId, dataset } = await datasetAccess(store, caller, body.datasetId);
    // Annotation managers create tasks (and assign them) on the platform, as owners and engineers do.
    requireRole(role, MANAGERS, 'create tasks');
    // A task writes its refs into the items' metadata.system.refs: no tasks on a read-only dataset.
    await requireWritable(store, body.datasetId);
    if (typeof body.name !== 'string' || !body.name.trim())
      throw new HttpError(400, 'name: expected a non-empty string');
    const spec = isObject(body.spec) ? body.spec : { type: 'annotation' };
    const type = spec.type;
    if (type !== 'annotation' && type !== 'qa') throw new HttpError(400, 'spec.type: expected "annotation" or "qa"');
    const parentTaskId = typeof spec.parentTaskId === 'string' ? spec.parentTaskId : undefined;
    if (type === 'qa') {
      const parent = parentTaskId ? await store.get('tasks', parentTaskId) : undefined;
      if (!parent || parent.datasetId !== body.datasetId)
        throw new HttpError(400, 'spec.parentTaskId: expected an annotation task of this dataset');
    }
    if (isObject(body.checkIfExist)) {
      const same = (await store.list('tasks', { datasetId: body.datasetId })).find((t) => t.name === body.name);
      if (same) return c.json(await taskJson(store, same, apiBase(c)));
    }
    const workload = workloadFrom(body);
    await checkAssignees(store, projectId, workload);
    const priority = body.priority ?? 2;
    if (priority !== 1 && priority !== 2 && priority !== 3) throw new HttpError(400, 'priority: expected 1, 2 or 3');
    const query = taskItemQuery(body);
    let ids = await store.queryIds('items', { ...query, where: { datasetId: body.datasetId } });
    if (type === 'qa' && parentTaskId && body.query === undefined && !Array.isArray(body.itemIds))
      ids = await store.itemIdsWithRef(parentTaskId);
    if (typeof body.limit === 'number' && body.limit >= 0) ids = ids.slice(0, body.limit);
    const now = nowIso();
    const defaultActions =
      type === 'qa'
        ? [
            { action: 'approved', displayName: 'Approve', color: '#2e7d32' },
            { action: 'discard', displayName: 'Discard', color: '#c62828' },
          ]
        : [
            { action: 'completed', displayName: 'Complete', color: '#2e7d32' },
            { action: 'discard', displayName: 'Discard', color: '#c62828' },
          ];
    const task: TaskDoc = {
      id: newId(),
      name: body.name.trim(),
      status: 'open',
      projectId,
      datasetId: body.datasetId,
      recipeId: body.recipeId ?? datasetRecipeIds(dataset)[0] ?? null,
      taskOwner: typeof body.taskOwner === 'string' ? body.taskOwner : caller.email,
      creator: caller.email,
      dueDate: typeof body.dueDate === 'number' ? body.dueDate : Date.now() + 7 * 24 * 3600 * 1000,
      spec: { ...spec, type },
      query: typeof body.query === 'string' ? body.query : JSON.stringify(query),
      assignmentIds: [],
      priority,
      availableActions: Array.isArray(body.availableActions) ? checkActions(body.availableActions) : defaultActions,
      description: isObject(body.description) ? body.description : { content: '' },
      metadata: isObject(body.metadata) ? body.metadata : { system: {} },
      forReview: 0,
      issues: 0,
      createdAt: now,
      updatedAt: now,
    };
    await store.transaction(async () => {
      await store.insert('tasks', task);
      await addItemsToTask(store, task, ids, workload, caller.email);
    });
    return asyncAnswer(
      c,
      store,
      caller,
      body.asynced,
      'annotation_task_create',
      // `createTaskPayload`: the request as received; the SDK refuses a Command without it.
      { createdTaskId: task.id, itemsCount: ids.length, createTaskPayload: body },
      async () => taskJson(store, (await store.get('tasks', task.id))!, apiBase(c)),
    );
  });

  app.get('/annotationtasks/:id', async (c) =>
    c.json(await taskJson(store, (await taskAccess(store, c.get('caller'), c.req.param('id'))).task, apiBase(c))),
  );

  app.post('/annotationtasks/query', async (c) => {
    const caller = c.get('caller');
    const body = await jsonObject(c);
    const ctx = isObject(body.context) ? body.context : {};
    const mine = await myProjectIds(store, caller);
    const wanted = Array.isArray(ctx.projectIds)
      ? ctx.projectIds.filter((p): p is string => typeof p === 'string' && mine.includes(p))
      : mine;
    const paging = clampPaging(body.page, body.pageSize, 500);
    const restrict: object[] = [{ projectId: { $in: wanted } }];
    // Annotators see the tasks where they hold an assignment.
    const visible: string[] = [];
    for (const p of wanted) if ((await projectRole(store, caller, p)) !== 'annotator') visible.push(p);
    const annotatorTasks = (await store.list('assignments'))
      .filter((a) => a.annotator === caller.email)
      .map((a) => assignmentTaskId(a));
    restrict.push({ $or: [{ projectId: { $in: visible } }, { id: { $in: annotatorTasks } }] });
    const filter = isObject(body.filter) ? body.filter : {};
    const { total, docs } = await store.query('tasks', {
      filter: { $and: [filter, ...restrict] },
      sort: body.sort as DqlSort | undefined, // checked by the DQL compiler
      ...paging,
    });
    const out = [];
    for (const t of docs) out.push(await taskJson(store, t, apiBase(c)));
    return c.json(paged(total, paging, out));
  });

  app.patch('/annotationtasks/:id', async (c) => {
    const caller = c.get('caller');
    const { task, role } = await taskAccess(store, caller, c.req.param('id'));
    requireRole(role, EDITORS, 'change tasks');
    const body = await jsonObject(c);
    for (const k of ['name', 'status'] as const)
      if (body[k] !== undefined) {
        const v = body[k];
        if (typeof v !== 'string' || (k === 'name' && !v.trim()))
          throw new HttpError(400, `${k}: expected a${k === 'name' ? ' non-empty' : ''} string`);
        task[k] = v;
      }
    for (const k of ['dueDate', 'priority', 'description', 'taskOwner'] as const)
      if (body[k] !== undefined) task[k] = body[k];
    if (body.availableActions !== undefined) {
      if (!Array.isArray(body.availableActions)) throw new HttpError(400, 'availableActions: expected a list');
      task.availableActions = checkActions(body.availableActions);
    }
    if (isObject(body.metadata)) task.metadata = { ...task.metadata, ...body.metadata };
    task.updatedAt = nowIso();
    await store.replace('tasks', task);
    return c.json(await taskJson(store, task, apiBase(c)));
  });

  app.delete('/annotationtasks/:id', async (c) => {
    const caller = c.get('caller');
    const { task, role } = await taskAccess(store, caller, c.req.param('id'));
    requireRole(role, EDITORS, 'delete tasks');
    await store.transaction(async () => {
      await requireWritable(store, task.datasetId);
      const current = (await store.get('tasks', task.id)) ?? task;
      await removeItemsFromTask(store, current, await store.itemIdsWithRef(task.id));
      for (const a of await store.list('assignments', { taskId: task.id })) await store.remove('assignments', a.id);
      await store.remove('tasks', task.id);
    });
    return c.json({ message: 'deleted' });
  });

  app.post('/annotationtasks/:id/addToTask', async (c) => {
    const caller = c.get('caller');
    const { task, role } = await taskAccess(store, caller, c.req.param('id'));
    requireRole(role, EDITORS, 'change tasks');
    const body = await jsonObject(c);
    await requireWritable(store, task.datasetId);
    let workload = workloadFrom(body);
    if (!workload.length) {
      const annotators = (await store.list('assignments', { taskId: task.id })).map((a) => a.annotator);
      workload = workloadFrom({ assignees: annotators });
    }
    await checkAssignees(store, task.projectId, workload);
    const n = await store.transaction(async () => {
      await requireWritable(store, task.datasetId);
      let ids = await store.queryIds('items', { ...taskItemQuery(body), where: { datasetId: task.datasetId } });
      if (typeof body.limit === 'number' && body.limit >= 0) ids = ids.slice(0, body.limit);
      return addItemsToTask(store, task, ids, workload, caller.email);
    });
    return asyncAnswer(
      c,
      store,
      caller,
      body.asynced,
      'annotation_task_add_items',
      { taskId: task.id, added: n, addToTaskPayload: body },
      async () => taskJson(store, (await store.get('tasks', task.id))!, apiBase(c)),
    );
  });

  app.post('/annotationtasks/:id/removeFromTask', async (c) => {
    const caller = c.get('caller');
    const { task, role } = await taskAccess(store, caller, c.req.param('id'));
    requireRole(role, EDITORS, 'change tasks');
    const body = await jsonObject(c);
    await requireWritable(store, task.datasetId);
    const n = await store.transaction(async () => {
      await requireWritable(store, task.datasetId);
      const ids = await store.queryIds('items', { ...taskItemQuery(body), where: { datasetId: task.datasetId } });
      return removeItemsFromTask(store, (await store.get('tasks', task.id)) ?? task, ids);
    });
    return asyncAnswer(
      c,
      store,
      caller,
      body.asynced,
      'annotation_task_remove_items',
      { taskId: task.id, removed: n, removeFromTaskId: task.id },
      async () => taskJson(store, (await store.get('tasks', task.id))!, apiBase(c)),
    );
  });

  app.post('/assignments/items/tasks/:taskId/status', async (c) => {
    const caller = c.get('caller');
    const { task, role } = await taskAccess(store, caller, c.req.param('taskId'));
    const body = await jsonObject(c);
    const payload = isObject(body.statusPayload) ? body.statusPayload : body;
    const op = payload.operation;
    if (op !== 'create' && op !== 'delete')
      throw new HttpError(400, 'statusPayload.operation: expected "create" or "delete"');
    const status = op === 'create' ? checkStatus(task, payload.status) : String(payload.status ?? '');
    if (!Array.isArray(body.itemIds) || !body.itemIds.every((x) => typeof x === 'string'))
      throw new HttpError(400, 'itemIds: expected a list of item ids');
    // An annotator sets statuses only on items of their own assignment in THIS task.
    await requireWritable(store, task.datasetId);
    const mine =
      role === 'annotator'
        ? new Set(
            (await store.list('assignments', { taskId: task.id }))
              .filter((a) => a.annotator === caller.email)
              .map((a) => a.id),
          )
        : null;
    const out = await store.transaction(async () => {
      await requireWritable(store, task.datasetId);
      const out: Record<string, unknown> = {};
      for (const [i, id] of (body.itemIds as string[]).entries()) {
        const { item } = await itemAccess(store, caller, id);
        if (mine && !refsOf(item).some((r) => mine.has(r.id)))
          throw new HttpError(403, `itemIds[${i}]: not in your assignments`);
        checkItemStatusChange(
          role,
          op,
          status,
          refsOf(item).find((r) => r.id === task.id)?.metadata?.status ?? null,
          `itemIds[${i}]`,
        );
        const last = await setItemStatus(store, item, task, op, status, caller.email);
        out[id] = payload.returnLastStatus ? { lastStatus: last, status: op === 'create' ? status : null } : true;
      }
      return out;
    });
    return c.json(out);
  });
}
