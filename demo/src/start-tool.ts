import type { LayerTool } from 'dl-kit/components';

/** The kinds of item page; each keeps its own start tool (a box run on images says nothing about videos). */
export type PageType = 'image' | 'video';

/**
 * The drawing tools an item may start with: those a stray click draws nothing with. A box or an
 * ellipse needs a drag of 3 screen px (a click makes nothing), a polygon or polyline click is one
 * vertex of a draft (Escape drops it), scissors a click is an anchor, Box to object a drag too.
 * Point and magic wand make a shape from one click, brush paints one: after those the next item
 * starts on Select, as do the one-shot classification, the eraser and watershed's strokes.
 */
const CARRIED: ReadonlySet<string> = new Set(['box', 'ellipse', 'polygon', 'polyline', 'scissors', 'grab-cut']);

/** The assisted tools: they work on images only ("Assisted tools work on images, not videos"). */
const IMAGE_ONLY: ReadonlySet<string> = new Set(['magic-wand', 'grab-cut', 'scissors', 'watershed']);

/**
 * The tool an item starts with: `drawn`, the tool the annotator last drew with on this page type
 * (`select` when they went back to Select since, null before any), when a stray click with it makes
 * no shape and the item's type offers it; else Select. Before, every item started on Select: a run
 * of boxes needed R again on every item.
 *
 * Under review (`reviewing`: a task's item) always Select: the kept tool is for a run of labeling.
 * A reviewer who fixed one box started the next item on Box, where a drag meant to pan or select
 * drew a box that approving (A) then shipped.
 */
export function startTool(drawn: string | null, type: PageType, { reviewing = false } = {}): LayerTool {
  if (reviewing || !drawn || !CARRIED.has(drawn) || (type === 'video' && IMAGE_ONLY.has(drawn))) return 'select';
  return drawn as LayerTool;
}
