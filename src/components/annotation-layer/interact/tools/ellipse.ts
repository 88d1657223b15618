// Ellipse: drag its bounding rectangle, get an unrotated ellipse.
import { svg } from 'lit';
import { ellipseCoordinates } from '../../../../entities/annotations/shape-coordinates.js';
import { defineTool } from '../tool.js';
import { toolIcon } from './icon.js';
import { rectDrag } from './rect-drag.js';

/** Ellipse (E). */
export const ellipseTool = defineTool({
  id: 'ellipse',
  key: 'e',
  name: 'Ellipse',
  cursor: 'crosshair',
  draws: true,
  icon: toolIcon(svg`<ellipse cx="8" cy="8" rx="6" ry="4"></ellipse>`),
  create: (ctx) => ({
    down(p) {
      p.claim();
      return rectDrag(ctx, p, 'ellipse', (x0, y0, x1, y1) =>
        ctx.commit.create(
          'ellipse',
          ellipseCoordinates({ x: (x0 + x1) / 2, y: (y0 + y1) / 2, rx: (x1 - x0) / 2, ry: (y1 - y0) / 2, angle: 0 }),
        ),
      );
    },
  }),
});
