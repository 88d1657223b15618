// The geometry backend for browser pages: every entity-level geometry call goes to the worker pool.
import type { GeometryBackend, Mask } from '../entities/geometry-backend.js';
import { assertMask } from '../geometry/mask.js';
import type { GeometryWorkerPool } from './pool.js';
import { unpackPolygons } from './protocol.js';

/** Bytes copied between checks of the time budget. */
const COPY_SLICE = 2 << 20;
/** Longest main-thread stretch of a copy before it yields, ms: far below a 50 ms long task. */
const COPY_BUDGET_MS = 8;

/** Lets the page's event loop run (input, rendering) between slices of a long copy. */
function yieldToEventLoop(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof s?.yield === 'function') return s.yield();
  return new Promise((r) => setTimeout(r, 0));
}

/**
 * Copies a mask so transferring it does not detach the caller's buffer (or a larger shared one). The
 * copy goes into a buffer a worker gave back after an earlier call when one fits (its pages are already
 * mapped: ~1 ms for 16 MB where a new buffer costs ~50 ms of first-touch page faults on a loaded
 * machine), else into a new one. It runs in {@link COPY_SLICE} pieces and yields to the event loop
 * whenever {@link COPY_BUDGET_MS} have passed, so no copy is a main-thread long task.
 */
async function transferableCopy(
  mask: Mask,
  pool: GeometryWorkerPool,
): Promise<{ mask: Mask; transfer: Transferable[] }> {
  assertMask(mask); // fail fast on the page: a typed error without a round trip
  const src = mask.data;
  const n = src.length;
  const reused = n > 0 ? pool.takeBuffer(n) : null;
  const data = reused ? new Uint8Array(reused, 0, n) : new Uint8Array(n);
  let since = performance.now();
  for (let o = 0; o < n; o += COPY_SLICE) {
    if (o > 0 && performance.now() - since > COPY_BUDGET_MS) {
      await yieldToEventLoop();
      since = performance.now();
    }
    data.set(src.subarray(o, Math.min(n, o + COPY_SLICE)), o);
  }
  return { mask: { width: mask.width, height: mask.height, data }, transfer: [data.buffer] };
}

/** The caller gave the mask up: transfer its own buffer when `data` spans all of it, else copy. */
function transferableOwn(
  mask: Mask,
  pool: GeometryWorkerPool,
): Promise<{ mask: Mask; transfer: Transferable[] }> | { mask: Mask; transfer: Transferable[] } {
  assertMask(mask);
  const d = mask.data;
  if (d.byteOffset !== 0 || d.byteLength !== d.buffer.byteLength || !(d.buffer instanceof ArrayBuffer))
    return transferableCopy(mask, pool);
  return { mask: { width: mask.width, height: mask.height, data: d }, transfer: [d.buffer] };
}

/**
 * A {@link GeometryBackend} over a worker pool (the page's shared one by default). Masks are copied
 * once (into a recycled buffer when the pool has one, yielding to the page during long copies) and
 * transferred, or transferred without a copy with `transferMask: true`; results come back as
 * transferables. Calls accept `signal` to cancel.
 */
export function createWorkerBackend(pool: () => GeometryWorkerPool): GeometryBackend {
  return {
    async polygonsFromSegmentation(mask, options = {}) {
      const { signal, transferMask, ...rest } = options;
      const p = pool();
      const m = await (transferMask ? transferableOwn(mask, p) : transferableCopy(mask, p));
      return unpackPolygons(await p.call('polygonsFromSegmentation', [m.mask, rest], { signal, transfer: m.transfer }));
    },
    async boxesFromSegmentation(mask, options = {}) {
      const p = pool();
      const m = await (options.transferMask ? transferableOwn(mask, p) : transferableCopy(mask, p));
      return p.call('boxesFromSegmentation', [m.mask], { signal: options.signal, transfer: m.transfer });
    },
    async maskFromPolygon(points, height, width, options = {}) {
      return pool().call('maskFromPolygon', [points.map((p) => ({ x: p.x, y: p.y })), height, width], {
        signal: options.signal,
      });
    },
    async decodeSegmentation(dataUrl, options = {}) {
      return pool().call('decodeSegmentation', [dataUrl], { signal: options.signal });
    },
    async encodeSegmentation(mask, color, options = {}) {
      const p = pool();
      const m = await (options.transferMask ? transferableOwn(mask, p) : transferableCopy(mask, p));
      return p.call('encodeSegmentation', [m.mask, [color[0], color[1], color[2]]], {
        signal: options.signal,
        transfer: m.transfer,
      });
    },
    async masksFromInstanceMask(mask, instanceMap, options = {}) {
      const p = pool();
      const m = await transferableCopy(mask, p);
      const map = instanceMap.map(([label, id]): [string, number] => [label, id]);
      return p.call('masksFromInstanceMask', [m.mask, map], { signal: options.signal, transfer: m.transfer });
    },
  };
}
