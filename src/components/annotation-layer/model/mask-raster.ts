// A binary mask as the layer holds it: one byte per pixel over the mask's own bounding region
// (never the full item in RGBA), a canvas of that region in the label colour for drawing, and
// pixel-exact, non-anti-aliased brush/eraser writes that return the changed rectangle.
import { getGeometryBackend, type Mask } from '../../../entities/geometry-backend.js';
import type { Rect as PixelRect } from '../../internal/view.js';
import { hexToRgb } from '../../internal/label-colors.js';
import { packRgba, paintMaskRows } from './mask-paint.js';

type AnyCanvas = HTMLCanvasElement | OffscreenCanvas;
const canvasOf = (w: number, h: number): AnyCanvas =>
  typeof OffscreenCanvas !== 'undefined'
    ? new OffscreenCanvas(w, h)
    : Object.assign(document.createElement('canvas'), { width: w, height: h });

/** Decodes a `data:image/png;base64,` mask (alpha > 127, spec §1.5) into a full-size Mask. */
export async function decodeMaskUrl(url: string): Promise<Mask> {
  try {
    const b = getGeometryBackend();
    return (await b.decodeSegmentation(url)).mask;
  } catch {
    // No geometry backend registered: decode with the browser (createImageBitmap is off-thread).
  }
  const blob = await (await fetch(url)).blob();
  const bmp = await createImageBitmap(blob, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  const c = new OffscreenCanvas(bmp.width, bmp.height);
  const ctx = c.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(bmp, 0, 0);
  bmp.close();
  const rgba = ctx.getImageData(0, 0, c.width, c.height).data;
  const data = new Uint8Array(c.width * c.height);
  for (let i = 0, j = 3; i < data.length; i++, j += 4) data[i] = rgba[j] > 127 ? 1 : 0;
  return { width: c.width, height: c.height, data };
}

/** Encodes a full-size Mask to the RGBA PNG data URL Dataloop stores (backend when registered). */
export async function encodeMaskUrl(mask: Mask, color: [number, number, number]): Promise<string> {
  try {
    return await getGeometryBackend().encodeSegmentation(mask, color);
  } catch {
    // Fallback below.
  }
  const c = new OffscreenCanvas(mask.width, mask.height);
  const ctx = c.getContext('2d')!;
  const img = ctx.createImageData(mask.width, mask.height);
  for (let i = 0, j = 0; i < mask.data.length; i++, j += 4)
    if (mask.data[i]) {
      img.data[j] = color[0];
      img.data[j + 1] = color[1];
      img.data[j + 2] = color[2];
      img.data[j + 3] = 255;
    }
  ctx.putImageData(img, 0, 0);
  const blob = await c.convertToBlob({ type: 'image/png' });
  const buf = new Uint8Array(await blob.arrayBuffer());
  let s = '';
  for (let i = 0; i < buf.length; i += 0x8000) s += String.fromCharCode(...buf.subarray(i, i + 0x8000));
  return `data:image/png;base64,${btoa(s)}`;
}

// Idle time where the browser has it (Chromium), a timer elsewhere.
const idle = (f: (deadline?: IdleDeadline) => void): number =>
  typeof requestIdleCallback === 'function'
    ? requestIdleCallback(f, { timeout: 500 })
    : (setTimeout(f, 1) as unknown as number);
const cancelIdle = (id: number): void =>
  typeof cancelIdleCallback === 'function' ? cancelIdleCallback(id) : clearTimeout(id);

/**
 * Makes a mask's full-resolution paint off the page's thread (the tile worker): a canvas of a large
 * region cannot be painted in bands on the page, since its first write allocates and clears its whole
 * backing store in one task (200-270 ms for 4096², most of it page faults, in the assist bench).
 */
export interface MaskPainter {
  /** Starts a `width` × `height` paint whose set pixels are `rgba` (one ImageData pixel as a little-endian uint32). */
  begin(width: number, height: number, rgba: number): MaskPaintJob;
}

/** One paint of a {@link MaskPainter}. */
export interface MaskPaintJob {
  /** Rows from `y` on, as 0/1 bytes, `width` a row (the buffer is taken over: transferred). */
  rows(y: number, bytes: Uint8Array): void;
  /** Every row was sent: the painted bitmap (rejects when the painter failed or the job was dropped). */
  end(): Promise<ImageBitmap>;
  /** Not wanted any more. */
  drop(): void;
}

/** Alpha (0..255) of a mask's colour canvas. */
export const MASK_FILL_ALPHA = 150;

/** An editable mask over its bounding region. */
export class MaskRaster {
  x = 0;
  y = 0;
  width = 0;
  height = 0;
  data: Uint8Array = new Uint8Array(0);
  /** Counts pixel writes (to notice an edit or an undo between two moments). */
  version = 0;
  /**
   * The full-resolution paint: a canvas, or the worker's bitmap of it as it came (drawing it needs no
   * page-side copy; allocating and clearing a fresh canvas of an 11 Mpx region takes 25-55 ms) until
   * a write needs a canvas ({@link ensureCanvas}).
   */
  private full: AnyCanvas | ImageBitmap = canvasOf(1, 1);
  /**
   * A coarse paint of the mask (an assisted tool's preview at the view's resolution, `lowScale` image
   * px per pixel) shown until the full-resolution canvas is painted in idle time; null once it is.
   */
  private low: {
    next: AnyCanvas;
    row: number;
    idle: number;
    /** The painter's job in progress; `false` once a painter failed (the page paints). */
    remote?: MaskPaintJob | null | false;
  } | null = null;
  /**
   * The coarse paint and its image px per pixel, kept after the full canvas is done (drawing a 1/4-size
   * bitmap costs a sixteenth of the full one where a device pixel covers several image pixels) until
   * the pixels change.
   */
  private coarsePaint: { image: ImageBitmap; scale: number } | null = null;
  /** Called once the coarse paint has been replaced by the full-resolution canvas (re-send the image). */
  onSharp: (() => void) | null = null;
  /**
   * Where the full-resolution paint is made when not on the page's thread ({@link sharpenWhenIdle}):
   * asked when the idle paint starts; null or none, the page paints it.
   */
  painter: (() => MaskPainter | null) | null = null;
  private rgb: [number, number, number];

  constructor(
    readonly itemWidth: number,
    readonly itemHeight: number,
    public color: string,
    private readonly alpha = MASK_FILL_ALPHA,
  ) {
    this.rgb = hexToRgb(color);
  }

  /**
   * The colour canvas at full resolution (one pixel per item pixel over the region). Reading it while
   * the raster still shows a coarse paint finishes the full one at once.
   */
  get canvas(): AnyCanvas {
    this.sharpen();
    return this.ensureCanvas();
  }

  /** The full paint as a canvas (a bitmap is drawn into a new one and closed). */
  private ensureCanvas(): AnyCanvas {
    const f = this.full;
    if (!(typeof ImageBitmap !== 'undefined' && f instanceof ImageBitmap)) return f as AnyCanvas;
    const c = canvasOf(Math.max(1, this.width), Math.max(1, this.height));
    (c.getContext('2d') as OffscreenCanvasRenderingContext2D).drawImage(f, 0, 0);
    f.close();
    this.full = c;
    return c;
  }

  /** Closes the full paint when it is a bitmap (it is being replaced). */
  private dropFull(): void {
    if (typeof ImageBitmap !== 'undefined' && this.full instanceof ImageBitmap) this.full.close();
  }

  /** What to draw now, at (`x`, `y`) scaled to `width` × `height` unsmoothed: the coarse paint or the canvas. */
  get image(): CanvasImageSource {
    return this.low && this.coarsePaint ? this.coarsePaint.image : this.full;
  }

  /**
   * What to draw at `S` device px per image px: the coarse paint while the full canvas is not done, or
   * when one of its pixels is at most a device pixel; else the full canvas.
   */
  imageAt(S: number): CanvasImageSource {
    const c = this.coarsePaint;
    return c && (this.low || c.scale * S <= 1) ? c.image : this.full;
  }

  /** The coarse paint (see {@link imageAt}), while it matches the pixels. */
  get coarseImage(): { image: CanvasImageSource; scale: number } | undefined {
    return this.coarsePaint ?? undefined;
  }

  /** Drops the coarse paint (the pixels are about to change). */
  private dropCoarse(): void {
    if (!this.coarsePaint) return;
    this.sharpen();
    this.coarsePaint.image.close();
    this.coarsePaint = null;
  }

  /** True while a coarse paint stands in for the full-resolution canvas. */
  get coarse(): boolean {
    return this.low !== null;
  }

  /** Changes the display colour (label or ontology changed) and repaints. */
  setColor(color: string): void {
    if (color === this.color) return;
    this.color = color;
    this.rgb = hexToRgb(color);
    this.dropCoarse();
    this.repaint(this.bounds);
  }

  /** A raster holding the set pixels of a full-size mask, cropped to their bounds. */
  static fromMask(m: Mask, color: string): MaskRaster {
    const r = new MaskRaster(m.width, m.height, color);
    let x0 = m.width;
    let y0 = m.height;
    let x1 = -1;
    let y1 = -1;
    for (let y = 0; y < m.height; y++) {
      const row = y * m.width;
      for (let x = 0; x < m.width; x++)
        if (m.data[row + x]) {
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          y1 = y;
        }
    }
    if (x1 < 0) return r;
    r.resize({ x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 });
    for (let y = 0; y < r.height; y++)
      r.data.set(m.data.subarray((y + y0) * m.width + x0, (y + y0) * m.width + x1 + 1), y * r.width);
    r.repaint({ x: r.x, y: r.y, width: r.width, height: r.height });
    return r;
  }

  /**
   * A raster of a mask given on its own box (an assisted tool's answer): `mask` is 0/1 bytes placed at
   * (`x`, `y`) of the item; the raster takes `mask.data` over (no copy: the caller must not change it).
   * `paint`, when given, is that box already drawn in `color` at {@link MASK_FILL_ALPHA} (the geometry
   * worker's preview bitmap), `paintScale` item px per bitmap px: drawn as is, so the page does not
   * paint the mask pixel by pixel. The raster owns `paint` (it closes it when done with it). A coarse paint (`paintScale` > 1) is shown until the full-resolution
   * canvas has been painted in idle time (see {@link sharpenWhenIdle}), then `onSharp` runs.
   */
  static fromPlaced(
    p: { x: number; y: number; mask: Mask },
    itemWidth: number,
    itemHeight: number,
    color: string,
    paint?: ImageBitmap,
    paintScale = 1,
  ): MaskRaster {
    const r = new MaskRaster(itemWidth, itemHeight, color);
    const { width, height, data } = p.mask;
    const box = { x: p.x, y: p.y, width, height };
    if (!width || !height || p.x < 0 || p.y < 0 || p.x + width > itemWidth || p.y + height > itemHeight) {
      paint?.close();
      if (width && height) r.write(box, data); // partly outside the item: clipped pixel by pixel
      return r;
    }
    Object.assign(r, box);
    r.data = data;
    if (paint && paintScale > 1) {
      r.full = canvasOf(width, height);
      r.low = { next: r.full, row: 0, idle: 0 };
      r.coarsePaint = { image: paint, scale: paintScale };
      return r;
    }
    if (paint)
      r.full = paint; // the raster owns it from now on
    else {
      r.full = canvasOf(width, height);
      r.repaint(box);
    }
    return r;
  }

  /**
   * Makes the raster exactly `p` (its box and its 0/1 bytes, taken over without a copy), as
   * {@link fromPlaced} does for a new raster: an assisted tool's Shift / Alt result replaces the mask's
   * pixels at once, drawn from the worker's `paint` (a coarse one until {@link sharpenWhenIdle} is done),
   * instead of writing and repainting them pixel by pixel on the page's thread. Returns false (nothing
   * changed) for a box partly outside the item: use {@link write} then.
   */
  replace(p: { x: number; y: number; mask: Mask }, paint?: ImageBitmap, paintScale = 1): boolean {
    const { width, height, data } = p.mask;
    if (p.x < 0 || p.y < 0 || p.x + width > this.itemWidth || p.y + height > this.itemHeight) return false;
    this.version++;
    this.stopLow();
    this.low = null;
    this.coarsePaint?.image.close();
    this.coarsePaint = null;
    Object.assign(this, { x: p.x, y: p.y, width, height, data });
    this.dropFull();
    if (paint && paintScale <= 1 && width && height) {
      this.full = paint; // the raster owns it from now on
      return true;
    }
    const c = canvasOf(Math.max(1, width), Math.max(1, height));
    this.full = c;
    if (!width || !height) {
      paint?.close();
      return true;
    }
    if (paint) {
      this.low = { next: c, row: 0, idle: 0 };
      this.coarsePaint = { image: paint, scale: paintScale };
    } else this.paintRows(c, 0, height);
    return true;
  }

  /**
   * Rows of the full canvas painted per idle step: about 256 Kpx, a few ms (1 Mpx steps made 50-110 ms
   * tasks on a loaded machine in the assist bench's trace).
   */
  private get band(): number {
    return Math.max(1, Math.floor(2 ** 18 / Math.max(1, this.width)));
  }

  /**
   * Paints the full-resolution canvas in idle time (bands of about 256 Kpx), then calls `onSharp`; a
   * raster made from a coarse paint waits for this call (the layer makes it once the mask's PNG is
   * there, so that the page and the worker do not compete for the processor before).
   */
  sharpenWhenIdle(): void {
    const low = this.low;
    if (!low || low.idle || low.remote) return;
    const painter = low.remote === false ? null : (this.painter?.() ?? null);
    if (painter && this.width && this.height) {
      this.sharpenRemote(low, painter);
      return;
    }
    let fresh = low.row === 0;
    const step = () => {
      if (this.low !== low) return;
      if (fresh) {
        // a task of its own for the canvas' first write, which allocates and clears its whole backing
        // store (45 MB for an 11 Mpx region: that plus a band made a 44 ms task in the assist bench)
        fresh = false;
        (low.next.getContext('2d') as OffscreenCanvasRenderingContext2D).putImageData(new ImageData(1, 1), 0, 0);
      } else this.paintBand(low); // one band per idle callback: each is a short task of its own
      if (this.low === low) low.idle = idle(step);
    };
    low.idle = idle(step);
  }

  /**
   * Has `painter` make the full paint: the bytes go over in bands of about 256 Kpx (a copy each), a few
   * per idle callback while its deadline leaves room (at most ~4 ms of them); the bitmap that comes back replaces the
   * coarse paint, unless the pixels changed meanwhile (then the page paints, see {@link sharpen}).
   */
  private sharpenRemote(low: NonNullable<MaskRaster['low']>, painter: MaskPainter): void {
    const job = painter.begin(this.width, this.height, this.rgba);
    low.remote = job;
    const w = this.width;
    const step = (deadline?: IdleDeadline) => {
      low.idle = 0;
      if (this.low !== low || low.remote !== job) return;
      // a copy of a band is a few ms (fresh memory): a few of them while the idle period lasts, never
      // more than ~8 ms of work in one task (a loaded machine stretches a task's wall time several times)
      const t0 = performance.now();
      do {
        const h = Math.min(this.band, this.height - low.row);
        job.rows(low.row, this.data.slice(low.row * w, (low.row + h) * w));
        low.row += h;
      } while (low.row < this.height && deadline && deadline.timeRemaining() > 10 && performance.now() - t0 < 4);
      if (low.row < this.height) {
        low.idle = idle(step);
        return;
      }
      job.end().then(
        (bitmap) => {
          if (this.low !== low || low.remote !== job) return void bitmap.close();
          this.dropFull();
          this.full = bitmap;
          this.low = null;
          this.onSharp?.();
        },
        () => {
          if (this.low !== low || low.remote !== job) return;
          // the painter failed: the page paints it after all
          low.remote = false;
          low.row = 0;
          this.sharpenWhenIdle();
        },
      );
    };
    low.idle = idle(step);
  }

  /** Stops the idle paint in progress (its pixels are about to be replaced or painted at once). */
  private stopLow(): void {
    const low = this.low;
    if (!low) return;
    cancelIdle(low.idle);
    low.idle = 0;
    if (!low.remote) return;
    low.remote.drop();
    low.row = 0; // the page paints every row itself now
    low.remote = null;
  }

  /** Paints the next band of the full canvas from the bytes; swaps it in after the last one. */
  private paintBand(low: NonNullable<MaskRaster['low']>): void {
    const h = Math.min(this.band, this.height - low.row);
    if (h > 0) this.paintRows(low.next, low.row, h);
    low.row += h;
    if (low.row < this.height) return;
    this.low = null;
    this.onSharp?.();
  }

  /** Finishes the full-resolution canvas now (before an edit writes into it). */
  private sharpen(): void {
    const low = this.low;
    if (!low) return;
    this.stopLow();
    while (this.low === low) this.paintBand(low);
  }

  /** Paints rows `y0`..`y0 + h` of the region (region coordinates) into `c`, every pixel written. */
  private paintRows(c: AnyCanvas, y0: number, h: number): void {
    const ctx = c.getContext('2d') as OffscreenCanvasRenderingContext2D;
    paintMaskRows(ctx, this.data, y0 * this.width, this.width, y0, h, this.rgba);
  }

  /** The label colour at the mask's alpha, as one packed ImageData pixel. */
  private get rgba(): number {
    const [R, G, B] = this.rgb;
    return packRgba(R, G, B, this.alpha);
  }

  /** Set pixels' bounds in item px (empty mask: zero size). */
  get bounds(): PixelRect {
    return { x: this.x, y: this.y, width: this.width, height: this.height };
  }

  /** Grows the region (keeping pixels) to include `r`, clipped to the item. */
  private resize(r: PixelRect): void {
    const x0 = Math.max(0, Math.min(this.width ? this.x : r.x, r.x));
    const y0 = Math.max(0, Math.min(this.height ? this.y : r.y, r.y));
    const x1 = Math.min(this.itemWidth, Math.max(this.width ? this.x + this.width : 0, r.x + r.width));
    const y1 = Math.min(this.itemHeight, Math.max(this.height ? this.y + this.height : 0, r.y + r.height));
    const w = Math.max(0, x1 - x0);
    const h = Math.max(0, y1 - y0);
    if (x0 === this.x && y0 === this.y && w === this.width && h === this.height) return;
    this.sharpen();
    const data = new Uint8Array(w * h);
    for (let y = 0; y < this.height; y++)
      data.set(this.data.subarray(y * this.width, (y + 1) * this.width), (y + this.y - y0) * w + (this.x - x0));
    const old = this.full;
    const c = canvasOf(Math.max(1, w), Math.max(1, h));
    if (this.width && this.height)
      (c.getContext('2d') as OffscreenCanvasRenderingContext2D).drawImage(old, this.x - x0, this.y - y0);
    this.dropFull();
    Object.assign(this, { x: x0, y: y0, width: w, height: h, data, full: c });
  }

  /** Redraws rect `r` (item px) of the colour canvas from the bytes. */
  repaint(r: PixelRect): void {
    const x0 = Math.max(r.x, this.x);
    const y0 = Math.max(r.y, this.y);
    const x1 = Math.min(r.x + r.width, this.x + this.width);
    const y1 = Math.min(r.y + r.height, this.y + this.height);
    if (x1 <= x0 || y1 <= y0) return;
    this.sharpen();
    const ctx = this.ensureCanvas().getContext('2d') as OffscreenCanvasRenderingContext2D;
    const w = x1 - x0;
    const img = ctx.createImageData(w, y1 - y0);
    const px = new Uint32Array(img.data.buffer);
    const v = this.rgba;
    const d = this.data;
    for (let y = y0, o = 0; y < y1; y++) {
      const row = (y - this.y) * this.width - this.x;
      for (let x = x0; x < x1; x++, o++) if (d[row + x]) px[o] = v;
    }
    ctx.putImageData(img, x0 - this.x, y0 - this.y);
  }

  /** Copies the bytes of rect `r` (item px, zero outside the region). */
  read(r: PixelRect): Uint8Array {
    const out = new Uint8Array(r.width * r.height);
    // the part of `r` inside the region, row by row
    const x0 = Math.max(r.x, this.x);
    const x1 = Math.min(r.x + r.width, this.x + this.width);
    const y0 = Math.max(r.y, this.y);
    const y1 = Math.min(r.y + r.height, this.y + this.height);
    if (x1 <= x0) return out;
    for (let y = y0; y < y1; y++) {
      const from = (y - this.y) * this.width + (x0 - this.x);
      out.set(this.data.subarray(from, from + x1 - x0), (y - r.y) * r.width + (x0 - r.x));
    }
    return out;
  }

  /** Writes `bytes` into rect `r` (growing the region as needed) and repaints it. */
  write(r: PixelRect, bytes: Uint8Array): void {
    this.version++;
    this.dropCoarse();
    this.resize(r);
    const x0 = Math.max(r.x, this.x);
    const x1 = Math.min(r.x + r.width, this.x + this.width);
    const y0 = Math.max(r.y, this.y);
    const y1 = Math.min(r.y + r.height, this.y + this.height);
    if (x1 > x0)
      for (let y = y0; y < y1; y++) {
        const from = (y - r.y) * r.width + (x0 - r.x);
        this.data.set(bytes.subarray(from, from + x1 - x0), (y - this.y) * this.width + (x0 - this.x));
      }
    this.repaint(r);
  }

  /**
   * Sets (`value` 1) or clears (0) every pixel whose centre is within `radius` of (cx, cy): a hard,
   * non-anti-aliased disc. Returns the touched rect in item px, or null when outside the item.
   */
  disc(cx: number, cy: number, radius: number, value: 0 | 1): PixelRect | null {
    const x0 = Math.max(0, Math.floor(cx - radius));
    const y0 = Math.max(0, Math.floor(cy - radius));
    const x1 = Math.min(this.itemWidth, Math.ceil(cx + radius));
    const y1 = Math.min(this.itemHeight, Math.ceil(cy + radius));
    if (x1 <= x0 || y1 <= y0) return null;
    const r = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
    this.version++;
    this.dropCoarse();
    if (value) this.resize(r);
    const r2 = radius * radius;
    for (let y = y0; y < y1; y++)
      for (let x = x0; x < x1; x++) {
        const dx = x + 0.5 - cx;
        const dy = y + 0.5 - cy;
        if (dx * dx + dy * dy > r2) continue;
        const ix = x - this.x;
        const iy = y - this.y;
        if (ix >= 0 && iy >= 0 && ix < this.width && iy < this.height) this.data[iy * this.width + ix] = value;
      }
    this.repaint(r);
    return r;
  }

  /** The full-size mask (for encoding and conversions). */
  toMask(): Mask {
    const data = new Uint8Array(this.itemWidth * this.itemHeight);
    for (let y = 0; y < this.height; y++)
      data.set(this.data.subarray(y * this.width, (y + 1) * this.width), (y + this.y) * this.itemWidth + this.x);
    return { width: this.itemWidth, height: this.itemHeight, data };
  }
}
