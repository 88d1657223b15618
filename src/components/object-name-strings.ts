import { defineStrings } from './strings.js';

/** Default message of {@link objectName} (translate with `setStrings`). */
export const objectNameStrings = defineStrings({
  'object.name': '{label} #{objectId}',
});
