// Keyboard of the layer: undo/redo, copy/paste, select all, then the active tool's own keys (drafts),
// then Escape, Delete, arrow nudges, F (zoom to the selection), [ and ] (brush size) and the tool
// hotkeys of the tool table. Keys it handles stop here; the rest bubble to the viewer (zoom, pan).
import { deleteVertex, moveVertex } from '../../../geometry/shapes/edit.js';
import { cloneShape, type Shape } from '../../../geometry/shapes/shape.js';
import { translateShape } from '../../../geometry/shapes/transform.js';
import { copySelection, paste } from './clipboard.js';
import type { Tool, ToolContext } from './tool.js';
import { TOOLS } from './tools/registry.js';

/** What the keyboard needs besides a tool's context. */
export interface KeyContext extends ToolContext {
  /** The active tool. */
  tool(): Tool;
  /** The active tool's id. */
  toolId(): string;
  setTool(id: string, byUser: boolean): void;
  undo(): void;
  redo(): void;
  setBrushSize(size: number): void;
  zoomToSelection(): void;
}

function isTextInput(e: Event): boolean {
  return e
    .composedPath()
    .some((n) => n instanceof HTMLElement && (/^(INPUT|TEXTAREA|SELECT)$/.test(n.tagName) || n.isContentEditable));
}

/** Handles a keydown on the layer. */
export function handleKey(k: KeyContext, e: KeyboardEvent): void {
  if (e.defaultPrevented || isTextInput(e)) return;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  const used = e.ctrlKey || e.metaKey ? shortcut(k, e, key) : k.tool().key?.(key, e) || layerKey(k, e, key);
  if (used) {
    e.preventDefault();
    e.stopPropagation();
  }
}

/** Ctrl / Cmd shortcuts (other Ctrl / Cmd keys are left to the page). */
function shortcut(k: KeyContext, e: KeyboardEvent, key: string): boolean {
  const { store } = k;
  if (key === 'z' && !e.shiftKey) k.undo();
  else if (key === 'y' || (key === 'z' && e.shiftKey)) k.redo();
  else if (key === 'c' && store.selection.size) copySelection(k);
  else if (key === 'v' && !k.settings.readonly) return paste(k);
  else if (key === 'a')
    k.commit.select(
      store.annotations.keys().filter((x) => store.shapes.states.has(x)),
      true,
    );
  else return false;
  return true;
}

function layerKey(k: KeyContext, e: KeyboardEvent, key: string): boolean {
  const { store, commit, settings } = k;
  const sel = store.selection;
  switch (key) {
    case 'Escape':
      if (k.toolId() !== 'select') k.setTool('select', true);
      else if (sel.activeVertex) {
        sel.activeVertex = null;
        k.refresh();
      } else commit.select([], true);
      return true;
    case 'Backspace':
    case 'Delete':
      if (sel.activeVertex && !settings.readonly) {
        const { key: a, ring, index } = sel.activeVertex;
        const s = deleteVertex(store.shapes.get(a)!, index, ring);
        if (s) commit.shapes(new Map([[a, s]]));
        sel.activeVertex = null;
        return true;
      }
      if (sel.size) {
        commit.deleteSelection();
        return true;
      }
      return false;
    case 'ArrowLeft':
    case 'ArrowRight':
    case 'ArrowUp':
    case 'ArrowDown':
      return nudge(k, key, e.shiftKey ? 10 : 1);
    case 'f':
      k.zoomToSelection();
      return true;
    case '[':
    case ']':
      k.setBrushSize(Math.max(1, Math.round(settings.brushSize * (key === ']' ? 1.25 : 0.8))));
      k.redraw();
      return true;
  }
  if (e.altKey || e.shiftKey) return false;
  const t = TOOLS.find((x) => x.key === key);
  if (!t) return false;
  k.setTool(t.id, true);
  return true;
}

/** Moves the active vertex, or else the whole selection, by `step` px; bursts within 250 ms undo as one step. */
function nudge(k: KeyContext, key: string, step: number): boolean {
  const { store, settings } = k;
  const sel = store.selection;
  if (!sel.size || settings.readonly) return false;
  const dx = key === 'ArrowLeft' ? -step : key === 'ArrowRight' ? step : 0;
  const dy = key === 'ArrowUp' ? -step : key === 'ArrowDown' ? step : 0;
  const out = new Map<string, Shape>();
  if (sel.activeVertex) {
    const { key: a, ring, index } = sel.activeVertex;
    const s = store.shapes.get(a)!;
    const r = s.rings[ring];
    if (r && 2 * index + 1 < r.length)
      out.set(a, moveVertex(s, ring, index, r[2 * index]! + dx, r[2 * index + 1]! + dy));
  } else
    for (const a of sel) {
      const s = store.shapes.get(a);
      if (s && s.kind !== 'class' && s.kind !== 'binary') out.set(a, translateShape(cloneShape(s), dx, dy));
    }
  k.commit.shapes(out, true);
  return true;
}
