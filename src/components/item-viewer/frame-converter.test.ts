// The conversion worker's bitmaps are the frame converted as frame-convert.worker.ts describes it
// (RGBA with copyTo, put on a canvas, scaled and turned there), pixel for pixel: the same steps made
// here on the page, the bitmap taken with transferToImageBitmap as the worker did before it took
// createImageBitmap(canvas). Decoded frames of the H.264 and VP9 test clips and synthetic I420 frames
// (odd sizes, a visible rect off the coded origin, 1080p as the bench's clip), at the size shown,
// scaled down to odd heights, and turned.
import { afterEach, describe, expect, it } from 'vitest';
import { createFrameConvertWorker } from './create-frame-convert-worker.js';
import type { FrameConvertResponse } from './frame-convert.worker.js';
import { FrameConverter } from './frame-converter.js';
import { drawRotated, type FrameRotation } from './frame-rotation.js';
import { CLIP_H264, CLIP_VP9, TEST_SCENE } from './video-test-utils.js';

let converter: FrameConverter | null = null;
afterEach(() => {
  converter?.close();
  converter = null;
});

/** RGBA pixels of a bitmap (drawn 1:1). */
function pixelsOf(b: ImageBitmap): Uint8ClampedArray {
  const c = new OffscreenCanvas(b.width, b.height);
  const ctx = c.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(b, 0, 0);
  return ctx.getImageData(0, 0, b.width, b.height).data;
}

/** How many bytes of `a` and `b` differ (a length mismatch counts its missing bytes). */
function differingBytes(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  let diff = Math.abs(a.length - b.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) diff++;
  return diff;
}

/** Decoded frames `frames` of a test clip (its own decoder). */
async function decoded(url: string, frames: number[]): Promise<VideoFrame[]> {
  const mb = await import('mediabunny');
  const blob = await (await fetch(url)).blob();
  const input = new mb.Input({ source: new mb.BlobSource(blob), formats: [mb.MP4, mb.WEBM] });
  try {
    const track = (await input.getPrimaryVideoTrack())!;
    const sink = new mb.VideoSampleSink(track);
    const out: VideoFrame[] = [];
    for (const f of frames) {
      const s = (await sink.getSample((f + 0.5) / TEST_SCENE.fps))!;
      out.push(s.toVideoFrame());
      s.close();
    }
    return out;
  } finally {
    input.dispose();
  }
}

/**
 * A synthetic I420 frame: gradients and noise in every plane (a row taken from the wrong place, or
 * chroma from the wrong row pair, changes pixels), `visible` inside a larger coded size.
 */
function i420(
  codedWidth: number,
  codedHeight: number,
  visible = { x: 0, y: 0, width: codedWidth, height: codedHeight },
): VideoFrame {
  const cw = Math.ceil(codedWidth / 2);
  const ch = Math.ceil(codedHeight / 2);
  const data = new Uint8Array(codedWidth * codedHeight + 2 * cw * ch);
  let s = 12345;
  const noise = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 24) & 31;
  for (let y = 0; y < codedHeight; y++)
    for (let x = 0; x < codedWidth; x++) data[y * codedWidth + x] = 16 + ((x * 3 + y * 5) % 200) + (noise() >> 2);
  const u = codedWidth * codedHeight;
  const v = u + cw * ch;
  for (let y = 0; y < ch; y++)
    for (let x = 0; x < cw; x++) {
      data[u + y * cw + x] = 40 + ((x * 7) % 170) + noise();
      data[v + y * cw + x] = 40 + ((y * 11) % 170) + noise();
    }
  return new VideoFrame(data, { format: 'I420', codedWidth, codedHeight, visibleRect: visible, timestamp: 0 });
}

/**
 * Sizes to convert a `w` × `h` frame to: as stored, two thirds (the bench's 1080p → 720p), about a
 * quarter, and two with odd heights (70 %, and a row and three columns less than stored).
 */
function sizes(w: number, h: number): Array<[number, number]> {
  const at = (k: number): [number, number] => [Math.max(1, Math.round(w * k)), Math.max(1, Math.round(h * k))];
  const odd = (n: number) => (n % 2 ? n : n - 1);
  return [[w, h], at(2 / 3), at(0.26), [Math.round(w * 0.7), odd(Math.round(h * 0.7))], [w - 3, odd(h - 1)]];
}

/** `frame` converted on the page as the worker does it (see the file comment). */
async function reference(
  frame: VideoFrame,
  width: number,
  height: number,
  rotation: FrameRotation,
): Promise<ImageBitmap> {
  const w = frame.displayWidth;
  const h = frame.displayHeight;
  const pixels = new ImageData(w, h);
  await frame.copyTo(pixels.data, { format: 'RGBA', colorSpace: 'srgb' });
  const full = new OffscreenCanvas(w, h);
  full.getContext('2d')!.putImageData(pixels, 0, 0);
  if (!rotation && width >= w && height >= h) return full.transferToImageBitmap();
  const scaled = new OffscreenCanvas(width, height);
  const ctx = scaled.getContext('2d')!;
  ctx.imageSmoothingQuality = 'low';
  drawRotated(ctx, full, rotation, width, height);
  return scaled.transferToImageBitmap();
}

/** Converts `frame` in the worker and on the page at every size and turn; returns the mismatches (empty when identical). */
async function compare(frame: VideoFrame, turns: FrameRotation[] = [0, 90, 180, 270]): Promise<string[]> {
  converter ??= new FrameConverter();
  const bad: string[] = [];
  const w = frame.displayWidth;
  const h = frame.displayHeight;
  for (const rotation of turns)
    for (const [sw, sh] of sizes(w, h)) {
      // Display size: turned a quarter, the stored width runs down the display.
      const [width, height] = rotation % 180 ? [sh, sw] : [sw, sh];
      const got = await converter.convert(frame.clone(), width, height, rotation);
      if (!got) throw new Error('conversion failed');
      const want = await reference(frame, width, height, rotation);
      const a = pixelsOf(got);
      const b = pixelsOf(want);
      const size = `${got.width}x${got.height}`;
      got.close();
      want.close();
      const diff = differingBytes(a, b);
      if (diff) bad.push(`${w}x${h} -> ${width}x${height} turned ${rotation}: ${size}, ${diff} bytes differ`);
    }
  return bad;
}

describe('FrameConverter: the worker converts as described, pixel for pixel', () => {
  for (const [name, url] of [
    ['H.264', CLIP_H264],
    ['VP9', CLIP_VP9],
  ] as const)
    it(`${name} test clip frames, every size and turn`, async () => {
      const frames = await decoded(url, [0, 45, 61]);
      try {
        for (const f of frames) expect(await compare(f)).toEqual([]);
      } finally {
        for (const f of frames) f.close();
      }
    });

  it('synthetic I420 frames: odd width and height, a visible rect inside a larger coded frame', async () => {
    for (const frame of [i420(322, 181), i420(331, 245), i420(336, 200, { x: 6, y: 4, width: 322, height: 181 })]) {
      try {
        expect(frame.displayHeight % 2 === 1 || frame.visibleRect!.y > 0).toBe(true);
        expect(await compare(frame)).toEqual([]);
      } finally {
        frame.close();
      }
    }
  });

  it('a 1080p frame (coded 1088 rows) at the bench size (1280 × 720) and others', async () => {
    const frame = i420(1920, 1088, { x: 0, y: 0, width: 1920, height: 1080 });
    try {
      expect(await compare(frame, [0, 90])).toEqual([]);
    } finally {
      frame.close();
    }
  });

  it('bitmaps kept while the next frames convert at the same size stay their own frame, and those frames are converted exactly', async () => {
    // The worker gives its canvases new memory after each bitmap (the kept bitmap shares the old):
    // a bitmap must not change when later frames are drawn, and no later frame may keep a trace of it.
    const frames = await decoded(CLIP_H264, [0, 45, 61]);
    converter = new FrameConverter();
    const kept: Array<{ got: ImageBitmap; want: ImageBitmap; what: string }> = [];
    try {
      const w = frames[0]!.displayWidth;
      const h = frames[0]!.displayHeight;
      for (const [width, height, rotation] of [
        [w, h, 0],
        [Math.round((w * 2) / 3), Math.round((h * 2) / 3), 0],
        [Math.round((h * 2) / 3), Math.round((w * 2) / 3), 90],
      ] as Array<[number, number, FrameRotation]>)
        for (const [i, f] of frames.entries()) {
          const got = await converter.convert(f.clone(), width, height, rotation);
          if (!got) throw new Error('conversion failed');
          kept.push({
            got,
            want: await reference(f, width, height, rotation),
            what: `frame ${i} ${width}x${height} turned ${rotation}`,
          });
        }
      const bad: string[] = [];
      for (const k of kept) {
        const a = pixelsOf(k.got);
        const b = pixelsOf(k.want);
        const diff = differingBytes(a, b);
        if (diff) bad.push(`${k.what}: ${diff} bytes differ`);
      }
      expect(bad).toEqual([]);
      // The frames differ: a bitmap showing another frame fails above.
      expect(pixelsOf(kept[0]!.got)).not.toEqual(pixelsOf(kept[1]!.got));
    } finally {
      for (const k of kept) {
        k.got.close();
        k.want.close();
      }
      for (const f of frames) f.close();
    }
  });

  it('start() starts one worker before any frame; the first frame converts on it (no second worker), exactly', async () => {
    const RealWorker = globalThis.Worker;
    let started = 0;
    globalThis.Worker = class extends RealWorker {
      constructor(url: string | URL, opts?: WorkerOptions) {
        super(url, opts);
        started++;
      }
    };
    const frame = i420(64, 48);
    let got: ImageBitmap | null = null;
    let want: ImageBitmap | null = null;
    try {
      converter = new FrameConverter();
      converter.start();
      expect(started).toBe(1);
      converter.start(); // a lane is there: nothing more starts
      expect(started).toBe(1);
      const bitmap = converter.convert(frame.clone(), 32, 24, 0);
      expect(started).toBe(1);
      got = await bitmap;
      if (!got) throw new Error('conversion failed');
      want = await reference(frame, 32, 24, 0);
      expect([got.width, got.height]).toEqual([32, 24]);
      expect(differingBytes(pixelsOf(got), pixelsOf(want))).toBe(0);
    } finally {
      globalThis.Worker = RealWorker;
      got?.close();
      want?.close();
      frame.close();
    }
  });

  it('requests sent to one worker at once are each converted from their own frame', async () => {
    // A lane may hold two requests (FrameConverter gives a busy lane another when both are busy).
    // The worker's canvases and pixel buffer are shared between requests: a request handled while
    // the one before still awaits its copy or bitmap would put its pixels under the other's.
    const frames = await decoded(CLIP_H264, [0, 45, 61]);
    const worker = createFrameConvertWorker();
    const got = new Map<number, ImageBitmap>();
    const refs: ImageBitmap[] = [];
    try {
      const w = frames[0]!.displayWidth;
      const h = frames[0]!.displayHeight;
      // Pairs of different frames, both at the size stored (the full canvas) and scaled (both canvases).
      const requests: Array<{ id: number; frame: number; width: number; height: number }> = [];
      for (const [width, height] of [
        [w, h],
        [Math.round((w * 2) / 3), Math.round((h * 2) / 3)],
      ] as Array<[number, number]>)
        for (const [a, b] of [
          [0, 1],
          [1, 2],
          [2, 0],
        ] as Array<[number, number]>)
          for (const frame of [a, b]) requests.push({ id: requests.length + 1, frame, width, height });
      const answered = new Promise<void>((resolve, reject) => {
        worker.onerror = (e) => reject(new Error(`worker error: ${e.message}`));
        worker.onmessage = (e: MessageEvent<FrameConvertResponse>) => {
          if ('bitmap' in e.data) got.set(e.data.id, e.data.bitmap);
          else reject(new Error(`request ${e.data.id}: ${e.data.error}`));
          if (got.size === requests.length) resolve();
        };
      });
      // Every request posted before any answer: the worker has them all queued at once.
      for (const r of requests) {
        const frame = frames[r.frame]!.clone();
        worker.postMessage({ id: r.id, frame, width: r.width, height: r.height, rotation: 0 }, [
          frame as unknown as Transferable,
        ]);
      }
      await answered;
      const bad: string[] = [];
      for (const r of requests) {
        const want = await reference(frames[r.frame]!, r.width, r.height, 0);
        refs.push(want);
        const diff = differingBytes(pixelsOf(got.get(r.id)!), pixelsOf(want));
        if (diff) bad.push(`request ${r.id} (frame ${r.frame}, ${r.width}x${r.height}): ${diff} bytes differ`);
      }
      expect(bad).toEqual([]);
      // The frames differ: a bitmap holding another request's frame fails above.
      expect(differingBytes(pixelsOf(got.get(1)!), pixelsOf(got.get(2)!))).toBeGreaterThan(0);
    } finally {
      worker.terminate();
      for (const b of got.values()) b.close();
      for (const b of refs) b.close();
      for (const f of frames) f.close();
    }
  });
});
