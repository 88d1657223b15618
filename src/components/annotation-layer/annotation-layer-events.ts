import { cloneJson, DlEvent } from '../events.js';
import type { Change } from './model/annotation-store.js';
import type { AnnotationJson } from './model/annotation-json.js';

/** `detail` of `dl-annotation-create` and `dl-annotation-delete`. */
export interface AnnotationDetail {
  /** The annotation's Dataloop JSON (a copy). New annotations have `id: null` and `metadata.system.clientId`. */
  readonly annotation: AnnotationJson;
}

/** `detail` of `dl-annotation-update`. */
export interface AnnotationUpdateDetail extends AnnotationDetail {
  /** The JSON before the change. */
  readonly previous: AnnotationJson;
}

/** `detail` of `dl-selection-change`. */
export interface SelectionChangeDetail {
  /** The selected annotations' JSON, in z-order. */
  readonly selected: AnnotationJson[];
}

/** The user created an annotation (drawing, paste, redo of a create, undo of a delete). */
export class DlAnnotationCreateEvent extends DlEvent<AnnotationDetail> {
  static readonly type = 'dl-annotation-create';
  constructor(detail: AnnotationDetail) {
    super(DlAnnotationCreateEvent.type, detail);
  }
}

/** The user changed an annotation (geometry, label, attributes; or undo/redo of such a change). */
export class DlAnnotationUpdateEvent extends DlEvent<AnnotationUpdateDetail> {
  static readonly type = 'dl-annotation-update';
  constructor(detail: AnnotationUpdateDetail) {
    super(DlAnnotationUpdateEvent.type, detail);
  }
}

/** The user deleted an annotation. */
export class DlAnnotationDeleteEvent extends DlEvent<AnnotationDetail> {
  static readonly type = 'dl-annotation-delete';
  constructor(detail: AnnotationDetail) {
    super(DlAnnotationDeleteEvent.type, detail);
  }
}

/** The user changed the selection (click, shift-click, box-select, list, keyboard). */
export class DlSelectionChangeEvent extends DlEvent<SelectionChangeDetail> {
  static readonly type = 'dl-selection-change';
  constructor(detail: SelectionChangeDetail) {
    super(DlSelectionChangeEvent.type, detail);
  }
}

/** The create / update / delete events of a store change (copies of the JSON), in the changes' order. */
export function changeEvents(changes: readonly Change[]): DlEvent<AnnotationDetail>[] {
  return changes.flatMap((c) => {
    if (!c.before && c.after) return [new DlAnnotationCreateEvent({ annotation: cloneJson(c.after) })];
    if (c.before && !c.after) return [new DlAnnotationDeleteEvent({ annotation: cloneJson(c.before) })];
    if (c.before && c.after)
      return [new DlAnnotationUpdateEvent({ annotation: cloneJson(c.after), previous: cloneJson(c.before) })];
    return [];
  });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dl-annotation-create': DlAnnotationCreateEvent;
    'dl-annotation-update': DlAnnotationUpdateEvent;
    'dl-annotation-delete': DlAnnotationDeleteEvent;
    'dl-selection-change': DlSelectionChangeEvent;
  }
}
