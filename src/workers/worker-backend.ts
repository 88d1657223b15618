// The geometry backend for browser pages: every entity-level geometry call goes to the worker pool.
import type { GeometryBackend, Mask } from '../entities/geometry-backend.js';
import { assertMask } from '../geometry/mask.js';
import type { GeometryWorkerPool } from './pool.js';
import { unpackPolygons } from './protocol.js';

/** Copies a mask so transferring it does not detach the caller's buffer (or a larger shared one). */
function transferableCopy(mask: Mask): { mask: Mask; transfer: Transferable[] } {
  assertMask(mask); // fail fast on the page: a typed error without a round trip
  const data = mask.data.slice();
  return { mask: { width: mask.width, height: mask.height, data }, transfer: [data.buffer] };
}

/** The caller gave the mask up: transfer its own buffer when `data` spans all of it, else copy. */
function transferableOwn(mask: Mask): { mask: Mask; transfer: Transferable[] } {
  assertMask(mask);
  const d = mask.data;
  if (d.byteOffset !== 0 || d.byteLength !== d.buffer.byteLength || !(d.buffer instanceof ArrayBuffer)) return transferableCopy(mask);
  return { mask: { width: mask.width, height: mask.height, data: d }, transfer: [d.buffer] };
}

/**
 * A {@link GeometryBackend} over a worker pool (the page's shared one by default). Masks are copied
 * once and transferred; results come back as transferables. Calls accept `signal` to cancel.
 */
export function createWorkerBackend(pool: () => GeometryWorkerPool): GeometryBackend {
  return {
    async polygonsFromSegmentation(mask, options = {}) {
      const { signal, ...rest } = options;
      const m = transferableCopy(mask);
      return unpackPolygons(await pool().call('polygonsFromSegmentation', [m.mask, rest], { signal, transfer: m.transfer }));
    },
    async boxesFromSegmentation(mask, options = {}) {
      const m = transferableCopy(mask);
      return pool().call('boxesFromSegmentation', [m.mask], { signal: options.signal, transfer: m.transfer });
    },
    async maskFromPolygon(points, height, width, options = {}) {
      return pool().call('maskFromPolygon', [points.map((p) => ({ x: p.x, y: p.y })), height, width], { signal: options.signal });
    },
    async decodeSegmentation(dataUrl, options = {}) {
      return pool().call('decodeSegmentation', [dataUrl], { signal: options.signal });
    },
    async encodeSegmentation(mask, color, options = {}) {
      const m = options.transferMask ? transferableOwn(mask) : transferableCopy(mask);
      return pool().call('encodeSegmentation', [m.mask, [color[0], color[1], color[2]]], { signal: options.signal, transfer: m.transfer });
    },
    async masksFromInstanceMask(mask, instanceMap, options = {}) {
      const m = transferableCopy(mask);
      const map = instanceMap.map(([label, id]): [string, number] => [label, id]);
      return pool().call('masksFromInstanceMask', [m.mask, map], { signal: options.signal, transfer: m.transfer });
    },
  };
}
