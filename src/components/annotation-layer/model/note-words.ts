// What a Dataloop `note` annotation (an issue or comment pinned to the image, spec §1.3) says, in
// the user's words: read by the object list's row (view) and the note's tag on the canvas (render).
import { msg } from '../../strings.js';

/** What a `note` annotation (Dataloop's issue/note, spec §1.3) says, for its row in the object list. */
export interface NoteWords {
  /** "Issue" when the annotation's status is `issue`, else "Note". */
  kind: string;
  /** The annotation's status is `issue` (an open question to its author), not a plain note. */
  issue: boolean;
  /** The first message's text on one line, else "Issue (open)" from the kind and the note's status. */
  text: string;
  /** Every message ("creator: body", one a line) and the status: the row's tooltip. */
  full: string;
}

/** True for Dataloop's `note` annotations: issues and comments pinned to the image, not objects. */
export function isNote(a: { type?: unknown } | undefined): boolean {
  return a?.type === 'note';
}

/** True for a `note` annotation whose status is `issue` (an open question to its author). */
export function isIssue(a: { type?: unknown; metadata?: unknown } | undefined): boolean {
  if (a?.type !== 'note') return false;
  const system = (a.metadata as { system?: { status?: unknown } } | undefined)?.system;
  return system?.status === 'issue';
}

/** The words of a note annotation's row, read field by field (any field may be missing). */
export function noteWords(a: { coordinates?: unknown; metadata?: unknown }): NoteWords {
  const rec = (v: unknown): Record<string, unknown> =>
    v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  const note = rec(rec(a.coordinates).note);
  const messages = Array.isArray(note.messages) ? note.messages.map(rec) : [];
  const status = typeof note.status === 'string' ? note.status : '';
  const issue = rec(rec(a.metadata).system).status === 'issue';
  const kind = msg(issue ? 'annotationLayer.issue' : 'annotationLayer.note');
  const oneLine = (s: unknown) => (typeof s === 'string' ? s.replace(/\s+/g, ' ').trim() : '');
  const first = messages.map((m) => oneLine(m.body)).find(Boolean) ?? '';
  const text = first || (status ? msg('annotationLayer.noteStatus', { kind, status }) : kind);
  const lines = messages
    .filter((m) => oneLine(m.body))
    .map((m) => (typeof m.creator === 'string' && m.creator ? `${m.creator}: ${String(m.body)}` : String(m.body)));
  if (status) lines.push(msg('annotationLayer.noteStatus', { kind, status }));
  return { kind, issue, text, full: lines.join('\n') || kind };
}
