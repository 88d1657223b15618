// THE drawable shape of one annotation in image space: flat number rings plus the parameters of
// boxes and ellipses, and its bounds. The annotation layer's store, renderer, spatial index, hit
// tests and edit tools all read this one representation; `src/entities/annotations/shape-coordinates.ts`
// is the one place that reads it from and writes it to Dataloop `coordinates`.
import { boundsOfBox, ringsBounds, type Bounds } from './bounds.js';
import { boxRing, type BoxBounds } from './box.js';
import { ellipseBounds, type EllipseShape } from './ellipse.js';

export type { Bounds } from './bounds.js';
export { boundsOfBox, ringsBounds } from './bounds.js';

/** The drawing kinds. `class` has no geometry; `other` is passed through undrawn. */
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

/** Box / note parameters: edges and the rotation in degrees (positive is clockwise on screen). */
export interface BoxParams extends BoxBounds {
  angle: number;
}

/** Ellipse parameters: centre, radii, rotation in degrees. */
export type EllipseParams = Required<EllipseShape>;

/**
 * One flat ring of coordinates `[x0, y0, x1, y1, ...]`. Float32Array: only the tile worker's packed
 * copy of a polygon or polyline (see tile-worker-protocol.ts).
 */
export type Ring = number[] | Float64Array | Float32Array;

/** One annotation's parsed geometry. */
export interface Shape {
  kind: ShapeKind;
  /**
   * Rings of flat `[x0, y0, x1, y1, ...]`; ring 0 is the editable outline (box corners TL, TR, BR, BL,
   * polygon, polyline, the 8 cube corners front tl/tr/br/bl then back...). Parsed polygon rings are
   * Float64Arrays (off the JS heap: 10,000 polygons parse without a young-generation GC copying
   * them); an edited shape holds plain arrays.
   */
  rings: Ring[];
  closed: boolean;
  box?: BoxParams;
  ellipse?: EllipseParams;
  /** `binary` only: the PNG data URL. */
  maskUrl?: string;
  bounds: Bounds;
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

/** Recomputes the derived parts (box corners, bounds) after the parameters or vertices changed. */
export function refreshShape(s: Shape): Shape {
  if (s.box) s.rings = [boxRing(s.box, s.box.angle)];
  if (s.ellipse) {
    s.rings = [[s.ellipse.x, s.ellipse.y]];
    s.bounds = boundsOfBox(ellipseBounds(s.ellipse));
  } else if (s.kind !== 'binary') s.bounds = ringsBounds(s.rings);
  return s;
}

/**
 * A parsed point `[x, y]`: its bounds (the point itself) are read from its ring when asked for
 * instead of kept, an object and four numbers fewer a point: at 1,000,000 points ~75 B of the
 * page's heap each and a fifth of its objects to collect (#16). Assigning `bounds` keeps the
 * value given, as on any shape.
 */
class PointShape implements Shape {
  kind: ShapeKind = 'point';
  closed = false;
  rings: Ring[];

  constructor(x: number, y: number) {
    this.rings = [[x, y]];
  }

  get bounds(): Bounds {
    return ringsBounds(this.rings);
  }

  set bounds(b: Bounds) {
    Object.defineProperty(this, 'bounds', { value: b, writable: true, enumerable: true, configurable: true });
  }
}

/** The shape of a point annotation at (`x`, `y`) (see `PointShape`: bounds made when read). */
export function pointShape(x: number, y: number): Shape {
  return new PointShape(x, y);
}
