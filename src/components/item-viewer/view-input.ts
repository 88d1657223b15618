// Pointer, wheel and keyboard input of <dl-item-viewer>: drag / Space+drag / middle-drag to pan,
// wheel and two-finger pinch to zoom, the keys of the key table (viewer-keys.ts). Events a child (the
// annotation layer) handled and stopped never reach here.
import { keyOwnedByControl } from '../internal/key-spec.js';
import { runViewerKey, type ViewerKeyTarget } from './viewer-keys.js';

/** The viewer as its input drives it: the element with the members its keys call (no import of it). */
export type ViewInputHost = ViewerKeyTarget & HTMLElement;

const WHEEL_ZOOM = 0.0015;

/** Input controller of a viewer. */
export class ViewInput {
  spaceDown = false;
  private pointers = new Map<number, { x: number; y: number }>();
  private pinch: { dist: number; mx: number; my: number } | null = null;

  constructor(private readonly host: ViewInputHost) {}

  connect(): void {
    const h = this.host;
    h.addEventListener('pointerdown', this.down);
    h.addEventListener('pointermove', this.move);
    h.addEventListener('pointerup', this.up);
    h.addEventListener('pointercancel', this.up);
    h.addEventListener('wheel', this.wheel, { passive: false });
    h.addEventListener('keydown', this.keydown);
    h.addEventListener('keyup', this.keyup);
    h.addEventListener('blur', this.blur, true);
  }

  disconnect(): void {
    const h = this.host;
    h.removeEventListener('pointerdown', this.down);
    h.removeEventListener('pointermove', this.move);
    h.removeEventListener('pointerup', this.up);
    h.removeEventListener('pointercancel', this.up);
    h.removeEventListener('wheel', this.wheel);
    h.removeEventListener('keydown', this.keydown);
    h.removeEventListener('keyup', this.keyup);
    h.removeEventListener('blur', this.blur, true);
  }

  private local(e: { clientX: number; clientY: number }): { x: number; y: number } {
    const r = this.host.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private isControl(e: Event): boolean {
    return e
      .composedPath()
      .some(
        (n) => n instanceof HTMLElement && (/^(BUTTON|INPUT|SELECT|TEXTAREA)$/.test(n.tagName) || n.isContentEditable),
      );
  }

  private down = (e: PointerEvent): void => {
    if (this.isControl(e) || (e.button !== 0 && e.button !== 1)) return;
    e.preventDefault();
    // The keyboard follows the press, unless an overlay of the viewer (the annotation layer, the
    // page's focus owner) has just taken it.
    if (!this.host.matches(':focus-within'))
      (this.host.shadowRoot?.querySelector('.base') as HTMLElement | null)?.focus({ preventScroll: true });
    this.pointers.set(e.pointerId, this.local(e));
    try {
      this.host.setPointerCapture(e.pointerId);
    } catch {
      // Synthetic pointers cannot be captured; panning still follows moves over the host.
    }
    this.host.shadowRoot?.querySelector('.base')?.classList.add('panning');
    if (this.pointers.size === 2) this.pinch = this.pinchState();
  };

  private pinchState() {
    const [a, b] = [...this.pointers.values()];
    return { dist: Math.hypot(a.x - b.x, a.y - b.y), mx: (a.x + b.x) / 2, my: (a.y + b.y) / 2 };
  }

  private move = (e: PointerEvent): void => {
    const last = this.pointers.get(e.pointerId);
    if (!last) return;
    const p = this.local(e);
    const v = this.host.view;
    if (this.pointers.size >= 2 && this.pinch) {
      this.pointers.set(e.pointerId, p);
      const next = this.pinchState();
      const k = this.pinch.dist > 0 ? next.dist / this.pinch.dist : 1;
      // Zoom about the old midpoint, then follow the midpoint's move.
      const scale = v.scale * k;
      const nx = this.pinch.mx - (this.pinch.mx - v.x) * k + (next.mx - this.pinch.mx);
      const ny = this.pinch.my - (this.pinch.my - v.y) * k + (next.my - this.pinch.my);
      this.host.setView({ scale, x: nx, y: ny }, true);
      this.pinch = next;
      return;
    }
    this.pointers.set(e.pointerId, p);
    this.host.setView({ scale: v.scale, x: v.x + p.x - last.x, y: v.y + p.y - last.y }, true);
  };

  private up = (e: PointerEvent): void => {
    if (!this.pointers.delete(e.pointerId)) return;
    this.pinch = this.pointers.size === 2 ? this.pinchState() : null;
    if (!this.pointers.size) this.host.shadowRoot?.querySelector('.base')?.classList.remove('panning');
  };

  private wheel = (e: WheelEvent): void => {
    e.preventDefault();
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
    // Trackpad pinch arrives as ctrl+wheel with small deltas: zoom faster for it.
    const k = Math.exp(-e.deltaY * unit * WHEEL_ZOOM * (e.ctrlKey ? 6 : 1));
    const p = this.local(e);
    this.host.zoomBy(k, p.x, p.y, true);
  };

  private keydown = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || keyOwnedByControl(e)) return;
    if (e.key === ' ' && !e.ctrlKey && !e.metaKey && !e.altKey) {
      this.spaceDown = true;
      this.host.shadowRoot?.querySelector('.base')?.classList.add('pan-ready');
      e.preventDefault();
      return;
    }
    if (runViewerKey(this.host, e)) e.preventDefault();
  };

  private keyup = (e: KeyboardEvent): void => {
    if (e.key === ' ') this.blur();
  };

  private blur = (): void => {
    this.spaceDown = false;
    this.host.shadowRoot?.querySelector('.base')?.classList.remove('pan-ready');
  };
}
