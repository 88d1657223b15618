import type { BoundEntity } from '../context.js';
import { dsScope, enc, getCached, type CallOptions, type ClientContext } from '../context.js';
import type { PageResponse } from '../paged-entities.js';
import { DlError } from '../../entities/errors.js';

/** Options of {@link DatasetsRepository.create}. */
export interface CreateDatasetOptions extends CallOptions {
  projectId?: string;
  createDefaultRecipe?: boolean;
  driver?: string;
  expirationOptions?: { itemMaxDays: number };
  indexDriver?: string;
}

/** Datasets (`/datasets`), as dtlpy's `project.datasets`. */
export class DatasetsRepository {
  constructor(
    private readonly ctx: ClientContext,
    readonly projectId?: string,
  ) {}

  /** Every dataset of the project (`POST /datasets/query`, looped while `hasNextPage`). */
  async list(opts: CallOptions & { projectId?: string } = {}): Promise<BoundEntity[]> {
    const projectId = opts.projectId ?? this.projectId;
    const out: unknown[] = [];
    for (let page = 0; ; page++) {
      const body = {
        filter: {},
        page,
        pageSize: 1000,
        resource: 'datasets',
        ...(projectId ? { context: { projects: [projectId] } } : {}),
      };
      const res = await this.ctx.http.json<PageResponse>({
        method: 'POST',
        path: '/datasets/query',
        json: body,
        idempotent: true,
        signal: opts.signal,
      });
      out.push(...(res?.items ?? []));
      if (!res?.hasNextPage || !res.items?.length) break;
    }
    return out.map((j) => this.ctx.bind.dataset(j));
  }

  /** `GET /datasets/{id}`. */
  async get(datasetId: string, opts: CallOptions = {}): Promise<BoundEntity> {
    return this.ctx.bind.dataset(
      await getCached(this.ctx, `dataset:${datasetId}`, dsScope(datasetId), `/datasets/${enc(datasetId)}`, opts),
    );
  }

  /** `POST /datasets` with `{ name, projects: [projectId], createDefaultRecipe }`. */
  async create(name: string, opts: CreateDatasetOptions = {}): Promise<BoundEntity> {
    const projectId = opts.projectId ?? this.projectId;
    if (!projectId) throw new DlError('datasets.create: a projectId is needed (use project.datasets.create)');
    const body: Record<string, unknown> = {
      name,
      projects: [projectId],
      createDefaultRecipe: opts.createDefaultRecipe ?? true,
    };
    for (const k of ['driver', 'expirationOptions', 'indexDriver'] as const)
      if (opts[k] !== undefined) body[k] = opts[k];
    return this.ctx.bind.dataset(
      await this.ctx.http.json({ method: 'POST', path: '/datasets', json: body, signal: opts.signal }),
    );
  }

  /** `PATCH /datasets/{id}`. */
  async update(
    datasetId: string,
    patch: Record<string, unknown>,
    opts: CallOptions & { system?: boolean } = {},
  ): Promise<BoundEntity> {
    const json = await this.ctx.http.json({
      method: 'PATCH',
      path: `/datasets/${enc(datasetId)}`,
      json: patch,
      searchParams: opts.system ? { system: 'true' } : undefined,
      signal: opts.signal,
    });
    await this.ctx.cache.invalidateScope(dsScope(datasetId));
    return this.ctx.bind.dataset(json);
  }

  /** `DELETE /datasets/{id}`. */
  async delete(datasetId: string, opts: CallOptions = {}): Promise<boolean> {
    await this.ctx.http.request({
      method: 'DELETE',
      path: `/datasets/${enc(datasetId)}`,
      responseType: 'none',
      signal: opts.signal,
    });
    await this.ctx.cache.invalidateScope(dsScope(datasetId));
    return true;
  }

  /** `GET /datasets/{id}/directoryTree`. */
  async directoryTree(datasetId: string, opts: CallOptions = {}): Promise<unknown> {
    return this.ctx.http.json({
      method: 'GET',
      path: `/datasets/${enc(datasetId)}/directoryTree`,
      signal: opts.signal,
    });
  }
}
