/**
 * The item page's own keys, one table: the help dialog lists it and the buttons' tooltips read
 * their key from it, so the two never disagree. (The annotation layer's and the viewer's keys are
 * listed after these, from dl-kit's own key tables: `annotationShortcuts()`.)
 */
export const PAGE_KEYS = {
  help: { keys: '?', what: 'Show / hide this help' },
  next: { keys: 'N  or  PageDown', what: 'Next item' },
  prev: { keys: 'Shift+N  or  PageUp', what: 'Previous item' },
  complete: { keys: 'Ctrl+Enter', what: 'Complete the item (your assignment) and go to the next' },
  approve: { keys: 'A', what: 'Approve the item (review) and go to the next' },
  reject: { keys: 'I', what: 'Reject: open an issue on the selected shape (or the item) and send it back' },
  undo: { keys: 'U', what: 'Undo the last approve or discard (while “Undo” shows)' },
} as const;

/** `Next item (N or PageDown)`: a button's tooltip from the table. */
export function tip(k: keyof typeof PAGE_KEYS, label?: string): string {
  const e = PAGE_KEYS[k];
  return `${label ?? e.what} (${e.keys.replace(/\s+or\s+/g, ' or ')})`;
}
