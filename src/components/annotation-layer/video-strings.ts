import { defineStrings } from '../strings.js';

/** Default messages of <dl-annotation-layer> on a video (translate with `setStrings`). */
export const layerVideoStrings = defineStrings({
  'annotationLayer.trackEditFailed': 'Cannot edit this track: {message}',
});
