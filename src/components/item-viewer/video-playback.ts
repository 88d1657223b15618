// Video playback of <dl-item-viewer>: the open video source, play/pause, frame seeking and stepping
// (a step counts from the frame a seek still decodes, so fast key repeats do not lose frames; a seek
// asked while the video still opens is made once it is open, not dropped), the
// `dl-frame-change` event and the play/step/seek controls. Kept apart from item-viewer.ts so the
// element stays the wiring of view, loading and drawing; the element's public video members
// (play, seekFrame, stepFrame...) delegate here. Sees the element only as a Lit host.
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { withKey } from '../internal/key-spec.js';
import { mediaIcon } from '../internal/media-icons.js';
import { formatTime } from '../internal/media-time.js';
import { msg } from '../strings.js';
import { ItemLoadError } from './image-source.js';
import { DlFrameChangeEvent } from './item-viewer-events.js';
import { openVideoSource, type VideoSourceOptions, type VideoFrameSource } from './video-source.js';
import { viewerKeysOf } from './viewer-keys.js';

/** Internal: what playback needs of the viewer. */
export interface VideoPlaybackHooks {
  /** The shown frame changed: redraw, and tell the viewer's listeners (the annotation layer). */
  changed(): void;
  /** The decoder has new pixels for the shown frame: redraw only. */
  redraw(): void;
}

/** Internal: the viewer's video, owned by the element. */
export class VideoPlayback {
  /** The open video; null while none is (an image, or loading). */
  source: VideoFrameSource | null = null;
  /** What the video controls show; null hides them. */
  private controlsState: { frame: number; count: number; playing: boolean } | null = null;
  /** The frame the latest user seek asked for while it decodes (steps count from it). */
  private seekTarget: number | null = null;
  /** A load is under way (from {@link reset} to {@link loadEnded}): seeks wait for its video. */
  private opening = false;
  /**
   * The latest seek asked while the video opens (no source yet), made once it is open: dropping it
   * left the viewer on frame 0 (a seek right after a page load, before the video was open, was lost).
   */
  private early: { frame: number; byUser: boolean; done: () => void } | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly hooks: VideoPlaybackHooks,
  ) {}

  /**
   * Opens `blob` as a video; frames it reports are shown while it is {@link source}. Throws
   * {@link ItemLoadError} `unsupported-type` when it cannot be played.
   */
  async open(blob: Blob, options: Omit<VideoSourceOptions, 'onFrame' | 'onRedraw'>): Promise<VideoFrameSource> {
    let src: VideoFrameSource | null = null;
    try {
      src = await openVideoSource(blob, {
        ...options,
        onFrame: () => {
          if (src && this.source === src) this.frameShown(true);
        },
        onRedraw: () => {
          if (src && this.source === src) this.hooks.redraw();
        },
      });
    } catch (e) {
      throw new ItemLoadError('unsupported-type', `Cannot play this video (${blob.type}): ${(e as Error).message}`);
    }
    return src;
  }

  /**
   * Closes the video before another item loads; the controls go. Seeks asked from now until
   * {@link loadEnded} are made once the new video is open (one asked for the previous item is dropped).
   */
  reset(): void {
    this.dropEarly();
    this.opening = true;
    this.source?.close();
    this.source = null;
    this.seekTarget = null;
    this.controlsState = null;
    this.host.requestUpdate();
  }

  /** Frees the video's decoders and frames (the viewer left the page); true when one was open. */
  close(): boolean {
    if (!this.source) return false;
    this.source.close();
    this.source = null;
    return true;
  }

  async play(): Promise<void> {
    this.seekTarget = null;
    await this.source?.play();
    this.frameShown(false);
  }

  pause(): void {
    this.source?.pause();
  }

  togglePlay(): void {
    if (this.source?.playing) this.pause();
    else void this.play();
  }

  /**
   * The load {@link reset} started ended: its video is {@link source} (or it was an image, or it
   * failed). A seek asked meanwhile is made now, and its caller's promise resolves when it is shown.
   */
  loadEnded(): void {
    this.opening = false;
    const e = this.early;
    this.early = null;
    if (!e) return;
    if (!this.source) {
      this.seekTarget = null;
      e.done();
      return;
    }
    void this.seekFrame(e.frame, e.byUser).then(e.done);
  }

  /** Resolves a seek kept for a video still opening, without making it. */
  private dropEarly(): void {
    const e = this.early;
    this.early = null;
    e?.done();
  }

  async seekFrame(f: number, byUser: boolean): Promise<void> {
    const v = this.source;
    if (!v) {
      if (!this.opening) return;
      // The video is opening: the latest such seek is made once it is open (an earlier one resolves now).
      this.dropEarly();
      const frame = Math.max(0, Math.round(f));
      this.seekTarget = frame;
      return new Promise<void>((done) => (this.early = { frame, byUser, done }));
    }
    if (v.playing) v.pause();
    this.seekTarget = Math.min(v.frameCount - 1, Math.max(0, Math.round(f)));
    const shown = await v.seek(f);
    if (!shown || v !== this.source) return;
    this.seekTarget = null;
    this.frameShown(byUser);
  }

  stepFrame(n: number, byUser: boolean): Promise<void> {
    return this.seekFrame((this.seekTarget ?? this.source?.frame ?? 0) + n, byUser);
  }

  /** The source shows a new frame: controls, redraw, listeners; `byUser` fires `dl-frame-change`. */
  frameShown(byUser: boolean): void {
    const v = this.source;
    if (!v) return;
    this.controlsState = { frame: v.frame, count: v.frameCount, playing: v.playing };
    this.host.requestUpdate();
    this.hooks.changed();
    if (byUser) this.host.dispatchEvent(new DlFrameChangeEvent({ frame: v.frame, time: v.frame / v.fps }));
  }

  /** The `video-controls` part (nothing while no video is shown); times `m:ss.cc` at `frameRate`. */
  controls(frameRate: number): TemplateResult | typeof nothing {
    const vs = this.controlsState;
    if (!vs) return nothing;
    return html`<div part="video-controls" class="video">
            <button aria-label=${msg('itemViewer.prevFrame')} title=${withKey(msg('itemViewer.prevFrame'), viewerKeysOf('prevFrame'))} @click=${() => this.stepFrame(-1, true)}>${mediaIcon('prev')}</button>
            <button aria-label=${vs.playing ? msg('itemViewer.pause') : msg('itemViewer.play')} title=${withKey(vs.playing ? msg('itemViewer.pause') : msg('itemViewer.play'), viewerKeysOf('play'))} @click=${() => (vs.playing ? this.pause() : this.play())}>${mediaIcon(vs.playing ? 'pause' : 'play')}</button>
            <button aria-label=${msg('itemViewer.nextFrame')} title=${withKey(msg('itemViewer.nextFrame'), viewerKeysOf('nextFrame'))} @click=${() => this.stepFrame(1, true)}>${mediaIcon('next')}</button>
            <input type="range" min="0" max=${Math.max(0, vs.count - 1)} .value=${String(vs.frame)} aria-label=${msg('itemViewer.seek')} @input=${(e: Event) => this.seekFrame(Number((e.target as HTMLInputElement).value), true)} />
            <span class="time">${msg('itemViewer.frameTime', { frame: vs.frame, last: vs.count - 1, time: formatTime(vs.frame, frameRate) })}</span>
            <span class="time short">${msg('itemViewer.frameShort', { frame: vs.frame, last: vs.count - 1 })}</span>
          </div>`;
  }
}
