// A Vitest browser command that drives the real mouse (and modifier keys) of the Playwright page,
// so component tests get trusted input from Chromium's input pipeline: hit-testing, pointer
// capture, event targets and default actions happen as they do for a user's mouse.
// Registered as `realInput` in vite.config.ts (project `browser`); called through the helpers in
// src/components/internal/test-utils.ts, which convert the test iframe's client coordinates
// into the top page's coordinates before sending them here.
import type { BrowserCommand } from 'vitest/node';
// Loads the playwright provider's typing of the command context (`page`, `frame()`, `iframe`).
import type {} from '@vitest/browser-playwright';

/** One step of real input. Coordinates are CSS pixels of the top-level page (Playwright's `page.mouse`). */
export type RealInputAction =
  | { type: 'move'; x: number; y: number; steps?: number }
  | { type: 'down' | 'up'; button?: 'left' | 'middle' | 'right'; clickCount?: number }
  | { type: 'wheel'; dx: number; dy: number }
  | { type: 'keydown' | 'keyup'; key: string }
  | { type: 'wait'; ms: number }
  /** Touch input through CDP `Input.dispatchTouchEvent` (`points` are the active touches; none for `touchEnd`). */
  | {
      type: 'touch';
      phase: 'touchStart' | 'touchMove' | 'touchEnd';
      points: Array<{ x: number; y: number; id: number }>;
    };

const cdpSessions = new WeakMap<object, Promise<{ send(method: string, params?: object): Promise<unknown> }>>();

/**
 * Runs `actions` in order with `page.mouse` / `page.keyboard`, in one round trip. Keys pressed and
 * buttons held (and touches down) by the batch are released at the end even when an action throws, so a failing test
 * cannot leave Shift or a button down for the next one.
 */
export const realInput: BrowserCommand<[actions: RealInputAction[]]> = async (context, actions) => {
  if (context.provider.name !== 'playwright')
    throw new Error(`realInput needs the playwright provider, not ${context.provider.name}`);
  const { mouse, keyboard } = context.page;
  const page = context.page;
  const cdp = () => {
    let s = cdpSessions.get(page);
    if (!s) cdpSessions.set(page, (s = page.context().newCDPSession(page)));
    return s;
  };
  let touching = false;
  const keys = new Set<string>();
  const buttons = new Set<'left' | 'middle' | 'right'>();
  try {
    for (const a of actions) {
      switch (a.type) {
        case 'move':
          await mouse.move(a.x, a.y, { steps: a.steps ?? 1 });
          break;
        case 'down':
          await mouse.down({ button: a.button ?? 'left', clickCount: a.clickCount ?? 1 });
          buttons.add(a.button ?? 'left');
          break;
        case 'up':
          await mouse.up({ button: a.button ?? 'left', clickCount: a.clickCount ?? 1 });
          buttons.delete(a.button ?? 'left');
          break;
        case 'wheel':
          await mouse.wheel(a.dx, a.dy);
          break;
        case 'keydown':
          await keyboard.down(a.key);
          keys.add(a.key);
          break;
        case 'keyup':
          await keyboard.up(a.key);
          keys.delete(a.key);
          break;
        case 'touch':
          await (await cdp()).send('Input.dispatchTouchEvent', {
            type: a.phase,
            touchPoints: a.phase === 'touchEnd' ? [] : a.points.map((p) => ({ x: p.x, y: p.y, id: p.id })),
          });
          touching = a.phase !== 'touchEnd';
          break;
        case 'wait':
          await new Promise((r) => setTimeout(r, a.ms));
          break;
        default:
          throw new Error(`realInput: unknown action ${JSON.stringify(a)}`);
      }
    }
  } finally {
    if (touching) await (await cdp()).send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    for (const b of buttons) await mouse.up({ button: b });
    for (const k of keys) await keyboard.up(k);
  }
};
