// Polyline: click the vertices; Enter or a double click ends it.
import { svg } from 'lit';
import { defineTool } from '../tool.js';
import { toolIcon } from './icon.js';
import { PathDraftTool } from './path-draft.js';

/** Polyline (L). */
export const polylineTool = defineTool({
  id: 'polyline',
  key: 'l',
  name: 'Polyline',
  cursor: 'crosshair',
  draws: true,
  icon: toolIcon(svg`<path d="M2 12l4-7 4 5 4-7"></path>`),
  create: (ctx) => new PathDraftTool(ctx, 'polyline'),
});
