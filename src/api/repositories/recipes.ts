import type { BoundEntity } from '../context.js';
import { enc, type CallOptions, type ClientContext } from '../context.js';

/** Recipes (`/recipes`). */
export class RecipesRepository {
  constructor(
    private readonly ctx: ClientContext,
    readonly projectId?: string,
  ) {}

  /** `GET /recipes/{id}`. */
  async get(recipeId: string, opts: CallOptions = {}): Promise<BoundEntity> {
    return this.ctx.bind.recipe(
      await this.ctx.http.json({ method: 'GET', path: `/recipes/${enc(recipeId)}`, signal: opts.signal }),
    );
  }

  /** `GET /recipes?projects=<id>&pageOffset=0&pageSize=1000` (all pages). */
  async list(opts: CallOptions & { projectId?: string } = {}): Promise<BoundEntity[]> {
    const projectId = opts.projectId ?? this.projectId;
    const out: unknown[] = [];
    for (let page = 0; ; page++) {
      const res = await this.ctx.http.json<{ items?: unknown[]; hasNextPage?: boolean } | unknown[]>({
        method: 'GET',
        path: '/recipes',
        searchParams: { projects: projectId, pageOffset: page, pageSize: 1000 },
        signal: opts.signal,
      });
      if (Array.isArray(res)) {
        out.push(...res);
        break;
      }
      out.push(...(res?.items ?? []));
      if (!res?.hasNextPage || !res.items?.length) break;
    }
    return out.map((j) => this.ctx.bind.recipe(j));
  }

  /** `POST /recipes`. */
  async create(
    title: string,
    ontologyIds: string[],
    opts: CallOptions & { projectId?: string } = {},
  ): Promise<BoundEntity> {
    const body = {
      title,
      projectIds: [opts.projectId ?? this.projectId].filter(Boolean),
      ontologyIds,
      uiSettings: { allowObjectIdAutoAssign: true, studioV2App: true },
    };
    return this.ctx.bind.recipe(
      await this.ctx.http.json({ method: 'POST', path: '/recipes', json: body, signal: opts.signal }),
    );
  }

  /** `PATCH /recipes/{id}`. */
  async update(recipeId: string, patch: Record<string, unknown>, opts: CallOptions = {}): Promise<BoundEntity> {
    return this.ctx.bind.recipe(
      await this.ctx.http.json({
        method: 'PATCH',
        path: `/recipes/${enc(recipeId)}`,
        json: patch,
        signal: opts.signal,
      }),
    );
  }

  /** `DELETE /recipes/{id}`. */
  async delete(recipeId: string, opts: CallOptions = {}): Promise<boolean> {
    await this.ctx.http.request({
      method: 'DELETE',
      path: `/recipes/${enc(recipeId)}`,
      responseType: 'none',
      signal: opts.signal,
    });
    return true;
  }
}
