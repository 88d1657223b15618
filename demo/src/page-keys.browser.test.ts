// Which keys a focused control keeps from the page (real Chromium, real controls, keydowns
// dispatched on them and read on the window as the item page reads them).
import { afterEach, describe, expect, it } from 'vitest';
import { controlTakes, letterStep } from './page-keys.js';

let host: HTMLElement;
afterEach(() => host?.remove());

/** A control made from `markup`, inside a shadow root (as the layer's side panel is). */
function control(markup: string): HTMLElement {
  host = document.createElement('div');
  document.body.append(host);
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML = markup;
  return root.firstElementChild as HTMLElement;
}

/** Whether the page would leave `key` (with `mods`) from `el` alone, as read on the window. */
function taken(el: HTMLElement, key: string, mods: KeyboardEventInit = {}): boolean {
  let answer: boolean | undefined;
  const read = (e: KeyboardEvent) => (answer = controlTakes(e));
  window.addEventListener('keydown', read);
  el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, ...mods }));
  window.removeEventListener('keydown', read);
  expect(answer).toBeDefined();
  return answer!;
}

describe('controlTakes', () => {
  it('a range slider keeps arrows, Home/End and PageUp/PageDown; N, Shift+N and Ctrl+Enter go to the page', () => {
    const slider = control('<input type="range" min="0" max="100">');
    for (const k of ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'])
      expect(taken(slider, k), k).toBe(true);
    expect(taken(slider, 'n')).toBe(false);
    expect(taken(slider, 'N', { shiftKey: true })).toBe(false);
    expect(taken(slider, 'Enter', { ctrlKey: true })).toBe(false);
    expect(taken(slider, 'a')).toBe(false);
  });

  it('a checkbox keeps Space only; a radio Space and the arrows', () => {
    const box = control('<input type="checkbox">');
    expect(taken(box, ' ')).toBe(true);
    for (const k of ['n', 'p', 'PageDown', 'PageUp']) expect(taken(box, k), k).toBe(false);
    expect(taken(box, 'Enter', { ctrlKey: true })).toBe(false);
    const radio = control('<input type="radio" name="c">');
    for (const k of [' ', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown']) expect(taken(radio, k), k).toBe(true);
    expect(taken(radio, 'n')).toBe(false);
    expect(taken(radio, 'Enter', { metaKey: true })).toBe(false);
  });

  it('a text field keeps letters and Enter, not Ctrl+Enter nor PageUp/PageDown; a textarea keeps paging too', () => {
    for (const type of ['text', 'search', 'number', 'email']) {
      const field = control(`<input type="${type}">`);
      expect(taken(field, 'n'), type).toBe(true);
      expect(taken(field, 'N', { shiftKey: true }), type).toBe(true);
      expect(taken(field, 'Enter'), type).toBe(true);
      expect(taken(field, 'Enter', { ctrlKey: true }), type).toBe(false);
      expect(taken(field, 'PageDown'), type).toBe(false);
    }
    const area = control('<textarea></textarea>');
    expect(taken(area, 'n')).toBe(true);
    expect(taken(area, 'PageDown')).toBe(true);
    expect(taken(area, 'Enter', { ctrlKey: true })).toBe(false);
    const editable = control('<div contenteditable="true"></div>');
    expect(taken(editable, 'n')).toBe(true);
    expect(taken(editable, 'Enter', { ctrlKey: true })).toBe(false);
    const select = control('<select><option>a</option></select>');
    expect(taken(select, 'n')).toBe(true);
    expect(taken(select, 'PageDown')).toBe(true);
    expect(taken(select, 'Enter', { ctrlKey: true })).toBe(false);
  });

  it('a button or the page itself keeps nothing', () => {
    expect(taken(control('<button>x</button>'), 'n')).toBe(false);
    expect(taken(control('<div tabindex="0"></div>'), 'n')).toBe(false);
  });
});

describe('letterStep', () => {
  const key = (k: string, mods: KeyboardEventInit = {}) =>
    letterStep(new KeyboardEvent('keydown', { key: k, ...mods }));
  it('N is next and Shift+N previous by the Shift key, not the letter case (Caps Lock)', () => {
    expect(key('n')).toBe(1);
    expect(key('N', { shiftKey: true })).toBe(-1);
    // Caps Lock on: "N" without Shift is still next; Shift gives "n" and is previous.
    expect(key('N')).toBe(1);
    expect(key('n', { shiftKey: true })).toBe(-1);
    expect(key('n', { ctrlKey: true })).toBe(0);
    expect(key('n', { altKey: true })).toBe(0);
    expect(key('m')).toBe(0);
  });
});
