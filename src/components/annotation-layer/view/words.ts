// Names as users read them: the ontology's display label instead of the tag, and the everyday word
// for each Dataloop annotation type (polygon, mask...) instead of the type string.
import { msg } from '../../strings.js';
import type { StepAction } from '../model/annotation-store.js';
import type { LayerStore } from '../model/layer-store.js';

/** The word for annotation type `type` (`annotationLayer.type.<type>`, translatable); the type itself when unknown. */
export function typeWord(type: string): string {
  const key = `annotationLayer.type.${type}`;
  const word = msg(key);
  return word === key ? type : word;
}

/** The plural word for annotation type `type` (`annotationLayer.types.<type>`): "polygons"; else its word. */
export function typesWord(type: string): string {
  const key = `annotationLayer.types.${type}`;
  const word = msg(key);
  return word === key ? typeWord(type) : word;
}

/** One annotation's change in an undo step (`before` null: created, `after` null: deleted). */
interface StepChange {
  before: { label: string; type: string; coordinates?: unknown; metadata?: unknown } | null;
  after: { label: string; type: string; coordinates?: unknown; metadata?: unknown } | null;
}

const attributesOf = (a: { metadata?: unknown }) =>
  (a.metadata as { system?: { attributes?: unknown } } | undefined)?.system?.attributes;

/**
 * What an undo step did, in words for "Undone: …" / "Redone: …" (as CVAT names the action in its
 * undo button's tooltip): "create Person polygon", "delete 3 objects", "relabel box as Car",
 * "edit attributes of Car box", "edit Car box", "merge 2 tracks into Car box", "convert Car mask to
 * 3 polygons", "refine Car mask" (a pixels-only step). `changes` as the step made them (not
 * inverted); `action` what the step said it was; `name` gives a label tag's display name; `current`
 * an annotation's JSON now (a pixels-only step names the mask as it is).
 */
export function stepWords(
  changes: readonly StepChange[],
  name: (tag: string) => string,
  action?: StepAction,
  current?: (key: string) => { label: string; type: string } | undefined,
): string {
  if (action?.kind === 'pixels') {
    const a = current?.(action.key);
    if (a) return msg(`annotationLayer.step.${action.how}`, { label: name(a.label), type: typeWord(a.type) });
  }
  // only pixels changed (a mask patch), and the step did not say how: no annotation was created
  if (!changes.length) return msg('annotationLayer.step.pixels');
  if (action?.kind === 'merge') {
    const into = changes.find((c) => c.before && c.after)?.after;
    if (into)
      return msg('annotationLayer.step.merge', {
        count: changes.length,
        label: name(into.label),
        type: typeWord(into.type),
      });
  }
  if (action?.kind === 'paste')
    return msg('annotationLayer.step.paste', { count: changes.filter((c) => c.after).length });
  if (action?.kind === 'track') {
    const what = msg(`annotationLayer.step.track.${action.action}`, { frame: action.frame });
    const tracks = changes.filter((c) => c.before);
    const t = tracks.length === 1 ? (tracks[0]!.after ?? tracks[0]!.before)! : null;
    return t ? msg('annotationLayer.step.trackOf', { what, label: name(t.label), type: typeWord(t.type) }) : what;
  }
  if (action?.kind === 'convert') {
    const made = changes.filter((c) => c.after).map((c) => c.after!);
    const to = made[0]?.type;
    if (to && made.every((m) => m.type === to))
      return msg('annotationLayer.step.convert', {
        count: made.length,
        label: name(action.from.label),
        type: typeWord(action.from.type),
        to: made.length === 1 ? typeWord(to) : typesWord(to),
      });
  }
  const count = changes.length;
  const one = count === 1 ? changes[0]! : null;
  const a = one ? (one.after ?? one.before)! : null;
  const what: Record<string, string | number> = a ? { label: name(a.label), type: typeWord(a.type), count } : { count };
  if (changes.every((c) => !c.before))
    return msg(a ? 'annotationLayer.step.create' : 'annotationLayer.step.createMany', what);
  if (changes.every((c) => !c.after))
    return msg(a ? 'annotationLayer.step.delete' : 'annotationLayer.step.deleteMany', what);
  if (
    changes.every(
      (c) => c.before && c.after && c.before.label !== c.after.label && c.before.coordinates === c.after.coordinates,
    )
  )
    return msg(a ? 'annotationLayer.step.relabel' : 'annotationLayer.step.relabelMany', what);
  if (
    a &&
    one!.before &&
    one!.after &&
    one!.before.coordinates === one!.after.coordinates &&
    attributesOf(one!.before) !== attributesOf(one!.after)
  )
    return msg('annotationLayer.step.attributes', what);
  return msg(a ? 'annotationLayer.step.edit' : 'annotationLayer.step.editMany', what);
}

/**
 * The type word of object `key` as its object-list row shows it: "box", with its ordinal among the
 * listed objects of the same name and type where another shares both ("box 2", LayerStore.ordinal),
 * so two plain Car boxes read "Car box 1" and "Car box 2", not twice "Car box".
 */
export function rowKind(store: LayerStore, key: string): string {
  const word = typeWord(store.shapes.typeAt(key) ?? store.json(key)?.type ?? '');
  const n = store.ordinal(key);
  return n ? msg('annotationLayer.rowKind', { type: word, n }) : word;
}
