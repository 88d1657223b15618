import { AnnotationDefinition, type DefinitionOptions } from '../base-definition.js';
import { readPoint2 } from '../json-util.js';
import { pointCoordinates } from '../shape-coordinates.js';

/** Constructor options of {@link Point}. */
export interface PointOptions extends DefinitionOptions {
  x: number;
  y: number;
}

/**
 * Key point (`type: "point"`): an **object** `{x, y, z: 0}`, not a list.
 */
export class Point extends AnnotationDefinition {
  readonly type: string = 'point';
  /** Column. */
  x: number;
  /** Row. */
  y: number;

  constructor(options: PointOptions) {
    super(options);
    this.x = options.x;
    this.y = options.y;
  }

  toCoordinates(): unknown {
    return pointCoordinates(this.x, this.y);
  }

  clone(): Point {
    return this.copyBaseTo(new Point({ label: this.label, x: this.x, y: this.y }));
  }

  /** Reads `{x, y, z}` (z ignored). */
  static fromCoordinates(coordinates: unknown, base: DefinitionOptions, path: string): Point {
    const p = readPoint2(coordinates, path);
    return new Point(Object.assign({}, base, { x: p.x, y: p.y }));
  }
}
