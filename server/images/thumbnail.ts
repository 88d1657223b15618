import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { encode } from 'fast-png';
import sharp from 'sharp';
import { itemMimetype } from '../store/docs.js';
import type { ItemDoc, Store } from '../store/types.js';
import { readImageInfo } from './image-info.js';

// Thumbnails are made one at a time per item and then cached on disk: libvips' own cache would only
// hold memory the next request does not need.
sharp.cache(false);

/** Longest side of a thumbnail in pixels. */
export const THUMBNAIL_SIZE = 256;

/**
 * Images with more pixels than this get the placeholder instead of a thumbnail (8000 x 6000 is
 * under; a 12000 x 12000 PNG of a few hundred KB would otherwise cost hundreds of MB to decode).
 * Checked from the file's header before anything decodes, and again by libvips
 * (`limitInputPixels`) for headers this server does not read.
 */
export const MAX_THUMBNAIL_INPUT_PIXELS = 50_000_000;

/** Bytes of a file read to find its size in the header (JPEG EXIF may come first). */
const HEADER_BYTES = 256 * 1024;

/** The formats thumbnails are made of (libvips decodes them). */
const THUMBNAIL_SOURCES = /^image\/(png|jpeg|gif|webp|tiff)$/;

/** A thumbnail answer: a made image, or a placeholder. */
export interface Thumbnail {
  bytes: Uint8Array;
  mimetype: 'image/png' | 'image/jpeg';
  /** `png`/`jpeg` = made (and cached); `placeholder` = no picture, a broken one, or one over the pixel limit. */
  kind: 'png' | 'jpeg' | 'placeholder';
}

let placeholder: Uint8Array | undefined;

/** A 1x1 grey PNG for items that have no picture. */
function placeholderThumbnail(): Thumbnail {
  placeholder ??= encode({ width: 1, height: 1, channels: 4, depth: 8, data: new Uint8Array([128, 128, 128, 255]) });
  return { bytes: placeholder, mimetype: 'image/png', kind: 'placeholder' };
}

/** The first bytes of a file (the header). */
function readHead(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(HEADER_BYTES);
    return buf.subarray(0, readSync(fd, buf, 0, HEADER_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

/** Whether the file's header (when this server can read it) declares more pixels than the limit. */
export function overPixelLimit(head: Uint8Array, maxPixels = MAX_THUMBNAIL_INPUT_PIXELS): boolean {
  const info = readImageInfo(head);
  return info !== undefined && info.width * info.height > maxPixels;
}

/**
 * Make a thumbnail of an image file: at most {@link THUMBNAIL_SIZE} on the longest side, EXIF
 * orientation applied, the first frame of an animation; JPEG for JPEG sources, PNG (alpha kept)
 * otherwise. Undefined when the file is over `maxPixels` or libvips cannot read it.
 */
export async function makeThumbnail(
  path: string,
  mimetype: string,
  maxPixels = MAX_THUMBNAIL_INPUT_PIXELS,
): Promise<Thumbnail | undefined> {
  if (overPixelLimit(readHead(path), maxPixels)) return undefined;
  const jpeg = mimetype === 'image/jpeg';
  try {
    const pipeline = sharp(path, { limitInputPixels: maxPixels, sequentialRead: true })
      .rotate()
      .resize({ width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE, fit: 'inside', withoutEnlargement: true });
    const bytes = await (jpeg ? pipeline.jpeg({ quality: 80 }) : pipeline.png()).toBuffer();
    return { bytes: new Uint8Array(bytes), mimetype: jpeg ? 'image/jpeg' : 'image/png', kind: jpeg ? 'jpeg' : 'png' };
  } catch {
    return undefined; // not decodable, or over limitInputPixels
  }
}

/**
 * The thumbnail of an item: made once (libvips, see {@link makeThumbnail}) from PNG, JPEG, GIF,
 * WebP and TIFF binaries and cached under the item id; anything else, a broken file or one over
 * {@link MAX_THUMBNAIL_INPUT_PIXELS} gets a 1x1 placeholder.
 */
export async function thumbnailFor(store: Store, item: ItemDoc): Promise<Thumbnail> {
  const mimetype = itemMimetype(item);
  if (item.type !== 'file' || !THUMBNAIL_SOURCES.test(mimetype) || !store.blobs.has('items', item.id))
    return placeholderThumbnail();
  const jpeg = mimetype === 'image/jpeg';
  if (store.blobs.has('thumbs', item.id))
    return {
      bytes: readFileSync(store.blobs.path('thumbs', item.id)),
      mimetype: jpeg ? 'image/jpeg' : 'image/png',
      kind: jpeg ? 'jpeg' : 'png',
    };
  // One decode per item even when the grid asks for it many times at once, on any server instance.
  const bytes = await store.blobs.makeOnce(
    'thumbs',
    item.id,
    async () => (await makeThumbnail(store.blobs.path('items', item.id), mimetype))?.bytes,
  );
  if (!bytes) return placeholderThumbnail();
  return { bytes, mimetype: jpeg ? 'image/jpeg' : 'image/png', kind: jpeg ? 'jpeg' : 'png' };
}
