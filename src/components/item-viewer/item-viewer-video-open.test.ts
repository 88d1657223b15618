// Opening a video decodes its first second in one run (webcodecs-source.ts `first`, FrameDecoder.warm):
// the decoder's first long run is the slow one (its frame memory is new), and without this the
// first seek after opening paid for it. The frames right after 0 are kept from that run, so the
// window asked once frame 0 is shown has nothing to decode again. `VideoDecoder.prototype.decode`
// is wrapped to count the chunks fed per frame (the frame number from the chunk's timestamp).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import './define.js';
import { mountVideo, shownFrame, TEST_SCENE } from './video-test-utils.js';

const nativeDecode = VideoDecoder.prototype.decode;
/** Chunks fed to any VideoDecoder, per frame number. */
const fed = new Map<number, number>();

beforeEach(() => {
  fed.clear();
  VideoDecoder.prototype.decode = function (this: VideoDecoder, chunk: EncodedVideoChunk) {
    const f = Math.round((chunk.timestamp / 1e6) * TEST_SCENE.fps);
    fed.set(f, (fed.get(f) ?? 0) + 1);
    return nativeDecode.call(this, chunk);
  };
});

afterEach(() => {
  document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove());
  VideoDecoder.prototype.decode = nativeDecode;
});

describe('WebCodecs viewer: opening decodes the first second once', () => {
  it('feeds frames 0 .. 1 s once while opening, and the window after frame 0 feeds none again', async () => {
    const v = await mountVideo();
    expect(shownFrame(v)).toBe(0);
    // Fed while opening: the run from frame 0 up to the frame a second in (30 at 30 fps; the
    // B-frames decoded after it in decode order are not fed).
    const opened = new Map(fed);
    expect(opened.get(0)).toBe(1);
    expect(opened.get(TEST_SCENE.fps)).toBe(1);
    expect(opened.size).toBeGreaterThan(TEST_SCENE.fps / 2);
    // The window after frame 0 (WINDOW_DELAY_MS = 120 ms after it is shown) finds its frames decoded.
    await new Promise((r) => setTimeout(r, 400));
    expect(fed).toEqual(opened);
    for (let f = 1; f <= 3; f++) {
      await v.stepFrame(1, false);
      expect(shownFrame(v)).toBe(f);
    }
  });
});
