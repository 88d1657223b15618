// Keyboard shortcuts as the help shows them ("Ctrl+Shift+Z", "Shift+1", "Delete", "]") and the test
// of a keydown against them. One spelling serves the dispatch, the help list and the tooltips, so
// they cannot disagree.

/** A shortcut, as written in a key table. */
export interface KeySpec {
  /** Ctrl, or Cmd on a Mac. */
  mod: boolean;
  shift: boolean;
  alt: boolean;
  /** One lower-case character, or a `KeyboardEvent.key` name (`Delete`, `ArrowLeft`, `Enter`...). */
  key: string;
}

/**
 * Reads `Ctrl+Shift+Z`-style text. `Ctrl` stands for Ctrl or Cmd; the last part is the key: one
 * character, `Space`, or a `KeyboardEvent.key` name.
 */
export function parseKeySpec(text: string): KeySpec {
  const parts = text.split('+');
  // "+" itself (the zoom key) and "Ctrl++" end in an empty part.
  let key = parts.pop()!;
  if (key === '' && parts.at(-1) === '') {
    parts.pop();
    key = '+';
  }
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  if (key === 'Space') key = ' ';
  return {
    mod: mods.has('ctrl') || mods.has('cmd'),
    shift: mods.has('shift'),
    alt: mods.has('alt'),
    key: key.length === 1 ? key.toLowerCase() : key,
  };
}

/**
 * The key a keydown means, layout-independent where it matters: the digit of a digit key even with
 * Shift held (`Shift+1` is `!` on a US layout, `Shift+2` is `@` or `"`); under Alt, when the key
 * typed no printable ASCII character, what the layout types on that key unmodified (where the
 * browser has a layout map, see {@link watchKeyboardLayout}) or else the key's place on the keyboard;
 * otherwise `e.key`
 * (lower-cased when it is one character).
 */
export function eventKey(e: KeyboardEvent): string {
  const digit = /^(?:Digit|Numpad)(\d)$/.exec(e.code);
  if (digit) return digit[1]!;
  // With Alt, macOS types a symbol (Option+. is ≥, Option+M is µ, Option+E a dead key) and a
  // Cyrillic layout a letter of its own (Alt+ь at KeyM): then the key's place on the keyboard counts.
  // An ASCII character is what the layout puts there and wins: on AZERTY the `,` key sits at KeyM and
  // Alt+, is "previous vertex", not Alt+M; on Dvorak `,` and `.` sit at KeyW and KeyE.
  if (e.altKey && !PRINTABLE_ASCII.test(e.key)) {
    // macOS types a symbol with Option on every layout, so e.key cannot tell AZERTY's `,` (at KeyM,
    // Option+, is ∞) from QWERTY's M; the layout map can: it names what the key types unmodified.
    void watchKeyboardLayout();
    const own = layoutMap?.get(e.code);
    if (own && PRINTABLE_ASCII.test(own)) return own.toLowerCase();
    if (ALT_CODES[e.code]) return ALT_CODES[e.code]!;
    if (/^Key[A-Z]$/.test(e.code)) return e.code.slice(3).toLowerCase();
  }
  return e.key.length === 1 ? e.key.toLowerCase() : e.key;
}

const PRINTABLE_ASCII = /^[ -~]$/;

/** The part of the Keyboard API (`navigator.keyboard`, Chromium) the layout map needs. */
export interface LayoutSource {
  getLayoutMap(): Promise<ReadonlyMap<string, string>>;
  addEventListener?(type: 'layoutchange', listener: () => void): void;
}

/** `event.code` -> what the current layout types there unmodified; undefined where no browser tells. */
let layoutMap: ReadonlyMap<string, string> | undefined;
/** The source being watched; null once looked for and none found; undefined before the first look. */
let layoutSource: LayoutSource | null | undefined;
/** The read in flight, so a burst of triggers reads the map once. */
let reading: Promise<void> | undefined;
/** `code` + key pairs a fresh map still disagreed with (a key the map reports otherwise): no re-read for those. */
const settled = new Set<string>();

function readLayout(): Promise<void> {
  const kb = layoutSource;
  if (!kb) return Promise.resolve();
  if (reading) return reading;
  const read: Promise<void> = kb.getLayoutMap().then(
    (m) => {
      if (layoutSource === kb) layoutMap = m;
    },
    // No map (a browser that refuses it, e.g. in a frame): the key's place counts, as before.
    () => {},
  );
  reading = read;
  void read.then(() => {
    if (reading === read) reading = undefined;
  });
  return read;
}

/**
 * A plain keydown (no Alt, Ctrl or Cmd, no Shift) types what the layout puts on its key: when that
 * disagrees with the map, the layout changed since the map was read. The map is dropped at once (so
 * Alt shortcuts fall back to the key's place) and read again.
 */
function checkLayout(e: KeyboardEvent): void {
  if (!layoutMap || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.key.length !== 1) return;
  const own = layoutMap.get(e.code);
  const typed = e.key.toLowerCase();
  if (own === undefined || own.toLowerCase() === typed) return;
  const pair = `${e.code} ${typed}`;
  if (settled.has(pair)) return;
  const stale = layoutMap;
  layoutMap = undefined;
  void readLayout().then(() => {
    // The fresh map says the same as the stale one: the map, not the layout, differs from e.key here.
    if (layoutMap && layoutMap.get(e.code) === stale.get(e.code)) settled.add(pair);
  });
}

let listening = false;
/** Re-reads the map when the page comes back (the layout may have been switched meanwhile) and on a stale plain keydown. */
function listen(): void {
  if (listening || typeof window === 'undefined') return;
  listening = true;
  window.addEventListener('keydown', checkLayout, { capture: true, passive: true });
  window.addEventListener('focus', () => void readLayout());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void readLayout();
  });
}

/**
 * Reads the keyboard's layout map (where the browser offers one), so Alt shortcuts match the
 * character the layout puts on the pressed key even when Alt (macOS Option) made that key type a
 * symbol. The map is read again when the window regains focus or the page becomes visible, when a
 * plain keydown types something else than the map says for its key (until the new map arrives, the
 * key's place counts), and on 'layoutchange' where the source fires it — Chromium's
 * `navigator.keyboard` is no EventTarget, so the other triggers are what follow an OS layout switch
 * there. Without `source`, later calls do nothing; `source` is for tests (`null`: no layout map, as
 * in Firefox and Safari). Resolves when the map is read.
 */
export function watchKeyboardLayout(source?: LayoutSource | null): Promise<void> {
  if (source === undefined) {
    if (layoutSource !== undefined) return Promise.resolve();
    const kb = (globalThis.navigator as { keyboard?: Partial<LayoutSource> } | undefined)?.keyboard;
    source = kb?.getLayoutMap ? (kb as LayoutSource) : null;
  }
  const kb = source;
  layoutSource = kb;
  layoutMap = undefined;
  reading = undefined;
  settled.clear();
  if (!kb) return Promise.resolve();
  listen();
  if (typeof kb.addEventListener === 'function')
    kb.addEventListener('layoutchange', () => {
      if (layoutSource === kb) void readLayout();
    });
  return readLayout();
}

const ALT_CODES: Record<string, string> = { Period: '.', Comma: ',', BracketLeft: '[', BracketRight: ']' };

/**
 * True when keydown `e` is shortcut `spec`. Letters, digits and named keys need exactly the
 * modifiers of the spec; a symbol written without Shift (`[`, `+`, `?`) matches with or without it,
 * as layouts need Shift to type some of them.
 */
export function keyMatches(spec: KeySpec, e: KeyboardEvent): boolean {
  if (spec.mod !== (e.ctrlKey || e.metaKey) || spec.alt !== e.altKey) return false;
  const k = eventKey(e);
  if (k !== spec.key) return false;
  const symbol = spec.key.length === 1 && !/[a-z0-9]/.test(spec.key);
  return spec.shift === e.shiftKey || (symbol && !spec.shift);
}

/**
 * The first entry of `table` with a shortcut keydown `e` matches, preferring one whose Shift state is
 * exactly the event's (`Shift+,` over `,` when Shift is held).
 */
export function findKey<T>(table: Iterable<T>, specsOf: (t: T) => readonly KeySpec[], e: KeyboardEvent): T | undefined {
  let loose: T | undefined;
  for (const t of table)
    for (const s of specsOf(t))
      if (keyMatches(s, e)) {
        if (s.shift === e.shiftKey) return t;
        loose ??= t;
      }
  return loose;
}

const NAV_KEYS = new Set([
  ' ',
  'Enter',
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);
const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'radio', 'range', 'color', 'submit', 'reset', 'image']);

/**
 * True when the control the keydown comes from uses that key itself: a text field (or a select)
 * keeps every key; a button (without Alt), slider, checkbox or radio keeps Space, Enter, the arrows, Home/End and
 * PageUp/PageDown. Shortcuts leave such keys alone and take the rest (`R` on a focused button).
 */
export function keyOwnedByControl(e: KeyboardEvent): boolean {
  for (const n of e.composedPath()) {
    if (!(n instanceof HTMLElement)) continue;
    if (n.isContentEditable || n.tagName === 'TEXTAREA' || n.tagName === 'SELECT') return true;
    if (n.tagName === 'INPUT') return NON_TEXT_INPUTS.has((n as HTMLInputElement).type) ? NAV_KEYS.has(e.key) : true;
    // Alt with a key is no button's (Alt+↓ on a focused toolbar button selects the next object).
    if (n.tagName === 'BUTTON') return NAV_KEYS.has(e.key) && !e.altKey;
  }
  return false;
}

/** One row of a key table: what it does and the keys that do it. */
export interface Shortcut {
  /** The keys as users read them, e.g. `['Ctrl+Shift+Z', 'Ctrl+Y']`; the first is the one tooltips show. */
  keys: readonly string[];
  /** What it does, in the current language. */
  description: string;
}

/** `Name (K)`: a control's tooltip with its first key. */
export function withKey(name: string, keys: readonly string[] | undefined): string {
  return keys?.length ? `${name} (${keys[0]})` : name;
}
