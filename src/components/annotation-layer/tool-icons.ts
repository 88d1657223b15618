// Toolbar icons as inline SVG (font glyphs for these are missing on many systems).
import { svg, type TemplateResult } from 'lit';
import type { LayerTool } from './annotation-layer.js';

const wrap = (body: TemplateResult) =>
  svg`<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round">${body}</svg>`;

/** The icon of a tool. */
export function toolIcon(t: LayerTool): TemplateResult {
  switch (t) {
    case 'select':
      return wrap(svg`<path d="M3 2l9 6-4 1 2 4-2 1-2-4-3 3z" fill="currentColor" stroke="none"></path>`);
    case 'box':
      return wrap(svg`<rect x="2.5" y="3.5" width="11" height="9"></rect>`);
    case 'polygon':
      return wrap(svg`<path d="M8 2l6 4.5-2.5 7h-7L2 6.5z"></path>`);
    case 'polyline':
      return wrap(svg`<path d="M2 12l4-7 4 5 4-7"></path>`);
    case 'point':
      return wrap(svg`<circle cx="8" cy="8" r="2.5" fill="currentColor"></circle>`);
    case 'ellipse':
      return wrap(svg`<ellipse cx="8" cy="8" rx="6" ry="4"></ellipse>`);
    case 'classification':
      return wrap(
        svg`<path d="M2 3h6l6 6-5 5-6-6z"></path><circle cx="5.5" cy="6" r="1" fill="currentColor"></circle>`,
      );
    case 'brush':
      return wrap(
        svg`<path d="M13.5 2.5l-7 7"></path><path d="M6.5 9.5c-2 0-3 1.5-3 4 2.5 0 4-1 4-3z" fill="currentColor"></path>`,
      );
    case 'eraser':
      return wrap(svg`<path d="M6 13l-3.5-3.5 7-7L14 7l-6 6z"></path><path d="M6 13h8"></path>`);
  }
}
