// Drawable geometry of one annotation in image space, parsed once from its Dataloop JSON and
// turned back into `coordinates` after an edit. Kept in flat number arrays so the renderer,
// the spatial index and hit tests never re-read JSON.
import type { AnnotationJson } from './annotation-json.js';

/** The drawing kinds the layer knows. `class` has no geometry; `other` is passed through undrawn. */
export type ShapeKind =
  | 'box'
  | 'segment'
  | 'polyline'
  | 'point'
  | 'ellipse'
  | 'cube'
  | 'binary'
  | 'note'
  | 'pose'
  | 'class'
  | 'other';

/** Axis-aligned bounds in image pixels. */
export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Box / note parameters: edges and the rotation in degrees (positive is clockwise on screen). */
export interface BoxParams {
  left: number;
  top: number;
  right: number;
  bottom: number;
  angle: number;
}

/** Ellipse parameters (angle in degrees). */
export interface EllipseParams {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  angle: number;
}

/** One annotation's parsed geometry. */
export interface Shape {
  kind: ShapeKind;
  /**
   * Rings of flat `[x0, y0, x1, y1, ...]`; ring 0 is the editable outline (box corners, polygon,
   * polyline...). Parsed polygon rings are Float64Arrays (off the JS heap: 10,000 polygons parse
   * without a young-generation GC copying them); an edited shape holds plain arrays.
   */
  rings: Ring[];
  closed: boolean;
  box?: BoxParams;
  ellipse?: EllipseParams;
  /** `binary` only: the PNG data URL. */
  maskUrl?: string;
  bounds: Bounds;
}

/** One flat ring of coordinates. */
export type Ring = number[] | Float64Array;

type P = { x?: unknown; y?: unknown };
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : Number(v) || 0);

/** Rotates `(x, y)` about `(cx, cy)` by `deg` degrees with the spec §3.7 matrix. */
export function rotatePoint(x: number, y: number, cx: number, cy: number, deg: number): [number, number] {
  if (!deg) return [x, y];
  const t = (deg * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  const dx = x - cx;
  const dy = y - cy;
  return [cx + c * dx - s * dy, cy + s * dx + c * dy];
}

/** Corners TL, TR, BR, BL of a (rotated) box, flat. */
export function boxCorners(b: BoxParams): number[] {
  const cx = (b.left + b.right) / 2;
  const cy = (b.top + b.bottom) / 2;
  const out: number[] = [];
  for (const [x, y] of [
    [b.left, b.top],
    [b.right, b.top],
    [b.right, b.bottom],
    [b.left, b.bottom],
  ] as const)
    out.push(...rotatePoint(x, y, cx, cy, b.angle));
  return out;
}

/** Bounds of an ellipse (spec §3.7). */
export function ellipseBounds(e: EllipseParams): Bounds {
  const t = (e.angle * Math.PI) / 180;
  const hw = Math.sqrt(e.rx * e.rx * Math.cos(t) ** 2 + e.ry * e.ry * Math.sin(t) ** 2);
  const hh = Math.sqrt(e.rx * e.rx * Math.sin(t) ** 2 + e.ry * e.ry * Math.cos(t) ** 2);
  return { minX: e.cx - hw, minY: e.cy - hh, maxX: e.cx + hw, maxY: e.cy + hh };
}

/** Bounds of flat rings. */
export function ringsBounds(rings: readonly Ring[]): Bounds {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const r of rings)
    for (let i = 0; i < r.length; i += 2) {
      const x = r[i];
      const y = r[i + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  return minX <= maxX ? { minX, minY, maxX, maxY } : { minX: 0, minY: 0, maxX: 0, maxY: 0 };
}

function flatRing(ring: unknown): Ring {
  if (!Array.isArray(ring)) return [];
  const n = ring.length;
  const out = new Float64Array(2 * n);
  let j = 0;
  for (let i = 0; i < n; i++) {
    const p = ring[i] as P;
    if (!p || typeof p !== 'object') continue;
    const x = p.x;
    const y = p.y;
    out[j++] = typeof x === 'number' ? x : num(x);
    out[j++] = typeof y === 'number' ? y : num(y);
  }
  return j === 2 * n ? out : out.slice(0, j);
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

const CUBE_KEYS = ['front_tl', 'front_tr', 'front_br', 'front_bl', 'back_tl', 'back_tr', 'back_br', 'back_bl'] as const;

/** The coordinates of a JSON annotation, or of a snapshot's `data`. */
export function coordinatesOf(a: { coordinates?: unknown; data?: unknown }): unknown {
  return a.coordinates !== undefined ? a.coordinates : a.data;
}

/** Parses the drawable geometry of `type` + `coordinates`. Never throws: unknown input gives kind `other`. */
export function parseShape(type: string, coordinates: unknown): Shape {
  const empty = { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  switch (type) {
    case 'box':
    case 'note': {
      const c = type === 'note' ? (coordinates as { box?: unknown } | null)?.box : coordinates;
      const box = readBox(c);
      if (!box) break;
      const r = boxCorners(box);
      return { kind: type, rings: [r], closed: true, box, bounds: ringsBounds([r]) };
    }
    case 'segment':
    case 'polyline': {
      if (!Array.isArray(coordinates)) break;
      const rings = (coordinates as unknown[]).map(flatRing).filter((r) => r.length >= 2);
      if (!rings.length) break;
      return { kind: type, rings, closed: type === 'segment', bounds: ringsBounds(rings) };
    }
    case 'point': {
      const p = coordinates as P | null;
      if (!p || typeof p !== 'object') break;
      const r = [num(p.x), num(p.y)];
      return { kind: 'point', rings: [r], closed: false, bounds: ringsBounds([r]) };
    }
    case 'ellipse': {
      const e = coordinates as { center?: P; rx?: unknown; ry?: unknown; angle?: unknown } | null;
      if (!e || typeof e !== 'object') break;
      const ellipse = {
        cx: num(e.center?.x),
        cy: num(e.center?.y),
        rx: Math.abs(num(e.rx)),
        ry: Math.abs(num(e.ry)),
        angle: num(e.angle),
      };
      return {
        kind: 'ellipse',
        rings: [[ellipse.cx, ellipse.cy]],
        closed: true,
        ellipse,
        bounds: ellipseBounds(ellipse),
      };
    }
    case 'cube': {
      const c = coordinates as Record<string, P> | null;
      if (!c || typeof c !== 'object') break;
      const r: number[] = [];
      for (const k of CUBE_KEYS) r.push(num(c[k]?.x), num(c[k]?.y));
      return { kind: 'cube', rings: [r], closed: true, bounds: ringsBounds([r]) };
    }
    case 'binary': {
      const url = typeof coordinates === 'string' ? coordinates : (coordinates as { data?: unknown } | null)?.data;
      if (typeof url !== 'string') break;
      // Bounds are the whole item until the mask is decoded (the layer narrows them then).
      return { kind: 'binary', rings: [], closed: true, maskUrl: url, bounds: { ...empty } };
    }
    case 'pose':
      return { kind: 'pose', rings: [], closed: false, bounds: { ...empty } };
    case 'class':
      return { kind: 'class', rings: [], closed: false, bounds: { ...empty } };
  }
  return { kind: 'other', rings: [], closed: false, bounds: { ...empty } };
}

/** Parses an annotation JSON (top-level coordinates). */
export function shapeOf(a: AnnotationJson): Shape {
  return parseShape(a.type, a.coordinates);
}

const pt = (x: number, y: number) => ({ x, y });

/** Box coordinates as Dataloop writes them: `[{x,y,z:0},{x,y,z:0}]` plus the angle when non-zero. */
export function boxCoordinates(b: BoxParams): unknown[] {
  const c: unknown[] = [
    { x: b.left, y: b.top, z: 0 },
    { x: b.right, y: b.bottom, z: 0 },
  ];
  if (b.angle) c.push(b.angle);
  return c;
}

/** Ellipse coordinates. */
export function ellipseCoordinates(e: EllipseParams): unknown {
  return { angle: e.angle, center: { x: e.cx, y: e.cy, z: 0 }, rx: e.rx, ry: e.ry };
}

/** Polygon / polyline coordinates: a list of rings of `{x, y}` (no z, spec §1.3). */
export function ringsCoordinates(rings: readonly Ring[]): unknown[] {
  return rings.map((r) => {
    const out = [];
    for (let i = 0; i < r.length; i += 2) out.push(pt(r[i], r[i + 1]));
    return out;
  });
}

/**
 * New `coordinates` for `a` after its geometry became `s`, keeping every key the edit did not touch
 * (note messages, cube angle, point z).
 */
export function coordinatesFor(a: AnnotationJson, s: Shape, base: unknown = a.coordinates): unknown {
  switch (s.kind) {
    case 'box':
      return boxCoordinates(s.box!);
    case 'note':
      return { ...(base as object), box: boxCoordinates({ ...s.box!, angle: 0 }).slice(0, 2) };
    case 'segment':
    case 'polyline':
      return ringsCoordinates(s.rings);
    case 'point':
      return { x: s.rings[0][0], y: s.rings[0][1], z: 0 };
    case 'ellipse':
      return ellipseCoordinates(s.ellipse!);
    case 'cube': {
      const out: Record<string, unknown> = { ...(base as object) };
      CUBE_KEYS.forEach((k, i) => (out[k] = { x: s.rings[0][2 * i], y: s.rings[0][2 * i + 1], z: 0 }));
      return out;
    }
    case 'binary':
      return s.maskUrl;
    default:
      return base;
  }
}

/** A shape whose rings are plain arrays (an edit's working copy: vertices can be inserted or removed). */
export interface EditableShape extends Shape {
  rings: number[][];
}

/** A deep copy of a shape, with plain-array rings ready to edit. */
export function cloneShape(s: Shape): EditableShape {
  return {
    ...s,
    rings: s.rings.map((r) => Array.from(r)),
    box: s.box && { ...s.box },
    ellipse: s.ellipse && { ...s.ellipse },
    bounds: { ...s.bounds },
  };
}

/** Recomputes the derived parts (corners, bounds) after params changed. */
export function refreshShape(s: Shape): Shape {
  if (s.box) s.rings = [boxCorners(s.box)];
  if (s.ellipse) {
    s.rings = [[s.ellipse.cx, s.ellipse.cy]];
    s.bounds = ellipseBounds(s.ellipse);
  } else if (s.kind !== 'binary') s.bounds = ringsBounds(s.rings);
  return s;
}

/** Moves a shape by (dx, dy) image pixels in place. */
export function translateShape(s: Shape, dx: number, dy: number): Shape {
  if (s.box) {
    s.box.left += dx;
    s.box.right += dx;
    s.box.top += dy;
    s.box.bottom += dy;
  }
  if (s.ellipse) {
    s.ellipse.cx += dx;
    s.ellipse.cy += dy;
  }
  if (!s.box && !s.ellipse)
    for (const r of s.rings)
      for (let i = 0; i < r.length; i += 2) {
        r[i] += dx;
        r[i + 1] += dy;
      }
  if (s.kind === 'binary') {
    s.bounds.minX += dx;
    s.bounds.maxX += dx;
    s.bounds.minY += dy;
    s.bounds.maxY += dy;
    return s;
  }
  return refreshShape(s);
}
