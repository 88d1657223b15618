// The tracker's bar, at the bottom of the layer: while "track forward" runs, what it is doing
// (decoding frames, then tracking), a progress element and a Cancel button (Esc does the same); when
// the run has ended, its result ("Tracked 12 frames (13–24)", "Stopped at frame 20: object lost ...",
// cancelled, failed) with a Close button (Esc does the same), until closed, the next edit or run.
import { html, nothing } from 'lit';
import { msg } from '../../strings.js';
import { resultText, type TrackForward } from '../interact/track-forward.js';

/** The bar of `tracker`: its running run, else its last run's result, else nothing. */
export function renderTrackingBar(tracker: TrackForward) {
  const s = tracker.status;
  const r = tracker.result;
  if (!s && r)
    return html`<div class="tracking result ${r.kind}" part="tracking" role="group" aria-label=${msg('annotationLayer.trackingLabel')}>
      <span>${resultText(r)}</span>
      <button type="button" data-action="tracking-close" @click=${() => tracker.dismiss()}>${msg('annotationLayer.trackingClose')}</button>
    </div>`;
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
