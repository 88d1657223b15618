import { HttpError } from '../http/errors.js';
import type { Doc, Store } from '../store/types.js';

/** Delete an item with its annotations, binary and thumbnail. */
export function deleteItemCascade(store: Store, itemId: string): void {
  store.transaction(() => {
    for (const a of store.list('annotations', { itemId })) store.remove('annotations', a.id);
    store.remove('items', itemId);
  });
  store.blobs.remove('items', itemId);
  store.blobs.remove('thumbs', itemId);
}

/**
 * Normalise a remote path (`/dir/name.png`): forward slashes, one leading `/`, no empty, `.` or
 * `..` segments, no control characters. The path is only ever stored in the database; binaries
 * live under their id, so this is about clean names, not file-system safety.
 */
export function normalizeRemotePath(raw: string): string {
  if (typeof raw !== 'string' || raw.length > 1024) throw new HttpError(400, 'path: expected a string of at most 1024 characters');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) throw new HttpError(400, 'path: control characters and backslashes are not allowed');
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
export function findByFilename(store: Store, datasetId: string, filename: string): Doc | undefined {
  return store.list('items', { datasetId, filename })[0];
}

/** Make the `dir` items for every folder above `dir` that does not exist yet. */
export function ensureDirs(store: Store, datasetId: string, dir: string, creator: string, now: string, newId: () => string): void {
  const parts = dir.split('/').filter(Boolean);
  let path = '';
  for (const part of parts) {
    path += '/' + part;
    if (findByFilename(store, datasetId, path)) continue;
    const { dir: parent, name } = splitPath(path);
    store.insert('items', {
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
