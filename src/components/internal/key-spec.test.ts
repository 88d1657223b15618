// Which key an Alt+key press means on other layouts: the character the layout types when it is
// printable ASCII (AZERTY's `,` at KeyM, Dvorak's `,` and `.` at KeyW and KeyE), the key's place on
// the keyboard when it is not (macOS Option+M types µ, a Cyrillic layout ь, Option+. types ≥).
import { beforeEach, describe, expect, it } from 'vitest';
import { eventKey, keyMatches, parseKeySpec, watchKeyboardLayout } from './key-spec.js';

const press = (code: string, key: string, init: KeyboardEventInit = { altKey: true }) =>
  new KeyboardEvent('keydown', { code, key, ...init });

// No layout map unless a test gives one (the test browser's own would be read otherwise).
beforeEach(() => watchKeyboardLayout(null));

describe('eventKey under Alt', () => {
  it('AZERTY: Alt+, (at KeyM) is `,`, not Alt+M', () => {
    const e = press('KeyM', ',');
    expect(eventKey(e)).toBe(',');
    expect(keyMatches(parseKeySpec('Alt+M'), e)).toBe(false);
    expect(keyMatches(parseKeySpec('Alt+,'), e)).toBe(true);
  });

  it('Dvorak: Alt+, (at KeyW) and Alt+. (at KeyE) are `,` and `.`; Alt+V (at Period) is `v`', () => {
    expect(eventKey(press('KeyW', ','))).toBe(',');
    expect(eventKey(press('KeyE', '.'))).toBe('.');
    expect(eventKey(press('Period', 'v'))).toBe('v');
  });

  it('macOS: Option+M (µ) is `m`, Option+. (≥) is `.`, Option+E (a dead key) is `e`', () => {
    const e = press('KeyM', 'µ');
    expect(eventKey(e)).toBe('m');
    expect(keyMatches(parseKeySpec('Alt+M'), e)).toBe(true);
    expect(eventKey(press('Period', '≥'))).toBe('.');
    expect(eventKey(press('KeyE', 'Dead'))).toBe('e');
  });

  it('Cyrillic: Alt+ь (at KeyM) is `m`', () => {
    expect(eventKey(press('KeyM', 'ь'))).toBe('m');
  });

  it('US: Alt+M is `m`; without Alt the key typed counts (µ stays µ)', () => {
    expect(eventKey(press('KeyM', 'm'))).toBe('m');
    expect(eventKey(press('KeyM', 'µ', {}))).toBe('µ');
    expect(eventKey(press('Digit1', '!', { shiftKey: true }))).toBe('1');
  });
});

// macOS Option types a symbol on every layout, so e.key cannot tell which key was pressed; the
// browser's layout map (Chromium's navigator.keyboard.getLayoutMap) says what the key types unmodified.
describe('eventKey under Alt with a layout map', () => {
  const layout = (entries: Record<string, string>) => {
    let map = new Map(Object.entries(entries));
    let onChange: (() => void) | undefined;
    return {
      source: {
        getLayoutMap: async () => map,
        addEventListener: (_: 'layoutchange', l: () => void) => void (onChange = l),
      },
      change: (next: Record<string, string>) => {
        map = new Map(Object.entries(next));
        onChange?.();
      },
    };
  };
  const AZERTY = { KeyQ: 'a', KeyA: 'q', KeyM: ',', Comma: ';', Semicolon: 'm', Period: ':', KeyW: 'z' };
  const QWERTY = { KeyQ: 'q', KeyA: 'a', KeyM: 'm', Comma: ',', Semicolon: ';', Period: '.', KeyW: 'w' };

  it('AZERTY Mac: Option+, (at KeyM, types ∞) is Alt+, not Alt+M', async () => {
    await watchKeyboardLayout(layout(AZERTY).source);
    const e = press('KeyM', '∞');
    expect(eventKey(e)).toBe(',');
    expect(keyMatches(parseKeySpec('Alt+,'), e)).toBe(true);
    expect(keyMatches(parseKeySpec('Alt+M'), e)).toBe(false);
    // AZERTY's M sits at Semicolon: Option+M there (µ) is Alt+M.
    expect(eventKey(press('Semicolon', 'µ'))).toBe('m');
  });

  it('QWERTY Mac: Option+M (µ) is still Alt+M, Option+. (≥) Alt+.', async () => {
    await watchKeyboardLayout(layout(QWERTY).source);
    expect(eventKey(press('KeyM', 'µ'))).toBe('m');
    expect(eventKey(press('Period', '≥'))).toBe('.');
    expect(eventKey(press('KeyM', 'm'))).toBe('m');
  });

  it('a layout that types no ASCII on the key (Cyrillic ь at KeyM) keeps the key place', async () => {
    await watchKeyboardLayout(layout({ KeyM: 'ь' }).source);
    expect(eventKey(press('KeyM', 'ь'))).toBe('m');
  });

  it("follows 'layoutchange': QWERTY then AZERTY", async () => {
    const kb = layout(QWERTY);
    await watchKeyboardLayout(kb.source);
    expect(eventKey(press('KeyM', '∞'))).toBe('m');
    kb.change(AZERTY);
    await Promise.resolve();
    await Promise.resolve();
    expect(eventKey(press('KeyM', '∞'))).toBe(',');
  });

  // Chromium's navigator.keyboard is no EventTarget: 'layoutchange' never comes there.
  const silent = (entries: Record<string, string>) => {
    let map = new Map(Object.entries(entries));
    const source = { reads: 0, getLayoutMap: async () => (source.reads++, map) };
    return { source, set: (next: Record<string, string>) => void (map = new Map(Object.entries(next))) };
  };
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('an OS switch AZERTY -> US without layoutchange: a plain keydown that disagrees re-reads the map', async () => {
    const kb = silent(AZERTY);
    await watchKeyboardLayout(kb.source);
    expect(eventKey(press('KeyM', '∞'))).toBe(',');
    kb.set(QWERTY);
    document.body.dispatchEvent(press('KeyM', 'm', { bubbles: true }));
    // Until the new map arrives the key's place counts, not the stale map's `,`.
    expect(eventKey(press('KeyM', 'µ'))).toBe('m');
    await settle();
    expect(eventKey(press('KeyM', 'µ'))).toBe('m');
    expect(eventKey(press('Semicolon', '…'))).toBe(';');
    expect(kb.source.reads).toBe(2);
  });

  it('re-reads the map when the window regains focus; a key the map reports otherwise is re-read once only', async () => {
    const kb = silent(QWERTY);
    await watchKeyboardLayout(kb.source);
    kb.set(AZERTY);
    window.dispatchEvent(new FocusEvent('focus'));
    await settle();
    expect(eventKey(press('KeyM', '∞'))).toBe(',');
    const reads = kb.source.reads;
    // KeyQ types `x` though the (fresh) map says `a`: one re-read, then the pair is known.
    for (let i = 0; i < 3; i++) {
      document.body.dispatchEvent(press('KeyQ', 'x', { bubbles: true }));
      await settle();
    }
    expect(kb.source.reads).toBe(reads + 1);
    // Shifted or modified keys type other characters and say nothing about the layout.
    document.body.dispatchEvent(press('KeyM', '?', { bubbles: true, shiftKey: true }));
    document.body.dispatchEvent(press('KeyM', 'µ', { bubbles: true, altKey: true }));
    await settle();
    expect(kb.source.reads).toBe(reads + 1);
  });

  it('no layout map (Firefox, Safari): the key place, as before', async () => {
    await watchKeyboardLayout(null);
    expect(eventKey(press('KeyM', '∞'))).toBe('m');
    expect(eventKey(press('Period', '≥'))).toBe('.');
  });
});
