// The one name of an object (a video track, or any annotation with an objectId) wherever it shows:
// the layer's object rows, its tag on the picture, the timeline's rows. Before, the timeline said
// "#1 car" (tag, id first) while the panel and the picture said "Car" (no id): two names for one box.
import './object-name-strings.js';
import { msg } from './strings.js';

/**
 * The name of an object as every component shows it: its label's display name, then `#objectId`
 * when it has one (`Car #1`); the label alone without one (`Car`). The form is the translatable
 * message `object.name` (`{label} #{objectId}`).
 *
 * @param label - The label as users read it (the ontology's display label, e.g. `Car`).
 * @param objectId - `metadata.system.objectId` (a track's id); `null`, `undefined` or `''` for none.
 *
 * @example
 * objectName('Car', '1')   // "Car #1"
 * objectName('Car', null)  // "Car"
 */
export function objectName(label: string, objectId?: string | number | null): string {
  if (objectId === null || objectId === undefined || objectId === '') return label;
  return msg('object.name', { label, objectId: String(objectId) });
}
