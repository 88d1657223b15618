import { DlAttributeEditor } from './attribute-editor.js';

/** Registers `<dl-attribute-editor>` (no error if the tag is already defined). */
export function defineAttributeEditor(): void {
  if (!customElements.get('dl-attribute-editor')) customElements.define('dl-attribute-editor', DlAttributeEditor);
}
defineAttributeEditor();

declare global {
  interface HTMLElementTagNameMap {
    'dl-attribute-editor': DlAttributeEditor;
  }
}

export { DlAttributeEditor };
