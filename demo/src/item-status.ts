import { itemRefs, itemReviewState, itemStatusIn, msg, statusColor, statusName } from 'dl-kit/components';
import type { Json } from './json.js';

/** What an item card says about the item's review: its words (the task board's), and a colour. */
export interface CardStatus {
  /** `completed`, `approved`, `discard` (a task's own action otherwise), `issue`, `returned` (sent back, its issues marked fixed), or `none` (to do). */
  status: string;
  /** The status as the task board words it: "Completed", "Open issue", "To do"… */
  text: string;
  /** Open issues of an item that has a status ("1 open issue"), else ''. */
  issues: string;
  /** Colour of the chip's dot (the board's colour of the status). */
  color: string;
}

/**
 * The review status of an item on a grid card, in the task board's words and by its rule
 * (`itemReviewState`): the item's state in its task (the first task ref with a status, else its
 * first); an item without status that has open issues was sent back and reads "Open issue"; one
 * sent back whose issues are all marked fixed reads "Sent back"; one with a status shows its
 * open-issue count too. Null for an item in no task and without issues (nothing to review).
 */
export function cardStatus(item: Json, openIssues: number): CardStatus | null {
  const tasks = itemRefs(item).filter((r) => r.type === 'task');
  if (!tasks.length && !openIssues) return null;
  const task = tasks.find((t) => itemStatusIn(item, t.id as string) !== null) ?? tasks[0];
  const { state, status } = task
    ? itemReviewState(item, task.id as string, openIssues)
    : { state: openIssues > 0 ? ('issue' as const) : ('status' as const), status: null };
  if (state !== 'status')
    return {
      status: state,
      text: state === 'issue' ? msg('taskBoard.sentBack', { count: openIssues }) : msg('taskBoard.returned'),
      issues: '',
      color: 'var(--dl-color-danger)',
    };
  return {
    status: status ?? 'none',
    text: statusName(status),
    issues: openIssues > 0 ? msg('taskBoard.openIssues', { count: openIssues }) : '',
    color: statusColor(status),
  };
}
