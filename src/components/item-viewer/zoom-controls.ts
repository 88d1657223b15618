// The viewer's zoom buttons (the `controls` part): zoom level, zoom out/in, fit, 1:1. A template
// function apart from item-viewer.ts so the element's render reads as its parts; it sees the
// viewer only through the three zoom methods the buttons call.
import { html, type TemplateResult } from 'lit';
import { withKey } from '../internal/key-spec.js';
import { msg } from '../strings.js';
import { viewerKeysOf } from './viewer-keys.js';

/** Internal: the viewer methods the zoom buttons call (all as the user: `byUser` true). */
export interface ZoomTarget {
  zoomBy(factor: number, sx?: number, sy?: number, byUser?: boolean): void;
  fit(byUser?: boolean): void;
  zoomTo(scale: number, byUser?: boolean): void;
}

/** Internal: the `controls` part for a view at `percent` % zoom. */
export function zoomControls(viewer: ZoomTarget, percent: number): TemplateResult {
  // A mouse press on the zoom buttons leaves the focus where it is (the annotation layer keeps its
  // shortcuts); Tab still reaches them.
  return html`<div part="controls" class="controls" @mousedown=${(e: MouseEvent) => e.preventDefault()}>
            <span class="zoom" aria-live="polite">${msg('itemViewer.zoomLevel', { percent })}</span>
            <button title=${withKey(msg('itemViewer.zoomOut'), viewerKeysOf('zoomOut'))} aria-label=${msg('itemViewer.zoomOut')} @click=${() => viewer.zoomBy(1 / 1.25, undefined, undefined, true)}>−</button>
            <button title=${withKey(msg('itemViewer.zoomIn'), viewerKeysOf('zoomIn'))} aria-label=${msg('itemViewer.zoomIn')} @click=${() => viewer.zoomBy(1.25, undefined, undefined, true)}>+</button>
            <button data-zoom="fit" title=${withKey(msg('itemViewer.key.fit'), viewerKeysOf('fit'))} @click=${() => viewer.fit(true)}>${msg('itemViewer.fit')}</button>
            <button data-zoom="actual" title=${withKey(msg('itemViewer.key.actualSize'), viewerKeysOf('actualSize'))} @click=${() => viewer.zoomTo(1, true)}>${msg('itemViewer.actualSize')}</button>
          </div>`;
}
