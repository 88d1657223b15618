// Loading and decoding of what the viewer shows. Decoding uses createImageBitmap (off the main
// thread in Chromium); images larger than 4096 px on a side are split into ≤4096 px bitmaps, and a
// mip chain (halvings down to ≤1024 px) serves zoomed-out views, so neither drawing nor GPU upload ever handles one huge texture.
import type { ItemErrorCode } from './item-viewer-events.js';

/** The largest bitmap side the viewer keeps as one piece. */
export const MAX_TILE = 4096;

/** A loading failure with a code and a readable message. */
export class ItemLoadError extends Error {
  constructor(
    readonly code: ItemErrorCode,
    message: string,
    readonly status?: number,
    readonly url?: string,
  ) {
    super(message);
    this.name = 'ItemLoadError';
  }
}

/** One piece of a tiled image, in image px. */
export interface ImageTile {
  bitmap: ImageBitmap;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A decoded image ready to draw. */
export interface DecodedImage {
  width: number;
  height: number;
  tiles: ImageTile[];
  /**
   * Downscaled copies for zoomed-out views: `mips[i]` is the image at 1/2^(i+1) of full size, down
   * to ≤1024 px. Drawing from the level just above the screen resolution keeps a zoomed-out frame
   * proportional to screen pixels, not image pixels.
   */
  mips: ImageBitmap[];
  close(): void;
}

const MIP_MIN = 1024;

/** Lets the event loop run between two main-thread bitmap steps (each is one synchronous copy). */
const yieldToPage = () => new Promise<void>((r) => setTimeout(r, 0));

async function mipChain(src: ImageBitmap, width: number, height: number): Promise<ImageBitmap[]> {
  const out: ImageBitmap[] = [];
  let prev = src;
  for (let k = 2; Math.max(width, height) / (k / 2) > MIP_MIN; k *= 2) {
    const w = Math.max(1, Math.round(width / k));
    const h = Math.max(1, Math.round(height / k));
    await yieldToPage();
    prev = await createImageBitmap(prev, { resizeWidth: w, resizeHeight: h, resizeQuality: 'medium' });
    out.push(prev);
  }
  return out;
}

/** Tile rects of a `width`×`height` image, row by row. */
function tileRects(width: number, height: number): Array<{ x: number; y: number; width: number; height: number }> {
  const out = [];
  for (let y = 0; y < height; y += MAX_TILE)
    for (let x = 0; x < width; x += MAX_TILE)
      out.push({ x, y, width: Math.min(MAX_TILE, width - x), height: Math.min(MAX_TILE, height - y) });
  return out;
}

// Cropping and resizing an ImageBitmap (createImageBitmap(bitmap, ...)) runs synchronously on the
// calling thread: for a 16000×2000 image the tiles and the mip chain took over a second of main
// thread in one task. A small worker (inline, so it needs no bundler support) does that work on the
// bitmap transferred to it (no copy) and transfers the pieces back.
const WORKER_SOURCE = `
onmessage = async (e) => {
  const { full, rects, mipMin } = e.data;
  const width = full.width, height = full.height;
  try {
    const tiles = [];
    if (rects.length === 1) tiles.push({ bitmap: full, ...rects[0] });
    else for (const r of rects) tiles.push({ bitmap: await createImageBitmap(full, r.x, r.y, r.width, r.height), ...r });
    const mips = [];
    let prev = full;
    for (let k = 2; Math.max(width, height) / (k / 2) > mipMin; k *= 2) {
      prev = await createImageBitmap(prev, { resizeWidth: Math.max(1, Math.round(width / k)), resizeHeight: Math.max(1, Math.round(height / k)), resizeQuality: 'medium' });
      mips.push(prev);
    }
    if (rects.length > 1) full.close();
    postMessage({ tiles, mips }, [...tiles.map((t) => t.bitmap), ...mips]);
  } catch (err) {
    postMessage({ error: String((err && err.message) || err) });
  }
};`;

let workerUrl: string | null | undefined;

/** Tiles and mips of `full` made in a worker; null when workers are unavailable (then `full` is untouched). */
function piecesInWorker(full: ImageBitmap): Promise<{ tiles: ImageTile[]; mips: ImageBitmap[] } | null> {
  if (workerUrl === undefined) {
    try {
      workerUrl =
        typeof Worker === 'function' && typeof URL.createObjectURL === 'function'
          ? URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }))
          : null;
    } catch {
      workerUrl = null;
    }
  }
  if (!workerUrl) return Promise.resolve(null);
  let w: Worker;
  try {
    w = new Worker(workerUrl, { name: 'dl-kit-image-pieces' });
  } catch {
    workerUrl = null; // e.g. a CSP without worker-src blob:
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    w.onmessage = (e: MessageEvent<{ tiles?: ImageTile[]; mips?: ImageBitmap[]; error?: string }>) => {
      w.terminate();
      if (e.data.error !== undefined) reject(new Error(e.data.error));
      else resolve({ tiles: e.data.tiles!, mips: e.data.mips! });
    };
    w.onerror = (e) => {
      w.terminate();
      reject(new Error(e.message || 'image worker failed'));
    };
    w.postMessage({ full, rects: tileRects(full.width, full.height), mipMin: MIP_MIN }, [full]);
  });
}

/** Fetches `url` as a Blob with clear errors for 404 / other HTTP / network failures. */
export async function fetchBlob(url: string, signal?: AbortSignal): Promise<Blob> {
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ItemLoadError('network', `Could not reach ${url}: ${(e as Error).message}`, undefined, url);
  }
  if (res.status === 404) throw new ItemLoadError('not-found', `Not found (404): ${url}`, 404, url);
  if (!res.ok)
    throw new ItemLoadError('http', `The server answered ${res.status} ${res.statusText} for ${url}`, res.status, url);
  return res.blob();
}

/** True for Blob types the viewer plays as video. */
export function isVideoType(type: string): boolean {
  return type.startsWith('video/');
}

const IMAGE_OK = /^image\/|^$|^application\/octet-stream$/;

/**
 * Decodes an image Blob, tiling it when a side exceeds MAX_TILE. Tiles and mips are cut in a worker
 * unless `worker: false` (or workers are unavailable): then on the main thread, one step per task.
 */
export async function decodeImage(blob: Blob, opts: { worker?: boolean } = {}): Promise<DecodedImage> {
  if (!IMAGE_OK.test(blob.type)) throw new ItemLoadError('unsupported-type', `Unsupported file type: ${blob.type}`);
  let full: ImageBitmap;
  try {
    full = await createImageBitmap(blob);
  } catch (e) {
    throw new ItemLoadError(
      blob.type && !blob.type.startsWith('image/') ? 'unsupported-type' : 'decode',
      blob.type
        ? `Cannot decode this ${blob.type} image (${(e as Error).message || 'unsupported or corrupt data'})`
        : 'Unsupported file type: the data is not an image this browser can decode',
    );
  }
  const { width, height } = full;
  if (opts.worker !== false && Math.max(width, height) > MIP_MIN) {
    // Off the main thread; should the worker fail after taking the bitmap, decode again below.
    let pieces: { tiles: ImageTile[]; mips: ImageBitmap[] } | null = null;
    try {
      pieces = await piecesInWorker(full);
    } catch {
      full = await createImageBitmap(blob);
    }
    if (pieces) return decoded(width, height, pieces.tiles, pieces.mips);
  }
  // Main-thread fallback (no workers): one bitmap step per task.
  if (width <= MAX_TILE && height <= MAX_TILE)
    return decoded(width, height, [{ bitmap: full, x: 0, y: 0, width, height }], await mipChain(full, width, height));
  const tiles: ImageTile[] = [];
  for (const r of tileRects(width, height)) {
    await yieldToPage();
    tiles.push({ bitmap: await createImageBitmap(full, r.x, r.y, r.width, r.height), ...r });
  }
  const mips = await mipChain(full, width, height);
  full.close();
  return decoded(width, height, tiles, mips);
}

function decoded(width: number, height: number, tiles: ImageTile[], mips: ImageBitmap[]): DecodedImage {
  return {
    width,
    height,
    tiles,
    mips,
    close: () => {
      tiles.forEach((t) => t.bitmap.close());
      mips.forEach((m) => m.close());
    },
  };
}
