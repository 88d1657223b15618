// Keyboard of the layer: a keydown runs the first row of the key table (keymap.ts) that matches it
// and applies; keys no row takes go to the active tool's own `key` (a tool's extra keys). Keys the
// layer uses stop here; the rest bubble to the viewer (zoom, pan) and the page. A focused control
// keeps the keys it uses itself (a text field all of them, a button or slider its Space, Enter and
// arrows).
import { eventKey, findKey, keyOwnedByControl } from '../../internal/key-spec.js';
import type { KeyContext } from './key-context.js';
import { LAYER_KEY_SPECS, LAYER_KEYS } from './keymap.js';

export type { KeyContext } from './key-context.js';

/** Handles a keydown on the layer; true when the layer used it. */
export function handleKey(k: KeyContext, e: KeyboardEvent): boolean {
  if (e.defaultPrevented) return false;
  const row = findKey(LAYER_KEYS, (r) => LAYER_KEY_SPECS.get(r)!, e);
  if (keyOwnedByControl(e) && !row?.fromFields) return false;
  let used = !!row?.run(k, e);
  if (!used && !row && !e.ctrlKey && !e.metaKey) used = !!k.tool().key?.(eventKey(e), e);
  if (used) {
    e.preventDefault();
    e.stopPropagation();
  }
  return used;
}
