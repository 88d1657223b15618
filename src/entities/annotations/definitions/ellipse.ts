import { readNumber, readObject } from '../../json-read.js';
import { AnnotationDefinition, type DefinitionOptions } from '../base-definition.js';
import { readPoint2 } from '../json-util.js';
import { ellipseCoordinates } from '../shape-coordinates.js';

/** Constructor options of {@link Ellipse}. */
export interface EllipseOptions extends DefinitionOptions {
  x: number;
  y: number;
  rx: number;
  ry: number;
  /** Degrees. @default 0 */
  angle?: number;
}

/**
 * Ellipse (`type: "ellipse"`): `{angle, center:{x,y,z:0}, rx, ry}`, angle in degrees.
 */
export class Ellipse extends AnnotationDefinition {
  readonly type: string = 'ellipse';
  /** Centre x. */
  x: number;
  /** Centre y. */
  y: number;
  /** Radius along the (rotated) x axis. */
  rx: number;
  /** Radius along the (rotated) y axis. */
  ry: number;
  /** Rotation in degrees. */
  angle: number;

  constructor(options: EllipseOptions) {
    super(options);
    this.x = options.x;
    this.y = options.y;
    this.rx = options.rx;
    this.ry = options.ry;
    this.angle = options.angle ?? 0;
  }

  toCoordinates(): unknown {
    return ellipseCoordinates(this);
  }

  clone(): Ellipse {
    return this.copyBaseTo(
      new Ellipse({ label: this.label, x: this.x, y: this.y, rx: this.rx, ry: this.ry, angle: this.angle }),
    );
  }

  /** Reads `{angle, center, rx, ry}`. */
  static fromCoordinates(coordinates: unknown, base: DefinitionOptions, path: string): Ellipse {
    const o = readObject(coordinates, path);
    const c = readPoint2(o['center'], `${path}.center`);
    return new Ellipse(
      Object.assign({}, base, {
        x: c.x,
        y: c.y,
        rx: readNumber(o['rx'], `${path}.rx`),
        ry: readNumber(o['ry'], `${path}.ry`),
        angle: readNumber(o['angle'], `${path}.angle`),
      }),
    );
  }
}
