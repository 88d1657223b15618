/** What an export writes per item. */
export type ExportKind = 'json' | 'mask' | 'instance';

/**
 * Renders one item's annotations as a MASK (RGBA) or INSTANCE (8-bit grey) PNG, spec §3.6.
 * Filled in once the geometry worker exposes rendering (see README / report).
 */
export async function renderExportPng(kind: Exclude<ExportKind, 'json'>, annotations: Record<string, any>[], ontology: Record<string, any> | null, width: number, height: number, signal?: AbortSignal): Promise<Uint8Array> {
  void annotations; void ontology; void width; void height; void signal;
  throw new Error(`${kind} export needs the geometry worker's renderer, which is not available yet`);
}
