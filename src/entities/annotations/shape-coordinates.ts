// The one place that knows how each drawable annotation type writes its geometry as Dataloop
// `coordinates` (spec §1.3), in both directions for the flat shape model of `src/geometry/shapes`:
// `parseShape` reads any JSON into a Shape without ever throwing (the annotation layer draws what it
// can), and the writers turn a Shape (or an entity's fields) back into the exact JSON Dataloop stores.
// The entity classes (Box, Note, Ellipse, Polygon...) write through the same functions.
import { boxRing } from '../../geometry/shapes/box.js';
import { CUBE_RING_KEYS } from '../../geometry/shapes/cuboid.js';
import { ellipseBounds } from '../../geometry/shapes/ellipse.js';
import {
  type Bounds,
  boundsOfBox,
  ringsBounds,
  type BoxParams,
  type EllipseParams,
  type Ring,
  pointShape,
  type Shape,
} from '../../geometry/shapes/shape.js';
import type { Point2 } from './types.js';

type P = { x?: unknown; y?: unknown };
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : Number(v) || 0);

/**
 * Parsed rings are views into shared slabs of `SLAB` numbers rather than a Float64Array each: a
 * Float64Array over 64 bytes gets its own off-heap backing store (an allocation, an ArrayBuffer and
 * its external-memory bookkeeping, swept by the GC), and 10,000 polygons made 10,000 of them. A
 * slab lives while any ring viewing it does; at 64 KB, one long-lived ring among re-parsed ones (a
 * video's tracks) pins little. Rings longer than an eighth of a slab get their own array.
 */
const SLAB = 1 << 13;
let slab = new Float64Array(0);
let slabUsed = 0;

/** `n` fresh numbers for a ring (a view into the current slab; long rings get their own array). */
function ringStore(n: number): Float64Array {
  if (n > SLAB >> 3) return new Float64Array(n);
  if (slabUsed + n > slab.length) {
    slab = new Float64Array(SLAB);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + n);
  slabUsed += n;
  return out;
}

/**
 * Bounds of the vertices `flatRing` read since `resetRead` (what `ringsBounds` of its rings gives,
 * kept as they are written: a second pass over 100,000 polygons' vertices cost ~45 ms).
 */
let readMinX = Infinity;
let readMinY = Infinity;
let readMaxX = -Infinity;
let readMaxY = -Infinity;

function resetRead(): void {
  readMinX = readMinY = Infinity;
  readMaxX = readMaxY = -Infinity;
}

/** The bounds of the vertices read since `resetRead`, as `ringsBounds` gives them. */
function readBounds(): Bounds {
  return readMinX <= readMaxX
    ? { minX: readMinX, minY: readMinY, maxX: readMaxX, maxY: readMaxY }
    : { minX: 0, minY: 0, maxX: 0, maxY: 0 };
}

function flatRing(ring: unknown): Ring {
  if (!Array.isArray(ring)) return [];
  const n = ring.length;
  const out = ringStore(2 * n);
  let j = 0;
  let minX = readMinX;
  let minY = readMinY;
  let maxX = readMaxX;
  let maxY = readMaxY;
  for (let i = 0; i < n; i++) {
    const p = ring[i] as P;
    if (!p || typeof p !== 'object') continue;
    const px = p.x;
    const py = p.y;
    const x = typeof px === 'number' ? px : num(px);
    const y = typeof py === 'number' ? py : num(py);
    out[j++] = x;
    out[j++] = y;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  readMinX = minX;
  readMinY = minY;
  readMaxX = maxX;
  readMaxY = maxY;
  return j === 2 * n ? out : out.subarray(0, j);
}

function readBox(c: unknown): BoxParams | null {
  if (!Array.isArray(c) || c.length < 2) return null;
  const a = c[0] as P;
  const b = c[1] as P;
  const angle = typeof c[2] === 'number' ? c[2] : 0;
  return {
    left: Math.min(num(a?.x), num(b?.x)),
    top: Math.min(num(a?.y), num(b?.y)),
    right: Math.max(num(a?.x), num(b?.x)),
    bottom: Math.max(num(a?.y), num(b?.y)),
    angle,
  };
}

/** The drawable shape of a box (its corners turned by `box.angle` about the centre). */
export function boxShape(box: BoxParams, kind: 'box' | 'note' = 'box'): Shape {
  const r = boxRing(box, box.angle);
  return { kind, rings: [r], closed: true, box, bounds: ringsBounds([r]) };
}

/**
 * Reads the drawable geometry of `type` + `coordinates` (or a snapshot's `data`). Never throws:
 * unreadable input gives kind `other`, missing numbers read as 0.
 */
export function parseShape(type: string, coordinates: unknown): Shape {
  const empty = { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  switch (type) {
    case 'box':
    case 'note': {
      const c = type === 'note' ? (coordinates as { box?: unknown } | null)?.box : coordinates;
      const box = readBox(c);
      if (!box) break;
      return boxShape(box, type);
    }
    case 'segment':
    case 'polyline': {
      if (!Array.isArray(coordinates)) break;
      resetRead();
      // One array of the rings kept, no intermediate ones (a map then a filter made two arrays a
      // shape, garbage at every scene build, #16). A ring left out holds no vertex, so the bounds
      // read are those of the rings kept.
      const cs = coordinates as unknown[];
      let rings: Ring[];
      if (cs.length === 1) {
        // The common one-ring case as a literal: an array grown by push keeps room for 16 rings
        // (~70 B of heap a shape for the collector to trace, at 100,000 polygons ~7 MB, #16).
        const r = flatRing(cs[0]);
        if (r.length < 2) break;
        rings = [r];
      } else {
        rings = [];
        for (let i = 0; i < cs.length; i++) {
          const r = flatRing(cs[i]);
          if (r.length >= 2) rings.push(r);
        }
        if (!rings.length) break;
      }
      return { kind: type, rings, closed: type === 'segment', bounds: readBounds() };
    }
    case 'point': {
      const p = coordinates as P | null;
      if (!p || typeof p !== 'object') break;
      return pointShape(num(p.x), num(p.y));
    }
    case 'ellipse': {
      const e = coordinates as { center?: P; rx?: unknown; ry?: unknown; angle?: unknown } | null;
      if (!e || typeof e !== 'object') break;
      const ellipse = {
        x: num(e.center?.x),
        y: num(e.center?.y),
        rx: Math.abs(num(e.rx)),
        ry: Math.abs(num(e.ry)),
        angle: num(e.angle),
      };
      return {
        kind: 'ellipse',
        rings: [[ellipse.x, ellipse.y]],
        closed: true,
        ellipse,
        bounds: boundsOfBox(ellipseBounds(ellipse)),
      };
    }
    case 'cube': {
      const c = coordinates as Record<string, P> | null;
      if (!c || typeof c !== 'object') break;
      const r: number[] = [];
      for (const k of CUBE_RING_KEYS) r.push(num(c[k]?.x), num(c[k]?.y));
      return { kind: 'cube', rings: [r], closed: true, bounds: ringsBounds([r]) };
    }
    case 'binary': {
      const url = typeof coordinates === 'string' ? coordinates : (coordinates as { data?: unknown } | null)?.data;
      if (typeof url !== 'string') break;
      // Bounds are unknown until the mask is decoded (the layer narrows them then).
      return { kind: 'binary', rings: [], closed: true, maskUrl: url, bounds: { ...empty } };
    }
    case 'pose':
      return { kind: 'pose', rings: [], closed: false, bounds: { ...empty } };
    case 'class':
      return { kind: 'class', rings: [], closed: false, bounds: { ...empty } };
  }
  return { kind: 'other', rings: [], closed: false, bounds: { ...empty } };
}

/**
 * Box coordinates as Dataloop writes them: `[{x,y,z:0},{x,y,z:0}]` (top-left, bottom-right), plus the
 * bare angle as a 3rd element when it is non-null and non-zero.
 */
export function boxCoordinates(b: {
  left: number;
  top: number;
  right: number;
  bottom: number;
  angle?: number | null;
}): unknown[] {
  const c: unknown[] = [
    { x: b.left, y: b.top, z: 0 },
    { x: b.right, y: b.bottom, z: 0 },
  ];
  if (b.angle !== null && b.angle !== undefined && b.angle !== 0) c.push(b.angle);
  return c;
}

/** Ellipse coordinates: `{angle, center: {x, y, z: 0}, rx, ry}`. */
export function ellipseCoordinates(e: EllipseParams): unknown {
  return { angle: e.angle, center: { x: e.x, y: e.y, z: 0 }, rx: e.rx, ry: e.ry };
}

/** Polygon / polyline coordinates: a list of rings of `{x, y}` (no z, spec §1.3). */
export function ringsCoordinates(rings: readonly (Ring | readonly Point2[])[]): unknown[] {
  return rings.map((r) => {
    const out = [];
    if (isFlat(r)) for (let i = 0; i < r.length; i += 2) out.push({ x: r[i], y: r[i + 1] });
    else for (const p of r) out.push({ x: p.x, y: p.y });
    return out;
  });
}

function isFlat(r: Ring | readonly Point2[]): r is Ring {
  return r instanceof Float64Array || typeof r[0] !== 'object';
}

/** Point coordinates: `{x, y, z: 0}` (an object, not a list). */
export function pointCoordinates(x: number, y: number): { x: number; y: number; z: 0 } {
  return { x, y, z: 0 };
}

/**
 * New `coordinates` after the geometry became `s`, keeping every key of `base` (the coordinates
 * before the edit) that the edit did not touch: note messages, the cube angle.
 */
export function coordinatesFor(s: Shape, base: unknown): unknown {
  switch (s.kind) {
    case 'box':
      return boxCoordinates(s.box!);
    case 'note':
      return { ...(base as object), box: boxCoordinates({ ...s.box!, angle: 0 }).slice(0, 2) };
    case 'segment':
    case 'polyline':
      return ringsCoordinates(s.rings);
    case 'point':
      return pointCoordinates(s.rings[0]![0]!, s.rings[0]![1]!);
    case 'ellipse':
      return ellipseCoordinates(s.ellipse!);
    case 'cube': {
      const out: Record<string, unknown> = { ...(base as object) };
      CUBE_RING_KEYS.forEach((k, i) => (out[k] = pointCoordinates(s.rings[0]![2 * i]!, s.rings[0]![2 * i + 1]!)));
      return out;
    }
    case 'binary':
      return s.maskUrl;
    default:
      return base;
  }
}
