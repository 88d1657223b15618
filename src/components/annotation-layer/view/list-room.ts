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

/** The height a panel render assumes for a list not there yet (the panel opening): renderPanel's. */
export const LIST_HEIGHT_UNKNOWN = 400;

/** Watches the panel's object list (`.list`) for a change of its visible height. */
export class ListRoom {
  private list: HTMLElement | null = null;
  /** The list height the last panel render used ({@link used}). */
  private h = LIST_HEIGHT_UNKNOWN;
  /** The frame asked for to compare the heights and render, 0 when none. */
  private raf = 0;
  private readonly ro =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver(() => {
          this.raf ||= requestAnimationFrame(() => {
            this.raf = 0;
            const list = this.list;
            if (list?.isConnected && list.clientHeight !== this.h) this.refresh();
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

  /** After a render: observes the list (a new one when the panel was rendered anew), none without a panel. */
  watch(root: ParentNode): void {
    const list = root.querySelector<HTMLElement>('.panel .list');
    if (list === this.list) return;
    this.ro?.disconnect();
    this.list = list;
    if (list) this.ro?.observe(list);
  }

  /** Stops observing (the layer left the page). */
  disconnect(): void {
    this.ro?.disconnect();
    cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.list = null;
  }
}
