// The geometry backend for browser pages: every entity-level geometry call goes to the worker pool.
import type { GeometryBackend, Mask } from '../entities/geometry-backend.js';
import { assertMask } from '../geometry/mask.js';
import type { GeometryWorkerPool } from './pool.js';
import { unpackPolygons } from './protocol.js';

/** Bytes copied per main-thread task: small enough to stay far below a 50 ms long task on a loaded machine. */
const COPY_SLICE = 2 << 20;

/** Lets the page's event loop run (input, rendering) between slices of a long copy. */
function yieldToEventLoop(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof s?.yield === 'function') return s.yield();
  return new Promise((r) => setTimeout(r, 0));
}

/**
 * Copies a mask so transferring it does not detach the caller's buffer (or a larger shared one). Large
 * masks are copied in {@link COPY_SLICE} pieces with the event loop running in between: one synchronous
 * `slice()` of a 4096² mask (16 MB) was a main-thread long task on a loaded machine.
 */
async function transferableCopy(mask: Mask): Promise<{ mask: Mask; transfer: Transferable[] }> {
  assertMask(mask); // fail fast on the page: a typed error without a round trip
  const src = mask.data;
  let data: Uint8Array;
  if (src.length <= COPY_SLICE) data = src.slice();
  else {
    data = new Uint8Array(src.length);
    for (let o = 0; o < src.length; o += COPY_SLICE) {
      if (o > 0) await yieldToEventLoop();
      data.set(src.subarray(o, Math.min(src.length, o + COPY_SLICE)), o);
    }
  }
  return { mask: { width: mask.width, height: mask.height, data }, transfer: [data.buffer] };
}

/** The caller gave the mask up: transfer its own buffer when `data` spans all of it, else copy. */
function transferableOwn(mask: Mask): Promise<{ mask: Mask; transfer: Transferable[] }> | { mask: Mask; transfer: Transferable[] } {
  assertMask(mask);
  const d = mask.data;
  if (d.byteOffset !== 0 || d.byteLength !== d.buffer.byteLength || !(d.buffer instanceof ArrayBuffer)) return transferableCopy(mask);
  return { mask: { width: mask.width, height: mask.height, data: d }, transfer: [d.buffer] };
}

/**
 * A {@link GeometryBackend} over a worker pool (the page's shared one by default). Masks are copied
 * once (in slices, yielding to the page) and transferred, or transferred without a copy with
 * `transferMask: true`; results come back as transferables. Calls accept `signal` to cancel.
 */
export function createWorkerBackend(pool: () => GeometryWorkerPool): GeometryBackend {
  return {
    async polygonsFromSegmentation(mask, options = {}) {
      const { signal, transferMask, ...rest } = options;
      const m = await (transferMask ? transferableOwn(mask) : transferableCopy(mask));
      return unpackPolygons(await pool().call('polygonsFromSegmentation', [m.mask, rest], { signal, transfer: m.transfer }));
    },
    async boxesFromSegmentation(mask, options = {}) {
      const m = await (options.transferMask ? transferableOwn(mask) : transferableCopy(mask));
      return pool().call('boxesFromSegmentation', [m.mask], { signal: options.signal, transfer: m.transfer });
    },
    async maskFromPolygon(points, height, width, options = {}) {
      return pool().call('maskFromPolygon', [points.map((p) => ({ x: p.x, y: p.y })), height, width], { signal: options.signal });
    },
    async decodeSegmentation(dataUrl, options = {}) {
      return pool().call('decodeSegmentation', [dataUrl], { signal: options.signal });
    },
    async encodeSegmentation(mask, color, options = {}) {
      const m = await (options.transferMask ? transferableOwn(mask) : transferableCopy(mask));
      return pool().call('encodeSegmentation', [m.mask, [color[0], color[1], color[2]]], { signal: options.signal, transfer: m.transfer });
    },
    async masksFromInstanceMask(mask, instanceMap, options = {}) {
      const m = await transferableCopy(mask);
      const map = instanceMap.map(([label, id]): [string, number] => [label, id]);
      return pool().call('masksFromInstanceMask', [m.mask, map], { signal: options.signal, transfer: m.transfer });
    },
  };
}
