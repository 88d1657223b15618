import { defineStrings } from '../strings.js';

/** Default messages of <dl-item-viewer> (translate with `setStrings`). */
export const viewerStrings = defineStrings({
  'itemViewer.label':
    'Item viewer. Plus and minus zoom, Shift+2 fits, Shift+1 shows 1:1, arrows pan, hold space and drag to pan.',
  'itemViewer.zoomIn': 'Zoom in',
  'itemViewer.zoomOut': 'Zoom out',
  'itemViewer.fit': 'Fit',
  'itemViewer.actualSize': '1:1',
  'itemViewer.zoomLevel': '{percent}%',
  'itemViewer.play': 'Play',
  'itemViewer.pause': 'Pause',
  'itemViewer.prevFrame': 'Previous frame',
  'itemViewer.nextFrame': 'Next frame',
  'itemViewer.seek': 'Frame',
  // `{time}` is m:ss.cc, as `<dl-timeline>` writes it (`timeline.frameTime`): one format on a page.
  'itemViewer.frameTime': 'Frame {frame} / {last} · {time}',
  // The readout in a narrow viewer (the video bar then has no room for the long one).
  'itemViewer.frameShort': '{frame}/{last}',
  'itemViewer.noSource': 'Nothing to show: set src, blob, or item and client',
});
