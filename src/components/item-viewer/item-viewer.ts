// <dl-item-viewer>: the element and its public API, wiring its parts: the view transform (view.ts),
// what it shows and loading it (item-content.ts), video playback and its controls
// (video-playback.ts), the zoom buttons (zoom-controls.ts), input (view-input.ts), keys (viewer-keys.ts).
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import { themeStyles, type ThemeMode } from '../theme/theme.js';
import { msg } from '../strings.js';
import { StringsController } from '../strings-controller.js';
import {
  fitView,
  freeArea,
  sameView,
  viewForRect,
  zoomAround,
  zoomToScale,
  type DlView,
  type Insets,
  type Rect,
} from '../internal/view.js';
import { itemViewerStyles } from './item-viewer.styles.js';
import { itemFps, type DecodedVideoFrame, type PlaybackStats, type VideoDecoderChoice } from './video-source.js';
import { VideoPlayback } from './video-playback.js';
import { zoomControls } from './zoom-controls.js';
import { ItemContent, type DlItemViewerClient } from './item-content.js';
import { DlViewChangeEvent } from './item-viewer-events.js';
import { ViewInput } from './view-input.js';
import { viewerKeyStrings } from './viewer-keys.js';
import { viewerStrings } from './viewer-strings.js';

export type { DlItemViewerClient };

/**
 * Internal: the custom property the viewer sets for its slotted overlays, the height (px) of the
 * bottom band (video bar, and the zoom controls when they wrap above it); `<dl-annotation-layer>`
 * keeps its undo / redo flash and tracking bar above it. Not for host pages (not part of the API).
 */
const CONTROLS_INSET = '--_dl-item-viewer-controls-inset';

/**
 * Shows an image or video item with zoom and pan; the surface `<dl-annotation-layer>` draws on
 * (put the layer inside the viewer). Images decode off the main thread (`createImageBitmap`); a
 * thumbnail shows first when given; images up to 16,000 px a side are tiled. Above 1:1 pixels are
 * drawn exactly (no smoothing).
 *
 * Keyboard (when focused; the key table is `viewer-keys.ts`): `+`/`-` zoom, `Shift+2` (or `0`) fit,
 * `Shift+1` 1:1, arrows pan, hold Space and drag to pan; video: `k` play/pause, `,` / `.`
 * previous/next frame (with Shift: 10 frames). Digits 1–9 stay free for the annotation layer's labels.
 *
 * Video plays frame-accurately: decoded with WebCodecs (mediabunny demuxes MP4/MOV and WebM) where
 * the browser has it, else by a `<video>` element (`video-decoder` forces one). Frame numbers are
 * the SDK's, `roundHalfEven(time * fps)`, with fps and the frame count from the item's metadata
 * (`metadata.fps`, `metadata.system.fps`, `nb_frames`, `duration`), else from the file. Frames
 * around the shown one are decoded ahead, so stepping and playback do not wait on the decoder.
 *
 * @summary Image and video viewer with zoom and pan.
 * @fires dl-item-load - The full-resolution image (or video metadata) loaded. `detail: { kind, width, height, fps?, frameCount?, decoder?, item? }`.
 * @fires dl-item-error - Loading failed. `detail: { code, message, status?, url? }`.
 * @fires dl-view-change - The user zoomed or panned. `detail: { view: { scale, x, y } }`.
 * @fires dl-frame-change - The video frame changed by playback or user seeking. `detail: { frame, time }`.
 * @slot - Overlays such as `<dl-annotation-layer>`, stretched over the image.
 * @csspart base - The focusable surface.
 * @csspart canvas - The image canvas.
 * @csspart controls - Zoom buttons.
 * @csspart video-controls - Play, step and seek controls of a video, with its frame readout: `Frame n / last · m:ss.cc`, or the short `n/last` in a narrow viewer (hidden by `no-video-controls`).
 * @csspart status - Loading / error message.
 * @cssprop --dl-item-viewer-background - Background around the image.
 *
 * @example
 * <dl-item-viewer src="/img.jpg" style="height: 600px">
 *   <dl-annotation-layer></dl-annotation-layer>
 * </dl-item-viewer>
 */
export class DlItemViewer extends LitElement {
  static override styles = [themeStyles, itemViewerStyles];

  /** URL of the image or video. */
  @property() src: string | null = null;
  /** URL of a small preview shown while `src` loads. */
  @property() thumbnail: string | null = null;
  /** The image or video bytes (instead of `src`). */
  @property({ attribute: false }) blob: Blob | null = null;
  /** A Dataloop item JSON; shown through `client`, or from its `stream`/`thumbnail` URLs without one. */
  @property({ attribute: false }) item: unknown = null;
  /** The API client used to fetch `item` bytes. */
  @property({ attribute: false }) client: DlItemViewerClient | null = null;
  /** Video frames per second when neither the item (`item.metadata.fps` wins) nor the file says. */
  @property({ type: Number }) fps = 25;
  /**
   * Video decoder: `auto` (WebCodecs when available, else the `<video>` element), `webcodecs` or
   * `media-element`. Takes effect on the next load.
   */
  @property({ attribute: 'video-decoder' }) videoDecoder: VideoDecoderChoice = 'auto';
  /** `light`, `dark` or `auto`. */
  @property({ reflect: true }) theme?: ThemeMode;
  /** Hide the zoom buttons. */
  @property({ type: Boolean, attribute: 'no-controls' }) noControls = false;
  /**
   * Hide the video's play, step and seek bar (the `video-controls` part), e.g. when a
   * `<dl-timeline>` linked to this viewer is the page's one transport and frame readout. The keys
   * (`k`, `,` `.`, Shift for ten) and the methods (`play()`, `stepFrame()`...) still work, and a
   * fitted frame then uses the whole height (no inset is kept for the bar).
   *
   * @example
   * <dl-item-viewer no-video-controls></dl-item-viewer>
   * <dl-timeline></dl-timeline> <!-- timeline.viewer = viewer -->
   */
  @property({ type: Boolean, attribute: 'no-video-controls' }) noVideoControls = false;

  @query('canvas') private canvas!: HTMLCanvasElement;

  private _view: DlView = { scale: 1, x: 0, y: 0 };
  private fitted = true;
  private video = new VideoPlayback(this, { changed: () => this.changed(), redraw: () => this.scheduleDraw() });
  private content = new ItemContent(this, this.video, {
    sized: () => {
      if (this.fitted) this.fit();
    },
    changed: () => this.changed(),
  });
  private size = { width: 0, height: 0 };
  private raf = 0;
  private listeners = new Set<() => void>();
  private insets = new Map<object, Insets>();
  private resizeObserver?: ResizeObserver;
  /** The video controls bar shown now (measured for the viewer's own bottom inset), or null. */
  private videoBar: HTMLElement | null = null;
  /** The bottom band (video bar and zoom controls), observed: it wraps without the viewer resizing. */
  private band: HTMLElement | null = null;
  private input = new ViewInput(this);

  constructor() {
    super();
    new StringsController(this, { ...viewerStrings, ...viewerKeyStrings });
  }

  // ---- the view --------------------------------------------------------------------------------

  /** The view transform (`screen = image * scale + (x, y)`). Setting it never fires `dl-view-change`. */
  get view(): DlView {
    return { ...this._view };
  }
  set view(v: DlView) {
    this.setView(v, false);
  }

  /** @internal Sets the view; `byUser` fires `dl-view-change`. */
  setView(v: DlView, byUser: boolean): void {
    if (!(v.scale > 0) || !Number.isFinite(v.x) || !Number.isFinite(v.y)) return;
    if (sameView(v, this._view)) return;
    this._view = { scale: v.scale, x: v.x, y: v.y };
    this.fitted = false;
    this.changed();
    if (byUser) this.dispatchEvent(new DlViewChangeEvent({ view: this.view }));
    this.requestUpdate();
  }

  /** Size of the viewer box, CSS px. */
  get viewportWidth(): number {
    return this.size.width;
  }
  get viewportHeight(): number {
    return this.size.height;
  }
  /**
   * A new bitmap of the full-resolution image shown, exactly its pixels (decoded again from the
   * image's bytes, off the main thread): what an OpenCV worker needs, e.g. `getAssist().setImage`.
   * The caller owns it (close or transfer it). Null before the image loaded and for a video.
   *
   * @example
   * await getAssist().setImage(item.id, async () => (await viewer.fullImageBitmap())!);
   */
  async fullImageBitmap(): Promise<ImageBitmap | null> {
    const blob = this.content.imageBlob;
    return blob ? createImageBitmap(blob) : null;
  }

  /** Full-resolution image (or video) size, px; 0 before load. */
  get imageWidth(): number {
    return this.content.size.width;
  }
  get imageHeight(): number {
    return this.content.size.height;
  }

  /**
   * The part of the viewer box (CSS px, box-relative) not covered by overlays that reported
   * insets (the annotation layer's open side panel). Fit, zoom to selection and the zoom buttons
   * work in this area, so a fitted image is never under the panel.
   */
  get freeArea(): Rect {
    const sum: Insets = { top: 0, right: 0, bottom: 0, left: 0 };
    for (const i of this.insets.values())
      for (const k of ['top', 'right', 'bottom', 'left'] as const) sum[k] = Math.max(sum[k], i[k]);
    return freeArea(this.size.width, this.size.height, sum);
  }

  /**
   * @internal Called by an overlay (the layer) with the box edges it covers, `null` when it covers
   * none. A fitted view re-fits to the new free area.
   */
  setInsets(owner: object, insets: Insets | null): void {
    const prev = this.insets.get(owner);
    if (!insets && !prev) return;
    if (
      insets &&
      prev &&
      (['top', 'right', 'bottom', 'left'] as const).every((k) => Math.abs(prev[k] - insets[k]) < 0.5)
    )
      return;
    if (insets) this.insets.set(owner, { ...insets });
    else this.insets.delete(owner);
    if (this.fitted && this.content.size.width) this.fit();
  }

  /** Fits the whole image in the free area (the box minus an open side panel). */
  fit(byUser = false): void {
    const a = this.freeArea;
    const v = fitView(this.content.size.width, this.content.size.height, a.width, a.height, 8);
    this.setView({ scale: v.scale, x: v.x + a.x, y: v.y + a.y }, byUser);
    this.fitted = true;
  }
  /** Zooms by `factor` around a screen point (default: the centre of the free area). */
  zoomBy(factor: number, sx = this.freeCentre().x, sy = this.freeCentre().y, byUser = false): void {
    this.setView(zoomAround(this._view, factor, sx, sy), byUser);
  }
  /** Sets the scale to `scale` (1 = 1:1) keeping the centre of the free area. */
  zoomTo(scale: number, byUser = false): void {
    const c = this.freeCentre();
    this.setView(zoomToScale(this._view, scale, c.x, c.y), byUser);
  }
  /** Shows image rect `r` (e.g. the selection's bounds) as large as fits in the free area. */
  zoomToRect(r: Rect, byUser = false): void {
    const a = this.freeArea;
    const v = viewForRect(r, a.width, a.height);
    this.setView({ scale: v.scale, x: v.x + a.x, y: v.y + a.y }, byUser);
  }

  private freeCentre(): { x: number; y: number } {
    const a = this.freeArea;
    return { x: a.x + a.width / 2, y: a.y + a.height / 2 };
  }

  /** @internal Called by the layer: any change of view, size, frame or image. */
  addViewerListener(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(): void {
    this.scheduleDraw();
    for (const l of this.listeners) l();
  }

  // ---- video -----------------------------------------------------------------------------------

  /** True when showing a video. */
  get isVideo(): boolean {
    return !!this.video.source;
  }
  /** The video's fps in use (the item's, else `fps`). */
  get frameRate(): number {
    return this.video.source?.fps ?? itemFps(this.item) ?? this.fps;
  }
  /** Shown frame number (0 for images). Setting it seeks without firing `dl-frame-change`. */
  get currentFrame(): number {
    return this.video.source?.frame ?? 0;
  }
  set currentFrame(f: number) {
    void this.seekFrame(f, false);
  }
  /** Number of frames (1 for images). */
  get frameCount(): number {
    return this.video.source?.frameCount ?? 1;
  }
  /** Time of the shown frame, seconds (`frame / fps`). */
  get currentTime(): number {
    return this.currentFrame / this.frameRate;
  }
  /** True while the video plays. */
  get playing(): boolean {
    return this.video.source?.playing ?? false;
  }
  /** The decoder in use for the video: `webcodecs`, `media-element`, or null (no video). */
  get videoDecoderInUse(): 'webcodecs' | 'media-element' | null {
    return this.video.source?.kind ?? null;
  }
  /**
   * Decoded frames `from` .. `from + count - 1` as VideoFrames, on a decoder of their own: the input
   * of a tracker (send them to its worker). Needs WebCodecs (throws on the `<video>` fallback).
   * Close each frame, or transfer it.
   *
   * @example
   * for await (const { frame, image } of viewer.videoFrames(30, 100)) worker.postMessage({ frame, image }, [image]);
   */
  videoFrames(from: number, count: number, options: { signal?: AbortSignal } = {}): AsyncIterable<DecodedVideoFrame> {
    const src = this.video.source;
    if (!src?.frames) throw new Error('videoFrames needs a video decoded with WebCodecs');
    return src.frames(from, count, options.signal);
  }

  /** Frames presented and dropped by the current (or last) playback. */
  get playbackStats(): PlaybackStats {
    return { ...(this.video.source?.playbackStats ?? { presented: 0, dropped: 0 }) };
  }
  /** Plays the video at its native rate; `dl-frame-change` follows every presented frame. */
  play(): Promise<void> {
    return this.video.play();
  }
  /** Plays or pauses the video. */
  togglePlay(): void {
    this.video.togglePlay();
  }
  /** Pauses the video. */
  pause(): void {
    this.video.pause();
  }
  /**
   * Shows frame `f` (clamped); `byUser` fires `dl-frame-change`. Resolves once the frame is drawn,
   * or when a later seek superseded this one (then nothing fires for it). Asked while the video
   * loads (also in the same task that set `item`, `src` or `blob`), it is made once the new video
   * is open; on an image it does nothing.
   */
  seekFrame(f: number, byUser = true): Promise<void> {
    // A property set in this task has not started its load yet (that happens in the update): wait
    // for the update, so the seek goes to the video being loaded, not to the one shown before.
    if (this.isUpdatePending) return this.updateComplete.then(() => this.video.seekFrame(f, byUser));
    return this.video.seekFrame(f, byUser);
  }
  /** Steps `n` frames (negative = back) from the frame shown or being sought. */
  stepFrame(n: number, byUser = true): Promise<void> {
    if (this.isUpdatePending) return this.updateComplete.then(() => this.video.stepFrame(n, byUser));
    return this.video.stepFrame(n, byUser);
  }

  // ---- loading ---------------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues): void {
    // In willUpdate (not updated) so the loading status renders in this same update.
    if (
      changed.has('src') ||
      changed.has('blob') ||
      changed.has('item') ||
      changed.has('client') ||
      changed.has('thumbnail')
    )
      void this.content.load();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.input.connect();
    this.resizeObserver?.observe(this);
    if (this.band) this.resizeObserver?.observe(this.band);
    // a video freed or stopped while the viewer was out of the page loads now
    this.content.connect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.input.disconnect();
    this.resizeObserver?.disconnect();
    cancelAnimationFrame(this.raf);
    // Decoded video frames hold a lot of memory: free them; a re-attached viewer loads again.
    this.content.disconnect();
  }

  protected override firstUpdated(): void {
    this.resizeObserver = new ResizeObserver((entries) => {
      if (entries.some((e) => e.target === this)) this.measure();
      // The band wraps (or unwraps) with its content too, the viewer keeping its size: the zoom
      // readout going from 100% to 1000%, the frame readout gaining a digit, the zoom controls
      // shown again, another locale's words. Its height then changes: the inset follows.
      if (this.videoBar && entries.some((e) => e.target === this.band)) this.measureVideoBar();
    });
    this.resizeObserver.observe(this);
    this.measure();
  }

  protected override updated(): void {
    // The band is rendered once and kept; it is observed again after a reconnect (see connectedCallback).
    const band = this.shadowRoot!.querySelector<HTMLElement>('.bottom');
    if (band && band !== this.band) {
      this.band = band;
      this.resizeObserver?.observe(band);
    }
    // The video controls appear and go with a video: the bar is measured then, and on the band's resizes.
    const bar = this.shadowRoot!.querySelector<HTMLElement>('.video');
    if (bar !== this.videoBar) {
      this.videoBar = bar;
      this.measureVideoBar();
    }
  }

  /**
   * The video controls lie over the bottom of the box: the part of the box under the top of the bar
   * is an inset of the viewer's own, so a fitted frame's bottom rows are never hidden behind them.
   */
  private measureVideoBar(): void {
    const bar = this.videoBar;
    // The whole bottom band: in a narrow box the zoom controls wrap to a row above the video bar.
    const band = bar?.parentElement;
    const bottom =
      bar && band && this.size.height ? this.size.height - Math.min(band.offsetTop, band.offsetTop + bar.offsetTop) : 0;
    this.setInsets(this, bottom > 0 ? { top: 0, right: 0, bottom, left: 0 } : null);
    // Overlays in the box (the layer's undo / redo flash, its tracking bar) keep above the band: set
    // on the element around the slot (slotted overlays inherit it), not on the host, whose `style`
    // attribute is the host page's (a page re-rendering it would wipe the value). Private to dl-kit.
    const base = this.shadowRoot!.querySelector<HTMLElement>('.base');
    if (bottom > 0) base?.style.setProperty(CONTROLS_INSET, `${Math.ceil(bottom)}px`);
    else base?.style.removeProperty(CONTROLS_INSET);
  }

  private measure(): void {
    const r = this.getBoundingClientRect();
    if (r.width === this.size.width && r.height === this.size.height) return;
    this.size = { width: r.width, height: r.height };
    if (this.videoBar) this.measureVideoBar();
    const dpr = devicePixelRatio || 1;
    this.canvas.width = Math.max(1, Math.round(r.width * dpr));
    this.canvas.height = Math.max(1, Math.round(r.height * dpr));
    if (this.fitted && this.content.size.width) this.fit();
    this.changed();
  }

  // ---- drawing ---------------------------------------------------------------------------------

  private scheduleDraw(): void {
    if (!this.raf)
      this.raf = requestAnimationFrame(() => {
        this.raf = 0;
        this.draw();
      });
  }

  /** Draws the image for the current view now (also called every animation frame while dirty). */
  draw(): void {
    const c = this.canvas;
    if (!c) return;
    const ctx = c.getContext('2d')!;
    const dpr = devicePixelRatio || 1;
    const v = this._view;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, c.width, c.height);
    const s = v.scale * dpr;
    ctx.setTransform(s, 0, 0, s, v.x * dpr, v.y * dpr);
    // Pixel-exact above 1:1; smooth (less aliasing) when zoomed out.
    ctx.imageSmoothingEnabled = s < 1;
    ctx.imageSmoothingQuality = 'low';
    this.content.draw(ctx, v, s, this.size.width, this.size.height);
  }

  /** @internal True while Space is held (the layer then leaves the pointer to panning). */
  get panKeyDown(): boolean {
    return this.input.spaceDown;
  }

  protected override render() {
    const pct = Math.round(this._view.scale * 100);
    const status = this.content.status;
    // role=group, not img: the slotted layer's controls live inside, and an img's children are hidden.
    return html`<div part="base" class="base" tabindex="0" role="group" aria-roledescription="zoomable image" aria-label=${msg('itemViewer.label')}>
        <canvas part="canvas"></canvas>
        <slot></slot>
      </div>
      ${status ? html`<div part="status" class="status ${status.error ? 'error' : ''}" role=${status.error ? 'alert' : 'status'}>${status.text}</div>` : nothing}
      <div class="bottom">
        ${this.noVideoControls ? nothing : this.video.controls(this.frameRate)}
        ${this.noControls ? nothing : zoomControls(this, pct)}
      </div>`;
  }
}
