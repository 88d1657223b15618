// Why two tracks do not merge, in one wording wherever it is said: the layer's Shift+M and the
// timeline's Merge button (its tooltip and `m`). Before, each had its own text for one refusal, so a
// screen-reader user heard two phrasings. The rule itself is the entities' (`mergeRefusalOf`).
import type { MergeRefusal } from '../entities/annotations/track-edit.js';
import { defineStrings, msg } from './strings.js';

/** Default messages of {@link mergeRefusalText} (translate with `setStrings`). */
export const mergeRefusalStrings = defineStrings({
  // Kept short: the timeline shows it in the Merge button's tooltip. `{a}`, `{b}` are label names.
  'merge.refused.label': 'Only tracks of one label merge: {a} and {b} are two objects',
  // `{a}`, `{b}` are shape types (box, polygon, …).
  'merge.refused.type': 'Only tracks of one shape merge: {a} and {b} differ',
  'merge.refused.overlap': (p) =>
    `Both tracks show an object on ${p.from === p.to ? `frame ${p.from}` : `frames ${p.from}–${p.to}`}: end one before the other starts`,
});

/**
 * The words for `refusal` (see `mergeRefusalOf`); `name` gives a label's display name.
 *
 * @example
 * mergeRefusalText({ kind: 'overlap', first: 70, last: 80 }, (l) => l)
 * // "Both tracks show an object on frames 70–80: end one before the other starts"
 */
export function mergeRefusalText(refusal: MergeRefusal, name: (label: string) => string): string {
  switch (refusal.kind) {
    case 'label':
      return msg('merge.refused.label', { a: name(refusal.a), b: name(refusal.b) });
    case 'type':
      return msg('merge.refused.type', { a: refusal.a, b: refusal.b });
    case 'overlap':
      return msg('merge.refused.overlap', { from: refusal.first, to: refusal.last });
  }
}
