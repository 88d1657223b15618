import { css } from 'lit';

export const timelineStyles = css`
  :host {
    display: block;
    min-inline-size: 0;
    --label-w: var(--dl-timeline-label-width, 9rem);
  }
  .base {
    /* the actions' short texts show when the timeline itself is wide enough (not the window) */
    container: timeline / inline-size;
    display: flex;
    flex-direction: column;
    background: var(--dl-color-surface);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-md);
    user-select: none;
    -webkit-user-select: none;
  }
  .toolbar {
    display: flex;
    align-items: center;
    gap: var(--dl-space-1);
    padding: var(--dl-space-1) var(--dl-space-2);
    border-block-end: 1px solid var(--dl-color-border);
    flex-wrap: wrap;
  }
  .toolbar .spacer {
    flex: 1;
  }
  button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    font: inherit;
    font-size: var(--dl-font-size-sm);
    min-inline-size: 30px;
    min-block-size: 28px;
    padding: 0 var(--dl-space-2);
    color: var(--dl-color-text);
    background: var(--dl-color-surface-raised);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-sm);
    cursor: pointer;
  }
  button {
    position: relative;
    gap: 4px;
  }
  button:hover:not([aria-disabled='true']) {
    background: var(--dl-color-hover);
  }
  /* dimmed, but the tooltip stays readable */
  button[aria-disabled='true'] > :not(.tip) {
    opacity: 0.4;
  }
  button[aria-disabled='true'] {
    cursor: default;
  }
  .text {
    display: none;
    white-space: nowrap;
  }
  @container timeline (min-width: 1040px) {
    .action .text {
      display: inline;
    }
  }
  /* The button's name and key, above it, on hover and on keyboard focus (a title shows to the mouse
     only, after a delay). Transport tips open rightwards, action tips leftwards: both stay inside. */
  .tip {
    position: absolute;
    inset-block-end: calc(100% + 6px);
    inset-inline-start: 0;
    z-index: 3;
    padding: 3px 8px;
    white-space: nowrap;
    font-size: var(--dl-font-size-sm);
    line-height: 1.4;
    color: var(--dl-color-bg);
    background: var(--dl-color-text);
    border-radius: var(--dl-radius-sm);
    pointer-events: none;
    visibility: hidden;
    opacity: 0;
    transition: opacity 0.1s;
  }
  .actions .tip {
    inset-inline-start: auto;
    inset-inline-end: 0;
  }
  button:hover .tip,
  button:focus-visible .tip {
    visibility: visible;
    opacity: 1;
    transition-delay: 0.25s;
  }
  button:focus-visible .tip {
    transition-delay: 0s;
  }
  /* closed with Esc (WCAG 1.4.13) until the pointer or focus leaves the button */
  button[data-tip-closed] .tip {
    visibility: hidden;
    opacity: 0;
  }
  button.play {
    color: var(--dl-color-on-accent);
    background: var(--dl-color-accent);
    border-color: var(--dl-color-accent);
  }
  button:focus-visible,
  [tabindex]:focus-visible {
    outline: 2px solid var(--dl-color-focus);
    outline-offset: 1px;
  }
  .time {
    font-family: var(--dl-font-family-mono);
    font-size: var(--dl-font-size-sm);
    color: var(--dl-color-text-muted);
    padding-inline: var(--dl-space-2);
    white-space: nowrap;
  }
  .actions {
    display: flex;
    gap: 2px;
  }
  .body {
    position: relative;
    padding-block-end: var(--dl-space-1);
  }
  .row {
    display: flex;
    align-items: stretch;
    min-block-size: 24px;
  }
  .head {
    flex: 0 0 var(--label-w);
    inline-size: var(--label-w);
    display: flex;
    align-items: center;
    gap: var(--dl-space-1);
    padding-inline: var(--dl-space-2);
    font-size: var(--dl-font-size-sm);
    overflow: hidden;
    cursor: pointer;
  }
  .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .swatch {
    flex: 0 0 10px;
    block-size: 10px;
    border-radius: 2px;
  }
  .ruler,
  .lane {
    position: relative;
    flex: 1;
    min-inline-size: 0;
    margin-inline-end: var(--dl-space-2);
    touch-action: none;
    cursor: ew-resize;
  }
  .ruler {
    block-size: 22px;
    border-block-end: 1px solid var(--dl-color-border);
    overflow: hidden;
  }
  .tick {
    position: absolute;
    inset-block: 0;
    padding-inline-start: 3px;
    border-inline-start: 1px solid var(--dl-color-border);
    font-size: 10px;
    line-height: 22px;
    color: var(--dl-color-text-muted);
    font-family: var(--dl-font-family-mono);
    pointer-events: none;
  }
  .tracks {
    /* A host may reserve the list's height (up to the max): the timeline then keeps its height as
       tracks are added, and the picture above it its size (the demo's video page). */
    min-block-size: min(var(--dl-timeline-min-height, 0px), var(--dl-timeline-max-height, 14rem));
    max-block-size: var(--dl-timeline-max-height, 14rem);
    overflow-y: auto;
    overflow-x: hidden;
  }
  .track {
    border-block-end: 1px solid color-mix(in srgb, var(--dl-color-border) 50%, transparent);
  }
  .track.selected {
    background: var(--dl-color-selected);
  }
  .tracks:focus-visible .track.active {
    box-shadow: inset 0 0 0 2px var(--dl-color-focus);
  }
  /* A track the entities cannot read (timeline-rows.ts): its segments faint, the reason over them. */
  .track.unreadable .lane > :not(.why) {
    opacity: 0.35;
  }
  .why {
    position: absolute;
    inset: 0;
    padding-inline: var(--dl-space-1);
    line-height: 24px;
    overflow: hidden;
    font-size: var(--dl-font-size-sm);
    white-space: nowrap;
    text-overflow: ellipsis;
    color: var(--dl-color-danger);
    pointer-events: none;
  }
  .seg {
    position: absolute;
    inset-block: 7px;
    background: color-mix(in srgb, var(--c) 45%, transparent);
    border: 1px solid var(--c);
    border-radius: 3px;
    pointer-events: none;
  }
  .hid {
    position: absolute;
    inset-block: 7px;
    background: repeating-linear-gradient(
      -45deg,
      var(--dl-color-surface) 0 3px,
      var(--dl-color-text-muted) 3px 4px
    );
    opacity: 0.85;
    pointer-events: none;
  }
  /* frames interpolated between two visible key frames: a thin dashed line along the middle (quieter
     than a tracker's solid line: it is the usual state between key frames) */
  .itp {
    position: absolute;
    inset-block-start: calc(50% - 1px);
    block-size: 0;
    border-block-start: 1px dashed color-mix(in srgb, var(--c) 55%, var(--dl-color-text));
    pointer-events: none;
  }
  /* frames a tracker wrote (not key frames): a solid line along the bottom of the segment */
  .trk {
    position: absolute;
    inset-block-end: 7px;
    block-size: 4px;
    background: color-mix(in srgb, var(--c) 65%, var(--dl-color-text));
    border-radius: 0 0 2px 2px;
    pointer-events: none;
  }
  .key {
    position: absolute;
    inset-block-start: 50%;
    inline-size: 9px;
    block-size: 9px;
    margin-inline-start: -4.5px;
    margin-block-start: -4.5px;
    background: var(--dl-color-text);
    border: 1px solid var(--dl-color-bg);
    transform: rotate(45deg);
    pointer-events: none;
  }
  /* One line of subtitles is 26px; subtitles that overlap in time go on lines of their own. */
  .subs {
    --sub-line: 26px;
    block-size: calc(var(--sub-line) * var(--lines, 1));
  }
  .sub {
    position: absolute;
    box-sizing: border-box;
    inset-block-start: calc(3px + var(--sub-line) * var(--line, 0));
    block-size: calc(var(--sub-line) - 6px);
    padding-inline: 4px;
    font-size: 11px;
    line-height: 20px;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    color: var(--dl-color-text);
    background: var(--dl-color-track);
    border: 1px solid var(--dl-color-border);
    border-radius: 3px;
    cursor: pointer;
  }
  .subs:focus-visible .sub.active {
    outline: 2px solid var(--dl-color-focus);
  }
  .empty {
    padding: var(--dl-space-2);
    padding-inline-start: calc(var(--label-w) + var(--dl-space-2));
    font-size: var(--dl-font-size-sm);
    color: var(--dl-color-text-muted);
  }
  .playhead {
    position: absolute;
    inset-block: 0;
    inset-inline-start: calc(var(--label-w) + (100% - var(--label-w) - var(--dl-space-2)) * var(--p));
    inline-size: 2px;
    margin-inline-start: -1px;
    background: var(--dl-color-danger);
    pointer-events: none;
  }
  .playhead::before {
    content: '';
    position: absolute;
    inset-block-start: 0;
    inset-inline-start: -4px;
    border: 5px solid transparent;
    border-block-start-color: var(--dl-color-danger);
  }
`;
