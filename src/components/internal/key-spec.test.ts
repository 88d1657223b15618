// Which key an Alt+key press means on other layouts: the character the layout types when it is
// printable ASCII (AZERTY's `,` at KeyM, Dvorak's `,` and `.` at KeyW and KeyE), the key's place on
// the keyboard when it is not (macOS Option+M types µ, a Cyrillic layout ь, Option+. types ≥).
import { describe, expect, it } from 'vitest';
import { eventKey, keyMatches, parseKeySpec } from './key-spec.js';

const press = (code: string, key: string, init: KeyboardEventInit = { altKey: true }) =>
  new KeyboardEvent('keydown', { code, key, ...init });

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
