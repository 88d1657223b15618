import { DlParseError } from '../../errors.js';
import { readArray } from '../../json-read.js';
import { getGeometryBackend, type Mask } from '../../geometry-backend.js';
import { AnnotationDefinition, type DefinitionOptions } from '../base-definition.js';
import { readPoint2 } from '../json-util.js';
import { boxCoordinates } from '../shape-coordinates.js';
import type { Attributes } from '../types.js';

/** Constructor options of {@link Box}. */
export interface BoxOptions extends DefinitionOptions {
  left: number;
  top: number;
  right: number;
  bottom: number;
  /** Rotation in degrees; written as a bare 3rd coordinates element when non-null and non-zero. */
  angle?: number | null;
}

/** Reads box coordinates: the first two points (normalised to min/max) and a numeric 3rd element as angle. */
export function readBoxCoordinates(
  v: unknown,
  path: string,
): { left: number; top: number; right: number; bottom: number; angle: number | null } {
  const arr = readArray(v, path);
  if (arr.length < 2) throw new DlParseError(path, 'an array of at least 2 points [{x,y,z},{x,y,z}]', v);
  const a = readPoint2(arr[0], `${path}[0]`);
  const b = readPoint2(arr[1], `${path}[1]`);
  const third = arr[2];
  const angle = typeof third === 'number' && Number.isFinite(third) ? third : null;
  return {
    left: Math.min(a.x, b.x),
    top: Math.min(a.y, b.y),
    right: Math.max(a.x, b.x),
    bottom: Math.max(a.y, b.y),
    angle,
  };
}

/**
 * Axis-aligned box (`type: "box"`), optionally carrying a rotation angle in degrees.
 * JSON: `[{x:L,y:T,z:0},{x:R,y:B,z:0}]`, plus the bare angle as 3rd element when it is non-zero.
 * The reader normalises the two points to top-left / bottom-right.
 *
 * @example
 * const box = new Box({ left: 10, top: 20, right: 110, bottom: 220, label: 'car' });
 * box.toCoordinates(); // [{x:10,y:20,z:0},{x:110,y:220,z:0}]
 */
export class Box extends AnnotationDefinition {
  readonly type: string = 'box';
  /** Left edge (min x). */
  left: number;
  /** Top edge (min y). */
  top: number;
  /** Right edge (max x). */
  right: number;
  /** Bottom edge (max y). */
  bottom: number;
  /** Rotation in degrees, or null (written only when non-zero). */
  angle: number | null;

  constructor(options: BoxOptions) {
    super(options);
    this.left = options.left;
    this.top = options.top;
    this.right = options.right;
    this.bottom = options.bottom;
    this.angle = options.angle ?? null;
  }

  /** Width (`right - left`). */
  get width(): number {
    return this.right - this.left;
  }

  /** Height (`bottom - top`). */
  get height(): number {
    return this.bottom - this.top;
  }

  /** The SDK's `geo`: `[[left, top], [right, bottom]]`. */
  get geo(): [[number, number], [number, number]] {
    return [
      [this.left, this.top],
      [this.right, this.bottom],
    ];
  }

  toCoordinates(): unknown {
    return boxCoordinates(this);
  }

  clone(): Box {
    return this.copyBaseTo(
      new Box({
        label: this.label,
        left: this.left,
        top: this.top,
        right: this.right,
        bottom: this.bottom,
        angle: this.angle,
      }),
    );
  }

  /** Reads `coordinates` (or a snapshot's `data`) of a box. */
  static fromCoordinates(coordinates: unknown, base: DefinitionOptions, path: string): Box {
    return new Box(Object.assign({}, base, readBoxCoordinates(coordinates, path)));
  }

  /**
   * One box per contour of the mask (holes included), as dtlpy's `Box.from_segmentation`:
   * min/max of each approximated polygon. Runs on the registered geometry backend.
   */
  static async fromSegmentation(
    mask: Mask,
    label: string,
    attributes?: Attributes | null,
    options?: { signal?: AbortSignal },
  ): Promise<Box[]> {
    const boxes = await getGeometryBackend().boxesFromSegmentation(mask, options);
    return boxes.map((b) => new Box({ label, attributes, left: b.left, top: b.top, right: b.right, bottom: b.bottom }));
  }
}
