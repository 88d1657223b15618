import type { Role } from './auth/roles.js';
import { HttpError } from './http/errors.js';

/**
 * Who may give a review verdict. Item status in a task (spec §6, §8 ItemStatus): annotators set
 * `completed`, `discard` and custom actions on their own items; `approved` is a reviewer's, so
 * only managers (owner, engineer, annotation manager) set or clear it. Annotation status (spec §8
 * AnnotationStatus): opening an issue and approving are a reviewer's; the annotator's answer is
 * `review` ("fixed, look again").
 */
export const REVIEW_ITEM_STATUSES: readonly string[] = ['approved'];
/** Annotation statuses only managers set (see {@link REVIEW_ITEM_STATUSES}). */
export const REVIEW_ANNOTATION_STATUSES: readonly string[] = ['issue', 'approved'];

/** 403 when an annotator sets or clears a reviewer's item status. */
export function checkItemStatusChange(
  role: Role,
  op: 'create' | 'delete',
  status: string,
  current: string | null,
  where: string,
): void {
  if (role !== 'annotator') return;
  if (op === 'create' && REVIEW_ITEM_STATUSES.includes(status))
    throw new HttpError(403, `${where}: only managers may set "${status}" (a review verdict)`);
  if (current && REVIEW_ITEM_STATUSES.includes(current))
    throw new HttpError(403, `${where}: the item was "${current}" by a reviewer; only managers may change that`);
}

/** The `metadata.system.status` of an annotation (or body), `null` when unset. */
export function annotationStatus(a: { metadata?: unknown } | null | undefined): string | null {
  const md = a?.metadata as { system?: { status?: unknown } } | undefined;
  const s = md?.system?.status;
  return typeof s === 'string' && s !== '' ? s : null;
}

/**
 * 403 when an annotator changes an annotation's status to or from a reviewer's one, except the
 * answer to an issue: `issue` -> `review`.
 */
export function checkAnnotationStatusChange(
  role: Role,
  before: string | null,
  after: string | null,
  where: string,
): void {
  if (role !== 'annotator' || before === after) return;
  const answer = before === 'issue' && after === 'review';
  if (
    !answer &&
    (REVIEW_ANNOTATION_STATUSES.includes(after ?? '') || REVIEW_ANNOTATION_STATUSES.includes(before ?? ''))
  )
    throw new HttpError(
      403,
      `${where}: only managers open issues or approve annotations; an annotator answers an issue with "review"`,
    );
}
