// A video item behind the viewer: what every frame source offers, how the item's metadata gives
// fps and frame count (spec §2.2, §7.1), and which decoder to use.
//
// Decoding: WebCodecs through mediabunny (webcodecs-source.ts) where the browser has VideoDecoder
// and decodes the codec; otherwise an off-DOM <video> with requestVideoFrameCallback
// (media-element-source.ts). mediabunny was chosen over mp4box.js because it demuxes both MP4/MOV
// and WebM/Matroska (H.264 and VP9 are what the system Chromium plays), is written in TypeScript
// with types and tree-shaking, hands decoded frames back in presentation order with B-frame
// reordering and key-frame seeking done, and runs in Node for the server's probe (server/media/)
// with the same code. mp4box.js reads MP4 only, so WebM would need a second demuxer. mediabunny is
// imported on first use (`import('mediabunny')`), so a page without video never loads it.
import { roundHalfEven } from '../../entities/rounding.js';
import { MediaElementSource } from './media-element-source.js';
import { WebCodecsSource } from './webcodecs-source.js';

/** Which decoder `<dl-item-viewer>` uses for video. */
export type VideoDecoderChoice = 'auto' | 'webcodecs' | 'media-element';

/** Playback counters since the last `play()`. */
export interface PlaybackStats {
  /** Frames shown by playback. */
  presented: number;
  /** Frames whose time passed without being shown (decoding fell behind). */
  dropped: number;
}

/** A decoded video as the viewer uses it: frame numbers in, pictures out. */
export interface VideoFrameSource {
  /** `webcodecs` (mediabunny + VideoDecoder) or `media-element` (`<video>` fallback). */
  readonly kind: 'webcodecs' | 'media-element';
  /** Frames per second used for frame numbers (`frame = roundHalfEven(time * fps)`). */
  readonly fps: number;
  readonly frameCount: number;
  /** Display size, px. */
  readonly width: number;
  readonly height: number;
  /** The frame shown. */
  readonly frame: number;
  readonly playing: boolean;
  readonly playbackStats: PlaybackStats;
  /**
   * Shows frame `f` (clamped to the video); resolves true once it can be drawn, false when a later
   * seek or playback superseded it first.
   */
  seek(f: number): Promise<boolean>;
  /** Plays at the native rate from the shown frame; frames are reported through `onFrame`. */
  play(): Promise<void>;
  pause(): void;
  /** Draws the shown frame into `ctx` at image size `width` × `height` (the caller sets the view transform). */
  draw(ctx: CanvasRenderingContext2D, width: number, height: number): void;
  /**
   * Decodes frames `from` .. `from + count - 1` on a decoder of their own (for a tracker; playback
   * is not disturbed). Absent on the `<video>` fallback. The caller closes each VideoFrame (or
   * transfers it to a worker).
   */
  frames?(from: number, count: number, signal?: AbortSignal): AsyncGenerator<DecodedVideoFrame, void, unknown>;
  /** Frees decoders and frames. */
  close(): void;
}

/** One frame from {@link VideoFrameSource.frames}. */
export interface DecodedVideoFrame {
  frame: number;
  image: VideoFrame;
}

/** Options of {@link openVideoSource}. */
export interface VideoSourceOptions {
  /** fps from the item; when absent the file's own rate is used, then `fallbackFps`. */
  fps?: number;
  /** Frame count from the item; when absent it comes from the file's duration. */
  frameCount?: number;
  /** fps when neither the item nor the file gives one. */
  fallbackFps: number;
  /** @default 'auto' */
  decoder?: VideoDecoderChoice;
  /** Called with every frame playback presents (`byPlayback` true) and when playback stops. */
  onFrame: (frame: number, byPlayback: boolean) => void;
  /** Memory for decoded frames around the shown one, bytes. @default 192 MiB */
  cacheBytes?: number;
  /** Called when the shown frame can be drawn better (its bitmap arrived): the viewer draws again. */
  onRedraw?: () => void;
}

/**
 * Opens `blob` with WebCodecs when the browser can (`decoder: 'auto'` or `'webcodecs'`), else with
 * a `<video>` element. `auto` falls back to the element on any WebCodecs failure (no VideoDecoder,
 * a codec or container it cannot read); `webcodecs` rethrows it.
 */
export async function openVideoSource(blob: Blob, options: VideoSourceOptions): Promise<VideoFrameSource> {
  const choice = options.decoder ?? 'auto';
  if (choice !== 'media-element' && typeof (globalThis as { VideoDecoder?: unknown }).VideoDecoder === 'function') {
    try {
      return await WebCodecsSource.open(blob, options);
    } catch (e) {
      if (choice === 'webcodecs') throw e;
    }
  } else if (choice === 'webcodecs') throw new Error('WebCodecs (VideoDecoder) is not available in this browser');
  return MediaElementSource.open(blob, options);
}

type Metadata = { fps?: unknown; system?: Record<string, unknown> };

function metadataOf(item: unknown): Metadata | undefined {
  const m = (item as { metadata?: unknown } | null)?.metadata;
  return m && typeof m === 'object' ? (m as Metadata) : undefined;
}

const positive = (v: unknown): number | undefined =>
  typeof v === 'number' && v > 0 && Number.isFinite(v) ? v : undefined;

/** fps of a video item: top-level `metadata.fps` first (as the SDK reads it), then `metadata.system.fps`. */
export function itemFps(item: unknown): number | undefined {
  const m = metadataOf(item);
  return positive(m?.fps) ?? positive(m?.system?.['fps']);
}

/**
 * Frame count of a video item from its metadata: `metadata.system.nb_frames`, else the probe's
 * `ffmpeg.nb_read_frames` (a string on the platform), else `roundHalfEven(duration * fps)`.
 */
export function itemFrameCount(item: unknown): number | undefined {
  const sys = metadataOf(item)?.system;
  if (!sys) return undefined;
  const n = positive(sys['nb_frames']);
  if (n) return Math.round(n);
  const ff = sys['ffmpeg'] as { nb_read_frames?: unknown } | undefined;
  const read = positive(Number(ff?.nb_read_frames));
  if (read) return Math.round(read);
  const duration = positive(sys['duration']);
  const fps = itemFps(item);
  return duration && fps ? Math.max(1, roundHalfEven(duration * fps)) : undefined;
}
