import { DlError } from '../../entities/errors.js';
import {
  countOpenIssues,
  countSentBack,
  isSentBackOrOpen,
  itemStatusIn,
  withItemStatus,
  type AssignmentJson,
  type ItemJson,
  type ItemsPage,
  type NewTask,
  type TaskBoardSource,
  type TaskJson,
} from './task-board-source.js';

/** A page object as the client's `PagedEntities` exposes it (only what the board reads). */
export interface PagedLike {
  items: unknown[];
  hasNextPage: boolean;
  totalItemsCount: number;
  /** `opts.signal` aborts this page's fetch only (the board passes the signal of its current query). */
  goToPage?(page: number, opts?: { signal?: AbortSignal }): Promise<unknown[]>;
  getPage?(page?: number, pageSize?: number, opts?: { signal?: AbortSignal }): Promise<unknown[]>;
}

/**
 * The part of the dl-kit client (src/api) the board uses, in the dtlpy shape:
 * `client.tasks.list()`, `client.assignments.list({ taskId })`,
 * `client.tasks.getItems(task, filters, { pageSize })` (a `PagedEntities`, served through the
 * client's page cache) and `client.tasks.setItemsStatus(taskId, itemIds, status, { clear })`
 * (`POST /assignments/items/tasks/{taskId}/status`).
 */
export interface TaskBoardClient {
  tasks: {
    list(opts?: { signal?: AbortSignal; projectId?: string }): Promise<unknown[]>;
    /** `GET /annotationtasks/{id}`: fresh counts after a status change (optional). */
    get?(taskId: string, opts?: { signal?: AbortSignal }): Promise<unknown>;
    getItems(
      task: TaskJson,
      filters?: Record<string, unknown>,
      opts?: { pageSize?: number; signal?: AbortSignal; datasetId?: string },
    ): Promise<PagedLike>;
    setItemsStatus(
      taskId: string,
      itemIds: string[],
      status: string,
      opts?: { clear?: boolean; datasetId?: string; signal?: AbortSignal },
    ): Promise<unknown>;
    /** `POST /annotationtasks` (optional: enables "New task"). */
    create?(o: {
      name: string;
      datasetId: string;
      projectId: string;
      filters?: Record<string, unknown>;
      itemIds?: string[];
      workload?: { assigneeId: string; load: number }[];
      priority?: 1 | 2 | 3;
      dueDate?: number;
    }): Promise<unknown>;
  };
  assignments: {
    list(opts?: { taskId?: string; signal?: AbortSignal }): Promise<unknown[]>;
    /** `GET /assignments/{id}` (optional). */
    get?(assignmentId: string, opts?: { signal?: AbortSignal }): Promise<unknown>;
    /** `POST /assignments/{id}/reassign` (optional: enables "Reassign"). */
    reassign?(assignmentId: string, taskId: string, annotator: string): Promise<unknown>;
  };
  /**
   * A dataset's annotation query (optional: with it, the item page shows each item's open
   * issues, one `POST /datasets/{id}/query` per page of items).
   */
  dataset?(datasetId: string): {
    annotations: {
      list(
        query: Record<string, unknown>,
        opts?: { pageSize?: number; cache?: 'network-first'; signal?: AbortSignal },
      ): Promise<PagedLike>;
    };
    /** The dataset's item query (optional: with it, the cards count items sent back, one query for all). */
    items?: {
      list(
        query: Record<string, unknown>,
        opts?: { pageSize?: number; cache?: 'network-first'; signal?: AbortSignal },
      ): Promise<PagedLike>;
    };
  };
  /** `GET /items/{id}`, read past the cache (optional). */
  items?: { get?(itemId: string, opts?: { signal?: AbortSignal; cache?: 'no-cache' }): Promise<unknown> };
}

/** Entities fetched through the client carry `toJson()`; the board works on the JSON. */
function json<T extends { id: string }>(x: unknown): T {
  const o = x as { toJson?: () => unknown };
  return (typeof o?.toJson === 'function' ? o.toJson() : x) as T;
}

/** Whether `value` has the client methods the board needs. */
export function isTaskBoardClient(value: unknown): value is TaskBoardClient {
  const c = value as Partial<TaskBoardClient> | null;
  return (
    typeof c?.tasks?.list === 'function' &&
    typeof c.tasks.getItems === 'function' &&
    typeof c.tasks.setItemsStatus === 'function' &&
    typeof c.assignments?.list === 'function'
  );
}

/**
 * Open issues of a page of a dataset's items (item id -> count, items without any absent), as
 * {@link countOpenIssues} counts them: ONE annotation query (`POST /datasets/{id}/query`, status
 * `issue`, these item ids) for the page, never one per item. `null` when the client has no
 * `dataset()` query, there are no items, or the query failed (a list then shows items without
 * counts); an aborted `signal` rejects.
 *
 * @example
 * const counts = await openIssueCounts(client, datasetId, page.map((i) => i.id));
 */
export async function openIssueCounts(
  client: Pick<TaskBoardClient, 'dataset'>,
  datasetId: string,
  itemIds: readonly string[],
  signal?: AbortSignal,
): Promise<Record<string, number> | null> {
  if (typeof client.dataset !== 'function' || !itemIds.length) return null;
  const query = {
    filter: { $and: [{ 'metadata.system.status': 'issue' }, { itemId: { $in: [...itemIds] } }] },
    resource: 'annotations',
  };
  try {
    const page = await client
      .dataset(datasetId)
      .annotations.list(query, { pageSize: 1000, cache: 'network-first', ...(signal ? { signal } : {}) });
    return countOpenIssues(page.items.map((a) => json<{ id: string }>(a)));
  } catch (e) {
    if (signal?.aborted) throw e;
    return null;
  }
}

/**
 * Items sent back per task and assignment id ({@link countSentBack}) for `tasks`: ONE item query
 * per dataset of those tasks (`POST /datasets/{id}/query`, pages of 1000), whatever the number of
 * cards. It asks only for candidates, items with no status in one of these tasks and a status log
 * (someone set or cleared a status once), and {@link sentBackIn} decides. `null` when the client
 * has no item query or it failed (the cards then show no such count); an aborted `signal` rejects.
 *
 * @example
 * const counts = await sentBackCounts(client, tasks); // { [taskOrAssignmentId]: n }
 */
export async function sentBackCounts(
  client: Pick<TaskBoardClient, 'dataset'>,
  tasks: readonly TaskJson[],
  signal?: AbortSignal,
): Promise<Record<string, number> | null> {
  if (typeof client.dataset !== 'function') return null;
  const byDataset = new Map<string, TaskJson[]>();
  for (const t of tasks)
    if (typeof t.datasetId === 'string') byDataset.set(t.datasetId, [...(byDataset.get(t.datasetId) ?? []), t]);
  const out: Record<string, number> = {};
  try {
    for (const [datasetId, mine] of byDataset) {
      const items = client.dataset(datasetId).items;
      if (!items) return null;
      const query = {
        filter: {
          $and: [
            {
              'metadata.system.refs': {
                $match: { id: { $in: mine.map((t) => t.id) }, metadata: { status: { $exists: false } } },
              },
            },
            { 'metadata.system.taskStatusLog': { $exists: true } },
          ],
        },
        resource: 'items',
      };
      const pages = await items.list(query, { pageSize: 1000, cache: 'network-first', ...(signal ? { signal } : {}) });
      const found = pages.items.map((i) => json<ItemJson>(i));
      for (let p = 1; pages.hasNextPage && typeof pages.goToPage === 'function'; p++)
        found.push(...(await pages.goToPage(p, signal ? { signal } : {})).map((i) => json<ItemJson>(i)));
      for (const [id, n] of Object.entries(countSentBack(found, mine))) out[id] = (out[id] ?? 0) + n;
    }
    return out;
  } catch (e) {
    if (signal?.aborted) throw e;
    return null;
  }
}

/**
 * A source over a dl-kit client. Items are paged by the client's `PagedEntities` (offset pages of
 * `pageSize`); the status filter is applied to each fetched page, because item status lives in
 * per-task refs that a DQL filter cannot single out (pages may then show fewer rows).
 *
 * @example
 * board.source = clientSource(client, { projectId });
 */
export function clientSource(client: TaskBoardClient, opts: { projectId?: string } = {}): TaskBoardSource {
  if (!isTaskBoardClient(client))
    throw new DlError('clientSource: the client lacks tasks.list/getItems/setItemsStatus or assignments.list');
  // The PagedEntities of the last query, so moving between its pages is one request per page
  // (getItems fetches page 0 when it creates one). `signal` is the one it was created with: the
  // pages fetch with it unless a call brings its own, so pages created under a signal aborted
  // since are reused only by a call that brings one.
  let last: { key: string; pages: PagedLike; signal: AbortSignal | undefined } | null = null;
  /** Open issues of a page's items: one annotation query for the whole page (`null`: unknown). */
  const issuesOf = async (items: ItemJson[], signal?: AbortSignal): Promise<Record<string, number> | null> => {
    const datasetId = items.find((i) => typeof i.datasetId === 'string')?.datasetId as string | undefined;
    return datasetId
      ? openIssueCounts(
          client,
          datasetId,
          items.map((i) => i.id),
          signal,
        )
      : null;
  };
  return {
    async listTasks(signal) {
      return (await client.tasks.list({ signal, ...(opts.projectId ? { projectId: opts.projectId } : {}) })).map((t) =>
        json<TaskJson>(t),
      );
    },
    sentBackCounts: (tasks, signal) => sentBackCounts(client, tasks, signal),
    async listAssignments(task, signal) {
      return (await client.assignments.list({ taskId: task.id, signal })).map((a) => json<AssignmentJson>(a));
    },
    async listItems(q): Promise<ItemsPage> {
      // Offset paging with a custom filter (keyset paging cannot jump to page N).
      const filters: Record<string, unknown> = {
        filter: {
          $and: q.assignments?.length ? [{ 'metadata.system.refs.id': { $in: q.assignments.map((a) => a.id) } }] : [],
        },
        sort: { createdAt: 'ascending' },
      };
      const key = JSON.stringify([q.task.id, q.pageSize, filters]);
      let pages: PagedLike;
      // Each page fetch is aborted with the query's signal (the board aborts a page it left).
      const own = q.signal ? { signal: q.signal } : {};
      if (
        last?.key === key &&
        (q.signal || !last.signal?.aborted) &&
        (typeof last.pages.goToPage === 'function' || typeof last.pages.getPage === 'function')
      ) {
        pages = last.pages;
        if (typeof pages.goToPage === 'function') await pages.goToPage(q.page, own);
        else await pages.getPage!(q.page, q.pageSize, own);
      } else {
        pages = await client.tasks.getItems(q.task, filters, { pageSize: q.pageSize, signal: q.signal });
        last = { key, pages, signal: q.signal };
        if (q.page !== 0) {
          if (typeof pages.goToPage === 'function') await pages.goToPage(q.page, own);
          else if (typeof pages.getPage === 'function') await pages.getPage(q.page, q.pageSize, own);
        }
      }
      let items = pages.items.map((i) => json<ItemJson>(i));
      if (q.status !== undefined) items = items.filter((it) => itemStatusIn(it, q.task.id) === q.status);
      // The same one annotation query gives the counts and the sent-back filter.
      const openIssues = await issuesOf(items, q.signal);
      if (q.sentBack !== undefined)
        items = items.filter((it) => isSentBackOrOpen(it, q.task.id, openIssues) === q.sentBack);
      return {
        ...(openIssues ? { openIssues } : {}),
        items,
        page: q.page,
        totalItemsCount: pages.totalItemsCount,
        hasNextPage: pages.hasNextPage,
        statusFilteredLocally: q.status !== undefined || q.sentBack !== undefined,
      };
    },
    async setItemStatus(c) {
      const datasetId = typeof c.item.datasetId === 'string' ? c.item.datasetId : undefined;
      await client.tasks.setItemsStatus(c.task.id, [c.item.id], c.status, {
        clear: c.clear,
        ...(datasetId ? { datasetId } : {}),
      });
      return withItemStatus(c.item, c.task.id, c.assignment?.id, c.status, c.clear);
    },
    // Re-reads after a status change: the server's counts and progress, not the list's old ones.
    ...(typeof client.tasks.get === 'function'
      ? {
          getTask: async (task: TaskJson, signal?: AbortSignal) =>
            json<TaskJson>(await client.tasks.get!(task.id, { signal })),
        }
      : {}),
    ...(typeof client.assignments.get === 'function'
      ? {
          getAssignment: async (a: AssignmentJson, signal?: AbortSignal) =>
            json<AssignmentJson>(await client.assignments.get!(a.id, { signal })),
        }
      : {}),
    ...(typeof client.tasks.create === 'function'
      ? {
          createTask: async (t: NewTask) => {
            const projectId = opts.projectId;
            if (!projectId) throw new DlError('clientSource: creating a task needs the projectId option');
            return json<TaskJson>(
              await client.tasks.create!({
                name: t.name,
                datasetId: t.datasetId,
                projectId,
                ...(t.itemIds ? { itemIds: t.itemIds } : t.query ? { filters: t.query } : {}),
                workload: t.workload,
                priority: t.priority,
                dueDate: t.dueDate,
              }),
            );
          },
        }
      : {}),
    ...(typeof client.assignments.reassign === 'function'
      ? {
          reassign: async (task: TaskJson, a: AssignmentJson, annotator: string) => {
            await client.assignments.reassign!(a.id, task.id, annotator);
          },
        }
      : {}),
    ...(typeof client.items?.get === 'function'
      ? {
          getItem: async (item: ItemJson, signal?: AbortSignal) =>
            json<ItemJson>(await client.items!.get!(item.id, { signal, cache: 'no-cache' })),
        }
      : {}),
  };
}
