// Pointer input of the layer: turns DOM pointer events into image-space LayerPointers and routes them —
// a press on a handle of the selection to the handle parts, any other press to the active tool, and
// the moves and release to the gesture that press started. The only part here that touches DOM events.
import { toImage } from '../../internal/view.js';
import type { HandleId } from '../model/handle-id.js';
import { handlePress } from './handles/handle-press.js';
import type { Gesture, LayerPointer, Tool, ToolContext } from './tool.js';

/** An SVG handle element as the view draws it. */
type HandleElement = Element & { handle?: HandleId };

/** What the router needs from the layer. */
export interface RouterHost {
  /** The element receiving the pointer events (the layer). */
  readonly element: HTMLElement;
  readonly context: ToolContext;
  /** The tool that gets presses now (select in a read-only layer). */
  activeTool(): Tool;
  /** True while the viewer's pan key (Space) is held: presses pan. */
  panKeyDown(): boolean;
}

/** Class names of the layer's own UI: presses there are not edits. */
const UI = ['toolbar', 'panel', 'chips', 'panel-toggle', 'brush-size', 'tool-options', 'tracking'];

/** Routes the pointer events of one layer. */
export class PointerRouter {
  /** The press in progress. */
  gesture: Gesture | null = null;
  /** Last pointer position over the layer, image px. */
  pointer: { x: number; y: number } | null = null;

  constructor(private readonly host: RouterHost) {}

  connect(): void {
    const l = this.host.element;
    l.addEventListener('pointerdown', this.down);
    l.addEventListener('pointermove', this.move);
    l.addEventListener('pointerup', this.up);
    l.addEventListener('pointercancel', this.cancel);
    l.addEventListener('dblclick', this.dblclick);
    l.addEventListener('pointerleave', this.leave);
    l.addEventListener('wheel', this.wheel, { passive: false });
  }

  disconnect(): void {
    const l = this.host.element;
    l.removeEventListener('pointerdown', this.down);
    l.removeEventListener('pointermove', this.move);
    l.removeEventListener('pointerup', this.up);
    l.removeEventListener('pointercancel', this.cancel);
    l.removeEventListener('dblclick', this.dblclick);
    l.removeEventListener('pointerleave', this.leave);
    l.removeEventListener('wheel', this.wheel);
  }

  /**
   * Drops the gesture in progress and its preview (tool change, Escape, pointercancel); the gesture
   * undoes what it did on the way ({@link Gesture.cancel}: a drawing drag gives back the selection).
   */
  cancel = (): void => this.end(true);

  /**
   * Escape mid-drag: cancels the gesture in progress when it can be undone on the way (it has a
   * {@link Gesture.cancel}: a box / ellipse drag), and only it (the tool stays); false when none.
   */
  cancelDrawing(): boolean {
    if (!this.gesture?.cancel) return false;
    this.end(true);
    return true;
  }

  /** Drops the gesture in progress and its preview for new data: nothing of the old data comes back. */
  discard(): void {
    this.end(false);
  }

  private end(undo: boolean): void {
    const g = this.gesture;
    this.gesture = null;
    if (undo) g?.cancel?.();
    this.host.context.store.preview.clear();
    this.host.context.redraw();
  }

  private pointerOf(e: PointerEvent): LayerPointer {
    const el = this.host.element;
    const r = el.getBoundingClientRect();
    const p = toImage(this.host.context.view(), e.clientX - r.left, e.clientY - r.top);
    return {
      x: p.x,
      y: p.y,
      clientX: e.clientX,
      clientY: e.clientY,
      shiftKey: e.shiftKey,
      altKey: e.altKey,
      claim: () => {
        e.stopPropagation();
        e.preventDefault();
        el.focus({ preventScroll: true });
        try {
          el.setPointerCapture(e.pointerId);
        } catch {
          // Synthetic pointer ids cannot be captured.
        }
      },
    };
  }

  private down = (e: PointerEvent): void => {
    const { context: ctx } = this.host;
    if (e.button !== 0 || this.host.panKeyDown() || fromUi(e)) return;
    // The layer is the keyboard's home on the item: any press on the image (a pan included) brings
    // the shortcuts back, wherever the focus was.
    const el = this.host.element;
    if (!isFocusedItself(el)) el.focus({ preventScroll: true });
    const p = this.pointerOf(e);
    const target = e.composedPath()[0];
    const handle = target instanceof SVGElement ? (target as HandleElement).handle : undefined;
    const key = handle ? (target as Element).getAttribute('data-key') : null;
    if (handle && key && !ctx.settings.readonly) {
      p.claim();
      this.gesture = handlePress(ctx, p, key, handle) ?? null;
      return;
    }
    this.gesture = this.host.activeTool().down(p) ?? null;
  };

  private move = (e: PointerEvent): void => {
    // Over the layer's own UI the tools see nothing (the list's rows set the hover themselves).
    if (!this.gesture && fromUi(e)) {
      this.pointer = null;
      return;
    }
    const p = this.pointerOf(e);
    this.pointer = { x: p.x, y: p.y };
    const g = this.gesture;
    if (!g) {
      this.host.activeTool().idle?.(p);
      return;
    }
    e.stopPropagation();
    g.move(p);
  };

  private up = (e: PointerEvent): void => {
    const g = this.gesture;
    if (!g) return;
    e.stopPropagation();
    this.gesture = null;
    g.up(this.pointerOf(e));
    const { context: ctx } = this.host;
    ctx.store.preview.clear();
    ctx.redraw();
    ctx.refresh();
  };

  private leave = (): void => {
    this.pointer = null;
    const { context: ctx } = this.host;
    if (ctx.store.hover.set(null)) ctx.redraw();
  };

  /** A wheel turn the active tool takes (the magic wand's Shift+wheel) does not reach the viewer's zoom. */
  private wheel = (e: WheelEvent): void => {
    const tool = this.host.activeTool();
    if (!tool.wheel || this.gesture || fromUi(e)) return;
    const el = this.host.element;
    const r = el.getBoundingClientRect();
    const p = toImage(this.host.context.view(), e.clientX - r.left, e.clientY - r.top);
    const lp: LayerPointer = {
      ...p,
      clientX: e.clientX,
      clientY: e.clientY,
      shiftKey: e.shiftKey,
      altKey: e.altKey,
      claim: () => undefined,
    };
    if (tool.wheel(lp, e.deltaY || e.deltaX)) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  private dblclick = (e: MouseEvent): void => {
    if (this.host.activeTool().dblclick?.()) e.stopPropagation();
  };
}

/** True when `el` itself has the focus (not one of its controls). */
export function isFocusedItself(el: HTMLElement): boolean {
  return el.matches(':focus') && !el.shadowRoot?.activeElement;
}

function fromUi(e: Event): boolean {
  return e.composedPath().some((n) => n instanceof HTMLElement && UI.some((c) => n.classList.contains(c)));
}
