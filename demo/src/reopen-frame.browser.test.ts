// The frame an undone decision reopens a video at: kept only for the reopen of a successful undo.
import { describe, expect, it } from 'vitest';
import { takeReopenFrame, undoAndReopen } from './reopen-frame.js';

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

  it('a move on that failed keeps no frame: the next opening of the item does not jump to it', async () => {
    let reopened = 0;
    await undoAndReopen({
      itemId: 'v2',
      frame: 40,
      moving: Promise.reject(new Error('503 on the next item')),
      restore: ok,
      reopen: () => reopened++,
    });
    expect(reopened).toBe(1);
    expect(takeReopenFrame('v2')).toBeUndefined();
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
