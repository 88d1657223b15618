// dtlpy `AnnotationCollection.from_instance_mask` (spec §3.4). Pure JS: a comparison per pixel.
import type { Mask } from '../../entities/geometry-backend.js';
import { DlGeometryError } from '../errors.js';
import { assertMask } from '../mask.js';

/** One label's mask taken from an instance mask. */
export interface LabelMask {
  label: string;
  /** 0/1 mask, same size as the instance mask. */
  mask: Mask;
}

/**
 * Splits an instance mask into one 0/1 mask per label, as `from_instance_mask`: for each
 * `(label, id)` of `instanceMap` in its iteration order, `mask == id`; labels whose id does not occur
 * are skipped; ids not in the map are ignored; 0 is not special (nor is `$default`) unless it is in the map.
 *
 * @example
 * masksFromInstanceMask(mask, { cat: 1, dog: 2 }); // [{ label: 'cat', mask }, { label: 'dog', mask }]
 */
export function masksFromInstanceMask(
  mask: Mask,
  instanceMap: Record<string, number> | ReadonlyArray<readonly [string, number]>,
): LabelMask[] {
  assertMask(mask);
  const entries = Array.isArray(instanceMap) ? instanceMap : Object.entries(instanceMap as Record<string, number>);
  const counts = new Uint32Array(256);
  const { data } = mask;
  for (let i = 0; i < data.length; i++) counts[data[i]!]!++;
  const out: LabelMask[] = [];
  for (const [label, id] of entries) {
    if (!Number.isInteger(id))
      throw new DlGeometryError('invalid-argument', `instanceMap["${label}"]: expected an integer id, got ${id}`);
    if (id < 0 || id > 255 || !counts[id]) continue;
    const m = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) if (data[i] === id) m[i] = 1;
    out.push({ label, mask: { width: mask.width, height: mask.height, data: m } });
  }
  return out;
}
