import { DlEvent } from '../events.js';

/** `detail` of `dl-attributes-change`. */
export interface AttributesChangeDetail {
  /** The new `metadata.system.attributes` dict (keys of other labels kept as they were). */
  readonly attributes: Record<string, unknown>;
  /** The attribute key the user changed. */
  readonly key: string;
  /** The label the editor was showing. */
  readonly label: string | null;
}

/** Fired by `<dl-attribute-editor>` after each user edit of one attribute. */
export class DlAttributesChangeEvent extends DlEvent<AttributesChangeDetail> {
  static readonly type = 'dl-attributes-change';
  constructor(detail: AttributesChangeDetail) {
    super(DlAttributesChangeEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dl-attributes-change': DlAttributesChangeEvent;
  }
}
