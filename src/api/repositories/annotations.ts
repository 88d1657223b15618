import type { BoundEntity, OpenJson } from '../context.js';
import {
  currentEmail,
  dsScope,
  enc,
  getCached,
  queryDataset,
  type CallOptions,
  type ClientContext,
} from '../context.js';
import { PagedEntities, toQuerySpec, type FiltersLike, type QueryBody } from '../paged-entities.js';
import { jsonDiff } from '../json-diff.js';
import { DlError } from '../../entities/errors.js';
import { DEFAULT_ANNOTATION_TYPES } from '../../entities/filters/filters-defaults.js';

/** Annotation JSON (spec §1.1); every key is kept. */
export type AnnotationJson = Record<string, unknown> & {
  id?: string;
  itemId?: string;
  datasetId?: string;
  metadata?: OpenJson;
};

/** Annotation status values (`clear` is sent as null). */
export type AnnotationStatusValue = 'issue' | 'approved' | 'review' | 'clear' | null;

/** The SDK's default annotation query, optionally for one item. */
export function defaultAnnotationsQuery(itemId?: string): QueryBody {
  const and: unknown[] = [];
  if (itemId) and.push({ itemId });
  const filter: Record<string, unknown> = { type: { $in: DEFAULT_ANNOTATION_TYPES } };
  if (and.length) filter.$and = and;
  return { filter, page: 0, pageSize: 1000, resource: 'annotations' };
}

/** Turns an entity (with `toJson()`) or JSON into JSON. */
export function annotationToJson(a: unknown): AnnotationJson {
  const t = a as { toJson?: () => unknown };
  return (typeof t.toJson === 'function' ? t.toJson() : structuredClone(a)) as AnnotationJson;
}

/** Whether a diff touches `metadata.system` (needs `?system=true`). */
export function touchesSystem(diff: Record<string, unknown> | undefined): boolean {
  const m = diff?.metadata as Record<string, unknown> | null | undefined;
  return m === null || (typeof m === 'object' && m !== undefined && 'system' in m);
}

/**
 * Annotations of a dataset, or of one item when `itemId` is set, as dtlpy's
 * `item.annotations` / `dataset.annotations`.
 */
export class AnnotationsRepository {
  constructor(
    private readonly ctx: ClientContext,
    readonly datasetId?: string,
    readonly itemId?: string,
  ) {}

  private ds(datasetId?: string): string {
    const id = datasetId ?? this.datasetId;
    if (!id) throw new DlError('annotations: a datasetId is needed (use item.annotations / dataset.annotations)');
    return id;
  }

  /**
   * For an item: every annotation of it (all pages of 1000), built as the client's collection.
   * For a dataset: paged results of the query (first page loaded).
   */
  async list(
    filters?: FiltersLike | QueryBody,
    opts: CallOptions & { datasetId?: string; page?: number; pageSize?: number } = {},
  ): Promise<BoundEntity> {
    const datasetId = this.ds(opts.datasetId);
    const query = toQuerySpec(filters, { resource: 'annotations', body: defaultAnnotationsQuery(this.itemId) });
    if (this.itemId && filters) {
      const f = (query.body.filter ??= {}) as Record<string, unknown>;
      ((f.$and ??= []) as unknown[]).push({ itemId: this.itemId });
    }
    const fetchPage = (body: QueryBody, signal?: AbortSignal) =>
      queryDataset<AnnotationJson>(this.ctx, datasetId, body, { ...opts, signal, userQuery: filters !== undefined });
    if (!this.itemId) {
      const bound = new PagedEntities<BoundEntity, AnnotationJson>({
        query,
        fetchPage,
        build: (j) => this.ctx.bind.annotation(j),
        page: opts.page,
        pageSize: opts.pageSize,
        signal: opts.signal,
      });
      await bound.getPage();
      return bound;
    }
    // item.annotations.list(): page size 1000, every page, one collection (spec §5).
    const pages = new PagedEntities<AnnotationJson, AnnotationJson>({
      query,
      fetchPage,
      build: (j) => j,
      pageSize: 1000,
      signal: opts.signal,
    });
    const all: AnnotationJson[] = [];
    for await (const page of pages) all.push(...page);
    return this.ctx.bind.annotationCollection(all, this.itemId);
  }

  /** `GET /annotations/{id}`. */
  async get(annotationId: string, opts: CallOptions = {}): Promise<BoundEntity> {
    const json = await getCached<AnnotationJson>(
      this.ctx,
      `annotation:${annotationId}`,
      this.datasetId ? dsScope(this.datasetId) : `annotation:${annotationId}`,
      `/annotations/${enc(annotationId)}`,
      opts,
    );
    return this.ctx.bind.annotation(json);
  }

  /**
   * Creates annotations on an item (`POST /items/{itemId}/annotations`) in batches of 100.
   * Returns the created annotations in input order.
   */
  async create(
    annotations: unknown | unknown[],
    opts: CallOptions & { itemId?: string; headers?: Record<string, string> } = {},
  ): Promise<BoundEntity[]> {
    const itemId = opts.itemId ?? this.itemId;
    if (!itemId) throw new DlError('annotations.create: an itemId is needed (use item.annotations.create)');
    const list = (Array.isArray(annotations) ? annotations : [annotations]).map(annotationToJson);
    const out: AnnotationJson[] = [];
    for (let i = 0; i < list.length; i += 100) {
      const batch = list.slice(i, i + 100);
      const res = await this.ctx.http.json<AnnotationJson | AnnotationJson[]>({
        method: 'POST',
        path: `/items/${enc(itemId)}/annotations`,
        json: batch,
        signal: opts.signal,
        headers: opts.headers,
      });
      out.push(...(Array.isArray(res) ? res : [res]));
    }
    await this.afterWrite(out[0]?.datasetId, itemId);
    return out.map((j) => this.ctx.bind.annotation(j));
  }

  /**
   * Updates one annotation with `PUT /annotations/{id}`, sending the minimal diff of `annotation`
   * against `original` (the last server JSON); `?system=true` is added when `metadata.system`
   * changed. Without `original`, the full JSON is sent.
   */
  async update(
    annotation: unknown,
    opts: CallOptions & { original?: unknown; system?: boolean; headers?: Record<string, string> } = {},
  ): Promise<BoundEntity> {
    const json = annotationToJson(annotation);
    const id = json.id;
    if (!id) throw new DlError('annotations.update: the annotation has no id (create it first)');
    const original = opts.original !== undefined ? annotationToJson(opts.original) : undefined;
    const body = original ? (jsonDiff(original, json) ?? {}) : json;
    return this.updateRaw(id, body, {
      ...opts,
      system: opts.system ?? (original ? touchesSystem(body) : json.metadata?.system !== undefined),
    });
  }

  /** `PUT /annotations/{id}` with a diff body as is. */
  async updateRaw(
    annotationId: string,
    diff: Record<string, unknown>,
    opts: CallOptions & { system?: boolean; headers?: Record<string, string> } = {},
  ): Promise<BoundEntity> {
    const res = await this.ctx.http.json<AnnotationJson>({
      method: 'PUT',
      path: `/annotations/${enc(annotationId)}`,
      json: diff,
      searchParams: opts.system ? { system: 'true' } : undefined,
      signal: opts.signal,
      headers: opts.headers,
    });
    await this.afterWrite(res?.datasetId, res?.itemId, annotationId);
    return this.ctx.bind.annotation(res);
  }

  /**
   * `PUT /annotations/{id}?system=true` with `metadata.system.status` (`clear` is sent as null).
   * `opts.headers`: e.g. `If-Match` with the `updatedAt` last read, to write only over that version
   * (the server answers 409 when it changed since).
   */
  async updateStatus(
    annotationId: string,
    status: AnnotationStatusValue,
    opts: CallOptions & { headers?: Record<string, string> } = {},
  ): Promise<BoundEntity> {
    return this.updateRaw(
      annotationId,
      { metadata: { system: { status: status === 'clear' ? null : status } } },
      { ...opts, system: true },
    );
  }

  /** `DELETE /annotations/{id}` with `{ username }`. */
  async delete(annotationId: string, opts: CallOptions & { headers?: Record<string, string> } = {}): Promise<boolean> {
    const username = await currentEmail(this.ctx);
    await this.ctx.http.request({
      method: 'DELETE',
      path: `/annotations/${enc(annotationId)}`,
      json: username ? { username } : undefined,
      responseType: 'none',
      signal: opts.signal,
      headers: opts.headers,
    });
    await this.afterWrite(this.datasetId, this.itemId, annotationId);
    return true;
  }

  private async afterWrite(
    datasetId: string | undefined,
    itemId: string | undefined,
    annotationId?: string,
  ): Promise<void> {
    const ds = datasetId ?? this.datasetId;
    await Promise.all([
      ds ? this.ctx.cache.invalidateScope(dsScope(ds)) : undefined,
      itemId ? this.ctx.cache.invalidateKey('entities', `item:${itemId}`) : undefined,
      annotationId ? this.ctx.cache.invalidateKey('entities', `annotation:${annotationId}`) : undefined,
      annotationId ? this.ctx.cache.invalidateScope(`annotation:${annotationId}`) : undefined,
    ]);
  }
}
