// The object list's visible height, followed on resize. The panel reads the list's scroll offset
// and height when it renders (which rows it renders, and an open note row's room and side:
// openNotePlace): a list resized without a scroll (the window, the panel's floor, a selection's
// controls growing above it) would keep the old values until something else rendered the layer.
// A ResizeObserver on the list asks for a render when its height changed.

/** Watches the panel's object list (`.list`) for a change of its visible height. */
export class ListRoom {
  private list: HTMLElement | null = null;
  /** The list's clientHeight when it was last observed (a render follows a change). */
  private h = -1;
  private readonly ro =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver(() => {
          const list = this.list;
          if (!list) return;
          const h = list.clientHeight;
          if (h === this.h) return;
          this.h = h;
          this.refresh();
        });

  /** @param refresh - Renders the panel again (it reads the list's new height). */
  constructor(private readonly refresh: () => void) {}

  /** After a render: observes the list (a new one when the panel was rendered anew), none without a panel. */
  watch(root: ParentNode): void {
    const list = root.querySelector<HTMLElement>('.panel .list');
    if (list === this.list) return;
    this.ro?.disconnect();
    this.list = list;
    this.h = -1;
    if (list) this.ro?.observe(list);
  }

  /** Stops observing (the layer left the page). */
  disconnect(): void {
    this.ro?.disconnect();
    this.list = null;
    this.h = -1;
  }
}
