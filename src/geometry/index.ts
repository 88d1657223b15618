// Public exports of src/geometry: shape maths, the Mask codec and the OpenCV kernels (plain functions
// that take a loaded `cv`). Importing this registers the in-process geometry backend outside browser pages.
import './register.js';

export * from './shapes/index.js';
export * from './shapes/interpolate.js';
export { DlGeometryError, type DlGeometryErrorCode } from './errors.js';
export { assertMask, maskMaxAndBounds, thresholdTable, type PixelRect } from './mask.js';
export { numpyArgsort } from './numpy-argsort.js';
export { loadOpenCv, type LoadedOpenCv, type OpenCv } from './opencv/load-opencv.js';
export {
  decodeSegmentationPng,
  encodeSegmentationPng,
  type DecodedSegmentation,
  type Rgba,
} from './codec/segmentation-codec.js';
export { base64ToBytes, bytesToBase64 } from './codec/base64.js';
export {
  polygonsFromSegmentation,
  boxesFromSegmentation,
  type PixelBox,
  type SegmentationKernelOptions,
} from './kernels/from-segmentation.js';
export { maskFromPolygon, assertVertices } from './kernels/from-polygon.js';
export { masksFromInstanceMask, type LabelMask } from './kernels/instance-mask.js';
export { renderAnnotations, type RenderOptions, type RenderableAnnotation } from './kernels/render.js';
export { createInProcessBackend, isBrowserMainThread } from './in-process-backend.js';
