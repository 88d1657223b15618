// The geometry worker's assisted-annotation methods: one AssistEngine per worker holds the images sent
// to it, and the running action stops at its next step when the page calls cancelCurrent().
import * as Comlink from 'comlink';
import { AssistEngine, type JobContext } from '../geometry/assist/assist-engine.js';
import type { AssistMaskResult, AssistProgress, MaskOutputOptions } from '../geometry/assist/assist-types.js';
import type { AssistImage } from '../geometry/kernels/assist-image.js';
import { encodePlacedSegmentationPngSliced } from '../geometry/codec/segmentation-encode.js';
import { DlGeometryError } from '../geometry/errors.js';
import { loadOpenCv } from '../geometry/opencv/load-opencv.js';
import { throttleProgress } from './progress-throttle.js';
import { TouchedBuffers } from './touched-buffers.js';
import {
  fail,
  type GeometryWorkerApi,
  packPolygons,
  type WireImage,
  type WireMaskResult,
  type WireResult,
} from './protocol.js';

let engine: AssistEngine | null = null;
let maxBytes: number | undefined;

async function getEngine(): Promise<AssistEngine> {
  if (engine) return engine;
  const { cv } = await loadOpenCv();
  // the wand's region goes to the page (transferred): a touched buffer at most twice its size, except
  // for a preview alone (the tool's hover), which leaves them to the click that may follow
  engine ??= new AssistEngine(cv, {
    ...(maxBytes ? { maxBytes } : {}),
    allocMask: (n, out) => (out.preview && !out.encode && !out.polygons ? new Uint8Array(n) : buffers.take(n, 2)),
  });
  return engine;
}

/**
 * Touched memory for the large masks of a wand click (see touched-buffers.ts): the region copied out
 * of the flood mask (then transferred to the page) and the copy the worker keeps for its PNG, two
 * fresh multi-MB arrays a click before (~40 ms each for a 4096² background region on the bench's VM).
 * Reserved at the image's size on the wand's first answer, refilled between messages after each use.
 */
const buffers = new TouchedBuffers({ yieldTo: () => macrotask() });
/** Touched buffers kept ready: one for the region sent to the page, one for the worker's kept copy. */
const WAND_BUFFERS = 2;

/** The running action (the pool runs one call per worker at a time). */
let current: { cancelled: boolean } | null = null;

/** A task boundary without setTimeout's clamping: messages (a cancelCurrent among them) run here. */
const channel = new MessageChannel();
const waiting: Array<() => void> = [];
channel.port1.onmessage = () => waiting.shift()?.();
function macrotask(): Promise<void> {
  return new Promise((r) => {
    waiting.push(r);
    channel.port2.postMessage(0);
  });
}

async function job<T>(
  onProgress: ((p: AssistProgress) => void) | undefined,
  f: (e: AssistEngine, ctx: JobContext) => Promise<T> | T,
): Promise<T> {
  const me = { cancelled: false };
  current = me;
  // Throttled through the comlink proxy; the report held back last goes before the answer.
  const progress = throttleProgress(onProgress);
  try {
    const e = await getEngine();
    const ctx: JobContext = {
      async checkpoint() {
        await macrotask();
        if (me.cancelled) throw new Error('aborted');
      },
      progress: (p) => progress.report(p),
    };
    const result = await f(e, ctx);
    progress.flush();
    return result;
  } catch (err) {
    progress.cancel();
    throw err;
  } finally {
    if (current === me) current = null;
  }
}

/** Reads a bitmap's or a video frame's pixels (RGBA) and closes it. */
function pixelsOfDrawable(src: ImageBitmap | VideoFrame): AssistImage {
  const w = 'displayWidth' in src ? src.displayWidth : src.width;
  const h = 'displayHeight' in src ? src.displayHeight : src.height;
  try {
    const ctx = new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(src, 0, 0, w, h);
    const d = ctx.getImageData(0, 0, w, h);
    return { width: w, height: h, format: 'rgba', data: d.data };
  } finally {
    src.close();
  }
}

function isDrawable(x: unknown): x is ImageBitmap | VideoFrame {
  return (
    (typeof ImageBitmap !== 'undefined' && x instanceof ImageBitmap) ||
    (typeof VideoFrame !== 'undefined' && x instanceof VideoFrame)
  );
}

/**
 * The preview's RGBA scratch, kept between calls: a fresh 45 MB array for an 11 Mpx region costs its page
 * faults on every click (and `createImageBitmap` of an ImageData copies it into another fresh one), about
 * half the preview's time. Freed after {@link SCRATCH_IDLE_MS} without a preview.
 */
let scratch: Uint8ClampedArray<ArrayBuffer> | null = null;
let scratchTimer: ReturnType<typeof setTimeout> | undefined;
const SCRATCH_IDLE_MS = 10_000;

function scratchOf(bytes: number): Uint8ClampedArray<ArrayBuffer> {
  if (!scratch || scratch.length < bytes) scratch = new Uint8ClampedArray(bytes);
  clearTimeout(scratchTimer);
  scratchTimer = setTimeout(() => {
    scratch = null;
  }, SCRATCH_IDLE_MS);
  return scratch.subarray(0, bytes);
}

/** The preview's size for `scale` image px per preview px (a whole number ≥ 1; bad values count as 1). */
function previewSize(width: number, height: number, scale: number | undefined) {
  const k = Number.isInteger(scale) && scale! > 1 ? scale! : 1;
  return { k, w: Math.ceil(width / k), h: Math.ceil(height / k) };
}

/**
 * The mask's box as a bitmap: `color` where set, transparent elsewhere; one pixel per `scale`² image
 * pixels (the top-left one of each block, as an unsmoothed downscaled draw of the full mask samples).
 */
async function previewOf(
  r: AssistMaskResult,
  color: [number, number, number, number],
  scale?: number,
): Promise<ImageBitmap | null> {
  if (!r.area || typeof createImageBitmap !== 'function') return null;
  const { width, data } = r.mask;
  const { k, w, h } = previewSize(width, r.mask.height, scale);
  const c = new Uint8ClampedArray(color);
  const v = new Uint32Array(new Uint8ClampedArray([c[0]!, c[1]!, c[2]!, c[3]!]).buffer)[0]!;
  const fill = (px: Uint32Array) => {
    if (k === 1) for (let i = 0; i < data.length; i++) px[i] = data[i] ? v : 0;
    else
      for (let j = 0, o = 0; j < h; j++)
        for (let i = 0, at = j * k * width; i < w; i++, at += k) px[o++] = data[at] ? v : 0;
  };
  if (typeof OffscreenCanvas === 'undefined') {
    const rgba = new Uint8ClampedArray(w * h * 4);
    fill(new Uint32Array(rgba.buffer));
    return createImageBitmap(new ImageData(rgba, w, h));
  }
  // every pixel written (the scratch holds the last preview); putImageData copies it into the canvas, whose
  // bitmap is the answer (CPU-backed, as createImageBitmap's: the page draws it into a CPU raster)
  const rgba = scratchOf(w * h * 4);
  fill(new Uint32Array(rgba.buffer, 0, w * h));
  const canvas = new OffscreenCanvas(w, h);
  canvas.getContext('2d', { willReadFrequently: true })!.putImageData(new ImageData(rgba, w, h), 0, 0);
  return canvas.transferToImageBitmap();
}

/**
 * Masks answered with `encodeLater`, kept until the page asks for their PNG (`assistEncodeKept`): at
 * most {@link MAX_KEPT}, the oldest forgotten first (its PNG request then fails and the page encodes).
 */
const kept = new Map<number, { r: AssistMaskResult; color: [number, number, number] }>();
let nextTicket = 1;
const MAX_KEPT = 8;
/** Longest stretch of a deferred PNG encode between two looks at the worker's messages, ms. */
const ENCODE_SLICE_MS = 4;

/** Drops kept mask `ticket`, its bytes back to the touched buffers. */
function forget(ticket: number): void {
  const k = kept.get(ticket);
  if (!k) return;
  kept.delete(ticket);
  buffers.give(k.r.mask.data.buffer);
}

/** A mask result ready to post: polygons packed, preview made; and the buffers to transfer. */
async function wireMask(
  r: AssistMaskResult,
  out: MaskOutputOptions,
  transfer: Transferable[],
): Promise<WireMaskResult> {
  const { polygons, ...rest } = r;
  const w: WireMaskResult = rest;
  if (out.encode && out.encodeLater) {
    // the worker keeps a copy of the mask for its PNG, in touched memory (given back once the PNG is
    // made), and transfers the answer's own bytes (a cloned buffer would be copied again on the page's
    // thread when the answer is read there: milliseconds for 11 Mpx)
    const ticket = nextTicket++;
    const own = buffers.take(r.mask.data.length);
    own.set(r.mask.data);
    kept.set(ticket, {
      r: { ...r, mask: { ...r.mask, data: own } },
      color: [out.encode[0], out.encode[1], out.encode[2]],
    });
    while (kept.size > MAX_KEPT) forget(kept.keys().next().value!);
    w.pngTicket = ticket;
  }
  const bytes = r.mask.data.buffer as ArrayBuffer;
  if (!transfer.includes(bytes)) transfer.push(bytes); // masks of one answer may share a buffer
  if (polygons) {
    const p = packPolygons(polygons);
    w.polygons = p;
    transfer.push(p.coords.buffer, p.ringSizes.buffer, p.polygonRings.buffer);
  }
  if (out.preview) {
    const bmp = await previewOf(r, out.preview, out.previewScale);
    if (bmp) {
      w.preview = bmp;
      w.previewScale = previewSize(r.mask.width, r.mask.height, out.previewScale).k;
      transfer.push(bmp);
    }
  }
  return w;
}

async function wrap<T>(f: () => Promise<{ value: T; transfer?: Transferable[] }>): Promise<WireResult<T>> {
  try {
    const { value, transfer } = await f();
    const r: WireResult<T> = { ok: true, value };
    return transfer?.length ? Comlink.transfer(r, transfer) : r;
  } catch (e) {
    return fail(e);
  }
}

type AssistApi = Pick<
  GeometryWorkerApi,
  | 'cancelCurrent'
  | 'assistSetImage'
  | 'assistDropImage'
  | 'assistStats'
  | 'assistMagicWand'
  | 'assistGrabCut'
  | 'assistPrepareScissors'
  | 'assistScissorsPath'
  | 'assistReleaseScissors'
  | 'assistWatershed'
  | 'assistTrackBox'
  | 'assistEncodeKept'
>;

/** The assist half of the geometry worker's API (see GeometryWorkerApi). */
export const assistWorkerApi: AssistApi = {
  async cancelCurrent() {
    if (current) current.cancelled = true;
  },
  assistSetImage: (image: WireImage, key, format, options) =>
    wrap(async () => {
      if (options?.maxBytes !== undefined) maxBytes = options.maxBytes;
      const e = await getEngine();
      if (maxBytes !== undefined) e.setMaxBytes(maxBytes);
      e.setImage(key, isDrawable(image) ? pixelsOfDrawable(image) : image, format);
      return { value: e.stats() };
    }),
  assistDropImage: (key) => wrap(async () => ({ value: (await getEngine()).dropImage(key) })),
  assistStats: () => wrap(async () => ({ value: (await getEngine()).stats() })),
  assistMagicWand: (key, params, out, onProgress) =>
    wrap(() =>
      job(onProgress, async (e, ctx) => {
        const transfer: Transferable[] = [];
        const r = await e.magicWand(key, params, out, ctx);
        const value = await wireMask(r, out, transfer);
        buffers.reserve(r.imageWidth * r.imageHeight, WAND_BUFFERS); // touched in the background from now on
        return { value, transfer };
      }),
    ),
  assistGrabCut: (key, params, out, onProgress) =>
    wrap(() =>
      job(onProgress, async (e, ctx) => {
        const transfer: Transferable[] = [];
        return { value: await wireMask(await e.grabCut(key, params, out, ctx), out, transfer), transfer };
      }),
    ),
  assistPrepareScissors: (key, params) =>
    wrap(() => job(undefined, (e) => ({ value: e.prepareScissors(key, params) }))),
  assistScissorsPath: (id, from, to) =>
    wrap(() =>
      job(undefined, (e) => {
        const path = e.scissorsPath(id, from, to);
        const flat = new Int32Array(path.length * 2);
        path.forEach((p, i) => {
          flat[2 * i] = p.x;
          flat[2 * i + 1] = p.y;
        });
        return { value: flat, transfer: [flat.buffer] };
      }),
    ),
  assistReleaseScissors: (id) => wrap(async () => ({ value: (await getEngine()).releaseScissors(id) })),
  assistWatershed: (key, params, out, onProgress) =>
    wrap(() =>
      job(onProgress, async (e, ctx) => {
        const transfer: Transferable[] = [];
        const labels = await e.watershed(key, params, out, ctx);
        const value = [];
        for (const l of labels) value.push({ label: l.label, mask: await wireMask(l.mask, out, transfer) });
        return { value, transfer };
      }),
    ),
  assistEncodeKept: (ticket) =>
    wrap(async () => {
      const k = kept.get(ticket);
      if (!k)
        throw new DlGeometryError(
          'image-missing',
          `assist: the mask of PNG ticket ${ticket} is gone (the worker restarted or more PNGs were pending)`,
        );
      kept.delete(ticket);
      // in slices of a few ms: the page asks for it as a background call, and a click that arrives
      // meanwhile runs between two slices instead of after the whole encode
      try {
        const url = await encodePlacedSegmentationPngSliced(k.r, k.r.imageWidth, k.r.imageHeight, k.color, {
          sliceMs: ENCODE_SLICE_MS,
          yieldTo: macrotask,
        });
        return { value: url };
      } finally {
        buffers.give(k.r.mask.data.buffer);
      }
    }),
  assistTrackBox: (keys, params, onProgress) =>
    wrap(() => job(onProgress, async (e, ctx) => ({ value: await e.trackBox(keys, params, ctx) }))),
};
