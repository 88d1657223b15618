// Names as users read them: the ontology's display label instead of the tag, and the everyday word
// for each Dataloop annotation type (polygon, mask...) instead of the type string.
import { msg } from '../../strings.js';

/** The word for annotation type `type` (`annotationLayer.type.<type>`, translatable); the type itself when unknown. */
export function typeWord(type: string): string {
  const key = `annotationLayer.type.${type}`;
  const word = msg(key);
  return word === key ? type : word;
}
