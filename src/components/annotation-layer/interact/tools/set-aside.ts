// A new shape being drawn sets the selection aside: its handles and its label leave the canvas and the
// panel (the panel then shows the label the new shape gets). Giving up the new shape gives it back.
import type { ToolContext } from '../tool.js';

/**
 * Drops the selection and returns what gives it back: the keys still there and not hidden, and only
 * while nothing else was selected meanwhile.
 */
export function setSelectionAside(ctx: ToolContext): () => void {
  const kept = [...ctx.store.selection];
  if (kept.length) ctx.commit.select([], true);
  return () => {
    const back = kept.filter((k) => ctx.store.annotations.get(k) && !ctx.store.shapes.hidden.has(k));
    if (back.length && !ctx.store.selection.size) ctx.commit.select(back, true);
  };
}
