// THE tool table: toolbar order, hotkeys, strings and cursors all come from here. Adding a tool is
// one file exporting a `defineTool({...})` and one line below (see ../../README.md).
import { defineStrings } from '../../../strings.js';
import { boxTool } from './box.js';
import { brushTool } from './brush.js';
import { classificationTool } from './classification.js';
import { ellipseTool } from './ellipse.js';
import { eraserTool } from './eraser.js';
import { grabCutTool } from './grab-cut.js';
import { magicWandTool } from './magic-wand.js';
import { pointTool } from './point.js';
import { polygonTool } from './polygon.js';
import { polylineTool } from './polyline.js';
import { scissorsTool } from './scissors.js';
import { selectTool } from './select.js';
import { watershedTool } from './watershed.js';

/** The layer's tools in toolbar order. */
export const TOOLS = [
  selectTool,
  boxTool,
  polygonTool,
  polylineTool,
  pointTool,
  ellipseTool,
  classificationTool,
  brushTool,
  eraserTool,
  magicWandTool,
  grabCutTool,
  scissorsTool,
  watershedTool,
] as const;

/** The layer's tools. */
export type LayerTool = (typeof TOOLS)[number]['id'];

/** The definition of tool `id` (undefined for an unknown id). */
export function toolById(id: string): (typeof TOOLS)[number] | undefined {
  return TOOLS.find((t) => t.id === id);
}

/**
 * The default strings the table implies: each tool's tooltip `Name (K)` under
 * `annotationLayer.tool.<id>`, and the layer's accessible description listing every hotkey.
 */
export const toolStrings = defineStrings({
  'annotationLayer.label': `Annotations. Tools: ${TOOLS.map((t) => `${t.key.toUpperCase()} ${t.name.toLowerCase()}`).join(', ')}. Digits 1 to 9 set the label, arrows nudge, Delete removes, Ctrl+Z undoes; the object list lists every shape.`,
  ...Object.fromEntries(TOOLS.map((t) => [`annotationLayer.tool.${t.id}`, `${t.name} (${t.key.toUpperCase()})`])),
});
