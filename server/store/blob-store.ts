import { existsSync, mkdirSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { isId } from '../ids.js';
import type { BlobStore } from './types.js';

/**
 * Binaries on disk under `<dataDir>/blobs/<kind>/<ab>/<id>`. Paths are built only from
 * server-made 24-hex ids, so no user-supplied name can reach the file system.
 */
export function createBlobStore(dataDir: string): BlobStore {
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
    has: (kind, id) => existsSync(path(kind, id)),
    remove(kind, id) {
      rmSync(path(kind, id), { force: true });
    },
  };
}
