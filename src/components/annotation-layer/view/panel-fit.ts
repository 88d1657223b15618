// The selection's controls first. When the side panel is too short for everything, the objects'
// heading and list stick to its bottom (the sections above scroll under them) at a floor of four
// rows; with a shape selected, the selection's actions and a track's controls ("Frames to track"…)
// lay under them until the panel was scrolled. Now, while a selection's controls are shown:
//   - the list's floor gives way to them, down to two rows, so both fit (a 1024x700 video page:
//     panel ~285 px, controls ~150 px); too short even for two rows, the heading and list stop
//     sticking and the panel is one column that scrolls, the controls at its top (a 1024x600 video
//     page: the list below them, kept scrolled to the selected row for when the panel reaches it);
//   - the selected annotation's attribute editor counts as one of those controls (CVAT's object
//     card: the label, then every attribute, required ones marked): it keeps its whole height, and
//     the list's floor gives way to it too. Where it and two stuck rows do not fit but it does alone
//     (a 1024x700 image page with a car: ~440 px panel; a 1440x900 video page), the list un-sticks
//     below the selection; where not even the selection alone fits (a 1024x700 or 1280x800 video
//     page's panel, with a track's controls) the list un-sticks too, but its heading ("Objects · 4
//     objects") stays stuck at the panel's bottom as a one-row summary (data-summary): the
//     selection, attribute box whole (never a box of its own that scrolls: it once got ~40 px, one
//     field, at 1024x700), scrolls above it in the panel's one column, the list below it. On the
//     video page the timeline's lanes list the tracks too. A new selection then scrolls the panel
//     to the selection's top (its label, actions and a track's controls in view, then the start of
//     its attributes) and on to the first required attribute without a value only as far as the
//     label row stays in view. (At 1440x900 the selection fits whole: a pinned heading would cover
//     its last field, so the heading follows in flow.);
//   - a new selection (or a control group that renders later, as a track's does) scrolls the panel
//     so the controls lie whole above the stuck heading, and the object list to the selected row,
//     as CVAT's and Label Studio's panels show the selected object's details and its list entry.
// Layout is read on a selection change, when the set of control groups changes and on resize
// (ResizeObserver): never per render (a video frame re-renders the layer).
import type { DlAttributeEditor } from '../../attribute-editor/attribute-editor.js';
import { ROW } from './list-room.js';
import { rowClear, scrollToRow } from './panel.js';

/** Room kept between the last control and the stuck heading: a focus ring's width. */
const SLACK = 4;
/** The object list's border (top and bottom). */
const LIST_BORDER = 2;
/** Fewest object rows the list keeps stuck in view beside a selection's controls. */
const MIN_ROWS = 2;
/** The list's usual floor in rows (8rem in the styles); at this many rows or more the styles' floor stands. */
const FULL_ROWS = 4;
/** The custom property the styles read the list's floor from (the heading's offset and the scroll padding follow). */
export const OBJECTS_FLOOR = '--_objects-floor';

/**
 * Fits the side panel's sticky object list to the selection's controls and brings those controls
 * (and the selected row) into view. Call `selectionChanged` when the selection changes and `watch`
 * after every render; `disconnect` when the layer leaves the page.
 */
export class PanelFit {
  private panel: HTMLElement | null = null;
  /** The selection's control groups (`.panel > .actions`) of the last render. */
  private groups: HTMLElement[] = [];
  /** The selected annotation's attribute box (`.panel > .attrs`) of the last render. */
  private attrs: HTMLElement | null = null;
  /** What is observed for size: the panel, its sections and the attribute editor. */
  private observed: Element[] = [];
  /** The next `watch` brings the controls into view (a new selection). */
  private reveal = false;
  /**
   * The panel's and the list's scroll positions as the last reveal left them (null: none since the
   * selection changed). Sections that render later (the attribute editor, a track's controls)
   * resize the list or move the controls: while the user has not scrolled away, they are revealed
   * again.
   */
  private panelAt: number | null = null;
  private listAt: number | null = null;
  /** The panel still to be scrolled to the new selection's first unset required attribute. */
  private attrsReveal = false;
  /** A fit after a resize, in the next frame (set in the observer's callback, the floor would resize
   * what it observes: a "ResizeObserver loop" error). */
  private raf = 0;
  private readonly ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => this.later());

  /** Fits again in the next frame (once however often asked). */
  private later(): void {
    this.raf ||= requestAnimationFrame(() => {
      this.raf = 0;
      this.fit(false);
    });
  }

  /**
   * @param selectedRows - The indices of the selection's rows in the object list, ascending; read
   *   only when the list may scroll to them.
   * @param rowHeight - The object rows' height in px (the list's font: view/list-room.ts).
   */
  constructor(
    private readonly selectedRows: () => number[],
    private readonly rowHeight: () => number = () => ROW,
  ) {}

  /** The selection changed: the next render's controls are brought into view. */
  selectionChanged(): void {
    this.reveal = true;
    this.panelAt = this.listAt = null;
    this.attrsReveal = true;
  }

  /**
   * After a render: finds the panel and its sections (selectors only, no layout). New ones are
   * observed for size; a new selection, or control groups added or removed while something is
   * selected, is fitted and revealed at once (one layout read).
   */
  watch(root: ParentNode): void {
    const panel = root.querySelector<HTMLElement>('.panel');
    const groups = panel ? [...panel.querySelectorAll<HTMLElement>(':scope > .actions')] : [];
    const attrs = panel?.querySelector<HTMLElement>(':scope > .attrs') ?? null;
    // The attribute editor too: its box keeps its whole height, so a change of its fields re-fits.
    const observed = panel ? [panel, ...panel.children, ...(attrs?.children ?? [])] : [];
    const changed = (a: readonly Element[], b: readonly Element[]) =>
      a.length !== b.length || a.some((x, i) => x !== b[i]);
    const newGroups = changed(groups, this.groups) || attrs !== this.attrs;
    this.panel = panel;
    this.groups = groups;
    this.attrs = attrs;
    if (changed(observed, this.observed)) {
      this.ro?.disconnect();
      this.observed = observed;
      for (const el of observed) this.ro?.observe(el);
    }
    if (!panel) {
      this.reveal = false;
      return;
    }
    if (this.reveal || (newGroups && groups.length)) {
      this.reveal = false;
      this.fit(true);
    }
  }

  /**
   * Sets the list's floor for the panel's height and the controls' (reads layout). With `reveal`
   * scrolls the panel to the controls and the list to the selected row; without, does so again only
   * where the last reveal's scroll position still stands (the user did not scroll since).
   */
  private fit(reveal: boolean): void {
    const panel = this.panel;
    if (!panel?.isConnected) return;
    const heading = panel.querySelector<HTMLElement>(':scope > h2');
    const list = panel.querySelector<HTMLElement>(':scope > .list');
    const groups = this.groups.filter((g) => g.isConnected);
    const attrs = groups.length && this.attrs?.isConnected ? this.attrs : null;
    const row = this.rowHeight();
    let floor = '';
    let unstuck = false;
    let summary = false;
    if (groups.length && heading) {
      const cs = getComputedStyle(panel);
      const content =
        panel.clientHeight - (Number.parseFloat(cs.paddingTop) || 0) - (Number.parseFloat(cs.paddingBottom) || 0);
      const top = groups[0]!.getBoundingClientRect().top;
      const controls = groups.at(-1)!.getBoundingClientRect().bottom - top;
      // The attribute box at its own height, from the controls' top: they and it are the
      // selection's controls.
      const whole = attrs ? attrs.getBoundingClientRect().bottom - top : controls;
      const below = SLACK + heading.offsetHeight + LIST_BORDER;
      const rows = (span: number) => Math.floor((content - span - below) / row);
      const all = rows(whole);
      if (all >= MIN_ROWS) {
        // Everything fits: the list takes what is left, up to its usual floor.
        if (all < FULL_ROWS) floor = `${all * row + LIST_BORDER}px`;
      } else if (whole + SLACK <= content) {
        // The selection whole, or two stuck rows: the selection. The list follows in the panel's
        // one scrolling column (scroll or Tab to it), as below ~1024x600 on a video page.
        unstuck = true;
      } else if (attrs && controls + below <= content) {
        // Not even the selection alone fits (a video page's short panel): it scrolls whole in the
        // panel, the attributes their whole height, above the heading stuck as the list's summary.
        // The controls whole above the heading are enough (not two rows' room more): a video
        // page's label keys (view/panel.ts renderLabelKeys) took that room at 1024x700, and the
        // summary went (walk 35).
        unstuck = summary = true;
      } else if (rows(controls) >= MIN_ROWS) {
        floor = rows(controls) < FULL_ROWS ? `${rows(controls) * row + LIST_BORDER}px` : '';
      } else unstuck = true;
    }
    if (floor !== panel.style.getPropertyValue(OBJECTS_FLOOR)) {
      if (floor) panel.style.setProperty(OBJECTS_FLOOR, floor);
      else panel.style.removeProperty(OBJECTS_FLOOR);
    }
    if (unstuck !== panel.hasAttribute('data-unstuck')) panel.toggleAttribute('data-unstuck', unstuck);
    if (summary !== panel.hasAttribute('data-summary')) panel.toggleAttribute('data-summary', summary);
    // The editor's fields for a new selection render a moment after it: the first required
    // attribute still unset is revealed again once they are, while the user has not scrolled.
    let missing = false;
    if (attrs && this.attrsReveal) {
      const editor = attrs.querySelector<DlAttributeEditor>('dl-attribute-editor');
      missing = summary;
      if (editor?.isUpdatePending) void editor.updateComplete.then(() => this.later());
      else this.attrsReveal = false;
    }
    if (groups.length && (reveal || missing || panel.scrollTop === this.panelAt)) {
      const stuck = unstuck && !summary ? null : heading;
      // A selection taller than the panel opens at its top: the label it got and its actions (Lock,
      // Hide, Delete, a track's Out of view) first, then as much of the attributes as fits. It once
      // opened at the attributes, the label one scroll up: a box drawn with the last label used
      // (Car, meant Person) said nothing on screen but its tag on the picture (an annotator's walk).
      revealControls(panel, attrs ? [...groups, attrs] : groups, stuck, reveal || missing);
      if (summary && attrs && stuck)
        revealMissing(panel, stuck, attrs.querySelector('dl-attribute-editor'), groups[0]!);
      this.panelAt = panel.scrollTop;
    }
    if (list && (reveal || list.scrollTop === this.listAt)) {
      // A selected row already in view, clear of the edge fades, stays where it is (a row clicked,
      // Shift+click adding one); else the list scrolls the least that shows the first clear of them.
      const rows = this.selectedRows();
      if (rows.length && !rows.some((i) => rowClear(list, i, row))) scrollToRow(list, rows[0]!, row);
      this.listAt = rows.length ? list.scrollTop : null;
    }
  }

  /** Stops observing. */
  disconnect(): void {
    this.ro?.disconnect();
    cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.attrsReveal = false;
    this.panel = null;
    this.groups = [];
    this.attrs = null;
    this.observed = [];
  }
}

/**
 * Scrolls `panel` so its control groups lie whole above the stuck `heading` (null: not stuck,
 * above the panel's bottom), or as much of them as fits with the first group's top in view. With
 * `fromTop` (a new selection) a first group that starts above the view is scrolled down to whatever
 * its height: a selection taller than the panel then opens at its top, not where the last one was
 * scrolled to; without, a tall selection the user did not scroll stays where it is.
 */
function revealControls(
  panel: HTMLElement,
  groups: HTMLElement[],
  heading: HTMLElement | null,
  fromTop: boolean,
): void {
  const top = groups[0]!.getBoundingClientRect().top;
  const bottom = groups.at(-1)!.getBoundingClientRect().bottom;
  const p = panel.getBoundingClientRect();
  const cs = getComputedStyle(panel);
  const start = contentTop(panel);
  const end = p.top + panel.clientTop + panel.clientHeight - (Number.parseFloat(cs.paddingBottom) || 0);
  // A heading in flow lies below the controls; stuck, it is the line they must stay above.
  const limit = Math.min(end, heading ? heading.getBoundingClientRect().top : end);
  const over = bottom + SLACK - limit;
  if (top < start && (fromTop || over <= 0)) panel.scrollTop -= start - top;
  else if (over > 0) panel.scrollTop += Math.max(0, Math.min(over, top - start));
}

/**
 * Scrolls `panel` the least that shows the field of the first required attribute without a value
 * whole above the stuck `heading` (the panel's top fades what it scrolls past), down or up, but
 * never past the top of `keep` (the selection's first control group, its label row first): which
 * label the shape has stays on screen, the field then in view as far as it fits below it.
 */
function revealMissing(
  panel: HTMLElement,
  heading: HTMLElement,
  editor: DlAttributeEditor | null,
  keep: Element,
): void {
  const key = editor?.missing[0];
  const field = key ? editor?.shadowRoot?.querySelector(`[part~="field"][data-key="${CSS.escape(key)}"]`) : null;
  if (!field) return;
  const f = field.getBoundingClientRect();
  const over = f.bottom + SLACK - heading.getBoundingClientRect().top;
  const start = contentTop(panel);
  const room = Math.max(0, keep.getBoundingClientRect().top - start);
  if (over > 0) panel.scrollTop += Math.min(over, room);
  else if (f.top < start) panel.scrollTop -= start - f.top;
}

/** The top of `panel`'s content box on screen (below its border and top padding). */
function contentTop(panel: HTMLElement): number {
  const cs = getComputedStyle(panel);
  return panel.getBoundingClientRect().top + panel.clientTop + (Number.parseFloat(cs.paddingTop) || 0);
}
