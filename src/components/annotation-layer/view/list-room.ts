// The object list's visible height, followed on resize. The panel reads the list's scroll offset
// and height when it renders (which rows it renders, and an open note row's room and side:
// openNotePlace): a list resized without a scroll (the window, the panel's floor, a selection's
// controls growing above it) would keep the old values until something else rendered the layer.
// A ResizeObserver on the list asks for a render when its height differs from the one the last
// render used (not on its first observation: a panel that opens at the height it was rendered for
// is not rendered twice, which at 100k rows is a second full panel render).
// That render waits for the next frame: rendered inside the observer's delivery, its own changes
// to the list's height (PanelFit's fit, the rows laid out anew) would be a second notification in
// the same delivery, which Chromium drops and reports as "ResizeObserver loop completed with
// undelivered notifications" (a window error). The frame re-reads the height first, so a resize
// back to the rendered height before it renders nothing.
// The rows' height follows the list's font the same way: the panel renders a hidden probe in the
// list (`.row-probe`, a row's text line and an open note's line in the list's font), observed with
// the list. A font change (a host's font-size, the browser's minimum font size or text zoom)
// resizes it; the frame after reads its two line boxes (one layout read, never per row nor per
// render) and, when the row height they give (rowFor) differs, renders the panel with it, the list
// kept at the same first row. At the default font rows stay 28 px and nothing renders twice.

/**
 * An object row's height in px at the default font (the styles' `.row` block size when no
 * `--_row-h` is set). A larger font (a host's font-size, the browser's minimum font size or text
 * zoom) makes rows taller: view/list-room.ts measures the height the list's font needs
 * ({@link rowFor}) and the panel renders with that (view/panel.ts `PanelInput.row`).
 */
export const ROW = 28;
/** An open note row's line height in px at the default font (the styles' `--_note-line` fallback). */
export const NOTE_LINE = 18;
/**
 * Room a row keeps above and below its text line, in px together: at the default font (14 px,
 * line-height 1.4: a 19.6 px line box) the row is 28 px as before.
 */
const ROW_PAD = 8;

/**
 * A row's height for a text line box `line` px high (the list's font, measured once per font
 * change): whole pixels, never below {@link ROW} (the row's 22 px eye and lock fit it).
 */
export function rowFor(line: number): number {
  return line > 0 ? Math.max(ROW, Math.ceil(line - 0.01) + ROW_PAD) : ROW;
}

/** The height a panel render assumes for a list not there yet (the panel opening): renderPanel's. */
export const LIST_HEIGHT_UNKNOWN = 400;

/** Watches the panel's object list (`.list`) for a change of its visible height. */
export class ListRoom {
  private list: HTMLElement | null = null;
  /** The list height the last panel render used ({@link used}). */
  private h = LIST_HEIGHT_UNKNOWN;
  /** The frame asked for to compare the heights and render, 0 when none. */
  private raf = 0;
  /** The probe of the list's font (`.row-probe`) observed, null when none. */
  private probe: HTMLElement | null = null;
  /** The object rows' height in px for the list's font, as the next panel render uses it. */
  row = ROW;
  /** An open note row's line height in px for the list's font. */
  noteLine = NOTE_LINE;
  /** The list's first visible row (fractional) to keep at its top once rows of a new height render. */
  private anchor: number | null = null;
  private readonly ro =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver(() => {
          this.raf ||= requestAnimationFrame(() => {
            this.raf = 0;
            const list = this.list;
            const font = this.measure();
            if (list?.isConnected && (list.clientHeight !== this.h || font)) this.refresh();
          });
        });

  /** @param refresh - Renders the panel again (it reads the list's new height). */
  constructor(private readonly refresh: () => void) {}

  /**
   * At a panel render: notes the height it uses for `list` (the one there before the render, or
   * none yet) and gives the list back.
   */
  used(list: HTMLElement | null): HTMLElement | null {
    this.h = list?.clientHeight ?? LIST_HEIGHT_UNKNOWN;
    return list;
  }

  /**
   * Reads the probe's line boxes; true when they give rows of another height than the last render
   * used (then `row` and `noteLine` are the new ones, and the list's first row is kept). A probe
   * laid out at no height (a hidden panel) changes nothing.
   */
  private measure(): boolean {
    const probe = this.probe;
    if (!probe?.isConnected) return false;
    const line = probe.querySelector<HTMLElement>('[data-probe="row"]')?.getBoundingClientRect().height ?? 0;
    const note = probe.querySelector<HTMLElement>('[data-probe="note"]')?.getBoundingClientRect().height ?? 0;
    if (!(line > 0)) return false;
    const row = rowFor(line);
    const noteLine = Math.max(NOTE_LINE, Math.ceil(note - 0.01));
    if (row === this.row && noteLine === this.noteLine) return false;
    if (row !== this.row && this.list?.isConnected) this.anchor ??= this.list.scrollTop / this.row;
    this.row = row;
    this.noteLine = noteLine;
    return true;
  }

  /**
   * After a render: observes the list and its font probe (new ones when the panel was rendered
   * anew), none without a panel; the first render at a new row height scrolls the list back to the
   * row that was at its top.
   */
  watch(root: ParentNode): void {
    const list = root.querySelector<HTMLElement>('.panel .list');
    const probe = list?.querySelector<HTMLElement>(':scope > .row-probe') ?? null;
    if (list && this.anchor !== null) {
      list.scrollTop = Math.round(this.anchor * this.row);
      this.anchor = null;
    }
    if (list === this.list && probe === this.probe) return;
    this.ro?.disconnect();
    this.list = list;
    this.probe = probe;
    if (list) this.ro?.observe(list);
    if (probe) this.ro?.observe(probe);
  }

  /** Stops observing (the layer left the page). */
  disconnect(): void {
    this.ro?.disconnect();
    cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.list = null;
    this.probe = null;
    this.anchor = null;
  }
}
