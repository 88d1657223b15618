// A frame converted by the two workers, each half of the rows (FrameConverter.convertSplit), is the
// frame converted by one, pixel for pixel: decoded frames of the H.264 and VP9 test clips and
// synthetic I420 frames (odd sizes, a visible rect off the coded origin, 1080p as the bench's clip),
// at the size shown, scaled down to odd heights, and turned.
import { afterEach, describe, expect, it } from 'vitest';
import { sourceRect, splitRows } from './frame-band.js';
import { FrameConverter } from './frame-converter.js';
import type { FrameRotation } from './frame-rotation.js';
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

/** Converts `frame` whole and split at every size and turn; returns the mismatches (empty when identical). */
async function compare(frame: VideoFrame, turns: FrameRotation[] = [0, 90, 180, 270]): Promise<string[]> {
  converter ??= new FrameConverter();
  const bad: string[] = [];
  const w = frame.displayWidth;
  const h = frame.displayHeight;
  for (const rotation of turns)
    for (const [sw, sh] of sizes(w, h)) {
      // Display size: turned a quarter, the stored width runs down the display.
      const [width, height] = rotation % 180 ? [sh, sw] : [sw, sh];
      const whole = await converter.convert(frame.clone(), width, height, rotation);
      const split = await converter.convertSplit([frame.clone(), frame.clone()], width, height, rotation);
      if (!whole || !split) throw new Error('conversion failed');
      const a = pixelsOf(whole);
      const b = pixelsOf(split);
      const size = `${split.width}x${split.height}`;
      whole.close();
      split.close();
      let diff = 0;
      let first = -1;
      for (let i = 0; i < a.length; i++)
        if (a[i] !== b[i]) {
          diff++;
          if (first < 0) first = i;
        }
      if (a.length !== b.length || diff)
        bad.push(
          `${w}x${h} -> ${width}x${height} turned ${rotation}: ${size}, ${diff} bytes differ, first at row ${Math.floor(first / 4 / width)}`,
        );
    }
  return bad;
}

describe('frame bands', () => {
  it('splitRows covers every row once, top to bottom, odd heights and tiny frames included', () => {
    expect(splitRows(720, 2)).toEqual([
      { top: 0, bottom: 360 },
      { top: 360, bottom: 720 },
    ]);
    expect(splitRows(159, 2)).toEqual([
      { top: 0, bottom: 80 },
      { top: 80, bottom: 159 },
    ]);
    expect(splitRows(1, 2)).toEqual([{ top: 0, bottom: 1 }]);
  });

  it('sourceRect: the stored rows (or columns, turned) a band samples from, on even lines, with a margin', () => {
    // 1080 rows shown as 720: the top half samples rows 0-540, the bottom one 540-1080.
    const top = sourceRect(1920, 1080, 720, 0, { top: 0, bottom: 360 });
    const bottom = sourceRect(1920, 1080, 720, 0, { top: 360, bottom: 720 });
    expect(top).toMatchObject({ x: 0, y: 0, width: 1920 });
    expect(top.y + top.height).toBeGreaterThanOrEqual(542);
    expect(top.y + top.height).toBeLessThan(560);
    expect(bottom.y).toBeLessThanOrEqual(538);
    expect(bottom.y).toBeGreaterThan(520);
    expect(bottom.y + bottom.height).toBe(1080);
    for (const r of [top, bottom]) expect([r.y % 2, r.height % 2]).toEqual([0, 0]);
    // Turned 180°: the top of the display is the bottom of the stored frame.
    expect(sourceRect(1920, 1080, 720, 180, { top: 0, bottom: 360 }).y).toBe(bottom.y);
    // Turned 90° (1080 × 1920 shown as 720 × 1280): display rows are stored columns.
    const turned = sourceRect(1920, 1080, 1280, 90, { top: 0, bottom: 640 });
    expect(turned).toMatchObject({ x: 0, y: 0, height: 1080 });
    expect(turned.width).toBeGreaterThanOrEqual(962);
    expect(sourceRect(1920, 1080, 1280, 270, { top: 0, bottom: 640 }).x + turned.width).toBe(1920);
    // An odd stored height: the end is the frame's last row.
    const odd = sourceRect(322, 181, 181, 0, { top: 90, bottom: 181 });
    expect(odd.y + odd.height).toBe(181);
  });
});

describe('FrameConverter.convertSplit: the same pixels as one conversion', () => {
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

  it('a 1080p frame at the bench size (1280 × 720) and others', async () => {
    const frame = i420(1920, 1088, { x: 0, y: 0, width: 1920, height: 1080 });
    try {
      expect(await compare(frame, [0, 90])).toEqual([]);
    } finally {
      frame.close();
    }
  });

  it('the split bitmap is the frame (not two copies of one half, not blank)', async () => {
    converter = new FrameConverter();
    const [frame] = await decoded(CLIP_H264, [30]);
    const ref = new OffscreenCanvas(TEST_SCENE.width, TEST_SCENE.height);
    const rctx = ref.getContext('2d', { willReadFrequently: true })!;
    rctx.drawImage(frame!, 0, 0);
    const want = rctx.getImageData(0, 0, ref.width, ref.height).data;
    const split = await converter.convertSplit([frame!.clone(), frame!.clone()], TEST_SCENE.width, TEST_SCENE.height);
    frame!.close();
    const got = pixelsOf(split!);
    split!.close();
    // Top and bottom halves each match the frame drawn by the browser (colour conversion may differ by a little).
    for (const [y0, y1] of [
      [0, TEST_SCENE.height / 2],
      [TEST_SCENE.height / 2, TEST_SCENE.height],
    ]) {
      let sum = 0;
      for (let i = y0! * ref.width * 4; i < y1! * ref.width * 4; i += 4)
        for (let c = 0; c < 3; c++) sum += Math.abs(got[i + c]! - want[i + c]!);
      expect(sum / ((y1! - y0!) * ref.width * 3)).toBeLessThan(3);
    }
  });
});
