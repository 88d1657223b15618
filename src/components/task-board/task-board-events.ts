import { DlEvent } from '../events.js';
import type { AssignmentJson, ItemJson, TaskJson } from './task-board-source.js';

/** `detail` of `dl-item-open`. */
export interface ItemOpenDetail {
  /** The item JSON. */
  readonly item: ItemJson;
  readonly task: TaskJson;
  /** The assignment selected when the item was opened, if any. */
  readonly assignment: AssignmentJson | null;
  /**
   * Position of the item in the board's list (all items of the task, or of the selected
   * assignment, oldest first), so a host can offer previous / next in the same order. `-1` while
   * a status filter hides rows (positions on a filtered page are not positions in the list).
   */
  readonly index: number;
}

/** Fired by `<dl-task-board>` when the user opens an item (button, Enter or double-click on its row). */
export class DlItemOpenEvent extends DlEvent<ItemOpenDetail> {
  static readonly type = 'dl-item-open';
  constructor(detail: ItemOpenDetail) {
    super(DlItemOpenEvent.type, detail);
  }
}

/** `detail` of `dl-item-status-change`. */
export interface ItemStatusChangeDetail {
  /** The item JSON after the change (its task/assignment refs carry the new status). */
  readonly item: ItemJson;
  readonly taskId: string;
  readonly assignmentId: string | null;
  /** The status set, or the one cleared when `operation` is `delete`. */
  readonly status: string;
  /** `create` sets the status, `delete` clears it (the platform's `statusPayload.operation`). */
  readonly operation: 'create' | 'delete';
  /** Status in the task before the change. */
  readonly previousStatus: string | null;
}

/**
 * Fired by `<dl-task-board>` after the user set or cleared an item's status, once the source
 * (the client, when one is given) has accepted it.
 */
export class DlItemStatusChangeEvent extends DlEvent<ItemStatusChangeDetail> {
  static readonly type = 'dl-item-status-change';
  constructor(detail: ItemStatusChangeDetail) {
    super(DlItemStatusChangeEvent.type, detail);
  }
}

/** `detail` of `dl-task-select`. */
export interface TaskSelectDetail {
  readonly task: TaskJson;
  /** The selected assignment, `null` for every item of the task. */
  readonly assignment: AssignmentJson | null;
}

/** Fired by `<dl-task-board>` when the user selects a task or an assignment. */
export class DlTaskSelectEvent extends DlEvent<TaskSelectDetail> {
  static readonly type = 'dl-task-select';
  constructor(detail: TaskSelectDetail) {
    super(DlTaskSelectEvent.type, detail);
  }
}

/** `detail` of `dl-task-create`. */
export interface TaskCreateDetail {
  /** The created task's JSON. */
  readonly task: TaskJson;
}

/** Fired by `<dl-task-board>` after the source created a task from the board's "New task" form. */
export class DlTaskCreateEvent extends DlEvent<TaskCreateDetail> {
  static readonly type = 'dl-task-create';
  constructor(detail: TaskCreateDetail) {
    super(DlTaskCreateEvent.type, detail);
  }
}

/** `detail` of `dl-assignment-reassign`. */
export interface AssignmentReassignDetail {
  readonly task: TaskJson;
  /** The assignment as it was before. */
  readonly assignment: AssignmentJson;
  /** Email of the annotator who now has its items. */
  readonly annotator: string;
}

/** Fired by `<dl-task-board>` after the source reassigned an assignment's items. */
export class DlAssignmentReassignEvent extends DlEvent<AssignmentReassignDetail> {
  static readonly type = 'dl-assignment-reassign';
  constructor(detail: AssignmentReassignDetail) {
    super(DlAssignmentReassignEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dl-item-open': DlItemOpenEvent;
    'dl-item-status-change': DlItemStatusChangeEvent;
    'dl-task-select': DlTaskSelectEvent;
    'dl-task-create': DlTaskCreateEvent;
    'dl-assignment-reassign': DlAssignmentReassignEvent;
  }
}
