import type { Context, Hono } from 'hono';
import { rm } from 'node:fs/promises';
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { datasetAccess, EDITORS, itemAccess, requireRole, requireWritable, type Caller } from '../auth/roles.js';
import {
  type AppEnv,
  apiBase,
  type Deps,
  isObject,
  jsonBody,
  jsonDepth,
  jsonObject,
  MAX_JSON_DEPTH,
  utf8,
} from '../context.js';
import { HttpError } from '../http/errors.js';
import { fingerprint, idempotent } from '../http/idempotency.js';
import { lingerAfterRefusal } from '../http/linger.js';
import { multipartBoundary, readLimited, readMultipart, type UploadedFile } from '../http/multipart.js';
import { newId, nowIso } from '../ids.js';
import { thumbnailFor } from '../images/thumbnail.js';
import { cloneItem } from '../dataset-clone.js';
import { itemJson, withUrl } from '../present.js';
import { recordCommand } from '../commands.js';
import { looksLikeVideo, probeVideo, type VideoProbe } from '../media/probe.js';
import { mergePatch } from '../merge-patch.js';
import { itemMimetype } from '../store/docs.js';
import type { ItemDoc } from '../store/types.js';
import {
  ALLOWED_TYPES,
  SERVER_MANAGED_SYSTEM_KEYS,
  checkOriginalName,
  deleteItemCascade,
  ensureDirs,
  findByFilename,
  normalizeRemotePath,
  splitPath,
  storeFile,
} from './items-shared.js';

/** Item fields the server owns: a PATCH cannot set them. */
const SERVER_KEYS = [
  'id',
  'url',
  'stream',
  'thumbnail',
  'annotations',
  'dataset',
  'datasetId',
  'annotationsCount',
  'annotated',
  'createdAt',
  'creator',
  'updatedAt',
  'updatedBy',
  'type',
  'dir',
  'name',
];

/** Items: upload, directories, get, stream (Range), thumbnail, patch, delete, move. */
export function registerItemRoutes(app: Hono<AppEnv>, { store, limits }: Deps): void {
  app.post('/datasets/:id/items', async (c) => {
    try {
      return await upload(c);
    } catch (e) {
      if (e instanceof HttpError && e.status === 413) {
        lingerAfterRefusal(c);
        return c.json({ message: e.message, ...e.extra }, 413);
      }
      throw e;
    }
  });

  /**
   * The upload: the multipart body is streamed (`readMultipart`): the file part goes to a temp
   * file under `<data>/blobs/tmp/` while every byte is counted (413 the moment the limit is
   * passed), and is renamed into place when the item is stored. Nothing is held whole in memory.
   */
  async function upload(c: Context<AppEnv>): Promise<Response> {
    const declared = Number(c.req.header('content-length') ?? NaN);
    if (declared > limits.uploadBytes)
      throw new HttpError(413, `upload larger than ${limits.uploadBytes} bytes`, { limit: limits.uploadBytes });
    const caller = c.get('caller');
    const datasetId = c.req.param('id')!;
    const { role } = await datasetAccess(store, caller, datasetId);
    requireRole(role, EDITORS, 'upload items');
    await requireWritable(store, datasetId); // before reading the body
    const ct = c.req.header('content-type') ?? '';
    const mode = c.req.query('mode') ?? 'skip';
    if (mode !== 'skip' && mode !== 'overwrite') throw new HttpError(400, 'mode: expected "skip" or "overwrite"');
    let fields: Record<string, string>;
    let file: UploadedFile | undefined;
    if (/^multipart\/form-data\b/i.test(ct)) {
      const boundary = multipartBoundary(ct);
      if (!boundary) throw new HttpError(400, 'malformed form body: no boundary in content-type');
      if (!c.req.raw.body) throw new HttpError(400, 'malformed form body: no body');
      ({ fields, file } = await readMultipart(c.req.raw.body, {
        boundary,
        maxBytes: limits.uploadBytes,
        maxFieldBytes: Math.min(limits.jsonBytes, limits.uploadBytes),
        tempPath: () => store.blobs.tempPath(),
      }));
    } else if (/^application\/x-www-form-urlencoded\b/i.test(ct)) {
      const text = utf8(
        await readLimited(c.req.raw.body, Math.min(limits.jsonBytes, limits.uploadBytes), 'upload'),
        'form body',
      );
      fields = Object.fromEntries(new URLSearchParams(text));
    } else throw new HttpError(415, 'upload must be multipart/form-data (or form-encoded for type=dir)');
    try {
      // A video: container type, fps, frames, size and duration into metadata (server/media/probe.ts).
      const media = file && looksLikeVideo(file.head, file.type) ? await probeVideo(file.path) : null;
      const res = await storeUpload(c, caller, datasetId, mode, fields, file, media);
      // What the upload did, as the platform says it: the SDK uploads an item's local annotations
      // only after `created` or `overwrite` (never after `exist`, a skipped duplicate).
      const replaced = mode === 'overwrite' && fields.type !== 'dir';
      res.headers.set('x-item-op', res.status === 201 ? 'created' : replaced ? 'overwrite' : 'exist');
      return res;
    } finally {
      // Moved into place on success; anything else (skip, replay, refusal) leaves it to remove.
      if (file) await rm(file.path, { force: true });
    }
  }

  async function storeUpload(
    c: Context<AppEnv>,
    caller: Caller,
    datasetId: string,
    mode: 'skip' | 'overwrite',
    form: Record<string, string>,
    file: UploadedFile | undefined,
    media: VideoProbe | null = null,
  ): Promise<Response> {
    const now = nowIso();
    const type = form.type ?? 'file';
    // Again, after the body arrived (it may have been set meanwhile), and once more in the
    // transaction that writes.
    await requireWritable(store, datasetId);
    if (type === 'dir') {
      const path = normalizeRemotePath(String(form.path ?? ''));
      if (path === '/') throw new HttpError(400, 'path: the root folder always exists');
      const made = await store.transaction(async () => {
        const existing = await findByFilename(store, datasetId, path);
        if (existing) return { dir: existing, created: false };
        await requireWritable(store, datasetId);
        await ensureDirs(store, datasetId, path, caller.email, now, newId);
        return { dir: (await findByFilename(store, datasetId, path))!, created: true };
      });
      return c.json(itemJson(made.dir, apiBase(c)), made.created ? 201 : 200);
    }
    if (type !== 'file') throw new HttpError(400, 'type: expected "file" or "dir"');
    if (!file) throw new HttpError(400, 'file: expected a file part');
    const originalName = checkOriginalName(file.filename);
    let path = form.path ? form.path : `/${originalName}`;
    if (path.endsWith('/')) path += originalName;
    const filename = normalizeRemotePath(path);
    if (!splitPath(filename).name) throw new HttpError(400, 'path: missing a file name');
    let userMeta: Record<string, unknown> = {};
    if (form.metadata) {
      try {
        userMeta = JSON.parse(form.metadata);
      } catch {
        throw new HttpError(400, 'metadata: not valid JSON');
      }
      if (!isObject(userMeta)) throw new HttpError(400, 'metadata: expected a JSON object');
      if (jsonDepth(userMeta, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
        throw new HttpError(400, `metadata: nested deeper than ${MAX_JSON_DEPTH} levels`);
    }
    const description = form.description;
    // `x-idempotency-key`: a retried upload (same user, key, path, mode, metadata and bytes) answers the first answer.
    const print = fingerprint(
      filename,
      mode,
      JSON.stringify(userMeta),
      description ?? '',
      file.type,
      originalName,
      `${file.size}:${file.sha256}`,
    );
    return idempotent(c, store, caller.id, `POST /datasets/${datasetId}/items`, print, async () => {
      await requireWritable(store, datasetId);
      const { item, created } = await storeFile(store, {
        datasetId,
        filename,
        file: { tempPath: file.path, size: file.size, head: file.head },
        declaredType: file.type,
        originalName,
        userMeta,
        description,
        mode,
        creator: caller.email,
        media,
      });
      return { status: created ? 201 : 200, body: itemJson(item, apiBase(c)) };
    });
  }

  app.get('/items/:id', async (c) =>
    c.json(itemJson((await itemAccess(store, c.get('caller'), c.req.param('id'))).item, apiBase(c))),
  );

  app.get('/items/:id/stream', async (c) => {
    const { item } = await itemAccess(store, c.get('caller'), c.req.param('id'));
    if (item.type !== 'file') throw new HttpError(400, 'folders have no binary');
    const path = store.blobs.path('items', item.id);
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      throw new HttpError(404, 'item binary missing');
    }
    // Only types of the upload allow list are ever sent as such (never text/html or SVG, whatever the document says).
    const stored = itemMimetype(item);
    const mimetype = ALLOWED_TYPES.test(stored) ? stored : 'application/octet-stream';
    const headers: Record<string, string> = {
      'content-type': mimetype,
      'accept-ranges': 'bytes',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, max-age=0, must-revalidate',
      etag: `"${item.id}-${size}-${Date.parse(String(item.updatedAt))}"`,
      'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(String(item.name))}`,
    };
    const range = c.req.header('range');
    let start = 0;
    let end = size - 1;
    let status: 200 | 206 = 200;
    // RFC 9110 §14.2: a Range we cannot parse (other unit, bad syntax, last < first) is ignored,
    // and so is a multi-range (we do not send multipart/byteranges): the answer is the whole body.
    const m = range ? /^bytes=(\d*)-(\d*)$/.exec(range.trim()) : null;
    const usable = m && (m[1] || m[2]) && !(m[1] && m[2] && Number(m[2]) < Number(m[1]));
    if (usable) {
      if (m[1]) {
        start = Number(m[1]);
        end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
      } else {
        start = Math.max(0, size - Number(m[2]));
      }
      if (start >= size || start > end) return c.body(null, 416, { 'content-range': `bytes */${size}` });
      status = 206;
      headers['content-range'] = `bytes ${start}-${end}/${size}`;
    }
    headers['content-length'] = String(size === 0 ? 0 : end - start + 1);
    if (size === 0) return c.body(new Uint8Array(0), status, headers);
    const stream = Readable.toWeb(createReadStream(path, { start, end })) as ReadableStream;
    return c.body(stream, status, headers);
  });

  app.get('/items/:id/thumbnail', async (c) => {
    const { item } = await itemAccess(store, c.get('caller'), c.req.param('id'));
    const t = await thumbnailFor(store, item);
    return c.body(t.bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': t.mimetype,
      'x-dl-thumbnail': t.kind,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, max-age=3600',
    });
  });

  app.patch('/items/:id', async (c) => {
    const caller = c.get('caller');
    const { item, role } = await itemAccess(store, caller, c.req.param('id'));
    requireRole(role, EDITORS, 'change items');
    const body = await jsonObject(c);
    if (!isObject(body)) throw new HttpError(400, 'body: expected an object');
    await requireWritable(store, item.datasetId);
    const system = c.req.query('system') === 'true';
    const patch: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(body)) if (!SERVER_KEYS.includes(k)) patch[k] = v;
    const oldSys: Record<string, unknown> = isObject(item.metadata?.system) ? item.metadata.system : {};
    const before = JSON.stringify(oldSys);
    const merged = mergePatch(item, patch);
    const meta = isObject(merged.metadata) ? merged.metadata : {};
    const sys = isObject(meta.system) ? meta.system : {};
    // Server keys cannot be in the patch, so they are the stored item's; the rest is checked below.
    const next = { ...merged, metadata: { ...meta, system: sys } } as ItemDoc;
    if (JSON.stringify(sys) !== before) {
      if (!system) throw new HttpError(400, 'metadata.system can only be changed with ?system=true');
      for (const k of SERVER_MANAGED_SYSTEM_KEYS)
        if (JSON.stringify(sys[k]) !== JSON.stringify(oldSys[k]))
          throw new HttpError(400, `metadata.system.${k} is managed by the server`);
    }
    if (patch.filename !== undefined && patch.filename !== item.filename && item.type === 'dir')
      throw new HttpError(
        400,
        'filename: folders cannot be renamed (their items keep the old path); move the items instead',
      );
    if (patch.filename !== undefined) {
      if (typeof patch.filename !== 'string' || patch.filename.endsWith('/'))
        throw new HttpError(400, 'filename: expected a file path like /dir/name.png');
      const filename = normalizeRemotePath(patch.filename);
      if (filename === '/') throw new HttpError(400, 'filename: expected a file path like /dir/name.png');
      if (filename !== item.filename && (await findByFilename(store, item.datasetId, filename)))
        throw new HttpError(409, `${filename} already exists`);
      Object.assign(next, { filename }, splitPath(filename));
    }
    if (next.hidden !== undefined && typeof next.hidden !== 'boolean')
      throw new HttpError(400, 'hidden: expected a boolean');
    next.updatedAt = nowIso();
    next.updatedBy = caller.email;
    await store.transaction(async () => {
      if (next.filename !== item.filename && (await findByFilename(store, item.datasetId, next.filename)))
        throw new HttpError(409, `${next.filename} already exists`);
      await ensureDirs(store, item.datasetId, next.dir, caller.email, next.updatedAt, newId);
      await store.replace('items', next);
    });
    return c.json(itemJson(next, apiBase(c)));
  });

  app.delete('/items/:id', async (c) => {
    const { item, role } = await itemAccess(store, c.get('caller'), c.req.param('id'));
    requireRole(role, EDITORS, 'delete items');
    await requireWritable(store, item.datasetId);
    await store.transaction(async () => {
      if (item.type === 'dir') {
        // A regex on the literal prefix: the folder name may itself contain `*` (a wildcard pattern would match other folders).
        const prefix = `${item.filename}/`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const inside = await store.queryIds('items', {
          filter: { filename: { $match: `^${prefix}` } },
          where: { datasetId: item.datasetId },
        });
        for (const id of inside) await deleteItemCascade(store, id);
      }
      await deleteItemCascade(store, item.id);
    });
    return c.json({ message: 'deleted' });
  });

  // Clone one item (the SDK's item.clone): a Command whose spec.returnedModelId lists the new item.
  app.post('/items/:id/clone', async (c) => {
    const caller = c.get('caller');
    const { item, role } = await itemAccess(store, caller, c.req.param('id'));
    requireRole(role, EDITORS, 'clone items');
    if (item.type !== 'file') throw new HttpError(400, 'folders cannot be cloned');
    const body = await jsonObject(c);
    const targetId = body.targetDatasetId ?? item.datasetId;
    if (typeof targetId !== 'string') throw new HttpError(400, 'targetDatasetId: expected a dataset id');
    const target = await datasetAccess(store, caller, targetId);
    requireRole(target.role, EDITORS, 'clone items into this dataset');
    const remote = body.remoteFileName ?? item.filename;
    if (typeof remote !== 'string') throw new HttpError(400, 'remoteFileName: expected a file path');
    const filename = normalizeRemotePath(remote);
    if (!splitPath(filename).name) throw new HttpError(400, 'remoteFileName: missing a file name');
    const params = isObject(body.cloneDatasetParams) ? body.cloneDatasetParams : {};
    if (body.metadata !== undefined && body.metadata !== null && !isObject(body.metadata))
      throw new HttpError(400, 'metadata: expected an object');
    await requireWritable(store, target.dataset.id);
    if (await findByFilename(store, target.dataset.id, filename))
      throw new HttpError(409, `${filename} already exists`);
    const copy = await cloneItem(
      store,
      item,
      target.dataset,
      filename,
      {
        withItemsAnnotations: params.withItemsAnnotations !== false,
        withMetadata: params.withMetadata !== false,
        withTaskAnnotationsStatus: params.withTaskAnnotationsStatus !== false,
        metadata: isObject(body.metadata) ? body.metadata : undefined,
      },
      caller.email,
    );
    const cmd = await recordCommand(store, caller.email, 'clone_item', { itemId: item.id, returnedModelId: [copy.id] });
    return c.json(withUrl(cmd, apiBase(c), 'commands'));
  });

  app.put('/datasets/:id/items/:dirId', async (c) => {
    const caller = c.get('caller');
    const datasetId = c.req.param('id');
    requireRole((await datasetAccess(store, caller, datasetId)).role, EDITORS, 'move items');
    const dirItem = await store.get('items', c.req.param('dirId'));
    if (!dirItem || dirItem.datasetId !== datasetId || dirItem.type !== 'dir')
      throw new HttpError(404, 'folder not found');
    const ids = await jsonBody<unknown>(c);
    if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string'))
      throw new HttpError(400, 'body: expected an array of item ids');
    await requireWritable(store, datasetId);
    const now = nowIso();
    const moved = await store.transaction(async () => {
      const out = [];
      for (const [i, id] of ids.entries()) {
        const it = await store.get('items', id);
        if (!it || it.datasetId !== datasetId || it.type !== 'file')
          throw new HttpError(400, `[${i}]: item ${id} not in this dataset`);
        const filename = `${dirItem.filename}/${it.name}`;
        if (await findByFilename(store, datasetId, filename))
          throw new HttpError(409, `[${i}]: ${filename} already exists`);
        Object.assign(it, { filename, dir: dirItem.filename, updatedAt: now, updatedBy: caller.email });
        await store.replace('items', it);
        out.push(itemJson(it, apiBase(c)));
      }
      return out;
    });
    return c.json(moved);
  });
}
