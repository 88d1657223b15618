// Pointer input of the layer: select (click, shift-click, shift-drag box-select), move, handle
// drags (resize, rotate, vertex drag / insert / Alt+click delete), the create tools and the mask
// brush. Live state (preview shapes, drafts) stays here until pointer-up commits one undo step.
import {
  cloneShape,
  translateShape,
  boxCoordinates,
  ellipseCoordinates,
  ringsCoordinates,
  type Shape,
} from '../internal/shape.js';
import { toImage } from '../internal/view.js';
import { MaskRaster, encodeMaskUrl, hexToRgb, type PixelRect } from '../internal/mask-raster.js';
import { deleteVertex, dragHandle, insertVertex, parseRingHandle, ringHandle } from './shape-edits.js';
import type { DlAnnotationLayer } from './annotation-layer.js';

type XY = { x: number; y: number };
type Drag =
  | { kind: 'move'; start: XY; orig: Map<string, Shape>; moved: boolean }
  | { kind: 'handle'; key: string; handle: string; orig: Shape; moved: boolean }
  | { kind: 'box-select'; start: XY; cur: XY; base: Set<string> }
  | { kind: 'draw'; tool: 'box' | 'ellipse'; start: XY; cur: XY }
  | {
      kind: 'brush';
      key: string | null;
      raster: MaskRaster;
      value: 0 | 1;
      before: { rect: PixelRect; bytes: Uint8Array };
      touched: PixelRect | null;
      last: XY;
    };

const CLICK_SLOP = 3;

/** The polygon / polyline being drawn. */
export interface Draft {
  tool: 'polygon' | 'polyline';
  pts: number[];
  cursor: XY | null;
}

/** Pointer controller of a layer. */
export class EditController {
  drag: Drag | null = null;
  /** Shapes shown instead of their stored geometry while dragged. */
  preview = new Map<string, Shape>();
  draft: Draft | null = null;
  /** The vertex arrows nudge and Delete removes: `ring` 0 is the outline, 1.. the holes. */
  activeVertex: { key: string; ring: number; index: number } | null = null;
  /** Last pointer position over the layer, image px (brush cursor). */
  pointerImage: XY | null = null;
  private hoverRaf = 0;
  private pending: { sx: number; sy: number; p: XY } | null = null;

  constructor(private readonly layer: DlAnnotationLayer) {}

  connect(): void {
    const l = this.layer;
    l.addEventListener('pointerdown', this.down);
    l.addEventListener('pointermove', this.move);
    l.addEventListener('pointerup', this.up);
    l.addEventListener('pointercancel', this.cancelDrag);
    l.addEventListener('dblclick', this.dblclick);
    l.addEventListener('pointerleave', this.leave);
  }

  disconnect(): void {
    const l = this.layer;
    l.removeEventListener('pointerdown', this.down);
    l.removeEventListener('pointermove', this.move);
    l.removeEventListener('pointerup', this.up);
    l.removeEventListener('pointercancel', this.cancelDrag);
    l.removeEventListener('dblclick', this.dblclick);
    l.removeEventListener('pointerleave', this.leave);
  }

  /** Drops drafts and drags (tool change, Escape, new data). */
  cancel(): void {
    this.drag = null;
    this.draft = null;
    this.preview.clear();
    this.layer.scheduleDraw();
  }

  selectionChanged(): void {
    if (this.activeVertex && !this.layer.selection.has(this.activeVertex.key)) this.activeVertex = null;
  }

  /** The geometry of `key` as shown now (preview while dragging). */
  shapeOf(key: string): Shape | undefined {
    return this.preview.get(key) ?? this.layer.model.shapes.get(key);
  }

  private img(e: PointerEvent): XY & { sx: number; sy: number } {
    const r = this.layer.getBoundingClientRect();
    const sx = e.clientX - r.left;
    const sy = e.clientY - r.top;
    return { ...toImage(this.layer.view, sx, sy), sx, sy };
  }

  private tol(): number {
    return 6 / this.layer.view.scale;
  }

  private fromUi(e: Event): boolean {
    return e
      .composedPath()
      .some(
        (n) =>
          n instanceof HTMLElement &&
          (n.classList.contains('toolbar') ||
            n.classList.contains('panel') ||
            n.classList.contains('chips') ||
            n.classList.contains('panel-toggle')),
      );
  }

  private claim(e: PointerEvent): void {
    e.stopPropagation();
    e.preventDefault();
    this.layer.focus({ preventScroll: true });
    try {
      this.layer.setPointerCapture(e.pointerId);
    } catch {
      // Synthetic pointer ids cannot be captured.
    }
  }

  private down = (e: PointerEvent): void => {
    const l = this.layer;
    if (e.button !== 0 || l.viewer?.panKeyDown || this.fromUi(e)) return;
    const p = this.img(e);
    const target = e.composedPath()[0] as Element;
    const handle = target instanceof SVGElement ? target.getAttribute('data-handle') : null;
    const hkey = handle ? target.getAttribute('data-key') : null;
    if (handle && hkey && !l.readonly) {
      this.claim(e);
      let orig = this.shapeOf(hkey)!;
      let h = handle;
      const rv = parseRingHandle(h);
      if (rv?.prefix === 'm') {
        orig = insertVertex(orig, rv.index, p.x, p.y, rv.ring);
        h = ringHandle('v', rv.ring, rv.index + 1);
        this.preview.set(hkey, orig);
      } else if (rv?.prefix === 'v' && e.altKey) {
        const s = deleteVertex(orig, rv.index, rv.ring);
        if (this.activeVertex?.key === hkey) this.activeVertex = null;
        if (s) l.commitShapes(new Map([[hkey, s]]));
        return;
      }
      const av = parseRingHandle(h);
      if (av?.prefix === 'v') this.activeVertex = { key: hkey, ring: av.ring, index: av.index };
      this.drag = { kind: 'handle', key: hkey, handle: h, orig, moved: handle !== h };
      l.requestUpdate();
      return;
    }
    const tool = l.readonly ? 'select' : l.tool;
    switch (tool) {
      case 'select':
      case 'classification': {
        const hit = l.model.hitAt(p.x, p.y, this.tol(), (k) => this.shapeOf(k));
        if (hit) {
          this.claim(e);
          if (e.shiftKey) {
            const next = new Set(l.selection);
            if (next.has(hit)) next.delete(hit);
            else next.add(hit);
            l.setSelection(next, true);
            if (!next.has(hit)) return;
          } else if (!l.selection.has(hit)) l.setSelection([hit], true);
          if (l.readonly) return;
          const orig = new Map(
            [...l.selection]
              .map((k) => [k, cloneShape(this.shapeOf(k)!)] as const)
              .filter(([, s]) => s && s.kind !== 'class'),
          );
          this.drag = { kind: 'move', start: p, orig, moved: false };
        } else if (e.shiftKey) {
          this.claim(e);
          this.drag = { kind: 'box-select', start: p, cur: p, base: new Set(l.selection) };
        } else {
          // Left to the viewer (pan); a click without movement clears the selection.
          this.pending = { sx: e.clientX, sy: e.clientY, p };
          addEventListener('pointerup', this.pendingUp, { once: true, capture: true });
        }
        return;
      }
      case 'box':
      case 'ellipse':
        this.claim(e);
        this.drag = { kind: 'draw', tool, start: p, cur: p };
        return;
      case 'point':
        this.claim(e);
        l.createAnnotation('point', { x: p.x, y: p.y, z: 0 });
        return;
      case 'polygon':
      case 'polyline': {
        this.claim(e);
        const d = (this.draft ??= { tool, pts: [], cursor: null });
        const n = d.pts.length / 2;
        if (tool === 'polygon' && n >= 3 && Math.hypot(d.pts[0] - p.x, d.pts[1] - p.y) * l.view.scale < 8)
          return this.finishDraft();
        d.pts.push(p.x, p.y);
        l.announce(`${n + 1}`);
        l.scheduleDraw();
        return;
      }
      case 'brush':
      case 'eraser': {
        this.claim(e);
        const sel = [...l.selection].find((k) => l.model.json(k)?.type === 'binary');
        const existing = sel ? l.model.masks.get(sel)?.raster : undefined;
        if (tool === 'eraser' && !existing) return;
        const label = sel ? l.model.json(sel)!.label : (l.label ?? 'object');
        const raster =
          existing ?? new MaskRaster(l.model.itemWidth || 1, l.model.itemHeight || 1, l.model.colorOf(label));
        const before = { rect: raster.bounds, bytes: raster.data.slice() };
        this.drag = {
          kind: 'brush',
          key: existing ? sel! : null,
          raster,
          value: tool === 'brush' ? 1 : 0,
          before,
          touched: null,
          last: p,
        };
        this.paint(p);
        return;
      }
    }
  };

  private pendingUp = (e: PointerEvent): void => {
    const p = this.pending;
    this.pending = null;
    if (!p || Math.hypot(e.clientX - p.sx, e.clientY - p.sy) >= CLICK_SLOP) return;
    const l = this.layer;
    if (l.selection.size) l.setSelection([], true);
    // A mask whose PNG is still decoding cannot be hit yet (its pixels, hence its bounds, are
    // unknown): the click is answered once the decodes finish, unless the selection moved on.
    if (l.model.masksDecoding) {
      const sel = l.selection;
      void l.model.masksSettled().then(() => {
        if (l.selection !== sel || !l.isConnected) return;
        const hit = l.model.hitAt(p.p.x, p.p.y, this.tol(), (k) => this.shapeOf(k));
        if (hit && l.model.shapes.get(hit)?.kind === 'binary') l.setSelection([hit], true);
      });
    }
  };

  private paint(p: XY): void {
    const d = this.drag;
    if (d?.kind !== 'brush') return;
    const r = this.layer.brushSize;
    // Discs along the segment so fast strokes leave no gaps.
    const steps = Math.max(1, Math.ceil(Math.hypot(p.x - d.last.x, p.y - d.last.y) / Math.max(1, r / 2)));
    for (let i = 1; i <= steps; i++) {
      const q = { x: d.last.x + ((p.x - d.last.x) * i) / steps, y: d.last.y + ((p.y - d.last.y) * i) / steps };
      const t = d.raster.disc(q.x, q.y, r, d.value);
      if (t) d.touched = d.touched ? union(d.touched, t) : t;
    }
    if (d.touched === null) {
      const t = d.raster.disc(p.x, p.y, r, d.value);
      if (t) d.touched = t;
    }
    d.last = p;
    this.layer.scheduleDraw();
  }

  private move = (e: PointerEvent): void => {
    const l = this.layer;
    const p = this.img(e);
    this.pointerImage = p;
    const d = this.drag;
    if (!d) {
      if (this.draft) {
        this.draft.cursor = p;
        l.scheduleDraw();
      }
      if (l.tool === 'brush' || l.tool === 'eraser') l.scheduleDraw();
      if (!this.hoverRaf && (l.tool === 'select' || l.readonly))
        this.hoverRaf = requestAnimationFrame(() => {
          this.hoverRaf = 0;
          const h = this.pointerImage
            ? l.model.hitAt(this.pointerImage.x, this.pointerImage.y, this.tol(), (k) => this.shapeOf(k))
            : null;
          if (h !== l.hover) {
            l.hover = h;
            l.scheduleDraw();
          }
        });
      return;
    }
    e.stopPropagation();
    switch (d.kind) {
      case 'move': {
        const dx = p.x - d.start.x;
        const dy = p.y - d.start.y;
        d.moved ||= Math.hypot(dx, dy) * l.view.scale >= CLICK_SLOP;
        if (!d.moved) return;
        for (const [k, s] of d.orig) this.preview.set(k, translateShape(cloneShape(s), dx, dy));
        break;
      }
      case 'handle':
        d.moved = true;
        this.preview.set(d.key, dragHandle(d.orig, d.handle, p.x, p.y, e.shiftKey));
        break;
      case 'box-select':
      case 'draw':
        d.cur = p;
        break;
      case 'brush':
        this.paint(p);
        return;
    }
    l.scheduleDraw();
    l.requestUpdate();
  };

  private up = (e: PointerEvent): void => {
    const l = this.layer;
    const d = this.drag;
    if (!d) return;
    e.stopPropagation();
    this.drag = null;
    switch (d.kind) {
      case 'move':
        if (d.moved) l.commitShapes(new Map([...d.orig.keys()].map((k) => [k, this.preview.get(k)!])));
        break;
      case 'handle':
        if (d.moved && this.preview.has(d.key)) l.commitShapes(new Map([[d.key, this.preview.get(d.key)!]]));
        break;
      case 'box-select': {
        const r = {
          minX: Math.min(d.start.x, d.cur.x),
          minY: Math.min(d.start.y, d.cur.y),
          maxX: Math.max(d.start.x, d.cur.x),
          maxY: Math.max(d.start.y, d.cur.y),
        };
        const inside = l.model.keysIn(r).filter((k) => {
          const b = l.model.shapes.get(k)?.bounds;
          return b && b.minX >= r.minX && b.maxX <= r.maxX && b.minY >= r.minY && b.maxY <= r.maxY;
        });
        l.setSelection(new Set([...d.base, ...inside]), true);
        break;
      }
      case 'draw': {
        const x0 = Math.min(d.start.x, d.cur.x);
        const y0 = Math.min(d.start.y, d.cur.y);
        const x1 = Math.max(d.start.x, d.cur.x);
        const y1 = Math.max(d.start.y, d.cur.y);
        if ((x1 - x0) * l.view.scale < 3 || (y1 - y0) * l.view.scale < 3) break;
        if (d.tool === 'box')
          l.createAnnotation('box', boxCoordinates({ left: x0, top: y0, right: x1, bottom: y1, angle: 0 }));
        else
          l.createAnnotation(
            'ellipse',
            ellipseCoordinates({
              cx: (x0 + x1) / 2,
              cy: (y0 + y1) / 2,
              rx: (x1 - x0) / 2,
              ry: (y1 - y0) / 2,
              angle: 0,
            }),
          );
        break;
      }
      case 'brush':
        void this.endStroke(d);
        break;
    }
    this.preview.clear();
    l.scheduleDraw();
    l.requestUpdate();
  };

  private async endStroke(d: Extract<Drag, { kind: 'brush' }>): Promise<void> {
    const l = this.layer;
    if (!d.touched) return;
    if (!d.key) {
      // A new mask: created as one step; undo deletes it.
      const url = await encodeMaskUrl(d.raster.toMask(), hexToRgb(l.model.colorOf(l.label ?? 'object')));
      const key = l.model.store.newKey();
      l.model.setMask(key, url, d.raster);
      l.createAnnotation('binary', url, {}, key);
      return;
    }
    const t = d.touched;
    const old = d.before;
    const beforeBytes = new Uint8Array(t.width * t.height);
    for (let y = 0; y < t.height; y++)
      for (let x = 0; x < t.width; x++) {
        const ix = t.x + x - old.rect.x;
        const iy = t.y + y - old.rect.y;
        if (ix >= 0 && iy >= 0 && ix < old.rect.width && iy < old.rect.height)
          beforeBytes[y * t.width + x] = old.bytes[iy * old.rect.width + ix];
      }
    l.model.store.edit([], { patches: [{ key: d.key, ...t, before: beforeBytes, after: d.raster.read(t) }] });
    await l.commitMask(d.key);
  }

  private cancelDrag = (): void => {
    this.drag = null;
    this.preview.clear();
    this.layer.scheduleDraw();
  };

  private leave = (): void => {
    this.pointerImage = null;
    if (this.layer.hover) {
      this.layer.hover = null;
      this.layer.scheduleDraw();
    }
  };

  private dblclick = (e: MouseEvent): void => {
    if (!this.draft) return;
    e.stopPropagation();
    // The double click's second press added a duplicate vertex.
    const p = this.draft.pts;
    const n = p.length;
    if (n >= 4 && p[n - 2] === p[n - 4] && p[n - 1] === p[n - 3]) p.length = n - 2;
    this.finishDraft();
  };

  /** Closes the polygon / ends the polyline being drawn (Enter, double-click, click on the first vertex). */
  finishDraft(): void {
    const d = this.draft;
    if (!d) return;
    const n = d.pts.length / 2;
    if (n < (d.tool === 'polygon' ? 3 : 2)) return;
    this.draft = null;
    this.layer.createAnnotation(d.tool === 'polygon' ? 'segment' : 'polyline', ringsCoordinates([d.pts]));
  }

  /** Removes the draft's last vertex (Backspace). */
  undoDraftPoint(): void {
    if (!this.draft) return;
    this.draft.pts.length -= 2;
    if (!this.draft.pts.length) this.draft = null;
    this.layer.scheduleDraw();
  }
}

function union(a: PixelRect, b: PixelRect): PixelRect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}
