import type { BoundEntity, OpenJson } from '../context.js';
import { dsScope, enc, type CallOptions, type ClientContext } from '../context.js';
import type { FiltersLike, PagedEntities, QueryBody } from '../paged-entities.js';
import { refItems } from './tasks.js';

/** Assignment JSON (spec §7.6). */
export type AssignmentJson = Record<string, unknown> & { id: string; metadata?: OpenJson };

/** Dataset id of an assignment (`metadata.datasetId` or `metadata.system.datasetId`). */
export const assignmentDatasetId = (a: AssignmentJson): string | undefined =>
  a.metadata?.datasetId ?? a.metadata?.system?.datasetId;

/** Assignments (`/assignments`). */
export class AssignmentsRepository {
  constructor(
    private readonly ctx: ClientContext,
    readonly taskId?: string,
    readonly projectId?: string,
  ) {}

  /** `GET /assignments?taskId=&projects=&annotator=&status=` (all pages of 500). */
  async list(
    opts: CallOptions & {
      taskId?: string;
      projectIds?: string[];
      annotator?: string;
      status?: string;
      name?: string;
    } = {},
  ): Promise<BoundEntity[]> {
    const out: unknown[] = [];
    const projects = opts.projectIds ?? (this.projectId ? [this.projectId] : undefined);
    for (let page = 0; ; page++) {
      const res = await this.ctx.http.json<{ items?: unknown[]; hasNextPage?: boolean } | unknown[]>({
        method: 'GET',
        path: '/assignments',
        searchParams: {
          taskId: opts.taskId ?? this.taskId,
          projects: projects?.join(','),
          annotator: opts.annotator,
          status: opts.status,
          name: opts.name,
          pageSize: 500,
          pageOffset: page,
        },
        signal: opts.signal,
      });
      if (Array.isArray(res)) {
        out.push(...res);
        break;
      }
      out.push(...(res?.items ?? []));
      if (!res?.hasNextPage || !res.items?.length) break;
    }
    return out.map((j) => this.ctx.bind.assignment(j));
  }

  /** `GET /assignments/{id}`. */
  async get(assignmentId: string, opts: CallOptions = {}): Promise<BoundEntity> {
    return this.ctx.bind.assignment(
      await this.ctx.http.json({ method: 'GET', path: `/assignments/${enc(assignmentId)}`, signal: opts.signal }),
    );
  }

  /** `PATCH /assignments/{id}`. */
  async update(assignmentId: string, patch: Record<string, unknown>, opts: CallOptions = {}): Promise<BoundEntity> {
    return this.ctx.bind.assignment(
      await this.ctx.http.json({
        method: 'PATCH',
        path: `/assignments/${enc(assignmentId)}`,
        json: patch,
        signal: opts.signal,
      }),
    );
  }

  /** `POST /assignments/{id}/reassign` `{ taskId, annotator, asynced }`. */
  async reassign(assignmentId: string, taskId: string, annotator: string, opts: CallOptions = {}): Promise<unknown> {
    return this.ctx.http.json({
      method: 'POST',
      path: `/assignments/${enc(assignmentId)}/reassign`,
      json: { taskId, annotator, asynced: false },
      signal: opts.signal,
    });
  }

  /** `POST /assignments/{id}/redistribute` with the new workload. */
  async redistribute(assignmentId: string, body: Record<string, unknown>, opts: CallOptions = {}): Promise<unknown> {
    return this.ctx.http.json({
      method: 'POST',
      path: `/assignments/${enc(assignmentId)}/redistribute`,
      json: body,
      signal: opts.signal,
    });
  }

  /** Items of an assignment (query on `metadata.system.refs.id`). */
  async getItems(
    assignment: AssignmentJson | string,
    filters?: FiltersLike | QueryBody,
    opts: CallOptions & { datasetId?: string; pageSize?: number } = {},
  ): Promise<PagedEntities<BoundEntity>> {
    const a = typeof assignment === 'string' ? await this.get(assignment, opts) : assignment;
    return refItems(this.ctx, a.id, opts.datasetId ?? assignmentDatasetId(a), filters, opts);
  }

  /**
   * Sets (or with `clear` removes) an item's status in an assignment:
   * `POST /assignments/{assignmentId}/items/{itemId}/status` `{ operation, status }`.
   */
  async setItemStatus(
    assignmentId: string,
    itemId: string,
    status: string,
    opts: CallOptions & { clear?: boolean; datasetId?: string } = {},
  ): Promise<unknown> {
    const res = await this.ctx.http.json({
      method: 'POST',
      path: `/assignments/${enc(assignmentId)}/items/${enc(itemId)}/status`,
      json: { operation: opts.clear ? 'delete' : 'create', status },
      signal: opts.signal,
    });
    await this.ctx.cache.invalidateKey('entities', `item:${itemId}`);
    if (opts.datasetId) await this.ctx.cache.invalidateScope(dsScope(opts.datasetId));
    return res;
  }
}
