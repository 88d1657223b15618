// Copy and paste of annotations (Ctrl+C / Ctrl+V). One clipboard for every layer of the page, so a
// copy in one item's layer pastes into another's.
import { coordinatesFor, parseShape } from '../../../entities/annotations/shape-coordinates.js';
import { translateShape } from '../../../geometry/shapes/transform.js';
import { cloneJson } from '../../events.js';
import { msg } from '../../strings.js';
import type { AnnotationJson } from '../model/annotation-json.js';
import { clampMove, keepInside } from './inside.js';
import type { ToolContext } from './tool.js';

let clipboard: AnnotationJson[] = [];

/** Copies the selection's JSON; false when nothing is selected. */
export function copySelection(ctx: ToolContext): boolean {
  const { store } = ctx;
  if (!store.selection.size) return false;
  clipboard = [...store.selection].map((k) => cloneJson(store.json(k)!));
  ctx.announce(msg('annotationLayer.copied', { count: clipboard.length }));
  return true;
}

/** Pastes the clipboard as new annotations (one undo step), 10 px off, and selects them; false when empty. */
export function paste(ctx: ToolContext): boolean {
  if (!clipboard.length) return false;
  const { store } = ctx;
  const keys: string[] = [];
  const edits = clipboard.map((src, i) => {
    const key = store.annotations.newKey();
    keys.push(key);
    const sys = { ...(src.metadata?.system ?? {}), clientId: `dlkit-paste-${Date.now().toString(36)}-${i}` };
    const a: AnnotationJson = { ...structuredClone(src), id: null, metadata: { ...src.metadata, system: sys } };
    delete a.url;
    delete a.hash;
    // Offset the copy by 10 px so it is visible next to the original (less at the image edge; a copy
    // from a larger item is clamped onto this one).
    const s = parseShape(a.type, a.coordinates);
    if (s.kind !== 'class' && s.kind !== 'binary' && s.kind !== 'other' && s.kind !== 'pose') {
      const [dx, dy] = clampMove(store, [s], 10, 10);
      a.coordinates = coordinatesFor(keepInside(store, translateShape(s, dx, dy)), a.coordinates);
    }
    return { key, after: a };
  });
  store.annotations.edit(edits);
  ctx.commit.select(keys, true);
  ctx.announce(msg('annotationLayer.pasted', { count: keys.length }));
  return true;
}
