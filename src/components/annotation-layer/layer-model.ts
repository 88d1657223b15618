// The bridge between the store (JSON, undo) and the renderer (tiles): parses each annotation's
// geometry for the shown frame, keeps int ids for the spatial index, decodes masks, colours by
// label, and answers hit tests.
import { hitTest, type HitShape } from '../../geometry/shapes/hit-test.js';
import { AnnotationStore } from '../internal/annotation-store.js';
import { parseShape, type Shape } from '../internal/shape.js';
import { TileRenderer } from '../internal/tile-renderer.js';
import { stateAtFrame, type FrameState } from '../internal/video-frame.js';
import { fallbackColor } from '../internal/label-colors.js';
import { decodeMaskUrl, MaskRaster } from '../internal/mask-raster.js';
import type { AnnotationJson } from '../internal/annotation-json.js';

const ring = (r: ArrayLike<number>) => {
  const out = [];
  for (let i = 0; i < r.length; i += 2) out.push({ x: r[i], y: r[i + 1] });
  return out;
};

/** Shape state of the layer. */
export class LayerModel {
  readonly store = new AnnotationStore();
  readonly renderer = new TileRenderer();
  colors = new Map<string, string>();
  /** Shown video frame, or null for images. */
  frame: number | null = null;
  itemWidth = 0;
  itemHeight = 0;
  readonly shapes = new Map<string, Shape>();
  readonly states = new Map<string, FrameState>();
  readonly masks = new Map<string, { url: string; raster: MaskRaster }>();
  /** Keys of the classifications shown now (listed, not drawn). */
  readonly classKeys = new Set<string>();
  private ids = new Map<string, number>();
  private keysById: string[] = [];
  private z = new Map<string, number>();
  private zNext = 0;
  private decoding = new Set<string>();
  private pendingDecodes = new Set<Promise<void>>();
  /** Called when something must be redrawn (mask decoded...). */
  onInvalidate: () => void = () => {};

  /** The int id of `key` in the spatial index. */
  idOf(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.keysById.length;
      this.keysById.push(key);
      this.ids.set(key, id);
    }
    return id;
  }
  keyOf(id: number): string {
    return this.keysById[id];
  }

  /** Colour of a label (ontology, else a stable hash colour). */
  colorOf(label: string): string {
    let c = this.colors.get(label);
    if (!c) this.colors.set(label, (c = fallbackColor(label)));
    return c;
  }

  /** Re-reads every annotation (after reset, frame or colour change). */
  rebuild(): void {
    this.renderer.clear();
    this.shapes.clear();
    this.states.clear();
    this.classKeys.clear();
    for (const k of this.store.keys()) {
      if (!this.z.has(k)) this.z.set(k, this.zNext++);
      this.refresh(k);
    }
  }

  /** Re-reads one annotation (and the pose it belongs to, for a key point). */
  refresh(key: string): void {
    const a = this.store.get(key);
    const parent = a?.type === 'point' ? (a.metadata?.system?.parentId as string | undefined) : undefined;
    if (parent && this.store.get(parent)?.type === 'pose') queueMicrotask(() => this.refresh(parent));
    const id = this.idOf(key);
    const st = a
      ? this.frame === null
        ? { label: a.label, type: a.type, coordinates: a.coordinates, keyFrame: 0, snapshotIndex: -1 }
        : stateAtFrame(a, this.frame)
      : null;
    this.classKeys.delete(key);
    if (!a || !st) {
      this.renderer.delete(id);
      this.shapes.delete(key);
      this.states.delete(key);
      return;
    }
    if (!this.z.has(key)) this.z.set(key, this.zNext++);
    const shape = parseShape(st.type, st.coordinates);
    this.states.set(key, st);
    if (shape.kind === 'class') this.classKeys.add(key);
    const color = this.colorOf(st.label);
    if (shape.kind === 'pose') {
      // A pose draws as the box around its key points (point annotations whose parentId is the pose).
      const pts: number[] = [];
      for (const k of this.store.keys()) {
        const c = this.store.get(k)!;
        if (c.type === 'point' && a.id && c.metadata?.system?.parentId === a.id) {
          const p = c.coordinates as { x?: number; y?: number } | undefined;
          if (typeof p?.x === 'number' && typeof p?.y === 'number') pts.push(p.x, p.y);
        }
      }
      if (pts.length) {
        let x0 = Infinity,
          y0 = Infinity,
          x1 = -Infinity,
          y1 = -Infinity;
        for (let i = 0; i < pts.length; i += 2) {
          x0 = Math.min(x0, pts[i]);
          x1 = Math.max(x1, pts[i]);
          y0 = Math.min(y0, pts[i + 1]);
          y1 = Math.max(y1, pts[i + 1]);
        }
        shape.rings = [[x0, y0, x1, y0, x1, y1, x0, y1]];
        shape.closed = true;
        shape.bounds = { minX: x0, minY: y0, maxX: x1, maxY: y1 };
      }
    }
    if (shape.kind === 'binary') {
      const m = this.masks.get(key);
      if (m && m.url === shape.maskUrl) {
        m.raster.setColor(color);
        const b = m.raster.bounds;
        shape.bounds = { minX: b.x, minY: b.y, maxX: b.x + b.width, maxY: b.y + b.height };
        this.shapes.set(key, shape);
        this.renderer.set(id, shape, color, this.z.get(key)!, { image: m.raster.canvas, x: b.x, y: b.y });
      } else {
        this.shapes.set(key, shape);
        this.renderer.delete(id);
        void this.decode(key, shape.maskUrl!, color);
      }
      return;
    }
    this.shapes.set(key, shape);
    this.renderer.set(id, shape, color, this.z.get(key)!);
  }

  private async decode(key: string, url: string, color: string): Promise<void> {
    const tag = `${key}\n${url.length}:${url.slice(-32)}`;
    if (this.decoding.has(tag)) return;
    this.decoding.add(tag);
    const done = this.decodeNow(key, url, color);
    this.pendingDecodes.add(done);
    try {
      await done;
    } finally {
      this.pendingDecodes.delete(done);
      this.decoding.delete(tag);
    }
  }

  /** True while some mask PNG is still decoding (it cannot be hit-tested until it has). */
  get masksDecoding(): boolean {
    return this.pendingDecodes.size > 0;
  }

  /** Resolves when every mask decode started so far has finished (decoded or failed). */
  async masksSettled(): Promise<void> {
    while (this.pendingDecodes.size) await Promise.all([...this.pendingDecodes]);
  }

  private async decodeNow(key: string, url: string, color: string): Promise<void> {
    try {
      const mask = await decodeMaskUrl(url);
      const raster = MaskRaster.fromMask(mask, color);
      if (!this.itemWidth) {
        this.itemWidth = mask.width;
        this.itemHeight = mask.height;
      }
      this.masks.set(key, { url, raster });
      if ((this.shapes.get(key)?.maskUrl ?? null) === url) this.refresh(key);
      this.onInvalidate();
    } catch {
      // An undecodable mask stays undrawn; the rest of the item still renders.
    }
  }

  /** Stores a mask raster the brush created or edited, under its data URL. */
  setMask(key: string, url: string, raster: MaskRaster): void {
    this.masks.set(key, { url, raster });
  }

  /** z-order of a key (higher is on top). */
  zOf(key: string): number {
    return this.z.get(key) ?? -1;
  }

  /** Keys whose shapes intersect image rect `r`. */
  keysIn(r: { minX: number; minY: number; maxX: number; maxY: number }): string[] {
    return this.renderer.grid.search(r).map((id) => this.keyOf(id));
  }

  /** The geometry as the hit tests take it. */
  hitShape(key: string, s: Shape): HitShape | null {
    switch (s.kind) {
      case 'box':
      case 'note':
        return { type: s.kind, ...s.box! };
      case 'pose': {
        const r = s.rings[0];
        return r ? { type: 'box', left: r[0], top: r[1], right: r[4], bottom: r[5] } : null;
      }
      case 'segment':
        return { type: 'segment', rings: s.rings.map(ring) };
      case 'polyline':
        return { type: 'polyline', points: ring(s.rings[0]) };
      case 'point':
        return { type: 'point', x: s.rings[0][0], y: s.rings[0][1] };
      case 'ellipse': {
        const e = s.ellipse!;
        return { type: 'ellipse', x: e.cx, y: e.cy, rx: e.rx, ry: e.ry, angle: e.angle };
      }
      case 'cube': {
        const p = ring(s.rings[0]);
        return {
          type: 'cube',
          front_tl: p[0],
          front_tr: p[1],
          front_br: p[2],
          front_bl: p[3],
          back_tl: p[4],
          back_tr: p[5],
          back_br: p[6],
          back_bl: p[7],
        };
      }
      case 'binary': {
        const m = this.masks.get(key)?.raster;
        return m
          ? { type: 'binary', mask: { width: m.width, height: m.height, data: m.data }, left: m.x, top: m.y }
          : null;
      }
      default:
        return null;
    }
  }

  /** The annotation under image point (x, y): the smallest shape hit within `tol` image px. */
  hitAt(
    x: number,
    y: number,
    tol: number,
    shapes: (key: string) => Shape | undefined = (k) => this.shapes.get(k),
  ): string | null {
    let best: string | null = null;
    let bestArea = Infinity;
    for (const key of this.keysIn({ minX: x - tol, minY: y - tol, maxX: x + tol, maxY: y + tol })) {
      const s = shapes(key);
      if (!s) continue;
      const h = this.hitShape(key, s);
      if (!h || !hitTest(h, { x, y }, { tolerance: tol })) continue;
      const b = s.bounds;
      const area = Math.max(1, (b.maxX - b.minX) * (b.maxY - b.minY));
      if (area < bestArea || (area === bestArea && this.zOf(key) > this.zOf(best!))) {
        best = key;
        bestArea = area;
      }
    }
    return best;
  }

  /** The annotation JSON of `key`. */
  json(key: string): AnnotationJson | undefined {
    return this.store.get(key);
  }
}
