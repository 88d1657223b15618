import { DlLabelPicker } from './label-picker.js';

/** Registers `<dl-label-picker>` (no error if the tag is already defined). */
export function defineLabelPicker(): void {
  if (!customElements.get('dl-label-picker')) customElements.define('dl-label-picker', DlLabelPicker);
}
defineLabelPicker();

declare global {
  interface HTMLElementTagNameMap {
    'dl-label-picker': DlLabelPicker;
  }
}

export { DlLabelPicker };
