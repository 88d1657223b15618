/**
 * The base of every `dl-*` event: a `CustomEvent` that bubbles and crosses shadow roots
 * (`composed`), carrying an object `detail` with Dataloop JSON. Components fire them only for user
 * actions, never when a host sets a property.
 *
 * @example
 * export class DlLabelSelectEvent extends DlEvent<{ label: string }> {
 *   static readonly type = 'dl-label-select';
 *   constructor(detail: { label: string }) { super(DlLabelSelectEvent.type, detail); }
 * }
 * declare global { interface GlobalEventHandlersEventMap { 'dl-label-select': DlLabelSelectEvent } }
 */
export class DlEvent<T extends object> extends CustomEvent<T> {
  constructor(type: string, detail: T, init: { cancelable?: boolean } = {}) {
    super(type, { detail, bubbles: true, composed: true, cancelable: init.cancelable ?? false });
  }
}

/**
 * Dispatches `event` from `target` and returns whether it was not cancelled
 * (the return value of `dispatchEvent`).
 */
export function emit(target: EventTarget, event: DlEvent<object>): boolean {
  return target.dispatchEvent(event);
}

/**
 * Deep copy of JSON data for event details, so a listener that mutates `detail` cannot reach
 * into a component's state. `structuredClone` keeps unknown keys as they are.
 */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}
