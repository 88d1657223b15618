import { css } from 'lit';

export const labelPickerStyles = css`
  :host {
    display: block;
    inline-size: 100%;
    max-inline-size: 100%;
    min-inline-size: 0;
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--dl-space-1);
    padding: var(--dl-space-2);
    background: var(--dl-color-surface);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-md);
  }
  input {
    font: inherit;
    color: var(--dl-color-text);
    background: var(--dl-color-bg);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-sm);
    padding-block: var(--dl-space-1);
    padding-inline: var(--dl-space-2);
    inline-size: 100%;
  }
  input:focus-visible {
    outline: 2px solid var(--dl-color-focus);
    outline-offset: 0;
  }
  [role='tree'] {
    max-block-size: var(--dl-label-picker-max-height, 18rem);
    overflow-y: auto;
    border-radius: var(--dl-radius-sm);
    padding-block: 2px;
  }
  [role='tree']:focus-visible {
    outline: 2px solid var(--dl-color-focus);
    outline-offset: 0;
  }
  [role='treeitem'] {
    display: flex;
    align-items: center;
    gap: var(--dl-space-2);
    padding-block: 3px;
    padding-inline-start: calc(var(--dl-space-2) + var(--depth, 0) * var(--dl-space-4));
    padding-inline-end: var(--dl-space-2);
    border-radius: var(--dl-radius-sm);
    cursor: pointer;
    user-select: none;
    min-block-size: 28px;
  }
  [role='treeitem']:hover {
    background: var(--dl-color-hover);
  }
  [role='treeitem'].active {
    box-shadow: inset 0 0 0 2px var(--dl-color-focus);
  }
  [role='treeitem'][aria-selected='true'] {
    background: var(--dl-color-selected);
    font-weight: 600;
  }
  .toggle {
    inline-size: 14px;
    flex: none;
    text-align: center;
    color: var(--dl-color-text-muted);
    font-size: 10px;
  }
  .toggle[data-expanded='false'] {
    display: inline-block;
    transform: rotate(-90deg);
  }
  :host(:dir(rtl)) .toggle[data-expanded='false'] {
    transform: rotate(90deg);
  }
  .swatch {
    inline-size: 12px;
    block-size: 12px;
    flex: none;
    border-radius: 3px;
    background: var(--swatch, transparent);
    border: 1px solid color-mix(in srgb, var(--dl-color-text) 25%, transparent);
  }
  .text {
    flex: 1;
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .path {
    color: var(--dl-color-text-muted);
    font-size: var(--dl-font-size-sm);
  }
  kbd {
    font-family: var(--dl-font-family-mono);
    font-size: var(--dl-font-size-sm);
    color: var(--dl-color-text-muted);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-sm);
    padding-inline: 5px;
    background: var(--dl-color-bg);
  }
  .empty {
    color: var(--dl-color-text-muted);
    padding: var(--dl-space-2);
  }
`;
