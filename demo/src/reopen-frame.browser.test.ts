// The frame an undone decision reopens a video at: kept only for the reopen of a successful undo.
import { describe, expect, it } from 'vitest';
import { openAgain, takeReopenFrame, undoAndReopen } from './reopen-frame.js';

const ok = async () => undefined;

describe('undoAndReopen', () => {
  it('an undone approval that had moved on reopens the item at its frame, once', async () => {
    let reopened = 0;
    await undoAndReopen({ itemId: 'v1', frame: 40, moving: Promise.resolve(), restore: ok, reopen: () => reopened++ });
    expect(reopened).toBe(1);
    expect(takeReopenFrame('v1')).toBe(40);
    // The item's next opening (later, from its list) starts as usual.
    expect(takeReopenFrame('v1')).toBeUndefined();
  });

  it('a move on that failed: the item is reopened (loaded again in place) and its load takes the frame', async () => {
    let reopened = 0;
    await undoAndReopen({
      itemId: 'v2',
      frame: 40,
      moving: Promise.reject(new Error('503 on the next item')),
      restore: ok,
      reopen: () => reopened++,
    });
    expect(reopened).toBe(1);
    expect(takeReopenFrame('v2')).toBe(40);
  });

  it('a restore that failed keeps no frame and does not reopen', async () => {
    let reopened = 0;
    const failing = undoAndReopen({
      itemId: 'v3',
      frame: 40,
      moving: Promise.resolve(),
      restore: async () => {
        throw new Error('409');
      },
      reopen: () => reopened++,
    });
    await expect(failing).rejects.toThrow('409');
    expect(reopened).toBe(0);
    expect(takeReopenFrame('v3')).toBeUndefined();
  });

  it('an image (no frame) keeps none', async () => {
    await undoAndReopen({ itemId: 'i1', frame: null, moving: Promise.resolve(), restore: ok, reopen: () => {} });
    expect(takeReopenFrame('i1')).toBeUndefined();
  });
});

describe('openAgain', () => {
  it('loads the item in place when the page still shows it (the same hash fires no hashchange), else follows the link', async () => {
    // A move on that failed (503 on the next item) left the page on the item: the undo set the same
    // hash, nothing reloaded, and the page kept showing the item as decided.
    const start = location.hash;
    let changes = 0;
    const count = () => changes++;
    window.addEventListener('hashchange', count);
    try {
      const tick = () => new Promise((r) => setTimeout(r, 0));
      location.hash = '/items/a?index=1';
      await tick();
      changes = 0;
      let reloads = 0;
      openAgain('#/items/a?index=1', () => reloads++);
      await tick();
      expect([reloads, changes]).toEqual([1, 0]);
      openAgain('#/items/b?index=2', () => reloads++);
      await tick();
      expect([reloads, changes, location.hash]).toEqual([1, 1, '#/items/b?index=2']);
    } finally {
      window.removeEventListener('hashchange', count);
      location.hash = start;
    }
  });
});
