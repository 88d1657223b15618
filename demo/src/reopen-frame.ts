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
  /** Opens the item again. */
  reopen: () => void;
}

/**
 * Undoes a decision and opens its item again at the frame it was left on. The frame is kept only
 * for the reopen of a successful undo that left the item: a failed restore keeps nothing, and
 * neither does a move on that failed (the page never left the item, so no load would read the
 * frame and the item's next opening, later, would jump to it).
 */
export async function undoAndReopen(u: ReopeningUndo): Promise<void> {
  const left = await u.moving.then(
    () => true,
    () => false,
  );
  await u.restore();
  if (u.frame && left) reopenFrames.set(u.itemId, u.frame);
  u.reopen();
}

/** The frame item `itemId` reopens at (undefined: none), taken: a later load of it starts as usual. */
export function takeReopenFrame(itemId: string): number | undefined {
  const frame = reopenFrames.get(itemId);
  reopenFrames.delete(itemId);
  return frame;
}
