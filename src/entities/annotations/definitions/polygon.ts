import { DlParseError } from '../../errors.js';
import { readArray } from '../../json-read.js';
import { getGeometryBackend, type FromSegmentationOptions, type Mask } from '../../geometry-backend.js';
import { AnnotationDefinition, type DefinitionOptions } from '../base-definition.js';
import { readPoint2List } from '../json-util.js';
import { ringsCoordinates } from '../shape-coordinates.js';
import { pointsBounds } from '../../../geometry/shapes/box.js';
import type { Attributes, Point2 } from '../types.js';

/** Constructor options of {@link Polygon} and {@link Polyline}. */
export interface PolygonOptions extends DefinitionOptions {
  /** Outer ring (polygon) or the line's vertices (polyline). */
  points: Point2[];
  /**
   * Further rings after ring 0 (e.g. holes). The SDK ignores them; dl-kit keeps them so an
   * untouched annotation round-trips unchanged. @default []
   */
  extraRings?: Point2[][];
}

/** Reads `[[{x,y}...], ...]`: ring 0 and any further rings. */
function readRings(v: unknown, path: string): { points: Point2[]; extraRings: Point2[][] } {
  const rings = readArray(v, path);
  if (rings.length === 0) throw new DlParseError(path, 'an array holding at least one ring [[{x,y}, ...]]', v);
  const all = rings.map((r, i) => readPoint2List(r, `${path}[${i}]`));
  return { points: all[0]!, extraRings: all.slice(1) };
}

/** Shared body of Polygon and Polyline. */
abstract class RingsDefinition extends AnnotationDefinition {
  private _points: Point2[];
  /** Rings after the first (holes), kept verbatim; cleared when `points` is replaced. */
  extraRings: Point2[][];

  constructor(options: PolygonOptions) {
    super(options);
    this._points = options.points.map((p) => ({ x: p.x, y: p.y }));
    this.extraRings = (options.extraRings ?? []).map((r) => r.map((p) => ({ x: p.x, y: p.y })));
  }

  /** Vertices of ring 0. Assigning a new array drops `extraRings` (they belonged to the old outline). */
  get points(): Point2[] {
    return this._points;
  }

  set points(points: Point2[]) {
    this._points = points;
    this.extraRings = [];
  }

  /** The SDK's `geo`: `[[x, y], ...]` of ring 0. */
  get geo(): Array<[number, number]> {
    return this._points.map((p) => [p.x, p.y]);
  }

  /** Bounding box of ring 0 (`left/top/right/bottom`); zeros when empty. */
  get bounds(): { left: number; top: number; right: number; bottom: number } {
    return this._points.length ? pointsBounds(this._points) : { left: 0, top: 0, right: 0, bottom: 0 };
  }

  toCoordinates(): unknown {
    return ringsCoordinates([this._points, ...this.extraRings]);
  }

  protected ringOptions(): PolygonOptions {
    return { label: this.label, points: this._points, extraRings: this.extraRings };
  }
}

/**
 * Polygon (`type: "segment"`): double-nested `[[{x,y}, ...]]`, points without `z`.
 * Only ring 0 is the polygon; further rings are preserved in `extraRings` for a faithful round trip.
 *
 * @example
 * new Polygon({ label: 'cat', points: [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 10 }] })
 */
export class Polygon extends RingsDefinition {
  readonly type: string = 'segment';

  clone(): Polygon {
    return this.copyBaseTo(new Polygon(this.ringOptions()));
  }

  /** Reads `[[{x,y}...], ...]`. */
  static fromCoordinates(coordinates: unknown, base: DefinitionOptions, path: string): Polygon {
    return new Polygon(Object.assign({}, base, readRings(coordinates, path)));
  }

  /**
   * Polygons traced from a mask exactly as dtlpy's `Polygon.from_segmentation` (threshold > 0.5 of
   * max, RETR_TREE, area-sorted, approxPolyDP): the same vertices, in the same order.
   *
   * Always resolves to an array: `[]` when the mask has no contour above `minArea`, one Polygon per
   * instance otherwise (at most `maxInstances`, default 1; `null` for all). This differs from dtlpy,
   * which returns a bare Polygon when exactly one instance is found and a list otherwise; here the
   * shape of the result never depends on the data. With `options.holes`, rings after the first
   * become `extraRings`. Runs on the registered geometry backend (a worker in the browser).
   *
   * @example
   * const [poly] = await Polygon.fromSegmentation(mask, 'cat'); // largest instance, or undefined
   * const all = await Polygon.fromSegmentation(mask, 'cat', { maxInstances: null }); // Polygon[]
   */
  static async fromSegmentation(
    mask: Mask,
    label: string,
    options: FromSegmentationOptions & { attributes?: Attributes | null } = {},
  ): Promise<Polygon[]> {
    const { attributes, ...backendOptions } = options;
    const polys = await getGeometryBackend().polygonsFromSegmentation(mask, backendOptions);
    return polys.map((rings) => new Polygon({ label, attributes, points: rings[0] ?? [], extraRings: rings.slice(1) }));
  }
}

/**
 * Open polyline (`type: "polyline"`): same nesting as Polygon, `[[{x,y}, ...]]`. The 2019 flat-list
 * format is rejected, as by the current SDK.
 */
export class Polyline extends RingsDefinition {
  readonly type: string = 'polyline';

  clone(): Polyline {
    return this.copyBaseTo(new Polyline(this.ringOptions()));
  }

  /** Reads `[[{x,y}...], ...]`. */
  static fromCoordinates(coordinates: unknown, base: DefinitionOptions, path: string): Polyline {
    return new Polyline(Object.assign({}, base, readRings(coordinates, path)));
  }
}
