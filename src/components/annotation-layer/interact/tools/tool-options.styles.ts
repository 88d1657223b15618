import { css } from 'lit';

/**
 * Styles of a tool's options bar (the assisted tools': output, tolerance, stroke kind, hint,
 * progress): one line under the toolbar, theme tokens only.
 */
export const toolOptionsStyles = css`
  .tool-options {
    flex: 1 0 100%;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--dl-space-1) var(--dl-space-3);
    padding: 2px var(--dl-space-2);
    background: var(--dl-color-surface-raised);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-md);
    font-size: var(--dl-font-size-sm);
    min-block-size: 2rem;
    box-sizing: border-box;
  }
  .tool-options .opt {
    display: inline-flex;
    align-items: center;
    gap: 2px;
  }
  .tool-options .opt-label {
    color: var(--dl-color-text-muted);
    margin-inline-end: var(--dl-space-1);
  }
  .tool-options button {
    min-inline-size: 1.75rem;
    block-size: 1.625rem;
    padding-inline: var(--dl-space-2);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-sm);
    background: transparent;
    color: inherit;
    font: inherit;
    cursor: pointer;
  }
  .tool-options button:hover:not(:disabled) {
    background: var(--dl-color-hover);
  }
  .tool-options button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  .tool-options button[aria-pressed='true'] {
    background: var(--dl-color-selected);
    border-color: var(--dl-color-accent);
  }
  .tool-options .readout {
    min-inline-size: 2.25rem;
    text-align: center;
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }
  .tool-options .opt-hint,
  .tool-options .opt-count {
    color: var(--dl-color-text-muted);
  }
  /* The row stays one line (the layer reserves one line for it, so picking a tool never moves a
     fitted image): the hint takes the room the controls leave, cut with an ellipsis (whole in its
     title), instead of wrapping onto a second line. */
  .tool-options .opt-hint {
    flex: 1 1 0;
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .assist-status {
    display: inline-flex;
    align-items: center;
    gap: var(--dl-space-1);
    font-weight: 600;
  }
  .assist-status.error {
    color: var(--dl-color-danger);
  }
  .spinner {
    inline-size: 12px;
    block-size: 12px;
    border-radius: 50%;
    border: 2px solid var(--dl-color-track);
    border-block-start-color: var(--dl-color-accent);
    animation: dl-spin 0.8s linear infinite;
  }
  @keyframes dl-spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation-duration: 2.4s;
    }
  }
`;
