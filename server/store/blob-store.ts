import { randomBytes } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { isId } from '../ids.js';
import type { BlobStore } from './types.js';

/** Temp files of uploads older than this are leftovers of a crash and removed when the store opens. */
const STALE_TEMP_MS = 24 * 3600 * 1000;
/** A `makeOnce` lock file older than this belongs to a process that died while making: taken over. */
const STALE_LOCK_MS = 60_000;
/** How often a process waiting for another one's `makeOnce` looks for the result. */
const LOCK_POLL_MS = 25;

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
  const put = (kind: 'items' | 'thumbs', id: string, bytes: Uint8Array) => {
    const p = path(kind, id);
    mkdirSync(join(p, '..'), { recursive: true });
    // Unique per writer: two processes sharing the folder never write the same temp file.
    const tmp = `${p}.tmp-${randomBytes(6).toString('hex')}`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, p);
  };
  const has = (kind: 'items' | 'thumbs', id: string) => existsSync(path(kind, id));
  const read = (kind: 'items' | 'thumbs', id: string) => {
    try {
      return new Uint8Array(readFileSync(path(kind, id)));
    } catch {
      return undefined;
    }
  };
  /** Create `<blob>.lock` exclusively: true when this caller now owns the making. */
  const claim = (lock: string) => {
    try {
      closeSync(openSync(lock, 'wx'));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { force: true });
      } catch {
        // released meanwhile
      }
      return false;
    }
  };
  // One job per blob in this process; the lock file covers the other processes.
  const inFlight = new Map<string, Promise<Uint8Array | undefined>>();
  const makeOnce = (
    kind: 'items' | 'thumbs',
    id: string,
    make: () => Promise<Uint8Array | undefined>,
  ): Promise<Uint8Array | undefined> => {
    const key = `${kind}/${id}`;
    const running = inFlight.get(key);
    if (running !== undefined) return running;
    const job = (async () => {
      const p = path(kind, id);
      const lock = `${p}.lock`;
      mkdirSync(join(p, '..'), { recursive: true });
      for (;;) {
        const done = read(kind, id);
        if (done) return done;
        if (claim(lock)) {
          try {
            // Made by another process between the read and the claim?
            const again = read(kind, id);
            if (again) return again;
            const bytes = await make();
            if (bytes) put(kind, id, bytes);
            return bytes;
          } finally {
            rmSync(lock, { force: true });
          }
        }
        // Another process is making it: look again shortly (its blob, or its lock gone or stale).
        await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
      }
    })().finally(() => inFlight.delete(key));
    inFlight.set(key, job);
    return job;
  };
  return {
    path,
    put,
    makeOnce,
    putFile(kind, id, tempPath) {
      if (join(tempPath, '..') !== tmpDir) throw new Error('putFile: not a temp path of this store');
      const p = path(kind, id);
      mkdirSync(join(p, '..'), { recursive: true });
      renameSync(tempPath, p);
    },
    copy(kind, fromId, toId) {
      const p = path(kind, toId);
      mkdirSync(join(p, '..'), { recursive: true });
      const tmp = `${p}.tmp-${randomBytes(6).toString('hex')}`;
      copyFileSync(path(kind, fromId), tmp);
      renameSync(tmp, p);
    },
    tempPath: () => join(tmpDir, `${randomBytes(12).toString('hex')}.part`),
    has,
    remove(kind, id) {
      rmSync(path(kind, id), { force: true });
    },
  };
}
