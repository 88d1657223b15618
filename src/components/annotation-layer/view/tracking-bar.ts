// The tracker's progress bar, at the bottom of the layer while "track forward" runs: what it is doing
// (decoding frames, then tracking), a progress element and a Cancel button (Esc does the same).
import { html, nothing } from 'lit';
import { msg } from '../../strings.js';
import type { TrackForward } from '../interact/track-forward.js';

/** The bar of `tracker`'s running run, or nothing when idle. */
export function renderTrackingBar(tracker: TrackForward) {
  const s = tracker.status;
  if (!s) return nothing;
  // Decoding and tracking are two halves of one bar.
  const value = s.phase === 'decode' ? s.done / s.total / 2 : 0.5 + s.done / s.total / 2;
  const text =
    s.phase === 'decode'
      ? msg('annotationLayer.trackingDecode', { done: s.done, total: s.total })
      : msg('annotationLayer.tracking', { done: s.done, total: s.total });
  return html`<div class="tracking" part="tracking" role="group" aria-label=${msg('annotationLayer.trackingLabel')}>
    <progress max="1" .value=${value} aria-label=${text}></progress>
    <span>${text}</span>
    <button type="button" @click=${() => tracker.cancel()}>${msg('annotationLayer.trackingCancel')}</button>
  </div>`;
}
