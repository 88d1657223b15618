import { css } from 'lit';

export const attributeEditorStyles = css`
  :host {
    display: block;
    min-inline-size: 0;
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--dl-space-3);
    padding: var(--dl-space-3);
    background: var(--dl-color-surface);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-md);
  }
  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    min-inline-size: 0;
  }
  legend,
  .title {
    display: flex;
    align-items: baseline;
    gap: var(--dl-space-2);
    inline-size: 100%;
    padding: 0;
    margin-block-end: var(--dl-space-1);
    font-weight: 600;
  }
  .hint {
    font-weight: 400;
    font-size: var(--dl-font-size-sm);
    color: var(--dl-color-text-muted);
  }
  .hint.required {
    color: var(--dl-color-danger);
  }
  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: var(--dl-space-1) var(--dl-space-3);
  }
  label.choice {
    display: inline-flex;
    align-items: center;
    gap: var(--dl-space-1);
    cursor: pointer;
  }
  input[type='checkbox'],
  input[type='radio'],
  input[type='range'] {
    accent-color: var(--dl-color-accent);
    margin: 0;
  }
  .range {
    display: flex;
    align-items: center;
    gap: var(--dl-space-2);
  }
  .range input {
    flex: 1;
  }
  output {
    min-inline-size: 4ch;
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  input[type='text'] {
    font: inherit;
    color: var(--dl-color-text);
    background: var(--dl-color-bg);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-sm);
    padding-block: var(--dl-space-1);
    padding-inline: var(--dl-space-2);
    inline-size: 100%;
  }
  .clear {
    margin-inline-start: auto;
    background: none;
    border: 0;
    padding: 0 var(--dl-space-1);
    color: var(--dl-color-accent);
    cursor: pointer;
    font-size: var(--dl-font-size-sm);
  }
  .empty {
    color: var(--dl-color-text-muted);
  }
  .errors {
    color: var(--dl-color-danger);
    font-size: var(--dl-font-size-sm);
    margin: 0;
    padding-inline-start: var(--dl-space-4);
  }
`;
