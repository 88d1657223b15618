import type { OpenIssue } from './review-io.js';

/**
 * The video frame an issue was raised on (its note's `metadata.user.frame`), or null. A module of
 * its own so the issue banner reads it without loading the client (review-io.ts).
 */
export function issueFrame(issue: OpenIssue): number | null {
  const f = issue.note?.metadata?.user?.frame;
  return typeof f === 'number' && Number.isInteger(f) && f >= 0 ? f : null;
}
