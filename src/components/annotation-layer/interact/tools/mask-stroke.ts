// Brush and eraser strokes on a binary mask: hard discs of `brushSize` px along the pointer path, into
// the selected mask (or a new one for the brush). The release makes one undo step: a new mask is
// created as an annotation; an edited one stores the changed rectangle's bytes before and after.
import type { Rect as PixelRect } from '../../../internal/view.js';
import { hexToRgb } from '../../../internal/label-colors.js';
import { MaskRaster, encodeMaskUrl } from '../../model/mask-raster.js';
import type { Gesture, LayerPointer, Tool, ToolContext } from '../tool.js';

/** The brush (`value` 1) or eraser (0) of one layer. */
export class MaskStrokeTool implements Tool {
  constructor(
    private readonly ctx: ToolContext,
    private readonly value: 0 | 1,
  ) {}

  down(p: LayerPointer): Gesture | undefined {
    const { ctx } = this;
    const { store } = ctx;
    p.claim();
    const sel = [...store.selection].find((k) => store.json(k)?.type === 'binary');
    const existing = sel ? store.shapes.masks.get(sel)?.raster : undefined;
    if (!this.value && !existing) return undefined;
    const label = sel ? store.json(sel)!.label : (ctx.settings.label ?? 'object');
    const raster =
      existing ??
      new MaskRaster(store.shapes.itemWidth || 1, store.shapes.itemHeight || 1, store.shapes.colorOf(label));
    return strokeGesture(ctx, p, existing ? sel! : null, raster, this.value);
  }

  idle(): void {
    this.ctx.redraw();
  }

  overlayCovers(): boolean {
    return true;
  }

  /** The brush outline at the pointer (label colour for the brush, white for the eraser). */
  overlay = (c: CanvasRenderingContext2D, S: number): void => {
    const at = this.ctx.pointer();
    if (!at) return;
    c.beginPath();
    c.arc(at.x, at.y, this.ctx.settings.brushSize, 0, Math.PI * 2);
    c.lineWidth = 1.5 / S;
    c.strokeStyle = this.value ? this.ctx.labelColor() : '#ffffff';
    c.stroke();
  };
}

function strokeGesture(
  ctx: ToolContext,
  start: LayerPointer,
  key: string | null,
  raster: MaskRaster,
  value: 0 | 1,
): Gesture {
  const before = { rect: raster.bounds, bytes: raster.data.slice() };
  let touched: PixelRect | null = null;
  let last = { x: start.x, y: start.y };
  const paint = (p: { x: number; y: number }) => {
    const r = ctx.settings.brushSize;
    // Discs along the segment so fast strokes leave no gaps.
    const steps = Math.max(1, Math.ceil(Math.hypot(p.x - last.x, p.y - last.y) / Math.max(1, r / 2)));
    for (let i = 1; i <= steps; i++) {
      const q = { x: last.x + ((p.x - last.x) * i) / steps, y: last.y + ((p.y - last.y) * i) / steps };
      const t = raster.disc(q.x, q.y, r, value);
      if (t) touched = touched ? union(touched, t) : t;
    }
    if (touched === null) {
      const t = raster.disc(p.x, p.y, r, value);
      if (t) touched = t;
    }
    last = { x: p.x, y: p.y };
    ctx.redraw();
  };
  paint(start);
  return {
    move: paint,
    up() {
      if (touched) void endStroke(ctx, key, raster, before, touched, value);
    },
    // A new mask is not in the store yet: its stroke is drawn here (an edited one draws as the selection).
    overlay: key
      ? undefined
      : (c) => {
          if (!raster.width) return;
          c.imageSmoothingEnabled = false;
          c.drawImage(raster.canvas, raster.x, raster.y);
        },
  };
}

async function endStroke(
  ctx: ToolContext,
  key: string | null,
  raster: MaskRaster,
  old: { rect: PixelRect; bytes: Uint8Array },
  t: PixelRect,
  value: 0 | 1,
): Promise<void> {
  const { store } = ctx;
  if (!key) {
    // A new mask: created as one step; undo deletes it.
    const url = await encodeMaskUrl(raster.toMask(), hexToRgb(ctx.labelColor()));
    const k = store.annotations.newKey();
    store.shapes.setMask(k, url, raster);
    ctx.commit.create('binary', url, k);
    return;
  }
  const beforeBytes = new Uint8Array(t.width * t.height);
  for (let y = 0; y < t.height; y++)
    for (let x = 0; x < t.width; x++) {
      const ix = t.x + x - old.rect.x;
      const iy = t.y + y - old.rect.y;
      if (ix >= 0 && iy >= 0 && ix < old.rect.width && iy < old.rect.height)
        beforeBytes[y * t.width + x] = old.bytes[iy * old.rect.width + ix]!;
    }
  store.annotations.edit([], {
    patches: [{ key, ...t, before: beforeBytes, after: raster.read(t) }],
    action: { kind: 'pixels', key, how: value ? 'paint' : 'erase' },
  });
  await ctx.commit.mask(key);
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
