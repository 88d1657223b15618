// Copy and paste of annotations (Ctrl+C / Ctrl+V). One clipboard for every layer of the page, so a
// copy in one item's layer pastes into another's.
import { coordinatesFor, parseShape } from '../../../entities/annotations/shape-coordinates.js';
import { translateShape } from '../../../geometry/shapes/transform.js';
import { cloneJson } from '../../events.js';
import { msg } from '../../strings.js';
import type { AnnotationJson } from '../model/annotation-json.js';
import { isObjectType } from '../model/shape-index.js';
import { isTrack, relabelTrack } from '../model/video-edit.js';
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

/**
 * Pastes the clipboard as new annotations (one undo step), 10 px off, and selects them; false when
 * empty. A copy from a layer with another ontology can carry a label this one lacks: such an object
 * takes the label new annotations get here (LayerStore.newLabel of the current label, as a drawn
 * one; a video track on every frame, as a relabel does), and the layer says so ("Pasted 2: label
 * truck not in this ontology, made Car"), on the picture too. With no label to give (an ontology
 * without labels) those objects are not pasted, as nothing is drawn, and it says that instead ("…,
 * not pasted"; "Not made: the ontology has no labels" when nothing is left to paste). Notes keep
 * theirs (a note's label is no ontology's).
 */
export function paste(ctx: ToolContext): boolean {
  if (!clipboard.length) return false;
  const { store } = ctx;
  const keys: string[] = [];
  const fallback = store.newLabel(ctx.settings.label);
  const foreign = new Set<string>();
  const sources = clipboard.filter((src) => {
    if (!isObjectType(src.type) || store.newLabel(src.label) !== null) return true;
    foreign.add(String(src.label));
    return fallback !== null;
  });
  // Shown on the layer as well as announced (refusals and relabels are seen, not only heard).
  if (!sources.length) {
    ctx.notify(msg('annotationLayer.notMade.noLabels'));
    return true;
  }
  const video = ctx.video();
  const edits = sources.map((src, i) => {
    const key = store.annotations.newKey();
    keys.push(key);
    const sys = { ...(src.metadata?.system ?? {}), clientId: `dlkit-paste-${Date.now().toString(36)}-${i}` };
    const a: AnnotationJson = { ...structuredClone(src), id: null, metadata: { ...src.metadata, system: sys } };
    if (fallback !== null && isObjectType(a.type) && store.newLabel(a.label) === null) {
      a.label = fallback;
      // A track carries its label in every frame snapshot too: relabel them all (else the foreign
      // label comes back on its key frames). JSON the entities cannot read keeps its frames as they were.
      if (video && isTrack(a))
        try {
          Object.assign(a, relabelTrack(a, fallback, video), { id: null });
        } catch {
          // left as it is: the host refuses edits of a track it cannot read
        }
    }
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
  store.annotations.edit(edits, { action: { kind: 'paste' } });
  ctx.commit.select(keys, true);
  // Shown too: the picture kept the last undo's words ("Redone: create Road polygon") otherwise.
  if (!foreign.size) ctx.notify(msg('annotationLayer.pasted', { count: keys.length }));
  else {
    const from = msg('annotationLayer.foreignLabels', { count: foreign.size, labels: [...foreign].join(', ') });
    ctx.notify(
      fallback === null
        ? msg('annotationLayer.pastedSkipped', { count: keys.length, from })
        : msg('annotationLayer.pastedRelabelled', { count: keys.length, from, label: store.displayName(fallback) }),
    );
  }
  return true;
}
