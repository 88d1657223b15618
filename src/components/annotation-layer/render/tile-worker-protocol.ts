// Messages between the layer and its tile worker, and the packed form of a batch of shapes: flat
// typed arrays (one transfer, no per-shape structured clone), coordinates in float64 so a tile the
// worker paints is pixel-identical to the same tile painted on the main thread.
import type { Bounds, EllipseParams, Shape, ShapeKind } from '../../../geometry/shapes/shape.js';

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
  /** Ellipse x, y, rx, ry, angle per shape with ellipse params, in order (the others have none: 40 B a shape saved). */
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
  | { t: 'mask'; id: number; bitmap: ImageBitmap; x: number; y: number; width: number; height: number }
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
  const packer = new ShapePacker();
  for (const { id, shape, color, z } of list) packer.add(id, shape, color, z);
  return packer.take();
}

/** Shapes a packer has room for when empty (it grows as needed, and shrinks back after each batch). */
const INITIAL = 256;

/**
 * Packs shapes as they come, straight into growing typed arrays (no object per shape is kept until
 * the batch is sent): the tile worker client adds every shape the layer sets and sends a batch when
 * it is big enough or at the end of the task, so the worker reads the first shapes of a big load
 * while the main thread is still parsing the rest.
 */
export class ShapePacker {
  private n = 0;
  private rings = 0;
  private numbers = 0;
  private ellipses = 0;
  private ids = new Int32Array(INITIAL);
  private z = new Float64Array(INITIAL);
  private color = new Uint16Array(INITIAL);
  private kind = new Uint8Array(INITIAL);
  private closed = new Uint8Array(INITIAL);
  private bounds = new Float64Array(4 * INITIAL);
  private ringCount = new Uint32Array(INITIAL);
  private ellipse = new Float64Array(0);
  private ringLength = new Uint32Array(INITIAL);
  private coords = new Float64Array(16 * INITIAL);
  private colors: string[] = [];
  private colorIndex = new Map<string, number>();

  /** Shapes added since the last {@link ShapePacker.take}. */
  get size(): number {
    return this.n;
  }

  /** Appends shape `id` (a later entry for the same id replaces it when unpacked in order). */
  add(id: number, shape: Shape, color: string, z: number): void {
    const i = this.n++;
    if (i >= this.ids.length) this.growShapes(2 * this.ids.length);
    this.ids[i] = id;
    this.z[i] = z;
    let c = this.colorIndex.get(color);
    if (c === undefined) {
      this.colorIndex.set(color, (c = this.colors.length));
      this.colors.push(color);
    }
    this.color[i] = c;
    const kind = shape.kind;
    this.kind[i] = KIND_CODE.get(kind) ?? KINDS.indexOf('other');
    this.closed[i] = shape.closed ? 1 : 0;
    const b = shape.bounds;
    const o = 4 * i;
    const bounds = this.bounds;
    bounds[o] = b.minX;
    bounds[o + 1] = b.minY;
    bounds[o + 2] = b.maxX;
    bounds[o + 3] = b.maxY;
    // By kind, as unpackShapes reads them (an ellipse without params keeps zeros).
    if (kind === 'ellipse') {
      const at = 5 * this.ellipses++;
      if (at + 5 > this.ellipse.length) this.ellipse = grow(this.ellipse, Math.max(40, 2 * (at + 5)));
      const e = shape.ellipse;
      if (e) this.ellipse.set([e.x, e.y, e.rx, e.ry, e.angle], at);
      else this.ellipse.fill(0, at, at + 5);
    }
    const rings = shape.rings;
    this.ringCount[i] = rings.length;
    for (let k = 0; k < rings.length; k++) {
      const r = rings[k]!;
      const len = r.length;
      if (this.rings >= this.ringLength.length) this.ringLength = grow(this.ringLength, 2 * this.ringLength.length);
      this.ringLength[this.rings++] = len;
      if (this.numbers + len > this.coords.length)
        this.coords = grow(this.coords, Math.max(2 * this.coords.length, this.numbers + len));
      this.coords.set(r, this.numbers);
      this.numbers += len;
    }
  }

  /** The shapes added since the last call, packed (exactly sized, to transfer); the packer starts empty again. */
  take(): PackedShapes {
    const n = this.n;
    const p: PackedShapes = {
      ids: this.ids.slice(0, n),
      z: this.z.slice(0, n),
      color: this.color.slice(0, n),
      colors: this.colors,
      kind: this.kind.slice(0, n),
      closed: this.closed.slice(0, n),
      bounds: this.bounds.slice(0, 4 * n),
      ellipse: this.ellipse.slice(0, 5 * this.ellipses),
      ringCount: this.ringCount.slice(0, n),
      ringLength: this.ringLength.slice(0, this.rings),
      coords: this.coords.slice(0, this.numbers),
    };
    this.reset();
    return p;
  }

  /**
   * Drops the shapes added since the last take, and the grown arrays with them: kept for the next
   * batch, a load's arrays (8 MB of coordinates for a batch of 16,384 polygons) stayed on the page's
   * heap for good (bench: JS heap per shape at 10k, +8 MB).
   */
  reset(): void {
    this.n = this.rings = this.numbers = this.ellipses = 0;
    this.colors = [];
    this.colorIndex = new Map();
    if (this.ids.length > INITIAL) this.growShapes(INITIAL, false);
    if (this.ringLength.length > INITIAL) this.ringLength = new Uint32Array(INITIAL);
    if (this.coords.length > 16 * INITIAL) this.coords = new Float64Array(16 * INITIAL);
    if (this.ellipse.length) this.ellipse = new Float64Array(0);
  }

  /** Per-shape arrays of `m` entries (`keep`: with the current ones copied in). */
  private growShapes(m: number, keep = true): void {
    this.ids = grow(this.ids, m, keep);
    this.z = grow(this.z, m, keep);
    this.color = grow(this.color, m, keep);
    this.kind = grow(this.kind, m, keep);
    this.closed = grow(this.closed, m, keep);
    this.bounds = grow(this.bounds, 4 * m, keep);
    this.ringCount = grow(this.ringCount, m, keep);
  }
}

/** Code of each kind in `KINDS`. */
const KIND_CODE = new Map(KINDS.map((k, i) => [k, i]));

type Typed = Int32Array | Float64Array | Uint16Array | Uint8Array | Uint32Array;

/** A copy of `a` with room for `m` entries (`keep` false: an empty array of that size). */
function grow<T extends Typed>(a: T, m: number, keep = true): T {
  const next = new (a.constructor as new (n: number) => T)(m);
  if (keep) next.set(a as never);
  return next;
}

/** The buffers of `p`, to transfer. */
export function packedBuffers(p: PackedShapes): ArrayBuffer[] {
  return [p.ids, p.z, p.color, p.kind, p.closed, p.bounds, p.ellipse, p.ringCount, p.ringLength, p.coords].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/**
 * Unpacks shapes: each reads its batch's arrays on demand (see PackedShape), no copy and no
 * per-shape objects besides the shape itself.
 */
export function unpackShapes(
  p: PackedShapes,
  each: (id: number, shape: Shape, color: string, z: number) => void,
): void {
  let ri = 0;
  let ci = 0;
  let ei = 0;
  for (let i = 0; i < p.ids.length; i++) {
    // Ellipse params are packed for ellipses only, in order.
    const shape = new PackedShape(p, i, ri, ci, KINDS[p.kind[i]!] === 'ellipse' ? 5 * ei++ : -1);
    for (let k = 0; k < p.ringCount[i]!; k++) ci += p.ringLength[ri++]!;
    each(p.ids[i]!, shape, p.colors[p.color[i]!]!, p.z[i]!);
  }
}

/**
 * Shape `i` of a packed batch, read on demand: its bounds, rings (views into `p.coords`) and
 * ellipse are made when asked for and not kept. The tile worker asks for them when it builds a
 * shape's outline at a level (once per level, then cached) and per tile for the bounds; an object
 * per shape with its own bounds and ring views held ~460 B of the worker's JS heap per shape, this
 * ~30 B (bench: "JS heap per shape ... + workers").
 */
class PackedShape implements Shape {
  constructor(
    private readonly p: PackedShapes,
    private readonly i: number,
    /** Index of its first ring in `p.ringLength`. */
    private readonly ring: number,
    /** Index of its first number in `p.coords`. */
    private readonly coord: number,
    /** Index of its params in `p.ellipse` (-1: not an ellipse). */
    private readonly ellipseAt: number,
  ) {}

  get kind(): ShapeKind {
    return KINDS[this.p.kind[this.i]!]!;
  }

  get closed(): boolean {
    return this.p.closed[this.i] === 1;
  }

  get bounds(): Bounds {
    const b = this.p.bounds;
    const o = 4 * this.i;
    return { minX: b[o]!, minY: b[o + 1]!, maxX: b[o + 2]!, maxY: b[o + 3]! };
  }

  get rings(): Float64Array[] {
    const p = this.p;
    const rings: Float64Array[] = [];
    let c = this.coord;
    for (let k = 0; k < p.ringCount[this.i]!; k++) {
      const len = p.ringLength[this.ring + k]!;
      rings.push(p.coords.subarray(c, c + len));
      c += len;
    }
    return rings;
  }

  get ellipse(): EllipseParams | undefined {
    if (this.ellipseAt < 0) return undefined;
    const e = this.p.ellipse;
    const o = this.ellipseAt;
    return { x: e[o]!, y: e[o + 1]!, rx: e[o + 2]!, ry: e[o + 3]!, angle: e[o + 4]! };
  }
}
