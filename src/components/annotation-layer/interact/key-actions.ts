// The actions of the layer's keys (the table is keymap.ts): each answers false when it does not apply,
// so the key goes on (to the viewer, to the page).
import { deleteVertex, moveVertex, resizeBox } from '../../../geometry/shapes/edit.js';
import { cloneShape, type Shape } from '../../../geometry/shapes/shape.js';
import { translateShape } from '../../../geometry/shapes/transform.js';
import { msg } from '../../strings.js';
import { clampMove, clampPoint } from './inside.js';
import type { KeyContext } from './key-context.js';
import type { ToolContext } from './tool.js';

/**
 * Escape: cancels a tracking run or closes its result, then drops the drawing in progress (a box /
 * ellipse drag, a draft: the tool stays), then the active vertex, then the selection, then the tool.
 */
export function escapeKey(k: KeyContext, e: KeyboardEvent): boolean {
  if (k.tracker.cancel()) return true; // a running "track forward" first
  if (k.tracker.dismiss()) return true; // then its result line
  if (k.cancelDrawing()) return true; // a drag drawing a new shape: only it, the selection it set aside comes back
  if (k.tool().key?.('Escape', e)) return true;
  const sel = k.store.selection;
  if (sel.activeVertex) {
    sel.activeVertex = null;
    k.refresh();
  } else if (sel.size) k.commit.select([], true);
  else if (k.toolId() !== 'select') k.setTool('select', true);
  else return false;
  return true;
}

/** Delete / Backspace: the draft's last vertex, else the active vertex, else the selection (not locked ones). */
export function deleteKey(k: KeyContext, e: KeyboardEvent): boolean {
  if (k.tool().key?.(e.key, e)) return true;
  const { store, commit, settings } = k;
  const sel = store.selection;
  if (settings.readonly) return false;
  // A box's corner is no vertex to remove: Delete removes the box, as without a corner chosen.
  if (sel.activeVertex && !store.shapes.get(sel.activeVertex.key)?.box) {
    const { key: a, ring, index } = sel.activeVertex;
    if (store.locked.has(a)) return lockedRefusal(k);
    const s = deleteVertex(store.shapes.get(a)!, index, ring);
    if (s) commit.shapes(new Map([[a, s]]));
    sel.activeVertex = null;
    return true;
  }
  if (!sel.size) return false;
  if (!store.editableSelection().length) return lockedRefusal(k);
  commit.deleteSelection();
  return true;
}

function lockedRefusal(k: KeyContext): boolean {
  k.announce(msg('annotationLayer.lockedNoEdit'));
  return true;
}

/** Arrows: move the active vertex, or else the selection, by `step` px (bursts undo as one step), on the image. */
export function nudge(k: KeyContext, e: KeyboardEvent): boolean {
  const { store, settings } = k;
  const sel = store.selection;
  if (!sel.size || settings.readonly) return false;
  const step = e.shiftKey ? 10 : 1;
  const dx = e.key === 'ArrowLeft' ? -step : e.key === 'ArrowRight' ? step : 0;
  const dy = e.key === 'ArrowUp' ? -step : e.key === 'ArrowDown' ? step : 0;
  const out = new Map<string, Shape>();
  if (sel.activeVertex) {
    const { key: a, ring, index } = sel.activeVertex;
    if (store.locked.has(a)) return lockedRefusal(k);
    const s = store.shapes.get(a)!;
    const r = s.rings[ring];
    if (r && 2 * index + 1 < r.length) {
      const p = clampPoint(store, r[2 * index]! + dx, r[2 * index + 1]! + dy);
      if (s.box) {
        // A box corner: the box resized, its opposite corner kept. A move past the opposite edges
        // (or to a box under 1 px) is not made: the corner would become another one.
        const [ux, uy] = BOX_CORNERS[index]!;
        const next = resizeBox(s, ux, uy, p.x, p.y);
        const q = next.rings[0]!;
        const b = next.box!;
        if (b.right - b.left < 1 || b.bottom - b.top < 1) return true;
        if (Math.hypot(q[2 * index]! - p.x, q[2 * index + 1]! - p.y) > 1e-6) return true;
        out.set(a, next);
      } else out.set(a, moveVertex(s, ring, index, p.x, p.y));
    }
  } else {
    const shapes = new Map<string, Shape>();
    for (const a of store.editableSelection()) {
      const s = store.shapes.get(a);
      if (s && s.kind !== 'class' && s.kind !== 'binary') shapes.set(a, s);
    }
    if (!shapes.size) return store.editableSelection().length ? false : lockedRefusal(k);
    const [mx, my] = clampMove(store, shapes.values(), dx, dy);
    for (const [a, s] of shapes) out.set(a, translateShape(cloneShape(s), mx, my));
  }
  k.commit.shapes(out, true);
  return true;
}

/** A box's corners in its ring's order (boxRing: top left, top right, bottom right, bottom left), as handle units. */
const BOX_CORNERS: readonly (readonly [number, number])[] = [
  [-1, -1],
  [1, -1],
  [1, 1],
  [-1, 1],
];

/**
 * Alt+. / Alt+,: makes the next (or previous) vertex of the one selected polygon, polyline, cuboid
 * or point the active vertex, which the arrows then move and Delete removes — the keyboard's way to
 * the vertex handles. On a box its four corners (the arrows then resize the box from that corner);
 * an ellipse has no vertices: it says so on the picture (its handles are for the mouse).
 */
export function stepVertex(k: KeyContext, delta: 1 | -1): boolean {
  const { store } = k;
  const sel = store.selection;
  if (sel.size !== 1) return false;
  const key = [...sel][0]!;
  const s = store.shapes.get(key);
  if (s?.ellipse) {
    k.notify(msg('annotationLayer.ellipseNoVertices'));
    return true;
  }
  const box = !!s?.box;
  if (!s || (!box && !['segment', 'polyline', 'cube', 'point'].includes(s.kind))) return false;
  const ring = box ? 0 : (sel.activeVertex?.ring ?? 0);
  const n = box ? 4 : (s.rings[ring]?.length ?? 0) / 2;
  if (!n) return false;
  const i = sel.activeVertex ? (sel.activeVertex.index + delta + n) % n : delta > 0 ? 0 : n - 1;
  sel.activeVertex = { key, ring, index: i };
  k.announce(msg(box ? 'annotationLayer.activeCorner' : 'annotationLayer.activeVertex', { index: i + 1, count: n }));
  k.refresh();
  k.redraw();
  return true;
}

/**
 * 1–9: the n-th label the picker shows, chosen as a click on its row is (`KeyContext.chooseLabel`:
 * the selection's and the next shapes' label, or the next shape's only right after a drawing tool
 * was picked or when the tool takes it for its next input).
 */
export function labelKey(k: KeyContext, n: number): boolean {
  if (k.settings.readonly) return false;
  const tag = k.labelAt(n);
  if (!tag) return false;
  k.chooseLabel(tag);
  return true;
}

/** H: hides the selection (it leaves the selection: a hidden shape cannot be edited). */
export function hideSelection(k: KeyContext): boolean {
  const keys = [...k.store.selection];
  if (!keys.length) return false;
  setHidden(k, keys, true);
  return true;
}

/**
 * Alt+↓ / Alt+↑: selects the next / previous object in the object list's order (shown ones only, on
 * a video those on the shown frame), from the selection, round at the ends; from no selection the
 * first / last. A way back to an object from the picture once it was deselected (Esc, drawing the
 * next one), without clicking small boxes or Tabbing to the list (walk 35 finding 2). False when
 * there is no object.
 */
export function selectNextObject(k: KeyContext, dir: 1 | -1): boolean {
  const { store } = k;
  const { keys, objects } = store.listedRows();
  const rows = keys.slice(0, objects).filter((x) => store.shapes.states.has(x) && !store.shapes.hidden.has(x));
  if (!rows.length) return false;
  const at = rows.findIndex((x) => store.selection.has(x));
  const next = at < 0 ? (dir > 0 ? 0 : rows.length - 1) : (at + dir + rows.length) % rows.length;
  const key = rows[next]!;
  k.commit.select([key], true);
  k.announce(msg('annotationLayer.objectSelected', { name: store.objectName(key), n: next + 1, count: rows.length }));
  return true;
}

/** Shift+H: shows every hidden annotation. */
export function showAll(k: KeyContext): boolean {
  const keys = [...k.store.shapes.hidden];
  if (!keys.length) return false;
  setHidden(k, keys, false);
  return true;
}

/** Hides or shows annotations `keys` (view state: the JSON does not change). */
export function setHidden(k: ToolContext, keys: string[], hidden: boolean): void {
  const { store } = k;
  store.shapes.setHidden(keys, hidden);
  if (hidden) {
    const sel = store.selection;
    if (keys.some((x) => sel.has(x)))
      k.commit.select(
        [...sel].filter((x) => !keys.includes(x)),
        true,
      );
    if (store.hover.key && keys.includes(store.hover.key)) store.hover.set(null);
  }
  k.announce(msg(hidden ? 'annotationLayer.hidden' : 'annotationLayer.shown', { count: keys.length }));
  k.redraw();
  k.refresh();
}

/** Shift+L: locks the selection, or unlocks it when all of it is locked. */
export function toggleLock(k: KeyContext): boolean {
  const keys = [...k.store.selection];
  if (!keys.length) return false;
  setLocked(k, keys, !keys.every((x) => k.store.locked.has(x)));
  return true;
}

/** Locks or unlocks annotations `keys` (view state). */
export function setLocked(k: ToolContext, keys: string[], locked: boolean): void {
  for (const x of keys) {
    if (locked) k.store.locked.add(x);
    else k.store.locked.delete(x);
  }
  k.announce(msg(locked ? 'annotationLayer.locked' : 'annotationLayer.unlocked', { count: keys.length }));
  k.redraw();
  k.refresh();
}

/** Ctrl+] / Ctrl+[: paints the selection above or below every other annotation. */
export function restack(k: ToolContext, front: boolean): boolean {
  const keys = [...k.store.selection];
  if (!keys.length) return false;
  k.store.shapes.restack(keys, front);
  k.announce(msg(front ? 'annotationLayer.broughtToFront' : 'annotationLayer.sentToBack', { count: keys.length }));
  k.redraw();
  return true;
}

/** [ and ]: brush / eraser size. */
export function brushSize(k: KeyContext, bigger: boolean): boolean {
  k.setBrushSize(Math.max(1, Math.round(k.settings.brushSize * (bigger ? 1.25 : 0.8))));
  k.redraw();
  return true;
}
