// What <dl-item-viewer> shows and how it gets it: the item's bytes (from `blob`, `src`, the client
// or the item's URLs), the thumbnail shown first, the decoded image or the opened video, the
// loading/error status and drawing the content for a view. Kept apart from item-viewer.ts so the
// element is its public API, the view transform and the wiring; a newer load always wins (tokens).
import type { ReactiveControllerHost } from 'lit';
import type { DlView } from '../internal/view.js';
import { msg } from '../strings.js';
import { drawDecodedImage } from './draw-image.js';
import { decodeImage, fetchBlob, isVideoType, ItemLoadError, type DecodedImage } from './image-source.js';
import { DlItemErrorEvent, DlItemLoadEvent } from './item-viewer-events.js';
import type { VideoPlayback } from './video-playback.js';
import { itemFps, itemFrameCount, type VideoDecoderChoice, type VideoFrameSource } from './video-source.js';

/** What `<dl-item-viewer>` needs from a client to show `item`: its bytes. */
export interface DlItemViewerClient {
  /** The item's full stream (`kind: 'stream'`) or its thumbnail, as a Blob. */
  fetchItemBlob(item: unknown, kind: 'stream' | 'thumbnail', signal?: AbortSignal): Promise<Blob>;
}

/** Internal: the viewer's properties that say what to show. */
export interface ItemContentHost extends ReactiveControllerHost, HTMLElement {
  readonly src: string | null;
  readonly thumbnail: string | null;
  readonly blob: Blob | null;
  readonly item: unknown;
  readonly client: DlItemViewerClient | null;
  readonly fps: number;
  readonly videoDecoder: VideoDecoderChoice;
}

/** Internal: what the content tells the viewer. */
export interface ItemContentHooks {
  /** The content's size is known or changed (a fitted view fits again). */
  sized(): void;
  /** Something drawn changed: redraw and tell the viewer's listeners. */
  changed(): void;
}

type ItemJson = {
  stream?: string;
  thumbnail?: string;
  metadata?: { system?: { width?: number; height?: number; mimetype?: string } };
} | null;

/** Internal: the viewer's content, owned by the element. */
export class ItemContent {
  image: DecodedImage | null = null;
  /** The bytes `image` was decoded from (kept for `fullImageBitmap`: compressed, small). */
  imageBlob: Blob | null = null;
  /** Full-resolution image (or video) size, px; 0 before load. */
  size = { width: 0, height: 0 };
  /** The loading or error message shown; null once loaded. */
  status: { text: string; error: boolean } | null = null;
  private preview: { bitmap: ImageBitmap; scale: number } | null = null;
  private loadToken = 0;
  private abort?: AbortController;
  /** The viewer left the page with a video open, opening or about to open: {@link connect} loads again. */
  private reloadOnConnect = false;
  /** The load token of the video being opened (demuxed, its decoder configured); 0 when none. */
  private openingToken = 0;

  constructor(
    private readonly host: ItemContentHost,
    private readonly video: VideoPlayback,
    private readonly hooks: ItemContentHooks,
  ) {}

  private setStatus(status: { text: string; error: boolean } | null): void {
    if (status === this.status) return;
    this.status = status;
    this.host.requestUpdate();
  }

  /**
   * Frees the video (the viewer left the page), or stops the one being opened; either loads again
   * on {@link connect}. A load still fetching goes on, but opens no video while the viewer is out
   * of the page.
   */
  disconnect(): void {
    const had = this.video.close();
    if (!had && (this.openingToken === 0 || this.openingToken !== this.loadToken)) return;
    // the open in flight (if any) sees a new token and closes what it opened
    this.loadToken++;
    this.reloadOnConnect = true;
  }

  /** The viewer is in the page again: loads what {@link disconnect} freed or stopped. */
  connect(): void {
    if (!this.reloadOnConnect) return;
    this.reloadOnConnect = false;
    void this.load();
  }

  /** Loads what the host's properties name, dropping what was shown; a later call supersedes it. */
  async load(): Promise<void> {
    const host = this.host;
    const token = ++this.loadToken;
    this.reloadOnConnect = false; // this load supersedes one stopped while out of the page
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    this.video.reset();
    this.image?.close();
    this.image = null;
    this.imageBlob = null;
    this.preview = null;
    this.size = { width: 0, height: 0 };
    this.setStatus({ text: msg('common.loading'), error: false });
    this.hooks.changed();
    const item = host.item as ItemJson;
    const client = host.client;
    const fetchFull = (): Promise<Blob> | null => {
      if (host.blob) return Promise.resolve(host.blob);
      if (host.src) return fetchBlob(host.src, abort.signal);
      if (item && client) return client.fetchItemBlob(item, 'stream', abort.signal);
      if (item?.stream) return fetchBlob(item.stream, abort.signal);
      return null;
    };
    const thumbUrl = host.thumbnail ?? (item && !client ? item.thumbnail : null);
    const fetchThumb = (): Promise<Blob> | null => {
      if (item && client && !host.thumbnail) return client.fetchItemBlob(item, 'thumbnail', abort.signal);
      return thumbUrl ? fetchBlob(thumbUrl, abort.signal) : null;
    };
    try {
      const full = fetchFull();
      if (!full) throw new ItemLoadError('no-source', msg('itemViewer.noSource'));
      const thumb = item?.metadata?.system?.mimetype?.startsWith('video/') ? null : fetchThumb();
      // Thumbnail first: shown at the full image's size (from item metadata) until the full image lands.
      if (thumb)
        void thumb
          .then((b) => createImageBitmap(b))
          .then((bitmap) => {
            if (token !== this.loadToken || this.image) return bitmap.close();
            const w = item?.metadata?.system?.width ?? bitmap.width;
            const h = item?.metadata?.system?.height ?? bitmap.height;
            this.preview = { bitmap, scale: w / bitmap.width };
            if (!this.size.width) {
              this.size = { width: w, height: h };
              this.hooks.sized();
            }
            this.hooks.changed();
          })
          .catch(() => {});
      const blob = await full;
      if (token !== this.loadToken) return;
      const mime = blob.type || item?.metadata?.system?.mimetype || '';
      if (isVideoType(mime)) {
        // a detached viewer holds no decoder: it opens the video once it is back in the page
        if (!host.isConnected) {
          this.reloadOnConnect = true;
          return;
        }
        await this.loadVideo(blob, token);
      } else {
        const img = await decodeImage(blob);
        if (token !== this.loadToken) return img.close();
        this.image = img;
        this.imageBlob = blob;
        this.dropPreview();
        this.size = { width: img.width, height: img.height };
        this.setStatus(null);
        this.hooks.sized();
        this.hooks.changed();
        this.video.loadEnded();
        host.dispatchEvent(
          new DlItemLoadEvent({ kind: 'image', width: img.width, height: img.height, item: host.item ?? undefined }),
        );
      }
    } catch (e) {
      if (token !== this.loadToken || (e as Error).name === 'AbortError') return;
      const err = e instanceof ItemLoadError ? e : new ItemLoadError('network', (e as Error).message);
      this.setStatus({ text: err.message, error: true });
      this.video.loadEnded();
      host.dispatchEvent(
        new DlItemErrorEvent({ code: err.code, message: err.message, status: err.status, url: err.url }),
      );
    }
  }

  private dropPreview(): void {
    this.preview?.bitmap.close();
    this.preview = null;
  }

  private async loadVideo(blob: Blob, token: number): Promise<void> {
    const host = this.host;
    this.openingToken = token;
    let src: VideoFrameSource;
    try {
      src = await this.video.open(blob, {
        fps: itemFps(host.item),
        frameCount: itemFrameCount(host.item),
        fallbackFps: host.fps,
        decoder: host.videoDecoder,
      });
    } finally {
      if (this.openingToken === token) this.openingToken = 0;
    }
    if (token !== this.loadToken) return src.close();
    this.video.source = src;
    this.size = { width: src.width, height: src.height };
    this.setStatus(null);
    this.hooks.sized();
    this.video.frameShown(false);
    host.dispatchEvent(
      new DlItemLoadEvent({
        kind: 'video',
        width: src.width,
        height: src.height,
        fps: src.fps,
        frameCount: src.frameCount,
        decoder: src.kind,
        item: host.item ?? undefined,
      }),
    );
    // A seek asked while the video opened is made now (after dl-item-load: listeners see frame 0
    // first, then the frame change).
    this.video.loadEnded();
  }

  /**
   * Draws the content for view `v` into `ctx`, which has the view transform (`s` = its scale in
   * device px) over a `width` × `height` CSS px viewport.
   */
  draw(ctx: CanvasRenderingContext2D, v: DlView, s: number, width: number, height: number): void {
    if (this.video.source) {
      this.video.source.draw(ctx, this.size.width, this.size.height);
    } else if (this.image) {
      drawDecodedImage(ctx, this.image, v, s, width, height);
    } else if (this.preview) {
      ctx.drawImage(
        this.preview.bitmap,
        0,
        0,
        this.preview.bitmap.width * this.preview.scale,
        this.preview.bitmap.height * this.preview.scale,
      );
    }
  }
}
