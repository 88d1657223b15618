import { Ontology, getGeometryPool } from 'dl-kit';
import { encode } from 'fast-png';
import type { Json } from './json.js';

/** What an export writes per item. */
export type ExportKind = 'json' | 'mask' | 'instance';

const maps = new WeakMap<object, { colorMap: Record<string, number[]>; instanceMap: Record<string, number> }>();

/** The ontology's colour and instance maps (spec §3.5), computed once per ontology JSON. */
function ontologyMaps(ontology: Json | null): {
  colorMap: Record<string, number[]>;
  instanceMap: Record<string, number>;
} {
  if (!ontology) return { colorMap: {}, instanceMap: {} };
  let m = maps.get(ontology);
  if (!m) {
    const o = Ontology.fromJson(ontology) as unknown as {
      colorMap: Record<string, number[]>;
      instanceMap: Record<string, number>;
    };
    m = { colorMap: { ...o.colorMap }, instanceMap: { ...o.instanceMap } };
    maps.set(ontology, m);
  }
  return m;
}

/**
 * Renders one item's annotations as a MASK (RGBA) or INSTANCE (8-bit grey) PNG (spec §3.6) in the
 * geometry worker (OpenCV drawing off the main thread); the pixels come back transferred and
 * are PNG-encoded here (item-sized, a few milliseconds).
 */
export async function renderExportPng(
  kind: Exclude<ExportKind, 'json'>,
  annotations: Json[],
  ontology: Json | null,
  width: number,
  height: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const { colorMap, instanceMap } = ontologyMaps(ontology);
  const pool = getGeometryPool() as unknown as {
    call(
      method: string,
      args: unknown[],
      opts?: { signal?: AbortSignal },
    ): Promise<{ width: number; height: number; data: Uint8Array; channels: 1 | 4 }>;
  };
  const drawable = annotations.map((a) => ({
    type: a.type,
    label: a.label,
    coordinates: a.coordinates,
    metadata: a.metadata,
  }));
  const img = await pool.call(
    'renderAnnotations',
    [drawable, { kind, width, height, colorMap, instanceMap, thickness: null }],
    { signal },
  );
  return encode({ width: img.width, height: img.height, channels: img.channels, depth: 8, data: img.data });
}
