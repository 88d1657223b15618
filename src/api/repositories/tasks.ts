import type { BoundEntity, OpenJson } from '../context.js';
import { dsScope, enc, queryDataset, type CallOptions, type ClientContext } from '../context.js';
import { PagedEntities, toQuerySpec, type FiltersLike, type PageResponse, type QueryBody } from '../paged-entities.js';
import { CommandsRepository, isCommand, type WaitOptions } from './commands.js';
import { DlError } from '../../entities/errors.js';

/** Task JSON (spec §7.5). */
export type TaskJson = Record<string, unknown> & { id: string; datasetId?: string; projectId?: string };

/** Options of {@link TasksRepository.create} (the body keys of `POST /annotationtasks`). */
export interface CreateTaskOptions extends CallOptions {
  name: string;
  datasetId: string;
  projectId: string;
  /** Filter body of the items (serialised to a string as the SDK does). @default the default item filter */
  filters?: FiltersLike | QueryBody;
  /** Build the query from item ids instead (`{"id":{"$in":[…]}}`, defaults off). */
  itemIds?: string[];
  taskOwner?: string;
  assignees?: string[];
  /** Explicit shares of the items per assignee, in percent (sum 100); wins over `assignees`' equal split. */
  workload?: { assigneeId: string; load: number }[];
  recipeId?: string;
  dueDate?: number;
  priority?: 1 | 2 | 3;
  type?: 'annotation' | 'qa';
  parentTaskId?: string;
  availableActions?: { action: string; displayName?: string; color?: string; icon?: string }[];
  metadata?: OpenJson;
  /** Ask the server to answer with a Command (polled until done). @default false */
  asynced?: boolean;
  wait?: WaitOptions;
}

/** SDK task workload: `100 // n + (i < 100 % n)` per assignee. */
export function workload(assignees: string[]): { assigneeId: string; load: number }[] {
  const n = assignees.length;
  return assignees.map((a, i) => ({ assigneeId: a, load: Math.floor(100 / n) + (i < 100 % n ? 1 : 0) }));
}

function queryString(body: unknown): string {
  // Python json.dumps separators (", " / ": "), then ' -> " as the SDK does.
  const py = (v: unknown): string =>
    Array.isArray(v)
      ? `[${v.map(py).join(', ')}]`
      : v && typeof v === 'object'
        ? `{${Object.entries(v)
            .map(([k, x]) => `${JSON.stringify(k)}: ${py(x)}`)
            .join(', ')}}`
        : JSON.stringify(v);
  return py(body).replace(/'/g, '"');
}

/** Annotation tasks (`/annotationtasks`). */
export class TasksRepository {
  private readonly commands: CommandsRepository;
  constructor(
    private readonly ctx: ClientContext,
    readonly projectId?: string,
  ) {
    this.commands = new CommandsRepository(ctx);
  }

  /** Creates a task; waits for the Command the server may answer with and returns the task. */
  async create(o: CreateTaskOptions): Promise<BoundEntity> {
    const query = o.itemIds
      ? { filter: { $and: [{ id: { $in: o.itemIds } }] }, page: 0, pageSize: 1000, resource: 'items' }
      : toQuerySpec(o.filters, {
          resource: 'items',
          body: { filter: { $and: [{ hidden: false }, { type: 'file' }] }, page: 0, pageSize: 1000, resource: 'items' },
        }).body;
    const body: Record<string, unknown> = {
      name: o.name,
      query: queryString(query),
      spec: { type: o.type ?? 'annotation', ...(o.parentTaskId ? { parentTaskId: o.parentTaskId } : {}) },
      datasetId: o.datasetId,
      projectId: o.projectId,
      assignmentIds: [],
      dueDate: o.dueDate ?? Date.now() + 7 * 24 * 3600_000,
      asynced: o.asynced ?? false,
      priority: o.priority ?? 2,
    };
    if (o.taskOwner) body.taskOwner = o.taskOwner;
    if (o.recipeId) body.recipeId = o.recipeId;
    if (o.workload?.length) body.workload = o.workload;
    else if (o.assignees?.length) body.workload = workload(o.assignees);
    if (o.availableActions) body.availableActions = o.availableActions;
    if (o.metadata) body.metadata = o.metadata;
    const res = await this.ctx.http.json<unknown>({
      method: 'POST',
      path: '/annotationtasks',
      json: body,
      signal: o.signal,
    });
    await this.ctx.cache.invalidateScope(dsScope(o.datasetId));
    if (isCommand(res)) {
      const done = await this.commands.wait(res, { ...o.wait, signal: o.signal });
      const id = done.spec?.createdTaskId;
      if (typeof id !== 'string') throw new DlError(`task command ${done.id} finished without spec.createdTaskId`);
      return this.get(id, o);
    }
    return this.ctx.bind.task(res);
  }

  /** `GET /annotationtasks/{id}`. */
  async get(taskId: string, opts: CallOptions = {}): Promise<BoundEntity> {
    return this.ctx.bind.task(
      await this.ctx.http.json({ method: 'GET', path: `/annotationtasks/${enc(taskId)}`, signal: opts.signal }),
    );
  }

  /** Every task of the project (`POST /annotationtasks/query`, pages of 500). */
  async list(
    opts: CallOptions & { projectId?: string; filter?: Record<string, unknown> } = {},
  ): Promise<BoundEntity[]> {
    const projectId = opts.projectId ?? this.projectId;
    const out: unknown[] = [];
    for (let page = 0; ; page++) {
      const body = {
        filter: opts.filter ?? {},
        page,
        pageSize: 500,
        resource: 'tasks',
        ...(projectId ? { context: { projectIds: [projectId] } } : {}),
      };
      const res = await this.ctx.http.json<PageResponse>({
        method: 'POST',
        path: '/annotationtasks/query',
        json: body,
        idempotent: true,
        signal: opts.signal,
      });
      out.push(...(res?.items ?? []));
      if (!res?.hasNextPage || !res.items?.length) break;
    }
    return out.map((j) => this.ctx.bind.task(j));
  }

  /** `PATCH /annotationtasks/{id}`. */
  async update(task: TaskJson, opts: CallOptions = {}): Promise<BoundEntity> {
    const t = task as { toJson?: () => unknown };
    const json = typeof t.toJson === 'function' ? t.toJson() : task;
    return this.ctx.bind.task(
      await this.ctx.http.json({
        method: 'PATCH',
        path: `/annotationtasks/${enc(task.id)}`,
        json,
        signal: opts.signal,
      }),
    );
  }

  /** `DELETE /annotationtasks/{id}`. */
  async delete(taskId: string, opts: CallOptions = {}): Promise<boolean> {
    await this.ctx.http.request({
      method: 'DELETE',
      path: `/annotationtasks/${enc(taskId)}`,
      json: { asynced: false },
      responseType: 'none',
      signal: opts.signal,
    });
    return true;
  }

  /** Items of a task: a query on `metadata.system.refs.id` in the task's dataset (defaults off). */
  async getItems(
    task: TaskJson | string,
    filters?: FiltersLike | QueryBody,
    opts: CallOptions & { datasetId?: string; pageSize?: number } = {},
  ): Promise<PagedEntities<BoundEntity>> {
    const t = typeof task === 'string' ? await this.get(task, opts) : task;
    return refItems(this.ctx, t.id, opts.datasetId ?? t.datasetId, filters, opts);
  }

  /** Adds items to a task (`POST /annotationtasks/{id}/addToTask`), waiting for the Command. */
  async addItems(
    taskId: string,
    filters: FiltersLike | QueryBody | { itemIds: string[] },
    opts: CallOptions & { wait?: WaitOptions } = {},
  ): Promise<BoundEntity> {
    return this.membership(taskId, 'addToTask', filters, opts);
  }

  /** Removes items from a task (`POST /annotationtasks/{id}/removeFromTask`). */
  async removeItems(
    taskId: string,
    filters: FiltersLike | QueryBody | { itemIds: string[] },
    opts: CallOptions & { wait?: WaitOptions } = {},
  ): Promise<BoundEntity> {
    return this.membership(taskId, 'removeFromTask', filters, opts);
  }

  private async membership(
    taskId: string,
    op: string,
    filters: FiltersLike | QueryBody | { itemIds: string[] },
    opts: CallOptions & { wait?: WaitOptions },
  ): Promise<BoundEntity> {
    const ids = (filters as { itemIds?: string[] }).itemIds;
    const query = ids
      ? { filter: { $and: [{ id: { $in: ids } }] }, page: 0, pageSize: 1000, resource: 'items' }
      : toQuerySpec(filters as FiltersLike, { resource: 'items', body: {} }).body;
    const res = await this.ctx.http.json<unknown>({
      method: 'POST',
      path: `/annotationtasks/${enc(taskId)}/${op}`,
      json: { query: queryString(query), asynced: false },
      signal: opts.signal,
    });
    if (isCommand(res)) await this.commands.wait(res, { ...opts.wait, signal: opts.signal });
    return this.get(taskId, opts);
  }

  /**
   * Sets (or with `clear` removes) the status of items in a task:
   * `POST /assignments/items/tasks/{taskId}/status`. Returns the server's object keyed by item id.
   */
  async setItemsStatus(
    taskId: string,
    itemIds: string[],
    status: string,
    opts: CallOptions & { clear?: boolean; datasetId?: string } = {},
  ): Promise<Record<string, unknown>> {
    const res = await this.ctx.http.json<Record<string, unknown>>({
      method: 'POST',
      path: `/assignments/items/tasks/${enc(taskId)}/status`,
      json: { itemIds, statusPayload: { operation: opts.clear ? 'delete' : 'create', returnLastStatus: true, status } },
      signal: opts.signal,
    });
    if (opts.datasetId) await this.ctx.cache.invalidateScope(dsScope(opts.datasetId));
    for (const id of itemIds) await this.ctx.cache.invalidateKey('entities', `item:${id}`);
    return res ?? {};
  }
}

/** Items whose `metadata.system.refs` name a task or assignment. */
export async function refItems(
  ctx: ClientContext,
  refId: string,
  datasetId: string | undefined,
  filters: FiltersLike | QueryBody | undefined,
  opts: CallOptions & { pageSize?: number },
): Promise<PagedEntities<BoundEntity>> {
  if (!datasetId) throw new DlError(`items of ${refId}: the dataset id is unknown`);
  const base: QueryBody = {
    filter: { $and: [{ 'metadata.system.refs.id': { $in: [refId] } }] },
    page: 0,
    pageSize: 1000,
    resource: 'items',
  };
  const spec = toQuerySpec(filters, { resource: 'items', body: base });
  if (filters) {
    const f = (spec.body.filter ??= {}) as Record<string, unknown>;
    ((f.$and ??= []) as unknown[]).push({ 'metadata.system.refs.id': { $in: [refId] } });
  }
  const pages = new PagedEntities<BoundEntity, unknown>({
    query: spec,
    fetchPage: (body, signal) => queryDataset(ctx, datasetId, body, { ...opts, signal }),
    build: (j) => ctx.bind.item(j),
    pageSize: opts.pageSize,
    signal: opts.signal,
  });
  await pages.getPage();
  return pages;
}
