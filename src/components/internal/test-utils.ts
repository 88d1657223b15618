// Helpers shared by the component tests (browser only): synthetic images and real pointer input.

/** A PNG Blob of `w`×`h` drawn by `paint` (default: a 2-colour checkerboard of 1-px cells). */
export async function pngBlob(w: number, h: number, paint?: (ctx: OffscreenCanvasRenderingContext2D) => void): Promise<Blob> {
  const c = new OffscreenCanvas(w, h);
  const ctx = c.getContext('2d')!;
  if (paint) paint(ctx);
  else
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        ctx.fillStyle = (x + y) % 2 ? '#ffffff' : '#000000';
        ctx.fillRect(x, y, 1, 1);
      }
  return c.convertToBlob({ type: 'image/png' });
}

/** Waits for the next event `type` on `target`. */
export function nextEvent<E extends Event>(target: EventTarget, type: string, timeoutMs = 10_000): Promise<E> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs} ms`)), timeoutMs);
    target.addEventListener(type, (e) => (clearTimeout(t), resolve(e as E)), { once: true });
  });
}

/** Waits for `n` animation frames. */
export async function frames(n = 2): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => requestAnimationFrame(r));
}

/** Dispatches a PointerEvent at client point (x, y) on `el` (the element under the point if `hitTarget`). */
export function pointer(el: Element, type: string, x: number, y: number, init: PointerEventInit = {}): PointerEvent {
  const target = init.bubbles === false ? el : el;
  const e = new PointerEvent(type, {
    bubbles: true,
    composed: true,
    cancelable: true,
    clientX: x,
    clientY: y,
    pointerId: 1,
    pointerType: 'mouse',
    isPrimary: true,
    button: type === 'pointermove' ? -1 : 0,
    buttons: type === 'pointerup' ? 0 : 1,
    ...init,
  });
  target.dispatchEvent(e);
  return e;
}

/** A drag from (x0, y0) to (x1, y1) in `steps` moves, as client coordinates. */
export function drag(el: Element, x0: number, y0: number, x1: number, y1: number, steps = 5, init: PointerEventInit = {}): void {
  pointer(el, 'pointerdown', x0, y0, init);
  for (let i = 1; i <= steps; i++) pointer(el, 'pointermove', x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * i) / steps, init);
  pointer(el, 'pointerup', x1, y1, init);
}
