// Annotation -> platform JSON in the SDK's key order (spec §0, §1.2, §2.1, §2.3).
import { isObject, type JsonObject } from '../json-read.js';
import type { AnnotationData } from './annotation-data.js';
import type { AnnotationDefinition } from './base-definition.js';
import { Description } from './definitions/text-like.js';
import type { FrameAnnotation } from './frame-annotation.js';
import { structuredCloneJson } from './json-util.js';
import { setOwn } from './own-keys.js';

/** What is written of an Annotation: its record plus definition, time and frames (no import of the class). */
export type AnnotationJsonSource = AnnotationData & {
  readonly frames: ReadonlyMap<number, FrameAnnotation>;
  readonly annotationDefinition: AnnotationDefinition | null;
  readonly startFrame: number;
  readonly endFrame: number | null;
  readonly startTime: number;
  readonly endTime: number;
};

function firstKey(frames: ReadonlyMap<number, FrameAnnotation>): number | null {
  let min: number | null = null;
  for (const k of frames.keys()) if (min === null || k < min) min = k;
  return min;
}

/**
 * Internal: writes `a` as platform JSON. `rangeStart`/`rangeEnd` bound the emitted snapshots
 * (the SDK's ReflectDict range).
 */
export function annotationToJson(a: AnnotationJsonSource, rangeStart: number, rangeEnd: number): JsonObject {
  const first = firstKey(a.frames);
  const firstFrame = first === null ? null : a.frames.get(first)!;
  const def = firstFrame ? firstFrame.definition : a.annotationDefinition;
  const metadata = structuredCloneJson(a.metadata);
  const out: JsonObject = {
    id: a.id,
    url: a.url,
    creator: a.creator,
    metadata,
    hash: a.hash,
    itemId: a.itemId ?? a.item?.id ?? null,
    item: a.itemUrl,
    label: def?.label ?? null,
    dataset: a.datasetUrl,
    createdAt: a.createdAt,
    updatedBy: a.updatedBy,
    updatedAt: a.updatedAt,
    source: a.source,
  };
  if (def && def.description !== null) out['description'] = def.description;
  if (a.labelSuggestions !== undefined) out['labelSuggestions'] = structuredCloneJson(a.labelSuggestions);
  out['datasetId'] = a.datasetId ?? a.item?.datasetId ?? null;
  out['type'] = a.type;
  if (def && a.type !== 'class' && def.hasCoordinates) {
    const c = def.toCoordinates();
    if (c !== undefined) out['coordinates'] = c;
  }

  if (!isObject(metadata['system'])) metadata['system'] = {};
  const system = metadata['system'] as JsonObject;
  if (a.automated !== null) system['automated'] = a.automated;
  if (a.objectId !== null) system['objectId'] = a.objectId;
  if (a.status !== null) system['status'] = a.status === 'clear' ? null : a.status;
  if (def instanceof Description) system['system'] = true;
  system['attributes'] = structuredCloneJson(def?.attributes ?? {});
  out['attributes'] = structuredCloneJson(a.recipe1Attributes);

  if (a.frames.size > 0 || a.endTime > 0 || (a.endFrame ?? 0) > 0) {
    const snapshots: JsonObject[] = [];
    for (const n of [...a.frames.keys()].sort((a, b) => a - b)) {
      if (n <= rangeStart) continue;
      if (n > rangeEnd) break;
      const f = a.frames.get(n)!;
      if (!f.interpolated || f.fixed) snapshots.push(f.toSnapshot(a.type));
    }
    system['frame'] = a.startFrame;
    system['startTime'] = a.startTime;
    system['endTime'] = a.endTime;
    if (a.endFrame !== null) system['endFrame'] = a.endFrame;
    if (a.type !== 'subtitle') system['snapshots_'] = snapshots;
  }
  for (const [k, v] of Object.entries(a.extra)) setOwn(out, k, structuredCloneJson(v));
  return out;
}
