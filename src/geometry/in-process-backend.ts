// The geometry backend for Node and workers: the kernels run in this thread, OpenCV loaded lazily once.
import type { GeometryBackend } from '../entities/geometry-backend.js';
import { decodeSegmentationPng, encodeSegmentationPng } from './codec/segmentation-codec.js';
import { boxesFromSegmentation, polygonsFromSegmentation } from './kernels/from-segmentation.js';
import { maskFromPolygon } from './kernels/from-polygon.js';
import { masksFromInstanceMask } from './kernels/instance-mask.js';
import { loadOpenCv } from './opencv/load-opencv.js';

function checkSignal(signal?: AbortSignal): void {
  signal?.throwIfAborted();
}
/**
 * A {@link GeometryBackend} that runs the OpenCV.js kernels in the calling thread. This is what
 * `dl-kit` registers in Node (servers, scripts, tests); in a browser page the worker backend is
 * registered instead so that OpenCV never loads on the main thread.
 */
export function createInProcessBackend(): GeometryBackend {
  return {
    async polygonsFromSegmentation(mask, options = {}) {
      checkSignal(options.signal);
      const { cv } = await loadOpenCv();
      checkSignal(options.signal);
      const { signal: _s, transferMask: _t, ...rest } = options;
      return polygonsFromSegmentation(cv, mask, rest);
    },
    async boxesFromSegmentation(mask, options = {}) {
      checkSignal(options.signal);
      const { cv } = await loadOpenCv();
      return boxesFromSegmentation(cv, mask);
    },
    async maskFromPolygon(points, height, width, options = {}) {
      checkSignal(options.signal);
      const { cv } = await loadOpenCv();
      return maskFromPolygon(cv, points, height, width);
    },
    async decodeSegmentation(dataUrl, options = {}) {
      checkSignal(options.signal);
      return decodeSegmentationPng(dataUrl);
    },
    async encodeSegmentation(mask, color, options = {}) {
      checkSignal(options.signal);
      return encodeSegmentationPng(mask, color);
    },
    async masksFromInstanceMask(mask, instanceMap, options = {}) {
      checkSignal(options.signal);
      return masksFromInstanceMask(mask, instanceMap);
    },
  };
}

/** True on a browser page's main thread (where OpenCV must not load). */
export function isBrowserMainThread(): boolean {
  return typeof window !== 'undefined' && typeof document !== 'undefined';
}
