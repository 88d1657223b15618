// The Dataloop entity model: pure TypeScript, no DOM, no network, no OpenCV.
export { DlError, DlParseError } from './errors.js';
export { roundHalfEven } from './rounding.js';
export * from './enums.js';
export { setGeometryBackend, getGeometryBackend } from './geometry-backend.js';
export type { Mask, XY, FromSegmentationOptions, GeometryBackend } from './geometry-backend.js';
export * from './annotations/index.js';
export * from './filters/index.js';
export * from './ontology/index.js';
export * from './resources/index.js';
