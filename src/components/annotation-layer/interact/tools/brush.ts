// Brush: paint the selected mask, or a new one in the active label.
import { svg } from 'lit';
import { defineTool } from '../tool.js';
import { toolIcon } from './icon.js';
import { MaskStrokeTool } from './mask-stroke.js';

/** Brush (B); `[` and `]` change its size. */
export const brushTool = defineTool({
  id: 'brush',
  key: 'b',
  name: 'Brush',
  cursor: 'cell',
  icon: toolIcon(
    svg`<path d="M13.5 2.5l-7 7"></path><path d="M6.5 9.5c-2 0-3 1.5-3 4 2.5 0 4-1 4-3z" fill="currentColor"></path>`,
  ),
  create: (ctx) => new MaskStrokeTool(ctx, 1),
});
