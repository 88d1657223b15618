// Public exports of the annotation part of the entity model.
export type { Attributes, Point2, Vec3, AnnotationItemLike, ModelInfo } from './types.js';
export { AnnotationDefinition, type DefinitionOptions } from './base-definition.js';
export { Box, type BoxOptions } from './definitions/box.js';
export { Classification } from './definitions/classification.js';
export { Cube, CUBE_CORNERS, type CubeCorner, type CubeOptions } from './definitions/cube.js';
export { Cube3d, type Cube3dOptions } from './definitions/cube-3d.js';
export { Ellipse, type EllipseOptions } from './definitions/ellipse.js';
export { Point, type PointOptions } from './definitions/point.js';
export { Polygon, Polyline, type PolygonOptions } from './definitions/polygon.js';
export { Segmentation, PNG_DATA_URL_PREFIX, type SegmentationOptions, type Rgb } from './definitions/segmentation.js';
export { MAX_MASK_PIXELS, type MaskHeader, maskSizeProblem, readMaskHeader } from './mask-header.js';
export { Note, type NoteOptions, type NoteMessage } from './definitions/note.js';
export {
  Subtitle,
  Description,
  Text,
  FreeText,
  RefImage,
  type TextOnlyOptions,
  type TextOptions,
  type FreeTextOptions,
  type RefImageOptions,
} from './definitions/text-like.js';
export {
  Pose,
  Gis,
  Comparison,
  UndefinedAnnotation,
  type PoseOptions,
  type GisOptions,
  type GisGeoType,
} from './definitions/other.js';
export { definitionFromJson, KNOWN_DEFINITION_TYPES } from './definition-from-json.js';
export { FrameAnnotation, type FrameAnnotationOptions } from './frame-annotation.js';
export {
  Annotation,
  type NewAnnotationOptions,
  type AddFrameOptions,
  type SetKeyFrameOptions,
  type TrackedFrame,
} from './annotation.js';
export { KNOWN_TOP_LEVEL_KEYS, type AnnotationFromJsonOptions } from './annotation-from-json.js';
export {
  AnnotationCollection,
  type AnnotationParseFailure,
  type AnnotationCollectionFromJsonOptions,
  type FromInstanceMaskOptions,
  type AddAnnotationOptions,
} from './annotation-collection.js';
export { normalizeObjectId } from './object-id.js';
export { jsonEqual } from './json-util.js';
export { encodeAnnotationForUpload } from './upload-encoding.js';
export { trackStateAt, trackRange, trackSnapshots, type TrackFrameState, type TrackJsonLike } from './track-state.js';
export {
  interpolateCoordinates,
  coordinatesToFlat,
  flatToCoordinates,
  coordinatesNear,
  INTERPOLATED_TYPES,
} from './track-interpolation.js';
export { readVtt, writeVtt, vttTimestamp, type VttCue } from './vtt.js';
