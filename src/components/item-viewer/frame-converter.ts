// The main-thread side of frame-convert.worker.ts: a few workers per video (lanes), each answering
// its requests in order. Two lanes: a frame the viewer wants now never waits behind the conversion
// of a neighbour nobody looks at any more (a seek elsewhere), and stepping converts two frames at
// once (a conversion is ~5-20 ms of CPU per 1080p frame, a good part of a step's budget).
import { createFrameConvertWorker } from './create-frame-convert-worker.js';
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
  /** False once a worker could not start or crashed: callers draw frames themselves. */
  available = typeof Worker === 'function' && typeof createImageBitmap === 'function';

  /** Conversions that can run at once (callers keep at most this many in flight). */
  readonly lanesCount = LANES;

  /** The least busy lane, started on first use; null when workers are unavailable. */
  private lane(): Lane | null {
    if (!this.available) return null;
    const idle = this.lanes.find((l) => l.busy === 0);
    if (idle) return idle;
    if (this.lanes.length < LANES) return this.startLane();
    return this.lanes.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  /** Starts one more lane (null, and the converter unavailable, when a worker cannot start). Lanes start on first use, or all at once in {@link warm}. */
  private startLane(): Lane | null {
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

  /**
   * Starts the first lane now, with nothing to convert yet (it does nothing once a lane started or
   * when workers are unavailable): a worker's start (its script loaded and run) then overlaps what
   * the caller does meanwhile rather than delaying the first conversion.
   */
  start(): void {
    if (this.lanes.length === 0) this.lane();
  }

  /**
   * Starts the lanes not started yet and has each convert a copy of `frame` (not taken: the caller
   * keeps it) at `width` × `height`, the bitmap thrown away: a lane's first conversion costs
   * ~100-200 ms more than the next ones in this VM (the worker starts, its canvases get their
   * memory), and a lane first used when a second conversion is wanted (the steps after a seek) made
   * that step wait for it (the video bench's step log: a 178 ms step, its frame converted on a new
   * lane). Call it when nothing else waits for the cores; once every lane has started it does nothing.
   */
  warm(frame: VideoFrame, width: number, height: number, rotation: FrameRotation = 0): void {
    while (this.available && this.lanes.length < LANES) {
      const lane = this.startLane();
      if (!lane) break;
      void this.send(lane, frame.clone(), width, height, rotation).then((b) => b?.close());
    }
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

  /** Sends `frame` (transferred) to `lane`: its bitmap, or null when the lane fails it. */
  private send(
    lane: Lane,
    frame: VideoFrame,
    width: number,
    height: number,
    rotation: FrameRotation,
  ): Promise<ImageBitmap | null> {
    const id = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(id, { lane, done: resolve });
      lane.busy++;
      try {
        lane.worker.postMessage({ id, frame, width, height, rotation }, [frame as unknown as Transferable]);
      } catch {
        this.waiting.delete(id);
        lane.busy--;
        frame.close();
        resolve(null);
      }
    });
  }

  close(): void {
    for (const l of this.lanes) l.worker.terminate();
    this.lanes = [];
    for (const w of this.waiting.values()) w.done(null);
    this.waiting.clear();
  }
}
