import { afterEach, describe, expect, it } from 'vitest';
import './define.js';
import type { DlItemLoadEvent } from './item-viewer-events.js';
import type { DlItemViewer } from './item-viewer.js';
import { nextEvent } from '../internal/test-utils.js';
import type { VideoDecoderChoice } from './video-source.js';
import { CLIP_H264_ROTATED, TEST_SCENE } from './video-test-utils.js';
import { type FrameRotation, frameRotation, rotationTransform, storedSize } from './frame-rotation.js';
import { readFrameCode } from '../../../scripts/frame-code.mjs';

afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));

/** The clip's frames are stored 320×240 (the test scene, 12 frames); its display matrix turns them. */
const STORED = { width: TEST_SCENE.width, height: TEST_SCENE.height };
const FRAMES = 12;

/** Where stored pixel (x, y) lands once the frame is turned `rotation` clockwise (display coordinates). */
function displayed(rotation: FrameRotation, x: number, y: number): [number, number] {
  const [a, b, c, d, e, f] = rotationTransform(rotation, ...displaySize(rotation));
  return [a * x + c * y + e, b * x + d * y + f];
}
function displaySize(rotation: FrameRotation): [number, number] {
  const s = storedSize(rotation, STORED.width, STORED.height);
  return [s.width, s.height];
}

/** The frame number read from `v`'s canvas, the strip's stored positions turned by `rotation`. */
function shownTurned(v: DlItemViewer, rotation: FrameRotation): number {
  v.draw();
  const ctx = v.shadowRoot!.querySelector('canvas')!.getContext('2d', { willReadFrequently: true })!;
  const dpr = devicePixelRatio || 1;
  const view = v.view;
  return readFrameCode((x, y) => {
    const [dx, dy] = displayed(rotation, x, y);
    const px = ctx.getImageData(
      Math.floor((view.x + dx * view.scale) * dpr),
      Math.floor((view.y + dy * view.scale) * dpr),
      1,
      1,
    ).data;
    return 0.299 * px[0]! + 0.587 * px[1]! + 0.114 * px[2]!;
  }, STORED.height);
}

async function mount(decoder: VideoDecoderChoice) {
  const v = document.createElement('dl-item-viewer');
  v.style.cssText = 'position:fixed;left:0;top:0;width:656px;height:496px';
  v.item = { metadata: { fps: 30, system: { mimetype: 'video/mp4', fps: 30, nb_frames: FRAMES } } };
  v.videoDecoder = decoder;
  v.src = CLIP_H264_ROTATED;
  const loaded = nextEvent<DlItemLoadEvent>(v, 'dl-item-load');
  document.body.append(v);
  return { v, load: (await loaded).detail };
}

/** The clip's rotation as its container says it (mediabunny, as the viewer reads it). */
async function fileRotation(): Promise<FrameRotation> {
  const mb = await import('mediabunny');
  const blob = await (await fetch(CLIP_H264_ROTATED)).blob();
  const input = new mb.Input({ source: new mb.BlobSource(blob), formats: [mb.MP4] });
  try {
    return frameRotation(await (await input.getPrimaryVideoTrack())!.getRotation());
  } finally {
    input.dispose();
  }
}

describe('<dl-item-viewer> video with rotation metadata (a phone MP4)', () => {
  it('rotationTransform maps the stored frame onto the display box for each quarter turn', () => {
    // Stored corners (0,0) and (W,0) of a W×H frame: where the top-left corner and top edge go.
    const W = 320;
    const H = 240;
    const at = (r: FrameRotation, x: number, y: number) => {
      const box: [number, number] = r % 180 ? [H, W] : [W, H];
      const s = storedSize(r, ...box);
      expect([s.width, s.height]).toEqual([W, H]);
      const [a, b, c, d, e, f] = rotationTransform(r, ...box);
      return [a * x + c * y + e, b * x + d * y + f];
    };
    expect(at(0, 0, 0)).toEqual([0, 0]);
    // 90° clockwise: the top-left corner goes to the top-right, the top edge runs down the right side.
    expect(at(90, 0, 0)).toEqual([H, 0]);
    expect(at(90, W, 0)).toEqual([H, W]);
    expect(at(180, 0, 0)).toEqual([W, H]);
    expect(at(180, W, H)).toEqual([0, 0]);
    // 270° clockwise: the top-left corner goes to the bottom-left, the top edge runs up the left side.
    expect(at(270, 0, 0)).toEqual([0, W]);
    expect(at(270, W, 0)).toEqual([0, 0]);
    expect([frameRotation(-90), frameRotation(450), frameRotation(45)]).toEqual([270, 90, 0]);
  });

  it('the clip carries a quarter-turn display matrix', async () => {
    expect([90, 270]).toContain(await fileRotation());
  });

  for (const decoder of ['webcodecs', 'media-element'] as const)
    it(`${decoder}: reports the turned size and shows every frame turned, as the player does`, async () => {
      const rotation = await fileRotation();
      const { v, load } = await mount(decoder);
      const [w, h] = displaySize(rotation);
      expect(load).toMatchObject({ kind: 'video', width: w, height: h, frameCount: FRAMES, decoder });
      expect([v.imageWidth, v.imageHeight]).toEqual([w, h]);
      expect(shownTurned(v, rotation)).toBe(0);
      for (const f of [5, 11, 3, 4, 0, 7]) {
        await v.seekFrame(f, false);
        expect([f, v.currentFrame, shownTurned(v, rotation)]).toEqual([f, f, f]);
      }
      // Read unturned, the strip is not there (the frame really is turned, not stretched).
      expect(shownTurned(v, 0)).not.toBe(7);
    });

  it('videoFrames (the tracker input) gives turned frames, in the coordinates the annotations use', async () => {
    const rotation = await fileRotation();
    const { v } = await mount('webcodecs');
    const [w, h] = displaySize(rotation);
    const canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    const seen: number[] = [];
    for await (const { frame, image } of v.videoFrames(2, 3)) {
      expect([image.displayWidth, image.displayHeight]).toEqual([w, h]);
      ctx.drawImage(image, 0, 0);
      image.close();
      const code = readFrameCode((x, y) => {
        const [dx, dy] = displayed(rotation, x, y);
        const p = ctx.getImageData(Math.floor(dx), Math.floor(dy), 1, 1).data;
        return 0.299 * p[0]! + 0.587 * p[1]! + 0.114 * p[2]!;
      }, STORED.height);
      seen.push(frame, code);
    }
    expect(seen).toEqual([2, 2, 3, 3, 4, 4]);
  });
});
