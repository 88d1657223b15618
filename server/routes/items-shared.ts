import { HttpError } from '../http/errors.js';
import { refsOf } from '../store/docs.js';
import type { ItemDoc, ItemSystem } from '../store/docs.js';
import type { Store } from '../store/types.js';
import { readImageInfo } from '../images/image-info.js';
import { newId, nowIso } from '../ids.js';
import { isObject } from '../context.js';
import { videoItemMetadata, type VideoProbe } from '../media/probe.js';

/** `metadata.system` keys only the server writes (PATCH and bulk update refuse them). */
export const SERVER_MANAGED_SYSTEM_KEYS = ['refs', 'size', 'mimetype', 'thumbnailId', 'originalname'] as const;

/** Declared types accepted when the bytes are not a recognised image. */
export const ALLOWED_TYPES =
  /^(image\/(png|jpeg|gif|webp|bmp|tiff)|video\/(mp4|webm|ogg|quicktime)|audio\/(mpeg|wav|ogg|webm|mp4)|text\/(plain|csv|vtt)|application\/(json|pdf|zip|octet-stream))$/;

/** What {@link storeFile} needs. */
export interface StoreFileInput {
  datasetId: string;
  /** Normalised remote path `/dir/name`. */
  filename: string;
  /** The content in memory (seed, small files), or... */
  bytes?: Uint8Array;
  /** ...a finished temp file of the blob store (uploads): moved into place, never read whole. */
  file?: { tempPath: string; size: number; head: Uint8Array };
  declaredType?: string;
  originalName?: string;
  userMeta?: Record<string, unknown>;
  description?: string;
  mode?: 'skip' | 'overwrite';
  creator: string;
  /** Store it hidden (the server's own files, e.g. exports). @default false */
  hidden?: boolean;
  /** What server/media/probe.ts read from a video: its type wins over the declared one; fps etc. go to metadata. */
  media?: VideoProbe | null;
}

/**
 * Store an uploaded file as an item: sniff the type (PNG/JPEG/GIF/WebP headers give width and
 * height), refuse a declared image whose bytes are not one (415) and types outside the allow
 * list, write the binary under the item id, create parent folders. `skip` returns an existing
 * item with the same path untouched; `overwrite` replaces its binary and keeps its id and refs.
 */
export async function storeFile(store: Store, f: StoreFileInput): Promise<{ item: ItemDoc; created: boolean }> {
  const { datasetId, filename } = f;
  if (!f.bytes === !f.file) throw new Error('storeFile: give bytes or file');
  const { dir, name } = splitPath(filename);
  const size = f.bytes ? f.bytes.length : f.file!.size;
  const info = readImageInfo(f.bytes ?? f.file!.head);
  const declared = (f.declaredType || 'application/octet-stream').split(';')[0]!.trim().toLowerCase();
  if (!info && /^image\/(png|jpeg|gif|webp)$/.test(declared))
    throw new HttpError(415, `content is not a valid ${declared}`);
  const mimetype = info?.mimetype ?? f.media?.mimetype ?? declared;
  if (!info && !ALLOWED_TYPES.test(mimetype)) throw new HttpError(415, `content type ${mimetype} is not accepted`);
  // One transaction from the existence check to the write: another request (or server instance)
  // storing the same path meanwhile cannot make a second item.
  return store.transaction(async () => {
    const existing = await findByFilename(store, datasetId, filename);
    if (existing && (f.mode ?? 'skip') === 'skip') return { item: existing, created: false };
    const { system: userSystem, ...userRest } = f.userMeta ?? {};
    const system: ItemSystem = {
      ...(isObject(userSystem) ? userSystem : {}),
      originalname: f.originalName ?? name,
      size,
      mimetype,
      encoding: '7bit',
      isBinary: true,
      refs: existing ? [...refsOf(existing)] : [],
    };
    if (info) Object.assign(system, { width: info.width, height: info.height });
    const video = f.media ? videoItemMetadata(f.media) : null;
    if (video) Object.assign(system, video.system);
    const now = nowIso();
    const id = existing?.id ?? newId();
    const item: ItemDoc = {
      id,
      datasetId,
      filename,
      dir,
      name,
      type: 'file',
      hidden: f.hidden === true,
      metadata: video ? { ...userRest, fps: video.fps, startTime: video.startTime, system } : { ...userRest, system },
      annotationsCount: existing?.annotationsCount ?? 0,
      annotated: existing?.annotated ?? false,
      creator: existing?.creator ?? f.creator,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      updatedBy: f.creator,
    };
    if (f.description !== undefined) item.description = f.description;
    await ensureDirs(store, datasetId, dir, f.creator, now, newId);
    if (existing) await store.replace('items', item);
    else await store.insert('items', item);
    // The binary moves into place once the item is committed (a rolled-back or retried attempt
    // leaves the temp file to the caller, who removes it).
    await store.afterCommit(() => {
      if (f.bytes) store.blobs.put('items', id, f.bytes);
      else store.blobs.putFile('items', id, f.file!.tempPath);
      store.blobs.remove('thumbs', id);
    });
    return { item, created: !existing };
  });
}

/** Delete an item with its annotations; its binary and thumbnail go once that is committed. */
export async function deleteItemCascade(store: Store, itemId: string): Promise<void> {
  await store.transaction(async () => {
    for (const a of await store.list('annotations', { itemId })) await store.remove('annotations', a.id);
    await store.remove('items', itemId);
    await store.afterCommit(() => {
      store.blobs.remove('items', itemId);
      store.blobs.remove('thumbs', itemId);
    });
  });
}

/** C0/C1 controls, DEL, bidi marks/overrides/isolates, line/paragraph separators, backslash. */
// eslint-disable-next-line no-control-regex
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this rejects.
const ODD_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\\]/;

/** Check a multipart file name (kept as `metadata.system.originalname`) with the same rules as paths. */
export function checkOriginalName(name: string): string {
  const n = name.normalize('NFC');
  if (n.length > 255 || ODD_CHARS.test(n))
    throw new HttpError(
      400,
      "file: the part's file name is too long or has control, bidirectional-override or backslash characters",
    );
  return n;
}

/**
 * Normalise a remote path (`/dir/name.png`): forward slashes, one leading `/`, no empty, `.` or
 * `..` segments, no control characters. The path is only ever stored in the database; binaries
 * live under their id, so this is about clean names, not file-system safety.
 */
export function normalizeRemotePath(raw: string): string {
  if (typeof raw !== 'string') throw new HttpError(400, 'path: expected a string');
  // NFC: `café` typed on macOS (NFD) and elsewhere (NFC) is one name, not two look-alike items.
  raw = raw.normalize('NFC');
  if (raw.length > 1024) throw new HttpError(400, 'path: expected a string of at most 1024 characters');
  if (ODD_CHARS.test(raw))
    throw new HttpError(
      400,
      'path: control, bidirectional-override and line-separator characters and backslashes are not allowed',
    );
  const parts = raw.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) throw new HttpError(400, 'path: ".." segments are not allowed');
  return '/' + parts.join('/');
}

/** Split `/a/b/c.png` into dir `/a/b` and name `c.png`. */
export function splitPath(filename: string): { dir: string; name: string } {
  const i = filename.lastIndexOf('/');
  return { dir: i <= 0 ? '/' : filename.slice(0, i), name: filename.slice(i + 1) };
}

/** The item with that full filename in a dataset, if any. */
export async function findByFilename(store: Store, datasetId: string, filename: string): Promise<ItemDoc | undefined> {
  return (await store.list('items', { datasetId, filename }))[0];
}

/** Make the `dir` items for every folder above `dir` that does not exist yet. */
export async function ensureDirs(
  store: Store,
  datasetId: string,
  dir: string,
  creator: string,
  now: string,
  newId: () => string,
): Promise<void> {
  const parts = dir.split('/').filter(Boolean);
  let path = '';
  for (const part of parts) {
    path += '/' + part;
    if (await findByFilename(store, datasetId, path)) continue;
    const { dir: parent, name } = splitPath(path);
    await store.insert('items', {
      id: newId(),
      datasetId,
      filename: path,
      dir: parent,
      name,
      type: 'dir',
      hidden: false,
      metadata: { system: {} },
      annotationsCount: 0,
      annotated: false,
      creator,
      createdAt: now,
      updatedAt: now,
      updatedBy: creator,
    });
  }
}
