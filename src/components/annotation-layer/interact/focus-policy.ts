// Where the keyboard goes: the layer takes it back after a mouse click on its own controls, and takes
// it when its item opens (the `autofocus` attribute), but never from a text field or an open dialog.
import { isFocusedItself } from './pointer-router.js';

/** A text field, select, slider or editable element: the controls that keep the focus they get. */
function isTyping(n: unknown): boolean {
  return n instanceof HTMLElement && (/^(INPUT|TEXTAREA|SELECT)$/.test(n.tagName) || n.isContentEditable);
}

/**
 * After a mouse click on the layer's own controls (a tool button, a label in the picker, a row, a
 * panel button) the keyboard comes back to the layer, so the next shortcut works at once. Text
 * fields, selects and sliders keep the focus; keyboard activation (Enter / Space) keeps it where
 * the user put it.
 */
export function refocusAfterClick(layer: HTMLElement, e: MouseEvent): void {
  if (e.detail === 0) return;
  const keeps = e.composedPath().some(isTyping);
  if (!keeps && !isFocusedItself(layer)) layer.focus({ preventScroll: true });
}

/**
 * The `autofocus` attribute's policy: the layer takes the keyboard when its item opens (shortcuts work
 * without a first click, also after a Next button), unless the user is typing in a field elsewhere
 * or a dialog is open (the item may finish loading behind it).
 */
export function autofocusLayer(layer: HTMLElement, viewer: Element | null): void {
  if (!layer.hasAttribute('autofocus') || !layer.isConnected) return;
  let a: Element | null = document.activeElement;
  // Focus already on the item (its viewer, the layer or one of the layer's controls): the layer's.
  if (a && viewer?.contains(a)) return void layer.focus({ preventScroll: true });
  while (a?.shadowRoot?.activeElement) {
    a = a.shadowRoot.activeElement;
    if (viewer?.contains(a)) return void layer.focus({ preventScroll: true });
  }
  if (!isTyping(a) && !inDialog(a)) layer.focus({ preventScroll: true });
}

/** True when `el` is inside an open dialog (through shadow roots): the page's focus belongs there. */
function inDialog(el: Element | null): boolean {
  for (let n: Node | null = el; n; n = n.parentNode ?? (n instanceof ShadowRoot ? n.host : null))
    if (
      n instanceof Element &&
      (n.getAttribute('aria-modal') === 'true' ||
        n.localName === 'dialog' ||
        /dialog/.test(n.getAttribute('role') ?? ''))
    )
      return true;
  return false;
}

/**
 * Runs `update` (a change that re-renders the layer). When one of the layer's controls had the
 * keyboard and the re-render removed it (the tracking bar's Cancel or Close as the run ends or its
 * result closes), the layer takes the keyboard back, so its keys keep working.
 */
export function refocusIfRemoved(
  layer: HTMLElement & { readonly updateComplete: Promise<unknown> },
  update: () => void,
): void {
  const had = layer.shadowRoot?.activeElement;
  update();
  if (had)
    void layer.updateComplete.then(() => {
      if (!had.isConnected) layer.focus({ preventScroll: true });
    });
}
