// The viewer's warm decoder on the real H.264 and VP9 test clips: a request decodes from the key
// frame before it, leaves out the H.264 frames nothing refers to on the way (and only those), goes
// on forward without a new key frame, and each frame it gives is the frame its number says (read
// from the pixels burned into the clip).
import { describe, expect, it } from 'vitest';
import { readFrameCode } from '../../../scripts/frame-code.mjs';
import { FrameDecoder, isNonReferenceAvcc } from './frame-decoder.js';
import { CLIP_H264, CLIP_VP9, TEST_SCENE } from './video-test-utils.js';

/** The frame number burned into `image`. */
function codeOf(image: VideoFrame): number {
  const c = new OffscreenCanvas(image.displayWidth, image.displayHeight);
  const ctx = c.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(image, 0, 0);
  const px = ctx.getImageData(0, 0, c.width, c.height).data;
  return readFrameCode((x, y) => {
    const i = (Math.floor(y) * c.width + Math.floor(x)) * 4;
    return 0.299 * px[i]! + 0.587 * px[i + 1]! + 0.114 * px[i + 2]!;
  }, c.height);
}

async function open(url: string) {
  const mb = await import('mediabunny');
  const blob = await (await fetch(url)).blob();
  const input = new mb.Input({ source: new mb.BlobSource(blob), formats: [mb.MP4, mb.WEBM] });
  const track = (await input.getPrimaryVideoTrack())!;
  const t0 = await track.getFirstTimestamp();
  const fps = TEST_SCENE.fps;
  const out = new Map<number, number>();
  let wake: (() => void) | null = null;
  const decoder = new FrameDecoder(
    new mb.EncodedPacketSink(track),
    (await track.getDecoderConfig())!,
    (t) => Math.round((t - t0) * fps),
    (f) => t0 + (f + 0.5) / fps,
    (f, image) => {
      out.set(f, codeOf(image));
      image.close();
      wake?.();
    },
    () => wake?.(),
  );
  const until = async (f: number) => {
    while (!out.has(f)) await new Promise<void>((r) => (wake = r));
  };
  return { decoder, out, until, input };
}

describe('FrameDecoder', () => {
  it('H.264: a request for frame 45 decodes from key frame 30, leaving out frames nothing refers to', async () => {
    const { decoder, out, until, input } = await open(CLIP_H264);
    decoder.request(45, 45);
    await until(45);
    expect(out.get(45)).toBe(45);
    const before = [...out.keys()].filter((f) => f < 45);
    // Decoded from the key frame (30, the clip's key frame interval), never from 0.
    expect(Math.min(...before)).toBe(30);
    // Some frames between were left out (non-reference B-frames), and every frame given is right.
    expect(before.length).toBeLessThan(15);
    for (const [f, code] of out) expect(code, `frame ${f}`).toBe(f);
    // A request for one frame alone (a seek) flushed the decoder once 45 was in, so 45 did not wait
    // for later packets; a flushed decoder needs a key frame, so going on starts again at 30 (its
    // frames before 46 come again), and every frame from 46 to 55 comes, none left out.
    out.clear();
    decoder.request(46, 55);
    await until(55);
    expect(out.has(30)).toBe(true);
    for (let f = 46; f <= 55; f++) expect(out.get(f), `frame ${f}`).toBe(f);
    // A jump back decodes from the key frame again; the last frames come out at the end of the clip.
    out.clear();
    decoder.request(TEST_SCENE.frames - 1, TEST_SCENE.frames - 1, TEST_SCENE.frames - 5);
    await until(TEST_SCENE.frames - 1);
    expect(out.get(TEST_SCENE.frames - 1)).toBe(TEST_SCENE.frames - 1);
    for (let f = TEST_SCENE.frames - 5; f < TEST_SCENE.frames; f++) expect(out.get(f), `frame ${f}`).toBe(f);
    decoder.close();
    input.dispose();
  });

  it('H.264: a window asked while a seek is flushed, or a seek replacing it, gets right frames only', async () => {
    const { decoder, out, until, input } = await open(CLIP_H264);
    // The window after 45 asked as soon as 45 is out (its flush may still be under way).
    decoder.request(45, 45);
    await until(45);
    decoder.request(46, 60);
    await until(60);
    for (let f = 46; f <= 60; f++) expect(out.get(f), `frame ${f}`).toBe(f);
    // Seeks replacing each other before their frames are out: the last one comes, every frame given
    // is the frame its number says (nothing of an abandoned run is counted as another frame).
    out.clear();
    decoder.request(20, 20);
    decoder.request(80, 80);
    decoder.request(10, 10);
    await until(10);
    for (const [f, code] of out) expect(code, `frame ${f}`).toBe(f);
    // And the run after a flush can still reach the end of the clip.
    const last = TEST_SCENE.frames - 1;
    decoder.request(last - 3, last);
    await until(last);
    for (let f = last - 3; f <= last; f++) expect(out.get(f), `frame ${f}`).toBe(f);
    decoder.close();
    input.dispose();
  });

  it('H.264: a request past the next key frame starts at that key frame instead of decoding on to it', async () => {
    const { decoder, out, until, input } = await open(CLIP_H264);
    decoder.request(45, 45);
    await until(45);
    // 75 is within the forward limit of the run at 45, but key frame 60 lies between: decoding
    // from 60 costs half the frames decoding on from 46 would.
    out.clear();
    decoder.request(75, 75);
    await until(75);
    expect(out.get(75)).toBe(75);
    const before = [...out.keys()].filter((f) => f < 75);
    expect(Math.min(...before)).toBe(60);
    for (const [f, code] of out) expect(code, `frame ${f}`).toBe(f);
    decoder.close();
    input.dispose();
  });

  it('H.264: a B-frame fed after its P-frame is still reached by decoding on, not by a jump', async () => {
    const { decoder, out, until, input } = await open(CLIP_H264);
    decoder.request(45, 60);
    await until(47);
    // The first frame not out yet may be a B-frame whose P-frame (a higher number) is in: it is
    // still to come in the feed. A jump would start at key frame 30 again.
    const next = [48, 49, 50, 51].find((f) => !out.has(f))!;
    out.clear();
    decoder.request(next, 60);
    await until(next + 3);
    expect(out.has(30)).toBe(false);
    for (const [f, code] of out) expect(code, `frame ${f}`).toBe(f);
    decoder.close();
    input.dispose();
  });

  it('H.264: a request before the start of a run that is still to come is fed, not left out as a non-reference frame', async () => {
    // Which frames between 40 and 48 nothing refers to (left out on the way to 49).
    const first = await open(CLIP_H264);
    first.decoder.request(49, 49);
    await first.until(49);
    const disposable = [41, 42, 43, 44, 45, 46, 47].filter((f) => !first.out.has(f));
    first.decoder.close();
    first.input.dispose();
    expect(disposable.length).toBeGreaterThan(0);
    // The same run again; as soon as key frame 30 is out, ask for one of them (a step back while
    // the seek to 49 decodes): it lies ahead of the feed, so the run goes on, and it must be fed.
    const { decoder, out, until, input } = await open(CLIP_H264);
    decoder.request(49, 49);
    await until(30);
    const f = disposable[0]!;
    decoder.request(f, f);
    await until(f);
    expect(out.get(f)).toBe(f);
    decoder.close();
    input.dispose();
  });

  it('H.264: a seek a short way ahead of a run goes on to it as a jump would: frames nothing refers to left out, flushed at it', async () => {
    // Which frames between 43 and 49 nothing refers to (a seek to 50 from its key frame leaves them out).
    const first = await open(CLIP_H264);
    first.decoder.request(50, 50);
    await first.until(50);
    const disposable = [43, 44, 45, 46, 47, 48, 49].filter((f) => !first.out.has(f));
    first.decoder.close();
    first.input.dispose();
    expect(disposable.length).toBeGreaterThan(0);
    // A run for 31 .. 36 (a window from key frame 30), then a seek to 50: within reach of the run
    // (no key frame between), so it goes on, but feeds only what 50 needs and flushes there.
    const { decoder, out, until, input } = await open(CLIP_H264);
    decoder.request(31, 36);
    await until(31);
    decoder.request(50, 50);
    await until(50);
    expect(out.get(50)).toBe(50);
    for (const f of disposable) expect(out.has(f), `frame ${f} fed`).toBe(false);
    // Not a jump: key frame 30 came once, from the window's run.
    for (const [f, code] of out) expect(code, `frame ${f}`).toBe(f);
    // The run was flushed at 50: the next request starts again at key frame 30 and gets right frames.
    out.clear();
    decoder.request(51, 55);
    await until(55);
    expect(out.has(30)).toBe(true);
    for (let f = 51; f <= 55; f++) expect(out.get(f), `frame ${f}`).toBe(f);
    decoder.close();
    input.dispose();
  });

  it("H.264: a seek while the last seek's flush is still under way does not wait for that flush", async () => {
    // Each flush is held after the decoder is done until the test lets it go (as Chromium's flush can
    // end 5-35 ms after its last frame came out); a reset rejects it at once, as it does a flush
    // still under way.
    const { flush, reset } = VideoDecoder.prototype;
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    let flushes = 0;
    let decoderDone: () => void = () => {};
    const done = new Promise<void>((r) => (decoderDone = r));
    const abort = new Map<VideoDecoder, (e: unknown) => void>();
    VideoDecoder.prototype.flush = function (this: VideoDecoder) {
      flushes++;
      return new Promise<void>((resolve, reject) => {
        abort.set(this, reject);
        flush.call(this).then(() => {
          decoderDone();
          void held.then(resolve);
        }, reject);
      });
    };
    VideoDecoder.prototype.reset = function (this: VideoDecoder) {
      abort.get(this)?.(new DOMException('reset', 'AbortError'));
      abort.delete(this);
      reset.call(this);
    };
    try {
      const { decoder, out, until, input } = await open(CLIP_H264);
      decoder.request(45, 45);
      await until(45);
      await done;
      expect(flushes).toBe(1);
      // Every frame of that run is out, its flush not ended: the next seek's frame comes all the same.
      decoder.request(75, 75);
      await until(75);
      expect(out.get(75)).toBe(75);
      for (const [f, code] of out) expect(code, `frame ${f}`).toBe(f);
      release();
      // The decoder goes on as usual after the held flush ends.
      out.clear();
      decoder.request(76, 80);
      await until(80);
      for (let f = 76; f <= 80; f++) expect(out.get(f), `frame ${f}`).toBe(f);
      decoder.close();
      input.dispose();
    } finally {
      release();
      VideoDecoder.prototype.flush = flush;
      VideoDecoder.prototype.reset = reset;
    }
  });

  it('H.264: a request with finish is flushed once its frames are in, and the jump after it resets nothing', async () => {
    const { decode, flush, reset } = VideoDecoder.prototype;
    const fed: number[] = [];
    let flushes = 0;
    let resets = 0;
    VideoDecoder.prototype.decode = function (this: VideoDecoder, chunk: EncodedVideoChunk) {
      fed.push(Math.round((chunk.timestamp / 1e6) * TEST_SCENE.fps));
      return decode.call(this, chunk);
    };
    VideoDecoder.prototype.flush = function (this: VideoDecoder) {
      flushes++;
      return flush.call(this);
    };
    VideoDecoder.prototype.reset = function (this: VideoDecoder) {
      resets++;
      reset.call(this);
    };
    try {
      const { decoder, out, until, input } = await open(CLIP_H264);
      // Frames 0 .. 5 (the opening's warm-up): every one comes, right, and once all are fed the run
      // is flushed instead of feeding later packets to push them out of the decoder.
      decoder.request(0, 5, 0, true);
      await until(5);
      await decoder.settled();
      for (let f = 0; f <= 5; f++) expect(out.get(f), `frame ${f}`).toBe(f);
      // The clip's decode order is 0 2 1 4 3 6 5 8 7 ...: 6 goes in before 5, nothing after 5.
      expect(fed).toEqual([0, 2, 1, 4, 3, 6, 5]);
      expect(flushes).toBe(1);
      // The decoder holds nothing now: the next jump starts its run on it without a reset.
      out.clear();
      decoder.request(45, 45);
      await until(45);
      expect(out.get(45)).toBe(45);
      expect(resets).toBe(0);
      // A seek that comes while such a run is still decoding replaces it; every frame given is right.
      out.clear();
      decoder.request(60, 70, 60, true);
      decoder.request(20, 20);
      await until(20);
      for (const [f, code] of out) expect(code, `frame ${f}`).toBe(f);
      decoder.close();
      input.dispose();
    } finally {
      VideoDecoder.prototype.decode = decode;
      VideoDecoder.prototype.flush = flush;
      VideoDecoder.prototype.reset = reset;
    }
  });

  it('H.264: a seek 29 frames past its key frame feeds only the frames something refers to, and a step back after it gets a left-out frame', async () => {
    // The clip's frames 30 .. 59 with nal_ref_idc 0, read with ffmpeg, not with the decoder's parser:
    // ffmpeg -i clip-h264.mp4 -c copy -bsf:v trace_headers -f null -
    // Its decode order there is 30 32 31 35 33 34 ... 58 57 59: every packet of 30 .. 59 comes by 59.
    const NON_REF = [31, 34, 36, 38, 40, 43, 46, 49, 51, 53, 55, 57];
    const { decode } = VideoDecoder.prototype;
    const fed: number[] = [];
    VideoDecoder.prototype.decode = function (this: VideoDecoder, chunk: EncodedVideoChunk) {
      fed.push(Math.round((chunk.timestamp / 1e6) * TEST_SCENE.fps));
      return decode.call(this, chunk);
    };
    try {
      const { decoder, out, until, input } = await open(CLIP_H264);
      decoder.request(59, 59);
      await until(59);
      await decoder.settled();
      expect(out.get(59)).toBe(59);
      // 18 chunks for 30 frames: every frame from key frame 30 but the 12 nothing refers to.
      const expected = Array.from({ length: 30 }, (_, i) => 30 + i).filter((f) => !NON_REF.includes(f));
      expect([...fed].sort((a, b) => a - b)).toEqual(expected);
      // What was fed came out, each the frame its number says; the left-out frames did not.
      for (const f of expected) expect(out.get(f), `frame ${f}`).toBe(f);
      for (const f of NON_REF) expect(out.has(f), `frame ${f}`).toBe(false);
      // A step back to 57 (left out above) as the viewer asks it (its window, from 52): it is fed
      // now, it and every frame of the window right; before 52 the non-reference frames stay out.
      out.clear();
      fed.length = 0;
      decoder.request(57, 62, 52);
      await until(62);
      for (let f = 52; f <= 62; f++) expect(out.get(f), `frame ${f}`).toBe(f);
      for (const f of NON_REF.filter((n) => n < 52)) expect(fed, `frame ${f}`).not.toContain(f);
      for (const [f, code] of out) expect(code, `frame ${f}`).toBe(f);
      decoder.close();
      input.dispose();
    } finally {
      VideoDecoder.prototype.decode = decode;
    }
  });

  it('isNonReferenceAvcc: non-reference only when every slice has nal_ref_idc 0 and the packet reads to its end', () => {
    /** An AVCC packet: each NAL unit (header byte, then payload) after its `size`-byte length. */
    const avcc = (size: number, ...nals: number[][]) => {
      const bytes: number[] = [];
      for (const nal of nals) {
        for (let k = size - 1; k >= 0; k--) bytes.push(Math.floor(nal.length / 256 ** k) % 256);
        bytes.push(...nal);
      }
      return new Uint8Array(bytes);
    };
    // NAL headers: forbidden bit, nal_ref_idc (2 bits), type (5 bits).
    const B = 0x01; // non-reference slice
    const P = 0x41; // slice, nal_ref_idc 2
    const IDR = 0x65; // IDR slice, nal_ref_idc 3
    const SEI = 0x06;
    const AUD = 0x09;
    expect(isNonReferenceAvcc(avcc(4, [B, 0x9a, 0x00]), 4)).toBe(true);
    expect(isNonReferenceAvcc(avcc(4, [AUD, 0xf0], [SEI, 5, 1, 0x80], [B, 0x9a]), 4)).toBe(true);
    expect(isNonReferenceAvcc(avcc(2, [B, 0x9a], [B, 0x9b]), 2)).toBe(true);
    expect(isNonReferenceAvcc(avcc(1, [B, 0x9a]), 1)).toBe(true);
    // A reference slice, an IDR, or one reference slice among non-reference ones: a reference.
    expect(isNonReferenceAvcc(avcc(4, [P, 0x9a]), 4)).toBe(false);
    expect(isNonReferenceAvcc(avcc(4, [IDR, 0x88]), 4)).toBe(false);
    expect(isNonReferenceAvcc(avcc(4, [B, 0x9a], [P, 0x9b]), 4)).toBe(false);
    expect(isNonReferenceAvcc(avcc(4, [P, 0x9a], [B, 0x9b]), 4)).toBe(false);
    // Doubt counts as a reference: no slice, a length past the end, bytes left over, a zero
    // length, the forbidden bit, a data partition, the wrong length size, nothing at all.
    expect(isNonReferenceAvcc(avcc(4, [SEI, 5, 1, 0x80]), 4)).toBe(false);
    const long = avcc(4, [B, 0x9a, 0x00]);
    expect(isNonReferenceAvcc(long.subarray(0, long.length - 1), 4)).toBe(false);
    expect(isNonReferenceAvcc(new Uint8Array([...avcc(4, [B, 0x9a]), 0, 0]), 4)).toBe(false);
    expect(isNonReferenceAvcc(new Uint8Array([0, 0, 0, 0, ...avcc(4, [B, 0x9a])]), 4)).toBe(false);
    expect(isNonReferenceAvcc(avcc(4, [0x81, 0x9a]), 4)).toBe(false);
    expect(isNonReferenceAvcc(avcc(4, [0x02, 0x9a]), 4)).toBe(false);
    expect(isNonReferenceAvcc(avcc(4, [B, 0x9a]), 2)).toBe(false);
    expect(isNonReferenceAvcc(avcc(4, [B, 0x9a]), 0)).toBe(false);
    expect(isNonReferenceAvcc(new Uint8Array(0), 4)).toBe(false);
  });

  it('VP9: every frame from the key frame is fed (no skipping), each the frame its number says', async () => {
    const { decoder, out, until, input } = await open(CLIP_VP9);
    decoder.request(40, 42);
    await until(42);
    for (let f = 30; f <= 42; f++) expect(out.get(f), `frame ${f}`).toBe(f);
    decoder.close();
    input.dispose();
  });
});
