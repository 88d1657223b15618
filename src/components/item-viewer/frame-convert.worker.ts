// Converts decoded video frames (YUV VideoFrames) to RGBA ImageBitmaps at the size they are shown,
// off the main thread: drawing a 1080p VideoFrame onto a canvas converts and scales it on the
// calling thread (tens of ms without a GPU), drawing a bitmap of the shown size is a copy.
//
// Software path (no GPU, as headless Chromium here): `createImageBitmap(frame, {resize…})` costs
// ~25 ms of CPU per 1080p frame, while `frame.copyTo(buffer, { format: 'RGBA' })` converts with
// libyuv in ~5 ms; putting those pixels on a canvas and scaling them there brings the whole
// conversion to ~11 ms (`npm run bench -- video` prints both in its floor line). Browsers whose
// copyTo cannot convert to RGBA fall back to createImageBitmap.
//
// The bitmap is taken with `createImageBitmap(canvas)`, not `transferToImageBitmap()`: a transfer
// hands the canvas's buffer over and the next frame's draw sets up a new one, which costs ~11-17 ms
// in software Chromium here (shared memory for the compositor), more than the conversion itself;
// a bitmap of the canvas is a copy of its pixels (~1 ms at 1280×720) and the canvas keeps its
// buffer. A 1080p frame to 1280×720 went from ~20 ms to ~5-6 ms per frame (one worker, quiet).
//
// A track with rotation metadata is turned here (`rotation`, clockwise): the decoder outputs frames as
// stored, `width` × `height` is the size shown, in display orientation.
//
// A request may ask for a band of output rows only (`rows`): two workers then convert one frame, each
// its half (frame-converter.ts puts the halves together). The worker converts only the stored rows
// (or columns, turned) that band samples from, with a margin, into its full-size canvas at their own
// place, and draws with the same transform as a whole frame, clipped to the band: the band's pixels
// are the whole conversion's, bit for bit (the answer is a full-size bitmap, right inside the band).
import { type RowBand, sourceRect } from './frame-band.js';
import { drawRotated, type FrameRotation } from './frame-rotation.js';

/** A request: `frame` (transferred, closed here) to a bitmap of `width` × `height`. */
export interface FrameConvertRequest {
  id: number;
  frame: VideoFrame;
  width: number;
  height: number;
  /** Clockwise turn of the stored frame for display (absent: 0). */
  rotation?: FrameRotation;
  /**
   * Only output rows `top` ≤ y < `bottom` (display orientation) need to be right: the answer is still
   * `width` × `height`, rows outside the band are undefined. Absent: the whole frame.
   */
  rows?: RowBand;
}

/** The answer: the bitmap (transferred) or why not. */
export type FrameConvertResponse = { id: number; bitmap: ImageBitmap } | { id: number; error: string };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<FrameConvertRequest>) => void) | null;
  postMessage(message: FrameConvertResponse, transfer?: Transferable[]): void;
};

/** Reused between frames: the full-size canvas the RGBA pixels are put on, and the one they are scaled to. */
let full: {
  w: number;
  h: number;
  canvas: OffscreenCanvas;
  ctx: OffscreenCanvasRenderingContext2D;
} | null = null;
/** RGBA scratch buffers by size (a whole frame, or the rows of a band): a few, reused. */
const pixelBuffers = new Map<string, ImageData>();
let scaled: { canvas: OffscreenCanvas; ctx: OffscreenCanvasRenderingContext2D } | null = null;
/** copyTo RGBA of a rect failed once: bands copy the whole frame. */
let rectUnsupported = false;
/** copyTo RGBA failed once: this browser cannot, use createImageBitmap. */
let rgbaUnsupported = typeof OffscreenCanvas !== 'function';

/** An RGBA buffer of `w` × `h`, reused between frames. */
function pixelsOf(w: number, h: number): ImageData {
  const key = `${w}x${h}`;
  let p = pixelBuffers.get(key);
  if (!p) {
    if (pixelBuffers.size >= 4) pixelBuffers.clear();
    p = new ImageData(w, h);
    pixelBuffers.set(key, p);
  }
  return p;
}

async function viaRgba(
  frame: VideoFrame,
  width: number,
  height: number,
  rotation: FrameRotation,
  rows: RowBand | undefined,
): Promise<ImageBitmap> {
  const w = frame.displayWidth;
  const h = frame.displayHeight;
  if (!full || full.w !== w || full.h !== h) {
    const canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    full = { w, h, canvas, ctx };
  }
  // A band copies the stored rows it needs (rect in coded coordinates: from the visible rect's
  // corner); a frame whose visible size is not its display size (non-square pixels) copies whole, as
  // does a browser that cannot copy a rect with a format conversion.
  const vr = frame.visibleRect;
  let rect = { x: 0, y: 0, width: w, height: h };
  let copied = false;
  if (rows && !rectUnsupported && vr && vr.width === w && vr.height === h) {
    const r = sourceRect(w, h, height, rotation, rows);
    try {
      await frame.copyTo(pixelsOf(r.width, r.height).data, {
        format: 'RGBA',
        colorSpace: 'srgb',
        rect: { x: vr.x + r.x, y: vr.y + r.y, width: r.width, height: r.height },
      });
      rect = r;
      copied = true;
    } catch {
      rectUnsupported = true;
    }
  }
  const pixels = pixelsOf(rect.width, rect.height);
  if (!copied) await frame.copyTo(pixels.data, { format: 'RGBA', colorSpace: 'srgb' });
  full.ctx.putImageData(pixels, rect.x, rect.y);
  if (!rotation && width >= w && height >= h) return createImageBitmap(full.canvas);
  if (!scaled) {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    scaled = { canvas, ctx };
  }
  if (scaled.canvas.width !== width || scaled.canvas.height !== height) {
    scaled.canvas.width = width;
    scaled.canvas.height = height;
  }
  const ctx = scaled.ctx;
  ctx.imageSmoothingQuality = 'low';
  if (rows) {
    // The same transform as the whole frame, only the band's pixels drawn.
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, rows.top, width, rows.bottom - rows.top);
    ctx.clip();
    drawRotated(ctx, full.canvas, rotation, width, height);
    ctx.restore();
  } else drawRotated(ctx, full.canvas, rotation, width, height);
  return createImageBitmap(scaled.canvas);
}

/** Without RGBA copies: the browser converts (and scales), the turn is one more draw. */
async function viaImageBitmap(frame: VideoFrame, width: number, height: number, rotation: FrameRotation) {
  if (!rotation) return createImageBitmap(frame, { resizeWidth: width, resizeHeight: height, resizeQuality: 'low' });
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context');
  drawRotated(ctx, frame, rotation, width, height);
  return canvas.transferToImageBitmap();
}

scope.onmessage = async (e) => {
  const { id, frame, width, height, rows } = e.data;
  const rotation = e.data.rotation ?? 0;
  try {
    let bitmap: ImageBitmap | null = null;
    if (!rgbaUnsupported) {
      try {
        bitmap = await viaRgba(frame, width, height, rotation, rows);
      } catch {
        rgbaUnsupported = true;
      }
    }
    bitmap ??= await viaImageBitmap(frame, width, height, rotation);
    scope.postMessage({ id, bitmap }, [bitmap]);
  } catch (err) {
    scope.postMessage({ id, error: String(err) });
  } finally {
    frame.close();
  }
};
