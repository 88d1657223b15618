import { css } from 'lit';

/** Styles of <dl-item-viewer>. */
export const itemViewerStyles = css`
  :host {
    display: block;
    position: relative;
    inline-size: 100%;
    block-size: 100%;
    min-block-size: 200px;
    overflow: hidden;
    background: var(--dl-item-viewer-background, var(--dl-color-surface));
    touch-action: none;
    user-select: none;
  }
  .base {
    position: absolute;
    inset: 0;
    outline: none;
  }
  .base.panning {
    cursor: grabbing;
  }
  .base.pan-ready {
    cursor: grab;
  }
  canvas {
    position: absolute;
    inset: 0;
    inline-size: 100%;
    block-size: 100%;
  }
  ::slotted(*) {
    position: absolute !important;
    inset: 0;
  }
  .status {
    position: absolute;
    inset-block-start: 50%;
    inset-inline: 0;
    text-align: center;
    color: var(--dl-color-text-muted);
    pointer-events: none;
  }
  .status.error {
    color: var(--dl-color-danger);
  }
  /*
   * The bottom band: the video bar (at the start) and the zoom controls (at the end) side by side,
   * and, in a box too narrow for both, the zoom controls on a row of their own above the video bar.
   * A size container, so the bar's parts follow the room the host page gives the viewer.
   */
  .bottom {
    position: absolute;
    inset-block-end: var(--dl-space-2);
    inset-inline: var(--dl-space-2);
    display: flex;
    flex-wrap: wrap-reverse;
    align-items: center;
    justify-content: flex-end;
    gap: var(--dl-space-1) var(--dl-space-2);
    container: dl-viewer-bottom / inline-size;
    pointer-events: none;
    z-index: 2;
  }
  .bottom > * {
    pointer-events: auto;
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: var(--dl-space-1);
    flex: none;
    max-inline-size: 100%;
    margin-inline-start: auto;
  }
  .video {
    /* grows into the band's room from its content's width (a 5rem slider and the readout, as
       long as a translation makes it): with less room beside it the zoom controls wrap above it */
    flex: 1 1 auto;
    min-inline-size: 0;
    display: flex;
    align-items: center;
    gap: var(--dl-space-2);
    background: var(--dl-color-surface-raised);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-md);
    padding: var(--dl-space-1) var(--dl-space-2);
  }
  .video input[type='range'] {
    flex: 1 1 auto;
    inline-size: 5rem;
    min-inline-size: 3rem;
    margin: 0;
  }
  .video button {
    flex: none;
  }
  .controls button,
  .video button {
    min-inline-size: 2rem;
    block-size: 2rem;
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-sm);
    background: var(--dl-color-surface-raised);
    cursor: pointer;
  }
  .video button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    color: var(--dl-color-text);
  }
  .controls button:hover,
  .video button:hover {
    background: var(--dl-color-hover);
  }
  .zoom {
    align-self: center;
    font-size: var(--dl-font-size-sm);
    font-variant-numeric: tabular-nums;
    color: var(--dl-color-text);
    /* Readable over any image: the readout sits on its own chip, like the buttons next to it. */
    background: var(--dl-color-surface-raised);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-sm);
    padding-block: 2px;
    padding-inline: var(--dl-space-2);
    min-inline-size: 3.5rem;
    text-align: end;
  }
  .time {
    flex: none;
    font-family: var(--dl-font-family-mono);
    font-size: var(--dl-font-size-sm);
    white-space: nowrap;
  }
  .time.short {
    display: none;
  }
  /* In a narrow band "Frame 70 / 89 · 0:02.33" leaves the seek slider no room: "70/89" instead. */
  @container dl-viewer-bottom (max-width: 30rem) {
    .time:not(.short) {
      display: none;
    }
    .time.short {
      display: inline;
    }
    .video {
      gap: var(--dl-space-1);
      padding-inline: var(--dl-space-1);
    }
  }
`;
