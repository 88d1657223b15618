// Loading and decoding of what the viewer shows. Decoding uses createImageBitmap (off the main
// thread in Chromium); images larger than 4096 px on a side are split into ≤4096 px bitmaps plus
// a ≤2048 px overview, so neither drawing nor GPU upload ever handles one huge texture.
import type { ItemErrorCode } from './item-viewer-events.js';

/** The largest bitmap side the viewer keeps as one piece. */
export const MAX_TILE = 4096;
const OVERVIEW = 2048;

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
  /** A downscaled copy for zoomed-out views (only when the image is tiled). */
  overview?: ImageBitmap;
  close(): void;
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
    return { width, height, tiles: [{ bitmap: full, x: 0, y: 0, width, height }], close: () => full.close() };
  }
  const jobs: Promise<ImageTile>[] = [];
  for (let y = 0; y < height; y += MAX_TILE)
    for (let x = 0; x < width; x += MAX_TILE) {
      const w = Math.min(MAX_TILE, width - x);
      const h = Math.min(MAX_TILE, height - y);
      jobs.push(createImageBitmap(full, x, y, w, h).then((bitmap) => ({ bitmap, x, y, width: w, height: h })));
    }
  const k = OVERVIEW / Math.max(width, height);
  const overview = createImageBitmap(full, { resizeWidth: Math.max(1, Math.round(width * k)), resizeHeight: Math.max(1, Math.round(height * k)), resizeQuality: 'medium' });
  const tiles = await Promise.all(jobs);
  const ov = await overview;
  full.close();
  return {
    width,
    height,
    tiles,
    overview: ov,
    close: () => {
      tiles.forEach((t) => t.bitmap.close());
      ov.close();
    },
  };
}
