// The geometry worker: the only place OpenCV.js loads in a browser. Exposed with comlink; every method
// resolves to a WireResult (comlink would drop an error's `code`), and pixel buffers leave as transferables.
import * as Comlink from 'comlink';
import { decodeSegmentationPng, encodeSegmentationPng } from '../geometry/codec/segmentation-codec.js';
import { boxesFromSegmentation, polygonsFromSegmentation } from '../geometry/kernels/from-segmentation.js';
import { maskFromPolygon } from '../geometry/kernels/from-polygon.js';
import { masksFromInstanceMask } from '../geometry/kernels/instance-mask.js';
import { renderAnnotations } from '../geometry/kernels/render.js';
import { loadOpenCv } from '../geometry/opencv/load-opencv.js';
import { assistWorkerApi } from './assist-worker-api.js';
import { fail, packPolygons, type GeometryWorkerApi, type PackedPolygons, type WireResult } from './protocol.js';

/**
 * Sends `result` with `transfer` and gives the buffers of the input masks back to the page
 * (`recycled`): the page's next mask copy reuses their memory instead of faulting in fresh pages.
 */
function reply<T extends WireResult<unknown>>(result: T, inputs: unknown[], transfer: Transferable[] = []): T {
  const recycled: ArrayBuffer[] = [];
  for (const m of inputs) {
    const buf = (m as { data?: { buffer?: unknown } } | null)?.data?.buffer;
    if (buf instanceof ArrayBuffer && buf.byteLength > 0 && !recycled.includes(buf) && !transfer.includes(buf))
      recycled.push(buf);
  }
  if (recycled.length) result.recycled = recycled;
  return Comlink.transfer(result, [...transfer, ...recycled]);
}

function packedOk(p: PackedPolygons): WireResult<PackedPolygons> & { ok: true } {
  return { ok: true, value: p };
}

function packedBuffers(p: PackedPolygons): Transferable[] {
  return [p.coords.buffer, p.ringSizes.buffer, p.polygonRings.buffer] as Transferable[];
}

/** Where {@link GeometryWorkerApi.benchProbe}'s loop leaves its result (so that it is not optimised away). */
let probeSink = 1;

const api: GeometryWorkerApi = {
  ...assistWorkerApi,
  async warm() {
    try {
      const { loadMs } = await loadOpenCv();
      return { ok: true, value: { loadMs } };
    } catch (e) {
      return fail(e);
    }
  },
  async polygonsFromSegmentation(mask, options) {
    try {
      const { cv } = await loadOpenCv();
      const p = packPolygons(polygonsFromSegmentation(cv, mask, options));
      return reply(packedOk(p), [mask], packedBuffers(p));
    } catch (e) {
      return reply(fail(e), [mask]);
    }
  },
  async polygonsFromSegmentationBatch(masks, options, onProgress) {
    try {
      const { cv } = await loadOpenCv();
      const out: Array<WireResult<PackedPolygons>> = [];
      const buffers: Transferable[] = [];
      for (let i = 0; i < masks.length; i++) {
        try {
          const p = packPolygons(polygonsFromSegmentation(cv, masks[i]!, options));
          buffers.push(...packedBuffers(p));
          out.push(packedOk(p));
        } catch (e) {
          out.push(fail(e)); // one bad mask does not sink the batch
        }
        if (onProgress) void onProgress(i + 1, masks.length);
      }
      return reply({ ok: true, value: out }, masks, buffers);
    } catch (e) {
      return reply(fail(e), Array.isArray(masks) ? masks : []);
    }
  },
  async boxesFromSegmentation(mask) {
    try {
      const { cv } = await loadOpenCv();
      return reply({ ok: true, value: boxesFromSegmentation(cv, mask) }, [mask]);
    } catch (e) {
      return reply(fail(e), [mask]);
    }
  },
  async maskFromPolygon(points, height, width) {
    try {
      const { cv } = await loadOpenCv();
      const m = maskFromPolygon(cv, points, height, width);
      return Comlink.transfer({ ok: true, value: m }, [m.data.buffer as ArrayBuffer]);
    } catch (e) {
      return fail(e);
    }
  },
  async decodeSegmentation(dataUrl) {
    try {
      const r = decodeSegmentationPng(dataUrl);
      return Comlink.transfer({ ok: true, value: r }, [r.mask.data.buffer as ArrayBuffer]);
    } catch (e) {
      return fail(e);
    }
  },
  async encodeSegmentation(mask, color) {
    try {
      return reply({ ok: true, value: encodeSegmentationPng(mask, color) }, [mask]);
    } catch (e) {
      return reply(fail(e), [mask]);
    }
  },
  async masksFromInstanceMask(mask, instanceMap) {
    try {
      const out = masksFromInstanceMask(mask, instanceMap);
      return reply(
        { ok: true, value: out },
        [mask],
        out.map((o) => o.mask.data.buffer as ArrayBuffer),
      );
    } catch (e) {
      return reply(fail(e), [mask]);
    }
  },
  async renderAnnotations(annotations, options) {
    try {
      const { cv } = await loadOpenCv();
      const out = renderAnnotations(cv, annotations, options);
      return Comlink.transfer({ ok: true, value: out }, [out.data.buffer as ArrayBuffer]);
    } catch (e) {
      return fail(e);
    }
  },
  async misbehave(kind) {
    if (kind === 'hang') {
      const end = Date.now() + 600_000;
      while (Date.now() < end) {
        /* spin: simulates a stuck kernel */
      }
    } else {
      // Never answers: the uncaught error reaches the page as the Worker's `error` event mid-call.
      await new Promise<void>(() => {
        setTimeout(() => {
          throw new Error('geometry worker: deliberate crash (test hook)');
        });
      });
    }
  },
  async benchProbe(steps) {
    let h = probeSink | 0;
    const t = performance.now();
    for (let i = 0; i < steps; i++) h = (Math.imul(h ^ i, 0x2c1b3c6d) + (h >>> 13)) | 0;
    const ms = performance.now() - t;
    probeSink = h;
    return { ok: true, value: ms };
  },
};

Comlink.expose(api);
