import { DlEvent } from '../events.js';
import type { AssignmentJson, ItemJson, TaskJson } from './task-board-source.js';

/** `detail` of `dl-item-open`. */
export interface ItemOpenDetail {
  /** The item JSON. */
  readonly item: ItemJson;
  readonly task: TaskJson;
  /** The assignment selected when the item was opened, if any. */
  readonly assignment: AssignmentJson | null;
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

declare global {
  interface GlobalEventHandlersEventMap {
    'dl-item-open': DlItemOpenEvent;
    'dl-item-status-change': DlItemStatusChangeEvent;
  }
}
