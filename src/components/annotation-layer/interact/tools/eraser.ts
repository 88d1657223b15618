// Eraser: clear pixels of the selected mask.
import { svg } from 'lit';
import { defineTool } from '../tool.js';
import { toolIcon } from './icon.js';
import { MaskStrokeTool } from './mask-stroke.js';

/** Eraser (X). */
export const eraserTool = defineTool({
  id: 'eraser',
  key: 'x',
  name: 'Eraser',
  cursor: 'cell',
  icon: toolIcon(svg`<path d="M6 13l-3.5-3.5 7-7L14 7l-6 6z"></path><path d="M6 13h8"></path>`),
  create: (ctx) => new MaskStrokeTool(ctx, 0),
});
