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
  encodePlacedSegmentationPng,
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
// Assisted annotation: the kernels (plain functions over a loaded `cv`) and the in-process backend.
export type { AssistImage, AssistPixelFormat, PixelRegion, KernelImage } from './kernels/assist-image.js';
export {
  type PlacedMask,
  emptyPlacedMask,
  placedMaskFromMask,
  expandPlacedMask,
  combinePlacedMasks,
  polygonsFromPlacedMask,
} from './kernels/placed-mask.js';
export {
  magicWand,
  createWandWorkspace,
  disposeWandWorkspace,
  type MagicWandParams,
  type WandWorkspace,
} from './kernels/magic-wand.js';
export {
  grabCut,
  grabCutSteps,
  type GrabCutParams,
  type GrabCutStroke,
  type KernelProgress,
} from './kernels/grab-cut.js';
export {
  prepareScissors,
  setScissorsAnchor,
  scissorsPath,
  disposeScissors,
  type ScissorsParams,
  type ScissorsState,
  type IntelligentScissorsMB,
} from './kernels/intelligent-scissors.js';
export {
  watershedScribbles,
  type WatershedParams,
  type WatershedScribble,
  type LabelPlacedMask,
} from './kernels/watershed.js';
export {
  trackBox,
  trackBoxSteps,
  type TrackBox,
  type TrackedBox,
  type TrackBoxParams,
  type TrackStep,
} from './kernels/track-box.js';
export { drawTextLabel, textLabel, type TextLabelSource } from './kernels/render-text.js';
export {
  type AssistBackend,
  type AssistImageData,
  type AssistImageSource,
  type SetImageOptions,
  type AssistProgress,
  type AssistCallOptions,
  type MaskOutputOptions,
  type AssistMaskResult,
  type AssistLabelResult,
  type ScissorsHandle,
  type AssistStats,
  isAbortError,
} from './assist/assist-types.js';
export { createInProcessAssist, type InProcessAssistOptions } from './assist/in-process-assist.js';
export { DEFAULT_ASSIST_MAX_BYTES } from './assist/assist-engine.js';
export { setAssistProvider } from './assist/assist-registry.js';
