// Media and key-frame icons (timeline, viewer video controls) as inline SVG: font glyphs for media symbols are missing on many systems.
import { svg, type TemplateResult } from 'lit';

const wrap = (body: TemplateResult) =>
  svg`<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round">${body}</svg>`;
const diamond = svg`<path d="M6 3l4 4-4 4-4-4z" fill="currentColor" stroke="none"></path>`;

/** Names of the timeline's icons. */
export type MediaIcon =
  | 'play'
  | 'pause'
  | 'prev'
  | 'next'
  | 'prev-key'
  | 'next-key'
  | 'insert'
  | 'delete'
  | 'copy-next'
  | 'hide'
  | 'show'
  | 'end'
  | 'split'
  | 'merge';

/** The icon `name`. */
export function mediaIcon(name: MediaIcon): TemplateResult {
  switch (name) {
    case 'play':
      return wrap(svg`<path d="M4 2.5l9 5.5-9 5.5z" fill="currentColor"></path>`);
    case 'pause':
      return wrap(svg`<path d="M5 3v10M11 3v10" stroke-width="2.5"></path>`);
    case 'prev':
      return wrap(svg`<path d="M3.5 3v10"></path><path d="M13 3l-7 5 7 5z" fill="currentColor"></path>`);
    case 'next':
      return wrap(svg`<path d="M12.5 3v10"></path><path d="M3 3l7 5-7 5z" fill="currentColor"></path>`);
    case 'prev-key':
      return wrap(
        svg`<path d="M5.5 3.5L2 8l3.5 4.5"></path><path d="M10.5 4l4 4-4 4-4-4z" fill="currentColor" stroke="none"></path>`,
      );
    case 'next-key':
      return wrap(
        svg`<path d="M10.5 3.5L14 8l-3.5 4.5"></path><path d="M5.5 4l4 4-4 4-4-4z" fill="currentColor" stroke="none"></path>`,
      );
    case 'insert':
      return wrap(svg`${diamond}<path d="M12.5 9.5v5M10 12h5"></path>`);
    case 'delete':
      return wrap(svg`${diamond}<path d="M10 12h5"></path>`);
    case 'copy-next':
      return wrap(
        svg`<rect x="1.5" y="4" width="6" height="7" rx="1"></rect><path d="M9.5 7.5h5M12.5 5.5l2 2-2 2"></path>`,
      );
    case 'hide':
      return wrap(
        svg`<path d="M1.5 8s2.5-4.5 6.5-4.5S14.5 8 14.5 8 12 12.5 8 12.5 1.5 8 1.5 8z"></path><path d="M2.5 13.5l11-11"></path>`,
      );
    case 'show':
      return wrap(
        svg`<path d="M1.5 8s2.5-4.5 6.5-4.5S14.5 8 14.5 8 12 12.5 8 12.5 1.5 8 1.5 8z"></path><circle cx="8" cy="8" r="2" fill="currentColor"></circle>`,
      );
    case 'end':
      return wrap(svg`<path d="M2 8h8M7.5 5l3 3-3 3M13.5 3v10"></path>`);
    case 'split':
      return wrap(svg`<path d="M8 1.5v13" stroke-dasharray="2 2"></path><path d="M1.5 8h4M10.5 8h4"></path>`);
    case 'merge':
      return wrap(svg`<path d="M1.5 5h4l3 3-3 3h-4M14.5 8h-6"></path>`);
  }
}
