import type { BoundEntity } from '../context.js';
import { enc, getCached, type CallOptions, type ClientContext } from '../context.js';

/** Projects (`/projects`), as dtlpy's `dl.projects`. */
export class ProjectsRepository {
  constructor(private readonly ctx: ClientContext) {}

  /** `GET /projects` (a bare array). */
  async list(opts: CallOptions = {}): Promise<BoundEntity[]> {
    const arr = await this.ctx.http.json<unknown[]>({ method: 'GET', path: '/projects', signal: opts.signal });
    return (arr ?? []).map((j) => this.ctx.bind.project(j));
  }

  /** `GET /projects/{id}`. */
  async get(projectId: string, opts: CallOptions = {}): Promise<BoundEntity> {
    return this.ctx.bind.project(
      await getCached(this.ctx, `project:${projectId}`, `project:${projectId}`, `/projects/${enc(projectId)}`, opts),
    );
  }

  /** `GET /projects/{name}/name` (returns an array; the first match). */
  async getByName(name: string, opts: CallOptions = {}): Promise<BoundEntity> {
    const arr = await this.ctx.http.json<unknown[] | unknown>({
      method: 'GET',
      path: `/projects/${enc(name)}/name`,
      signal: opts.signal,
    });
    const first = Array.isArray(arr) ? arr[0] : arr;
    return first === undefined ? undefined : this.ctx.bind.project(first);
  }

  /** `POST /projects`, form-encoded `name=…` as the SDK sends it. */
  async create(name: string, opts: CallOptions = {}): Promise<BoundEntity> {
    return this.ctx.bind.project(
      await this.ctx.http.json({
        method: 'POST',
        path: '/projects',
        body: new URLSearchParams({ name }),
        signal: opts.signal,
      }),
    );
  }

  /** `DELETE /projects/{id}`. */
  async delete(projectId: string, opts: CallOptions = {}): Promise<boolean> {
    await this.ctx.http.request({
      method: 'DELETE',
      path: `/projects/${enc(projectId)}`,
      responseType: 'none',
      signal: opts.signal,
    });
    await this.ctx.cache.invalidateScope(`project:${projectId}`);
    return true;
  }
}
