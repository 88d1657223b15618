// The review loop as the platform records it: item status in the task (`approved`, or the
// reviewer clears `completed`), issues as annotation status `issue` (spec §6 "annotation status")
// on the shape and on a `note` annotation pinned over it (`metadata.system.parentId` = the shape).
// The annotator answers with status `review` ("fixed, please look again").
import { client, session } from './session.js';
import { itemStatusIn } from 'dl-kit/components';
import { trackStateAt } from 'dl-kit';
import { toJson } from './json.js';

// biome-ignore lint/suspicious/noExplicitAny: platform JSON (items, tasks, annotations) is read field by field.
type Json = Record<string, any>;

/**
 * The annotations of a dataset (optionally of some items only) with annotation status `status`
 * (`issue` by default; `review`: an issue the annotator says is fixed), fresh from the server.
 */
export async function issueAnnotations(
  datasetId: string,
  itemIds?: string[],
  status: 'issue' | 'review' = 'issue',
): Promise<Json[]> {
  const and: Json[] = [{ 'metadata.system.status': status }];
  if (itemIds) and.push({ itemId: { $in: itemIds } });
  const pages = await client()
    .dataset(datasetId)
    .annotations.list(
      { filter: { $and: and }, resource: 'annotations', sort: { createdAt: 'ascending' } },
      { pageSize: 1000, cache: 'network-first' },
    );
  const out: Json[] = [];
  for await (const page of pages.fromLoaded()) out.push(...page.map((a: unknown) => toJson(a)));
  return out;
}

/** Ids of the items (of `itemIds`) with at least one open issue (`review`: one fixed, to check). */
export async function openIssueItems(
  datasetId: string,
  itemIds: string[],
  status: 'issue' | 'review' = 'issue',
): Promise<Set<string>> {
  if (!itemIds.length) return new Set();
  return new Set((await issueAnnotations(datasetId, itemIds, status)).map((a) => a.itemId as string));
}

export { issueFrame } from './issue-frame.js';

/** An open issue of an item: its note (when there is one) and the shape it is pinned to. */
export interface OpenIssue {
  note: Json | null;
  shape: Json | null;
  message: string;
  author: string;
}

/**
 * Open issues among an item's annotations: notes with status `issue`, and shapes with it but no
 * note. With `status` `review`: the issues the annotator marked fixed, for the reviewer to check.
 */
export function openIssues(annotations: Json[], status: 'issue' | 'review' = 'issue'): OpenIssue[] {
  const byId = new Map(annotations.map((a) => [a.id, a]));
  const open = annotations.filter((a) => a.metadata?.system?.status === status);
  const out: OpenIssue[] = [];
  const pinned = new Set<string>();
  for (const a of open.filter((x) => x.type === 'note')) {
    const parent = byId.get(a.metadata?.system?.parentId) ?? null;
    if (parent) pinned.add(parent.id);
    const msgs = (a.coordinates?.note?.messages ?? []) as Json[];
    const last = msgs[msgs.length - 1];
    out.push({
      note: a,
      shape: parent,
      message: String(last?.body ?? ''),
      author: String(last?.creator ?? a.creator ?? ''),
    });
  }
  for (const a of open)
    if (a.type !== 'note' && !pinned.has(a.id))
      out.push({ note: null, shape: a, message: '', author: String(a.updatedBy ?? '') });
  return out;
}

/**
 * Approves an item in a task (`POST /assignments/items/tasks/{taskId}/status`, status `approved`);
 * the fixes it checked (`fixed`: notes and shapes in status `review`) become `approved` first, so
 * they are not shown as still to check. Returns the annotations it wrote and how the item was left
 * ({@link itemAfterWrite}), for {@link markDecision}.
 */
export async function approveItem(
  taskId: string,
  item: Json,
  fixed: OpenIssue[] = [],
): Promise<{ written: Json[]; after: ItemAfter | null }> {
  const c = client();
  const written: Json[] = [];
  for (const i of fixed)
    for (const a of [i.note, i.shape])
      if (a?.id) written.push(toJson(await c.annotations.updateStatus(a.id, 'approved')));
  const answer = await c.tasks.setItemsStatus(taskId, [item.id], 'approved', { datasetId: item.datasetId });
  return { written, after: itemAfterWrite(item, taskId, answer) };
}

/**
 * How a decision (approve, reject, discard) left things, read right after it: the item's status
 * where it was decided and the length of its whole status log, and each annotation it wrote with
 * the `updatedAt` of that write. An undo compares the server with it first ({@link changedSince}).
 */
export interface DecisionMark {
  itemId: string;
  /** The task or assignment id the status was set in. */
  refId: string;
  status: string | null;
  /** Entries in the item's `metadata.system.taskStatusLog` (every task): any status change adds one. */
  logLength: number;
  annotations: { id: string; updatedAt: string; kind: string }[];
}

/** Undo refused: something the decision touched was changed since (by someone else, or another tab). */
export class UndoConflict extends Error {
  override name = 'UndoConflict';
}

const statusLog = (item: Json): Json[] =>
  Array.isArray(item.metadata?.system?.taskStatusLog) ? item.metadata.system.taskStatusLog : [];

/** How a status write left the item, as far as the undo's check reads it ({@link DecisionMark}). */
export interface ItemAfter {
  status: string | null;
  logLength: number;
}

/**
 * The local server keeps the last 50 entries of a status log: from there on a write leaves its
 * length as it was, so the length after a write is known only below it.
 */
const LOG_KEPT = 50;

/**
 * How a status write left the item, from what the write answered, without reading the item again:
 * `POST /assignments/{id}/items/{itemId}/status` answers with the item itself; the task's
 * `POST /assignments/items/tasks/{taskId}/status` answers `{[itemId]: {lastStatus, status}}`, which
 * with the item as the page had it (`before`) gives the status and one entry more in the log, when
 * `lastStatus` confirms the page's status was still the server's. Null when the answer does not say
 * enough (another server's answer, the page's item out of date, a log at its cap): read the item.
 */
export function itemAfterWrite(before: Json, refId: string, answer: unknown): ItemAfter | null {
  if (!answer || typeof answer !== 'object') return null;
  const a = answer as Json;
  if (a.id === before.id && Array.isArray(a.metadata?.system?.refs))
    return { status: itemStatusIn(a, refId), logLength: statusLog(a).length };
  const entry = a[before.id as string];
  if (!entry || typeof entry !== 'object' || !('lastStatus' in entry) || !('status' in entry)) return null;
  const last = typeof entry.lastStatus === 'string' && entry.lastStatus ? entry.lastStatus : null;
  if (last !== itemStatusIn(before, refId)) return null;
  const length = statusLog(before).length + 1;
  if (length >= LOG_KEPT) return null;
  return { status: typeof entry.status === 'string' && entry.status ? entry.status : null, logLength: length };
}

/**
 * Notes how the decision left the item and the annotations it wrote. `after`: how its status write
 * left the item ({@link itemAfterWrite}, or the page's item when it wrote no status); without it the
 * item is read fresh (one request more).
 */
export async function markDecision(
  itemId: string,
  refId: string,
  written: Json[],
  after?: ItemAfter | null,
): Promise<DecisionMark> {
  let now = after;
  if (!now) {
    const item = toJson(await client().items.get(itemId, { cache: 'no-cache' }));
    now = { status: itemStatusIn(item, refId), logLength: statusLog(item).length };
  }
  return {
    itemId,
    refId,
    status: now.status,
    logLength: now.logLength,
    annotations: written
      .filter((a) => a?.id)
      .map((a) => ({ id: a.id, updatedAt: String(a.updatedAt ?? ''), kind: a.type === 'note' ? 'note' : 'shape' })),
  };
}

/**
 * What changed since a decision, in plain words (`null`: nothing): the item's status or status log
 * (someone set or cleared a status), or one of the annotations it wrote (edited, its status
 * changed, deleted). Read fresh from the server.
 */
export async function changedSince(mark: DecisionMark): Promise<string | null> {
  const c = client();
  const item = toJson(await c.items.get(mark.itemId, { cache: 'no-cache' }));
  const log = statusLog(item);
  if (itemStatusIn(item, mark.refId) !== mark.status || log.length !== mark.logLength) {
    const by = log.at(-1)?.creator as string | undefined;
    return `the item's status was changed meanwhile${by ? ` by ${by}` : ''}`;
  }
  for (const a of mark.annotations) {
    let now: Json;
    try {
      now = toJson(await c.annotations.get(a.id, { cache: 'no-cache' }));
    } catch (e) {
      if ((e as { status?: number }).status === 404) return `the ${a.kind} was deleted meanwhile`;
      throw e;
    }
    if (String(now.updatedAt ?? '') !== a.updatedAt)
      return `the ${a.kind} was changed meanwhile${now.updatedBy ? ` by ${now.updatedBy}` : ''}`;
  }
  return null;
}

/** Throws {@link UndoConflict} when something changed since `mark`: an undo must not overwrite it. */
async function refuseIfChanged(mark: DecisionMark): Promise<void> {
  const why = await changedSince(mark);
  if (why) throw new UndoConflict(`Not undone: ${why}. Nothing was put back.`);
}

/**
 * Sets an annotation's status only if it is still the version `updatedAt` names (`If-Match`): a
 * write in between makes the server answer 409, read here as {@link UndoConflict}.
 */
async function setStatusIfUnchanged(
  id: string,
  status: 'issue' | 'approved' | 'review' | 'clear',
  updatedAt: string | undefined,
  kind: string,
) {
  try {
    await client().annotations.updateStatus(
      id,
      status,
      updatedAt ? { headers: { 'if-match': JSON.stringify(updatedAt) } } : {},
    );
  } catch (e) {
    if ((e as { status?: number }).status === 409)
      throw new UndoConflict(`Not undone: the ${kind} was changed meanwhile. Nothing was put back.`);
    throw e;
  }
}

/**
 * Takes an approval back: the item's status in the task returns to `previous` (set again, or the
 * approval cleared when it had none) and the fixes the approval accepted go back to `review`
 * ("fixed, please look again"), as they were before. With `mark` ({@link markDecision} right after
 * the approval), nothing is written when the item or those annotations changed since: it throws
 * {@link UndoConflict} instead.
 */
export async function undoApprove(
  taskId: string,
  item: Json,
  previous: string | null,
  fixed: OpenIssue[] = [],
  mark?: DecisionMark,
): Promise<void> {
  const c = client();
  const datasetId = item.datasetId as string;
  if (mark) await refuseIfChanged(mark);
  const at = new Map(mark?.annotations.map((a) => [a.id, a.updatedAt]));
  for (const i of fixed)
    for (const a of [i.note, i.shape])
      if (a?.id) await setStatusIfUnchanged(a.id, 'review', at.get(a.id), a.type === 'note' ? 'note' : 'shape');
  if (previous) await c.tasks.setItemsStatus(taskId, [item.id], previous, { datasetId });
  else await c.tasks.setItemsStatus(taskId, [item.id], 'approved', { clear: true, datasetId });
}

/**
 * Takes an annotator's status change in an assignment back (`discard`, `completed`): `previous`
 * set again, or `status` cleared when the item had none. With `mark` ({@link markDecision} right
 * after the change), nothing is written when the item's status changed since ({@link UndoConflict}).
 */
export async function undoItemStatus(
  assignmentId: string,
  item: Json,
  status: string,
  previous: string | null,
  mark?: DecisionMark,
): Promise<void> {
  const c = client();
  const datasetId = item.datasetId as string;
  if (mark) await refuseIfChanged(mark);
  if (previous) await c.assignments.setItemStatus(assignmentId, item.id, previous, { datasetId });
  else await c.assignments.setItemStatus(assignmentId, item.id, status, { clear: true, datasetId });
}

/** Box around a shape, for the note pinned to it (the whole image when there is no shape). */
function boundsOf(shape: Json | null, item: Json): [number, number, number, number] {
  const w = Number(item.metadata?.system?.width ?? 100);
  const h = Number(item.metadata?.system?.height ?? 100);
  const pts: { x: number; y: number }[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Json;
      if (typeof o.x === 'number' && typeof o.y === 'number') pts.push({ x: o.x, y: o.y });
      else Object.values(o).forEach(walk);
    }
  };
  if (shape && shape.type !== 'class' && shape.type !== 'binary') walk(shape.coordinates);
  if (!pts.length) return [0, 0, w, h];
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  return [clamp(Math.min(...xs), w), clamp(Math.min(...ys), h), clamp(Math.max(...xs), w), clamp(Math.max(...ys), h)];
}

/** What {@link rejectItem} changed, so {@link undoReject} can put it back. */
export interface Rejection {
  taskId: string;
  item: Json;
  /** The `note` annotation it created. */
  noteId: string | null;
  /** The shape it marked `issue`, with its annotation status before (`null`: none). */
  shape: { id: string; previous: string | null } | null;
  /** The item's status in the task before (`null`: none, nothing was cleared). */
  previous: string | null;
  /** How the rejection left the item, the note and the shape, for the undo's check. */
  mark: DecisionMark;
}

/**
 * Sends an item back: a `note` annotation with the reviewer's message pinned over `shape` (or the
 * whole image), status `issue` on the note and on the shape, and the item's status in the task
 * (`completed`, usually) cleared, so it returns to the annotator's list, first. Returns what it
 * changed, for {@link undoReject}.
 */
export async function rejectItem(o: {
  taskId: string;
  item: Json;
  shape: Json | null;
  /** On a video, the frame the reviewer saw (kept on the note: `metadata.user.frame`). */
  frame?: number | null;
  message: string;
  annotator: string | null;
}): Promise<Rejection> {
  const c = client();
  const me = session()?.email ?? '';
  // On a video the mark goes where the object is on the reviewer's frame, not on the track's first
  // frame (the top-level coordinates): an issue about frame 40 pinned to frame 0's box points at nothing.
  const seen = o.shape && typeof o.frame === 'number' ? trackStateAt(o.shape, o.frame) : null;
  const [l, t, r, b] = boundsOf(seen?.objectVisible ? { ...o.shape, coordinates: seen.coordinates } : o.shape, o.item);
  const now = Date.now();
  const previous = itemStatusIn(o.item, o.taskId);
  await c.outbox.flush();
  const created = await c.annotations.create(
    [
      {
        type: 'note',
        label: 'note',
        coordinates: {
          box: [
            { x: l, y: t, z: 0 },
            { x: r, y: b, z: 0 },
          ],
          note: {
            messages: [{ id: `m${now}`, creator: me, time: now, body: o.message }],
            status: 'open',
            createTime: now,
            creator: me,
            assignee: o.annotator ?? me,
          },
        },
        metadata: {
          system: { status: 'issue', ...(o.shape?.id ? { parentId: o.shape.id } : {}) },
          user: typeof o.frame === 'number' ? { frame: o.frame } : {},
        },
        source: 'ui',
      },
    ],
    { itemId: o.item.id },
  );
  const noteId = (toJson((created as unknown[])[0]) as Json | undefined)?.id ?? null;
  const written: Json[] = noteId ? [toJson((created as unknown[])[0])] : [];
  let shape: Rejection['shape'] = null;
  if (o.shape?.id) {
    shape = { id: o.shape.id, previous: (o.shape.metadata?.system?.status as string | undefined) || null };
    written.push(toJson(await c.annotations.updateStatus(o.shape.id, 'issue')));
  }
  // Nothing to clear without a status (a clear of nothing would only add to the status log); then
  // the item is read for the mark, the page's copy being as old as the page.
  const answer = previous
    ? await c.tasks.setItemsStatus(o.taskId, [o.item.id], previous, { clear: true, datasetId: o.item.datasetId })
    : null;
  const mark = await markDecision(o.item.id, o.taskId, written, itemAfterWrite(o.item, o.taskId, answer));
  return { taskId: o.taskId, item: o.item, noteId, shape, previous, mark };
}

/**
 * Takes a rejection back: the note it created deleted, the shape's annotation status as it was,
 * and the item's status in the task set again. The status log then holds the clear and its undo
 * by the same reviewer, which `sentBackIn` reads as nothing: the item is not "sent back".
 *
 * All or nothing: when the item's status, the shape or the note changed since the rejection (the
 * annotator answered, someone else decided), it writes nothing, the note stays, and it throws
 * {@link UndoConflict}. The shape's status is written first and only if it is still the version the
 * rejection left (`If-Match`), so a change in the last moment is refused too.
 */
export async function undoReject(r: Rejection): Promise<void> {
  const c = client();
  const datasetId = r.item.datasetId as string;
  await refuseIfChanged(r.mark);
  if (r.shape) {
    const at = r.mark.annotations.find((a) => a.id === r.shape!.id)?.updatedAt;
    await setStatusIfUnchanged(
      r.shape.id,
      (r.shape.previous ?? 'clear') as 'issue' | 'approved' | 'review' | 'clear',
      at,
      'shape',
    );
  }
  if (r.noteId) await c.annotations.delete(r.noteId);
  if (r.previous) await c.tasks.setItemsStatus(r.taskId, [r.item.id], r.previous, { datasetId });
}

/** The annotator's answer to an issue: status `review` on the note and on its shape. */
export async function markFixed(issue: OpenIssue): Promise<void> {
  const c = client();
  await c.outbox.flush();
  for (const a of [issue.note, issue.shape]) if (a?.id) await c.annotations.updateStatus(a.id, 'review');
}

/** The annotator of an item in a task: the assignment its refs name. */
export async function annotatorOf(item: Json, taskId: string): Promise<string | null> {
  const refs = (item.metadata?.system?.refs ?? []) as Json[];
  const ids = new Set(refs.filter((r) => r.type === 'assignment').map((r) => r.id));
  if (!ids.size) return null;
  const list = (await client().assignments.list({ taskId })).map((a: unknown) => toJson(a));
  return (list.find((a) => ids.has(a.id))?.annotator as string | undefined) ?? null;
}
