// The fallback frame source: an off-DOM <video> element as the decoder, for browsers without
// WebCodecs (or a codec WebCodecs refuses but <video> plays). Seeks land in the middle of the
// frame's slot, so container timestamp rounding (WebM keeps milliseconds) never shows the neighbour;
// playback reports frames from requestVideoFrameCallback's media time.
import { roundHalfEven } from '../../entities/rounding.js';
import type { PlaybackStats, VideoFrameSource, VideoSourceOptions } from './video-source.js';

type FrameMeta = { mediaTime: number };
type VideoWithRvfc = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, meta: FrameMeta) => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

/** fps from the file itself when the item does not say (mediabunny reads the container; no decoding). */
async function containerFps(blob: Blob): Promise<number | undefined> {
  try {
    const mb = await import('mediabunny');
    const input = new mb.Input({ source: new mb.BlobSource(blob), formats: [mb.MP4, mb.QTFF, mb.WEBM, mb.MATROSKA] });
    try {
      const track = await input.getPrimaryVideoTrack();
      const m = track ? await track.computeFrameRateMetrics() : null;
      return m && m.bestGuessFrameRate > 0 ? m.bestGuessFrameRate : undefined;
    } finally {
      input.dispose();
    }
  } catch {
    return undefined;
  }
}

/** Longest wait for the presented frame once `seeked` has fired (a browser that never calls back). */
const PRESENT_WAIT_MS = 250;

/**
 * Seeks `v` to `t` and resolves once the new frame is presented, not merely once `seeked` fires:
 * Chromium can fire `seeked` 10+ ms before the frame reaches the element, and a `drawImage` in that gap
 * paints the previous frame (seen as a one-frame lag when stepping back on a loaded machine).
 */
function seekPresented(v: VideoWithRvfc, t: number): Promise<void> {
  return new Promise<void>((resolve) => {
    let seeked = false;
    let presented = !v.requestVideoFrameCallback;
    let timer = 0;
    const handle = v.requestVideoFrameCallback?.(() => {
      presented = true;
      if (seeked) done();
    });
    const done = () => {
      clearTimeout(timer);
      if (!presented && handle !== undefined) v.cancelVideoFrameCallback?.(handle);
      resolve();
    };
    v.addEventListener(
      'seeked',
      () => {
        seeked = true;
        if (presented) done();
        else timer = window.setTimeout(done, PRESENT_WAIT_MS);
      },
      { once: true },
    );
    v.currentTime = t;
  });
}

/** A video played by a `<video>` element (see the file comment). Open with {@link MediaElementSource.open}. */
export class MediaElementSource implements VideoFrameSource {
  readonly kind = 'media-element';
  readonly video: VideoWithRvfc;
  frame = 0;
  frameCount = 1;
  fps: number;
  width = 0;
  height = 0;
  playbackStats: PlaybackStats = { presented: 0, dropped: 0 };

  private objectUrl: string;
  private closed = false;
  private seekToken = 0;
  private callback = 0;
  private raf = 0;

  private constructor(
    blob: Blob,
    fps: number,
    private readonly onFrame: (frame: number, byPlayback: boolean) => void,
  ) {
    this.fps = fps;
    this.video = document.createElement('video') as VideoWithRvfc;
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.preload = 'auto';
    this.objectUrl = URL.createObjectURL(blob);
  }

  /** Loads metadata and frame 0. Rejects with the media error's message. */
  static async open(blob: Blob, options: VideoSourceOptions): Promise<MediaElementSource> {
    const fps = options.fps ?? (await containerFps(blob)) ?? options.fallbackFps;
    const s = new MediaElementSource(blob, fps, options.onFrame);
    const v = s.video;
    try {
      await new Promise<void>((resolve, reject) => {
        v.addEventListener('loadeddata', () => resolve(), { once: true });
        v.addEventListener('error', () => reject(new Error(v.error?.message || 'the browser cannot play this video')), {
          once: true,
        });
        v.src = s.objectUrl;
        v.load();
      });
    } catch (e) {
      s.close();
      throw e;
    }
    s.width = v.videoWidth;
    s.height = v.videoHeight;
    const duration = Number.isFinite(v.duration) ? v.duration : 0;
    s.frameCount = options.frameCount ?? Math.max(1, roundHalfEven(duration * fps));
    await s.seek(0);
    return s;
  }

  get playing(): boolean {
    return !this.video.paused && !this.video.ended;
  }

  private clamp(f: number): number {
    return Math.min(this.frameCount - 1, Math.max(0, Math.round(f)));
  }

  async seek(f: number): Promise<boolean> {
    if (this.closed) return false;
    if (this.playing) this.stopPlayback();
    const token = ++this.seekToken;
    this.frame = this.clamp(f);
    // The middle of the frame's slot: never the neighbour, whatever the container's time rounding.
    const t = (this.frame + 0.5) / this.fps;
    const v = this.video;
    if (Math.abs(v.currentTime - t) > 1e-6) await seekPresented(v, t);
    return token === this.seekToken && !this.closed;
  }

  async play(): Promise<void> {
    if (this.playing || this.closed) return;
    if (this.frame >= this.frameCount - 1) await this.seek(0);
    this.seekToken++;
    this.playbackStats = { presented: 0, dropped: 0 };
    const v = this.video;
    const report = (mediaTime: number) => {
      const f = this.clamp(roundHalfEven(mediaTime * this.fps));
      if (f > this.frame) {
        this.playbackStats.presented++;
        this.playbackStats.dropped += f - this.frame - 1;
      }
      this.frame = f;
      this.onFrame(f, true);
    };
    if (v.requestVideoFrameCallback) {
      const tick = (_now: number, meta: FrameMeta) => {
        if (this.closed) return;
        report(meta.mediaTime);
        if (this.playing) this.callback = v.requestVideoFrameCallback!(tick);
      };
      this.callback = v.requestVideoFrameCallback(tick);
    } else {
      const tick = () => {
        if (this.closed || !this.playing) return;
        report(v.currentTime);
        this.raf = requestAnimationFrame(tick);
      };
      this.raf = requestAnimationFrame(tick);
    }
    v.addEventListener('ended', () => this.onFrame(this.frame, true), { once: true });
    await v.play();
  }

  private stopPlayback(): void {
    this.video.pause();
    if (this.callback) this.video.cancelVideoFrameCallback?.(this.callback);
    cancelAnimationFrame(this.raf);
    this.callback = 0;
  }

  pause(): void {
    if (!this.playing) return;
    this.stopPlayback();
    // The element's currentTime runs a little ahead of or behind the last presented frame: settle
    // on the frame playback last reported, so the number and the picture agree.
    this.onFrame(this.frame, true);
    const f = this.frame;
    void this.seek(f).then((ok) => ok && this.onFrame(f, true));
  }

  draw(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    if (this.video.readyState >= 2) ctx.drawImage(this.video, 0, 0, width, height);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopPlayback();
    this.video.removeAttribute('src');
    this.video.load();
    URL.revokeObjectURL(this.objectUrl);
  }
}
