// A video item behind the viewer: an off-DOM <video> element as the decoder, frame numbers from
// the item's fps (spec §2.2), frame-accurate stepping, and a callback on every presented frame.

/** fps of a video item: top-level `metadata.fps` first (as the SDK reads it), then `metadata.system.fps`. */
export function itemFps(item: unknown): number | undefined {
  const m = (item as { metadata?: { fps?: unknown; system?: { fps?: unknown } } } | null)?.metadata;
  const f = typeof m?.fps === 'number' ? m.fps : typeof m?.system?.fps === 'number' ? m.system.fps : undefined;
  return f && f > 0 ? f : undefined;
}

/** Frame count of a video item from `metadata.system.nb_frames`, if present. */
export function itemFrameCount(item: unknown): number | undefined {
  const n = (item as { metadata?: { system?: { nb_frames?: unknown } } } | null)?.metadata?.system?.nb_frames;
  return typeof n === 'number' && n > 0 ? n : undefined;
}

type VideoWithRvfc = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, meta: { mediaTime: number }) => void) => number;
};

/** Wraps a <video> element as a frame source. */
export class VideoSource {
  readonly video: VideoWithRvfc;
  frame = 0;
  frameCount = 0;
  private objectUrl?: string;
  private closed = false;

  constructor(
    private readonly src: string | Blob,
    public fps: number,
    private readonly onFrame: (frame: number, byPlayback: boolean) => void,
  ) {
    this.video = document.createElement('video') as VideoWithRvfc;
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.preload = 'auto';
    this.video.crossOrigin = 'anonymous';
  }

  /** Loads metadata and the first frame. Rejects with the media error message. */
  load(frameCount?: number): Promise<{ width: number; height: number }> {
    const v = this.video;
    return new Promise((resolve, reject) => {
      v.addEventListener(
        'loadeddata',
        () => {
          this.frameCount =
            frameCount ?? Math.max(1, Math.round((Number.isFinite(v.duration) ? v.duration : 0) * this.fps));
          resolve({ width: v.videoWidth, height: v.videoHeight });
        },
        { once: true },
      );
      v.addEventListener('error', () => reject(new Error(v.error?.message || 'the browser cannot play this video')), {
        once: true,
      });
      v.addEventListener('seeked', () => {
        if (!this.closed && v.paused) this.onFrame(this.frame, false);
      });
      if (typeof this.src === 'string') v.src = this.src;
      else v.src = this.objectUrl = URL.createObjectURL(this.src);
      v.load();
    });
  }

  get playing(): boolean {
    return !this.video.paused && !this.video.ended;
  }

  /** Shows frame `f` (clamped); resolves when it is presented. */
  seek(f: number): Promise<void> {
    const last = Math.max(0, this.frameCount - 1);
    this.frame = Math.min(last, Math.max(0, Math.round(f)));
    // A tenth of a frame past the frame's start lands on it despite float rounding.
    const t = (this.frame + 0.1) / this.fps;
    return new Promise((resolve) => {
      if (Math.abs(this.video.currentTime - t) < 1e-6) return resolve();
      this.video.addEventListener('seeked', () => resolve(), { once: true });
      this.video.currentTime = t;
    });
  }

  /** Starts playback; frames are reported as they are presented. */
  async play(): Promise<void> {
    const tick = (_now: number, meta: { mediaTime: number }) => {
      if (this.closed) return;
      this.frame = Math.min(this.frameCount - 1, Math.round(meta.mediaTime * this.fps));
      this.onFrame(this.frame, true);
      if (this.playing) this.video.requestVideoFrameCallback!(tick);
    };
    if (this.video.requestVideoFrameCallback) this.video.requestVideoFrameCallback(tick);
    await this.video.play();
  }

  pause(): void {
    if (!this.playing) return;
    this.video.pause();
    this.frame = Math.min(this.frameCount - 1, Math.floor(this.video.currentTime * this.fps + 1e-6));
    this.onFrame(this.frame, true);
  }

  close(): void {
    this.closed = true;
    this.video.pause();
    this.video.removeAttribute('src');
    this.video.load();
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
  }
}
