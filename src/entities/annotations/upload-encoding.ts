// The SDK's upload-time snapshot compression (`Annotations._annotation_encoding`, spec §2.3).
import { isObject, type JsonObject } from '../json-read.js';
import { jsonEqual, structuredCloneJson } from './json-util.js';

/**
 * Returns a copy of annotation JSON with redundant snapshots removed, as the SDK does to every
 * annotation it uploads: walking `metadata.system.snapshots_`, a snapshot (without `frame`) equal to
 * the previously kept one and not `fixed` is dropped. The first comparison is against a synthetic
 * first frame `{label, attributes (v1), type, data: coordinates, fixed, objectVisible}` taking
 * `fixed`/`objectVisible` from snapshot 0. The input is not modified.
 *
 * @example
 * const body = collection.toJsonList().map(encodeAnnotationForUpload);
 */
export function encodeAnnotationForUpload(annotation: JsonObject): JsonObject {
  const out = structuredCloneJson(annotation);
  const metadata = out['metadata'];
  const system = isObject(metadata) ? metadata['system'] : undefined;
  const snapshots = isObject(system) ? system['snapshots_'] : undefined;
  if (!Array.isArray(snapshots) || !isObject(system)) return out;
  const first = isObject(snapshots[0]) ? snapshots[0] : {};
  let last: unknown = {
    label: out['label'] ?? null,
    attributes: out['attributes'] ?? null,
    type: out['type'] ?? null,
    data: out['coordinates'] ?? null,
    fixed: first['fixed'] ?? null,
    objectVisible: first['objectVisible'] ?? null,
  };
  const kept: unknown[] = [];
  for (const snap of snapshots) {
    if (!isObject(snap)) {
      kept.push(snap);
      last = snap;
      continue;
    }
    const { frame: _frame, ...rest } = snap;
    if (jsonEqual(rest, last) && !rest['fixed']) continue;
    kept.push(snap);
    last = rest;
  }
  system['snapshots_'] = kept;
  return out;
}
