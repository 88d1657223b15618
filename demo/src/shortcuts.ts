/**
 * The item page's own keys, one table: the help dialog lists it and the buttons' tooltips read
 * their key from it, so the two never disagree. (The annotation layer's keys are listed after
 * these in the help; the layer handles them itself.)
 */
export const PAGE_KEYS = {
  help: { keys: '?', what: 'Show / hide this help' },
  next: { keys: 'N  or  PageDown', what: 'Next item' },
  prev: { keys: 'Shift+N  or  PageUp', what: 'Previous item' },
  complete: { keys: 'Ctrl+Enter', what: 'Complete the item (your assignment) and go to the next' },
  approve: { keys: 'A', what: 'Approve the item (review) and go to the next' },
  reject: { keys: 'I', what: 'Reject: open an issue on the selected shape (or the item) and send it back' },
} as const;

/** The annotation layer's keys as the layer handles them today. */
export const LAYER_KEYS: [string, string][] = [
  ['V', 'Select tool'],
  ['R', 'Box'],
  ['P', 'Polygon (Enter or double-click closes, Esc cancels)'],
  ['L', 'Polyline'],
  ['O', 'Point'],
  ['E', 'Ellipse'],
  ['C', 'Classification'],
  ['B / X', 'Brush / eraser (masks)'],
  ['Delete / Backspace', 'Delete the selection'],
  ['Ctrl+Z / Ctrl+Shift+Z', 'Undo / redo'],
  ['Arrow keys', 'Nudge the selection (Shift: 10 px)'],
  ['[ / ]', 'Smaller / bigger brush'],
  ['Ctrl+C / Ctrl+V, Ctrl+A', 'Copy / paste, select all'],
  ['Wheel, + / -, 0, 1', 'Zoom, fit, 1:1'],
  ['Space + drag', 'Pan'],
];

/** `Next item (N or PageDown)`: a button's tooltip from the table. */
export function tip(k: keyof typeof PAGE_KEYS, label?: string): string {
  const e = PAGE_KEYS[k];
  return `${label ?? e.what} (${e.keys.replace(/\s+or\s+/g, ' or ')})`;
}
