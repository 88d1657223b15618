// The frame a video item reopens at when a decision on it (approval, rejection, discard) is undone.

/** Video items an undo reopens and the frame they were left on; each is read by the item's next load. */
const reopenFrames = new Map<string, number>();

/** An undo of a decision on item `itemId`, left at `frame` (null: an image, or a video at frame 0). */
export interface ReopeningUndo {
  itemId: string;
  frame: number | null;
  /** The decision's own move on (to the next item or the list); it may have failed. */
  moving: Promise<unknown>;
  /** Puts the server back as it was (the item returns to its list). */
  restore: () => Promise<void>;
  /** Opens the item again (and loads it, {@link openAgain}). */
  reopen: () => void;
}

/**
 * Undoes a decision and opens its item again at the frame it was left on. A failed restore keeps
 * no frame and opens nothing. The reopen always loads the item (see {@link openAgain}: also when
 * the move on failed and the page never left it), and that load takes the frame.
 */
export async function undoAndReopen(u: ReopeningUndo): Promise<void> {
  // The page must not stay on the list it was leaving: the move on ends (or fails) first.
  await u.moving.catch(() => undefined);
  await u.restore();
  if (u.frame) reopenFrames.set(u.itemId, u.frame);
  u.reopen();
}

/**
 * Opens `link` again: through the router when the page is elsewhere; by `reload` when the page
 * still shows it (a move on that failed), as setting the same hash fires no 'hashchange' and the
 * item, decided on the page, would not read its restored state.
 */
export function openAgain(link: string, reload: () => void): void {
  const before = location.hash;
  location.hash = link.replace(/^#/, '');
  if (location.hash === before) reload();
}

/** The frame item `itemId` reopens at (undefined: none), taken: a later load of it starts as usual. */
export function takeReopenFrame(itemId: string): number | undefined {
  const frame = reopenFrames.get(itemId);
  reopenFrames.delete(itemId);
  return frame;
}
