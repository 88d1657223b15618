import { DlEvent } from '../events.js';
import type { DlView } from '../internal/view.js';

/** `detail` of `dl-item-load`. */
export interface ItemLoadDetail {
  /** `image` or `video`. */
  readonly kind: 'image' | 'video';
  /** Full-resolution size, px. */
  readonly width: number;
  readonly height: number;
  /** Video only: frames per second used for frame numbers, and the frame count. */
  readonly fps?: number;
  readonly frameCount?: number;
  /** Video only: `webcodecs` (mediabunny + VideoDecoder) or `media-element` (the `<video>` fallback). */
  readonly decoder?: 'webcodecs' | 'media-element';
  /** The item JSON when the viewer was given one. */
  readonly item?: unknown;
}

/** Why loading failed. */
export type ItemErrorCode = 'not-found' | 'http' | 'network' | 'unsupported-type' | 'decode' | 'no-source';

/** `detail` of `dl-item-error`. */
export interface ItemErrorDetail {
  readonly code: ItemErrorCode;
  /** A sentence a user can read, e.g. "Unsupported file type: application/pdf". */
  readonly message: string;
  /** HTTP status when the server answered. */
  readonly status?: number;
  /** The URL that failed, if any. */
  readonly url?: string;
}

/** Fired when the full-resolution image or the video metadata has loaded. */
export class DlItemLoadEvent extends DlEvent<ItemLoadDetail> {
  static readonly type = 'dl-item-load';
  constructor(detail: ItemLoadDetail) {
    super(DlItemLoadEvent.type, detail);
  }
}

/** Fired when the item cannot be shown (404, unsupported type, undecodable bytes...). */
export class DlItemErrorEvent extends DlEvent<ItemErrorDetail> {
  static readonly type = 'dl-item-error';
  constructor(detail: ItemErrorDetail) {
    super(DlItemErrorEvent.type, detail);
  }
}

/** `detail` of `dl-view-change`. */
export interface ViewChangeDetail {
  readonly view: DlView;
}

/** Fired when the user zooms or pans (never when a host sets `view`). */
export class DlViewChangeEvent extends DlEvent<ViewChangeDetail> {
  static readonly type = 'dl-view-change';
  constructor(detail: ViewChangeDetail) {
    super(DlViewChangeEvent.type, detail);
  }
}

/** `detail` of `dl-frame-change`. */
export interface FrameChangeDetail {
  readonly frame: number;
  readonly time: number;
}

/** Fired when the shown video frame changes by playback or user seeking (not by setting `currentFrame`). */
export class DlFrameChangeEvent extends DlEvent<FrameChangeDetail> {
  static readonly type = 'dl-frame-change';
  constructor(detail: FrameChangeDetail) {
    super(DlFrameChangeEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dl-item-load': DlItemLoadEvent;
    'dl-item-error': DlItemErrorEvent;
    'dl-view-change': DlViewChangeEvent;
    'dl-frame-change': DlFrameChangeEvent;
  }
}
