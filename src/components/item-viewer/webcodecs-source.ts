// Video frames decoded with WebCodecs: mediabunny demuxes (MP4/MOV, WebM/Matroska), one warm
// VideoDecoder decodes (frame-decoder.ts); this file turns that into frame-accurate seeking,
// stepping and playback.
//
// The decoder is asked for the shown frame and a window ahead of it: a seek feeds it from the key
// frame before the frame (leaving out the frames nothing refers to) and asks for its window only
// once its frame is shown and no other seek followed for a moment (a scrub's seeks each get a
// decoder with nothing else to do), a step forward finds the next frame decoded already, playback
// keeps twice the window decoding ahead of its clock and skips frames that are late rather than
// waiting for them. Decoded frames go to a bounded cache around
// the shown frame (frames it drops are closed); a step back into it is free, further back starts
// a run a little before the wanted frame so the next steps back are cached too.
//
// Each decoded frame is also converted, in a worker, to a bitmap of the size it is shown at
// (frame-converter.ts): drawing a YUV VideoFrame converts and scales it on the main thread, which
// costs tens of ms per 1080p frame without a GPU; drawing the bitmap is a copy. A frame counts as
// ready (seeks resolve, playback presents it) once its bitmap is there.
//
// The cache keeps bitmaps, not VideoFrames: a frame's VideoFrame is closed once its bitmap is made
// (the shown frame's is kept, for a zoom that needs a larger bitmap), and a decoded frame nothing
// will convert soon (a jump's frames on the way from its key frame) is closed at once. Chromium's
// software decoder slows down when the page holds more than ~16-30 of its frames (a bare decoder
// holding its last 30 outputs seeks p95 ~160-290 ms against ~50-65 ms holding none: the video
// bench's probe target); the cache used to hold ~60. A frame whose bitmap is smaller than a zoom
// now needs and whose VideoFrame is gone is decoded again (its bitmap is drawn meanwhile); once a
// zoom in settles, the frames around the shown one are remade at the new size in the background and
// too-small bitmaps farther away are dropped, so steps and playback show sharp frames at once.
// During playback no remake waits for the pause: a too-small bitmap whose VideoFrame is gone does
// not count as usable, so playback's decode-ahead decodes the frames ahead again (from their key
// frame) and converts them at the new size as they come out (a 4x zoom mid-playback: the frame
// shown at the zoom soft, the next ones sharp, none dropped: item-viewer-video-held-frames.test.ts).
//
// Rotation metadata (phone MP4s): the decoder outputs frames as stored; `width` × `height` are the
// display size (turned, as mediabunny and the `<video>` element report it), and every way a frame
// leaves this file (bitmap, direct draw, `frames()` for a tracker) is turned to match.
import type { Input, InputVideoTrack, VideoSampleSink } from 'mediabunny';
import { roundHalfEven } from '../../entities/rounding.js';
import { FrameCache, type Closable } from './frame-cache.js';
import { FrameConverter } from './frame-converter.js';
import { FrameDecoder } from './frame-decoder.js';
import { drawRotated, type FrameRotation, frameRotation } from './frame-rotation.js';
import type { DecodedVideoFrame, PlaybackStats, VideoFrameSource, VideoSourceOptions } from './video-source.js';

/**
 * A decoded frame: its VideoFrame until the worker made its bitmap at the shown size, then the
 * bitmap alone (see the file comment).
 */
class DecodedFrame implements Closable {
  bitmap: ImageBitmap | null = null;
  /** The worker could not convert it: draw the VideoFrame (kept). */
  failed = false;
  closed = false;

  constructor(public image: VideoFrame | null) {}

  /** Closes the VideoFrame (the bitmap stays). */
  release(): void {
    this.image?.close();
    this.image = null;
  }

  close(): void {
    this.closed = true;
    this.release();
    this.bitmap?.close();
    this.bitmap = null;
  }
}

interface Waiter {
  frame: number;
  resolve: () => void;
}

/** A seek at most this many frames back counts as stepping back (its run starts `behind` earlier). */
const STEP_BACK_LIMIT = 4;

/**
 * After a seek's frame is shown, the window after it (for steps and playback) is decoded once no
 * other seek came for this long: a seek's decoder flush ends its run, so the window decodes again
 * from the key frame, as much work as the seek; while a user scrubs (a seek every few tens of ms)
 * that work would only be thrown away by the next seek, and hold a core it needs meanwhile.
 */
const WINDOW_DELAY_MS = 120;

/**
 * Frames before a jump's frame whose VideoFrames are kept (to be converted for steps back once it is
 * shown); the others a jump decodes on the way are closed as they come (see the file comment).
 */
const JUMP_KEEP_BEFORE = 2;

/**
 * Frames before a jump's frame that its window (asked once the frame is shown) decodes and keeps,
 * the frames nothing refers to among them (the jump left those out): steps back right after a jump
 * find them in the cache. A step back to a frame not decoded costs a run from the key frame before
 * `behind` frames earlier, up to two key frames back.
 */
const WINDOW_KEEP_BEFORE = 4;

/**
 * Frames after frame 0 that opening decodes (see {@link WebCodecsSource.warmAfterOpen}), as frame
 * 0's window, while frame 0 converts.
 */
const OPEN_WARM = 5;

/** Frames decoded on the way to a later frame rather than restarting at its key frame. */
const SEQUENTIAL_LIMIT_SECONDS = 1.5;

/** What {@link WebCodecsSource} needs of the opened file. */
interface Demuxed {
  input: { dispose(): void };
  /** Samples for {@link WebCodecsSource.frames} (a decoder of their own). */
  samples: VideoSampleSink;
  /** Packets and decoder config for the viewer's decoder. */
  packets: import('mediabunny').EncodedPacketSink;
  config: VideoDecoderConfig;
  /** Clockwise turn of the stored frames for display. */
  rotation: FrameRotation;
}

/** A video decoded with WebCodecs (see the file comment). Open with {@link WebCodecsSource.open}. */
export class WebCodecsSource implements VideoFrameSource {
  readonly kind = 'webcodecs';
  frame = 0;
  playing = false;
  playbackStats: PlaybackStats = { presented: 0, dropped: 0 };

  private readonly cache: FrameCache<DecodedFrame>;
  private readonly converter: FrameConverter;
  /** Frames being converted now (at most one per converter lane). */
  private readonly converting = new Set<DecodedFrame>();
  /** Device-pixel size frames are converted to: what the last draw needed (at most the video's size). */
  private bitmapSize: { width: number; height: number };
  /** Asks the viewer to draw again (a bitmap arrived). */
  private readonly onRedraw: () => void;
  private readonly decoder: FrameDecoder;
  private waiters: Waiter[] = [];
  /** The frame the latest seek asked for (older seeks resolve false). */
  private target = 0;
  /** The latest seek is a step (at most STEP_BACK_LIMIT frames from the shown one), not a jump. */
  private stepping = false;
  /**
   * A frame was shown. The first seek (frame 0 when the video opens) counts as a jump, not a step:
   * its window waits like a seek's, so a seek right after opening finds the decoder and the
   * workers free rather than busy with the frames after 0.
   */
  private shown = false;
  private closed = false;
  /** In {@link open}, until frame 0 is shown: its window starts no lanes (see warmLanes). */
  private opening = true;
  /** The decoder's warm-up after frame 0 was started ({@link warmAfterOpen}). */
  private warmed = false;
  private raf = 0;
  /** Timer that asks for the window after a seek's frame ({@link WINDOW_DELAY_MS}); 0 when none. */
  private windowTimer = 0;
  /**
   * The latest seek is a jump whose window is not asked for yet: from the jump's start (not only
   * once its frame is shown and the timer set) until the timer fires, only its frame converts. Its
   * neighbours' conversions would otherwise start the moment its bitmap came, beside the draw and
   * the next seek of a scrub.
   */
  private windowPending = false;
  /** Timer that decodes the shown frame again for a grown view ({@link scheduleRedecode}); 0 when none. */
  private redecodeTimer = 0;
  private redecodeSize: { width: number; height: number } | null = null;
  /**
   * A redecode was wanted while playing or while a seek's frame or window was on its way: no timer
   * waits meanwhile; {@link quiet} schedules it once playback stops or the seek settles.
   */
  private redecodeDeferred = false;
  /** The bitmap size the frames around the shown one were last remade at ({@link refreshAround}). */
  private refreshedSize: { width: number; height: number } | null = null;
  private clock = { t0: 0, frame: 0 };
  private readonly ahead: number;
  private readonly behind: number;
  /** Memory for the cached bitmaps, bytes (its capacity follows the bitmap size). */
  private readonly cacheBytes: number;

  private readonly input: { dispose(): void };
  private readonly sink: VideoSampleSink;
  /** Clockwise turn of the decoded (stored) frames for display. */
  readonly rotation: FrameRotation;

  private constructor(
    demuxed: Demuxed,
    private readonly firstTimestamp: number,
    readonly fps: number,
    readonly frameCount: number,
    readonly width: number,
    readonly height: number,
    private readonly onFrame: (frame: number, byPlayback: boolean) => void,
    cacheBytes: number,
    onRedraw: (() => void) | undefined,
    converter: FrameConverter,
  ) {
    this.converter = converter;
    this.onRedraw = onRedraw ?? (() => undefined);
    const w0 = Math.min(width, 1280);
    this.bitmapSize = { width: w0, height: Math.max(1, Math.round((height * w0) / width)) };
    this.ahead = Math.max(8, Math.round(fps / 2));
    this.behind = this.ahead;
    this.cacheBytes = cacheBytes;
    this.cache = new FrameCache(this.capacityFor(this.bitmapSize));
    this.input = demuxed.input;
    this.sink = demuxed.samples;
    this.rotation = demuxed.rotation;
    this.decoder = new FrameDecoder(
      demuxed.packets,
      demuxed.config,
      (t) => this.frameOf(t),
      (f) => this.timeOf(f),
      (f, image) => this.decoded(f, image),
      () => this.settle(true),
      Math.max(this.ahead, Math.round(fps * SEQUENTIAL_LIMIT_SECONDS)),
      () => this.settle(),
    );
  }

  /**
   * Demuxes `blob`, checks the browser decodes its video track, and decodes frame 0. Throws when
   * the container or codec is not supported (the viewer then falls back to `<video>`).
   */
  static async open(blob: Blob, options: VideoSourceOptions): Promise<WebCodecsSource> {
    // The first conversion worker starts before mediabunny loads and the file is demuxed (~150 ms
    // and more here), so its start overlaps them rather than coming after frame 0 is decoded. Most
    // of frame 0's first conversion (~150-250 ms here) is not the worker's start, though: a worker
    // warmed up with a blank frame meanwhile did not shorten it. Closed below when the video does
    // not open; the source closes it after.
    const converter = new FrameConverter();
    converter.start();
    let input: Input | null = null;
    let source: WebCodecsSource | null = null;
    try {
      const mb = await import('mediabunny');
      input = new mb.Input({ source: new mb.BlobSource(blob), formats: [mb.MP4, mb.QTFF, mb.WEBM, mb.MATROSKA] });
      const track: InputVideoTrack | null = await input.getPrimaryVideoTrack();
      if (!track) throw new Error('the file has no video track');
      if (!(await track.canDecode()))
        throw new Error(`this browser cannot decode ${(await track.getCodec()) ?? 'this codec'}`);
      const t0 = await track.getFirstTimestamp();
      const fps =
        options.fps ??
        (await track
          .computeFrameRateMetrics()
          .then((m) => m.bestGuessFrameRate)
          .catch(() => 0)) ??
        0;
      const rate = fps > 0 ? fps : options.fallbackFps;
      const duration = await track.computeDuration();
      const frameCount = options.frameCount ?? Math.max(1, roundHalfEven((duration - t0) * rate));
      const config = await track.getDecoderConfig();
      if (!config) throw new Error('the video track has no decoder configuration');
      const demuxed: Demuxed = {
        input,
        samples: new mb.VideoSampleSink(track),
        packets: new mb.EncodedPacketSink(track),
        config,
        rotation: frameRotation(await track.getRotation()),
      };
      source = new WebCodecsSource(
        demuxed,
        t0,
        rate,
        frameCount,
        await track.getDisplayWidth(),
        await track.getDisplayHeight(),
        options.onFrame,
        options.cacheBytes ?? 192 * 1024 * 1024,
        options.onRedraw,
        converter,
      );
      if (!(await source.seek(0)) || !source.cache.get(0)) throw new Error('the first frame could not be decoded');
      source.opening = false;
      return source;
    } catch (e) {
      // The source closes its decoder, converter and input; before it exists, they close here.
      if (source) source.close();
      else {
        converter.close();
        input?.dispose();
      }
      throw e;
    }
  }

  /** Presentation time the frame-`f` sample covers, seconds (the middle of its slot). */
  private timeOf(f: number): number {
    return this.firstTimestamp + (f + 0.5) / this.fps;
  }

  /** Frame number of a sample: `roundHalfEven((timestamp - first) * fps)`, as the SDK converts times. */
  private frameOf(timestamp: number): number {
    return roundHalfEven((timestamp - this.firstTimestamp) * this.fps);
  }

  private clamp(f: number): number {
    return Math.min(this.frameCount - 1, Math.max(0, Math.round(f)));
  }

  // ---- decoding --------------------------------------------------------------------------------

  /**
   * Cache entries for the memory given: bitmaps of `size` (RGBA), with room for the playback window
   * (2 × ahead) at least.
   */
  private capacityFor(size: { width: number; height: number }): number {
    const bytes = Math.max(1, size.width * size.height * 4);
    return Math.max(this.ahead * 2 + 2, Math.min(240, Math.floor(this.cacheBytes / bytes)));
  }

  /** A frame came out of the decoder: cache it if it will be converted soon, else close it. */
  private decoded(f: number, image: VideoFrame): void {
    if (this.closed || f < 0 || f >= this.frameCount) {
      image.close();
      return;
    }
    const e = this.cache.get(f);
    if (e) {
      // Decoded again because its bitmap is too small for a zoom: convert this one.
      if (!e.image && !e.failed && !this.fresh(e) && this.keeps(f)) e.image = image;
      else image.close();
    } else if (this.keeps(f)) this.cache.set(f, new DecodedFrame(image));
    else image.close();
    if (this.opening && f === 0 && !this.warmed) this.warmAfterOpen();
    this.cache.trim(this.centre(), this.frame);
    this.convertNext();
    this.settle();
  }

  /**
   * Whether a decoded frame `f` is kept (to be converted): the frames from a little before the shown
   * or sought one on, as far as the decoder goes (it goes a few frames past a window to let the
   * window's last frames out; a frame it output and that was closed would cost a new run from its
   * key frame). Not kept: a jump's frames on the way from its key frame (the decoder slows down while
   * the page holds many of its frames), frames playback has passed, frames far ahead (an abandoned
   * run's). Without workers every frame is kept (drawn from its VideoFrame).
   */
  private keeps(f: number): boolean {
    if (!this.converter.available) return true;
    const c = this.centre();
    const from = this.playing
      ? c
      : c - (this.stepping ? this.behind : this.windowPending ? JUMP_KEEP_BEFORE : WINDOW_KEEP_BEFORE);
    return f >= from && f <= c + this.ahead * 3;
  }

  /**
   * Frame 0 is out (opening): once its flush is done, the same decoder decodes frames 0 ..
   * OPEN_WARM again in a run flushed at its end, while frame 0 converts (the conversion worker
   * starts then, ~150-250 ms here). Frames 1 .. OPEN_WARM stay in the cache for frame 0's window,
   * which then decodes nothing more. Why: a decoder's first runs are slow (its frame memory is new:
   * a seek right after opening took 150-200 ms, later ones 50-80), and frame 0's window used to
   * start a run from the key frame about when the first seek came, which then reset the decoder (a
   * reset decoder sets itself up anew). Now the first seek finds a decoder that has run and is idle.
   */
  private warmAfterOpen(): void {
    this.warmed = true;
    void this.decoder.settled().then(() => {
      if (!this.closed && !this.playing && this.target === 0 && this.frame === 0) this.ensure(0, OPEN_WARM, 0, true);
    });
  }

  /** The entry has a bitmap of (at least) the current size. */
  private fresh(e: DecodedFrame): boolean {
    return !!e.bitmap && e.bitmap.width >= this.bitmapSize.width - 1;
  }

  /**
   * Frame `f` can be drawn at the current size without decoding it again: a bitmap of that size, or
   * its VideoFrame to convert (or draw).
   */
  private usable(f: number): boolean {
    const e = this.cache.get(f);
    return !!e && (!!e.image || e.failed || this.fresh(e));
  }

  /** Closes frame `f`'s VideoFrame once its bitmap is made, unless it is the shown or sought frame's. */
  private releaseConverted(f: number): void {
    const e = this.cache.get(f);
    if (e?.image && f !== this.frame && f !== this.target && this.fresh(e) && !this.converting.has(e)) e.release();
  }

  /** Makes frame `f` the shown one; the frame shown before lets its VideoFrame go. */
  private show(f: number): void {
    const before = this.frame;
    this.frame = f;
    if (before !== f) this.releaseConverted(before);
    this.quiet();
  }

  /** Playing, or a seek's frame or window on its way: they decode what they need (no redecode now). */
  private busy(): boolean {
    return this.playing || this.target !== this.frame || this.windowPending;
  }

  /** Playback stopped or a seek settled: a redecode deferred meanwhile is scheduled now. */
  private quiet(): void {
    if (!this.redecodeDeferred || this.closed || this.busy()) return;
    this.redecodeDeferred = false;
    this.scheduleRedecode();
  }

  /**
   * Closes the VideoFrames nothing will convert (on a jump: those left from an earlier seek's window
   * or steps; in playback: those the clock passed), so the decoder does not run while the page
   * holds them.
   */
  private dropUnconverted(): void {
    const drop: number[] = [];
    this.cache.forEach((e, n) => {
      if (e.image && !e.bitmap && !e.failed && n !== this.frame && !this.converting.has(e) && !this.keeps(n))
        drop.push(n);
    });
    for (const n of drop) this.cache.delete(n);
  }

  /** True when frame `f` has its VideoFrame, is not being converted, and still needs a bitmap of the current size. */
  private needsBitmap(f: number): boolean {
    const e = this.cache.get(f);
    return !!e && !!e.image && !e.failed && !this.converting.has(e) && !this.fresh(e);
  }

  /** The kept frame nearest `c` that still needs a bitmap, or undefined. */
  private nearestUnconverted(c: number): number | undefined {
    let best: number | undefined;
    let bestD = Infinity;
    this.cache.forEach((_, n) => {
      const d = Math.abs(n - c);
      if (d < bestD && this.needsBitmap(n)) {
        bestD = d;
        best = n;
      }
    });
    return best;
  }

  /**
   * Converts the most wanted frames that lack a bitmap, one per converter lane, so a new seek never
   * waits behind more than what is already converting (and finds a lane free unless both are busy):
   * the frame sought (then its neighbours, for steps), or during playback the frames the clock
   * reaches next.
   */
  private convertNext(): void {
    if (this.closed || !this.converter.available) return;
    while (this.converting.size < this.converter.lanesCount) {
      const c = this.playing ? this.clockFrame() : this.target;
      // A seek converts its frame alone: the frames before it come out of the decoder first, and a
      // neighbour converting beside it would share the cores with it. Its neighbours (for steps)
      // convert with its window (WINDOW_DELAY_MS), one at a time, so a lane is free when the next
      // seek's frame comes. A step converts its neighbours meanwhile, one at a time: the other lane
      // stays free for the next seek's frame, and a jump after a step shares the cores with one
      // conversion left over, not two (the video bench's seeks that came after a seek near the
      // shown frame waited ~50-75 ms for both lanes' leftovers, 105-140 ms in all).
      // After those, every other kept frame (nearest first): a VideoFrame is held only until then.
      // A step's other frames wait until its own frame has its bitmap: frames from the key frame
      // come out before it, and converting them would share the cores with its decoding.
      const target = this.cache.get(c);
      const others = this.converting.size - (target && this.converting.has(target) ? 1 : 0);
      const rest =
        !this.playing &&
        this.ready(c) &&
        (this.stepping ? others === 0 : !this.windowPending && this.converting.size === 0);
      const order = this.playing
        ? Array.from({ length: this.ahead * 2 + 1 }, (_, i) => c + i)
        : this.stepping
          ? others === 0
            ? [c, c + 1, c - 1, c + 2, c + 3, c - 2]
            : [c]
          : !this.ready(c) || this.windowPending
            ? [c]
            : this.converting.size === 0
              ? [c + 1, c - 1, c + 2, c + 3, c - 2]
              : [];
      const f = order.find((n) => this.needsBitmap(n)) ?? (rest ? this.nearestUnconverted(c) : undefined);
      if (f === undefined) return;
      const entry = this.cache.get(f)!;
      const { width, height } = this.bitmapSize;
      this.converting.add(entry);
      void this.converter.convert(entry.image!.clone(), width, height, this.rotation).then((bitmap) => {
        this.converting.delete(entry);
        if (entry.closed) bitmap?.close();
        else if (bitmap) {
          entry.bitmap?.close();
          entry.bitmap = bitmap;
          this.releaseConverted(f);
        } else entry.failed = true;
        this.settle();
        if (f === this.frame) this.onRedraw();
        this.convertNext();
      });
    }
  }

  /** A frame can be shown without converting on the main thread (or never will be). */
  private ready(f: number): boolean {
    const e = this.cache.get(f);
    return !!e && (!!e.bitmap || e.failed || !this.converter.available);
  }

  /** Releases waiters whose frame is ready, passed (a gap in a variable-rate file), or unreachable. */
  private settle(all = false): void {
    this.waiters = this.waiters.filter((w) => {
      const ready = all || this.ready(w.frame) || (!this.cache.has(w.frame) && this.decoder.passed(w.frame));
      if (ready) w.resolve();
      return !ready;
    });
  }

  /**
   * Makes sure frames `f` .. `f + ahead` get decoded: the decoder goes on when it reaches the first
   * missing one by decoding forward, else it jumps to that frame's key frame (to a little before
   * `f` when stepping back, so the next steps back are cached too).
   */
  private ensure(f: number, ahead = this.ahead, before = 0, finish = false): void {
    const to = Math.min(this.frameCount - 1, f + ahead);
    let missing = -1;
    for (let n = f; n <= to; n++)
      if (!this.usable(n) && !this.decoder.isPending(n)) {
        missing = n;
        break;
      }
    // Frames wanted before `f` too (a jump's window, for steps back): a run that starts anew starts
    // early enough to feed them (a run going on has passed them).
    let early = f;
    for (let n = Math.max(0, f - before); n < f; n++)
      if (!this.usable(n) && !this.decoder.isPending(n)) {
        early = n;
        break;
      }
    if (missing < 0) {
      this.decoder.extend(to);
      return;
    }
    // Stepping back (not a seek far back, which starts at its own key frame).
    const back = missing === f && f < this.frame && this.frame - f <= STEP_BACK_LIMIT;
    // While `f` itself is not decoded, a jump for a later frame of the window must still feed it:
    // the jump drops what the decoder holds (`f` among it) and leaves out the non-reference frames
    // before its start, and a skipped `f` would count as passed (its seek would show a neighbour).
    const start = back ? Math.max(0, f - this.behind) : this.usable(f) ? missing : f;
    this.decoder.request(missing, to, Math.min(start, early), finish);
  }

  /** The frame the cache keeps its window around. */
  private centre(): number {
    return this.playing ? this.clockFrame() : this.target;
  }

  // ---- seeking and playback ---------------------------------------------------------------------

  async seek(f: number): Promise<boolean> {
    if (this.closed) return false;
    f = this.clamp(f);
    this.stepping = this.shown && Math.abs(f - this.frame) <= STEP_BACK_LIMIT;
    const before = this.target;
    this.target = f;
    if (before !== f) this.releaseConverted(before);
    this.cancelWindow();
    // Older seeks of other frames resolve false now: their frame may never get a bitmap (only the
    // target's neighbourhood is converted) or be decoded at all (the decoder jumped), and their
    // callers would wait forever.
    this.waiters = this.waiters.filter((w) => {
      if (w.frame === f) return true;
      w.resolve();
      return false;
    });
    if (!this.ready(f)) {
      // A jump asks for its frame alone: the window after it would hold decoder time (and a core)
      // before the frame shows. It is asked for once the frame is shown and no other seek came
      // meanwhile (WINDOW_DELAY_MS). A step keeps the window.
      const jump = !this.stepping;
      this.windowPending = jump;
      if (jump) this.dropUnconverted();
      this.ensure(f, jump ? 0 : this.ahead);
      this.convertNext();
      await new Promise<void>((resolve) => {
        this.waiters.push({ frame: f, resolve });
        this.settle();
      });
      if (this.closed || this.target !== f) return false;
      this.show(f);
      this.shown = true;
      if (jump) this.scheduleWindow(f);
    } else if (this.stepping) {
      this.ensure(f);
      this.show(f);
      this.shown = true;
    } else {
      // A jump to a frame already converted: shown now, and its window waits as a jump's does. The
      // decoder stops feeding whatever it was asked for before (another place's window), and no
      // neighbour converts meanwhile: a seek coming next (a scrub, a jump elsewhere) would otherwise
      // find the decoder busy (a reset of a busy decoder costs ~5-15 ms more than of an idle one)
      // and a lane converting.
      this.windowPending = true;
      this.decoder.halt();
      this.dropUnconverted();
      this.show(f);
      this.shown = true;
      this.scheduleWindow(f);
    }
    this.convertNext();
    return true;
  }

  /** Asks for the window after frame `f` (the shown frame) unless a seek or playback comes first. */
  private scheduleWindow(f: number): void {
    this.cancelWindow();
    this.windowPending = true;
    const warm = !this.opening;
    this.windowTimer = window.setTimeout(() => {
      this.windowTimer = 0;
      this.windowPending = false;
      if (!this.closed && !this.playing && this.target === f && this.frame === f) {
        // Frame 0's window at opening is what warmAfterOpen decoded: no new run.
        this.ensure(f, warm ? this.ahead : OPEN_WARM, warm ? WINDOW_KEEP_BEFORE : 0);
        this.convertNext();
        if (warm) this.warmLanes();
      }
      this.quiet();
    }, WINDOW_DELAY_MS);
  }

  /**
   * Starts the converter lanes not started yet, each converting the shown frame once (see
   * FrameConverter.warm): at the first window after a seek (no seek under way), rather than at the
   * first step that needs a second lane. Not at the window of the frame shown when the video opens:
   * the page is then often still busy with what came with the video, and the first seek comes
   * soon (in the video bench, 20-30 ms after that window: the first seek took 206-239 ms with a lane
   * starting beside it, against 139-161 without).
   */
  private warmLanes(): void {
    const image = this.cache.get(this.frame)?.image;
    if (!image) return;
    const { width, height } = this.bitmapSize;
    this.converter.warm(image, width, height, this.rotation);
  }

  private cancelWindow(): void {
    if (this.windowTimer) clearTimeout(this.windowTimer);
    this.windowTimer = 0;
    this.windowPending = false;
  }

  private clockFrame(): number {
    return this.clamp(this.clock.frame + Math.floor(((performance.now() - this.clock.t0) * this.fps) / 1000));
  }

  async play(): Promise<void> {
    if (this.playing || this.closed) return;
    if (this.frame >= this.frameCount - 1) await this.seek(0);
    this.cancelWindow();
    this.playing = true;
    this.playbackStats = { presented: 0, dropped: 0 };
    this.clock = { t0: performance.now(), frame: this.frame };
    const tick = () => {
      if (!this.playing || this.closed) return;
      const t = this.clockFrame();
      this.ensure(t, this.ahead * 2);
      // Behind the clock: rather than decode frames that can only be dropped, leave out the ones
      // nothing refers to, so decoding catches up.
      this.decoder.skipLateBefore(t);
      // Frames the clock passed before they were converted are never shown: their VideoFrames go.
      this.dropUnconverted();
      this.convertNext();
      let best = -1;
      for (let n = t; n > this.frame; n--)
        if (this.ready(n)) {
          best = n;
          break;
        }
      if (best > this.frame) {
        this.playbackStats.presented++;
        this.playbackStats.dropped += best - this.frame - 1;
        this.show(best);
        this.onFrame(best, true);
      }
      if (this.frame >= this.frameCount - 1) {
        this.playing = false;
        this.target = this.frame;
        this.quiet();
        this.onFrame(this.frame, true);
        return;
      }
      this.raf = requestAnimationFrame(tick);
    };
    this.raf = requestAnimationFrame(tick);
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    this.target = this.frame;
    cancelAnimationFrame(this.raf);
    this.quiet();
    this.onFrame(this.frame, true);
  }

  draw(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    let f = this.frame;
    let e = this.cache.get(f);
    if (!e) {
      f = this.cache.latestIn(Math.max(0, this.frame - this.ahead * 2), this.frame);
      e = this.cache.get(f);
    }
    if (!e) return;
    // Device pixels the frame covers now; bitmaps are made at that size (at most the video's own).
    const t = ctx.getTransform();
    const dw = Math.min(this.width, Math.ceil(width * Math.hypot(t.a, t.b)));
    const dh = Math.min(this.height, Math.ceil(height * Math.hypot(t.c, t.d)));
    if (dw > 0 && dh > 0 && (Math.abs(dw - this.bitmapSize.width) > 1 || Math.abs(dh - this.bitmapSize.height) > 1)) {
      const grown = dw > this.bitmapSize.width + 1 || dh > this.bitmapSize.height + 1;
      this.bitmapSize = { width: dw, height: dh };
      this.cache.capacity = this.capacityFor(this.bitmapSize);
      // The cached neighbours' bitmaps are too small now: remade once the zoom settles.
      if (grown) this.scheduleRedecode();
    }
    if (e.bitmap && this.fresh(e)) {
      ctx.drawImage(e.bitmap, 0, 0, width, height);
      return;
    }
    if (e.image) {
      // No bitmap of this size yet (just zoomed in, or no worker): the exact frame now, a bitmap soon.
      drawRotated(ctx, e.image, this.rotation, width, height);
      this.convertNext();
      return;
    }
    // A smaller bitmap and no VideoFrame (converted before it was shown, or not shown when the view
    // grew): the bitmap, scaled up, until the frame is decoded again (a seek to a frame like this
    // asks for that; for the frame already shown, once the view stops growing).
    if (e.bitmap) ctx.drawImage(e.bitmap, 0, 0, width, height);
    if (f === this.frame) this.scheduleRedecode();
  }

  /**
   * Once no draw changed the bitmap size for a moment after the view grew (a zoom in, a larger
   * window), remakes the bitmaps around the shown frame at the new size ({@link refreshAround}); later,
   * decodes the shown frame again when its bitmap is too small and its VideoFrame is gone. While
   * playing, or while a seek's frame or window is on its way, no timer waits: it is deferred to
   * when playback stops or the seek settles ({@link quiet}).
   */
  private scheduleRedecode(): void {
    if (this.busy()) {
      this.redecodeDeferred = true;
      return;
    }
    const size = this.bitmapSize;
    if (this.redecodeTimer) {
      // Drawn again at the same size: the wait goes on; at a new size it starts again.
      if (this.redecodeSize === size) return;
      clearTimeout(this.redecodeTimer);
    }
    this.redecodeSize = size;
    this.redecodeTimer = window.setTimeout(() => {
      this.redecodeTimer = 0;
      if (this.closed || this.bitmapSize !== size) return;
      // Playing, or a seek's frame or window on its way since the timer was set: deferred to when
      // that stops or settles (quiet), no timer meanwhile.
      if (this.busy()) {
        this.redecodeDeferred = true;
        return;
      }
      if (this.refreshedSize !== size) {
        this.refreshedSize = size;
        this.refreshAround(this.frame);
      } else if (!this.usable(this.frame)) this.ensure(this.frame);
      this.convertNext();
    }, WINDOW_DELAY_MS);
  }

  /**
   * The view grew and settled: frames `f - WINDOW_KEEP_BEFORE` .. `f + ahead` (the steps either way
   * and the first half second of playback) whose bitmaps are too small now are decoded again, in
   * the background, and converted at the new size one at a time ({@link convertNext}), so a step or
   * playback shows them sharp at once rather than scaled up first. Cached frames outside that range
   * with a too small bitmap are dropped: shown, they would be soft; a seek there decodes them anew
   * (a step back past the range waits for its frame, sharp, rather than showing a soft one first).
   * Memory stays within the cache's capacity (fewer entries than before the zoom, each larger).
   */
  private refreshAround(f: number): void {
    const from = Math.max(0, f - WINDOW_KEEP_BEFORE);
    const to = Math.min(this.frameCount - 1, f + this.ahead);
    const drop: number[] = [];
    this.cache.forEach((e, n) => {
      if ((n < from || n > to) && n !== f && !e.image && !e.failed && !this.fresh(e) && !this.converting.has(e))
        drop.push(n);
    });
    for (const n of drop) this.cache.delete(n);
    for (let n = from; n <= to; n++)
      if (!this.usable(n) && !this.decoder.isPending(n)) {
        this.decoder.request(n, to, n);
        return;
      }
  }

  async *frames(from: number, count: number, signal?: AbortSignal): AsyncGenerator<DecodedVideoFrame, void, unknown> {
    const first = this.clamp(from);
    const last = this.clamp(from + count - 1);
    // From the middle of the first frame's slot to the middle of the last one's: never a neighbour.
    const it = this.sink.samples(this.timeOf(first), this.timeOf(last));
    try {
      for await (const s of it) {
        if (this.closed || signal?.aborted) {
          s.close();
          break;
        }
        const frame = this.frameOf(s.timestamp);
        const stored = s.toVideoFrame();
        s.close();
        const image = this.rotation ? this.turned(stored) : stored;
        if (frame < first || frame > last) {
          image.close();
          continue;
        }
        yield { frame, image };
      }
    } finally {
      await it.return(undefined);
    }
  }

  /**
   * `stored` (closed here) turned for display, as a new VideoFrame: a tracker then works in the
   * coordinates the annotations use. Only for rotated tracks (one 2D draw per frame).
   */
  private turned(stored: VideoFrame): VideoFrame {
    const canvas = new OffscreenCanvas(this.width, this.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) {
      stored.close();
      throw new Error('no 2d context to turn a rotated video frame');
    }
    drawRotated(ctx, stored, this.rotation, this.width, this.height);
    const { timestamp, duration } = stored;
    stored.close();
    return new VideoFrame(canvas, { timestamp, duration: duration ?? undefined });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.playing = false;
    cancelAnimationFrame(this.raf);
    this.cancelWindow();
    if (this.redecodeTimer) clearTimeout(this.redecodeTimer);
    this.decoder.close();
    this.settle(true);
    this.cache.clear();
    this.converter.close();
    this.input.dispose();
  }
}
