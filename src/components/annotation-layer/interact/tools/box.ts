// Box: drag a rectangle, get an axis-aligned box.
import { svg } from 'lit';
import { boxCoordinates } from '../../../../entities/annotations/shape-coordinates.js';
import { defineTool } from '../tool.js';
import { toolIcon } from './icon.js';
import { rectDrag } from './rect-drag.js';

/** Box (R). */
export const boxTool = defineTool({
  id: 'box',
  key: 'r',
  name: 'Box',
  cursor: 'crosshair',
  draws: true,
  icon: toolIcon(svg`<rect x="2.5" y="3.5" width="11" height="9"></rect>`),
  create: (ctx) => ({
    down(p) {
      p.claim();
      return rectDrag(ctx, p, 'rect', (left, top, right, bottom) =>
        ctx.commit.create('box', boxCoordinates({ left, top, right, bottom, angle: 0 })),
      );
    },
  }),
});
