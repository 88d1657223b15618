import { copyFileSync, linkSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AppHandle } from '../../server/index.js';
import type { ItemDoc } from '../../server/store/types.js';
import { scenePng } from './seed-images.js';
import { datasetOntologyId, seedOntology } from './seed-ontology.js';

/** Size of the large dataset's pictures: small, so 100,000 of them stay cheap. */
export const LARGE_W = 320;
export const LARGE_H = 240;
/** Distinct pictures the large dataset cycles through (each is stored once, then hard-linked). */
const VARIANTS = 48;

type Call = <T = { id: string; metadata?: { system?: { recipes?: string[] } } }>(
  method: string,
  path: string,
  body?: unknown,
) => Promise<T>;

/**
 * A dataset of `count` items written straight into the store in one transaction (the REST upload
 * of 100,000 files would take minutes), with real binaries: {@link VARIANTS} generated scenes are
 * stored once and every item's blob is a hard link to one of them, so every `/stream` answers at
 * the cost of a directory entry per item (~2.5 s per 100,000 on this machine). Thumbnails are the
 * server's own, made from that binary on the first request and cached (pre-linking them too
 * doubled the seeding time). The dataset's ontology gets the demo labels and attributes.
 */
export async function seedLarge(handle: AppHandle, projectId: string, count: number, call: Call): Promise<string> {
  const ds = await call('POST', '/datasets', {
    name: `Large (${count.toLocaleString('en-US')} items)`,
    projects: [projectId],
  });
  await seedOntology(call, await datasetOntologyId(call, ds));
  const store = handle.store;
  const now = new Date().toISOString();
  const hex = (i: number) => i.toString(16).padStart(8, '0');
  const prefix = ds.id.slice(0, 16);
  const variants = Array.from(
    { length: Math.min(VARIANTS, count) },
    (_, v) => scenePng(5000 + v, LARGE_W, LARGE_H).png,
  );
  const made = new Set<string>();
  const place = (id: string, source: string | undefined, bytes: Uint8Array) => {
    const path = store.blobs.path('items', id);
    const dir = dirname(path);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    if (!source) return store.blobs.put('items', id, bytes);
    try {
      linkSync(source, path);
    } catch {
      // No hard links here (or the link limit of a file is reached): a copy, slower, same result.
      copyFileSync(source, path);
    }
  };
  const first: (string | undefined)[] = variants.map(() => undefined);
  const items: ItemDoc[] = [];
  {
    const dirs = 100;
    for (let d = 0; d < dirs; d++) {
      const name = `batch-${String(d).padStart(3, '0')}`;
      items.push({
        id: `${prefix}${hex(0xf0000000 + d)}`,
        datasetId: ds.id,
        filename: `/${name}`,
        dir: '/',
        name,
        type: 'dir',
        hidden: false,
        metadata: { system: {} },
        annotationsCount: 0,
        annotated: false,
        creator: 'seed',
        createdAt: now,
        updatedAt: now,
      });
    }
    for (let i = 0; i < count; i++) {
      const dir = `/batch-${String(Math.floor((i * dirs) / count)).padStart(3, '0')}`;
      const name = `frame-${String(i).padStart(6, '0')}.png`;
      const id = `${prefix}${hex(i)}`;
      const v = i % variants.length;
      const png = variants[v]!;
      place(id, first[v], png);
      first[v] ??= store.blobs.path('items', id);
      items.push({
        id,
        datasetId: ds.id,
        filename: `${dir}/${name}`,
        dir,
        name,
        type: 'file',
        hidden: false,
        metadata: {
          system: {
            mimetype: 'image/png',
            width: LARGE_W,
            height: LARGE_H,
            size: png.length,
            originalname: name,
            encoding: '7bit',
            isBinary: true,
            refs: [],
          },
        },
        annotationsCount: 0,
        annotated: false,
        creator: 'seed',
        createdAt: now,
        updatedAt: now,
      });
    }
  }
  await store.transaction(async () => {
    for (let i = 0; i < items.length; i += 5000) await store.insertMany('items', items.slice(i, i + 5000));
  });
  return ds.id;
}
