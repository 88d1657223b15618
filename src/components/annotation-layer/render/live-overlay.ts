// What the layer draws on top of the tiles every frame: the selection (live, excluded from the tiles
// so edits never re-rasterise), the hover, what the active tool and gesture paint (drafts, rubber
// bands, brush strokes and cursors), and the labels. Reads the store and the view only.
import type { Shape } from '../../../geometry/shapes/shape.js';
import { textOn } from '../../internal/contrast.js';
import type { DlView } from '../../internal/view.js';
import type { LayerStore } from '../model/layer-store.js';
import { NOTE_COLOR, withAlpha } from '../../internal/label-colors.js';
import { noteWords } from '../model/note-words.js';
import { buildShapePath, isFilled } from './shape-path.js';

/** Paints in image space: the context is already scaled, `S` is device px per image px. */
export type OverlayPainter = (ctx: CanvasRenderingContext2D, S: number) => void;

/** What one live frame shows. */
export interface LiveScene {
  store: LayerStore;
  view: DlView;
  dpr: number;
  showLabels: boolean;
  /** The active tool's and gesture's drawing, painted after the selection. */
  overlay: OverlayPainter | null;
  /** The overlay may paint anywhere (drafts, cursors, rubber bands): clear the whole canvas. */
  overlayCovers: boolean;
  /** Keys of the annotations in the visible image rect (for the labels). */
  visibleKeys: () => string[];
  /** Opacity of the masks, 0–1. */
  maskOpacity: number;
}

const MAX_LABELS = 400;

function strokeShape(
  ctx: CanvasRenderingContext2D,
  store: LayerStore,
  key: string,
  s: Shape,
  v: DlView,
  dpr: number,
  width: number,
  fillAlpha: number,
  color: string,
  maskOpacity: number,
): void {
  const S = v.scale * dpr;
  if (s.kind === 'binary') {
    // A brush stroke paints into this same raster, so the stroke shows as it is drawn.
    const m = store.shapes.masks.get(key)?.raster;
    if (m?.width) {
      ctx.imageSmoothingEnabled = false;
      ctx.globalAlpha = maskOpacity;
      ctx.drawImage(m.imageAt(S), m.x, m.y, m.width, m.height);
      ctx.globalAlpha = 1;
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
 * labels or a tool's drawing are shown).
 */
export function liveArea(scene: LiveScene, w: number, h: number): [number, number, number, number] {
  const { store, view: v, dpr } = scene;
  const full: [number, number, number, number] = [0, 0, w, h];
  if (scene.showLabels || scene.overlayCovers) return full;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const hover = store.hover.key;
  for (const k of [...store.selection, ...(hover ? [hover] : []), ...shownIssues(store)]) {
    const s = store.shapeOf(k);
    if (!s) continue;
    let b = s.bounds;
    if (s.kind === 'binary') {
      const m = store.shapes.masks.get(k)?.raster;
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
export function drawLive(ctx: CanvasRenderingContext2D, scene: LiveScene): void {
  const { store, view: v, dpr } = scene;
  const S = v.scale * dpr;
  ctx.setTransform(S, 0, 0, S, v.x * dpr, v.y * dpr);
  ctx.lineJoin = 'round';
  const hover = store.hover.key;
  // The colour each is drawn in (an issue note's red is its, not its label name's).
  const colorOf = (label: string, k: string) => store.shapes.drawColor(label, store.json(k));
  const mo = scene.maskOpacity;
  if (hover && !store.selection.has(hover) && !store.shapes.hidden.has(hover)) {
    const s = store.shapes.get(hover);
    const a = store.json(hover);
    if (s && a)
      strokeShape(
        ctx,
        store,
        hover,
        s,
        v,
        dpr,
        2.5,
        0.3,
        colorOf(store.shapes.states.get(hover)?.label ?? a.label, hover),
        mo,
      );
  }
  for (const k of store.selection) {
    const s = store.shapeOf(k);
    const st = store.shapes.states.get(k);
    if (s && st) strokeShape(ctx, store, k, s, v, dpr, 2.5, 0.35, colorOf(st.label, k), mo);
  }
  drawIssueMarks(ctx, store, v, dpr);
  scene.overlay?.(ctx, S);
  if (scene.showLabels) drawLabels(ctx, scene);
}

/** The issue notes the overlay marks: shown, not hidden (at most {@link MAX_LABELS}). */
function shownIssues(store: LayerStore): string[] {
  const out: string[] = [];
  for (const k of store.shapes.issueKeys) {
    if (store.shapes.hidden.has(k) || !store.shapeOf(k)) continue;
    out.push(k);
    if (out.length >= MAX_LABELS) break;
  }
  return out;
}

/** Outer edge of an issue's review mark: near black, under the white and red dashes. */
export const ISSUE_MARK_EDGE = '#111111';
/** The review mark's dashes, in CSS px of stroke: red over white, alternating. */
export const ISSUE_MARK_DASH = [7, 5] as const;

/**
 * The review mark of each issue note: its outline drawn as a near-black edge under a white line
 * with red ({@link NOTE_COLOR}) dashes on it. A label's outline is one solid colour (a selected one
 * has a white halo): the issue's own outline, in red or its label's colour, is lost on a red
 * object it is pinned over, while the dashes' white gaps and dark edge read on red, on green, on
 * white and on a dark picture alike, in either theme. Drawn live (over the tiles, under the tool's
 * drawing and the tags), thicker while the issue is selected or hovered. Only the drawing: the
 * annotation is not touched.
 */
function drawIssueMarks(ctx: CanvasRenderingContext2D, store: LayerStore, v: DlView, dpr: number): void {
  const S = v.scale * dpr;
  const hover = store.hover.key;
  for (const k of shownIssues(store)) {
    const p = buildShapePath(store.shapeOf(k)!, S);
    if (!p) continue;
    // even widths: on a box edge at whole pixels each stroke covers whole pixels
    const w = (store.selection.has(k) || hover === k ? 4 : 2) * dpr;
    ctx.setLineDash([]);
    ctx.lineWidth = (w + 2 * dpr) / S;
    ctx.strokeStyle = ISSUE_MARK_EDGE;
    ctx.stroke(p);
    ctx.lineWidth = w / S;
    ctx.strokeStyle = '#ffffff';
    ctx.stroke(p);
    ctx.setLineDash(ISSUE_MARK_DASH.map((d) => (d * dpr) / S));
    ctx.strokeStyle = NOTE_COLOR;
    ctx.stroke(p);
  }
  ctx.setLineDash([]);
}

/** One label tag as drawn: its box in CSS px of the layer, its text and colours. */
export interface LabelTag {
  key: string;
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Fill behind the text. */
  background: string;
  /** The text's colour: of black and white, the one that contrasts more with the fill. */
  color: string;
  /** The tag of a note (an issue or a comment), not of an object. */
  note: boolean;
  /**
   * A polygon's tag (on its topmost vertex): moved off the tags placed before it as a note's tag
   * is ({@link placeNoteTags}); a box's stays on its corner.
   */
  moves?: boolean;
}

/** Height of a label tag, CSS px. */
export const TAG_HEIGHT = 16;

/** Fill of an issue's tag whatever the note label's colour: {@link NOTE_COLOR}, white text at 6.5:1. */
export const ISSUE_TAG_FILL = NOTE_COLOR;

/**
 * The label tags of a live frame, in the order drawn. Every labelled shape in view carries one,
 * however narrow (a 19 px wide person at fit reads as "Person" like the car beside it; a tag wider
 * than its shape is fine). An object's tag sits on its top left corner (a polygon's on its topmost
 * vertex, off other tags), above the shape, or just inside it when the shape touches the top of the
 * view; a note's tag ("Issue") sits on its box's top
 * right corner, so an issue pinned over an object (same box) does not cover that object's tag, and
 * where the box is too narrow for both, just after that tag ({@link placeNoteTags}). A
 * shape cut off by an edge of the view keeps its tag whole on the canvas: at the top just inside the
 * shape, at the left or right (`width`, the canvas's CSS px) slid along its top edge into view; a
 * tag moved off another never goes below the canvas's bottom (`height`). `stats`, when given,
 * counts the overlap checks the placement made (tests read it: work, not time).
 */
export function labelTags(
  scene: LiveScene,
  measure: (text: string) => number,
  width = Number.POSITIVE_INFINITY,
  height = Number.POSITIVE_INFINITY,
  stats?: TagPlacementStats,
): LabelTag[] {
  const { store, view: v } = scene;
  const hover = store.hover.key;
  let keys = scene.visibleKeys();
  if (keys.length > MAX_LABELS) keys = [...store.selection, ...(hover ? [hover] : [])];
  const tags: LabelTag[] = [];
  // The text colour of each fill, worked out once a frame (a crowd shares a few labels).
  const textOf = new Map<string, string>();
  for (const k of keys) {
    const s = store.shapeOf(k);
    const st = store.shapes.states.get(k);
    if (!s || !st || store.shapes.hidden.has(k)) continue;
    const note = st.type === 'note';
    // A note's tag reads as its row does ("Issue" / "Note", from the layer's strings), not as its
    // label tag ("note"); an object's as its row and its timeline row do ("Car #1", objectName).
    const words = note ? noteWords(store.json(k) ?? {}) : undefined;
    const text = words ? words.kind : store.objectName(k);
    const w = measure(text) + 6;
    // A polygon's tag sits on its topmost vertex: its bounding box's corner can lie in empty space,
    // far from a diagonal or concave outline.
    const peak = note ? null : topVertex(s);
    const left = (peak ? peak[0] : s.bounds.minX) * v.scale + v.x;
    const right = s.bounds.maxX * v.scale + v.x;
    const top = (peak ? peak[1] : s.bounds.minY) * v.scale + v.y;
    const at = note ? Math.max(left, right - w) : left;
    const x = Math.max(0, Math.min(at, width - w));
    const y = top - TAG_HEIGHT >= 0 ? top - TAG_HEIGHT : Math.max(0, top);
    const issue = !!words?.issue;
    const background = issue ? ISSUE_TAG_FILL : store.shapes.colorOf(st.label);
    tags.push({
      key: k,
      text,
      x,
      y,
      width: w,
      height: TAG_HEIGHT,
      background,
      color: textOf.get(background) ?? textOf.set(background, textOn(background)).get(background)!,
      note,
      moves: !!peak,
    });
  }
  placeNoteTags(tags, width, height, stats);
  return tags;
}

/** Work done placing the tags of one frame ({@link labelTags}'s `stats`). */
export interface TagPlacementStats {
  /** Overlap tests of a tag's candidate place against a placed tag. */
  checks: number;
}

/**
 * The topmost vertex of each closed polygon seen, by its parsed Shape: a shape is parsed again when
 * its annotation changes (or a drag previews it), so this is once per annotation version, not once
 * per live frame (a crowd of 400 polygons walked every vertex of each on every frame).
 */
const topVertices = new WeakMap<Shape, readonly [number, number] | null>();

/**
 * A polygon's topmost vertex in image px (of its outline; ties: the leftmost), where its tag goes;
 * null for other shapes (their tags sit on their box's top left corner).
 */
function topVertex(s: Shape): readonly [number, number] | null {
  if (s.kind !== 'segment' || !s.closed) return null;
  let p = topVertices.get(s);
  if (p !== undefined) return p;
  p = null;
  const r = s.rings[0];
  if (r && r.length >= 2) {
    let bx = r[0]!;
    let by = r[1]!;
    for (let i = 2; i + 1 < r.length; i += 2) {
      const x = r[i]!;
      const y = r[i + 1]!;
      if (y < by || (y === by && x < bx)) {
        bx = x;
        by = y;
      }
    }
    p = [bx, by];
  }
  topVertices.set(s, p);
  return p;
}

/** Gap between a moved tag and the tag it moved off, CSS px. */
const TAG_GAP = 2;
/** Lines further down than the line below a covered tag that a moved tag tries before it stays. */
const MAX_LINES_DOWN = 3;
/** Height of a line of the placement grid: a tag (16 px) spans at most two. */
const GRID_LINE = TAG_HEIGHT + TAG_GAP;

/**
 * The placed tags by grid line (each in every line its box touches), so a candidate place is tested
 * against the tags near it only, on numbers (no tag object made per test).
 */
class TagGrid {
  private lines = new Map<number, LabelTag[]>();
  /** Placement order: of two tags a candidate covers, the earlier placed is "the" one it covers. */
  private rank = new Map<LabelTag, number>();

  constructor(private readonly stats: TagPlacementStats) {}

  add(t: LabelTag): void {
    this.rank.set(t, this.rank.size);
    for (let l = Math.floor(t.y / GRID_LINE); l <= Math.floor((t.y + t.height) / GRID_LINE); l++) {
      const line = this.lines.get(l);
      if (line) line.push(t);
      else this.lines.set(l, [t]);
    }
  }

  /** The earliest placed tag the box (x, y, w, h) overlaps; with `any`, the first found. */
  hit(x: number, y: number, w: number, h: number, any = false): LabelTag | undefined {
    let best: LabelTag | undefined;
    for (let l = Math.floor(y / GRID_LINE); l <= Math.floor((y + h) / GRID_LINE); l++) {
      const line = this.lines.get(l);
      if (!line) continue;
      for (const o of line) {
        this.stats.checks++;
        if (x < o.x + o.width && o.x < x + w && y < o.y + o.height && o.y < y + h) {
          if (any) return o;
          if (!best || this.rank.get(o)! < this.rank.get(best)!) best = o;
        }
      }
    }
    return best;
  }
}

/**
 * Moves a note's tag off the tags it would cover. On its box's top right corner an issue's tag
 * clears the tag of the object it is pinned over only while that box is wider than both tags: on a
 * narrow object (a tree at fit) "Issue" lay over "Tree #1" and left "Tre". Covering a tag, it goes
 * right after that tag on its line ("Tree #1" "Issue"), else (no room before the canvas's right
 * edge) just before it, else on the line below it (inside the shape), else on the first free line
 * of the {@link MAX_LINES_DOWN} further down; with none free (a crowd) it stays where it was, over
 * the other, rather than far from its shape or below the canvas (`height`). A polygon's tag (on its
 * topmost vertex, `moves`) is moved by the same rule, before the notes' (an issue still goes beside
 * the tag of the polygon it is pinned over); other objects' tags never move. The placed tags are
 * kept by line ({@link TagGrid}), and a tag that stayed over another is not one later tags move
 * off: a frame's placement is about linear in its tags (before, every tag tried 2·placed+1 lines
 * against every placed tag: 84 ms a frame for 400 polygon tags at one peak, some pushed hundreds of
 * lines down, off the canvas).
 */
function placeNoteTags(
  tags: LabelTag[],
  width: number,
  height: number,
  stats: TagPlacementStats = { checks: 0 },
): void {
  const grid = new TagGrid(stats);
  for (const t of tags) if (!t.note && !t.moves) grid.add(t);
  const place = (t: LabelTag) => {
    const hit = grid.hit(t.x, t.y, t.width, t.height);
    if (hit) {
      const fits = (x: number, y: number) =>
        x >= 0 && x + t.width <= width && y >= 0 && y + t.height <= height && !grid.hit(x, y, t.width, t.height, true);
      const bx = Math.max(0, Math.min(hit.x, width - t.width));
      const by = hit.y + hit.height + TAG_GAP;
      let found = false;
      const tryAt = (x: number, y: number) => {
        if (!found && fits(x, y)) {
          t.x = x;
          t.y = y;
          found = true;
        }
      };
      tryAt(hit.x + hit.width + TAG_GAP, hit.y);
      tryAt(hit.x - t.width - TAG_GAP, hit.y);
      for (let i = 0; i <= MAX_LINES_DOWN; i++) tryAt(bx, by + i * (t.height + TAG_GAP));
      // None free: it stays where it was, and later tags need not move off it.
      if (!found) return;
    }
    grid.add(t);
  };
  for (const t of tags) if (t.moves) place(t);
  for (const t of tags) if (t.note) place(t);
}

function drawLabels(ctx: CanvasRenderingContext2D, scene: LiveScene): void {
  const { dpr } = scene;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'bottom';
  const { canvas } = ctx;
  for (const t of labelTags(scene, (text) => ctx.measureText(text).width, canvas.width / dpr, canvas.height / dpr)) {
    ctx.fillStyle = t.background;
    ctx.fillRect(t.x, t.y, t.width, t.height);
    ctx.fillStyle = t.color;
    ctx.fillText(t.text, t.x + 3, t.y + t.height - 2);
  }
}
