// Classification: picking the tool adds a class annotation (no geometry) with the active label and goes
// back to select. Set programmatically, it behaves as select without hover.
import { svg } from 'lit';
import { defineTool } from '../tool.js';
import { toolIcon } from './icon.js';
import { SelectTool } from './select.js';

/** Classification (C). */
export const classificationTool = defineTool({
  id: 'classification',
  key: 'c',
  name: 'Classification',
  icon: toolIcon(svg`<path d="M2 3h6l6 6-5 5-6-6z"></path><circle cx="5.5" cy="6" r="1" fill="currentColor"></circle>`),
  picked(ctx) {
    ctx.commit.create('class', undefined);
    return 'select';
  },
  create: (ctx) => new SelectTool(ctx, false),
});
