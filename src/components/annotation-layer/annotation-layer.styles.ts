import { css } from 'lit';

/** Styles of <dl-annotation-layer>. */
export const annotationLayerStyles = css`
  :host {
    display: block;
    position: absolute;
    inset: 0;
    outline: none;
    --dl-annotation-layer-handle: #ffffff;
    --dl-annotation-layer-handle-border: #1b1e24;
    --dl-annotation-layer-selection: var(--dl-color-accent);
  }
  /* A size container: the side panel compacts itself in a short layer (below). */
  :host {
    container: dl-layer / size;
  }
  :host(:focus-visible) {
    outline: 2px solid var(--dl-color-focus);
    outline-offset: -2px;
  }
  /* The active tool's cursor (the tool table's \`cursor\`); unset for tools without one. */
  :host {
    cursor: var(--dl-annotation-layer-tool-cursor);
  }
  canvas.live,
  .tiles {
    position: absolute;
    inset: 0;
    inline-size: 100%;
    block-size: 100%;
    pointer-events: none;
  }
  /* Tile canvases, each placed by its own transform (see render/tile-presenter.ts). */
  .tiles {
    overflow: hidden;
    contain: strict;
  }
  .tiles > canvas {
    position: absolute;
    left: 0;
    top: 0;
    inline-size: 256px;
    block-size: 256px;
    transform-origin: 0 0;
    will-change: transform;
  }
  /* At rest the tiles show as one canvas at screen resolution (see render/tile-presenter.ts). */
  .tiles.flat > canvas {
    display: none;
  }
  .tiles.flat > canvas.flat {
    display: block;
    inline-size: 100%;
    block-size: 100%;
    transform: none;
    will-change: auto;
  }
  svg.handles {
    position: absolute;
    inset: 0;
    inline-size: 100%;
    block-size: 100%;
    overflow: visible;
    pointer-events: none;
  }
  .handle {
    fill: var(--dl-annotation-layer-handle);
    stroke: var(--dl-annotation-layer-handle-border);
    stroke-width: 1.5;
    pointer-events: all;
    cursor: pointer;
  }
  .handle.mid {
    opacity: 0.6;
    cursor: copy;
  }
  .handle.rot {
    cursor: grab;
  }
  .handle.active {
    fill: var(--dl-annotation-layer-selection);
  }
  /* Tools, the panel toggle and the classification chips share one row at the top-left (wrapping,
     never under the open panel); the layer reports its height to the viewer so a fitted image sits
     below it, and the viewer's own controls stay alone at the bottom-right. */
  .topbar {
    position: absolute;
    inset-block-start: var(--dl-space-2);
    inset-inline-start: var(--dl-space-2);
    max-inline-size: calc(100% - 2 * var(--dl-space-2));
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    gap: var(--dl-space-1) var(--dl-space-2);
    z-index: 3;
    pointer-events: none;
  }
  :host([panel]) .topbar {
    max-inline-size: calc(100% - min(18rem, 45%) - 3 * var(--dl-space-2));
  }
  .topbar > * {
    pointer-events: auto;
  }
  .tracking {
    position: absolute;
    /* above a video viewer's controls bar (one 2rem row of buttons, padded; two rows when narrow) */
    inset-block-end: max(
      calc(3 * var(--dl-space-2) + 2.5rem),
      calc(var(--_dl-item-viewer-controls-inset, 0px) + var(--dl-space-2))
    );
    max-inline-size: calc(100% - 2 * var(--dl-space-2));
    white-space: nowrap;
    inset-inline-start: var(--dl-space-2);
    display: flex;
    align-items: center;
    gap: var(--dl-space-2);
    padding: var(--dl-space-1) var(--dl-space-2);
    pointer-events: auto;
    color: var(--dl-color-text);
    background: var(--dl-color-surface-raised);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-md);
  }
  /* What an undo / redo did, for a moment at the bottom centre (above a video viewer's controls). */
  .flash {
    position: absolute;
    inset-block-end: max(
      calc(3 * var(--dl-space-2) + 2.5rem),
      calc(var(--_dl-item-viewer-controls-inset, 0px) + var(--dl-space-2))
    );
    /* centred by auto margins between the insets (not a physical translate): right in RTL too */
    inset-inline: 0;
    margin-inline: auto;
    inline-size: fit-content;
    max-inline-size: calc(100% - 2 * var(--dl-space-2));
    /* up to two lines, then cut with an ellipsis: a paste that changed labels says which (longer
       than an undo's words), bottom-anchored so a second line grows up, off the viewer's controls */
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    line-clamp: 2;
    overflow: hidden;
    text-wrap: balance;
    padding: var(--dl-space-1) var(--dl-space-3);
    pointer-events: none;
    color: var(--dl-color-text);
    background: var(--dl-color-surface-raised);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-md);
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.2);
    z-index: 4;
  }
  /* centred on the image beside the panel */
  :host([panel]) .flash {
    inset-inline-end: calc(min(18rem, 45%) + var(--dl-space-2));
    max-inline-size: calc(100% - min(18rem, 45%) - 3 * var(--dl-space-2));
  }
  .tracking progress {
    flex: none;
    inline-size: 8rem;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 2px;
    padding: 2px;
    background: var(--dl-color-surface-raised);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-md);
  }
  .toolbar button {
    display: inline-grid;
    place-items: center;
  }
  .toolbar button {
    min-inline-size: 2rem;
    block-size: 2rem;
    border: 1px solid transparent;
    border-radius: var(--dl-radius-sm);
    background: transparent;
    cursor: pointer;
  }
  /* Panel actions are real buttons: a border and a raised fill, not plain text. */
  .panel button {
    min-block-size: 2rem;
    padding-inline: var(--dl-space-2);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-sm);
    background: var(--dl-color-surface);
    color: var(--dl-color-text);
    cursor: pointer;
  }
  /* An icon button (Bring to front, Send to back: view/panel.ts orderButton): square, its name in
     its aria-label and its title. */
  .panel button.icon {
    display: inline-grid;
    place-items: center;
    min-inline-size: 2rem;
    padding-inline: 0;
  }
  /* The two joined as one segmented pair (one shared border, no gap), and the text buttons' padding
     a little less, so the pair, Lock, Hide and Delete share one row on a video page's panel (about
     234 px inside at 1024x700 and 1280x800). */
  .actions > button.icon:has(+ button.icon) {
    border-start-end-radius: 0;
    border-end-end-radius: 0;
  }
  .actions > button.icon + button.icon {
    margin-inline-start: calc(-1 * var(--dl-space-1) - 1px);
    border-start-start-radius: 0;
    border-end-start-radius: 0;
  }
  .actions > button:not(.icon) {
    padding-inline: calc(var(--dl-space-2) - 2px);
  }
  .panel button[aria-pressed='true'] {
    background: var(--dl-color-selected);
    border-color: var(--dl-color-accent);
  }
  .panel button.danger {
    color: var(--dl-color-danger);
    border-color: var(--dl-color-danger);
  }
  .panel button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  .toolbar button:hover,
  .panel button:hover:not(:disabled) {
    background: var(--dl-color-hover);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--dl-space-1);
  }
  .setting,
  .brush-size {
    display: flex;
    align-items: center;
    gap: var(--dl-space-2);
    font-size: var(--dl-font-size-sm);
  }
  .setting input,
  .brush-size input {
    flex: 1;
    min-inline-size: 4rem;
    accent-color: var(--dl-color-accent);
  }
  .setting output,
  .brush-size output {
    min-inline-size: 3.5em;
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  /* A box track's "Frames to track" field and "Track forward" button share one row (the field
     narrow: a frame count), below the visibility toggle. */
  .track-row {
    flex: 1 0 100%;
    display: flex;
    align-items: center;
    gap: var(--dl-space-2);
  }
  /* The selection's label (view/panel.ts renderRelabel): one row across the actions, the label's
     colour on the select's start edge. */
  .relabel {
    flex: 1 0 100%;
    /* Not the select's widest option: a long label name once pushed the select past the panel's edge. */
    min-inline-size: 0;
  }
  .relabel select {
    flex: 1 1 auto;
    min-inline-size: 0;
    min-block-size: 2rem;
    font: inherit;
    color: var(--dl-color-text);
    background: var(--dl-color-surface);
    border: 1px solid var(--dl-color-border);
    border-inline-start: 6px solid var(--swatch);
    border-radius: var(--dl-radius-sm);
  }
  /* The digits' labels under the Label select on a video page (view/panel.ts renderLabelKeys): one
     or two compact rows of keys, three to a row at a video panel's width (about 234 px), each the
     digit, the label's colour and its name; the selection's label marked as a pressed button. */
  .label-keys {
    flex: 1 0 100%;
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(4.5rem, 1fr));
    gap: 2px;
  }
  .panel .label-keys button {
    display: flex;
    align-items: center;
    gap: 3px;
    min-inline-size: 0;
    min-block-size: 0;
    block-size: 1.5rem;
    padding: 0 4px 0 2px;
    font-size: var(--dl-font-size-sm);
    border-inline-start: 4px solid var(--swatch);
  }
  .panel .label-keys button.current {
    background: var(--dl-color-selected);
    border-color: var(--dl-color-accent);
    border-inline-start-color: var(--swatch);
  }
  .label-keys kbd {
    font-family: var(--dl-font-family-mono);
    font-size: 10px;
    color: var(--dl-color-text-muted);
  }
  .label-keys .name {
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  /* The field's words wrap onto two short lines before the button leaves the row. */
  .track-row .setting {
    flex: 1 1 auto;
    min-inline-size: 0;
    gap: var(--dl-space-1);
    line-height: 1.1;
  }
  .track-row .setting span {
    min-inline-size: 0;
  }
  .track-row .setting input {
    flex: none;
    inline-size: 3.5em;
    min-inline-size: 0;
  }
  .track-row button {
    flex: none;
  }
  .brush-size {
    block-size: calc(2rem + 6px);
    padding-inline: var(--dl-space-2);
    background: var(--dl-color-surface-raised);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-md);
    inline-size: 16rem;
  }
  .toolbar button[aria-pressed='true'] {
    background: var(--dl-color-selected);
    border-color: var(--dl-color-accent);
  }
  .chips {
    flex: 1 0 100%;
    display: flex;
    flex-wrap: wrap;
    gap: var(--dl-space-1);
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: var(--dl-space-1);
    padding: 2px var(--dl-space-2);
    border-radius: 999px;
    background: var(--dl-color-surface-raised);
    border: 2px solid var(--chip-color, var(--dl-color-border));
    font-size: var(--dl-font-size-sm);
    cursor: pointer;
  }
  .chip[aria-selected='true'] {
    background: var(--dl-color-selected);
  }
  .panel {
    position: absolute;
    inset-block: var(--dl-space-2) 3.5rem;
    inset-inline-end: var(--dl-space-2);
    inline-size: min(18rem, 45%);
    display: flex;
    flex-direction: column;
    gap: var(--dl-space-2);
    padding: var(--dl-space-2);
    background: var(--dl-color-surface-raised);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-md);
    z-index: 3;
    overflow: auto;
  }
  /* Everything in the panel keeps its height but the attribute editor, which scrolls: the object
     list below it always keeps at least a few rows in view. */
  .panel > * {
    flex: none;
  }
  /* The label list and the object list share the panel's height. Each starts at its content's
     height; when they do not both fit, each gives up room in proportion to its height, down to a
     floor (about four label rows, or the labels' own height when less; four object rows) below which the panel itself
     scrolls. So 24 labels over 2 objects show most labels, 5 labels over 200 objects give the
     objects the room, and both lists scroll when both are long. A host's
     --dl-label-picker-max-height still caps the label list (none by default here). */
  /* The label list's floor is min(11rem, its content): the flex basis is the content
     (flex-basis: content ignores block-size), and block-size only caps the automatic minimum size
     (CSS Flexbox §4.5: the smaller of the content size and the specified size). So a list shorter
     than the floor (few labels, or a search that leaves one or two) is exactly as tall as its
     rows, and never holds an empty box the object list could use. */
  .panel > dl-label-picker {
    flex: 0 1 content;
    block-size: 11rem;
    min-block-size: auto;
    display: flex;
    flex-direction: column;
  }
  .panel > dl-label-picker::part(base) {
    flex: 1 1 auto;
    min-block-size: 0;
  }
  .panel > dl-label-picker::part(tree) {
    flex: 0 1 auto;
    min-block-size: 0;
    max-block-size: var(--dl-label-picker-max-height, none);
  }
  /* The selected annotation's attributes are one of the selection's controls (view/panel-fit.ts):
     whole, at their own height, as CVAT's object card shows them beside the label; where the panel
     is too short for the selection, the panel scrolls (the list's heading stuck as its summary), not
     a box of its own. The editor's own padding and gaps are tightened here: every pixel counts. */
  .panel > .attrs {
    flex: none;
  }
  .panel > .attrs > dl-attribute-editor::part(base) {
    gap: var(--dl-space-2);
    padding: var(--dl-space-2);
  }
  .panel > .list {
    flex: 1 1 auto;
    min-block-size: var(--_objects-floor, 8rem);
  }
  .panel h2 {
    font-size: var(--dl-font-size-md);
    margin: 0;
    display: flex;
    align-items: baseline;
    gap: var(--dl-space-2);
  }
  /* The objects' heading and list never leave the panel's view: when the panel is too short for
     everything (a selected shape's actions, attributes and track controls on a small window), they
     stick to its bottom at the list's floor (8rem, four rows) and the sections above scroll under
     them, as the details pane and the object list of CVAT's and Label Studio's side panels scroll
     apart. Where everything fits they sit where they are. The heading covers the gaps around it,
     so nothing scrolling under shows between it and the list. */
  .panel > h2,
  .panel > .list {
    position: sticky;
    z-index: 1;
    background: var(--dl-color-surface-raised);
  }
  /* Stuck, the list ends at the panel's padding: its shadow, a copy of its box one padding lower,
     covers that strip too. */
  /* A control scrolled into view (a Tab to it, scrollIntoView) stops above the stuck heading and
     list, not under them. */
  .panel {
    scroll-padding-block-end: calc(var(--_objects-floor, 8rem) + 3rem);
  }
  .panel > .list {
    inset-block-end: 0;
    box-shadow: 0 var(--dl-space-2) 0 var(--dl-color-surface-raised);
  }
  .panel > h2 {
    inset-block-end: var(--_objects-floor, 8rem);
    margin-block: calc(-1 * var(--dl-space-2));
    padding-block: var(--dl-space-2);
  }
  /* While a selection's controls are shown they come first (view/panel-fit.ts): the list's floor
     (--_objects-floor, set on the panel) gives way to them, down to two rows; a panel too short
     even for that (data-unstuck) is one scrolling column, the heading and list in flow below. */
  .panel[data-unstuck] {
    scroll-padding-block-end: 0;
  }
  .panel[data-unstuck] > h2,
  .panel[data-unstuck] > .list {
    position: relative;
    inset-block-end: auto;
  }
  /* A selection taller than the panel (a video page's short panel): the list un-sticks, but its
     heading, with the count, stays stuck at the bottom as the list's one-row summary; the list
     follows it in the panel's scroll. */
  .panel[data-unstuck][data-summary] {
    scroll-padding-block-end: 3rem;
  }
  /* Stuck, it ends at the panel's padding: a copy of its box one padding lower covers that strip
     (as the stuck list's does), with the hint's shadow on top when content hides under it. */
  .panel[data-unstuck][data-summary] > h2 {
    position: sticky;
    inset-block-end: 0;
    box-shadow: 0 var(--dl-space-2) 0 var(--dl-color-surface-raised);
  }
  .panel[data-unstuck][data-summary][data-more-below] > h2 {
    box-shadow:
      0 -6px 6px -6px rgb(0 0 0 / 0.35),
      0 var(--dl-space-2) 0 var(--dl-color-surface-raised);
  }
  /* Content hidden under the heading: a shadow on its top edge (the panel's bottom fade would fade
     the list). */
  .panel[data-more-below] > h2 {
    box-shadow: 0 -6px 6px -6px rgb(0 0 0 / 0.35);
  }
  /* A short layer (a 400x300 embed: the panel's content ~220 px) has no room for the label list's
     11rem floor, the settings, the heading and four object rows: the sticky heading and list then
     covered all of the label list but its search box. Compact there: tighter gaps, a label list of
     its search and about two rows, an object list of two; everything fits, nothing scrolls under. */
  @container dl-layer (max-height: 460px) {
    .panel {
      gap: var(--dl-space-1);
      padding: var(--dl-space-1);
      --_objects-floor: calc(2 * var(--_row-h, 28px) + 2px);
    }
    .panel > dl-label-picker {
      block-size: 6.5rem;
    }
    .panel > dl-label-picker::part(base) {
      padding: var(--dl-space-1);
    }
    /* A video page's panel (1024x700: ~285 px) showed ~2.5 labels: the label list and the object
       list shrank alike, and the list's 28 px rows. Here the object list gives its room first, down
       to its two-row floor (the timeline lists the tracks too), label rows are 24 px and the fade
       under the last one is short: five labels in view at 1024x700, all six of the demo's at
       1280x800. */
    .panel > .list {
      flex-shrink: 50;
    }
    .panel > dl-label-picker::part(option) {
      min-block-size: 24px;
      padding-block: 1px;
    }
    .panel > dl-label-picker[data-more-below]::part(tree) {
      mask-image: linear-gradient(to bottom, #000 calc(100% - 0.75rem), rgb(0 0 0 / 0.35));
    }
    .panel > h2 {
      margin-block: calc(-1 * var(--dl-space-1));
      padding-block: var(--dl-space-1);
    }
  }
  .panel h2 .count {
    font-size: var(--dl-font-size-sm);
    font-weight: normal;
    color: var(--dl-color-text-muted);
  }
  .panel h2 .count > span {
    white-space: nowrap;
  }
  .list {
    position: relative;
    flex: 1;
    min-block-size: 8rem;
    overflow: auto;
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-sm);
  }
  .list:focus-visible {
    outline: 2px solid var(--dl-color-focus);
    /* Inside the box: a faded edge (below) masks what lies outside it. */
    outline-offset: -2px;
  }
  /* Scroll hints (view/scroll-hints.ts): a scroll area of the panel that hides content below or
     above fades that edge, so a panel cut short by a small window shows that it scrolls (overlay
     and hidden scrollbars give no sign). The last rows stay faintly readable. */
  dl-label-picker[data-more-below]::part(tree) {
    mask-image: linear-gradient(to bottom, #000 calc(100% - 2.5rem), rgb(0 0 0 / 0.2));
  }
  .panel[data-more-above],
  dl-label-picker[data-more-above]::part(tree) {
    mask-image: linear-gradient(to top, #000 calc(100% - 2.5rem), rgb(0 0 0 / 0.2));
  }
  /* A selection taller than the panel opens at its top (view/panel-fit.ts): the selection's label
     row lies at the panel's top edge, where a 2.5rem fade left it at 20-60 % (an annotator's walk);
     the edge still fades, over the padding only. */
  .panel[data-unstuck][data-summary][data-more-above] {
    mask-image: linear-gradient(to top, #000 calc(100% - var(--dl-space-2)), rgb(0 0 0 / 0.2));
  }
  dl-label-picker[data-more-above][data-more-below]::part(tree) {
    mask-image: linear-gradient(rgb(0 0 0 / 0.2), #000 2.5rem, #000 calc(100% - 2.5rem), rgb(0 0 0 / 0.2));
  }
  /* The object list fades its edges with an overlay in the panel's colour, not a mask: the list
     sticks over the sections scrolling under it, which a see-through edge would show. Each overlay
     sticks to its edge and takes no room (its negative margin cancels its height). */
  /* The fade is 2.5rem at the list's usual 8rem floor and as much less on a floor cut for a
     selection's controls: a two-row list keeps its rows readable between the fades. */
  .list {
    --_list-fade: calc(var(--_objects-floor, 8rem) * 0.3125);
  }
  .list::before,
  .list::after {
    content: '';
    display: block;
    position: sticky;
    z-index: 2;
    block-size: var(--_list-fade);
    pointer-events: none;
    visibility: hidden;
  }
  .list::before {
    inset-block-start: 0;
    margin-block-end: calc(-1 * var(--_list-fade));
    background: linear-gradient(to top, transparent, color-mix(in srgb, var(--dl-color-surface-raised) 80%, transparent));
  }
  .list::after {
    inset-block-end: 0;
    margin-block-start: calc(-1 * var(--_list-fade));
    background: linear-gradient(to bottom, transparent, color-mix(in srgb, var(--dl-color-surface-raised) 80%, transparent));
  }
  .list[data-more-above]::before,
  .list[data-more-below]::after {
    visibility: visible;
  }
  /* Rows are 28 px at the default font and as tall as a larger font's line needs (a host's
     font-size, the browser's minimum font size or text zoom): --_row-h, set on the panel from the
     list's font as the probe below measures it (view/list-room.ts, view/panel.ts rowFor), the
     height the virtual list's arithmetic uses too. */
  .row {
    position: absolute;
    inset-inline: 0;
    block-size: var(--_row-h, 28px);
    display: flex;
    align-items: center;
    gap: var(--dl-space-2);
    padding-inline: var(--dl-space-2);
    cursor: pointer;
    white-space: nowrap;
    overflow: hidden;
  }
  /* In a narrow panel the type word gives way before the label's name ("Person classific…", not
     an empty name beside "classification"): the type takes only the room the name leaves (basis 0),
     and the name is cut only when it alone does not fit. */
  .row .name {
    flex: 0 1 auto;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .row .type {
    flex: 1 1 0;
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  /* Notes (issues, comments) follow the objects (and a video's subtitles), after a rule, with a
     bubble instead of a colour swatch and their kind ("Issue") as a badge before the text; the text
     is cut with an ellipsis (whole in the tooltip). The badge keeps its width: the text gives way,
     and the row's tools, over the row's end, cover the text's end, not the badge. */
  /* The selected note's whole text under the selection's controls: wrapped, its own lines kept,
     bounded (scrolls past six lines). */
  .note-full {
    display: flex;
    flex-wrap: nowrap;
    gap: 6px;
    align-items: flex-start;
    max-block-size: calc(6lh + 8px);
    overflow: auto;
    box-sizing: border-box;
    padding: 4px 8px;
    margin-block-end: 8px;
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-sm);
    background: var(--dl-color-surface-raised);
    line-height: 1.35;
  }
  .note-full .note-text {
    flex: 1 1 0;
    min-inline-size: 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  /* An object with required attributes unset: a circled "!" after its name, in the danger colour
     of the attribute editor's "required" tag (light and dark), in view on every row (not under the
     row's tools, which cover only the row's end). */
  .row-missing {
    display: inline-grid;
    place-items: center;
    flex: none;
    color: var(--dl-color-danger);
  }
  .row.first-note {
    border-block-start: 1px dashed var(--dl-color-border);
  }
  .note-mark {
    display: inline-grid;
    place-items: center;
    flex: none;
    inline-size: 12px;
    color: var(--dl-color-warning);
  }
  .row.note .name {
    flex: 1 1 auto;
    min-inline-size: 0;
  }
  .row .kind,
  .note-full .kind {
    flex: none;
    font-size: var(--dl-font-size-sm);
    padding-inline: 4px;
    border-radius: var(--dl-radius-sm);
    border: 1px solid currentColor;
    color: var(--dl-color-warning);
  }
  /* An issue's badge as its tag on the canvas: white on the issue red (6.5:1), not the amber of a
     plain note, in either theme. */
  .row.issue .kind,
  .note-full.issue .kind {
    color: #fff;
    background: var(--dl-annotation-layer-issue-color, #b91c1c);
    border-color: var(--dl-annotation-layer-issue-color, #b91c1c);
  }
  /* An open note row (hovered here or on the canvas, or the keyboard's active row while the list
     has the keyboard's focus) shows the whole note wrapped over the rows below it (their places
     unchanged: the list's rows stay 28 px), up to eight lines (scrolls beyond), clear of the row's
     tools on its first line. Where the list's visible area ends below it, it opens up over the rows
     above (.up: its bottom stays on its closed bottom); either way it stays within the list's
     visible area (--_open-room, --_open-shift: view/panel.ts openNotePlace), so it is never cut at the list's
     bottom and never grows the list's scroll room. Over the list's edge fades. */
  .row.note.open,
  .list:focus-visible .row.note.active {
    block-size: auto;
    min-block-size: var(--_row-h, 28px);
    max-block-size: var(--_open-room, none);
    box-sizing: border-box;
    align-items: flex-start;
    padding-block: 5px;
    line-height: var(--_note-line, 18px);
    white-space: normal;
    z-index: 3;
    box-shadow: 0 3px 8px rgb(0 0 0 / 0.3);
    /* a row partly scrolled above the list's visible top opens from that top (openNotePlace's shift) */
    transform: translateY(var(--_open-shift, 0px));
  }
  .row.note.open.up,
  .list:focus-visible .row.note.active.up {
    transform: translateY(calc(var(--_row-h, 28px) - 100%));
    box-shadow: 0 -3px 8px rgb(0 0 0 / 0.3);
  }
  .row.note.open .name,
  .list:focus-visible .row.note.active .name {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    text-overflow: clip;
    max-block-size: min(calc(8 * var(--_note-line, 18px)), calc(var(--_open-room, 1000px) - 10px));
    overflow: auto;
    padding-inline-end: 50px;
  }
  .row.note.open .row-tools,
  .list:focus-visible .row.note.active .row-tools {
    inset-block-end: auto;
    block-size: var(--_row-h, 28px);
  }
  /* The list's font's line boxes (view/list-room.ts measures them once per font change): a row's
     text line, and an open note's line (18 px at the default 14 px font, 1.25em at larger ones).
     Out of sight and out of the way: at the list's top, no wider than nothing. */
  .row-probe {
    position: absolute;
    inset-block-start: 0;
    inset-inline-start: 0;
    inline-size: 0;
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    white-space: nowrap;
    visibility: hidden;
    pointer-events: none;
  }
  .row-probe > [data-probe='note'] {
    line-height: max(18px, 1.25em);
  }
  .row.is-hidden .name,
  .row.is-hidden .swatch {
    opacity: 0.45;
  }
  /* The eye and the lock lie over the row's end (absolute, so they take no room from the text
     while out of sight, and showing them moves nothing), on the row's own background with a short
     fade into the text. They show on hover (the pointer's or the canvas's), on the keyboard's
     active row (while the list has the keyboard's focus, not after a mere click in it) and on
     selected rows. A locked or hidden row keeps its state in view without them (.row-state, in the
     flow: the text gives it room; the tools cover it exactly when they show). */
  .row {
    --dl-row-bg: var(--dl-color-surface-raised);
    background: var(--dl-row-bg);
  }
  .row.hover {
    --dl-row-bg: var(--dl-color-hover);
  }
  .row[aria-selected='true'] {
    --dl-row-bg: var(--dl-color-selected);
  }
  .row-tools {
    position: absolute;
    inset-block: 0;
    inset-inline-end: 2px;
    display: inline-flex;
    align-items: center;
    gap: 2px;
    padding-inline-start: 12px;
    background: linear-gradient(to right, transparent, var(--dl-row-bg) 12px);
    visibility: hidden;
  }
  .row-tools:dir(rtl) {
    background: linear-gradient(to left, transparent, var(--dl-row-bg) 12px);
  }
  .row:hover .row-tools,
  .row.hover .row-tools,
  .list:focus-visible .row.active .row-tools,
  .row:focus-within .row-tools,
  .row[aria-selected='true'] .row-tools {
    visibility: visible;
  }
  .row-state {
    flex: none;
    margin-inline-start: auto;
    display: inline-flex;
    gap: 2px;
    color: var(--dl-color-text-muted);
  }
  .row-state > span {
    display: inline-grid;
    place-items: center;
    inline-size: 22px;
    block-size: 22px;
  }
  .toggle {
    display: inline-grid;
    place-items: center;
    inline-size: 22px;
    block-size: 22px;
    border-radius: var(--dl-radius-sm);
    color: var(--dl-color-text-muted);
    cursor: pointer;
  }
  .toggle:hover {
    background: var(--dl-color-surface);
    color: var(--dl-color-text);
  }
  .row.active {
    outline: 2px solid var(--dl-color-focus);
    outline-offset: -2px;
  }
  .list .empty {
    margin: 0;
    padding: var(--dl-space-2);
    color: var(--dl-color-text-muted);
  }
  .swatch {
    inline-size: 12px;
    block-size: 12px;
    border-radius: 2px;
    flex: none;
  }
  .type {
    color: var(--dl-color-text-muted);
    font-size: var(--dl-font-size-sm);
  }
  .panel-toggle {
    block-size: calc(2rem + 6px); /* as tall as the toolbar (2rem buttons, 2px padding, 1px border) */
    padding-inline: var(--dl-space-2);
    border: 1px solid var(--dl-color-border);
    border-radius: var(--dl-radius-md);
    background: var(--dl-color-surface-raised);
    color: inherit;
    font: inherit;
    cursor: pointer;
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
  /* A video's widest count, unseen and unspoken: the toggle's width does not follow the frame. */
  .panel-toggle[data-sizer]::before {
    content: attr(data-sizer) / '';
    display: block;
    block-size: 0;
    overflow: hidden;
    visibility: hidden;
  }
  .panel-toggle:hover {
    background: var(--dl-color-hover);
  }
  .panel-toggle[aria-expanded='true'] {
    background: var(--dl-color-selected);
    border-color: var(--dl-color-accent);
  }
  progress {
    inline-size: 100%;
  }
`;
