import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isId } from '../ids.js';
import type { BlobStore } from './types.js';

/** Temp files of uploads older than this are leftovers of a crash and removed when the store opens. */
const STALE_TEMP_MS = 24 * 3600 * 1000;

/**
 * Binaries on disk under `<dataDir>/blobs/<kind>/<ab>/<id>`. Paths are built only from
 * server-made 24-hex ids, so no user-supplied name can reach the file system. Uploads in
 * progress live in `<dataDir>/blobs/tmp/<random>.part` (same file system: moved by rename).
 */
export function createBlobStore(dataDir: string): BlobStore {
  const tmpDir = join(dataDir, 'blobs', 'tmp');
  mkdirSync(tmpDir, { recursive: true });
  for (const f of readdirSync(tmpDir)) {
    try {
      if (Date.now() - statSync(join(tmpDir, f)).mtimeMs > STALE_TEMP_MS) rmSync(join(tmpDir, f), { force: true });
    } catch {
      // removed meanwhile
    }
  }
  const path = (kind: 'items' | 'thumbs', id: string) => {
    if (!isId(id)) throw new Error('invalid blob id');
    return join(dataDir, 'blobs', kind, id.slice(-2), id);
  };
  return {
    path,
    put(kind, id, bytes) {
      const p = path(kind, id);
      mkdirSync(join(p, '..'), { recursive: true });
      const tmp = `${p}.tmp-${process.pid}`;
      writeFileSync(tmp, bytes);
      renameSync(tmp, p);
    },
    putFile(kind, id, tempPath) {
      if (join(tempPath, '..') !== tmpDir) throw new Error('putFile: not a temp path of this store');
      const p = path(kind, id);
      mkdirSync(join(p, '..'), { recursive: true });
      renameSync(tempPath, p);
    },
    copy(kind, fromId, toId) {
      const p = path(kind, toId);
      mkdirSync(join(p, '..'), { recursive: true });
      const tmp = `${p}.tmp-${process.pid}`;
      copyFileSync(path(kind, fromId), tmp);
      renameSync(tmp, p);
    },
    tempPath: () => join(tmpDir, `${randomBytes(12).toString('hex')}.part`),
    has: (kind, id) => existsSync(path(kind, id)),
    remove(kind, id) {
      rmSync(path(kind, id), { force: true });
    },
  };
}
