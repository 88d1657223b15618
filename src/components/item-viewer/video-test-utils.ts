// Test helpers for video in <dl-item-viewer>: the committed clips and reading the frame number
// burned into their pixels back from the viewer's canvas.
import { readFrameCode } from '../../../scripts/frame-code.mjs';
import { SCENES } from '../../../scripts/video-scenes.mjs';
import { nextEvent } from '../internal/test-utils.js';
import type { DlItemLoadEvent } from './item-viewer-events.js';
import type { DlItemViewer } from './item-viewer.js';

/** The test scene: 320×240, 30 fps, 90 frames (scripts/video-scenes.mjs). */
export const TEST_SCENE = SCENES.test;
/** H.264 (main profile, B-frames) MP4 and VP9 WebM of the test scene. */
export const CLIP_H264 = new URL('./fixtures/clip-h264.mp4', import.meta.url).href;
export const CLIP_VP9 = new URL('./fixtures/clip-vp9.webm', import.meta.url).href;
/** VP8 WebM of the test scene (the older WebM codec, as MediaRecorder and older cameras write it). */
export const CLIP_VP8 = new URL('./fixtures/clip-vp8.webm', import.meta.url).href;
/**
 * The first 12 frames of the H.264 clip, stored 320×240, with a quarter-turn display matrix as phone
 * MP4s carry it (ffmpeg's `rotate=90` tag; mediabunny reads it as 270° clockwise).
 */
export const CLIP_H264_ROTATED = new URL('./fixtures/clip-h264-rotated.mp4', import.meta.url).href;

/** Item JSON of a test clip as the server stores it (fps and frame count in `metadata.system`). */
export function clipItem(mimetype: string, system: Record<string, unknown> = {}) {
  return {
    metadata: {
      fps: TEST_SCENE.fps,
      system: { mimetype, fps: TEST_SCENE.fps, nb_frames: TEST_SCENE.frames, width: 320, height: 240, ...system },
    },
  };
}

/**
 * The frame number shown on `v`'s canvas, read from the binary strip of the clip (see
 * scripts/frame-code.mjs), or -1 when the strip is not readable. Draws first, so it reads what the
 * viewer shows for its current state.
 */
export function shownFrame(v: DlItemViewer): number {
  v.draw();
  const c = v.shadowRoot!.querySelector('canvas')!;
  const ctx = c.getContext('2d', { willReadFrequently: true })!;
  const dpr = devicePixelRatio || 1;
  const view = v.view;
  return readFrameCode((x, y) => {
    const px = ctx.getImageData(
      Math.floor((view.x + x * view.scale) * dpr),
      Math.floor((view.y + y * view.scale) * dpr),
      1,
      1,
    ).data;
    return 0.299 * px[0]! + 0.587 * px[1]! + 0.114 * px[2]!;
  }, v.imageHeight);
}

/**
 * A `<dl-item-viewer>` decoding `src` with WebCodecs, fixed at the page's top left (`css` adds its
 * size), appended to the page: resolves once it has loaded. Tests remove it after themselves.
 */
export async function mountVideo(
  src = CLIP_H264,
  mimetype = 'video/mp4',
  css = 'width:320px;height:240px',
): Promise<DlItemViewer> {
  const v = document.createElement('dl-item-viewer');
  v.style.cssText = `position:fixed;left:0;top:0;${css}`;
  v.item = clipItem(mimetype);
  v.videoDecoder = 'webcodecs';
  v.src = src;
  const loaded = nextEvent<DlItemLoadEvent>(v, 'dl-item-load');
  document.body.append(v);
  await loaded;
  return v;
}
