// A jump to a frame whose bitmap is cached shows it at once and leaves the decoder and the
// converters alone until no other seek came for a moment (webcodecs-source.ts): its window (the
// frames after it, for steps) used to be asked for right away, so a seek coming next found the
// decoder busy with it (a reset of a busy decoder is slower than of an idle one) and a lane
// converting its neighbours. The decoder's `request`/`extend` and the converter's `convert` are
// wrapped to count what the viewer asks for.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import './define.js';
import { FrameConverter } from './frame-converter.js';
import { FrameDecoder } from './frame-decoder.js';
import { mountVideo, shownFrame } from './video-test-utils.js';

const nativeConvert = FrameConverter.prototype.convert;
const nativeRequest = FrameDecoder.prototype.request;
const nativeExtend = FrameDecoder.prototype.extend;
let conversions = 0;
let decodeAsks = 0;

beforeEach(() => {
  conversions = 0;
  decodeAsks = 0;
  FrameConverter.prototype.convert = function (this: FrameConverter, ...args) {
    conversions++;
    return nativeConvert.apply(this, args);
  };
  FrameDecoder.prototype.request = function (this: FrameDecoder, ...args) {
    decodeAsks++;
    return nativeRequest.apply(this, args);
  };
  FrameDecoder.prototype.extend = function (this: FrameDecoder, ...args) {
    decodeAsks++;
    return nativeExtend.apply(this, args);
  };
});

afterEach(() => {
  document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove());
  FrameConverter.prototype.convert = nativeConvert;
  FrameDecoder.prototype.request = nativeRequest;
  FrameDecoder.prototype.extend = nativeExtend;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('WebCodecs viewer: a jump to a cached frame', () => {
  it('asks for no decoding or conversion until no other seek came for a moment, then for its window', async () => {
    const v = await mountVideo();
    for (const f of [12, 70]) {
      await v.seekFrame(f, false);
      await sleep(400);
    }
    // Frame 12 was shown (its bitmap is cached) and its window decoded; 70 is far from it.
    for (const f of [12, 70, 12]) {
      conversions = 0;
      decodeAsks = 0;
      await v.seekFrame(f, false);
      expect(shownFrame(v)).toBe(f);
      await sleep(40);
      expect(decodeAsks).toBe(0);
      expect(conversions).toBe(0);
      // Then its window is asked for (the frames after it, for steps).
      await sleep(360);
      expect(decodeAsks).toBeGreaterThan(0);
    }
  });
});
