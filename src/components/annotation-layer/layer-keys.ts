// Keyboard of the layer: tool hotkeys, nudging, delete, escape, enter, undo/redo, copy/paste.
// Keys it handles stop here; the rest bubble to the viewer (zoom, pan).
import { cloneShape, coordinatesFor, parseShape, translateShape, type Shape } from '../internal/shape.js';
import { msg } from '../strings.js';
import { deleteVertex, dragHandle, ringHandle } from './shape-edits.js';
import { TOOLS, type DlAnnotationLayer } from './annotation-layer.js';
import type { AnnotationJson } from '../internal/annotation-json.js';

let clipboard: AnnotationJson[] = [];

function isTextInput(e: Event): boolean {
  return e
    .composedPath()
    .some((n) => n instanceof HTMLElement && (/^(INPUT|TEXTAREA|SELECT)$/.test(n.tagName) || n.isContentEditable));
}

/** Handles a keydown on the layer. */
export function handleKey(l: DlAnnotationLayer, e: KeyboardEvent): void {
  if (e.defaultPrevented || isTextInput(e)) return;
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  const done = () => {
    e.preventDefault();
    e.stopPropagation();
  };
  const edit = l.edit;
  if (mod) {
    if (key === 'z' && !e.shiftKey) {
      l.undo();
      done();
      return;
    }
    if (key === 'y' || (key === 'z' && e.shiftKey)) {
      l.redo();
      done();
      return;
    }
    if (key === 'c' && l.selection.size) {
      clipboard = l.selected;
      l.announce(msg('annotationLayer.copied', { count: clipboard.length }));
      done();
      return;
    }
    if (key === 'v' && clipboard.length && !l.readonly) {
      paste(l);
      done();
      return;
    }
    if (key === 'a') {
      l.setSelection(
        l.model.store.keys().filter((k) => l.model.states.has(k)),
        true,
      );
      done();
      return;
    }
    return;
  }
  switch (key) {
    case 'Escape':
      if (edit.draft) edit.cancel();
      else if (l.tool !== 'select') l.setTool('select', true);
      else if (edit.activeVertex) {
        edit.activeVertex = null;
        l.requestUpdate();
      } else l.setSelection([], true);
      {
        done();
        return;
      }
    case 'Enter':
      if (edit.draft) {
        edit.finishDraft();
        done();
        return;
      }
      return;
    case 'Backspace':
    case 'Delete':
      if (edit.draft) {
        edit.undoDraftPoint();
        done();
        return;
      }
      if (edit.activeVertex && !l.readonly) {
        const { key: k, ring, index } = edit.activeVertex;
        const s = deleteVertex(l.model.shapes.get(k)!, index, ring);
        if (s) l.commitShapes(new Map([[k, s]]));
        edit.activeVertex = null;
        done();
        return;
      }
      if (l.selection.size) {
        l.deleteSelection();
        done();
        return;
      }
      return;
    case 'ArrowLeft':
    case 'ArrowRight':
    case 'ArrowUp':
    case 'ArrowDown': {
      if (!l.selection.size || l.readonly) return;
      const step = e.shiftKey ? 10 : 1;
      const dx = key === 'ArrowLeft' ? -step : key === 'ArrowRight' ? step : 0;
      const dy = key === 'ArrowUp' ? -step : key === 'ArrowDown' ? step : 0;
      const out = new Map<string, Shape>();
      if (edit.activeVertex) {
        const { key: k, ring, index } = edit.activeVertex;
        const s = l.model.shapes.get(k)!;
        const r = s.rings[ring];
        if (r && 2 * index + 1 < r.length)
          out.set(k, dragHandle(s, ringHandle('v', ring, index), r[2 * index] + dx, r[2 * index + 1] + dy));
      } else
        for (const k of l.selection) {
          const s = l.model.shapes.get(k);
          if (s && s.kind !== 'class' && s.kind !== 'binary') out.set(k, translateShape(cloneShape(s), dx, dy));
        }
      // Bursts of nudges within 250 ms undo as one step.
      l.commitShapes(out, true);
      done();
      return;
    }
    case 'f': {
      const b = selectionBounds(l);
      if (b && l.viewer)
        l.viewer.zoomToRect({ x: b.minX, y: b.minY, width: b.maxX - b.minX, height: b.maxY - b.minY }, true);
      done();
      return;
    }
    case '[':
    case ']':
      l.brushSize = Math.max(1, Math.round(l.brushSize * (key === ']' ? 1.25 : 0.8)));
      l.scheduleDraw();
      {
        done();
        return;
      }
  }
  if (e.altKey || e.shiftKey) return;
  const t = TOOLS.find((x) => x.key === key);
  if (t) {
    l.setTool(t.tool, true);
    done();
  }
}

/** Union bounds of the selection. */
export function selectionBounds(l: DlAnnotationLayer) {
  let b: { minX: number; minY: number; maxX: number; maxY: number } | null = null;
  for (const k of l.selection) {
    const s = l.model.shapes.get(k);
    if (!s || s.kind === 'class') continue;
    const x = s.bounds;
    b = b
      ? {
          minX: Math.min(b.minX, x.minX),
          minY: Math.min(b.minY, x.minY),
          maxX: Math.max(b.maxX, x.maxX),
          maxY: Math.max(b.maxY, x.maxY),
        }
      : { ...x };
  }
  return b;
}

function paste(l: DlAnnotationLayer): void {
  const keys: string[] = [];
  const edits = clipboard.map((src, i) => {
    const key = l.model.store.newKey();
    keys.push(key);
    const sys = { ...(src.metadata?.system ?? {}), clientId: `dlkit-paste-${Date.now().toString(36)}-${i}` };
    const a: AnnotationJson = { ...structuredClone(src), id: null, metadata: { ...src.metadata, system: sys } };
    delete a.url;
    delete a.hash;
    // Offset the copy by 10 px so it is visible next to the original.
    const s = parseShape(a.type, a.coordinates);
    if (s.kind !== 'class' && s.kind !== 'binary' && s.kind !== 'other' && s.kind !== 'pose')
      a.coordinates = coordinatesFor(a, translateShape(s, 10, 10));
    return { key, after: a };
  });
  l.model.store.edit(edits);
  l.setSelection(keys, true);
  l.announce(msg('annotationLayer.pasted', { count: keys.length }));
}
