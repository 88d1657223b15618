import type { BoundEntity, OpenJson } from '../context.js';
import { dsScope, enc, getCached, queryDataset, type CallOptions, type ClientContext } from '../context.js';
import { PagedEntities, toQuerySpec, type FiltersLike, type QueryBody } from '../paged-entities.js';
import { sendForm, type UploadProgress } from '../upload.js';
import { DlError } from '../../entities/errors.js';

/** Item JSON as the server sends it (spec §7.1); every other key is kept. */
export type ItemJson = Record<string, unknown> & {
  id: string;
  datasetId?: string;
  filename?: string;
  metadata?: OpenJson;
};

/** The SDK's default item filter: `hidden=false`, `type=file` (spec §4.1). */
export const defaultItemsQuery = (): QueryBody => ({
  filter: { $and: [{ hidden: false }, { type: 'file' }] },
  page: 0,
  pageSize: 1000,
  resource: 'items',
});

/** Options of {@link ItemsRepository.upload}. */
export interface UploadOptions extends CallOptions {
  /** Remote directory. @default '/' */
  remotePath?: string;
  /** Remote file name. @default the File's name */
  name?: string;
  metadata?: OpenJson;
  description?: string;
  /** `skip` keeps an existing item of the same path, `overwrite` replaces it. @default 'skip' */
  mode?: 'skip' | 'overwrite';
  onProgress?: (p: UploadProgress) => void;
}

/** How {@link ItemsRepository.stream} returns the binary. */
export type StreamAs = 'blob' | 'bitmap';

/**
 * Items of one dataset (or any dataset when `datasetId` is omitted and calls pass ids), as
 * dtlpy's `dataset.items`.
 */
export class ItemsRepository {
  constructor(
    private readonly ctx: ClientContext,
    readonly datasetId?: string,
  ) {}

  private ds(datasetId?: string): string {
    const id = datasetId ?? this.datasetId;
    if (!id) throw new DlError('items: a datasetId is needed (use dataset.items or pass { datasetId })');
    return id;
  }

  /**
   * Queries items (`POST /datasets/{id}/query`), returning paged results with the first page loaded.
   * @example
   * const pages = await dataset.items.list(new Filters({ field: 'dir', values: '/train' }));
   * for await (const item of pages.all()) console.log(item.filename);
   */
  async list(
    filters?: FiltersLike | QueryBody,
    opts: CallOptions & { datasetId?: string; page?: number; pageSize?: number } = {},
  ): Promise<PagedEntities<BoundEntity, ItemJson>> {
    const datasetId = this.ds(opts.datasetId);
    const pages = new PagedEntities<BoundEntity, ItemJson>({
      query: toQuerySpec(filters, { resource: 'items', body: defaultItemsQuery() }),
      fetchPage: (body, signal) =>
        queryDataset<ItemJson>(this.ctx, datasetId, body, { ...opts, signal, userQuery: filters !== undefined }),
      build: (j) => this.ctx.bind.item(j),
      page: opts.page,
      pageSize: opts.pageSize,
      signal: opts.signal,
    });
    await pages.getPage();
    return pages;
  }

  /** `GET /items/{id}` (cached, revalidated in the background). */
  async get(itemId: string, opts: CallOptions = {}): Promise<BoundEntity> {
    const json = await getCached<ItemJson>(
      this.ctx,
      `item:${itemId}`,
      this.datasetId ? dsScope(this.datasetId) : `item:${itemId}`,
      `/items/${enc(itemId)}`,
      opts,
    );
    return this.ctx.bind.item(json);
  }

  /** Uploads one file (`POST /datasets/{id}/items`, multipart) with progress on bytes sent. */
  async upload(file: Blob, opts: UploadOptions & { datasetId?: string } = {}): Promise<BoundEntity> {
    const datasetId = this.ds(opts.datasetId);
    const name = opts.name ?? (file as File).name ?? 'file';
    const dir = (opts.remotePath ?? '/').replace(/\/+$/, '');
    const form = new FormData();
    form.append('type', 'file');
    form.append('path', `${dir}/${name}`);
    if (opts.metadata) form.append('metadata', JSON.stringify(opts.metadata));
    if (opts.description !== undefined) form.append('description', opts.description);
    form.append('file', file, name);
    const json = await sendForm<ItemJson>(this.ctx.http, `/datasets/${enc(datasetId)}/items`, form, {
      signal: opts.signal,
      onProgress: opts.onProgress,
      searchParams: { mode: opts.mode ?? 'skip' },
    });
    await this.ctx.cache.invalidateScope(dsScope(datasetId));
    return this.ctx.bind.item(json);
  }

  /** Creates a directory item (`type=dir`). */
  async makeDir(path: string, opts: CallOptions & { datasetId?: string } = {}): Promise<BoundEntity> {
    const datasetId = this.ds(opts.datasetId);
    const json = await this.ctx.http.json<ItemJson>({
      method: 'POST',
      path: `/datasets/${enc(datasetId)}/items`,
      body: new URLSearchParams({ type: 'dir', path }),
      signal: opts.signal,
    });
    await this.ctx.cache.invalidateScope(dsScope(datasetId));
    return this.ctx.bind.item(json);
  }

  /**
   * The item's binary (`GET /items/{id}/stream`), cached in IndexedDB. `as: 'bitmap'` decodes it
   * with `createImageBitmap` (browsers, workers). Link items are fetched from `linkInfo.ref`.
   */
  async stream(
    item: string | ItemJson,
    opts: CallOptions & { as?: StreamAs; thumbnail?: boolean } = {},
  ): Promise<Blob | ImageBitmap> {
    const json = typeof item === 'string' ? undefined : item;
    const id = typeof item === 'string' ? item : item.id;
    const link = json?.metadata?.system?.shebang?.linkInfo;
    const kind = opts.thumbnail ? 'thumb' : 'stream';
    const res = await this.ctx.cache.read<Blob>({
      store: 'blobs',
      key: `${kind}:${id}`,
      scope: json?.datasetId ? dsScope(json.datasetId) : this.datasetId ? dsScope(this.datasetId) : `item:${id}`,
      // Binaries of an item id do not change without a write through this client, which invalidates them.
      policy: opts.cache ?? 'cache-first',
      ...(opts.signal ? { signal: opts.signal } : {}),
      load: async () => {
        if (!opts.thumbnail && link?.type === 'url' && typeof link.ref === 'string') {
          const r = await this.ctx.http.fetchImpl(link.ref, { signal: opts.signal });
          return { data: await r.blob() };
        }
        return {
          data: await this.ctx.http.json<Blob>({
            method: 'GET',
            path: `/items/${enc(id)}/${opts.thumbnail ? 'thumbnail' : 'stream'}`,
            responseType: 'blob',
            signal: opts.signal,
            headers: { 'x-dl-sanitize': '0' },
          }),
        };
      },
    });
    if (opts.as === 'bitmap') return createImageBitmap(res.data);
    return res.data;
  }

  /** The thumbnail (`GET /items/{id}/thumbnail`), cached. */
  async thumbnail(item: string | ItemJson, opts: CallOptions & { as?: StreamAs } = {}): Promise<Blob | ImageBitmap> {
    return this.stream(item, { ...opts, thumbnail: true });
  }

  /**
   * `PATCH /items/{id}` with a minimal diff; `system: true` is needed to change `metadata.system`.
   */
  async update(
    itemId: string,
    patch: Record<string, unknown>,
    opts: CallOptions & { system?: boolean } = {},
  ): Promise<BoundEntity> {
    const json = await this.ctx.http.json<ItemJson>({
      method: 'PATCH',
      path: `/items/${enc(itemId)}`,
      json: patch,
      searchParams: opts.system ? { system: 'true' } : undefined,
      signal: opts.signal,
    });
    await this.afterWrite(itemId, json?.datasetId);
    return this.ctx.bind.item(json);
  }

  /** `DELETE /items/{id}`. */
  async delete(itemId: string, opts: CallOptions = {}): Promise<boolean> {
    await this.ctx.http.request({
      method: 'DELETE',
      path: `/items/${enc(itemId)}`,
      responseType: 'none',
      signal: opts.signal,
    });
    await this.afterWrite(itemId);
    return true;
  }

  /** Moves items into a directory (`PUT /datasets/{id}/items/{dirItemId}` with the ids). */
  async move(itemIds: string[], dirItemId: string, opts: CallOptions & { datasetId?: string } = {}): Promise<unknown> {
    const datasetId = this.ds(opts.datasetId);
    const r = await this.ctx.http.json({
      method: 'PUT',
      path: `/datasets/${enc(datasetId)}/items/${enc(dirItemId)}`,
      json: itemIds,
      signal: opts.signal,
    });
    await this.ctx.cache.invalidateScope(dsScope(datasetId));
    return r;
  }

  private async afterWrite(itemId: string, datasetId?: string): Promise<void> {
    await Promise.all([
      this.ctx.cache.invalidateKey('entities', `item:${itemId}`),
      this.ctx.cache.invalidateKey('blobs', `stream:${itemId}`),
      this.ctx.cache.invalidateKey('blobs', `thumb:${itemId}`),
      this.ctx.cache.invalidateScope(`item:${itemId}`),
      (datasetId ?? this.datasetId)
        ? this.ctx.cache.invalidateScope(dsScope((datasetId ?? this.datasetId)!))
        : undefined,
    ]);
  }
}
