// Enums of the Dataloop SDK (spec §8), string values exact. Each is a frozen object plus a union type,
// so `AnnotationType.POLYGON === 'segment'` and plain JSON strings type-check alike.

/** Annotation `type` strings. Item descriptions use `item_description`, which the SDK keeps outside this enum. */
export const AnnotationType = Object.freeze({
  BOX: 'box',
  CUBE: 'cube',
  CUBE3D: 'cube_3d',
  CLASSIFICATION: 'class',
  COMPARISON: 'comparison',
  ELLIPSE: 'ellipse',
  NOTE: 'note',
  POINT: 'point',
  POLYGON: 'segment',
  POLYLINE: 'polyline',
  POSE: 'pose',
  SEGMENTATION: 'binary',
  SUBTITLE: 'subtitle',
  TEXT: 'text_mark',
  GIS: 'gis',
  SEMANTIC_3D: 'ref_semantic_3d',
  POLYLINE_3D: 'polyline_3d',
  FREE_TEXT: 'text',
  REF_IMAGE: 'ref_image',
} as const);
/** One of the {@link AnnotationType} values. */
export type AnnotationType = (typeof AnnotationType)[keyof typeof AnnotationType];

/** Annotation review status; CLEAR is sent as `null` so the backend removes it. */
export const AnnotationStatus = Object.freeze({
  ISSUE: 'issue',
  APPROVED: 'approved',
  REVIEW: 'review',
  CLEAR: 'clear',
} as const);
/** One of the {@link AnnotationStatus} values. */
export type AnnotationStatus = (typeof AnnotationStatus)[keyof typeof AnnotationStatus];

/** How annotations are rendered or downloaded. */
export const ViewAnnotationOptions = Object.freeze({
  JSON: 'json',
  MASK: 'mask',
  INSTANCE: 'instance',
  ANNOTATION_ON_IMAGE: 'img_mask',
  VTT: 'vtt',
  OBJECT_ID: 'object_id',
} as const);
/** One of the {@link ViewAnnotationOptions} values. */
export type ViewAnnotationOptions = (typeof ViewAnnotationOptions)[keyof typeof ViewAnnotationOptions];

/** Item status in a task; custom task actions are valid statuses too. */
export const ItemStatus = Object.freeze({
  COMPLETED: 'completed',
  APPROVED: 'approved',
  DISCARDED: 'discard',
} as const);
/** One of the {@link ItemStatus} values, or a custom action string. */
export type ItemStatus = (typeof ItemStatus)[keyof typeof ItemStatus] | (string & {});

/** Task priority (integers). */
export const TaskPriority = Object.freeze({ LOW: 1, MEDIUM: 2, HIGH: 3 } as const);
/** One of the {@link TaskPriority} values. */
export type TaskPriority = (typeof TaskPriority)[keyof typeof TaskPriority];

/** How a task hands items to annotators. */
export const AllocationMethod = Object.freeze({ DISTRIBUTION: 'distribution', PULLING: 'pulling' } as const);
/** One of the {@link AllocationMethod} values. */
export type AllocationMethod = (typeof AllocationMethod)[keyof typeof AllocationMethod];

/** Consensus task kinds. */
export const ConsensusTaskType = Object.freeze({
  CONSENSUS: 'consensus',
  QUALIFICATION: 'qualification',
  HONEYPOT: 'honeypot',
} as const);
/** One of the {@link ConsensusTaskType} values. */
export type ConsensusTaskType = (typeof ConsensusTaskType)[keyof typeof ConsensusTaskType];

/** Task `spec.type`. */
export const TaskType = Object.freeze({ ANNOTATION: 'annotation', QA: 'qa' } as const);
/** One of the {@link TaskType} values. */
export type TaskType = (typeof TaskType)[keyof typeof TaskType];

/** DQL operators (`$in`, `$ne`...; the `$` is added by Filters). */
export const FiltersOperations = Object.freeze({
  OR: 'or',
  AND: 'and',
  IN: 'in',
  NOT_EQUAL: 'ne',
  EQUAL: 'eq',
  GREATER_THAN: 'gt',
  LESS_THAN: 'lt',
  EXISTS: 'exists',
  MATCH: 'match',
  NIN: 'nin',
  GREATER_THAN_OR_EQUAL: 'gte',
  LESS_THAN_OR_EQUAL: 'lte',
} as const);
/** One of the {@link FiltersOperations} values. */
export type FiltersOperations = (typeof FiltersOperations)[keyof typeof FiltersOperations];

/** Whether a filter condition joins `$and` or `$or`. */
export const FiltersMethod = Object.freeze({ OR: 'or', AND: 'and' } as const);
/** One of the {@link FiltersMethod} values. */
export type FiltersMethod = (typeof FiltersMethod)[keyof typeof FiltersMethod];

/** Resources a Filters query can target (spec §4.2). */
export const FiltersResource = Object.freeze({
  ITEM: 'items',
  ANNOTATION: 'annotations',
  EXECUTION: 'executions',
  PACKAGE: 'packages',
  DPK: 'dpks',
  APP: 'apps',
  SERVICE: 'services',
  TRIGGER: 'triggers',
  MODEL: 'models',
  WEBHOOK: 'webhooks',
  RECIPE: 'recipe',
  DATASET: 'datasets',
  ONTOLOGY: 'ontology',
  TASK: 'tasks',
  PIPELINE: 'pipeline',
  PIPELINE_EXECUTION: 'pipelineState',
  COMPOSITION: 'composition',
  FEATURE: 'feature_vectors',
  FEATURE_SET: 'feature_sets',
  ORGANIZATIONS: 'organizations',
  DRIVERS: 'drivers',
  SETTINGS: 'setting',
  RESOURCE_EXECUTION: 'resourceExecution',
  METRICS: 'metrics',
  SERVICE_DRIVER: 'serviceDrivers',
  COMPUTE: 'compute',
} as const);
/** One of the {@link FiltersResource} values. */
export type FiltersResource = (typeof FiltersResource)[keyof typeof FiltersResource];

/** Fields the SDK names for items. */
export const FiltersKnownFields = Object.freeze({
  DIR: 'dir',
  ANNOTATED: 'annotated',
  FILENAME: 'filename',
  CREATED_AT: 'createdAt',
  UPDATED_AT: 'updatedAt',
  LABEL: 'label',
  NAME: 'name',
  HIDDEN: 'hidden',
  TYPE: 'type',
} as const);
/** One of the {@link FiltersKnownFields} values. */
export type FiltersKnownFields = (typeof FiltersKnownFields)[keyof typeof FiltersKnownFields];

/** Sort direction. */
export const FiltersOrderByDirection = Object.freeze({ ASCENDING: 'ascending', DESCENDING: 'descending' } as const);
/** One of the {@link FiltersOrderByDirection} values. */
export type FiltersOrderByDirection = (typeof FiltersOrderByDirection)[keyof typeof FiltersOrderByDirection];

/** Project member roles. */
export const MemberRole = Object.freeze({
  OWNER: 'owner',
  DEVELOPER: 'engineer',
  ANNOTATOR: 'annotator',
  ANNOTATION_MANAGER: 'annotationManager',
} as const);
/** One of the {@link MemberRole} values. */
export type MemberRole = (typeof MemberRole)[keyof typeof MemberRole];

/** Organisation member roles. */
export const MemberOrgRole = Object.freeze({
  OWNER: 'owner',
  ADMIN: 'admin',
  MEMBER: 'member',
  WORKER: 'worker',
} as const);
/** One of the {@link MemberOrgRole} values. */
export type MemberOrgRole = (typeof MemberOrgRole)[keyof typeof MemberOrgRole];

/** Export format versions. */
export const ExportVersion = Object.freeze({ V1: 'V1', V2: 'V2' } as const);
/** One of the {@link ExportVersion} values. */
export type ExportVersion = (typeof ExportVersion)[keyof typeof ExportVersion];

/** Command statuses. */
export const CommandsStatus = Object.freeze({
  CREATED: 'created',
  MAKING_CHILDREN: 'making-children',
  WAITING_CHILDREN: 'waiting-children',
  IN_PROGRESS: 'in-progress',
  ABORTED: 'aborted',
  CANCELED: 'canceled',
  FINALIZING: 'finalizing',
  SUCCESS: 'success',
  FAILED: 'failed',
  TIMEOUT: 'timeout',
  CLEANING_UP: 'cleaning-up',
  ON_ERROR: 'on-error',
} as const);
/** One of the {@link CommandsStatus} values. */
export type CommandsStatus = (typeof CommandsStatus)[keyof typeof CommandsStatus];

/** Ontology attribute (v2) input types. */
export const AttributesTypes = Object.freeze({
  CHECKBOX: 'checkbox',
  RADIO_BUTTON: 'radio_button',
  SLIDER: 'range',
  YES_NO: 'boolean',
  FREE_TEXT: 'freeText',
} as const);
/** One of the {@link AttributesTypes} values. */
export type AttributesTypes = (typeof AttributesTypes)[keyof typeof AttributesTypes];

/** GIS geometry kinds. */
export const GisType = Object.freeze({ BOX: 'box', POLYGON: 'polygon', POLYLINE: 'polyline', POINT: 'point' } as const);
/** One of the {@link GisType} values. */
export type GisType = (typeof GisType)[keyof typeof GisType];
