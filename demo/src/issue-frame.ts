import type { OpenIssue } from './review-io.js';

/** A frame number, or null when `f` is not a non-negative integer. */
function frameOf(f: unknown): number | null {
  return typeof f === 'number' && Number.isInteger(f) && f >= 0 ? f : null;
}

/**
 * The video frame an issue was raised on, or null: the reviewer's frame this app keeps on its note
 * (`metadata.user.frame`), else the note's own start frame where Dataloop keeps a video
 * annotation's (`metadata.system.frame`, as a note made in the platform's studio has). A module of
 * its own so the issue banner reads it without loading the client (review-io.ts).
 */
export function issueFrame(issue: OpenIssue): number | null {
  const m = issue.note?.metadata;
  return frameOf(m?.user?.frame) ?? frameOf(m?.system?.frame);
}
