import { css } from 'lit';

export const taskBoardStyles = css`
  :host {
    display: block;
    min-inline-size: 0;
    background: var(--dl-color-bg);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-lg);
  }
  .board {
    container-type: inline-size;
    display: flex;
    flex-direction: column;
    gap: var(--dl-space-3);
    padding: var(--dl-space-3);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--dl-space-3);
  }
  .toolbar label {
    display: inline-flex;
    align-items: center;
    gap: var(--dl-space-2);
    color: var(--dl-color-text-muted);
    font-size: var(--dl-font-size-sm);
  }
  select {
    font: inherit;
    font-size: var(--dl-font-size-md);
    color: var(--dl-color-text);
    background: var(--dl-color-surface-raised);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-sm);
    padding-block: 3px;
    padding-inline: var(--dl-space-2);
  }
  .loading {
    color: var(--dl-color-text-muted);
    font-size: var(--dl-font-size-sm);
  }
  .columns {
    display: grid;
    grid-template-columns: minmax(var(--dl-task-board-column-min, 16rem), 1fr) minmax(var(--dl-task-board-column-min, 16rem), 1fr) minmax(calc(var(--dl-task-board-column-min, 16rem) * 1.5), 2fr);
    gap: var(--dl-space-3);
    align-items: start;
  }
  @container (max-width: 50rem) {
    .columns {
      grid-template-columns: 1fr;
    }
  }
  .col {
    min-inline-size: 0;
    background: var(--dl-color-surface);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-md);
    padding: var(--dl-space-2);
  }
  h2 {
    font-size: var(--dl-font-size-sm);
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--dl-color-text-muted);
    margin-block: 0 var(--dl-space-2);
    margin-inline: var(--dl-space-1);
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: var(--dl-space-1);
    border-radius: var(--dl-radius-sm);
  }
  .list:focus-visible {
    outline: 2px solid var(--dl-color-focus);
    outline-offset: 2px;
  }
  .card,
  .row {
    display: flex;
    flex-direction: column;
    gap: var(--dl-space-1);
    padding: var(--dl-space-2);
    border-radius: var(--dl-radius-sm);
    background: var(--dl-color-surface-raised);
    border: 1px solid var(--dl-color-border);
    cursor: pointer;
  }
  .card:hover,
  .row:hover {
    background: var(--dl-color-hover);
  }
  /* Rows of a list being read again: shown, not chosen until the fresh answer. */
  .row[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.6;
  }
  .row[aria-disabled='true']:not([aria-selected='true']):hover {
    background: var(--dl-color-surface-raised);
  }
  [role='option'][aria-selected='true'] {
    background: var(--dl-color-selected);
    border-color: var(--dl-color-accent);
    box-shadow: inset 3px 0 0 var(--dl-color-accent);
  }
  :host(:dir(rtl)) [role='option'][aria-selected='true'] {
    box-shadow: inset -3px 0 0 var(--dl-color-accent);
  }
  .card-head {
    display: flex;
    align-items: center;
    gap: var(--dl-space-2);
  }
  .name {
    flex: 1;
    min-inline-size: 0;
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  /* A task's name takes up to two lines of the card's whole width (the Tasks column is the
     narrowest: at 1024 px one line beside the priority showed "Label the vali…"); longer ones end
     in an ellipsis, the whole name in the tooltip. */
  /* A name too long for one line beside the priority takes the whole width, the badge under it. */
  [part='task'] .card-head {
    flex-wrap: wrap;
    row-gap: 2px;
  }
  [part='task'] .name {
    flex: 1 1 auto;
    white-space: normal;
    overflow-wrap: anywhere;
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    line-clamp: 2;
  }
  .priority {
    font-size: var(--dl-font-size-sm);
    padding-inline: 6px;
    border-radius: 999px;
    border: 1px solid currentColor;
  }
  .priority.p1 {
    color: var(--dl-color-text-muted);
  }
  .priority.p2 {
    color: var(--dl-color-warning);
  }
  .priority.p3 {
    color: var(--dl-color-danger);
    font-weight: 600;
  }
  .due {
    font-size: var(--dl-font-size-sm);
    color: var(--dl-color-text-muted);
  }
  .due.overdue {
    color: var(--dl-color-danger);
  }
  .progress {
    display: flex;
    align-items: center;
    gap: var(--dl-space-2);
  }
  .bar {
    flex: 1;
    block-size: 6px;
    border-radius: 3px;
    background: var(--dl-color-track);
    overflow: hidden;
  }
  .fill {
    block-size: 100%;
    background: var(--dl-color-accent);
  }
  .pct {
    font-size: var(--dl-font-size-sm);
    font-variant-numeric: tabular-nums;
    min-inline-size: 4ch;
    text-align: end;
  }
  .chips {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: var(--dl-space-1);
    font-size: var(--dl-font-size-sm);
  }
  .chip,
  .status {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    white-space: nowrap;
  }
  .chip {
    padding-inline: 6px;
    border-radius: 999px;
    background: var(--dl-color-bg);
    border: 1px solid var(--dl-color-border);
  }
  .chip.total {
    color: var(--dl-color-text-muted);
  }
  .issues {
    display: inline-block;
    white-space: nowrap;
    padding-inline: 6px;
    border-radius: 999px;
    font-size: var(--dl-font-size-sm);
    color: var(--dl-color-danger);
    border: 1px solid var(--dl-color-danger);
  }
  .dot {
    inline-size: 8px;
    block-size: 8px;
    border-radius: 50%;
    background: var(--chip, var(--dl-color-text-muted));
  }
  table {
    inline-size: 100%;
    border-collapse: collapse;
  }
  th {
    text-align: start;
    font-size: var(--dl-font-size-sm);
    color: var(--dl-color-text-muted);
    font-weight: 600;
    padding: var(--dl-space-1) var(--dl-space-2);
    border-block-end: 1px solid var(--dl-color-border);
  }
  td {
    padding: var(--dl-space-1) var(--dl-space-2);
    border-block-end: 1px solid var(--dl-color-border);
    vertical-align: middle;
  }
  tbody tr:hover {
    background: var(--dl-color-hover);
  }
  .file {
    max-inline-size: 16rem;
  }
  .open {
    background: none;
    border: 0;
    padding: 0;
    color: var(--dl-color-accent);
    cursor: pointer;
    text-align: start;
    overflow-wrap: anywhere;
  }
  .open:hover {
    text-decoration: underline;
  }
  /* A flex box inside the cell, not on it: a td made flex stops being a table cell, and its
     borders then no longer line up with the row's. */
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--dl-space-1);
  }
  .action {
    font-size: var(--dl-font-size-sm);
    padding-block: 2px;
    padding-inline: var(--dl-space-2);
    border-radius: var(--dl-radius-sm);
    border: 1px solid var(--chip);
    background: transparent;
    color: var(--dl-color-text);
    cursor: pointer;
  }
  .action:hover {
    background: var(--dl-color-hover);
  }
  .action[aria-pressed='true'] {
    background: var(--chip);
    color: var(--on-chip, var(--dl-color-on-accent));
    font-weight: 600;
  }
  .action:disabled {
    opacity: 0.5;
    cursor: progress;
  }
  .pager {
    display: flex;
    align-items: center;
    justify-content: flex-end;
    gap: var(--dl-space-2);
    margin-block-start: var(--dl-space-2);
    font-size: var(--dl-font-size-sm);
  }
  .pager button {
    background: var(--dl-color-surface-raised);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-sm);
    padding-block: 2px;
    padding-inline: var(--dl-space-2);
    cursor: pointer;
  }
  .pager button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  .empty {
    color: var(--dl-color-text-muted);
    margin: var(--dl-space-2);
  }
  .error {
    color: var(--dl-color-danger);
    border: 1px solid var(--dl-color-danger);
    border-radius: var(--dl-radius-sm);
    padding: var(--dl-space-2);
  }
  .grow {
    flex: 1;
  }
  .new-task,
  .create button,
  .reassign button {
    font: inherit;
    color: var(--dl-color-text);
    background: var(--dl-color-surface-raised);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-md);
    padding-block: 4px;
    padding-inline: var(--dl-space-3);
    cursor: pointer;
  }
  .new-task:hover,
  .create button:hover:not(:disabled),
  .reassign button:hover:not(:disabled) {
    background: var(--dl-color-hover);
  }
  .create button.primary {
    background: var(--dl-color-accent);
    border-color: var(--dl-color-accent);
    color: var(--dl-color-on-accent);
  }
  .create button:disabled,
  .reassign button:disabled {
    opacity: 0.55;
    cursor: default;
  }
  .create {
    display: flex;
    flex-direction: column;
    gap: var(--dl-space-3);
    padding: var(--dl-space-3);
    background: var(--dl-color-surface);
    border: 1px solid var(--dl-color-accent);
    border-radius: var(--dl-radius-md);
  }
  .create h2 {
    margin: 0;
  }
  .fields {
    display: flex;
    flex-wrap: wrap;
    gap: var(--dl-space-3);
    align-items: end;
  }
  .fields label,
  .reassign label {
    display: inline-flex;
    flex-direction: column;
    gap: 2px;
    font-size: var(--dl-font-size-sm);
    color: var(--dl-color-text-muted);
  }
  .create input,
  .reassign select {
    font: inherit;
    font-size: var(--dl-font-size-md);
    color: var(--dl-color-text);
    background: var(--dl-color-bg);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-sm);
    padding-block: 3px;
    padding-inline: var(--dl-space-2);
  }
  .source {
    margin: 0;
    align-self: center;
  }
  .source .k {
    color: var(--dl-color-text-muted);
    font-size: var(--dl-font-size-sm);
    margin-inline-end: var(--dl-space-1);
  }
  .workload {
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-sm);
    margin: 0;
    padding: var(--dl-space-2) var(--dl-space-3);
    display: flex;
    flex-direction: column;
    gap: var(--dl-space-1);
  }
  .workload legend {
    font-size: var(--dl-font-size-sm);
    color: var(--dl-color-text-muted);
    padding-inline: var(--dl-space-1);
  }
  .assignee {
    display: flex;
    align-items: center;
    gap: var(--dl-space-3);
  }
  .assignee label {
    flex: 1;
    min-inline-size: 0;
  }
  .load {
    inline-size: 5rem;
  }
  .total-row {
    display: flex;
    align-items: center;
    gap: var(--dl-space-3);
    margin-block-start: var(--dl-space-1);
  }
  .total.bad {
    color: var(--dl-color-danger);
    font-weight: 600;
  }
  .problem {
    margin: 0;
    color: var(--dl-color-danger);
  }
  .form-actions {
    display: flex;
    justify-content: flex-end;
    gap: var(--dl-space-2);
  }
  .reassign {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--dl-space-2);
    margin-block-start: var(--dl-space-2);
    padding-block-start: var(--dl-space-2);
    border-block-start: 1px solid var(--dl-color-border);
  }
`;
