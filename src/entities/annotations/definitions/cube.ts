import { DlParseError } from '../../errors.js';
import { readObject } from '../../json-read.js';
import { AnnotationDefinition, type DefinitionOptions } from '../base-definition.js';
import { readPoint2 } from '../json-util.js';
import type { Point2 } from '../types.js';
import { CUBE_RING_KEYS, cubeAngle } from '../../../geometry/shapes/cuboid.js';
import { pointCoordinates } from '../shape-coordinates.js';

/** The eight corner keys of a cube, in the order Dataloop writes them. */
export const CUBE_CORNERS = CUBE_RING_KEYS;
/** One of {@link CUBE_CORNERS}. */
export type CubeCorner = (typeof CUBE_CORNERS)[number];

/** Constructor options of {@link Cube}: eight corners, optional angle. */
export type CubeOptions = DefinitionOptions & Record<CubeCorner, Point2> & { angle?: number | null };

/**
 * 2.5-D cuboid (`type: "cube"`): front and back quads and an angle in degrees.
 * When built without an angle, it is computed from the `front_tl -> front_tr` edge.
 */
export class Cube extends AnnotationDefinition {
  readonly type: string = 'cube';
  /** Front face corners (tl, tr, br, bl) and back face corners, in image coordinates. */
  front_tl: Point2;
  front_tr: Point2;
  front_br: Point2;
  front_bl: Point2;
  back_tl: Point2;
  back_tr: Point2;
  back_br: Point2;
  back_bl: Point2;
  /** Degrees (see {@link Cube.calculateAngle}). */
  angle: number;

  constructor(options: CubeOptions) {
    super(options);
    this.front_tl = { x: options.front_tl.x, y: options.front_tl.y };
    this.front_tr = { x: options.front_tr.x, y: options.front_tr.y };
    this.front_br = { x: options.front_br.x, y: options.front_br.y };
    this.front_bl = { x: options.front_bl.x, y: options.front_bl.y };
    this.back_tl = { x: options.back_tl.x, y: options.back_tl.y };
    this.back_tr = { x: options.back_tr.x, y: options.back_tr.y };
    this.back_br = { x: options.back_br.x, y: options.back_br.y };
    this.back_bl = { x: options.back_bl.x, y: options.back_bl.y };
    this.angle = options.angle ?? cubeAngle(this);
  }

  toCoordinates(): unknown {
    const out: Record<string, unknown> = {};
    for (const k of CUBE_CORNERS) out[k] = pointCoordinates(this[k].x, this[k].y);
    out['angle'] = this.angle;
    return out;
  }

  /** The SDK's `Cube.calculate_angle`: degrees of `from -> to`, normalised to `[0, 360)`. */
  static calculateAngle(from: Point2, to: Point2): number {
    return cubeAngle({ front_tl: from, front_tr: to });
  }

  clone(): Cube {
    return this.copyBaseTo(new Cube(this.cornerOptions()));
  }

  private cornerOptions(): CubeOptions {
    const o = { label: this.label, angle: this.angle } as CubeOptions;
    for (const k of CUBE_CORNERS) o[k] = { x: this[k].x, y: this[k].y };
    return o;
  }

  /** Reads cube coordinates; the `angle` key is required (null means "compute from the front edge"). */
  static fromCoordinates(coordinates: unknown, base: DefinitionOptions, path: string): Cube {
    const o = readObject(coordinates, path);
    const opts = Object.assign({}, base) as CubeOptions;
    for (const k of CUBE_CORNERS) opts[k] = readPoint2(o[k], `${path}.${k}`);
    if (!('angle' in o)) throw new DlParseError(`${path}.angle`, 'a number (required key)', undefined);
    const angle = o['angle'];
    if (angle !== null && (typeof angle !== 'number' || !Number.isFinite(angle))) {
      throw new DlParseError(`${path}.angle`, 'a number (degrees)', angle);
    }
    opts.angle = angle;
    return new Cube(opts);
  }
}
