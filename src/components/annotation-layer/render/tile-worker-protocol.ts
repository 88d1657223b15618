// Messages between the layer and its tile worker, and the packed form of a batch of shapes: flat
// typed arrays (one transfer, no per-shape structured clone), coordinates in float64 so a tile the
// worker paints is pixel-identical to the same tile painted on the main thread.
import type { Shape, ShapeKind } from '../../../geometry/shapes/shape.js';

/** Shape kinds by code. */
const KINDS: ShapeKind[] = [
  'box',
  'segment',
  'polyline',
  'point',
  'ellipse',
  'cube',
  'binary',
  'note',
  'pose',
  'class',
  'other',
];

/** Shapes to add or replace, packed. */
export interface PackedShapes {
  ids: Int32Array;
  /** Paint order. */
  z: Float64Array;
  /** Index into `colors`. */
  color: Uint16Array;
  colors: string[];
  kind: Uint8Array;
  closed: Uint8Array;
  /** minX, minY, maxX, maxY per shape. */
  bounds: Float64Array;
  /** Ellipse x, y, rx, ry, angle per shape (zeros for other kinds). */
  ellipse: Float64Array;
  /** Rings per shape. */
  ringCount: Uint32Array;
  /** Numbers per ring, all rings in order. */
  ringLength: Uint32Array;
  /** Every ring's numbers, in order. */
  coords: Float64Array;
}

/** Main thread → worker. */
export type ToTileWorker =
  | { t: 'shapes'; shapes: PackedShapes }
  | { t: 'delete'; ids: number[] }
  | { t: 'clear' }
  | { t: 'exclude'; ids: number[] }
  | { t: 'opacity'; a: number }
  | { t: 'maskOpacity'; a: number }
  | { t: 'mask'; id: number; bitmap: ImageBitmap; x: number; y: number }
  | { t: 'render'; key: string; z: number; tx: number; ty: number; seq: number }
  /** Drops these keys' requests not started yet. */
  | { t: 'cancel'; keys: string[] };

/** Worker → main thread: a painted tile (null bitmap: nothing in it), or a failure. */
export type FromTileWorker =
  | { t: 'tile'; key: string; bitmap: ImageBitmap | null; seq: number }
  | { t: 'error'; message: string };

/** One shape to pack. */
export interface ShapeToPack {
  id: number;
  shape: Shape;
  color: string;
  z: number;
}

/** Packs shapes into one set of typed arrays. */
export function packShapes(list: ShapeToPack[]): PackedShapes {
  const n = list.length;
  let rings = 0;
  let numbers = 0;
  for (const { shape } of list) {
    rings += shape.rings.length;
    for (const r of shape.rings) numbers += r.length;
  }
  const p: PackedShapes = {
    ids: new Int32Array(n),
    z: new Float64Array(n),
    color: new Uint16Array(n),
    colors: [],
    kind: new Uint8Array(n),
    closed: new Uint8Array(n),
    bounds: new Float64Array(4 * n),
    ellipse: new Float64Array(5 * n),
    ringCount: new Uint32Array(n),
    ringLength: new Uint32Array(rings),
    coords: new Float64Array(numbers),
  };
  const colorIndex = new Map<string, number>();
  let ri = 0;
  let ci = 0;
  for (let i = 0; i < n; i++) {
    const { id, shape, color, z } = list[i]!;
    p.ids[i] = id;
    p.z[i] = z;
    let c = colorIndex.get(color);
    if (c === undefined) {
      colorIndex.set(color, (c = p.colors.length));
      p.colors.push(color);
    }
    p.color[i] = c;
    p.kind[i] = KINDS.indexOf(shape.kind);
    p.closed[i] = shape.closed ? 1 : 0;
    const b = shape.bounds;
    p.bounds.set([b.minX, b.minY, b.maxX, b.maxY], 4 * i);
    const e = shape.ellipse;
    if (e) p.ellipse.set([e.x, e.y, e.rx, e.ry, e.angle], 5 * i);
    p.ringCount[i] = shape.rings.length;
    for (const r of shape.rings) {
      p.ringLength[ri++] = r.length;
      p.coords.set(r, ci);
      ci += r.length;
    }
  }
  return p;
}

/** The buffers of `p`, to transfer. */
export function packedBuffers(p: PackedShapes): ArrayBuffer[] {
  return [p.ids, p.z, p.color, p.kind, p.closed, p.bounds, p.ellipse, p.ringCount, p.ringLength, p.coords].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/** Unpacks shapes (rings are views into `p.coords`, no copy). */
export function unpackShapes(
  p: PackedShapes,
  each: (id: number, shape: Shape, color: string, z: number) => void,
): void {
  let ri = 0;
  let ci = 0;
  for (let i = 0; i < p.ids.length; i++) {
    const rings: Float64Array[] = [];
    for (let k = 0; k < p.ringCount[i]!; k++) {
      const len = p.ringLength[ri++]!;
      rings.push(p.coords.subarray(ci, ci + len));
      ci += len;
    }
    const kind = KINDS[p.kind[i]!]!;
    const shape: Shape = {
      kind,
      rings,
      closed: p.closed[i] === 1,
      bounds: {
        minX: p.bounds[4 * i]!,
        minY: p.bounds[4 * i + 1]!,
        maxX: p.bounds[4 * i + 2]!,
        maxY: p.bounds[4 * i + 3]!,
      },
    };
    if (kind === 'ellipse') {
      const o = 5 * i;
      shape.ellipse = {
        x: p.ellipse[o]!,
        y: p.ellipse[o + 1]!,
        rx: p.ellipse[o + 2]!,
        ry: p.ellipse[o + 3]!,
        angle: p.ellipse[o + 4]!,
      };
    }
    each(p.ids[i]!, shape, p.colors[p.color[i]!]!, p.z[i]!);
  }
}
