// Helpers shared by the component tests (browser only): synthetic images and real pointer input.
import { commands } from 'vitest/browser';
import type { RealInputAction } from '../../../test/setup/real-input-command.js';

/** A PNG Blob of `w`×`h` drawn by `paint` (default: a 2-colour checkerboard of 1-px cells). */
export async function pngBlob(
  w: number,
  h: number,
  paint?: (ctx: OffscreenCanvasRenderingContext2D) => void,
): Promise<Blob> {
  const c = new OffscreenCanvas(w, h);
  const ctx = c.getContext('2d')!;
  if (paint) paint(ctx);
  else
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        ctx.fillStyle = (x + y) % 2 ? '#ffffff' : '#000000';
        ctx.fillRect(x, y, 1, 1);
      }
  return c.convertToBlob({ type: 'image/png' });
}

/** Waits for the next event `type` on `target`. */
export function nextEvent<E extends Event>(target: EventTarget, type: string, timeoutMs = 10_000): Promise<E> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs} ms`)), timeoutMs);
    target.addEventListener(type, (e) => (clearTimeout(t), resolve(e as E)), { once: true });
  });
}

/** Waits for `n` animation frames. */
export async function frames(n = 2): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => requestAnimationFrame(r));
}

// ---------------------------------------------------------------------------------------------
// Real pointer input. The helpers below drive Playwright's `page.mouse` / `page.keyboard` through
// the `realInput` browser command (test/setup/real-input-command.ts, registered in vite.config.ts),
// so Chromium produces trusted events: it hit-tests the point, honours pointer capture, picks the
// event target and runs default actions exactly as for a user's mouse. Coordinates are client
// coordinates of this (test) document; they are converted to the top page's coordinates through
// every enclosing iframe (Vitest runs tests in an iframe it may offset and scale).
// Every helper checks that the browser delivered trusted events of the expected types at the aimed
// client point, so wrong coordinates or a silent fallback to synthetic input fail the test.

/** Modifier keys held during a real pointer action (pressed before it, released after it). */
export interface RealModifiers {
  shift?: boolean;
  alt?: boolean;
  ctrl?: boolean;
  meta?: boolean;
}

/** Options of the real pointer helpers. */
export interface RealPointerOptions extends RealModifiers {
  /** Mouse button (default `'left'`). */
  button?: 'left' | 'middle' | 'right';
  /** Number of `pointermove`s used to reach the point from the current mouse position (default 1). */
  steps?: number;
}

declare module 'vitest/browser' {
  interface BrowserCommands {
    realInput: (actions: RealInputAction[]) => Promise<void>;
  }
}

/** A client point of this document converted to CSS pixels of the top-level page. */
export function toPagePoint(x: number, y: number): { x: number; y: number } {
  let px = x;
  let py = y;
  let w: Window = window;
  while (w !== w.parent) {
    const f = w.frameElement as HTMLElement | null;
    if (!f) throw new Error('toPagePoint: an enclosing frame is cross-origin; real input cannot aim into it');
    const r = f.getBoundingClientRect();
    // The iframe (or an ancestor) may be CSS-transformed: its drawn width over its layout width is the scale.
    const k = f.offsetWidth ? r.width / f.offsetWidth : 1;
    const cs = w.parent.getComputedStyle(f);
    px = r.left + (f.clientLeft + parseFloat(cs.paddingLeft)) * k + px * k;
    py = r.top + (f.clientTop + parseFloat(cs.paddingTop)) * k + py * k;
    w = w.parent;
  }
  return { x: px, y: py };
}

/** Trusted pointer-ish events seen by this window (capture phase, before any handler can stop them). */
interface Seen {
  type: string;
  x: number;
  y: number;
  trusted: boolean;
  shift: boolean;
  alt: boolean;
}
const seen: Seen[] = [];
let listening = false;
function listen(): void {
  if (listening) return;
  listening = true;
  for (const t of ['pointerdown', 'pointermove', 'pointerup', 'wheel', 'dblclick'])
    addEventListener(
      t,
      (e) => {
        const m = e as MouseEvent;
        seen.push({ type: t, x: m.clientX, y: m.clientY, trusted: e.isTrusted, shift: m.shiftKey, alt: m.altKey });
      },
      { capture: true },
    );
}

/** Max distance (CSS px) between an aimed client point and where the browser reports the event. */
export const REAL_INPUT_TOLERANCE = 0.02;

/**
 * Sends `actions` and waits until every `expect`ed event arrived trusted near its aimed point.
 * Moves are rAF-aligned in Chromium, so a trailing move may land a frame after the command returns.
 */
async function run(
  actions: RealInputAction[],
  expected: Array<{ type: string; x: number; y: number } & RealModifiers>,
): Promise<Seen[]> {
  listen();
  const from = seen.length;
  await commands.realInput(actions);
  const missing = () => {
    let i = from;
    for (const e of expected) {
      while (
        i < seen.length &&
        !(seen[i].type === e.type && Math.hypot(seen[i].x - e.x, seen[i].y - e.y) <= REAL_INPUT_TOLERANCE)
      )
        i++;
      if (i >= seen.length) return e;
      const s = seen[i];
      if (!s.trusted) throw new Error(`real input: ${e.type} at ${e.x},${e.y} arrived untrusted`);
      if (!!e.shift !== s.shift || !!e.alt !== s.alt)
        throw new Error(
          `real input: ${e.type} modifiers shift=${s.shift} alt=${s.alt}, expected shift=${!!e.shift} alt=${!!e.alt}`,
        );
      i++;
    }
    return null;
  };
  for (let n = 0; missing(); n++) {
    if (n > 30) {
      const m = missing()!;
      const got = seen
        .slice(from)
        .map((s) => `${s.type}@${s.x.toFixed(2)},${s.y.toFixed(2)}${s.trusted ? '' : '(untrusted)'}`);
      throw new Error(`real input: no trusted ${m.type} at ${m.x},${m.y}; got [${got.join(' ')}]`);
    }
    await new Promise((r) => requestAnimationFrame(r));
  }
  return seen.slice(from);
}

const KEYS: Array<[keyof RealModifiers, string]> = [
  ['shift', 'Shift'],
  ['alt', 'Alt'],
  ['ctrl', 'Control'],
  ['meta', 'Meta'],
];
function withKeys(o: RealModifiers, actions: RealInputAction[]): RealInputAction[] {
  const keys = KEYS.filter(([k]) => o[k]).map(([, key]) => key);
  return [
    ...keys.map((key) => ({ type: 'keydown' as const, key })),
    ...actions,
    ...keys.reverse().map((key) => ({ type: 'keyup' as const, key })),
  ];
}
function mods(o: RealModifiers): RealModifiers {
  return { shift: !!o.shift, alt: !!o.alt };
}
function moveTo(x: number, y: number, steps = 1): RealInputAction {
  const p = toPagePoint(x, y);
  return { type: 'move', x: p.x, y: p.y, steps };
}

/**
 * One real pointer action at client point (x, y): `'move'` moves the mouse there (buttons as they
 * are), `'down'` / `'up'` move there and press / release `button`.
 * @example
 * await realPointer('move', 120, 80); // hover
 * await realPointer('down', 120, 80, { alt: true });
 * await realPointer('up', 120, 80);
 */
export async function realPointer(
  type: 'move' | 'down' | 'up',
  x: number,
  y: number,
  o: RealPointerOptions = {},
): Promise<void> {
  const a: RealInputAction[] = [moveTo(x, y, o.steps)];
  if (type !== 'move') a.push({ type, button: o.button });
  await run(withKeys(o, a), [{ type: `pointer${type}`, x, y, ...mods(o) }]);
}

/**
 * A real click at client point (x, y), with modifier keys held if asked.
 * @example
 * await realClick(250, 70, { shift: true }); // add to the selection
 */
export async function realClick(x: number, y: number, o: RealPointerOptions = {}): Promise<void> {
  await run(
    withKeys(o, [moveTo(x, y, o.steps), { type: 'down', button: o.button }, { type: 'up', button: o.button }]),
    [
      { type: 'pointerdown', x, y, ...mods(o) },
      { type: 'pointerup', x, y, ...mods(o) },
    ],
  );
}

/** A real double click at client point (x, y): two clicks, the second with click count 2 (fires `dblclick`). */
export async function realDblClick(x: number, y: number, o: RealPointerOptions = {}): Promise<void> {
  const b = o.button;
  await run(
    withKeys(o, [
      moveTo(x, y, o.steps),
      { type: 'down', button: b },
      { type: 'up', button: b },
      { type: 'down', button: b, clickCount: 2 },
      { type: 'up', button: b, clickCount: 2 },
    ]),
    [{ type: 'dblclick', x, y, ...mods(o) }],
  );
}

/**
 * A real drag: move to (x0, y0), press, move to (x1, y1) in `steps` moves, release. Modifiers are
 * held for the whole gesture.
 * @example
 * await realDrag(30, 30, 80, 70);              // draw a box
 * await realDrag(50, 170, 150, 230, 4, { shift: true }); // box-select
 */
export async function realDrag(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  steps = 3,
  o: RealPointerOptions = {},
): Promise<void> {
  await realPath(
    [
      [x0, y0],
      [x1, y1],
    ],
    steps,
    o,
  );
}

/**
 * A real drag along a polyline of client points: press at the first, `steps` moves per segment,
 * release at the last.
 */
export async function realPath(points: Array<[number, number]>, steps = 3, o: RealPointerOptions = {}): Promise<void> {
  const [[x0, y0]] = points;
  const [x1, y1] = points.at(-1)!;
  const a: RealInputAction[] = [moveTo(x0, y0), { type: 'down', button: o.button }];
  for (const [x, y] of points.slice(1)) a.push(moveTo(x, y, steps));
  a.push({ type: 'up', button: o.button });
  await run(withKeys(o, a), [
    { type: 'pointerdown', x: x0, y: y0, ...mods(o) },
    { type: 'pointerup', x: x1, y: y1, ...mods(o) },
  ]);
}

/**
 * Real mouse-wheel input at client point (x, y): the mouse moves there, then one wheel event of
 * (`deltaX`, `deltaY`) CSS px per entry in `times` (default 1). Negative `deltaY` scrolls up.
 * @example
 * await realWheel(150, 120, -200); // zoom in on the viewer at that point
 */
export async function realWheel(
  x: number,
  y: number,
  deltaY: number,
  deltaX = 0,
  o: RealModifiers & { times?: number } = {},
): Promise<void> {
  const a: RealInputAction[] = [moveTo(x, y)];
  for (let i = 0; i < (o.times ?? 1); i++) a.push({ type: 'wheel', dx: deltaX, dy: deltaY });
  await run(
    withKeys(o, a),
    Array.from({ length: o.times ?? 1 }, () => ({ type: 'wheel', x, y, ...mods(o) })),
  );
}

/**
 * A real click at the centre of `el`, as a user would: scrolled into view, and clicked once it holds
 * still for two frames (a child component's first render or a panel's reveal in the next frame can
 * still move it; no one clicks within the frame something moved). The browser, not this helper,
 * decides which element receives the click: if `el` is covered there, this throws.
 * @example
 * await realClickOn(layer.shadowRoot!.querySelector('button.undo')!);
 */
export async function realClickOn(el: Element, o: RealPointerOptions = {}): Promise<void> {
  el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  let r = el.getBoundingClientRect();
  for (let i = 0; i < 5; i++) {
    await frames(2);
    el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const now = el.getBoundingClientRect();
    const still = now.x === r.x && now.y === r.y && now.width === r.width && now.height === r.height;
    r = now;
    if (still) break;
  }
  if (!r.width || !r.height) throw new Error(`realClickOn: <${el.localName}> has no box to click`);
  let got = false;
  const seenDown = () => (got = true);
  el.addEventListener('pointerdown', seenDown, { capture: true });
  const x = Math.round(r.left + r.width / 2);
  const y = Math.round(r.top + r.height / 2);
  try {
    await realClick(x, y, o);
  } finally {
    el.removeEventListener('pointerdown', seenDown, { capture: true });
  }
  if (!got)
    throw new Error(
      `realClickOn: the click at ${x},${y} did not reach <${el.localName}> (${describeAt(x, y)} covers it)`,
    );
}

/** The deepest element at (x, y) through open shadow roots, as `tag.class` (for a failed click's message). */
function describeAt(x: number, y: number): string {
  let e: Element | null = document.elementFromPoint(x, y);
  while (e?.shadowRoot) {
    const inner = e.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === e) break;
    e = inner;
  }
  if (!e) return 'nothing';
  const cls = typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : '';
  return `<${e.localName}${cls}>`;
}

/** One step of a real touch gesture: the client points of all fingers on the screen after it. */
export interface RealTouchStep {
  /** `'start'` puts down the fingers not yet down, `'move'` moves them, `'end'` lifts them all. */
  type: 'start' | 'move' | 'end';
  points: Array<[number, number]>;
}

/**
 * A real multi-touch gesture (Chromium's touch input via CDP `Input.dispatchTouchEvent`, which the
 * browser turns into trusted `pointerType: 'touch'` pointer events). Checks that every finger put
 * down arrives as a trusted `pointerdown` at its point and every moved finger as a `pointermove`.
 * @example
 * // Pinch out: two fingers 100 px apart, then 200 px.
 * await realTouch([
 *   { type: 'start', points: [[100, 100]] },
 *   { type: 'start', points: [[100, 100], [200, 100]] },
 *   { type: 'move', points: [[100, 100], [300, 100]] },
 *   { type: 'end', points: [] },
 * ]);
 */
export async function realTouch(steps: RealTouchStep[]): Promise<void> {
  const actions: RealInputAction[] = [];
  const expected: Array<{ type: string; x: number; y: number }> = [];
  let prev: Array<[number, number]> = [];
  for (const st of steps) {
    const points = st.points.map(([x, y], id) => ({ ...toPagePoint(x, y), id }));
    actions.push({
      type: 'touch',
      phase: st.type === 'start' ? 'touchStart' : st.type === 'move' ? 'touchMove' : 'touchEnd',
      points,
    });
    st.points.forEach(([x, y], i) => {
      if (i >= prev.length) expected.push({ type: 'pointerdown', x, y });
      else if (prev[i][0] !== x || prev[i][1] !== y) expected.push({ type: 'pointermove', x, y });
    });
    prev = st.type === 'end' ? [] : st.points;
  }
  await run(actions, expected);
}

// ---------------------------------------------------------------------------------------------
// Real keys: Playwright's `page.keyboard` through the same `realInput` command, so Chromium makes
// trusted keydown / keyup events and runs their default actions (focus moves on Tab, a focused
// button clicks on Enter). Each helper checks the trusted keydown arrived.

const keysSeen: Array<{ key: string; code: string; trusted: boolean }> = [];
let keyListening = false;
function listenKeys(): void {
  if (keyListening) return;
  keyListening = true;
  addEventListener('keydown', (e) => keysSeen.push({ key: e.key, code: e.code, trusted: e.isTrusted }), {
    capture: true,
  });
}

/**
 * Presses and releases `key` (a Playwright key name: `r`, `Digit1`, `Enter`, `ArrowDown`, `Tab`...)
 * with modifiers held, and waits for its trusted keydown.
 * @example
 * await realPress('r');                     // the box tool
 * await realPress('Digit1', { shift: true }); // zoom 1:1
 * await realPress('z', { ctrl: true });     // undo
 */
export async function realPress(key: string, o: RealModifiers = {}): Promise<void> {
  listenKeys();
  const from = keysSeen.length;
  await commands.realInput(
    withKeys(o, [
      { type: 'keydown', key },
      { type: 'keyup', key },
    ]),
  );
  const want = key.length === 1 ? key.toLowerCase() : key;
  const hit = (s: { key: string; code: string }) =>
    s.code === want || s.code === `Key${want.toUpperCase()}` || s.key.toLowerCase() === want;
  for (let n = 0; !keysSeen.slice(from).some(hit); n++) {
    // Keys a page never sees (the focus left the document) fail here rather than pass silently.
    if (n > 30)
      throw new Error(
        `real input: no trusted keydown of ${key}; got [${keysSeen
          .slice(from)
          .map((s) => s.key)
          .join(' ')}]`,
      );
    await new Promise((r) => requestAnimationFrame(r));
  }
  const s = keysSeen.slice(from).find(hit)!;
  if (!s.trusted) throw new Error(`real input: keydown of ${key} arrived untrusted`);
}

/** Presses each key of `keys` in turn (see {@link realPress}). */
export async function realKeys(...keys: string[]): Promise<void> {
  for (const k of keys) await realPress(k);
}
