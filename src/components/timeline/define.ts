import { DlTimeline } from './timeline.js';

/** Registers `<dl-timeline>` (no error if the tag is already defined). */
export function defineTimeline(): void {
  if (!customElements.get('dl-timeline')) customElements.define('dl-timeline', DlTimeline);
}
defineTimeline();

declare global {
  interface HTMLElementTagNameMap {
    'dl-timeline': DlTimeline;
  }
}

export { DlTimeline };
