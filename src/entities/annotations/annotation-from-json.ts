// Annotation.fromJson: platform JSON -> AnnotationInit, throwing DlParseError with a JSON path.
import { DlParseError } from '../errors.js';
import { isObject, readArray, readObject, requireKey, type JsonObject } from '../json-read.js';
import type { AnnotationInit } from './annotation-init.js';
import type { AnnotationDefinition } from './base-definition.js';
import { definitionFromJson } from './definition-from-json.js';
import { Segmentation } from './definitions/segmentation.js';
import { FrameAnnotation } from './frame-annotation.js';
import { itemFps, itemMimetype, itemSize } from './item-info.js';
import { optBoolean, optNumber, optString, readAttributes, structuredCloneJson } from './json-util.js';
import { maskSizeProblem } from './mask-header.js';
import { normalizeObjectId } from './object-id.js';
import { setOwn } from './own-keys.js';
import type { AnnotationItemLike } from './types.js';

/** Options of {@link Annotation.fromJson}. */
export interface AnnotationFromJsonOptions {
  /** The annotation's item: gives fps, video/audio detection, ids and size. */
  item?: AnnotationItemLike | null;
  /** Force video (true) or image (false); unknown => item mimetype, else `metadata.system.endFrame > 0`. */
  isVideo?: boolean | null;
  /** Force audio; unknown => item mimetype contains `audio`. */
  isAudio?: boolean | null;
  /** fps when the item does not give one. @default 25 for video, 1000 for audio */
  fps?: number | null;
  /** Item size when no item is given. */
  width?: number | null;
  height?: number | null;
}

/** Top-level keys of an annotation in the order of the SDK's `Annotation.to_json()` (spec §0). */
export const ANNOTATION_KEY_ORDER: readonly string[] = [
  'id',
  'url',
  'creator',
  'metadata',
  'hash',
  'itemId',
  'item',
  'label',
  'dataset',
  'createdAt',
  'updatedBy',
  'updatedAt',
  'source',
  'description',
  'labelSuggestions',
  'datasetId',
  'type',
  'coordinates',
  'attributes',
];

/** Top-level keys dl-kit interprets; anything else is kept and written back after them. */
export const KNOWN_TOP_LEVEL_KEYS: ReadonlySet<string> = new Set(['_id', ...ANNOTATION_KEY_ORDER]);

const REQUIRED = ['type', 'label', 'creator', 'createdAt', 'updatedBy', 'updatedAt'] as const;

function nonNegInt(v: unknown, path: string, fallback: number): number {
  if (v === null || v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new DlParseError(path, 'an integer frame number', v);
  return v;
}

/** Parses one annotation's JSON into the state of an Annotation. */
export function parseAnnotationJson(json: unknown, options: AnnotationFromJsonOptions = {}): AnnotationInit {
  const root = readObject(json, '$');
  for (const k of REQUIRED) requireKey(root, k, '$');
  const type = optString(root['type'], '$.type');
  const label = optString(root['label'], '$.label');
  const givenItem = options.item ?? null;

  // Read from the caller's object; the copy kept on the annotation is made at the end.
  let metadata: JsonObject = {};
  if ('metadata' in root) metadata = readObject(root['metadata'], '$.metadata');
  else if (!givenItem && (options.isVideo === null || options.isVideo === undefined)) {
    // The SDK reads metadata.system.endFrame to detect video: metadata is required here.
    throw new DlParseError('$.metadata', 'an object (required when neither item nor isVideo is given)', undefined);
  }
  const rawSystem = metadata['system'];
  if (rawSystem !== null && rawSystem !== undefined && !isObject(rawSystem)) {
    throw new DlParseError('$.metadata.system', 'an object or null', rawSystem);
  }
  const system: JsonObject = isObject(rawSystem) ? rawSystem : {};
  const sp = '$.metadata.system';

  const mimetype = itemMimetype(givenItem);
  let isVideo = options.isVideo ?? null;
  if (isVideo === null) {
    if (!givenItem) isVideo = (optNumber(system['endFrame'], `${sp}.endFrame`) ?? 0) > 0;
    else isVideo = mimetype?.includes('video') ?? false;
  }
  const isAudio = options.isAudio ?? mimetype?.includes('audio') ?? false;
  // As the SDK: an item the annotation does not belong to is ignored after type detection.
  let item = givenItem;
  if (item && typeof item.id === 'string' && typeof root['itemId'] === 'string' && root['itemId'] !== item.id)
    item = null;

  const objectId = normalizeObjectId(system['objectId'], `${sp}.objectId`);
  const status = optString(system['status'], `${sp}.status`);
  const automatedRaw = system['automated'];
  const automated =
    automatedRaw === null || automatedRaw === undefined ? null : optBoolean(automatedRaw, `${sp}.automated`, false);
  const namedAttributes = readAttributes(system['attributes'], `${sp}.attributes`);
  const recipe1Attributes = 'attributes' in root ? structuredCloneJson(root['attributes']) : null;
  const description = optString(root['description'], '$.description');

  let fps: number | null = null;
  let startFrame = 0;
  let startTime = 0;
  let endFrame: number | null = null;
  let endTime = 0;
  if (isVideo || isAudio) {
    fps = itemFps(item) ?? optNumber(options.fps, 'options.fps') ?? (isVideo ? 25 : 1000);
    startFrame = nonNegInt(system['frame'], `${sp}.frame`, 0);
    startTime = optNumber(system['startTime'], `${sp}.startTime`) ?? 0;
    const ef = system['endFrame'];
    endFrame = ef === null || ef === undefined ? null : nonNegInt(ef, `${sp}.endFrame`, 0);
    endTime = optNumber(system['endTime'], `${sp}.endTime`) ?? 1.5;
  }

  const frames: FrameAnnotation[] = [];
  let definition = null;
  if (isVideo) {
    const first = new FrameAnnotation({
      definition: definitionFromJson(
        type,
        root['coordinates'],
        { label, attributes: namedAttributes, description },
        '$.coordinates',
      ),
      frameNum: startFrame,
      fixed: true,
      objectVisible: true,
      recipe1Attributes: recipe1Attributes ?? undefined,
    });
    if (!first.definition.hasCoordinates) first.rawData = structuredCloneJson(root['coordinates']);
    frames.push(first);
    const rawSnaps = system['snapshots_'];
    const snaps = rawSnaps === null || rawSnaps === undefined ? [] : readArray(rawSnaps, `${sp}.snapshots_`);
    let last = startFrame;
    snaps.forEach((s, i) => {
      const f = FrameAnnotation.fromSnapshot(s, type, last, `${sp}.snapshots_[${i}]`);
      frames.push(f);
      last = Math.max(last, f.frameNum);
    });
  } else {
    definition = definitionFromJson(
      type,
      root['coordinates'],
      { label, attributes: namedAttributes, description },
      '$.coordinates',
    );
  }

  // toJson rewrites snapshots_ of video tracks from the frames: do not copy the old ones.
  const rewritesSnapshots = isVideo && type !== 'subtitle' && isObject(rawSystem) && 'snapshots_' in rawSystem;
  if (rewritesSnapshots) {
    const sysCopy: JsonObject = {};
    for (const [k, v] of Object.entries(rawSystem))
      setOwn(sysCopy, k, k === 'snapshots_' ? [] : structuredCloneJson(v));
    const mdCopy: JsonObject = {};
    for (const [k, v] of Object.entries(metadata)) setOwn(mdCopy, k, k === 'system' ? sysCopy : structuredCloneJson(v));
    metadata = mdCopy;
  } else {
    metadata = structuredCloneJson(metadata);
  }

  const extra: JsonObject = {};
  for (const [k, v] of Object.entries(root)) if (!KNOWN_TOP_LEVEL_KEYS.has(k)) setOwn(extra, k, structuredCloneJson(v));

  const size = itemSize(item);
  checkMaskSizes(definition, frames, {
    width: size.width ?? optNumber(options.width, 'options.width') ?? null,
    height: size.height ?? optNumber(options.height, 'options.height') ?? null,
  });
  const idKey = 'id' in root ? 'id' : '_id';
  const str = (k: string) => optString(root[k], `$.${k}`);
  const strOr = (k: string, fallback: string | null | undefined) => (k in root ? str(k) : (fallback ?? null));
  return {
    id: optString(root[idKey], `$.${idKey}`),
    url: str('url'),
    itemUrl: strOr('item', item?.url),
    itemId: strOr('itemId', item?.id),
    datasetUrl: strOr('dataset', typeof item?.dataset === 'string' ? item.dataset : null),
    datasetId: strOr('datasetId', item?.datasetId),
    creator: str('creator'),
    createdAt: str('createdAt'),
    updatedBy: str('updatedBy'),
    updatedAt: str('updatedAt'),
    source: str('source'),
    hash: str('hash'),
    labelSuggestions: 'labelSuggestions' in root ? structuredCloneJson(root['labelSuggestions']) : undefined,
    metadata,
    type,
    recipe1Attributes,
    extra,
    objectId,
    status,
    automated,
    fps,
    item,
    itemWidth: size.width ?? optNumber(options.width, 'options.width'),
    itemHeight: size.height ?? optNumber(options.height, 'options.height'),
    startFrame,
    endFrame,
    startTime,
    endTime,
    frames,
    definition,
  };
}

/** A `binary` mask covers its whole item: with a known item size, every frame's mask must have it. */
function checkMaskSizes(
  definition: AnnotationDefinition | null,
  frames: FrameAnnotation[],
  size: { width: number | null; height: number | null },
): void {
  const check = (d: AnnotationDefinition | null, path: string) => {
    if (!(d instanceof Segmentation)) return;
    const header = d.maskHeader;
    if (typeof header === 'string') return; // refused by Segmentation.fromCoordinates already
    const problem = maskSizeProblem(header, size);
    if (problem) throw new DlParseError(path, `a mask of the item's size ${size.width}x${size.height}`, problem);
  };
  check(definition, '$.coordinates');
  frames.forEach((f, i) =>
    check(f.definition, i === 0 ? '$.coordinates' : `$.metadata.system.snapshots_[${i - 1}].data`),
  );
}
