// The main-thread side of frame-convert.worker.ts: a few workers per video (lanes), each answering
// its requests in order. Two lanes: a frame the viewer wants now never waits behind the conversion
// of a neighbour nobody looks at any more (a seek elsewhere), and stepping converts two frames at
// once (a conversion is ~5-20 ms of CPU per 1080p frame, a good part of a step's budget).
//
// One frame can also be converted by both lanes at once (`convertSplit`): each converts half of the
// output rows (frame-band.ts), the halves are put together here, a copy of the bitmap's rows (~1 ms
// at 1280×720; the join canvas keeps its buffer, see frame-convert.worker.ts).
import { createFrameConvertWorker } from './create-frame-convert-worker.js';
import { type RowBand, splitRows } from './frame-band.js';
import type { FrameConvertResponse } from './frame-convert.worker.js';
import type { FrameRotation } from './frame-rotation.js';

/** Workers per video (each holds ~20 MB of scratch canvases for a 1080p video once used). */
const LANES = 2;

interface Lane {
  worker: Worker;
  /** Requests sent and not answered. */
  busy: number;
}

/**
 * Turns VideoFrames into ImageBitmaps of a given size in workers. `convert` resolves null when the
 * workers are unavailable or fail (the caller then draws the VideoFrame itself).
 */
export class FrameConverter {
  private lanes: Lane[] = [];
  private seq = 0;
  private readonly waiting = new Map<number, { lane: Lane; done: (b: ImageBitmap | null) => void }>();
  /** Where {@link convertSplit} puts the halves together (main thread), made on first use. */
  private joinCanvas: { canvas: OffscreenCanvas; ctx: OffscreenCanvasRenderingContext2D } | null = null;
  /** False once a worker could not start or crashed: callers draw frames themselves. */
  available = typeof Worker === 'function' && typeof createImageBitmap === 'function';

  /** Conversions that can run at once (callers keep at most this many in flight). */
  readonly lanesCount = LANES;

  /** The least busy lane (other than `not`), started on first use; null when workers are unavailable. */
  private lane(not?: Lane): Lane | null {
    if (!this.available) return null;
    const idle = this.lanes.find((l) => l.busy === 0 && l !== not);
    if (idle) return idle;
    if (this.lanes.length < LANES) {
      try {
        const lane: Lane = { worker: createFrameConvertWorker(), busy: 0 };
        lane.worker.onmessage = (e: MessageEvent<FrameConvertResponse>) => {
          const w = this.waiting.get(e.data.id);
          this.waiting.delete(e.data.id);
          if (w) w.lane.busy--;
          if ('bitmap' in e.data) {
            if (w) w.done(e.data.bitmap);
            else e.data.bitmap.close();
          } else w?.done(null);
        };
        lane.worker.onerror = () => this.fail();
        this.lanes.push(lane);
        return lane;
      } catch {
        this.fail();
        return null;
      }
    }
    const others = this.lanes.filter((l) => l !== not);
    return others.length ? others.reduce((a, b) => (b.busy < a.busy ? b : a)) : null;
  }

  private fail(): void {
    this.available = false;
    this.close();
  }

  /**
   * `frame` (transferred: do not use it after) as a `width` × `height` bitmap, turned `rotation`
   * clockwise first (`width` × `height` is the display orientation).
   */
  convert(frame: VideoFrame, width: number, height: number, rotation: FrameRotation = 0): Promise<ImageBitmap | null> {
    const lane = this.lane();
    if (!lane) {
      frame.close();
      return Promise.resolve(null);
    }
    return this.send(lane, frame, width, height, rotation);
  }

  /** Sends one request to `lane`; resolves with its bitmap, or null. */
  private send(
    lane: Lane,
    frame: VideoFrame,
    width: number,
    height: number,
    rotation: FrameRotation,
    rows?: RowBand,
  ): Promise<ImageBitmap | null> {
    const id = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(id, { lane, done: resolve });
      lane.busy++;
      try {
        lane.worker.postMessage({ id, frame, width, height, rotation, rows }, [frame as unknown as Transferable]);
      } catch {
        this.waiting.delete(id);
        lane.busy--;
        frame.close();
        resolve(null);
      }
    });
  }

  /**
   * As {@link convert}, the frame converted by two lanes, each half of the rows (`frames`: two
   * VideoFrames of the same frame, e.g. two clones, both transferred). The same pixels as
   * {@link convert}; with fewer than two lanes, or a frame of one row, it is a `convert` of the
   * first (the second closed).
   */
  async convertSplit(
    frames: [VideoFrame, VideoFrame],
    width: number,
    height: number,
    rotation: FrameRotation = 0,
  ): Promise<ImageBitmap | null> {
    const bands = splitRows(height, 2);
    const a = this.lane();
    const b = a && bands.length === 2 ? this.lane(a) : null;
    if (!a || !b) {
      frames[1].close();
      return this.convert(frames[0], width, height, rotation);
    }
    const halves = await Promise.all([
      this.send(a, frames[0], width, height, rotation, bands[0]),
      this.send(b, frames[1], width, height, rotation, bands[1]),
    ]);
    try {
      if (!halves[0] || !halves[1]) return null;
      return await this.join(halves as [ImageBitmap, ImageBitmap], bands, width, height);
    } finally {
      for (const h of halves) h?.close();
    }
  }

  /** One bitmap with each band's rows taken from its bitmap (same size, copied 1:1); null without a 2D canvas. */
  private join(parts: ImageBitmap[], bands: RowBand[], width: number, height: number): Promise<ImageBitmap> | null {
    if (!this.joinCanvas) {
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d');
      if (!ctx) return null;
      this.joinCanvas = { canvas, ctx };
    }
    const { canvas, ctx } = this.joinCanvas;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    bands.forEach((r, i) => {
      const h = r.bottom - r.top;
      ctx.drawImage(parts[i]!, 0, r.top, width, h, 0, r.top, width, h);
    });
    return createImageBitmap(canvas);
  }

  close(): void {
    for (const l of this.lanes) l.worker.terminate();
    this.lanes = [];
    for (const w of this.waiting.values()) w.done(null);
    this.waiting.clear();
  }
}
