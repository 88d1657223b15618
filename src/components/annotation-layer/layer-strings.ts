import { defineStrings } from '../strings.js';

const plural = (one: string, many: string) => (p: Readonly<Record<string, string | number>>) =>
  (Number(p.count) === 1 ? one : many).replace('{count}', String(p.count));

/**
 * Default messages of <dl-annotation-layer> (translate with `setStrings`). The tool names and the
 * layer's accessible description come from the tool table (`interact/tools/registry.ts`).
 */
export const layerStrings = defineStrings({
  'annotationLayer.tools': 'Tools',
  'annotationLayer.objects': 'Objects',
  'annotationLayer.objectsToggle': 'Objects ({count})',
  'annotationLayer.classifications': 'Classifications',
  'annotationLayer.noObjects': 'No annotations',
  'annotationLayer.created': 'Created {label} {type}',
  'annotationLayer.deleted': plural('Deleted {count} annotation', 'Deleted {count} annotations'),
  'annotationLayer.selected': plural('{count} selected', '{count} selected'),
  'annotationLayer.selectedOne': 'Selected {label} {type}',
  'annotationLayer.selectionCleared': 'Selection cleared',
  'annotationLayer.undo': 'Undone',
  'annotationLayer.redo': 'Redone',
  'annotationLayer.nothingToUndo': 'Nothing to undo',
  'annotationLayer.copied': plural('Copied {count} annotation', 'Copied {count} annotations'),
  'annotationLayer.pasted': plural('Pasted {count} annotation', 'Pasted {count} annotations'),
  'annotationLayer.moved': 'Moved',
  'annotationLayer.toolChanged': 'Tool: {tool}',
  'annotationLayer.polygonPoints': '{count} points; Enter closes, Escape cancels',
  'annotationLayer.delete': 'Delete',
  'annotationLayer.label.active': 'Label for new annotations',
  'annotationLayer.toPolygons': 'Mask to polygons',
  'annotationLayer.boxFromMask': 'Box from mask',
  'annotationLayer.toMask': 'Polygon to mask',
  'annotationLayer.converting': 'Converting…',
  'annotationLayer.converted': plural('Created {count} annotation', 'Created {count} annotations'),
  'annotationLayer.conversionFailed': 'Conversion failed: {message}',
  'annotationLayer.relabelled': 'Label set to {label}',
});
