// Point: each click adds a key point.
import { svg } from 'lit';
import { pointCoordinates } from '../../../../entities/annotations/shape-coordinates.js';
import { clampPoint } from '../inside.js';
import { defineTool } from '../tool.js';
import { toolIcon } from './icon.js';

/** Point (O). */
export const pointTool = defineTool({
  id: 'point',
  key: 'o',
  name: 'Point',
  cursor: 'crosshair',
  draws: true,
  icon: toolIcon(svg`<circle cx="8" cy="8" r="2.5" fill="currentColor"></circle>`),
  create: (ctx) => ({
    down(p) {
      p.claim();
      const at = clampPoint(ctx.store, p.x, p.y);
      ctx.commit.create('point', pointCoordinates(at.x, at.y));
      return undefined;
    },
  }),
});
