// The frame of every toolbar icon: 16×16, stroked in the current colour (font glyphs for these are
// missing on many systems).
import { svg, type TemplateResult } from 'lit';

/** A toolbar icon from its SVG body. */
export const toolIcon = (body: TemplateResult): TemplateResult =>
  svg`<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round">${body}</svg>`;
