import { readFileSync } from 'node:fs';
import { convertIndexedToRgb, decode, encode } from 'fast-png';
import { itemMimetype } from '../store/docs.js';
import type { ItemDoc, Store } from '../store/types.js';
import { decodePngNative, decodePngNativeAsync } from './png-decode-native.js';

/** Longest side of a thumbnail in pixels. */
export const THUMBNAIL_SIZE = 256;
/** Images above this many pixels are not decoded for a thumbnail (memory). */
const MAX_DECODE_PIXELS = 70_000_000;

/** A thumbnail answer: a made PNG, the original bytes, or a placeholder. */
export interface Thumbnail {
  bytes: Uint8Array;
  mimetype: string;
  /** `png` = made and cached; `original` = the item binary (JPEG/GIF/WebP are not decoded); `placeholder` otherwise. */
  kind: 'png' | 'original' | 'placeholder';
}

let placeholder: Uint8Array | undefined;
const inFlight = new Map<string, Promise<Uint8Array | undefined>>();
/** A 1x1 grey PNG for items that have no picture. */
function placeholderPng(): Uint8Array {
  placeholder ??= encode({ width: 1, height: 1, channels: 4, depth: 8, data: new Uint8Array([128, 128, 128, 255]) });
  return placeholder;
}

/**
 * Downscale 8-bit pixels (any channel count) so the longest side is at most `max`, averaging
 * each output pixel's source box (area resampling, no aliasing). A generator that yields every
 * 256 source rows, so the async caller can let the server breathe; {@link resizeBox} drains it.
 */
function* resizeBoxSteps(
  src: Uint8Array | Uint8ClampedArray,
  w: number,
  h: number,
  ch: number,
  max: number,
): Generator<void, { data: Uint8Array; width: number; height: number }, void> {
  const scale = Math.min(1, max / Math.max(w, h));
  const ow = Math.max(1, Math.round(w * scale));
  const oh = Math.max(1, Math.round(h * scale));
  const out = new Uint8Array(ow * oh * ch);
  const acc = new Float64Array(ow * ch);
  const cnt = new Float64Array(ow);
  const colOf = new Int32Array(w);
  for (let x = 0; x < w; x++) colOf[x] = Math.min(ow - 1, Math.floor((x * ow) / w));
  let row = 0;
  for (let y = 0; y <= h; y++) {
    const oy = y < h ? Math.min(oh - 1, Math.floor((y * oh) / h)) : oh;
    if (oy !== row) {
      for (let ox = 0; ox < ow; ox++) {
        const n = cnt[ox]! || 1;
        for (let k = 0; k < ch; k++) out[(row * ow + ox) * ch + k] = Math.round(acc[ox * ch + k]! / n);
      }
      acc.fill(0);
      cnt.fill(0);
      row = oy;
    }
    if (y === h) break;
    const base = y * w * ch;
    for (let x = 0; x < w; x++) {
      const ox = colOf[x]!;
      cnt[ox]!++;
      for (let k = 0; k < ch; k++) acc[ox * ch + k] += src[base + x * ch + k]!;
    }
    if ((y & 255) === 255) yield;
  }
  return { data: out, width: ow, height: oh };
}

/** Synchronous {@link resizeBoxSteps}. */
export function resizeBox(
  src: Uint8Array | Uint8ClampedArray,
  w: number,
  h: number,
  ch: number,
  max: number,
): { data: Uint8Array; width: number; height: number } {
  const it = resizeBoxSteps(src, w, h, ch, max);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}

/**
 * {@link makePngThumbnail} that does not block the event loop on big images: native inflate on
 * the thread pool, row loops that yield. Unusual PNGs (16-bit, palette) take the sync path.
 */
export async function makePngThumbnailAsync(bytes: Uint8Array): Promise<Uint8Array | undefined> {
  const img = await decodePngNativeAsync(bytes);
  if (!img) return makePngThumbnail(bytes);
  const it = resizeBoxSteps(img.data, img.width, img.height, img.channels, THUMBNAIL_SIZE);
  for (;;) {
    const r = it.next();
    if (r.done)
      return encode({
        width: r.value.width,
        height: r.value.height,
        channels: img.channels,
        depth: 8,
        data: r.value.data,
      });
    await new Promise((res) => setImmediate(res));
  }
}

/** Make a PNG thumbnail from PNG bytes, or `undefined` when the PNG cannot be reduced. */
export function makePngThumbnail(bytes: Uint8Array): Uint8Array | undefined {
  const fast = decodePngNative(bytes);
  if (fast) {
    const t = resizeBox(fast.data, fast.width, fast.height, fast.channels, THUMBNAIL_SIZE);
    return encode({ width: t.width, height: t.height, channels: fast.channels, depth: 8, data: t.data });
  }
  const png = decode(bytes);
  if (png.width * png.height > MAX_DECODE_PIXELS) return undefined;
  let data: Uint8Array | Uint8ClampedArray;
  let ch = png.channels;
  if (png.palette) {
    data = convertIndexedToRgb(png);
    ch = png.palette[0]?.length ?? 3;
  } else if (png.depth === 16) {
    const d16 = png.data as Uint16Array;
    data = new Uint8Array(d16.length);
    for (let i = 0; i < d16.length; i++) data[i] = d16[i]! >> 8;
  } else if (png.depth === 8) {
    data = png.data as Uint8Array;
  } else return undefined;
  const t = resizeBox(data, png.width, png.height, ch, THUMBNAIL_SIZE);
  return encode({ width: t.width, height: t.height, channels: ch, depth: 8, data: t.data });
}

/**
 * The thumbnail of an item: made once from PNG binaries and cached under the item id; JPEG, GIF
 * and WebP answer their own bytes (no decoder here), anything else a placeholder.
 */
export async function thumbnailFor(store: Store, item: ItemDoc): Promise<Thumbnail> {
  const mimetype = itemMimetype(item);
  if (item.type !== 'file') return { bytes: placeholderPng(), mimetype: 'image/png', kind: 'placeholder' };
  if (store.blobs.has('thumbs', item.id))
    return { bytes: readFileSync(store.blobs.path('thumbs', item.id)), mimetype: 'image/png', kind: 'png' };
  if (mimetype === 'image/png') {
    // One decode per item even when the grid asks for it many times at once.
    let job = inFlight.get(item.id);
    if (!job) {
      job = (async () => {
        try {
          const t = await makePngThumbnailAsync(readFileSync(store.blobs.path('items', item.id)));
          if (t) store.blobs.put('thumbs', item.id, t);
          return t;
        } catch {
          return undefined; // a broken PNG gets the placeholder
        } finally {
          inFlight.delete(item.id);
        }
      })();
      inFlight.set(item.id, job);
    }
    const t = await job;
    if (t) return { bytes: t, mimetype: 'image/png', kind: 'png' };
    return { bytes: placeholderPng(), mimetype: 'image/png', kind: 'placeholder' };
  }
  if (/^image\/(jpeg|gif|webp)$/.test(mimetype) && store.blobs.has('items', item.id)) {
    return { bytes: readFileSync(store.blobs.path('items', item.id)), mimetype, kind: 'original' };
  }
  return { bytes: placeholderPng(), mimetype: 'image/png', kind: 'placeholder' };
}
