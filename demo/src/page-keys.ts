/**
 * Which keys a focused control keeps for itself, so the page's own keys (N, Shift+N, PageDown,
 * Ctrl+Enter, A, I, U) act everywhere else. Before, the page ignored every key from any `<input>`:
 * after setting a slider (Alt+M, End) Ctrl+Enter and N did nothing until Esc (walk 36).
 *
 * - Text fields (text-like inputs, `<textarea>`, content-editable) take every key they can type or
 *   move in: no plain letter, digit or Enter reaches the page. Chords they do not use still do:
 *   Ctrl/Cmd+Enter, and PageUp / PageDown in a one-line input (a `<textarea>` scrolls with them).
 * - A `<select>` takes letters (type-ahead), arrows, Home / End, PageUp / PageDown, Space and Enter.
 * - A checkbox takes Space; a radio Space and the arrows; a range slider the arrows, Home / End and
 *   PageUp / PageDown. Letters they do not use (N, P, A…) go to the page.
 */
const NOT_TEXT = new Set([
  'button',
  'submit',
  'reset',
  'image',
  'file',
  'color',
  'checkbox',
  'radio',
  'range',
  'hidden',
]);
const ARROWS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight']);
const PAGING = new Set(['PageUp', 'PageDown']);

/** The element the key goes to (inside shadow roots): the event's first target. */
function targetOf(e: KeyboardEvent): Element | null {
  const t = e.composedPath()[0];
  return t instanceof Element ? t : null;
}

/** True when the focused control uses key `e` itself: the page leaves it alone. */
export function controlTakes(e: KeyboardEvent, target: Element | null = targetOf(e)): boolean {
  if (!target) return false;
  const chord = e.ctrlKey || e.metaKey;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || (target as HTMLElement).isContentEditable) {
    // Ctrl/Cmd+Enter types nothing; everything else moves, scrolls or types.
    return !(chord && e.key === 'Enter');
  }
  if (tag === 'SELECT') return !(chord && e.key === 'Enter');
  if (tag !== 'INPUT') return false;
  const type = ((target as HTMLInputElement).type || 'text').toLowerCase();
  switch (type) {
    case 'checkbox':
      return e.key === ' ';
    case 'radio':
      return e.key === ' ' || ARROWS.has(e.key);
    case 'range':
      return ARROWS.has(e.key) || PAGING.has(e.key) || e.key === 'Home' || e.key === 'End';
    default:
      if (NOT_TEXT.has(type)) return false;
      // A one-line text field: it neither scrolls with PageUp / PageDown nor uses Ctrl+Enter.
      return !((chord && e.key === 'Enter') || PAGING.has(e.key));
  }
}

/**
 * The item step of a letter key: `N` next (+1), Shift+N previous (-1), by the Shift key and not the
 * letter's case (with Caps Lock on `N` arrives as "N" without Shift: before, that went back). 0 for
 * any other key or a chord with Ctrl, Cmd or Alt.
 */
export function letterStep(e: KeyboardEvent): -1 | 0 | 1 {
  if (e.ctrlKey || e.metaKey || e.altKey || e.key.toLowerCase() !== 'n') return 0;
  return e.shiftKey ? -1 : 1;
}
