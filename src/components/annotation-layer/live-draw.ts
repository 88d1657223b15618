// What the layer draws on top of the tiles every frame: the selection (live, excluded from
// tiles so edits never re-rasterise), hover, drafts, the box-select rectangle, brush cursor, labels.
import { buildShapePath, isFilled } from '../internal/shape-path.js';
import { withAlpha } from '../internal/tile-renderer.js';
import type { Shape } from '../internal/shape.js';
import type { DlView } from '../internal/view.js';
import type { DlAnnotationLayer } from './annotation-layer.js';

const MAX_LABELS = 400;

function strokeShape(
  ctx: CanvasRenderingContext2D,
  l: DlAnnotationLayer,
  key: string,
  s: Shape,
  v: DlView,
  dpr: number,
  width: number,
  fillAlpha: number,
  color: string,
): void {
  const S = v.scale * dpr;
  if (s.kind === 'binary') {
    const m =
      (l.edit.drag?.kind === 'brush' && l.edit.drag.key === key ? l.edit.drag.raster : null) ??
      l.model.masks.get(key)?.raster;
    if (m?.width) {
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(m.canvas, m.x, m.y);
      ctx.lineWidth = width / S;
      ctx.strokeStyle = color;
      ctx.setLineDash([4 / S, 3 / S]);
      ctx.strokeRect(m.x, m.y, m.width, m.height);
      ctx.setLineDash([]);
    }
    return;
  }
  const p = buildShapePath(s, S);
  if (!p) return;
  if (fillAlpha && isFilled(s)) {
    ctx.fillStyle = withAlpha(color, fillAlpha);
    ctx.fill(p, 'evenodd');
  }
  ctx.lineWidth = (width + 2) / S;
  ctx.strokeStyle = 'rgba(255,255,255,0.85)';
  ctx.stroke(p);
  ctx.lineWidth = width / S;
  ctx.strokeStyle = color;
  ctx.stroke(p);
}

/**
 * The device-pixel rect `[x0, y0, x1, y1]` the overlay may paint this frame (the whole canvas when
 * labels, drafts or tools with cursors are active).
 */
export function liveArea(
  l: DlAnnotationLayer,
  v: DlView,
  dpr: number,
  w: number,
  h: number,
): [number, number, number, number] {
  const edit = l.edit;
  const full: [number, number, number, number] = [0, 0, w, h];
  if (
    l.showLabels ||
    edit.draft ||
    edit.drag?.kind === 'draw' ||
    edit.drag?.kind === 'box-select' ||
    edit.drag?.kind === 'brush' ||
    l.tool === 'brush' ||
    l.tool === 'eraser'
  )
    return full;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const k of [...l.selection, ...(l.hover ? [l.hover] : [])]) {
    const s = edit.shapeOf(k);
    if (!s) continue;
    let b = s.bounds;
    if (s.kind === 'binary') {
      const m = l.model.masks.get(k)?.raster;
      if (m) b = { minX: m.x, minY: m.y, maxX: m.x + m.width, maxY: m.y + m.height };
    }
    x0 = Math.min(x0, b.minX);
    y0 = Math.min(y0, b.minY);
    x1 = Math.max(x1, b.maxX);
    y1 = Math.max(y1, b.maxY);
  }
  if (x0 > x1) return [0, 0, 0, 0];
  const pad = 8 * dpr; // stroke width and point radius
  const S = v.scale * dpr;
  return [
    Math.max(0, Math.floor(x0 * S + v.x * dpr - pad)),
    Math.max(0, Math.floor(y0 * S + v.y * dpr - pad)),
    Math.min(w, Math.ceil(x1 * S + v.x * dpr + pad)),
    Math.min(h, Math.ceil(y1 * S + v.y * dpr + pad)),
  ];
}

/** Draws the live part of the layer over the tiles. */
export function drawLive(l: DlAnnotationLayer, ctx: CanvasRenderingContext2D, v: DlView, dpr: number): void {
  const S = v.scale * dpr;
  ctx.setTransform(S, 0, 0, S, v.x * dpr, v.y * dpr);
  ctx.lineJoin = 'round';
  const edit = l.edit;
  if (l.hover && !l.selection.has(l.hover)) {
    const s = l.model.shapes.get(l.hover);
    const a = l.model.json(l.hover);
    if (s && a)
      strokeShape(ctx, l, l.hover, s, v, dpr, 2.5, 0.3, l.model.colorOf(l.model.states.get(l.hover)?.label ?? a.label));
  }
  for (const k of l.selection) {
    const s = edit.shapeOf(k);
    const st = l.model.states.get(k);
    if (s && st) strokeShape(ctx, l, k, s, v, dpr, 2.5, 0.35, l.model.colorOf(st.label));
  }
  const brush = edit.drag?.kind === 'brush' && !edit.drag.key ? edit.drag.raster : null;
  if (brush?.width) {
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(brush.canvas, brush.x, brush.y);
  }
  const color = l.model.colorOf(l.label ?? 'object');
  if (edit.drag?.kind === 'draw') {
    const d = edit.drag;
    const x = Math.min(d.start.x, d.cur.x);
    const y = Math.min(d.start.y, d.cur.y);
    const w = Math.abs(d.cur.x - d.start.x);
    const h = Math.abs(d.cur.y - d.start.y);
    ctx.beginPath();
    if (d.tool === 'box') ctx.rect(x, y, w, h);
    else ctx.ellipse(x + w / 2, y + h / 2, w / 2, h / 2, 0, 0, Math.PI * 2);
    ctx.lineWidth = 2 / S;
    ctx.strokeStyle = color;
    ctx.fillStyle = withAlpha(color, 0.2);
    ctx.fill();
    ctx.stroke();
  }
  if (edit.draft) {
    const p = edit.draft.pts;
    ctx.beginPath();
    for (let i = 0; i < p.length; i += 2) i ? ctx.lineTo(p[i], p[i + 1]) : ctx.moveTo(p[i], p[i + 1]);
    if (edit.draft.cursor) ctx.lineTo(edit.draft.cursor.x, edit.draft.cursor.y);
    ctx.lineWidth = 2 / S;
    ctx.strokeStyle = color;
    ctx.stroke();
    ctx.fillStyle = color;
    for (let i = 0; i < p.length; i += 2) ctx.fillRect(p[i] - 3 / S, p[i + 1] - 3 / S, 6 / S, 6 / S);
  }
  if (edit.drag?.kind === 'box-select') {
    const d = edit.drag;
    ctx.setLineDash([5 / S, 4 / S]);
    ctx.lineWidth = 1.5 / S;
    ctx.strokeStyle = '#ffffff';
    ctx.strokeRect(
      Math.min(d.start.x, d.cur.x),
      Math.min(d.start.y, d.cur.y),
      Math.abs(d.cur.x - d.start.x),
      Math.abs(d.cur.y - d.start.y),
    );
    ctx.setLineDash([]);
  }
  if ((l.tool === 'brush' || l.tool === 'eraser') && edit.pointerImage) {
    ctx.beginPath();
    ctx.arc(edit.pointerImage.x, edit.pointerImage.y, l.brushSize, 0, Math.PI * 2);
    ctx.lineWidth = 1.5 / S;
    ctx.strokeStyle = l.tool === 'brush' ? color : '#ffffff';
    ctx.stroke();
  }
  if (l.showLabels) drawLabels(l, ctx, v, dpr);
}

function drawLabels(l: DlAnnotationLayer, ctx: CanvasRenderingContext2D, v: DlView, dpr: number): void {
  let keys = l.model.keysIn(l.visibleRect());
  if (keys.length > MAX_LABELS) keys = [...l.selection, ...(l.hover ? [l.hover] : [])];
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'bottom';
  for (const k of keys) {
    const s = l.edit.shapeOf(k);
    const st = l.model.states.get(k);
    if (!s || !st) continue;
    // Labels of shapes too small to carry one only show on hover or selection.
    if ((s.bounds.maxX - s.bounds.minX) * v.scale < 30 && !l.selection.has(k) && l.hover !== k && s.kind !== 'point')
      continue;
    const x = s.bounds.minX * v.scale + v.x;
    const y = s.bounds.minY * v.scale + v.y;
    const w = ctx.measureText(st.label).width + 6;
    const color = l.model.colorOf(st.label);
    ctx.fillStyle = color;
    ctx.fillRect(x, y - 16, w, 16);
    const n = parseInt(color.slice(1), 16);
    const luma = (0.2126 * ((n >> 16) & 255) + 0.7152 * ((n >> 8) & 255) + 0.0722 * (n & 255)) / 255;
    ctx.fillStyle = luma < 0.55 ? '#ffffff' : '#000000';
    ctx.fillText(st.label, x + 3, y - 2);
  }
}
