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
// a bitmap of the canvas shares its pixels until the canvas is drawn on again (below), and a
// bitmap closed by then costs nothing more. A 1080p frame to 1280×720 went from ~20 ms to ~5-6 ms
// timed alone (one worker, decoded frames, nothing else running, each bitmap closed at once).
//
// A bitmap kept (the viewer caches it) shares the canvas's pixels until the canvas is drawn on
// again, and that draw then gives the canvas new memory (copy on write). In this VM, first touching
// fresh memory costs ~3 ms per MB (page faults; 3.6 MB at 1280×720: ~11 ms, against ~0.8 ms to
// rewrite it), so in the video bench's seeks the sought frame took ~17-25 ms here, ~13-14 ms of it in
// that draw. So right after a bitmap goes out, the canvases get their own memory again (one pixel
// read and written back, same content): the cost moves to the idle time between conversions, and
// the next frame's conversion is back to ~7-9 ms (copyTo ~4, scale and bitmap ~2.5).
//
// A track with rotation metadata is turned here (`rotation`, clockwise): the decoder outputs frames as
// stored, `width` × `height` is the size shown, in display orientation.
import { drawRotated, type FrameRotation } from './frame-rotation.js';

/** A request: `frame` (transferred, closed here) to a bitmap of `width` × `height`. */
export interface FrameConvertRequest {
  id: number;
  frame: VideoFrame;
  width: number;
  height: number;
  /** Clockwise turn of the stored frame for display (absent: 0). */
  rotation?: FrameRotation;
}

/** The answer: the bitmap (transferred) or why not. */
export type FrameConvertResponse = { id: number; bitmap: ImageBitmap } | { id: number; error: string };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<FrameConvertRequest>) => void) | null;
  postMessage(message: FrameConvertResponse, transfer?: Transferable[]): void;
};

/** Reused between frames: the full-size RGBA pixels, and the canvases they go through. */
let full: {
  w: number;
  h: number;
  pixels: ImageData;
  canvas: OffscreenCanvas;
  ctx: OffscreenCanvasRenderingContext2D;
} | null = null;
let scaled: { canvas: OffscreenCanvas; ctx: OffscreenCanvasRenderingContext2D } | null = null;
/** copyTo RGBA failed once: this browser cannot, use createImageBitmap. */
let rgbaUnsupported = typeof OffscreenCanvas !== 'function';

async function viaRgba(
  frame: VideoFrame,
  width: number,
  height: number,
  rotation: FrameRotation,
): Promise<ImageBitmap> {
  const w = frame.displayWidth;
  const h = frame.displayHeight;
  if (!full || full.w !== w || full.h !== h) {
    const canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    full = { w, h, pixels: new ImageData(w, h), canvas, ctx };
  }
  await frame.copyTo(full.pixels.data, { format: 'RGBA', colorSpace: 'srgb' });
  full.ctx.putImageData(full.pixels, 0, 0);
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
  scaled.ctx.imageSmoothingQuality = 'low';
  drawRotated(scaled.ctx, full.canvas, rotation, width, height);
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

/**
 * The request being handled and those queued behind it. A lane may hold two requests (see
 * frame-converter.ts), and each handling awaits its copy and its bitmap while the pixel buffer and
 * canvases it works on are shared: the next request starts only once the one before has its bitmap.
 */
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (e) => {
  const request = e.data;
  queue = queue.then(() => handle(request)).catch(() => undefined);
};

/** Converts one request and answers it (never throws: a failure is answered as an error). */
async function handle(request: FrameConvertRequest): Promise<void> {
  const { id, frame, width, height } = request;
  const rotation = request.rotation ?? 0;
  try {
    let bitmap: ImageBitmap | null = null;
    if (!rgbaUnsupported) {
      try {
        bitmap = await viaRgba(frame, width, height, rotation);
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
  prepareCanvases();
}

/**
 * After a bitmap went out: the canvas it was taken from gets pixel memory of its own again now,
 * between conversions, rather than at the next frame's draw (see the file comment).
 */
function prepareCanvases(): void {
  for (const c of [full?.ctx, scaled?.ctx]) {
    if (!c) continue;
    try {
      c.putImageData(c.getImageData(0, 0, 1, 1), 0, 0);
    } catch {
      // Only a head start: the next draw sets the memory up anyway.
    }
  }
}
