// The real-input helpers deliver trusted events from Chromium's input pipeline at the aimed pixel,
// through Vitest's (offset, scaled) test iframe, with modifiers, capture, hit-testing and wheel.
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { realClick, realDblClick, realDrag, realPointer, realTouch, realWheel, toPagePoint } from './test-utils.js';

afterEach(() => document.querySelectorAll('.ri').forEach((e) => e.remove()));

function box(css: string): HTMLDivElement {
  const d = document.createElement('div');
  d.className = 'ri';
  d.style.cssText = `position:fixed;${css}`;
  document.body.append(d);
  return d;
}
function record(el: EventTarget, types: string[]) {
  const log: Array<{
    type: string;
    x: number;
    y: number;
    trusted: boolean;
    target: EventTarget | null;
    shift: boolean;
    alt: boolean;
    dy?: number;
    id?: number;
  }> = [];
  for (const t of types)
    el.addEventListener(t, (e) => {
      const m = e as PointerEvent;
      log.push({
        type: t,
        x: m.clientX,
        y: m.clientY,
        trusted: e.isTrusted,
        target: e.target,
        shift: m.shiftKey,
        alt: m.altKey,
        dy: (e as WheelEvent).deltaY,
        id: m.pointerId,
      });
    });
  return log;
}
/** The scale of the test iframe as Vitest laid it out (1 when unscaled). */
function frameScale(): number {
  const f = window.frameElement as HTMLElement;
  return f.getBoundingClientRect().width / f.offsetWidth;
}

describe('real pointer input', () => {
  it('a real click lands on the aimed client pixel, trusted, on the element under it', async () => {
    // Two adjacent 1-px columns tell x apart exactly. Aim at whole pixels: Chromium hit-tests a
    // fractional point with its enclosing 1-2 px box (the topmost element in it wins).
    const a = box('left:0;top:0;width:400px;height:300px;background:#eee');
    const left = box('left:123px;top:40px;width:1px;height:20px;background:red');
    const right = box('left:124px;top:40px;width:1px;height:20px;background:blue');
    const log = record(document, ['pointerdown', 'pointerup', 'click']);
    await realClick(123, 45);
    expect(log.map((e) => e.type)).toEqual(['pointerdown', 'pointerup', 'click']);
    for (const e of log) {
      expect(e.trusted).toBe(true);
      expect(e.target).toBe(left);
    }
    expect([log[0].x, log[0].y]).toEqual([123, 45]);
    log.length = 0;
    await realClick(124, 59);
    expect(log[0].target).toBe(right);
    expect([log[0].x, log[0].y]).toEqual([124, 59]);
    log.length = 0;
    // Far from the origin an error in the scale would show most.
    const far = box('left:380px;top:280px;width:10px;height:10px;background:green');
    await realClick(385, 285);
    expect(log[0].target).toBe(far);
    expect([log[0].x, log[0].y]).toEqual([385, 285]);
    expect(a.isConnected).toBe(true);
  });

  it('converts through a scaled iframe: the page point is offset + scale x client, and clicks still land', async () => {
    // Make Vitest scale the iframe down (the test viewport is larger than the page), then aim.
    await page.viewport(1600, 1200);
    try {
      const s = frameScale();
      expect(s).toBeLessThan(0.99);
      const f = (window.frameElement as HTMLElement).getBoundingClientRect();
      const p = toPagePoint(1000, 900);
      expect(p.x).toBeCloseTo(f.left + 1000 * s, 6);
      expect(p.y).toBeCloseTo(f.top + 900 * s, 6);
      const t = box('left:995px;top:895px;width:10px;height:10px;background:red');
      const n = box('left:1005px;top:895px;width:10px;height:10px;background:blue');
      const log = record(document, ['pointerdown']);
      await realClick(1000, 900);
      await realClick(1010, 900);
      expect(log.map((e) => [e.target, e.trusted])).toEqual([
        [t, true],
        [n, true],
      ]);
      expect(log[0].x).toBeCloseTo(1000, 0);
      expect(log[1].y).toBeCloseTo(900, 0);
    } finally {
      await page.viewport(414, 896);
    }
  });

  it('Shift and Alt are held during the pointer events and released after', async () => {
    const el = box('left:0;top:0;width:200px;height:200px');
    const log = record(el, ['pointerdown', 'pointerup', 'pointermove']);
    await realClick(50, 50, { shift: true });
    await realClick(60, 60, { alt: true });
    await realDrag(20, 20, 60, 30, 2, { shift: true, alt: true });
    await realPointer('move', 70, 70);
    const downs = log.filter((e) => e.type === 'pointerdown').map((e) => [e.shift, e.alt]);
    expect(downs).toEqual([
      [true, false],
      [false, true],
      [true, true],
    ]);
    expect(log.at(-1)).toMatchObject({ type: 'pointermove', shift: false, alt: false, trusted: true });
  });

  it('pointer capture keeps the moves on the capturing element outside it; without capture the target is what is under the mouse', async () => {
    const a = box('left:0;top:0;width:100px;height:100px;background:red');
    const b = box('left:200px;top:0;width:100px;height:100px;background:blue');
    a.addEventListener('pointerdown', (e) => a.setPointerCapture(e.pointerId));
    const log = record(document, ['pointermove', 'pointerup']);
    await realDrag(50, 50, 250, 50, 3);
    const moves = log.filter((e) => e.type === 'pointermove' && e.x > 150);
    expect(moves.length).toBeGreaterThan(0);
    expect(moves.every((e) => e.target === a && e.trusted)).toBe(true);
    expect(log.at(-1)).toMatchObject({ type: 'pointerup', target: a });
    log.length = 0;
    await realPointer('move', 250, 60);
    expect(log.at(-1)!.target).toBe(b);
  });

  it('hit-testing honours pointer-events:none overlays and stacking, unlike dispatchEvent on a chosen element', async () => {
    const under = box('left:0;top:0;width:100px;height:100px;background:red');
    box('left:0;top:0;width:100px;height:100px;pointer-events:none;background:rgba(0,0,255,.5)');
    const above = box('left:50px;top:50px;width:50px;height:50px;background:green;z-index:2');
    const log = record(document, ['pointerdown']);
    await realClick(20, 20);
    await realClick(70, 70);
    expect(log.map((e) => e.target)).toEqual([under, above]);
  });

  it('wheel and double click arrive trusted with their deltas and at the aimed point', async () => {
    const el = box('left:0;top:0;width:300px;height:300px;overflow:hidden');
    const log = record(el, ['wheel', 'dblclick']);
    await realWheel(150, 120, -200);
    await realWheel(150, 120, 100, 0, { times: 2 });
    await realDblClick(40, 40);
    expect(log.map((e) => [e.type, e.trusted])).toEqual([
      ['wheel', true],
      ['wheel', true],
      ['wheel', true],
      ['dblclick', true],
    ]);
    expect(log.slice(0, 3).map((e) => Math.sign(e.dy!))).toEqual([-1, 1, 1]);
    expect(log[0].x).toBeCloseTo(150, 1);
    expect(log[3].x).toBeCloseTo(40, 1);
  });

  it('two real fingers arrive as trusted touch pointers with their own ids', async () => {
    const el = box('left:0;top:0;width:300px;height:200px;touch-action:none');
    const log: Array<[string, string, number, number, boolean]> = [];
    for (const t of ['pointerdown', 'pointermove', 'pointerup'])
      el.addEventListener(t, (e) => {
        const p = e as PointerEvent;
        log.push([t, p.pointerType, p.pointerId, Math.round(p.clientX), p.isTrusted]);
      });
    await realTouch([
      { type: 'start', points: [[50, 50]] },
      {
        type: 'start',
        points: [
          [50, 50],
          [150, 60],
        ],
      },
      {
        type: 'move',
        points: [
          [50, 50],
          [200, 60],
        ],
      },
      { type: 'end', points: [] },
    ]);
    const [a, b] = log.filter((e) => e[0] === 'pointerdown');
    expect([a[1], a[3], a[4], b[1], b[3], b[4]]).toEqual(['touch', 50, true, 'touch', 150, true]);
    expect(a[2]).not.toBe(b[2]);
    expect(
      log
        .filter((e) => e[0] === 'pointermove')
        .at(-1)!
        .slice(2, 4),
    ).toEqual([b[2], 200]);
    expect(
      log
        .filter((e) => e[0] === 'pointerup')
        .map((e) => e[2])
        .sort(),
    ).toEqual([a[2], b[2]].sort());
  });
});
