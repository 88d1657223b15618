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
  .controls {
    position: absolute;
    inset-block-end: var(--dl-space-2);
    inset-inline-end: var(--dl-space-2);
    display: flex;
    gap: var(--dl-space-1);
    z-index: 2;
  }
  .video {
    position: absolute;
    inset-block-end: var(--dl-space-2);
    inset-inline-start: var(--dl-space-2);
    inset-inline-end: 14.5rem;
    display: flex;
    align-items: center;
    gap: var(--dl-space-2);
    z-index: 2;
    background: var(--dl-color-surface-raised);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-md);
    padding: var(--dl-space-1) var(--dl-space-2);
  }
  .video input[type='range'] {
    flex: 1;
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
    font-family: var(--dl-font-family-mono);
    font-size: var(--dl-font-size-sm);
    white-space: nowrap;
  }
`;
