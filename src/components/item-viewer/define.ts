import { DlItemViewer } from './item-viewer.js';

/** Registers `<dl-item-viewer>` (no error if the tag is already defined). */
export function defineItemViewer(): void {
  if (!customElements.get('dl-item-viewer')) customElements.define('dl-item-viewer', DlItemViewer);
}
defineItemViewer();

declare global {
  interface HTMLElementTagNameMap {
    'dl-item-viewer': DlItemViewer;
  }
}

export { DlItemViewer };
