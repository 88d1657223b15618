// The view transform shared by <dl-item-viewer> and <dl-annotation-layer>: a uniform scale and a
// translation, screen = image * scale + (x, y), in CSS pixels of the viewer's box.

/** The viewer's view transform: `screenX = imageX * scale + x`, `screenY = imageY * scale + y`. */
export interface DlView {
  /** Screen pixels per image pixel (1 = 1:1). */
  scale: number;
  /** Screen x of the image origin, CSS px. */
  x: number;
  /** Screen y of the image origin, CSS px. */
  y: number;
}

/** An axis-aligned rectangle. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How far overlays (e.g. the layer's side panel) cover each edge of the viewer box, CSS px. */
export interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The part of a `vw`×`vh` box not covered by `insets` (never narrower than 1/4 of the box). */
export function freeArea(vw: number, vh: number, insets: Insets): Rect {
  const left = Math.min(insets.left, vw * 0.75);
  const top = Math.min(insets.top, vh * 0.75);
  const width = Math.max(vw / 4, vw - left - insets.right);
  const height = Math.max(vh / 4, vh - top - insets.bottom);
  return { x: left, y: top, width, height };
}

/** Smallest and largest zoom the viewer allows. */
const MIN_SCALE = 1 / 64;
const MAX_SCALE = 64;

/** Clamps a scale to [MIN_SCALE, MAX_SCALE]. */
function clampScale(s: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));
}

/** The view that fits an image of `w`×`h` inside a `vw`×`vh` box, centred, with `pad` px margin. */
export function fitView(w: number, h: number, vw: number, vh: number, pad = 0): DlView {
  if (!(w > 0 && h > 0 && vw > 0 && vh > 0)) return { scale: 1, x: 0, y: 0 };
  const scale = clampScale(Math.min((vw - 2 * pad) / w, (vh - 2 * pad) / h));
  return { scale, x: (vw - w * scale) / 2, y: (vh - h * scale) / 2 };
}

/** The view after zooming by `factor` keeping screen point (sx, sy) fixed. */
export function zoomAround(v: DlView, factor: number, sx: number, sy: number): DlView {
  return zoomToScale(v, v.scale * factor, sx, sy);
}

/** The view at exactly `scale` (clamped) keeping screen point (sx, sy) fixed. */
export function zoomToScale(v: DlView, target: number, sx: number, sy: number): DlView {
  const scale = clampScale(target);
  const k = scale / v.scale;
  return { scale, x: sx - (sx - v.x) * k, y: sy - (sy - v.y) * k };
}

/** The view that shows image rect `r` centred in a `vw`×`vh` box with `pad` px margin. */
export function viewForRect(r: Rect, vw: number, vh: number, pad = 40, maxScale = 8): DlView {
  const w = Math.max(r.width, 1);
  const h = Math.max(r.height, 1);
  const scale = clampScale(Math.min(maxScale, Math.min((vw - 2 * pad) / w, (vh - 2 * pad) / h)));
  return { scale, x: vw / 2 - (r.x + w / 2) * scale, y: vh / 2 - (r.y + h / 2) * scale };
}

/**
 * The view that shows image rect `r` inside screen rect `area` (e.g. the viewer's free area): `v`
 * itself when `r` is in it already; else `v` panned, its scale kept, to centre `r` in `area` when
 * `r` fits there (with `pad` px each side) at that scale; null when it does not fit (zoom to it).
 */
export function revealRect(v: DlView, r: Rect, area: Rect, pad = 8): DlView | null {
  const s = v.scale;
  const x0 = r.x * s + v.x;
  const y0 = r.y * s + v.y;
  const inside =
    x0 >= area.x &&
    y0 >= area.y &&
    x0 + r.width * s <= area.x + area.width &&
    y0 + r.height * s <= area.y + area.height;
  if (inside) return v;
  if (r.width * s + 2 * pad > area.width || r.height * s + 2 * pad > area.height) return null;
  return {
    scale: s,
    x: area.x + area.width / 2 - (r.x + r.width / 2) * s,
    y: area.y + area.height / 2 - (r.y + r.height / 2) * s,
  };
}

/** Image coordinates of a screen point. */
export function toImage(v: DlView, sx: number, sy: number): { x: number; y: number } {
  return { x: (sx - v.x) / v.scale, y: (sy - v.y) / v.scale };
}

/** The image-space rectangle visible through a `vw`×`vh` box. */
export function visibleImageRect(v: DlView, vw: number, vh: number): Rect {
  return { x: -v.x / v.scale, y: -v.y / v.scale, width: vw / v.scale, height: vh / v.scale };
}

/** True when two views are equal to within a hundredth of a pixel. */
export function sameView(a: DlView, b: DlView): boolean {
  return Math.abs(a.scale - b.scale) < 1e-9 && Math.abs(a.x - b.x) < 0.01 && Math.abs(a.y - b.y) < 0.01;
}
