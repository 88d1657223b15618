import { DlAnnotationLayer } from './annotation-layer.js';

/** Registers `<dl-annotation-layer>` (no error if the tag is already defined). */
export function defineAnnotationLayer(): void {
  if (!customElements.get('dl-annotation-layer')) customElements.define('dl-annotation-layer', DlAnnotationLayer);
}
defineAnnotationLayer();

declare global {
  interface HTMLElementTagNameMap {
    'dl-annotation-layer': DlAnnotationLayer;
  }
}

export { DlAnnotationLayer };
