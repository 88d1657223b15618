// One warm VideoDecoder fed with mediabunny's demuxed packets, in decode order, as far as the viewer
// asks. mediabunny's VideoSampleSink starts a new decoder for every iteration; here the decoder is
// configured once and only reset when the feed jumps, so a seek costs the frames from the key frame
// before it and a step forward costs nothing (the frames ahead are already decoding).
//
// A seek's jump asks for its frame alone: once that frame's packet is in, the decoder is flushed, so
// the frame comes out at once instead of waiting for the packets after it (a decoder holds frames
// back for reordering). A flushed decoder needs a key frame next, so the run ends there; the window
// asked after it starts a new run at the key frame (its reference frames before the window come
// again; the viewer's cache keeps the copies it has). A seek a short way ahead of a run that goes on
// is fed the same way, without a jump: the run goes on to it, leaving out the frames nothing refers
// to, and is flushed at it. Outputs are numbered by their timestamps, so frames of an abandoned run
// are still the frames their numbers say.
//
// A seek does not need the frames before it: H.264 pictures whose slices all have nal_ref_idc 0
// (the B-frames no other frame refers to) before the sought frame are not fed at all, which with
// the usual IBBP pattern saves a third of the work. Other codecs feed every packet.
import type { EncodedPacket, EncodedPacketSink } from 'mediabunny';

/** What the decoder is asked for: frames `from` .. `to` (presentation order). */
interface Request {
  from: number;
  to: number;
}

/** How far past the last fed frame a request may be and still be reached by decoding forward. */
const DEFAULT_FORWARD_LIMIT = 45;
/** Chunks queued in the decoder at most: enough to keep it busy, few to throw away on a jump. */
const QUEUE = 3;
/**
 * Chunks queued at most while the requested frame is not fed yet: every packet up to it is needed
 * anyway, so they go in at once rather than one per `dequeue` event through the main thread.
 */
const SEEK_QUEUE = 64;
/**
 * Frames a jump costs beyond decoding from the key frame (the decoder's output delay, the frames
 * in flight thrown away): decoding forward is kept unless the key frame before the request is
 * further than this past the last fed frame.
 */
const JUMP_COST = 4;

/**
 * A VideoDecoder over an {@link EncodedPacketSink}. {@link request} says which frames are wanted;
 * decoded frames go to `onFrame` (the receiver owns and closes them), in presentation order.
 */
export class FrameDecoder {
  private decoder: VideoDecoder | null = null;
  /** Next packet to feed, in decode order; null when the feed is not positioned. */
  private next: EncodedPacket | null = null;
  /** The feed can go on from `next` (false after a flush, an error or before the first request). */
  private positioned = false;
  /** End of the track was fed and flushed. */
  private ended = false;
  /** Frames fed in this run and not yet output. */
  private readonly pending = new Set<number>();
  /** Highest frame fed / output in this run; the run's first frame. */
  private fedMax = -1;
  private outMax = -1;
  private runStart = 0;
  /** Non-reference frames below this are not fed. */
  private skipBelow = 0;
  /**
   * Frames whose packets this run has passed, fed or left out. With B-frames the feed is not in
   * frame order (P 50 goes in before B 48 and 49), so "above the highest fed frame" does not tell
   * whether a frame is still to come; this does.
   */
  private readonly walked = new Set<number>();
  private req: Request = { from: 0, to: -1 };
  /**
   * A request reachable by decoding forward whose key frame is not known yet: the pump looks it up
   * and jumps when starting at that key frame is cheaper than decoding the frames up to it.
   */
  private keyCheck: { from: number; start: number } | null = null;
  private pumping = false;
  /** Ends the pump's wait for the decoder's queue to shrink (a jump or close makes it moot). */
  private wake: (() => void) | null = null;
  private generation = 0;
  /**
   * A jump for one frame alone (a seek): once that frame is fed the decoder is flushed, so it comes
   * out without waiting for the packets after it (the decoder holds a frame back until later ones
   * arrive). A flushed decoder needs a key frame next: the run ends there, and the next request
   * starts a new one at its key frame. -1 when the run is not flushed.
   */
  private flushAt = -1;
  /** That flush is under way: a request now starts a new run (the flushed one cannot go on). */
  private flushing = false;
  /** The run was flushed and is over: nothing more is fed until a request starts a new one. */
  private runOver = false;
  /** Frames that run fed and its flush did not give: passed, as a run going past a frame counts it. */
  private readonly flushedPast = new Set<number>();
  /**
   * The current request flushes its run once every frame it asked for is out (see {@link request}'s
   * `finish`), so the decoder is left idle with nothing held and the next jump needs no reset.
   */
  private finish = false;
  /** The latest flush of a run (see {@link settled}). */
  private flushDone: Promise<void> = Promise.resolve();
  private closed = false;
  /** AVCC NAL length size when the stream is H.264 with a description, else 0 (no skipping). */
  private readonly nalLength: number;
  /** {@link isNonReferenceAvcc} of each packet read so far, by its sequence number. */
  private readonly nonReference = new Map<number, boolean>();
  /** The track's decoder config, asking for low delay (see the constructor). */
  private readonly config: VideoDecoderConfig;

  constructor(
    private readonly sink: EncodedPacketSink,
    config: VideoDecoderConfig,
    private readonly frameOf: (seconds: number) => number,
    private readonly timeOf: (frame: number) => number,
    private readonly onFrame: (frame: number, image: VideoFrame) => void,
    /** The run ended (the end of the track) or failed: nothing more comes for what was asked. */
    private readonly onIdle: () => void,
    private readonly forwardLimit = DEFAULT_FORWARD_LIMIT,
    /** A flushed run is over with frames it fed not given (see {@link passed}): settle who waits for them. */
    private readonly onRunOver: () => void = () => {},
  ) {
    this.nalLength = avccNalLength(config);
    // Low delay: Chromium's software decoder then decodes with slice threads only (no frame threads,
    // whose pipeline holds each frame back by as many frames as threads): a seek's frame comes out
    // as soon as it and the frames it refers to are decoded, with less CPU per frame.
    this.config = { ...config, optimizeForLatency: true };
  }

  /** True while frame `f` was fed and is still in the decoder. */
  isPending(f: number): boolean {
    return this.pending.has(f);
  }

  /** True when this run has gone past `f` without producing it (a gap in the file), or ended. */
  passed(f: number): boolean {
    if (this.ended || this.flushedPast.has(f)) return true;
    return this.positioned && f >= this.runStart && f < this.outMax && !this.pending.has(f);
  }

  /**
   * Asks for frames `from` .. `to`. The feed goes on when it reaches `from` by decoding forward
   * (within the forward limit); otherwise it jumps to the key frame before `start` (default
   * `from`), not feeding the non-reference frames before `start`. With `finish`, the run is
   * flushed once every frame `from` .. `to` is fed (or, where the file has a gap, once `to` is
   * out), not fed on to push them out: they come out, and the decoder is left idle holding
   * nothing, so a jump after it starts a new run on the same decoder instead of resetting it (a
   * reset sets the decoder up anew: the next key frame came out ~20-30 ms later in the video bench).
   */
  request(from: number, to: number, start = from, finish = false): void {
    if (this.closed) return;
    this.req = { from, to };
    this.finish = finish;
    const reachable =
      this.positioned &&
      !this.ended &&
      !this.flushing &&
      from >= this.runStart &&
      (this.pending.has(from) || (!this.walked.has(from) && from - this.fedMax <= this.forwardLimit));
    if (!reachable) this.jumpFor(from, to, start);
    else if (isSeek(from, to, start)) {
      // A seek a short way ahead of the feed: the run goes on to its frame as a jump would feed it
      // (the frames nothing refers to before it left out, flushed once it is in), rather than
      // feeding every frame on the way and then the packets after it until the decoder lets it out.
      this.flushAt = from;
      this.skipBelow = Math.max(this.skipBelow, from);
      this.keyCheck = this.pending.has(from) || from - this.fedMax <= JUMP_COST ? null : { from, start };
    } else {
      this.flushAt = -1;
      // Still to come, but a run that started later than `from` would leave it out (a non-reference
      // frame below its start) and then count it as passed: the seek would show its neighbour.
      this.skipBelow = Math.min(this.skipBelow, start, from);
      this.keyCheck = this.pending.has(from) || from - this.fedMax <= JUMP_COST ? null : { from, start };
    }
    void this.pump();
  }

  /**
   * Resolves once no flush is under way (at once when none is): a request made then starts its run
   * on the idle decoder, where one made during the flush resets it.
   */
  async settled(): Promise<void> {
    while (this.flushing && !this.closed) await this.flushDone;
  }

  /**
   * Frames before `f` are late (playback passed them): those nothing refers to are no longer fed.
   * Only ever raises the bound within a run.
   */
  skipLateBefore(f: number): void {
    if (this.positioned && f > this.skipBelow) this.skipBelow = f;
  }

  /** Keeps the current run going up to frame `to` (the frames before are decoded or on their way). */
  extend(to: number): void {
    if (this.closed || !this.positioned || this.ended || this.flushing) return;
    this.req = { from: this.req.from, to };
    void this.pump();
  }

  /**
   * Nothing more is wanted for now: no more packets go in (those in the decoder still come out as
   * it decodes them). The run stays positioned, so a later request near it goes on from there.
   */
  halt(): void {
    this.req = { from: this.req.from, to: -1 };
    this.finish = false;
    this.keyCheck = null;
  }

  private ensureDecoder(): VideoDecoder {
    if (this.decoder && this.decoder.state === 'configured') return this.decoder;
    if (this.decoder && this.decoder.state !== 'closed') this.decoder.close();
    const d: VideoDecoder = new VideoDecoder({
      // Frames of an earlier run that still come out are right for their numbers: the receiver keeps or closes them.
      output: (image) => this.output(image),
      error: (e) => {
        if (this.closed || d !== this.decoder) return;
        console.warn('dl-item-viewer: video decoding failed', e);
        this.decoder = null;
        this.positioned = false;
        this.ended = true;
        this.pending.clear();
        this.onIdle();
      },
    });
    d.configure(this.config);
    this.decoder = d;
    return d;
  }

  private output(image: VideoFrame): void {
    if (this.closed) {
      image.close();
      return;
    }
    const f = this.frameOf(image.timestamp / 1e6);
    if (this.pending.delete(f)) this.outMax = Math.max(this.outMax, f);
    this.onFrame(f, image);
    if (this.wants()) {
      if (!this.pumping) void this.pump();
    } else if (this.finish && this.decoder && this.positioned && !this.flushing && this.outMax >= this.req.to) {
      this.finish = false;
      void this.flushRun(this.decoder, this.generation);
    }
  }

  /**
   * A flushed run is over: the decoder needs a key frame next, so the next request (even for the
   * frame after) starts a new run at its key frame. What was fed has come out (or never will).
   */
  private endRun(): void {
    this.flushedPast.clear();
    for (const f of this.pending) this.flushedPast.add(f);
    this.clearRun();
    this.flushAt = -1;
    this.runOver = true;
    if (this.flushedPast.size) this.onRunOver();
  }

  /** Forgets the current run's feeding state (what was fed, walked and output); its outputs become stale. */
  private clearRun(): void {
    this.pending.clear();
    this.walked.clear();
    this.keyCheck = null;
    this.positioned = false;
    this.next = null;
    this.fedMax = -1;
    this.outMax = -1;
    this.generation++;
  }

  /**
   * Jumps for frames `from` .. `to` ({@link jump} to the key frame before `start`); a jump for `from`
   * alone with nothing wanted before it (a seek) flushes once that frame is fed.
   */
  private jumpFor(from: number, to: number, start: number): void {
    this.jump(Math.min(start, from));
    this.flushAt = isSeek(from, to, start) ? from : -1;
  }

  /** Starts a new run at the key frame before `start`; work queued for the old run is dropped. */
  private jump(start: number): void {
    if (
      this.decoder?.state === 'configured' &&
      (this.pending.size > 0 || this.decoder.decodeQueueSize > 0 || this.flushing)
    ) {
      // Frames of the old run still in the decoder would cost their decode time before the new ones,
      // and a flush still under way (its frame out, the decoder not done with it: 5-35 ms after the
      // last output) would hold the new run's first packet; the same decoder is configured again (no
      // new decoder per seek), which ends the flush.
      this.decoder.reset();
      this.decoder.configure(this.config);
    }
    this.clearRun();
    this.ended = false;
    this.runOver = false;
    this.flushedPast.clear();
    this.runStart = start;
    this.skipBelow = start;
    this.wake?.();
  }

  /** More packets are needed for the current request. */
  private wants(): boolean {
    return (
      !this.ended &&
      !this.runOver &&
      (this.fedMax < this.req.to || (this.outMax < this.req.to && this.pending.size > 0))
    );
  }

  private async pump(): Promise<void> {
    if (this.pumping || this.closed) return;
    this.pumping = true;
    try {
      while (!this.closed && this.wants()) {
        const d = this.ensureDecoder();
        const generation = this.generation;
        if (!this.positioned) {
          const key = await this.sink.getKeyPacket(this.timeOf(this.runStart));
          if (generation !== this.generation) continue;
          this.next = key ?? (await this.sink.getFirstPacket());
          if (generation !== this.generation) continue;
          this.positioned = true;
          if (key) this.runStart = Math.min(this.runStart, this.frameOf(key.timestamp));
        }
        const check = this.keyCheck;
        if (check) {
          const key = await this.sink.getKeyPacket(this.timeOf(check.from));
          if (generation !== this.generation || check !== this.keyCheck) continue;
          this.keyCheck = null;
          if (key && this.frameOf(key.timestamp) > this.fedMax + JUMP_COST)
            this.jumpFor(check.from, this.req.to, check.start);
          continue;
        }
        // Flushing at a frame already fed (a seek to a frame the run had in the decoder): now.
        if (this.flushAt >= 0 && this.walked.has(this.flushAt)) {
          if (await this.flushRun(d, generation)) break;
          continue;
        }
        // Every packet up to the requested frame goes in at once. Not `fedMax < from`: a B-frame's
        // P-frame (a higher number) is fed before it, and the B-frame would then wait its turn
        // behind QUEUE chunks of decoding.
        if (d.decodeQueueSize >= (this.walked.has(this.req.from) ? QUEUE : SEEK_QUEUE)) {
          await new Promise<void>((r) => {
            this.wake = r;
            d.addEventListener('dequeue', () => r(), { once: true });
          });
          this.wake = null;
          continue;
        }
        const p = this.next;
        if (!p) {
          // The last frames come out only on a flush; after it the decoder needs a key frame.
          await d.flush().catch(() => undefined);
          if (generation === this.generation) {
            this.ended = true;
            this.positioned = false;
            this.onIdle();
          }
          break;
        }
        const f = this.frameOf(p.timestamp);
        this.walked.add(f);
        if (!(f < this.skipBelow && this.disposable(p))) {
          this.pending.add(f);
          this.fedMax = Math.max(this.fedMax, f);
          d.decode(p.toEncodedVideoChunk());
          if (f === this.flushAt) {
            // Every frame it refers to is in (decode order): flush it out now; the run ends here.
            if (await this.flushRun(d, generation)) break;
            continue;
          }
        }
        if (this.finish && this.walkedAll()) {
          // Every frame asked for is in: flush them out rather than feed more packets to push them.
          this.finish = false;
          if (await this.flushRun(d, generation)) break;
          continue;
        }
        const n = await this.sink.getNextPacket(p);
        if (generation === this.generation) this.next = n;
      }
    } catch (e) {
      if (!this.closed) {
        console.warn('dl-item-viewer: video demuxing failed', e);
        this.ended = true;
        this.onIdle();
      }
    } finally {
      this.pumping = false;
    }
    if (!this.closed && this.wants()) void this.pump();
  }

  /**
   * Flushes the decoder so the frame at {@link flushAt} (fed, with every frame it refers to) comes
   * out now; the run ends there. False when a jump replaced the run meanwhile (the pump goes on).
   */
  private async flushRun(d: VideoDecoder, generation: number): Promise<boolean> {
    this.flushing = true;
    const done = d.flush().catch(() => undefined);
    this.flushDone = done;
    await done;
    this.flushing = false;
    if (generation !== this.generation) return false;
    this.endRun();
    return true;
  }

  /** Every frame of the request (`from` .. `to`) was walked (fed or left out) in this run. */
  private walkedAll(): boolean {
    for (let f = this.req.from; f <= this.req.to; f++) if (!this.walked.has(f)) return false;
    return true;
  }

  /**
   * An H.264 packet no other frame refers to (see {@link isNonReferenceAvcc}): it can be left out.
   * Read once per packet (by its decode-order sequence number): runs pass the same packets again.
   */
  private disposable(p: EncodedPacket): boolean {
    if (!this.nalLength || p.type !== 'delta') return false;
    const seq = p.sequenceNumber;
    let nonRef = seq >= 0 ? this.nonReference.get(seq) : undefined;
    if (nonRef === undefined) {
      nonRef = isNonReferenceAvcc(p.data, this.nalLength);
      if (seq >= 0) this.nonReference.set(seq, nonRef);
    }
    return nonRef;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.generation++;
    this.wake?.();
    this.pending.clear();
    if (this.decoder && this.decoder.state !== 'closed') this.decoder.close();
    this.decoder = null;
  }
}

/**
 * True when `data`, one H.264 access unit in AVCC form (each NAL unit after its `nalLength`-byte
 * big-endian length, as MP4 stores them), is a picture no other picture refers to: it holds at
 * least one slice (NAL unit types 1 and 5) and every slice has nal_ref_idc 0. Such a packet may be
 * left out of the decoder when its own frame is not wanted (ffmpeg's skip_frame=nonref). Anything
 * read with doubt counts as a reference, so nothing needed is ever left out: a NAL length running
 * past the data or bytes left over, a zero length, a set forbidden_zero_bit, data partitions (types
 * 2-4, which the slice header alone does not describe), no slice at all, `nalLength` outside 1-4.
 * H.264 only: VP8, VP9, AV1 and HEVC packets are never read with this (they are always fed).
 */
export function isNonReferenceAvcc(data: Uint8Array, nalLength: number): boolean {
  if (!(nalLength >= 1 && nalLength <= 4)) return false;
  let slices = 0;
  let i = 0;
  while (i < data.length) {
    const start = i + nalLength;
    if (start >= data.length) return false;
    let len = 0;
    for (let k = i; k < start; k++) len = len * 256 + data[k]!;
    if (len === 0 || start + len > data.length) return false;
    const header = data[start]!;
    const type = header & 0x1f;
    if (header & 0x80 || (type >= 2 && type <= 4)) return false;
    if (type === 1 || type === 5) {
      if (header & 0x60) return false;
      slices++;
    }
    i = start + len;
  }
  return slices > 0;
}

/** A request for frame `from` alone, with nothing wanted before it: a seek (flushed at its frame). */
function isSeek(from: number, to: number, start: number): boolean {
  return from === to && start >= from;
}

/** NAL length size of an H.264 stream in AVCC form (the avcC record's lengthSizeMinusOne + 1), else 0. */
function avccNalLength(config: VideoDecoderConfig): number {
  if (!/^avc[13]\./.test(config.codec) || !config.description) return 0;
  const d = config.description;
  const bytes = ArrayBuffer.isView(d)
    ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
    : new Uint8Array(d as ArrayBufferLike);
  if (bytes.length < 5 || bytes[0] !== 1) return 0;
  return (bytes[4]! & 3) + 1;
}
