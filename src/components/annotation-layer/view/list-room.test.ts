// ListRoom (real Chromium, a real ResizeObserver): the panel renders again when its object list's
// height differs from the one its last render used, and not otherwise. Before, its first
// observation of a new list always asked for a render: one extra full panel render each time the
// panel opened (O(n) at 100k rows), even when the list was as high as the render had assumed.
import { afterEach, describe, expect, it } from 'vitest';
import { LIST_HEIGHT_UNKNOWN, ListRoom } from './list-room.js';

const frames = () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
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
});
