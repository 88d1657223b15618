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

async function mipChain(src: ImageBitmap, width: number, height: number): Promise<ImageBitmap[]> {
  const out: ImageBitmap[] = [];
  let prev = src;
  for (let k = 2; Math.max(width, height) / (k / 2) > MIP_MIN; k *= 2) {
    const w = Math.max(1, Math.round(width / k));
    const h = Math.max(1, Math.round(height / k));
    prev = await createImageBitmap(prev, { resizeWidth: w, resizeHeight: h, resizeQuality: 'medium' });
    out.push(prev);
  }
  return out;
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
  if (!res.ok) throw new ItemLoadError('http', `The server answered ${res.status} ${res.statusText} for ${url}`, res.status, url);
  return res.blob();
}

/** True for Blob types the viewer plays as video. */
export function isVideoType(type: string): boolean {
  return type.startsWith('video/');
}

const IMAGE_OK = /^image\/|^$|^application\/octet-stream$/;

/** Decodes an image Blob, tiling it when a side exceeds MAX_TILE. */
export async function decodeImage(blob: Blob): Promise<DecodedImage> {
  if (!IMAGE_OK.test(blob.type)) throw new ItemLoadError('unsupported-type', `Unsupported file type: ${blob.type}`);
  let full: ImageBitmap;
  try {
    full = await createImageBitmap(blob);
  } catch (e) {
    throw new ItemLoadError(
      blob.type && !blob.type.startsWith('image/') ? 'unsupported-type' : 'decode',
      blob.type ? `Cannot decode this ${blob.type} image (${(e as Error).message || 'unsupported or corrupt data'})` : 'Unsupported file type: the data is not an image this browser can decode',
    );
  }
  const { width, height } = full;
  if (width <= MAX_TILE && height <= MAX_TILE) {
    const mips = await mipChain(full, width, height);
    return {
      width,
      height,
      tiles: [{ bitmap: full, x: 0, y: 0, width, height }],
      mips,
      close: () => (full.close(), mips.forEach((m) => m.close())),
    };
  }
  const jobs: Promise<ImageTile>[] = [];
  for (let y = 0; y < height; y += MAX_TILE)
    for (let x = 0; x < width; x += MAX_TILE) {
      const w = Math.min(MAX_TILE, width - x);
      const h = Math.min(MAX_TILE, height - y);
      jobs.push(createImageBitmap(full, x, y, w, h).then((bitmap) => ({ bitmap, x, y, width: w, height: h })));
    }
  const mipsJob = mipChain(full, width, height);
  const tiles = await Promise.all(jobs);
  const mips = await mipsJob;
  full.close();
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
