// Vertex handles of polygons (outline and holes), polylines, cuboids and points: drag a vertex, press
// an edge's midpoint to insert a vertex there and drag it, Alt+click a vertex to delete it. The
// pressed vertex becomes the selection's active vertex (arrow keys nudge it, Delete removes it).
import { deleteVertex, insertVertex, moveVertex } from '../../../../geometry/shapes/edit.js';
import type { HandleId } from '../../model/handle-id.js';
import { clampPoint } from '../inside.js';
import type { Gesture, LayerPointer, ToolContext } from '../tool.js';
import { shapeDrag } from './shape-drag.js';

type RingHandle = Extract<HandleId, { kind: 'vertex' | 'midpoint' }>;

/** A press on vertex or midpoint handle `h` of annotation `key`. */
export function vertexPress(ctx: ToolContext, p: LayerPointer, key: string, h: RingHandle): Gesture | undefined {
  const { store, commit } = ctx;
  let orig = store.shapeOf(key)!;
  let index = h.index;
  if (h.kind === 'midpoint') {
    const at = clampPoint(store, p.x, p.y);
    orig = insertVertex(orig, h.index, at.x, at.y, h.ring);
    index = h.index + 1;
    store.preview.set(key, orig);
  } else if (p.altKey) {
    const s = deleteVertex(orig, h.index, h.ring);
    if (store.selection.activeVertex?.key === key) store.selection.activeVertex = null;
    if (s) commit.shapes(new Map([[key, s]]));
    return undefined;
  }
  const ring = h.ring;
  store.selection.activeVertex = { key, ring, index };
  ctx.refresh();
  return shapeDrag(ctx, key, orig, (s, x, y) => moveVertex(s, ring, index, x, y), p, {
    moved: h.kind === 'midpoint',
  });
}
