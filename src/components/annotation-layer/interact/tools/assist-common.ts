// What the assisted tools share: their results as annotations (new ones in one undo step, or the new
// geometry of an existing one), a selected mask or polygon as the base of Shift/Alt, and the pieces
// of their option bars (output choice, stroke kind, the progress / error status).
import { html, nothing, type TemplateResult } from 'lit';
import { parseShape, ringsCoordinates } from '../../../../entities/annotations/shape-coordinates.js';
import type { XY } from '../../../../entities/geometry-backend.js';
import type { AssistMaskResult, MaskOutputOptions } from '../../../../geometry/assist/assist-types.js';
import type { PlacedMask } from '../../../../geometry/kernels/placed-mask.js';
import { msg } from '../../../strings.js';
import { hexToRgb, withAlpha } from '../../../internal/label-colors.js';
import { encodeMaskUrl, MASK_FILL_ALPHA, MaskRaster } from '../../model/mask-raster.js';
import type { AssistSession } from '../assist-session.js';
import type { PendingMasks } from '../pending-masks.js';
import type { ToolContext } from '../tool.js';

/** What an assisted tool makes: a `binary` mask or a `segment` polygon. */
export type AssistOutput = 'mask' | 'polygon';

/** The label new annotations get. */
export const newLabel = (ctx: ToolContext): string => ctx.settings.label ?? 'object';

/**
 * What to ask the worker for so that a result becomes an annotation of `label` as `output`: the PNG
 * data URL and a ready-painted bitmap of a mask, or the largest polygon with its holes.
 */
export function outputOptions(ctx: ToolContext, output: AssistOutput, label: string, early = false): MaskOutputOptions {
  if (output === 'polygon') return { polygons: { maxInstances: 1, holes: true } };
  const rgb = hexToRgb(ctx.store.shapes.colorOf(label));
  const o: MaskOutputOptions = { encode: rgb, preview: [rgb[0], rgb[1], rgb[2], MASK_FILL_ALPHA] };
  // `early` (the wand, on an image): the mask shows before its PNG, painted at the view's resolution
  if (early && ctx.store.shapes.frame === null) {
    o.encodeLater = true;
    o.previewScale = viewPreviewScale(ctx);
  }
  return o;
}

/**
 * Image px per preview px at the current zoom: the largest power of two that is at most one device
 * pixel (1 when zoomed in to 1:1 or more), at most 16. The full-resolution paint follows in idle time.
 */
export function viewPreviewScale(ctx: ToolContext): number {
  const devicePerImage = ctx.view().scale * (globalThis.devicePixelRatio || 1);
  if (!(devicePerImage > 0) || devicePerImage >= 1) return 1;
  return Math.min(16, 2 ** Math.floor(Math.log2(1 / devicePerImage)));
}

/** True when the result holds nothing to annotate. */
export function isEmptyResult(r: AssistMaskResult, output: AssistOutput): boolean {
  return output === 'polygon' ? !r.polygons?.[0]?.[0]?.length : !r.area;
}

/**
 * New annotations from results (one undo step, selected afterwards); empty results are skipped.
 * Returns the keys made. A mask whose PNG comes later (`dataUrlLater`) is in the store at once with a
 * placeholder URL and its events held back; it gets its PNG (and the layer emits its creation) when
 * the PNG arrives (see {@link PendingMasks}).
 */
export function createFromResults(
  ctx: ToolContext,
  items: ReadonlyArray<{ result: AssistMaskResult; output: AssistOutput; label: string }>,
): string[] {
  const { store } = ctx;
  const entries: Array<{ type: string; coordinates: unknown; key?: string; label: string }> = [];
  const later: Array<{ key: string; png: Promise<string>; raster: MaskRaster; label: string }> = [];
  for (const { result, output, label } of items) {
    if (isEmptyResult(result, output)) continue;
    if (output === 'polygon') {
      entries.push({ type: 'segment', coordinates: ringsCoordinates(result.polygons![0]!), label });
      continue;
    }
    if (!result.dataUrl && !result.dataUrlLater) continue;
    const key = store.annotations.newKey();
    const raster = MaskRaster.fromPlaced(
      result,
      result.imageWidth,
      result.imageHeight,
      store.shapes.colorOf(label),
      result.preview,
      result.previewScale ?? 1,
    );
    result.preview = undefined; // the raster's now (its coarse paint, or its full paint as it came)
    let url = result.dataUrl;
    if (url) raster.sharpenWhenIdle();
    else {
      url = ctx.commit.pending.add(key);
      later.push({ key, png: result.dataUrlLater!, raster, label });
    }
    store.shapes.setMask(key, url, raster);
    entries.push({ type: 'binary', coordinates: url, key, label });
  }
  for (const { result } of items) result.preview?.close();
  const keys = entries.length ? ctx.commit.createMany(entries) : [];
  for (const l of later)
    void l.png
      .catch(() => encodeMaskUrl(l.raster.toMask(), hexToRgb(store.shapes.colorOf(l.label)))) // worker lost it
      .then((url) => {
        ctx.commit.resolveMask(l.key, url);
        l.raster.sharpenWhenIdle();
      });
  return keys;
}

/**
 * Gives annotation `key` (a `binary` mask or a `segment` polygon) the geometry of `result`, as one
 * undo step (`how`: its words, "refine Car mask"); false when nothing changed (or the annotation is gone). A mask's changed pixels become
 * a patch (undo writes them back, as for a brush stroke); the raster takes the result's pixels at once,
 * drawn from the worker's preview bitmap (`MaskRaster.replace`: no page-side repaint of the region);
 * its PNG is the one the worker encoded (`dataUrlLater`: stored when it arrives, unless the pixels
 * changed meanwhile, e.g. an undo, which re-encodes by itself). Resolves once the PNG is stored.
 */
export async function replaceGeometry(
  ctx: ToolContext,
  key: string,
  result: AssistMaskResult,
  how: 'refine' | 'add' | 'subtract',
): Promise<boolean> {
  const { store } = ctx;
  const a = store.json(key);
  if (a?.type !== 'binary') result.preview?.close();
  if (!a) return false;
  if (a.type === 'segment') {
    const rings = result.polygons?.[0];
    if (!rings?.[0]?.length) return false;
    ctx.commit.shapes(new Map([[key, parseShape('segment', ringsCoordinates(rings))]]));
    return true;
  }
  const m = store.shapes.masks.get(key)?.raster;
  if (!m) {
    result.preview?.close();
    return false;
  }
  const box = result.mask.width
    ? { x: result.x, y: result.y, width: result.mask.width, height: result.mask.height }
    : null;
  const old = m.bounds;
  const u = unionRect(old.width ? old : null, box);
  if (!u) {
    result.preview?.close();
    return false;
  }
  const before = m.read(u);
  const after = new Uint8Array(u.width * u.height);
  if (box)
    for (let j = 0; j < box.height; j++)
      after.set(
        result.mask.data.subarray(j * box.width, (j + 1) * box.width),
        (box.y - u.y + j) * u.width + (box.x - u.x),
      );
  if (sameBytes(before, after)) {
    result.preview?.close();
    return false;
  }
  const placed = box ? result : { x: 0, y: 0, mask: { width: 0, height: 0, data: new Uint8Array(0) } };
  if (m.replace(placed, result.preview, result.previewScale ?? 1))
    result.preview = undefined; // the raster's now
  else {
    result.preview?.close();
    m.write(u, after); // partly outside the item: clipped pixel by pixel
  }
  const version = m.version;
  store.annotations.edit([], { patches: [{ key, ...u, before, after }], action: { kind: 'pixels', key, how } });
  const url = result.dataUrl ?? (await result.dataUrlLater?.catch(() => undefined));
  if (m.version !== version || store.shapes.masks.get(key)?.raster !== m) return true;
  await ctx.commit.mask(key, url);
  m.sharpenWhenIdle(); // a coarse paint gets its full-resolution canvas once the PNG is stored
  return true;
}

/** True when two byte arrays of one length are equal (four bytes at a time where aligned). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  const n = a.length >> 2;
  if (!(a.byteOffset & 3) && !(b.byteOffset & 3)) {
    const wa = new Uint32Array(a.buffer, a.byteOffset, n);
    const wb = new Uint32Array(b.buffer, b.byteOffset, n);
    for (let i = 0; i < n; i++) if (wa[i] !== wb[i]) return false;
    for (let i = n * 4; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function unionRect(
  a: { x: number; y: number; width: number; height: number } | null,
  b: { x: number; y: number; width: number; height: number } | null,
) {
  if (!a || !b) return a ?? b;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

/**
 * Annotation `key` as a mask on its box, the base a Shift / Alt click combines with: a `binary`
 * annotation's pixels, or a `segment` polygon (with its holes) filled at pixel centres. Null for
 * other types.
 */
export function placedMaskOf(ctx: ToolContext, key: string): PlacedMask | null {
  const { store } = ctx;
  const a = store.json(key);
  if (a?.type === 'binary') {
    const m = store.shapes.masks.get(key)?.raster;
    if (!m) return null;
    let area = 0;
    for (const v of m.data) area += v ? 1 : 0;
    return { x: m.x, y: m.y, mask: { width: m.width, height: m.height, data: m.data.slice() }, area };
  }
  const s = a?.type === 'segment' ? store.shapes.get(key) : undefined;
  if (!s?.rings.length) return null;
  const W = store.shapes.itemWidth || Number.POSITIVE_INFINITY;
  const H = store.shapes.itemHeight || Number.POSITIVE_INFINITY;
  const x0 = Math.max(0, Math.floor(s.bounds.minX));
  const y0 = Math.max(0, Math.floor(s.bounds.minY));
  const x1 = Math.min(W, Math.ceil(s.bounds.maxX) + 1);
  const y1 = Math.min(H, Math.ceil(s.bounds.maxY) + 1);
  const w = x1 - x0;
  const h = y1 - y0;
  if (w <= 0 || h <= 0) return null;
  const c = new OffscreenCanvas(w, h);
  const g = c.getContext('2d', { willReadFrequently: true })!;
  // Vertices are pixel indices and the pixels under the outline are the polygon's (OpenCV's
  // drawContours, as dtlpy's Segmentation.from_polygon): the fill at pixel centres, then the outline.
  g.translate(0.5 - x0, 0.5 - y0);
  g.beginPath();
  for (const r of s.rings) {
    for (let i = 0; i + 1 < r.length; i += 2) (i ? g.lineTo : g.moveTo).call(g, r[i]!, r[i + 1]!);
    g.closePath();
  }
  g.fillStyle = '#000';
  g.strokeStyle = '#000';
  g.lineWidth = 1;
  g.fill('evenodd');
  g.stroke();
  const rgba = g.getImageData(0, 0, w, h).data;
  const data = new Uint8Array(w * h);
  let area = 0;
  for (let i = 0; i < data.length; i++)
    if (rgba[4 * i + 3]! > 127) {
      data[i] = 1;
      area++;
    }
  return { x: x0, y: y0, mask: { width: w, height: h, data }, area };
}

/** The single selected annotation when it is a mask or a polygon (what Shift / Alt edit). */
export function selectedRegion(ctx: ToolContext): string | null {
  const sel = [...ctx.store.selection];
  if (sel.length !== 1) return null;
  const t = ctx.store.json(sel[0]!)?.type;
  return t === 'binary' || t === 'segment' ? sel[0]! : null;
}

/** A fingerprint of an annotation's geometry (to notice an undo or an edit by someone else). */
export function geometryOf(ctx: ToolContext, key: string | null): string | null {
  const a = key ? ctx.store.json(key) : undefined;
  if (!a) return null;
  return typeof a.coordinates === 'string' ? a.coordinates : JSON.stringify(a.coordinates);
}

/** Draws a stroke (polyline with round caps, a dot for one point) `radius` image px wide. */
export function drawStroke(c: CanvasRenderingContext2D, points: readonly XY[], radius: number, color: string): void {
  if (!points.length) return;
  c.save();
  c.lineCap = 'round';
  c.lineJoin = 'round';
  c.strokeStyle = withAlpha(color, 0.75);
  c.fillStyle = withAlpha(color, 0.75);
  c.lineWidth = 2 * radius;
  c.beginPath();
  if (points.length === 1) {
    c.arc(points[0]!.x, points[0]!.y, radius, 0, Math.PI * 2);
    c.fill();
  } else {
    points.forEach((p, i) => (i ? c.lineTo(p.x, p.y) : c.moveTo(p.x, p.y)));
    c.stroke();
  }
  c.restore();
}

/** A row of toggle buttons (one pressed): an option of a tool's bar. */
export function choice<T extends string>(
  label: string,
  options: ReadonlyArray<{ value: T; text: string; title?: string }>,
  current: T,
  pick: (v: T) => void,
  name: string,
): TemplateResult {
  return html`<span class="opt" role="group" aria-label=${label} data-option=${name}>
    <span class="opt-label">${label}</span>
    ${options.map(
      (o) =>
        html`<button type="button" data-value=${o.value} aria-pressed=${o.value === current} title=${o.title ?? o.text} @click=${() => pick(o.value)}>${o.text}</button>`,
    )}
  </span>`;
}

/** The output choice (mask / polygon) of a tool's bar. */
export function outputChoice(current: AssistOutput, pick: (v: AssistOutput) => void): TemplateResult {
  return choice(
    msg('annotationLayer.assist.output'),
    [
      { value: 'mask', text: msg('annotationLayer.assist.asMask') },
      { value: 'polygon', text: msg('annotationLayer.assist.asPolygon') },
    ],
    current,
    pick,
    'output',
  );
}

/** The progress (once an action took 150 ms: "Loading OpenCV…", "Working… 2/5") or the last error. */
export function statusView(assist: AssistSession): TemplateResult | typeof nothing {
  const s = assist.status;
  if (!s) return nothing;
  if (s.kind === 'error') return html`<span class="assist-status error" data-assist-status="error">${s.message}</span>`;
  const p = s.progress;
  const text =
    p.stage === 'starting'
      ? msg('annotationLayer.assist.starting')
      : p.stage === 'image'
        ? msg('annotationLayer.assist.image')
        : p.total
          ? msg('annotationLayer.assist.steps', { done: p.done ?? 0, total: p.total })
          : msg('annotationLayer.assist.running');
  return html`<span class="assist-status" data-assist-status=${p.stage} role="progressbar" aria-label=${text}
    aria-valuemin="0" aria-valuemax=${p.total ?? nothing} aria-valuenow=${p.total ? (p.done ?? 0) : nothing}><span class="spinner" aria-hidden="true"></span>${text}</span>`;
}

/** The hint line of a tool's bar. */
export function hint(text: string): TemplateResult {
  return html`<span class="opt-hint" title=${text}>${text}</span>`;
}
