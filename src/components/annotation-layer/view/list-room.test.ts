// ListRoom (real Chromium, a real ResizeObserver): the panel renders again when its object list's
// height differs from the one its last render used, and not otherwise. Before, its first
// observation of a new list always asked for a render: one extra full panel render each time the
// panel opened (O(n) at 100k rows), even when the list was as high as the render had assumed.
import { afterEach, describe, expect, it } from 'vitest';
import { LIST_HEIGHT_UNKNOWN, ListRoom, ROW } from './list-room.js';

// Three frames: the resize is observed after the first frame's layout, and the render it asks for
// runs in the frame after that (not inside the observer's delivery), after this helper's second
// frame callback, which was queued earlier.
const frames = (n = 3) =>
  new Promise<void>((r) => {
    const step = () => (--n <= 0 ? r() : requestAnimationFrame(step));
    requestAnimationFrame(step);
  });
let root: HTMLElement | undefined;
afterEach(() => root?.remove());

function panelWithList(height: number): { root: HTMLElement; list: HTMLElement } {
  root = document.createElement('div');
  root.innerHTML = `<div class="panel"><div class="list" style="height:${height}px;overflow:auto"></div></div>`;
  document.body.append(root);
  return { root, list: root.querySelector<HTMLElement>('.list')! };
}

describe('ListRoom', () => {
  it('a panel that opens at the height its render assumed is not rendered again; a resize is', async () => {
    let renders = 0;
    const room = new ListRoom(() => renders++);
    // The render that opens the panel: no list yet, it assumes the fallback height.
    expect(room.used(null)).toBeNull();
    const { root, list } = panelWithList(LIST_HEIGHT_UNKNOWN);
    room.watch(root);
    await frames();
    expect(renders, 'no second render on open').toBe(0);
    // The list shrinks without a scroll (a selection's controls above it): render again.
    list.style.height = '250px';
    await frames();
    expect(renders).toBe(1);
    // That render reads the new height; nothing more until it changes.
    room.used(list);
    room.watch(root);
    await frames();
    expect(renders).toBe(1);
    room.disconnect();
  });

  it('a panel that opens at another height than its render assumed is rendered again, once', async () => {
    let renders = 0;
    const room = new ListRoom(() => renders++);
    room.used(null);
    const { root } = panelWithList(LIST_HEIGHT_UNKNOWN + 200);
    room.watch(root);
    await frames();
    expect(renders).toBe(1);
    room.disconnect();
  });

  it('renders in the next frame, not inside the observer delivery: a render that changes the list height is no ResizeObserver loop', async () => {
    // Inside the delivery, the render's own height change (PanelFit's fit) was a second notification
    // at the same depth: Chromium dropped it and reported a window error.
    const loops: string[] = [];
    const onError = (e: ErrorEvent) => {
      if (!/ResizeObserver loop/.test(e.message)) return;
      loops.push(e.message);
      e.preventDefault();
    };
    window.addEventListener('error', onError);
    try {
      let renders = 0;
      let list: HTMLElement | undefined;
      const room = new ListRoom(() => {
        renders++;
        room.used(list!);
        list!.style.height = '300px';
      });
      room.used(null);
      const made = panelWithList(LIST_HEIGHT_UNKNOWN);
      list = made.list;
      room.watch(made.root);
      await frames();
      expect(renders).toBe(0);
      list.style.height = '250px';
      await frames(6);
      expect(loops, 'no ResizeObserver loop').toEqual([]);
      // The render at 250 set 300; one more render reads 300, then nothing.
      expect([renders, list.clientHeight]).toEqual([2, 300]);
      await frames();
      expect(renders).toBe(2);
      room.disconnect();
    } finally {
      window.removeEventListener('error', onError);
    }
  });

  it('the rows follow the list font: a font change renders once with taller rows, the first row kept; the default font renders nothing more', async () => {
    let renders = 0;
    const room = new ListRoom(() => renders++);
    room.used(null);
    root = document.createElement('div');
    // The panel's probe as view/panel.ts renders it: a row's line and a note's line, in the list's font.
    root.innerHTML = `<div class="panel"><div class="list" style="height:${LIST_HEIGHT_UNKNOWN}px;overflow:auto;font:14px/1.4 sans-serif;position:relative">
      <div style="block-size:${300 * ROW}px"></div>
      <div class="row-probe" style="position:absolute;top:0;display:flex;flex-direction:column;visibility:hidden"><span data-probe="row">Mg</span><span data-probe="note" style="line-height:max(18px,1.25em)">Mg</span></div>
    </div></div>`;
    document.body.append(root);
    const list = root.querySelector<HTMLElement>('.list')!;
    room.watch(root);
    await frames();
    expect([renders, room.row, room.noteLine], 'default font: 28 px rows, no render').toEqual([0, 28, 18]);
    list.scrollTop = 100 * ROW;
    list.style.fontSize = '24px';
    await frames();
    // 24 px × 1.4 = 33.6 px line: 42 px rows, 30 px note lines.
    expect([renders, room.row, room.noteLine]).toEqual([1, 42, 30]);
    // The render that follows (the spacer at the new height) keeps row 100 at the list's top.
    root.querySelector<HTMLElement>('.list > div')!.style.blockSize = `${300 * 42}px`;
    room.used(list);
    room.watch(root);
    expect(list.scrollTop).toBe(100 * 42);
    await frames();
    expect(renders, 'nothing more at the same font').toBe(1);
    room.disconnect();
  });
});
