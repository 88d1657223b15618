import { HttpError } from './http/errors.js';
import { Annotation } from '../src/entities/annotations/index.js';
import { DlError } from '../src/entities/errors.js';
import { MASK_DATA_URL_PREFIX, readMaskHeader } from '../src/entities/annotations/mask-header.js';
import { pngDataProblem } from '../src/geometry/codec/png-check.js';

type J = Record<string, unknown>;
const isObj = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

function point(v: unknown, path: string): string | undefined {
  if (!isObj(v)) return `${path}: expected an object {x, y}`;
  if (!isNum(v.x)) return `${path}.x: expected a number`;
  if (!isNum(v.y)) return `${path}.y: expected a number`;
  return undefined;
}

function ring(v: unknown, path: string): string | undefined {
  if (!Array.isArray(v) || !Array.isArray(v[0])) return `${path}: expected [[{x, y}, ...]]`;
  for (let i = 0; i < v[0].length; i++) {
    const e = point(v[0][i], `${path}[0][${i}]`);
    if (e) return e;
  }
  return undefined;
}

/** The parts of a stored item the entity reader uses (fps, video detection, size). */
function itemLike(item: Record<string, unknown> | undefined) {
  if (!item) return null;
  const meta = isObj(item.metadata) ? item.metadata : {};
  const sys = isObj(meta.system) ? meta.system : {};
  return {
    id: item.id as string,
    datasetId: item.datasetId as string,
    metadata: meta,
    mimetype: typeof sys.mimetype === 'string' ? sys.mimetype : null,
    width: typeof sys.width === 'number' ? sys.width : null,
    height: typeof sys.height === 'number' ? sys.height : null,
    fps: typeof meta.fps === 'number' ? meta.fps : null,
  };
}

/**
 * Check one annotation body and return the first problem (`$.path: expected ...`), or
 * `undefined` when it is acceptable. The entity model's `Annotation.fromJson` decides (its
 * `DlParseError` message is returned); the keys the server fills in (`creator`, dates) may be
 * missing from the body. A few server rules follow (v2 attributes object, numeric objectId,
 * drawable coordinates present).
 */
export function annotationProblem(a: unknown, item?: Record<string, unknown>): string | undefined {
  if (!isObj(a)) return '$: expected an annotation object';
  try {
    Annotation.fromJson(
      { label: null, creator: null, createdAt: null, updatedBy: null, updatedAt: null, ...a },
      { item: itemLike(item) },
    );
  } catch (e) {
    if (e instanceof DlError) return e.message;
    throw e;
  }
  return shapeProblem(a);
}

/** The server's own minimal shape rules, applied after the entity reader. */
function shapeProblem(a: J): string | undefined {
  if (!isObj(a)) return '$: expected an annotation object';
  if (typeof a.type !== 'string' || !a.type) return '$.type: expected a non-empty string';
  if (a.label !== undefined && a.label !== null && typeof a.label !== 'string') return '$.label: expected a string';
  if (a.metadata !== undefined && a.metadata !== null && !isObj(a.metadata)) return '$.metadata: expected an object';
  if (isObj(a.metadata) && a.metadata.system !== undefined && !isObj(a.metadata.system))
    return '$.metadata.system: expected an object';
  const sys = isObj(a.metadata) && isObj(a.metadata.system) ? a.metadata.system : {};
  if (sys.attributes !== undefined && sys.attributes !== null && !isObj(sys.attributes))
    return '$.metadata.system.attributes: expected an object (v2 attributes)';
  if (sys.objectId !== undefined && sys.objectId !== null && !/^\d+$/.test(String(sys.objectId)))
    return '$.metadata.system.objectId: expected a string of digits';
  if (a.attributes !== undefined && a.attributes !== null && !Array.isArray(a.attributes))
    return '$.attributes: expected a list (v1 attributes) or null';
  const c = a.coordinates;
  switch (a.type) {
    case 'box': {
      if (!Array.isArray(c) || c.length < 2) return '$.coordinates: expected [{x, y}, {x, y}] for a box';
      return (
        point(c[0], '$.coordinates[0]') ??
        point(c[1], '$.coordinates[1]') ??
        (c.length > 2 && !isNum(c[2]) ? '$.coordinates[2]: expected the angle in degrees' : undefined)
      );
    }
    case 'point':
      return point(c, '$.coordinates');
    case 'segment':
    case 'polyline':
      return ring(c, '$.coordinates');
    case 'ellipse':
      if (!isObj(c)) return '$.coordinates: expected {center, rx, ry, angle}';
      return (
        point(c.center, '$.coordinates.center') ??
        (!isNum(c.rx)
          ? '$.coordinates.rx: expected a number'
          : !isNum(c.ry)
            ? '$.coordinates.ry: expected a number'
            : undefined)
      );
    case 'cube': {
      if (!isObj(c)) return '$.coordinates: expected the 8 cube corners';
      for (const k of ['front_tl', 'front_tr', 'front_br', 'front_bl', 'back_tl', 'back_tr', 'back_br', 'back_bl']) {
        const e = point(c[k], `$.coordinates.${k}`);
        if (e) return e;
      }
      return undefined;
    }
    case 'binary': {
      const s = isObj(c) ? c.data : c;
      if (typeof s !== 'string' || !s.startsWith('data:image/png;base64,'))
        return '$.coordinates: expected a "data:image/png;base64,..." string';
      // The entity reader checked the header (base64, PNG, size); here the whole file: its image
      // data must inflate to exactly what the header declares (counted, never held).
      const header = readMaskHeader(s);
      if (typeof header === 'string') return `$.coordinates: ${header}`;
      const problem = pngDataProblem(Buffer.from(s.slice(MASK_DATA_URL_PREFIX.length), 'base64'), header);
      return problem ? `$.coordinates: ${problem}` : undefined;
    }
    case 'class':
      return undefined;
    default:
      return undefined;
  }
}

/** Validate a batch; throws 400 naming the first bad index. */
export function validateAnnotationBatch(list: unknown[], item?: Record<string, unknown>): void {
  for (let i = 0; i < list.length; i++) {
    const p = annotationProblem(list[i], item);
    if (p) throw new HttpError(400, `annotation [${i}]: ${p}`, { index: i });
  }
}
