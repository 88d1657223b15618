import { DlEvent } from '../events.js';

/** `detail` of `dl-label-select`. */
export interface LabelSelectDetail {
  /** Full label name as annotations carry it (`parent.child`). */
  readonly label: string;
  /** The label's display text. */
  readonly displayLabel: string;
  /** The label's `#rrggbb` colour, `''` when the ontology has none. */
  readonly color: string;
}

/** Fired by `<dl-label-picker>` when the user picks a label (click, Enter, Space or hotkey). */
export class DlLabelSelectEvent extends DlEvent<LabelSelectDetail> {
  static readonly type = 'dl-label-select';
  constructor(detail: LabelSelectDetail) {
    super(DlLabelSelectEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dl-label-select': DlLabelSelectEvent;
  }
}
