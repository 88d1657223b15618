// Polygon: click the vertices; Enter, a double click or a click on the first vertex closes it.
import { svg } from 'lit';
import { defineTool } from '../tool.js';
import { toolIcon } from './icon.js';
import { PathDraftTool } from './path-draft.js';

/** Polygon (P). */
export const polygonTool = defineTool({
  id: 'polygon',
  key: 'p',
  name: 'Polygon',
  cursor: 'crosshair',
  draws: true,
  icon: toolIcon(svg`<path d="M8 2l6 4.5-2.5 7h-7L2 6.5z"></path>`),
  create: (ctx) => new PathDraftTool(ctx, 'polygon'),
});
