// Default messages of the assisted tools (magic wand, box to object, intelligent scissors, watershed):
// their option bars, progress and announcements. Translatable with `setStrings`.
import { defineStrings } from '../../../strings.js';

const plural = (one: string, many: string) => (p: Readonly<Record<string, string | number>>) =>
  (Number(p.count) === 1 ? one : many).replace('{count}', String(p.count));

/** The assisted tools' default strings. */
export const assistStrings = defineStrings({
  'annotationLayer.toolOptions': 'Tool options',
  'annotationLayer.assist.starting': 'Loading OpenCV…',
  'annotationLayer.assist.image': 'Preparing the image…',
  'annotationLayer.assist.running': 'Working…',
  'annotationLayer.assist.steps': 'Working… {done}/{total}',
  'annotationLayer.assist.failed': 'The assisted tool failed: {message}',
  'annotationLayer.assist.unavailable': 'Assisted tools need dl-kit’s workers (import "dl-kit" on the page)',
  'annotationLayer.assist.noImage': 'The image is not loaded yet',
  'annotationLayer.assist.video': 'Assisted tools work on images, not videos',
  'annotationLayer.assist.cancelled': 'Cancelled',
  'annotationLayer.assist.nothing': 'Nothing found there',
  'annotationLayer.assist.output': 'Output',
  'annotationLayer.assist.asMask': 'Mask',
  'annotationLayer.assist.asPolygon': 'Polygon',
  'annotationLayer.assist.strokes': 'Strokes',
  'annotationLayer.assist.object': 'Object',
  'annotationLayer.assist.background': 'Background',
  'annotationLayer.wand.tolerance': 'Tolerance',
  'annotationLayer.wand.toleranceValue': 'Tolerance {value}',
  'annotationLayer.wand.less': 'Lower tolerance ([)',
  'annotationLayer.wand.more': 'Higher tolerance (])',
  'annotationLayer.wand.hint': 'Click a region · Shift adds, Alt subtracts · [ ] or Shift+wheel: tolerance',
  'annotationLayer.wand.noTarget': 'Select a mask or polygon first to subtract from it',
  'annotationLayer.wand.added': 'Added to the selection',
  'annotationLayer.wand.subtracted': 'Subtracted from the selection',
  'annotationLayer.grabcut.hint':
    'Drag a box around the object · then strokes inside refine it (Q switches, Alt: the other kind) · Ctrl+Z takes back a stroke, Ctrl+Shift+Z puts it back · Enter done',
  'annotationLayer.grabcut.refined': 'Refined',
  'annotationLayer.grabcut.done': 'Done; drag a new box for the next object',
  'annotationLayer.grabcut.strokeKind': 'Strokes: {kind}',
  'annotationLayer.scissors.hint':
    'Click points along an edge · Enter closes · Backspace or Ctrl+Z removes the last point, Ctrl+Shift+Z puts it back · Esc cancels',
  'annotationLayer.scissors.points': plural('{count} point', '{count} points'),
  'annotationLayer.watershed.hint':
    'Scribble each object with its label (1–9 or the picker), the rest as background (Q or Alt) · Ctrl+Z takes back a stroke, Ctrl+Shift+Z puts it back · Enter makes the masks',
  'annotationLayer.watershed.run': 'Make masks (Enter)',
  'annotationLayer.watershed.clear': 'Clear strokes',
  'annotationLayer.watershed.needTwo': 'Scribble at least two labels (or a label and the background)',
  'annotationLayer.watershed.strokeLabel': 'Stroke: {label}',
  'annotationLayer.watershed.strokes': plural('{count} stroke', '{count} strokes'),
});
