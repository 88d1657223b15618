// "Track forward N frames" for the selected box track: the next frames are decoded once on the
// viewer's second decoder (`videoFrames`), each sent once to the assist worker as a gray image, and
// the tracking kernel (Median Flow, src/geometry/kernels/track-box.ts) runs there. The boxes come
// back as frames that are not key frames (`fixed: false`, `Annotation.setTrackedFrames`): the user
// steps through and corrects any of them, which makes it a key frame. One undo step; Esc cancels
// (nothing is written then); progress counts frames decoded, then frames tracked. The playhead follows
// the tracker and rests on the last frame tracked (after a cancel: where it had reached). When a run ends its
// result (frames written and where, where the object was lost, cancelled, failed) stays on the bar
// until closed (Close, Esc), the next edit or the next run: the announcement alone is not seen.
import { registeredAssist } from '../../../geometry/assist/assist-registry.js';
import { type AssistBackend, isAbortError } from '../../../geometry/assist/assist-types.js';
import type { DlItemViewer } from '../../item-viewer/item-viewer.js';
import { msg } from '../../strings.js';
import type { LayerStore } from '../model/layer-store.js';
import { isTrack, type VideoContext, withTrackedFrames } from '../model/video-edit.js';

/** How many frames "track forward" follows by default. */
export const TRACK_FRAMES = 30;

/** Progress of a tracking run: `phase` decode (frames sent to the worker), then track. */
export interface TrackingStatus {
  phase: 'decode' | 'track';
  done: number;
  total: number;
}

/**
 * How the last run ended, shown on the tracking bar until closed: `done` (every frame asked for was
 * tracked), `lost` (the tracker lost the object on frame `lostAt`; the frames before it are written),
 * `cancelled` (Esc or Cancel; nothing written) or `failed` (`message`; nothing written). `count`
 * frames were written, `from`..`to` (absent when none).
 */
export interface TrackingResult {
  kind: 'done' | 'lost' | 'cancelled' | 'failed';
  count: number;
  from?: number;
  to?: number;
  lostAt?: number;
  message?: string;
}

/** What the tracker needs from the layer. */
export interface TrackForwardHost {
  readonly store: LayerStore;
  readonly readonly: boolean;
  viewer(): DlItemViewer | null;
  video(): VideoContext | null;
  announce(text: string): void;
  /** The status changed (re-render the progress bar). */
  changed(): void;
  /** How many frames a run follows when not told (the layer's `trackFrames`). */
  trackFrames?(): number;
  /** Shows frame `frame` (seeks the viewer): the playhead follows the tracker. */
  showFrame?(frame: number): void;
}

/** Frame keys unique across runs and layers (the worker holds images by key). */
let runs = 0;

/** One layer's tracker: at most one run at a time. */
export class TrackForward {
  /** The backend (tests may set one; default: the page's registered assist backend). */
  backendOverride: AssistBackend | null = null;
  /** The running run's progress, or null when idle. */
  status: TrackingStatus | null = null;
  /** How the last run ended, until {@link dismiss}, the next edit or the next run; null: nothing to show. */
  result: TrackingResult | null = null;
  private abort: AbortController | null = null;

  constructor(private readonly host: TrackForwardHost) {
    // The next edit (or undo, redo) makes the result old news; the host's own updates do not.
    host.store.subscribe((_c, cause) => {
      if (cause !== 'reset' && cause !== 'sync') this.dismiss();
    });
  }

  /** Closes the last run's result; false when none is shown. */
  dismiss(): boolean {
    if (!this.result) return false;
    this.result = null;
    this.host.changed();
    return true;
  }

  /** True while a run is in progress. */
  get running(): boolean {
    return this.abort !== null;
  }

  /**
   * Cancels the running run; false when none runs. Nothing is written (the tracker answers for the
   * whole run at once, and one run is one undo step or none); the playhead stays on the frame the
   * tracker had reached, so the user sees how far it got.
   */
  cancel(): boolean {
    if (!this.abort) return false;
    this.abort.abort();
    return true;
  }

  /**
   * Tracks the one selected box track from the shown frame through the next `count` frames (default
   * the host's `trackFrames`, else {@link TRACK_FRAMES}; to the
   * clip's end at most). Resolves with the number of frames written (key frames on the way are kept,
   * not counted; 0 when cancelled or refused, the reason announced and shown on the bar).
   */
  async run(count?: number): Promise<number> {
    const host = this.host;
    count = Math.max(1, Math.round(count ?? host.trackFrames?.() ?? TRACK_FRAMES));
    const store = host.store;
    const viewer = host.viewer();
    const video = host.video();
    const frame = store.shapes.frame;
    const keys = [...store.selection];
    const key = keys[0];
    const a = key === undefined ? undefined : store.annotations.get(key);
    const shown = key === undefined ? undefined : store.shapes.get(key);
    if (this.running || host.readonly || !viewer || !video || frame === null) return 0;
    if (keys.length !== 1 || !a || !isTrack(a) || a.type !== 'box' || !shown?.box) {
      host.announce(msg('annotationLayer.trackNeedsBox'));
      return 0;
    }
    const backend = this.backendOverride ?? registeredAssist();
    if (!backend) {
      host.announce(msg('annotationLayer.trackFailed', { message: 'no assist backend (import dl-kit on the page)' }));
      return 0;
    }
    const n = Math.min(count, video.frameCount - 1 - frame);
    if (n < 1) return 0;
    const box = { left: shown.box.left, top: shown.box.top, right: shown.box.right, bottom: shown.box.bottom };
    const abort = new AbortController();
    this.abort = abort;
    const signal = abort.signal;
    const run = ++runs;
    const frameKeys: string[] = [];
    this.result = null;
    this.report({ phase: 'decode', done: 0, total: n + 1 });
    try {
      for await (const { frame: f, image } of viewer.videoFrames(frame, n + 1, { signal })) {
        const k = `dlkit-track-${run}-${f}`;
        frameKeys.push(k);
        try {
          await backend.setImage(k, image, { format: 'gray', signal });
        } finally {
          image.close(); // a no-op once transferred to the worker; frees it when it was not
        }
        this.report({ phase: 'decode', done: frameKeys.length, total: n + 1 });
      }
      signal.throwIfAborted();
      const boxes = await backend.trackBox(
        frameKeys,
        { box },
        {
          signal,
          lane: null,
          onProgress: (p) => {
            // Only while this run is the one running: a backend's report may come after its answer
            // (a worker's comes through a port of its own); it put the progress bar back over the
            // result, for good, and sought the playhead back off the last frame tracked.
            if (p.done === undefined || this.abort !== abort) return;
            this.report({ phase: 'track', done: p.done, total: p.total ?? n });
            // The playhead follows the tracker: the frame it has reached (frames after the start).
            if (!signal.aborted) this.follow(frame + Math.min(p.done, n));
          },
        },
      );
      signal.throwIfAborted();
      const cur = store.annotations.get(key!);
      if (!cur) return 0;
      const lost = boxes.find((b) => b.frame > 0 && !b.ok);
      const tracked = boxes
        .filter((b) => b.frame > 0 && b.ok)
        .map((b) => ({
          frame: frame + b.frame,
          coordinates: [
            { x: b.left, y: b.top, z: 0 },
            { x: b.right, y: b.bottom, z: 0 },
          ],
        }));
      // Key frames on the way stay as they are (the user's): what was written is the rest.
      const keys = new Set(
        ((cur.metadata?.system?.['snapshots_'] as Array<{ frame?: unknown; fixed?: unknown }> | undefined) ?? [])
          .filter((x) => x.fixed === true)
          .map((x) => x.frame),
      );
      const written = tracked.filter((t) => !keys.has(t.frame));
      if (written.length) store.annotations.edit([{ key: key!, after: withTrackedFrames(cur, written, video) }]);
      const span = written.length ? { from: written[0]!.frame, to: written[written.length - 1]!.frame } : {};
      // The playhead rests on the last frame tracked (key frames on the way count), else the start.
      this.follow(tracked.length ? tracked[tracked.length - 1]!.frame : frame);
      this.result = lost
        ? { kind: 'lost', count: written.length, lostAt: frame + lost.frame, ...span }
        : { kind: 'done', count: written.length, ...span };
      host.announce(resultText(this.result));
      return written.length;
    } catch (e) {
      this.result =
        signal.aborted || isAbortError(e)
          ? { kind: 'cancelled', count: 0 }
          : { kind: 'failed', count: 0, message: (e as Error).message };
      host.announce(resultText(this.result));
      return 0;
    } finally {
      for (const k of frameKeys) void backend.dropImage(k).catch(() => {});
      this.abort = null;
      this.report(null);
    }
  }

  /** Shows `f` unless it is the frame shown already (one seek per frame reached). */
  private follow(f: number): void {
    if (this.host.store.shapes.frame === f) return;
    this.host.showFrame?.(f);
  }

  private report(s: TrackingStatus | null): void {
    this.status = s;
    this.host.changed();
  }
}

/** The result line of a finished run, in the layer's strings (`annotationLayer.tracked*`, `trackLost`, ...). */
export function resultText(r: TrackingResult): string {
  switch (r.kind) {
    case 'done':
      return r.count
        ? msg('annotationLayer.trackedRange', { count: r.count, from: r.from ?? '', to: r.to ?? '' })
        : msg('annotationLayer.tracked', { count: 0 });
    case 'lost':
      return r.count
        ? msg('annotationLayer.trackLost', {
            frame: r.lostAt ?? '',
            count: r.count,
            from: r.from ?? '',
            to: r.to ?? '',
          })
        : msg('annotationLayer.trackLostAtOnce', { frame: r.lostAt ?? '' });
    case 'cancelled':
      return msg('annotationLayer.trackCancelled');
    case 'failed':
      return msg('annotationLayer.trackFailed', { message: r.message ?? '' });
  }
}
