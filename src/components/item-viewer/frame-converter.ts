// The main-thread side of frame-convert.worker.ts: one worker per video, requests answered in order.
import { createFrameConvertWorker } from './create-frame-convert-worker.js';
import type { FrameConvertResponse } from './frame-convert.worker.js';
import type { FrameRotation } from './frame-rotation.js';

/**
 * Turns VideoFrames into ImageBitmaps of a given size in a worker. `convert` resolves null when the
 * worker is unavailable or fails (the caller then draws the VideoFrame itself).
 */
export class FrameConverter {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly waiting = new Map<number, (b: ImageBitmap | null) => void>();
  /** False once the worker could not start or crashed: callers draw frames themselves. */
  available = typeof Worker === 'function' && typeof createImageBitmap === 'function';

  private start(): Worker | null {
    if (this.worker || !this.available) return this.worker;
    try {
      const w = createFrameConvertWorker();
      w.onmessage = (e: MessageEvent<FrameConvertResponse>) => {
        const done = this.waiting.get(e.data.id);
        this.waiting.delete(e.data.id);
        if ('bitmap' in e.data) {
          if (done) done(e.data.bitmap);
          else e.data.bitmap.close();
        } else done?.(null);
      };
      w.onerror = () => this.fail();
      this.worker = w;
    } catch {
      this.fail();
    }
    return this.worker;
  }

  private fail(): void {
    this.available = false;
    this.worker?.terminate();
    this.worker = null;
    for (const done of this.waiting.values()) done(null);
    this.waiting.clear();
  }

  /**
   * `frame` (transferred: do not use it after) as a `width` × `height` bitmap, turned `rotation`
   * clockwise first (`width` × `height` is the display orientation).
   */
  convert(frame: VideoFrame, width: number, height: number, rotation: FrameRotation = 0): Promise<ImageBitmap | null> {
    const w = this.start();
    if (!w) {
      frame.close();
      return Promise.resolve(null);
    }
    const id = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      try {
        w.postMessage({ id, frame, width, height, rotation }, [frame as unknown as Transferable]);
      } catch {
        this.waiting.delete(id);
        frame.close();
        resolve(null);
      }
    });
  }

  close(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const done of this.waiting.values()) done(null);
    this.waiting.clear();
  }
}
