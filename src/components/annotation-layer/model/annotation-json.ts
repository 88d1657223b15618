// Plain Dataloop annotation JSON as the components see it, and the small helpers to read it
// without the entity layer (so the components work from JSON alone).

/** A Dataloop platform annotation as JSON (spec §1). Unknown keys are kept untouched. */
export interface AnnotationJson {
  id?: string | null;
  type: string;
  label: string;
  coordinates?: unknown;
  attributes?: unknown;
  metadata?: { system?: Record<string, unknown>; user?: Record<string, unknown>; [k: string]: unknown };
  [key: string]: unknown;
}

/** What the `annotations` property accepts: a JSON array, or anything with `toJson()` (an AnnotationCollection). */
export type AnnotationsInput =
  | ReadonlyArray<AnnotationJson | { toJson(): AnnotationJson }>
  | { toJson(): unknown }
  | null
  | undefined;

/**
 * Normalises the `annotations` property to a fresh array of JSON objects. The objects themselves are
 * not copied (10,000 deep copies cost more than the first frame): the layer never mutates them, it
 * replaces an annotation's object on every edit, and event details are copies.
 */
export function toAnnotationJsonArray(input: AnnotationsInput): AnnotationJson[] {
  if (!input) return [];
  let list: unknown = input;
  if (!Array.isArray(input) && typeof (input as { toJson?: unknown }).toJson === 'function') {
    list = (input as { toJson(): unknown }).toJson();
    if (list && !Array.isArray(list) && Array.isArray((list as { annotations?: unknown }).annotations)) {
      list = (list as { annotations: unknown[] }).annotations;
    }
  }
  if (!Array.isArray(list)) return [];
  const out: AnnotationJson[] = [];
  for (const a of list) {
    const j = a && typeof (a as { toJson?: unknown }).toJson === 'function' ? (a as { toJson(): unknown }).toJson() : a;
    if (j && typeof j === 'object' && typeof (j as AnnotationJson).type === 'string') out.push(j as AnnotationJson);
  }
  return out;
}

/** `metadata.system` of an annotation (read only; may be empty). */
export function systemOf(a: AnnotationJson): Record<string, unknown> {
  return (a.metadata?.system ?? {}) as Record<string, unknown>;
}

/** v2 attributes (`metadata.system.attributes`). */
export function attributesOf(a: AnnotationJson): Record<string, unknown> {
  const at = systemOf(a).attributes;
  return at && typeof at === 'object' && !Array.isArray(at) ? (at as Record<string, unknown>) : {};
}

/** A copy of `a` with `metadata.system` patched (other metadata kept). */
export function withSystem(a: AnnotationJson, patch: Record<string, unknown>): AnnotationJson {
  const metadata = { ...(a.metadata ?? {}) };
  metadata.system = { ...(metadata.system ?? {}), ...patch };
  return { ...a, metadata };
}

/**
 * A new annotation as Dataloop's UI creates it (id null until the host saves it); `system` entries are
 * added to `metadata.system` after the defaults.
 */
export function newAnnotationJson(
  type: string,
  label: string,
  coordinates: unknown,
  clientId: string,
  system: Record<string, unknown> = {},
): AnnotationJson {
  const a: AnnotationJson = {
    id: null,
    creator: null,
    createdAt: null,
    updatedBy: null,
    updatedAt: null,
    source: 'ui',
    type,
    label,
    attributes: null,
    metadata: { system: { attributes: {}, automated: false, clientId, ...system } },
  };
  if (type !== 'class') a.coordinates = coordinates;
  return a;
}
