// Linear interpolation of a track's geometry between two key frames, on coordinates JSON (the
// platform's shapes): box, point, ellipse, and polygon/polyline with equal vertex counts. Every other
// type (and any mismatch) holds the earlier key frame, as dtlpy does for every type.
import { flatNear, lerpBox, lerpEllipse, lerpFlat } from '../../geometry/shapes/interpolate.js';
import { isObject } from '../json-read.js';
import { boxCoordinates, ellipseCoordinates, pointCoordinates, ringsCoordinates } from './shape-coordinates.js';

/** Annotation types dl-kit interpolates linearly between key frames. */
export const INTERPOLATED_TYPES: ReadonlySet<string> = new Set(['box', 'point', 'ellipse', 'segment', 'polyline']);

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** `[{x,y}, ...]` as flat `[x0, y0, x1, y1, ...]`, or null when any vertex is not `{x, y}` numbers. */
function ringFlat(ring: unknown): number[] | null {
  if (!Array.isArray(ring)) return null;
  const out: number[] = [];
  for (const p of ring) {
    if (!isObject(p) || !num(p['x']) || !num(p['y'])) return null;
    out.push(p['x'], p['y']);
  }
  return out;
}

/**
 * The geometry of one frame as flat numbers: box `[l, t, r, b(, angle)]`, point `[x, y]`, ellipse
 * `[cx, cy, rx, ry, angle]`, polygon/polyline one array per ring. Null when the type is not
 * interpolated or the coordinates are malformed.
 */
export function coordinatesToFlat(type: string | null, c: unknown): number[][] | null {
  switch (type) {
    case 'box': {
      if (!Array.isArray(c) || c.length < 2) return null;
      const [a, b, angle] = c;
      if (!isObject(a) || !isObject(b) || !num(a['x']) || !num(a['y']) || !num(b['x']) || !num(b['y'])) return null;
      // The SDK's reader normalises the two corners to top-left / bottom-right.
      const flat = [
        Math.min(a['x'], b['x']),
        Math.min(a['y'], b['y']),
        Math.max(a['x'], b['x']),
        Math.max(a['y'], b['y']),
      ];
      if (num(angle)) flat.push(angle);
      return [flat];
    }
    case 'point':
      return isObject(c) && num(c['x']) && num(c['y']) ? [[c['x'], c['y']]] : null;
    case 'ellipse': {
      if (!isObject(c) || !isObject(c['center'])) return null;
      const ctr = c['center'];
      if (!num(ctr['x']) || !num(ctr['y']) || !num(c['rx']) || !num(c['ry'])) return null;
      return [[ctr['x'], ctr['y'], c['rx'], c['ry'], num(c['angle']) ? c['angle'] : 0]];
    }
    case 'segment':
    case 'polyline': {
      if (!Array.isArray(c) || c.length === 0) return null;
      const rings = c.map(ringFlat);
      return rings.every((r): r is number[] => r !== null && r.length > 0) ? rings : null;
    }
    default:
      return null;
  }
}

/**
 * Flat numbers back to coordinates JSON of `type`, written by the same writers as every entity
 * (shape-coordinates.ts): the platform's shapes, `z: 0` where it has one.
 */
export function flatToCoordinates(type: string, flat: number[][]): unknown {
  const f = flat[0]!;
  switch (type) {
    case 'box':
      return boxCoordinates({ left: f[0]!, top: f[1]!, right: f[2]!, bottom: f[3]!, angle: f[4] ?? null });
    case 'point':
      return pointCoordinates(f[0]!, f[1]!);
    case 'ellipse':
      return ellipseCoordinates({ x: f[0]!, y: f[1]!, rx: f[2]!, ry: f[3]!, angle: f[4]! });
    default:
      return ringsCoordinates(flat);
  }
}

/**
 * The coordinates at fraction `t` (0..1) between key frame coordinates `a` and `b` of an annotation
 * of `type`, or null when the pair is not interpolated (type not in {@link INTERPOLATED_TYPES},
 * malformed coordinates, polygons with different ring or vertex counts): the caller then holds `a`.
 *
 * @example
 * interpolateCoordinates('box', [{x:0,y:0,z:0},{x:10,y:10,z:0}], [{x:20,y:0,z:0},{x:30,y:10,z:0}], 0.5);
 * // [{x:10,y:0,z:0},{x:20,y:10,z:0}]
 */
export function interpolateCoordinates(type: string | null, a: unknown, b: unknown, t: number): unknown | null {
  if (type === null || !INTERPOLATED_TYPES.has(type)) return null;
  const fa = coordinatesToFlat(type, a);
  const fb = coordinatesToFlat(type, b);
  if (!fa || !fb || fa.length !== fb.length) return null;
  let out: number[][];
  if (type === 'box') out = [lerpBox(fa[0]!, fb[0]!, t)];
  else if (type === 'ellipse') out = [lerpEllipse(fa[0]!, fb[0]!, t)];
  else {
    if (fa.some((r, i) => r.length !== fb[i]!.length)) return null;
    out = fa.map((r, i) => lerpFlat(r, fb[i]!, t));
  }
  return flatToCoordinates(type, out);
}

/**
 * True when two coordinates values of `type` are the same shape within `tolerance` (numbers) or
 * equal as JSON (types not interpolated). Angles compare modulo 360.
 */
export function coordinatesNear(type: string | null, a: unknown, b: unknown, tolerance = 1e-6): boolean {
  const fa = coordinatesToFlat(type, a);
  const fb = coordinatesToFlat(type, b);
  if (!fa || !fb) return JSON.stringify(a) === JSON.stringify(b);
  if (fa.length !== fb.length) return false;
  return fa.every((r, i) => {
    const s = fb[i]!;
    if ((type === 'box' || type === 'ellipse') && (r.length > 4 || s.length > 4)) {
      const ra = r[4] ?? 0;
      const sa = s[4] ?? 0;
      // Angular distance in [0, 180]: 359° and -1° are the same angle.
      const d = Math.abs(((((sa - ra) % 360) + 540) % 360) - 180);
      if (d > tolerance) return false;
      return flatNear(r.slice(0, 4), s.slice(0, 4), tolerance);
    }
    return flatNear(r, s, tolerance);
  });
}
