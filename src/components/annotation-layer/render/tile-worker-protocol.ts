// Messages between the layer and its tile worker, and the packed form of a batch of shapes: flat
// typed arrays (one transfer, no per-shape structured clone). Outline coordinates (polygons,
// polylines) go as float32: Chromium stores every canvas path point as a float
// (CanvasPath::lineTo/moveTo clamp to float first), so a tile the worker paints from them is the
// tile the main thread paints from the shapes' doubles, and the batch, the fresh memory written for
// it (at 100,000 polygons ~51 MB in float64, its page faults most of the pack's time on a VM) and
// the worker's reads of it are halved. The other kinds do arithmetic on their numbers before
// drawing (a point's radius, a note's fold) and keep float64.
import type { Shape, ShapeKind } from '../../../geometry/shapes/shape.js';

/** Shape kinds by code (`PackedShapes.kind`). */
export const KINDS: ShapeKind[] = [
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
  /** Ellipse x, y, rx, ry, angle per shape with ellipse params, in order (the others have none: 40 B a shape saved). */
  ellipse: Float64Array;
  /** Rings per shape. */
  ringCount: Uint32Array;
  /** Numbers per ring, all rings in order. */
  ringLength: Uint32Array;
  /** Every ring's numbers of the float64 kinds (all but {@link isFloat32Kind}), in order. */
  coords: Float64Array;
  /** Every ring's numbers of the outline kinds ({@link isFloat32Kind}), in order, as float32. */
  coords32: Float32Array;
}

/**
 * True for the kinds whose ring numbers go to the canvas as they are (segment, polyline: moveTo and
 * lineTo, which keep a float of each), so they are packed as float32 without changing a pixel.
 */
export function isFloat32Kind(kind: ShapeKind): boolean {
  return kind === 'segment' || kind === 'polyline';
}

/** Main thread → worker. */
export type ToTileWorker =
  | { t: 'shapes'; shapes: PackedShapes }
  | { t: 'delete'; ids: number[] }
  | { t: 'clear' }
  | { t: 'exclude'; ids: number[] }
  | { t: 'opacity'; a: number }
  | { t: 'maskOpacity'; a: number }
  | { t: 'mask'; id: number; bitmap: ImageBitmap; x: number; y: number; width: number; height: number }
  /**
   * A full-resolution mask paint made here from its 0/1 bytes (see `MaskPainter`): begun in `rgba`
   * (one pixel as a little-endian uint32, as in ImageData), its rows sent in bands (transferred), then
   * ended (the worker answers 'painted' with a bitmap of it and keeps the canvas) or dropped.
   */
  | { t: 'paintBegin'; job: number; width: number; height: number; rgba: number }
  | { t: 'paintRows'; job: number; y: number; bytes: Uint8Array }
  | { t: 'paintEnd'; job: number }
  | { t: 'paintDrop'; job: number }
  /** Shape `id`'s mask is the canvas of paint `job` (ended, not dropped): no bitmap crosses again. */
  | { t: 'maskPainted'; id: number; job: number; x: number; y: number; width: number; height: number }
  | { t: 'render'; key: string; z: number; tx: number; ty: number; seq: number }
  /** Drops these keys' requests not started yet. */
  | { t: 'cancel'; keys: string[] };

/** Worker → main thread: a painted tile (null bitmap: nothing in it), or a failure. */
export type FromTileWorker =
  | { t: 'tile'; key: string; bitmap: ImageBitmap | null; seq: number }
  /** Paint `job` is done: a bitmap of it (null: the job was unknown, e.g. dropped). */
  | { t: 'painted'; job: number; bitmap: ImageBitmap | null }
  /** Requests `seqs` were dropped by a 'cancel' before they began (they get no 'tile' answer). */
  | { t: 'dropped'; seqs: number[] }
  | { t: 'error'; message: string };

/**
 * Shapes to pack, as columns (no object per shape: at 1,000,000 points one each was ~40 MB of
 * short-lived heap for the page's collector). Slot `i` is shape `shapes[i]` with id `ids[i]`, colour
 * `colors[i]` and paint order `z[i]`; a null shape is an emptied slot, skipped.
 */
export interface ShapesToPack {
  ids: number[];
  shapes: Array<Shape | null>;
  colors: string[];
  z: number[];
}

/** Code of each shape kind in `PackedShapes.kind`. */
const KIND_CODE = new Map<ShapeKind, number>(KINDS.map((k, i) => [k, i]));

/** Packs shapes into one set of typed arrays. */
export function packShapes(list: ShapesToPack): PackedShapes {
  let n = 0;
  let rings = 0;
  let numbers = 0;
  let numbers32 = 0;
  let ellipses = 0;
  for (const shape of list.shapes) {
    if (!shape) continue;
    n++;
    if (shape.kind === 'ellipse') ellipses++;
    rings += shape.rings.length;
    let k = 0;
    for (const r of shape.rings) k += r.length;
    if (isFloat32Kind(shape.kind)) numbers32 += k;
    else numbers += k;
  }
  const p: PackedShapes = {
    ids: new Int32Array(n),
    z: new Float64Array(n),
    color: new Uint16Array(n),
    colors: [],
    kind: new Uint8Array(n),
    closed: new Uint8Array(n),
    bounds: new Float64Array(4 * n),
    ellipse: new Float64Array(5 * ellipses),
    ringCount: new Uint32Array(n),
    ringLength: new Uint32Array(rings),
    coords: new Float64Array(numbers),
    coords32: new Float32Array(numbers32),
  };
  const colorIndex = new Map<string, number>();
  let ri = 0;
  let ci = 0;
  let ci32 = 0;
  let ei = 0;
  for (let slot = 0, i = 0; slot < list.shapes.length; slot++) {
    const shape = list.shapes[slot];
    if (!shape) continue;
    const color = list.colors[slot]!;
    p.ids[i] = list.ids[slot]!;
    p.z[i] = list.z[slot]!;
    let c = colorIndex.get(color);
    if (c === undefined) {
      if (p.colors.length === 0x10000)
        throw new RangeError('packShapes: more than 65,536 colours in one batch (a Uint16 colour index)');
      colorIndex.set(color, (c = p.colors.length));
      p.colors.push(color);
    }
    p.color[i] = c;
    p.kind[i] = KIND_CODE.get(shape.kind) ?? -1;
    p.closed[i] = shape.closed ? 1 : 0;
    // Written one by one: no temporary array per shape.
    const b = shape.bounds;
    const bo = 4 * i;
    p.bounds[bo] = b.minX;
    p.bounds[bo + 1] = b.minY;
    p.bounds[bo + 2] = b.maxX;
    p.bounds[bo + 3] = b.maxY;
    const e = shape.ellipse;
    // By kind, as TileScene.setPacked reads them (an ellipse without params keeps zeros).
    if (shape.kind === 'ellipse') {
      if (e) {
        const eo = 5 * ei;
        p.ellipse[eo] = e.x;
        p.ellipse[eo + 1] = e.y;
        p.ellipse[eo + 2] = e.rx;
        p.ellipse[eo + 3] = e.ry;
        p.ellipse[eo + 4] = e.angle;
      }
      ei++;
    }
    const rings = shape.rings;
    p.ringCount[i] = rings.length;
    const f32 = isFloat32Kind(shape.kind);
    for (let k = 0; k < rings.length; k++) {
      const r = rings[k]!;
      const len = r.length;
      p.ringLength[ri++] = len;
      if (f32) {
        p.coords32.set(r, ci32);
        ci32 += len;
      } else {
        p.coords.set(r, ci);
        ci += len;
      }
    }
    i++;
  }
  return p;
}

/** The buffers of `p`, to transfer. */
export function packedBuffers(p: PackedShapes): ArrayBuffer[] {
  return [
    p.ids,
    p.z,
    p.color,
    p.kind,
    p.closed,
    p.bounds,
    p.ellipse,
    p.ringCount,
    p.ringLength,
    p.coords,
    p.coords32,
  ].map((a) => a.buffer as ArrayBuffer);
}
