// Stepping keeps a conversion lane free for the frame sought next (webcodecs-source.ts): while a
// step's neighbours convert (for the next steps), at most one of them converts at a time, so a jump
// right after a step shares the cores with one leftover conversion, not two. The converter's
// `convert` is wrapped to see which frames are in flight (the frame number from the VideoFrame's
// timestamp) and which the viewer was asked for last.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import './define.js';
import { FrameConverter } from './frame-converter.js';
import { mountVideo, shownFrame, TEST_SCENE } from './video-test-utils.js';

const nativeConvert = FrameConverter.prototype.convert;
/** Frames being converted now. */
const inFlight = new Set<number>();
/** The frame the test asked the viewer for last. */
let asked = -1;
/** Most conversions of frames other than `asked` at once, over the test. */
let mostOthers = 0;
let conversions = 0;

beforeEach(() => {
  inFlight.clear();
  asked = -1;
  mostOthers = 0;
  conversions = 0;
  FrameConverter.prototype.convert = function (this: FrameConverter, frame, width, height, rotation) {
    const f = Math.round((frame.timestamp / 1e6) * TEST_SCENE.fps);
    inFlight.add(f);
    conversions++;
    mostOthers = Math.max(mostOthers, [...inFlight].filter((n) => n !== asked).length);
    return nativeConvert.call(this, frame, width, height, rotation).finally(() => inFlight.delete(f));
  };
});

afterEach(() => {
  document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove());
  FrameConverter.prototype.convert = nativeConvert;
});

describe('WebCodecs viewer: stepping converts its neighbours one at a time', () => {
  it('seeks a few frames apart (steps) never have two neighbour conversions in flight', async () => {
    const v = await mountVideo();
    for (const start of [10, 40, 65]) {
      asked = start;
      await v.seekFrame(start, false);
      // Steps of two frames forward, then back: each a frame not shown yet, its neighbours to convert.
      for (const f of [start + 2, start + 4, start + 6, start + 3, start + 1]) {
        asked = f;
        await v.seekFrame(f, false);
        expect(shownFrame(v)).toBe(f);
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    // Neighbours were converted (the test saw the case it is about), never two at once.
    expect(conversions).toBeGreaterThan(30);
    expect(mostOthers).toBe(1);
  });
});

describe('WebCodecs viewer: the conversion lanes start before the steps need them', () => {
  const NativeWorker = window.Worker;
  /** Conversion workers started (by their name, see create-frame-convert-worker.ts). */
  let started = 0;

  beforeEach(() => {
    started = 0;
    window.Worker = class extends NativeWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (options?.name === 'dl-kit-video-frames') started++;
      }
    };
  });

  afterEach(() => {
    window.Worker = NativeWorker;
  });

  it('a seek left alone starts both lanes; the steps after it start none', async () => {
    const v = await mountVideo();
    await v.seekFrame(40, false);
    expect(shownFrame(v)).toBe(40);
    // The seek's window (WINDOW_DELAY_MS = 120 ms after its frame is shown) starts the second lane.
    await new Promise((r) => setTimeout(r, 400));
    expect(started).toBe(2);
    for (let f = 41; f <= 46; f++) {
      await v.stepFrame(1, false);
      expect(shownFrame(v)).toBe(f);
    }
    expect(started).toBe(2);
  });
});
