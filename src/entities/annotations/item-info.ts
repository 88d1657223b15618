// Reads fps / mimetype / size from an item-like value without trusting its shape.
import { isObject } from '../json-read.js';
import type { AnnotationItemLike } from './types.js';

function finite(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** `item.metadata.fps` (top level, as the SDK's `item.fps`), or the `fps` accessor. */
export function itemFps(item: AnnotationItemLike | null | undefined): number | null {
  if (!item) return null;
  const direct = finite(item.fps);
  if (direct !== null) return direct;
  return isObject(item.metadata) ? finite(item.metadata['fps']) : null;
}

function system(item: AnnotationItemLike): Record<string, unknown> | null {
  if (!isObject(item.metadata)) return null;
  const s = item.metadata['system'];
  return isObject(s) ? s : null;
}

/** `item.metadata.system.mimetype`, or the `mimetype` accessor. */
export function itemMimetype(item: AnnotationItemLike | null | undefined): string | null {
  if (!item) return null;
  if (typeof item.mimetype === 'string') return item.mimetype;
  const m = system(item)?.['mimetype'];
  return typeof m === 'string' ? m : null;
}

/** Item width/height from accessors or `metadata.system.{width,height}`. */
export function itemSize(item: AnnotationItemLike | null | undefined): { width: number | null; height: number | null } {
  if (!item) return { width: null, height: null };
  const s = system(item);
  return {
    width: finite(item.width) ?? finite(s?.['width']),
    height: finite(item.height) ?? finite(s?.['height']),
  };
}

/** The item's dataset URL when `dataset` is a string (item JSON carries it as a URL). */
export function itemDatasetUrl(item: AnnotationItemLike | null | undefined): string | null {
  return item && typeof item.dataset === 'string' ? item.dataset : null;
}
