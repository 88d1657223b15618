import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import './define.js';
import '../annotation-layer/define.js';
import type { DlAnnotationLayer } from '../annotation-layer/annotation-layer.js';
import type { DlFrameChangeEvent, DlItemLoadEvent } from './item-viewer-events.js';
import type { DlItemViewer } from './item-viewer.js';
import { nextEvent, realClickOn, realDrag } from '../internal/test-utils.js';
import { itemFps, itemFrameCount, type VideoDecoderChoice } from './video-source.js';
import { CLIP_H264, CLIP_VP8, CLIP_VP9, clipItem, shownFrame, TEST_SCENE } from './video-test-utils.js';
import { readFrameCode } from '../../../scripts/frame-code.mjs';

afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));

async function mountVideo(
  opts: { src?: string; mimetype?: string; decoder?: VideoDecoderChoice; layer?: boolean } = {},
) {
  const v = document.createElement('dl-item-viewer');
  v.style.cssText = 'position:fixed;left:0;top:0;width:656px;height:496px';
  v.item = clipItem(opts.mimetype ?? 'video/mp4');
  if (opts.decoder) v.videoDecoder = opts.decoder;
  v.src = opts.src ?? CLIP_H264;
  let layer: DlAnnotationLayer | null = null;
  if (opts.layer) {
    layer = document.createElement('dl-annotation-layer');
    layer.noToolbar = true;
    v.append(layer);
  }
  const loaded = nextEvent<DlItemLoadEvent>(v, 'dl-item-load');
  document.body.append(v);
  return { v, layer, load: (await loaded).detail };
}

const CASES: Array<[string, string, string, VideoDecoderChoice]> = [
  ['H.264 MP4, WebCodecs', CLIP_H264, 'video/mp4', 'webcodecs'],
  ['VP9 WebM, WebCodecs', CLIP_VP9, 'video/webm', 'webcodecs'],
  ['H.264 MP4, <video> fallback', CLIP_H264, 'video/mp4', 'media-element'],
  ['VP9 WebM, <video> fallback', CLIP_VP9, 'video/webm', 'media-element'],
  ['VP8 WebM, WebCodecs', CLIP_VP8, 'video/webm', 'webcodecs'],
  ['VP8 WebM, <video> fallback', CLIP_VP8, 'video/webm', 'media-element'],
];

describe('<dl-item-viewer> video: the frame shown is the frame asked for (read back from the pixels)', () => {
  for (const [name, src, mimetype, decoder] of CASES)
    it(`${name}: seek anywhere, step forward and back`, async () => {
      const { v, load } = await mountVideo({ src, mimetype, decoder });
      expect(load).toMatchObject({ kind: 'video', width: 320, height: 240, fps: 30, frameCount: 90, decoder });
      expect(v.videoDecoderInUse).toBe(decoder);
      expect([v.currentFrame, shownFrame(v)]).toEqual([0, 0]);
      for (const f of [45, 89, 17, 3, 60, 29, 30, 31, 0, 88]) {
        await v.seekFrame(f, false);
        expect([f, v.currentFrame, shownFrame(v)]).toEqual([f, f, f]);
      }
      await v.seekFrame(40, false);
      for (let f = 41; f <= 47; f++) {
        await v.stepFrame(1, false);
        expect([f, shownFrame(v)]).toEqual([f, f]);
      }
      for (let f = 46; f >= 26; f--) {
        await v.stepFrame(-1, false);
        expect([f, shownFrame(v)]).toEqual([f, f]);
      }
      await v.seekFrame(500, false);
      expect([v.currentFrame, shownFrame(v)]).toEqual([89, 89]);
      await v.seekFrame(-4, false);
      expect([v.currentFrame, shownFrame(v)]).toEqual([0, 0]);
    });

  it('fires dl-frame-change for user seeks only; buttons, `,` `.` and Shift (ten frames)', async () => {
    const { v } = await mountVideo();
    const changes: DlFrameChangeEvent[] = [];
    v.addEventListener('dl-frame-change', (e) => changes.push(e));
    await v.seekFrame(7);
    expect(changes.at(-1)!.detail).toEqual({ frame: 7, time: 7 / 30 });
    const next = v.shadowRoot!.querySelector<HTMLButtonElement>('.video button:nth-of-type(3)')!;
    let ev = nextEvent<DlFrameChangeEvent>(v, 'dl-frame-change');
    await realClickOn(next);
    expect((await ev).detail.frame).toBe(8);
    expect(shownFrame(v)).toBe(8);
    (v.shadowRoot!.querySelector('.base') as HTMLElement).focus();
    ev = nextEvent<DlFrameChangeEvent>(v, 'dl-frame-change');
    await userEvent.keyboard('.');
    expect((await ev).detail.frame).toBe(9);
    ev = nextEvent<DlFrameChangeEvent>(v, 'dl-frame-change');
    await userEvent.keyboard('{Shift>}.{/Shift}');
    expect((await ev).detail.frame).toBe(19);
    ev = nextEvent<DlFrameChangeEvent>(v, 'dl-frame-change');
    await userEvent.keyboard('{Shift>},{/Shift}');
    expect((await ev).detail.frame).toBe(9);
    ev = nextEvent<DlFrameChangeEvent>(v, 'dl-frame-change');
    await userEvent.keyboard(',');
    expect((await ev).detail.frame).toBe(8);
    expect(shownFrame(v)).toBe(8);
    await v.updateComplete;
    // 8 / 30 s = 0.2666… s, written m:ss.cc as the timeline writes it.
    expect(v.shadowRoot!.querySelector('.time')!.textContent).toBe('Frame 8 / 89 · 0:00.27');
    const n = changes.length;
    v.currentFrame = 3;
    await v.seekFrame(3, false);
    expect([changes.length, shownFrame(v)]).toEqual([n, 3]);
  });

  it('rapid steps while decoding count from the frame being sought, not the one still shown', async () => {
    const { v } = await mountVideo({ src: CLIP_VP9, mimetype: 'video/webm' });
    await v.seekFrame(70, false);
    const steps = [v.stepFrame(-1, false), v.stepFrame(-1, false), v.stepFrame(-1, false)];
    await Promise.all(steps);
    expect([v.currentFrame, shownFrame(v)]).toEqual([67, 67]);
  });

  for (const decoder of ['webcodecs', 'media-element'] as const)
    it(`a seek asked while the video is still opening is made once it is open (${decoder})`, async () => {
      // A page that loads the item and seeks at once (the e2e flow after a reload) was left on frame 0.
      const v = document.createElement('dl-item-viewer');
      v.style.cssText = 'position:fixed;left:0;top:0;width:656px;height:496px';
      v.item = clipItem('video/mp4');
      v.videoDecoder = decoder;
      v.src = CLIP_H264;
      const loaded = nextEvent<DlItemLoadEvent>(v, 'dl-item-load');
      const changes: number[] = [];
      v.addEventListener('dl-frame-change', (e) => changes.push(e.detail.frame));
      document.body.append(v);
      await v.updateComplete;
      expect(v.isVideo).toBe(false);
      let firstDone = false;
      const first = v.seekFrame(40).then(() => (firstDone = true));
      const second = v.seekFrame(15);
      // The newer seek replaces the older one, whose caller is not left waiting.
      await first;
      expect([firstDone, v.isVideo]).toEqual([true, false]);
      // Steps count from the frame asked for, as they do while a seek decodes.
      const step = v.stepFrame(2);
      await loaded;
      await Promise.all([second, step]);
      expect([v.currentFrame, shownFrame(v)]).toEqual([17, 17]);
      expect(changes.at(-1)).toBe(17);
      expect(changes).not.toContain(40);
    });

  it('a seek asked while an item loads settles when the load fails or shows an image', async () => {
    const v = document.createElement('dl-item-viewer');
    v.item = clipItem('video/mp4');
    v.src = new URL('./fixtures/missing-clip.mp4', import.meta.url).href;
    const failed = nextEvent(v, 'dl-item-error');
    document.body.append(v);
    await v.updateComplete;
    const seek = v.seekFrame(15);
    await failed;
    await seek;
    expect(v.currentFrame).toBe(0);
  });

  for (const decoder of ['webcodecs', 'media-element'] as const)
    it(`seeks superseded by a newer seek settle, and the newest one is shown (${decoder})`, async () => {
      const { v } = await mountVideo({ decoder });
      /** Every seek must settle: a superseded one that never does is reported, not waited for. */
      const settled = (seeks: Promise<void>[], what: string) =>
        Promise.race([
          Promise.all(seeks).then(() => 'settled'),
          new Promise((r) => setTimeout(() => r(`${what}: a seek never settled`), 10_000)),
        ]);
      // Frame 50 is decoded ahead of 40 but not converted when it is asked for, then 85 replaces it.
      await v.seekFrame(40, false);
      await new Promise((r) => requestAnimationFrame(r));
      expect(await settled([v.seekFrame(50, false), v.seekFrame(85, false)], '50 then 85')).toBe('settled');
      expect([v.currentFrame, shownFrame(v)]).toEqual([85, 85]);
      // A burst across key frames, nothing awaited in between.
      const burst = [12, 70, 33, 61, 5, 47];
      expect(
        await settled(
          burst.map((f) => v.seekFrame(f, false)),
          'burst',
        ),
      ).toBe('settled');
      expect([v.currentFrame, shownFrame(v)]).toEqual([47, 47]);
      // Stepping still works from there.
      await v.stepFrame(1, false);
      expect([v.currentFrame, shownFrame(v)]).toEqual([48, 48]);
    });

  it('WebCodecs: a seek decodes its frame alone; the window after it waits until no other seek follows', async () => {
    const feeds = spyFeeds();
    const { fed } = feeds;
    try {
      // Opening shows frame 0 as a seek does: its packet alone first. Then, while frame 0 converts,
      // frames 0 .. 5 are decoded again as its window (warming the decoder up), and nothing more:
      // a seek right after opening finds the decoder free.
      const { v } = await mountVideo({ decoder: 'webcodecs' });
      expect(fed.slice(0, 2)).toEqual([0, 0]);
      await new Promise((r) => setTimeout(r, 500));
      // (The clip's decode order is 0 2 1 4 3 6 5 8 7 ...: 6 goes in before 5, nothing after 5.)
      expect(fed).toEqual([0, 0, 2, 1, 4, 3, 6, 5]);
      await v.seekFrame(45, false);
      expect([v.currentFrame, shownFrame(v)]).toEqual([45, 45]);
      // Right after the seek (a scrub's next seek comes now) the decoder is left alone: nothing
      // is fed for the frames after 45, so the next seek does not wait behind them.
      fed.length = 0;
      await new Promise((r) => setTimeout(r, 40));
      expect(fed).toEqual([]);
      // The next seek gets the packets its frame needs, from its key frame, and nothing after it.
      await v.seekFrame(75, false);
      expect([v.currentFrame, shownFrame(v)]).toEqual([75, 75]);
      expect(Math.min(...fed)).toBe(60);
      expect(fed.filter((f) => f > 76)).toEqual([]);
      // Left on 75, the window after it is decoded: the steps forward find their frames there.
      fed.length = 0;
      await new Promise((r) => setTimeout(r, 500));
      expect(Math.max(...fed)).toBeGreaterThan(80);
      fed.length = 0;
      for (let f = 76; f <= 78; f++) {
        await v.stepFrame(1, false);
        expect([f, v.currentFrame, shownFrame(v)]).toEqual([f, f, f]);
      }
      expect(fed.filter((f) => f <= 78)).toEqual([]);
    } finally {
      feeds.restore();
    }
  });

  it('WebCodecs: opening warms the decoder up on frames 0 .. 5, flushed, so the first seek resets nothing; seeks during it are right', async () => {
    const { reset } = VideoDecoder.prototype;
    let resets = 0;
    VideoDecoder.prototype.reset = function (this: VideoDecoder) {
      resets++;
      reset.call(this);
    };
    try {
      // The warm-up's frames are frame 0's window: steps through them (and past) show each frame.
      const { v } = await mountVideo({ decoder: 'webcodecs' });
      await new Promise((r) => setTimeout(r, 500));
      for (let f = 1; f <= 8; f++) {
        await v.stepFrame(1, false);
        expect([f, v.currentFrame, shownFrame(v)]).toEqual([f, f, f]);
      }
      v.remove();
      resets = 0;
      // Left idle after opening, the decoder holds no frame back: the first jump starts its run on it
      // without a reset (frame 0's window used to leave one held, and the jump reset the decoder).
      const second = await mountVideo({ decoder: 'webcodecs' });
      await new Promise((r) => setTimeout(r, 500));
      await second.v.seekFrame(45, false);
      expect([45, second.v.currentFrame, shownFrame(second.v)]).toEqual([45, 45, 45]);
      expect(resets).toBe(0);
      second.v.remove();
      // A seek the moment the video is open (the warm-up may still run) and one right after it show
      // their frames, never a frame of the warm-up.
      const third = await mountVideo({ decoder: 'webcodecs' });
      const first = third.v.seekFrame(70, false);
      await third.v.seekFrame(3, false);
      await first;
      expect([3, third.v.currentFrame, shownFrame(third.v)]).toEqual([3, 3, 3]);
      await third.v.seekFrame(62, false);
      expect([62, third.v.currentFrame, shownFrame(third.v)]).toEqual([62, 62, 62]);
    } finally {
      VideoDecoder.prototype.reset = reset;
    }
  });

  /** Records the frame number of every packet fed to a VideoDecoder. */
  function spyFeeds(): { fed: number[]; restore(): void } {
    const fed: number[] = [];
    const decode = VideoDecoder.prototype.decode;
    VideoDecoder.prototype.decode = function (this: VideoDecoder, chunk: EncodedVideoChunk) {
      fed.push(Math.round((chunk.timestamp / 1e6) * TEST_SCENE.fps));
      return decode.call(this, chunk);
    };
    return { fed, restore: () => void (VideoDecoder.prototype.decode = decode) };
  }

  /** Records the frame number of every VideoFrame the viewer converts (it sends a clone to its worker). */
  function spyConversions(): { converted: number[]; restore(): void } {
    const converted: number[] = [];
    const clone = VideoFrame.prototype.clone;
    VideoFrame.prototype.clone = function (this: VideoFrame) {
      converted.push(Math.round((this.timestamp / 1e6) * TEST_SCENE.fps));
      return clone.call(this);
    };
    return { converted, restore: () => void (VideoFrame.prototype.clone = clone) };
  }

  for (const [name, src, mimetype] of [
    ['H.264', CLIP_H264, 'video/mp4'],
    ['VP9', CLIP_VP9, 'video/webm'],
  ] as const)
    it(`WebCodecs (${name}): a seek converts its frame alone, its neighbours only with its window`, async () => {
      const spy = spyConversions();
      try {
        const { v } = await mountVideo({ src, mimetype, decoder: 'webcodecs' });
        await new Promise((r) => setTimeout(r, 500));
        // Jumps (none of these frames is decoded yet: the window after frame 0 ends before 45).
        for (const f of [45, 75, 30, 60]) {
          spy.converted.length = 0;
          await v.seekFrame(f, false);
          expect([f, v.currentFrame, shownFrame(v)]).toEqual([f, f, f]);
          // Its decoded neighbours (the frames it refers to) wait: a scrub's next seek finds both
          // workers free. Before, one started the moment the sought frame's bitmap came.
          await new Promise((r) => setTimeout(r, 30));
          expect(spy.converted).toEqual([f]);
        }
        // Left on 60, its window converts the frames around it.
        await new Promise((r) => setTimeout(r, 500));
        expect(spy.converted).toEqual(expect.arrayContaining([59, 61]));
      } finally {
        spy.restore();
      }
    });

  it('WebCodecs: a step whose frame is not decoded converts its frame and near neighbours first, then the rest', async () => {
    const spy = spyConversions();
    try {
      const { v } = await mountVideo({ decoder: 'webcodecs' });
      await new Promise((r) => setTimeout(r, 500));
      await v.seekFrame(45, false);
      // Three ahead, before the window after 45 is asked: a step, decoded from the key frame (30)
      // with the frames before it kept for steps back. Those come out of the decoder first; converted
      // then, they shared the cores with 48's decoding.
      spy.converted.length = 0;
      await v.stepFrame(3, false);
      expect([v.currentFrame, shownFrame(v)]).toEqual([48, 48]);
      const early = spy.converted.slice(0, spy.converted.indexOf(48) + 1);
      expect(early).toContain(48);
      for (const f of early) expect(f).toBeGreaterThanOrEqual(46);
      // Then the rest, for the steps back.
      await new Promise((r) => setTimeout(r, 500));
      expect(Math.min(...spy.converted)).toBeLessThan(40);
      for (let f = 47; f >= 40; f--) {
        await v.stepFrame(-1, false);
        expect([f, shownFrame(v)]).toEqual([f, f]);
      }
    } finally {
      spy.restore();
    }
  });

  for (const [name, src, mimetype] of [
    ['H.264', CLIP_H264, 'video/mp4'],
    ['VP9', CLIP_VP9, 'video/webm'],
  ] as const)
    it(`WebCodecs (${name}): steps back right after a jump find their frames decoded by its window`, async () => {
      const feeds = spyFeeds();
      const { fed } = feeds;
      try {
        const { v } = await mountVideo({ src, mimetype, decoder: 'webcodecs' });
        for (const f of [45, 74]) {
          await v.seekFrame(f, false);
          await new Promise((r) => setTimeout(r, 500));
          // Four steps back: nothing decoded again. Before, the window kept two frames before the
          // jump's frame and fed none of the H.264 frames nothing refers to: a step back to one of
          // those decoded again from the key frame before it (fifteen frames earlier).
          fed.length = 0;
          for (let g = f - 1; g >= f - 4; g--) {
            await v.stepFrame(-1, false);
            expect([g, v.currentFrame, shownFrame(v)]).toEqual([g, g, g]);
          }
          expect(fed.filter((n) => n < f)).toEqual([]);
        }
      } finally {
        feeds.restore();
      }
    });

  for (const decoder of ['webcodecs', 'media-element'] as const)
    it(`plays at the native rate (${decoder}); the shown frame follows; pause`, async () => {
      const { v } = await mountVideo({ decoder });
      const frames: number[] = [];
      v.addEventListener('dl-frame-change', (e) => frames.push(e.detail.frame));
      const t0 = performance.now();
      await v.play();
      expect(v.playing).toBe(true);
      await new Promise((r) => setTimeout(r, 700));
      const elapsed = (performance.now() - t0) / 1000;
      v.pause();
      expect(frames.length).toBeGreaterThan(3);
      // Frames only go forward, and playback ran at (about) 30 fps of wall time.
      expect(
        frames.every((f, i) => i === 0 || f >= frames[i - 1]!),
        String(frames),
      ).toBe(true);
      expect(v.currentFrame).toBeGreaterThan(elapsed * 30 * 0.5);
      expect(v.currentFrame).toBeLessThanOrEqual(Math.ceil(elapsed * 30) + 1);
      // The <video> path settles on the last presented frame after a pause (a seek).
      await expect.poll(() => shownFrame(v)).toBe(v.currentFrame);
      const stats = v.playbackStats;
      expect(stats.presented).toBeGreaterThan(0);
      await v.updateComplete;
      expect(v.shadowRoot!.querySelector('.video button:nth-of-type(2)')!.getAttribute('aria-label')).toBe('Play');
      // The video buttons' tooltips name their keys from the viewer's key table.
      const titles = [...v.shadowRoot!.querySelectorAll<HTMLElement>('.video button')].map((b) => b.title);
      expect(titles).toEqual(['Previous frame (,)', 'Play (K)', 'Next frame (.)']);
    });

  it('plays to the end and stops on the last frame', async () => {
    const { v } = await mountVideo({ src: CLIP_VP9, mimetype: 'video/webm' });
    await v.seekFrame(80, false);
    const ended = new Promise<void>((resolve) =>
      v.addEventListener('dl-frame-change', (e) => e.detail.frame === 89 && !v.playing && resolve()),
    );
    await v.play();
    await ended;
    expect([v.currentFrame, shownFrame(v), v.playing]).toEqual([89, 89, false]);
  });
});

describe('<dl-item-viewer> video: decoders and metadata', () => {
  it('falls back to <video> where WebCodecs is missing (auto)', async () => {
    const g = globalThis as { VideoDecoder?: unknown };
    const saved = g.VideoDecoder;
    g.VideoDecoder = undefined;
    try {
      const { v, load } = await mountVideo({ decoder: 'auto' });
      expect(load.decoder).toBe('media-element');
      await v.seekFrame(33, false);
      expect(shownFrame(v)).toBe(33);
    } finally {
      g.VideoDecoder = saved;
    }
    const { load } = await mountVideo({ decoder: 'auto' });
    expect(load.decoder).toBe('webcodecs');
  });

  it('the fitted frame lies above the video controls (its bottom rows are not hidden behind them)', async () => {
    const { v } = await mountVideo();
    // 656×496 box, 320×240 clip: fitted to the whole box (scale 2) the frame would end at y = 488,
    // under the bar; fitted to the part above the bar it ends fit's 8 px margin above the bar.
    await expect.poll(() => v.shadowRoot!.querySelector('.video')).not.toBeNull();
    await v.updateComplete;
    const bar = v.shadowRoot!.querySelector<HTMLElement>('.video')!.getBoundingClientRect();
    const box = v.getBoundingClientRect();
    const frameBottom = () => box.top + v.view.y + 240 * v.view.scale;
    expect(bar.top).toBeLessThan(box.bottom);
    expect(frameBottom()).toBeLessThanOrEqual(bar.top);
    expect(frameBottom()).toBeCloseTo(bar.top - 8, 0);
    // Still so after the box is resized.
    v.style.height = '400px';
    await expect.poll(() => v.getBoundingClientRect().height).toBe(400);
    await expect
      .poll(() => {
        const b = v.shadowRoot!.querySelector<HTMLElement>('.video')!.getBoundingClientRect();
        return Math.round(v.getBoundingClientRect().top + v.view.y + 240 * v.view.scale - (b.top - 8));
      })
      .toBe(0);
  });

  it('a file that is not a video fails with unsupported-type', async () => {
    const v = document.createElement('dl-item-viewer');
    v.blob = new Blob([new Uint8Array(4096).fill(7)], { type: 'video/mp4' });
    const err = nextEvent<CustomEvent>(v, 'dl-item-error');
    document.body.append(v);
    expect((await err).detail.code).toBe('unsupported-type');
  });

  it('fps and frame count from the item metadata (platform keys), else from the file', async () => {
    expect(itemFps({ metadata: { fps: 25, system: { fps: 30 } } })).toBe(25);
    expect(itemFps({ metadata: { system: { fps: 29.97 } } })).toBe(29.97);
    expect(itemFps({ metadata: { system: {} } })).toBeUndefined();
    expect(itemFrameCount({ metadata: { system: { nb_frames: 120 } } })).toBe(120);
    // The real export's shape: nb_frames null, ffmpeg.nb_read_frames a string, duration in seconds.
    expect(
      itemFrameCount({ metadata: { fps: 25, system: { nb_frames: null, ffmpeg: { nb_read_frames: '125' } } } }),
    ).toBe(125);
    expect(itemFrameCount({ metadata: { fps: 25, system: { nb_frames: null, duration: 5 } } })).toBe(125);
    expect(itemFrameCount({ metadata: { system: { duration: 5 } } })).toBeUndefined();
    // An item without video metadata: the file's own rate and length.
    const v = document.createElement('dl-item-viewer');
    v.src = CLIP_VP9;
    v.fps = 7;
    const loaded = nextEvent<DlItemLoadEvent>(v, 'dl-item-load');
    document.body.append(v);
    expect((await loaded).detail).toMatchObject({ fps: 30, frameCount: TEST_SCENE.frames });
    // The item's fps wins over the file's (frame numbers follow the platform's).
    const w = document.createElement('dl-item-viewer');
    w.item = { metadata: { fps: 15, system: { mimetype: 'video/webm' } } };
    w.src = CLIP_VP9;
    const l2 = nextEvent<DlItemLoadEvent>(w, 'dl-item-load');
    document.body.append(w);
    expect((await l2).detail).toMatchObject({ fps: 15, frameCount: 45 });
    await w.seekFrame(10, false);
    expect(shownFrame(w)).toBe(20);
  });

  it('videoFrames (the tracker hook) decodes a range of frames on its own decoder; the shown frame stays', async () => {
    const { v } = await mountVideo({ src: CLIP_VP9, mimetype: 'video/webm' });
    await v.seekFrame(60, false);
    const c = new OffscreenCanvas(320, 240);
    const ctx = c.getContext('2d', { willReadFrequently: true })!;
    const got: Array<[number, number]> = [];
    for await (const { frame, image } of v.videoFrames(28, 5)) {
      ctx.drawImage(image, 0, 0);
      image.close();
      got.push([frame, readFrameCode((x, y) => ctx.getImageData(x, y, 1, 1).data[1]!, 240)]);
    }
    expect(got).toEqual([28, 29, 30, 31, 32].map((f) => [f, f]));
    expect([v.currentFrame, shownFrame(v)]).toEqual([60, 60]);
    const { v: w } = await mountVideo({ decoder: 'media-element' });
    expect(() => w.videoFrames(0, 2)).toThrow(/WebCodecs/);
  });

  it('a seek in the same task that sets a new video goes to the new video', async () => {
    const { v } = await mountVideo();
    await v.seekFrame(12, false);
    const loaded = nextEvent<DlItemLoadEvent>(v, 'dl-item-load');
    v.item = clipItem('video/webm');
    v.src = CLIP_VP9;
    const seek = v.seekFrame(40, false);
    expect((await loaded).detail).toMatchObject({ kind: 'video', frameCount: 90 });
    await seek;
    expect([v.currentFrame, shownFrame(v)]).toEqual([40, 40]);
    // a step asked in the same task as a new video counts from that video's first frame
    const again = nextEvent<DlItemLoadEvent>(v, 'dl-item-load');
    v.item = clipItem('video/mp4');
    v.src = CLIP_H264;
    const step = v.stepFrame(3, false);
    await again;
    await step;
    expect([v.currentFrame, shownFrame(v)]).toEqual([3, 3]);
  });

  it('frees the decoder when removed and loads again when put back', async () => {
    const { v } = await mountVideo();
    await v.seekFrame(12, false);
    v.remove();
    expect(v.videoDecoderInUse).toBeNull();
    const again = nextEvent<DlItemLoadEvent>(v, 'dl-item-load');
    document.body.append(v);
    await again;
    await v.seekFrame(50, false);
    expect(shownFrame(v)).toBe(50);
  });
});

describe('<dl-item-viewer> video taken out of the page while it loads', () => {
  // Live VideoDecoders (made and not closed), counted through a subclass installed for these tests;
  // `onMade` runs once when the next one is made.
  const NativeDecoder = globalThis.VideoDecoder;
  let live = 0;
  let onMade: (() => void) | null = null;
  // Live frame-conversion workers (started and not terminated), counted the same way; `onWorker`
  // runs once when the next one starts. `workersAtDecoder`: how many were live when a decoder was made.
  const NativeWorker = globalThis.Worker;
  let workers = 0;
  let onWorker: (() => void) | null = null;
  let workersAtDecoder: number[] = [];
  beforeEach(() => {
    live = 0;
    workers = 0;
    workersAtDecoder = [];
    class CountingWorker extends NativeWorker {
      private counted: boolean;
      constructor(url: string | URL, opts?: WorkerOptions) {
        super(url, opts);
        this.counted = opts?.name === 'dl-kit-video-frames';
        if (!this.counted) return;
        workers++;
        const started = onWorker;
        onWorker = null;
        started?.();
      }
      override terminate(): void {
        if (this.counted) workers--;
        this.counted = false;
        super.terminate();
      }
    }
    globalThis.Worker = CountingWorker;
    class CountingDecoder extends NativeDecoder {
      private counted = true;
      constructor(init: VideoDecoderInit) {
        super(init);
        live++;
        workersAtDecoder.push(workers);
        const made = onMade;
        onMade = null;
        made?.();
      }
      override close(): void {
        if (this.counted) live--;
        this.counted = false;
        super.close();
      }
    }
    globalThis.VideoDecoder = CountingDecoder;
  });
  afterEach(() => {
    globalThis.VideoDecoder = NativeDecoder;
    globalThis.Worker = NativeWorker;
    onMade = null;
    onWorker = null;
  });

  function viewer(): { v: DlItemViewer; loads: DlItemLoadEvent[] } {
    const v = document.createElement('dl-item-viewer');
    v.style.cssText = 'position:fixed;left:0;top:0;width:656px;height:496px';
    v.item = clipItem('video/mp4');
    v.videoDecoder = 'webcodecs';
    const loads: DlItemLoadEvent[] = [];
    v.addEventListener('dl-item-load', (e) => loads.push(e));
    return { v, loads };
  }

  /** Out of the page for a while: no decoder is left and no video opened; back in: it loads and seeks. */
  async function outThenBack(v: DlItemViewer, loads: DlItemLoadEvent[]): Promise<void> {
    expect(v.isConnected).toBe(false);
    await new Promise((r) => setTimeout(r, 600));
    expect({ live, workers, loads: loads.length, decoder: v.videoDecoderInUse }).toEqual({
      live: 0,
      workers: 0,
      loads: 0,
      decoder: null,
    });
    workersAtDecoder = [];
    const again = nextEvent<DlItemLoadEvent>(v, 'dl-item-load');
    document.body.append(v);
    expect((await again).detail).toMatchObject({ kind: 'video', frameCount: 90, decoder: 'webcodecs' });
    await v.seekFrame(50, false);
    expect([v.currentFrame, shownFrame(v)]).toEqual([50, 50]);
    expect(live).toBe(1);
    // The first conversion worker started before the file was demuxed: it was live when the decoder was made.
    expect(workersAtDecoder).toEqual([1]);
    v.remove();
    expect({ live, workers }).toEqual({ live: 0, workers: 0 });
  }

  it('removed while the video is fetched: it opens no decoder until it is back', async () => {
    const { v, loads } = viewer();
    v.src = CLIP_H264;
    document.body.append(v);
    v.remove(); // the first update (and its fetch) runs after this, out of the page
    await outThenBack(v, loads);
  });

  it('removed while its decoder is being set up: the one being opened is closed', async () => {
    const { v, loads } = viewer();
    v.blob = await (await fetch(CLIP_H264)).blob();
    const removed = new Promise<void>((resolve) => {
      onMade = () =>
        queueMicrotask(() => {
          v.remove();
          resolve();
        });
    });
    document.body.append(v);
    await removed;
    await outThenBack(v, loads);
  });

  it('removed while mediabunny loads and the file is demuxed: the conversion worker started for it is stopped', async () => {
    const { v, loads } = viewer();
    v.blob = await (await fetch(CLIP_H264)).blob();
    let decodersAtWorker = -1;
    const removed = new Promise<void>((resolve) => {
      onWorker = () => {
        decodersAtWorker = live;
        queueMicrotask(() => {
          v.remove();
          resolve();
        });
      };
    });
    document.body.append(v);
    await removed;
    // Started before any decoder was made (the demux comes after mediabunny's import).
    expect(decodersAtWorker).toBe(0);
    await outThenBack(v, loads);
  });

  it('a file that is not a video: the conversion worker started while it was read is stopped', async () => {
    const v = document.createElement('dl-item-viewer');
    v.videoDecoder = 'webcodecs';
    v.blob = new Blob([new Uint8Array(4096).fill(7)], { type: 'video/mp4' });
    let started = 0;
    onWorker = () => started++;
    const err = nextEvent<CustomEvent>(v, 'dl-item-error');
    document.body.append(v);
    expect((await err).detail.code).toBe('unsupported-type');
    expect({ started, workers, live }).toEqual({ started: 1, workers: 0, live: 0 });
  });
});

describe('<dl-item-viewer> video with <dl-annotation-layer>', () => {
  const box = (x: number, y = 40) => [
    { x, y, z: 0 },
    { x: x + 40, y: y + 40, z: 0 },
  ];
  const track = (snapshots: unknown[], frame: number, endFrame: number, start = box(50)) => ({
    id: 'v1',
    type: 'box',
    label: 'car',
    coordinates: start,
    creator: null,
    createdAt: null,
    updatedBy: null,
    updatedAt: null,
    metadata: { system: { frame, endFrame, objectId: '1', snapshots_: snapshots } },
  });
  const left = (layer: DlAnnotationLayer) => layer.store.shapes.get('v1')?.box?.left ?? null;

  it('the layer follows playback frame by frame, interpolated between key frames', async () => {
    const { v, layer } = await mountVideo({ layer: true });
    layer!.annotations = [
      track([{ frame: 60, fixed: true, label: 'car', type: 'box', objectVisible: true, data: box(170) }], 0, 89),
    ];
    const seen: Array<[number, number | null]> = [];
    v.addEventListener('dl-frame-change', (e) => seen.push([e.detail.frame, left(layer!)]));
    await v.play();
    // Frames, not wall time: a loaded machine presents fewer frames per second (5 s is the bound).
    const until = performance.now() + 5000;
    while (seen.length <= 3 && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
    v.pause();
    expect(seen.length).toBeGreaterThan(3);
    for (const [f, l] of seen) expect(l).toBeCloseTo(f >= 60 ? 170 : 50 + 2 * f, 9);
  });

  it('frames between key frames are interpolated; a hidden key frame holds; edits write a key frame there', async () => {
    const { v, layer } = await mountVideo({ layer: true });
    layer!.annotations = [
      track(
        [
          { frame: 5, fixed: true, label: 'car', type: 'box', objectVisible: true, data: box(80) },
          { frame: 8, fixed: true, label: 'car', type: 'box', objectVisible: false, data: box(80) },
        ],
        2,
        10,
      ),
    ];
    const at = async (f: number) => {
      await v.seekFrame(f, false);
      return left(layer!);
    };
    expect(await at(1)).toBeNull();
    expect(await at(2)).toBe(50);
    expect(await at(4)).toBeCloseTo(50 + (30 * 2) / 3, 9); // interpolated between 2 and 5
    expect(await at(5)).toBe(80);
    expect(await at(7)).toBe(80); // held: the next key frame hides the object
    expect(await at(9)).toBeNull(); // objectVisible: false from 8
    expect(await at(6)).toBe(80);
    // Drag the box at frame 6 with the real mouse.
    const s = v.view.scale;
    const cx = Math.round(v.view.x + 100 * s);
    const cy = Math.round(v.view.y + 60 * s);
    const cx1 = Math.round(cx + 4 * s);
    const dx = (cx1 - cx) / s;
    const up = nextEvent<CustomEvent>(layer!, 'dl-annotation-update');
    await realDrag(cx, cy, cx1, cy, 3);
    const a = (await up).detail.annotation;
    expect(a.coordinates).toEqual(box(50)); // the first frame is untouched
    const snaps = a.metadata.system.snapshots_;
    expect(snaps.map((x: any) => x.frame)).toEqual([5, 6, 8]);
    expect(snaps[1]).toMatchObject({ frame: 6, fixed: true, objectVisible: true });
    expect(snaps[1].data[0].x).toBeCloseTo(80 + dx, 9);
    expect(await at(5)).toBe(80);
  });
});
