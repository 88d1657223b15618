// The layer's link to its <dl-item-viewer>: follows the viewer's view, image size and video frame
// into the store and the renderer, and tells the viewer which edges the layer's own UI covers.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DlItemViewer } from '../item-viewer/item-viewer.js';
import { revealRect, type DlView } from '../internal/view.js';
import type { LayerStore } from './model/layer-store.js';
import type { VideoContext } from './model/video-edit.js';
import type { LayerRenderer } from './render/layer-renderer.js';

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

/** Keeps a layer in step with its viewer. */
export class ViewerLink implements ReactiveController {
  private current: DlItemViewer | null = null;
  private unlisten?: () => void;
  private lastFrame: number | null = null;
  /** Viewer size when the panel insets were last measured. */
  private insetSize = { width: -1, height: -1 };
  /** What the insets were last measured from: the panel's state and the elements that cover the viewer. */
  private insetFrom: { open: boolean; panel: Element | null; bar: Element | null } | null = null;
  /** Re-measures the insets when the panel or the toolbar row changes size (not on every update). */
  private readonly resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => this.syncInsets());

  constructor(
    private readonly host: Host,
    private readonly store: LayerStore,
    private readonly renderer: LayerRenderer,
    /** Whether the side panel is open (its width is an inset). */
    private readonly panelOpen: () => boolean,
    /** Asks for a canvas frame. */
    private readonly redraw: () => void,
    /** The viewer loaded an item (`dl-item-load`). */
    private readonly loaded: () => void = () => {},
    /** Whether a tool's row (its options, the brush size) can show under the tools: an editable toolbar. */
    private readonly toolRow: () => boolean = () => false,
  ) {
    host.addController(this);
  }

  /** The viewer, or null. */
  get viewer(): DlItemViewer | null {
    return this.current;
  }
  set viewer(v: DlItemViewer | null) {
    this.unlisten?.();
    this.current?.setInsets(this.host, null);
    this.current?.removeEventListener('dl-item-load', this.onLoad);
    this.current = v;
    this.insetFrom = null;
    this.unlisten = v?.addViewerListener(() => this.changed());
    v?.addEventListener('dl-item-load', this.onLoad);
    this.changed();
  }

  private onLoad = (): void => this.loaded();

  /** The video the viewer shows (item, fps, frame count), or null (no viewer, or an image). */
  video(): VideoContext | null {
    const v = this.current;
    return v?.isVideo ? { item: v.item, fps: v.frameRate, frameCount: v.frameCount } : null;
  }

  /** The viewer's view (identity without a viewer). */
  get view(): DlView {
    return this.current?.view ?? { scale: 1, x: 0, y: 0 };
  }

  /** Zooms the viewer to the selection's bounds. */
  zoomToSelection(): void {
    const b = this.store.selectionBounds();
    if (b && this.current)
      this.current.zoomToRect({ x: b.minX, y: b.minY, width: b.maxX - b.minX, height: b.maxY - b.minY }, true);
  }

  /**
   * Brings the selection into view on the image (the viewer's free area, beside the open panel):
   * nothing when it is in view; panned, the zoom kept, when it fits at this zoom; else zoomed to it.
   */
  revealSelection(): void {
    const b = this.store.selectionBounds();
    const v = this.current;
    if (!b || !v) return;
    const r = { x: b.minX, y: b.minY, width: b.maxX - b.minX, height: b.maxY - b.minY };
    const next = revealRect(v.view, r, v.freeArea);
    if (next) v.setView(next, true);
    else v.zoomToRect(r, true);
  }

  hostConnected(): void {
    if (!this.current) {
      const v = this.host.closest('dl-item-viewer') as DlItemViewer | null;
      if (v) this.viewer = v;
    } else this.unlisten = this.current.addViewerListener(() => this.changed());
  }

  hostDisconnected(): void {
    this.unlisten?.();
    this.current?.setInsets(this.host, null);
    this.resize?.disconnect();
    this.insetFrom = null;
  }

  /**
   * Measures the insets again only when the panel opened or closed or the elements covering the
   * viewer changed: an update for a video frame reads no layout (a forced layout per frame cost the
   * seek time). Size changes of those elements come through the ResizeObserver.
   */
  hostUpdated(): void {
    const root = this.host.renderRoot;
    const from = {
      open: this.panelOpen(),
      panel: root.querySelector('.panel'),
      bar: root.querySelector('.topbar'),
    };
    const was = this.insetFrom;
    if (was && this.resize && was.open === from.open && was.panel === from.panel && was.bar === from.bar) return;
    this.insetFrom = from;
    if (this.resize) {
      this.resize.disconnect();
      for (const el of [from.panel, from.bar]) if (el) this.resize.observe(el);
    }
    this.syncInsets();
  }

  /**
   * Tells the viewer which edges the layer's own UI covers, so fit and zoom to selection use the
   * rest: the edge under the open side panel (right in LTR, left in RTL), the top band of the toolbar row (tools, the
   * "Objects (n)" toggle, classification chips) and, with an editable toolbar, the row a tool's
   * options take (kept when no tool shows one, so picking a tool never moves a fitted image). A
   * fitted image is never under either.
   */
  private syncInsets(): void {
    const v = this.current;
    if (!v) return;
    // (The viewer's own size changes come through `changed`, which measures again.)
    this.insetSize = { width: v.viewportWidth, height: v.viewportHeight };
    if (!this.host.isConnected) return v.setInsets(this.host, null);
    const host = v.getBoundingClientRect();
    const root = this.host.renderRoot;
    const p = this.panelOpen() ? root.querySelector('.panel')?.getBoundingClientRect() : undefined;
    // The panel sits at the inline end: the right edge in LTR, the left in RTL. Which edge it covers
    // is read from where it is (the nearer side), not assumed: in RTL a right inset measured from
    // the panel's left edge was nearly the whole width, and the image fitted small, under the panel.
    const atLeft = !!p?.width && p.left - host.left < host.right - p.right;
    const right = p?.width && !atLeft ? Math.max(0, host.right - p.left) : 0;
    const left = p?.width && atLeft ? Math.max(0, p.right - host.left) : 0;
    const topbar = root.querySelector('.topbar');
    const bar = topbar?.getBoundingClientRect();
    let bottom = bar?.height ? bar.bottom : 0;
    // A tool's row (the assisted tools' options, the brush size when it wraps) is reserved under the
    // tools whether it shows or not: picking the wand at Fit zoom pushed the image ~33 px down and
    // refitted it (129% -> 123%), so the spot under the pointer moved just before the click. The
    // row is one line (its hint gives way first, tool-options.styles.ts), at most the toolbar's own
    // height; one that still wraps (controls wider than the layer) pushes.
    const toolbar = this.toolRow() ? root.querySelector<HTMLElement>('.toolbar') : null;
    const tools = toolbar?.getBoundingClientRect();
    const button = toolbar?.querySelector('button')?.getBoundingClientRect();
    if (topbar && toolbar && tools?.height && button?.height) {
      // One line of the toolbar (it may wrap): a button and the toolbar's padding and border.
      const cs = getComputedStyle(toolbar);
      const edges = ['paddingTop', 'paddingBottom', 'borderTopWidth', 'borderBottomWidth'] as const;
      const line = button.height + edges.reduce((sum, k) => sum + (Number.parseFloat(cs[k]) || 0), 0);
      const gap = Number.parseFloat(getComputedStyle(topbar).rowGap) || 0;
      // Only while the tools fit on one line: a layer too narrow for them (a 400 px one) would give
      // a row of its little height to a tool row that wraps there anyway.
      if (tools.height <= line + 1) bottom = Math.max(bottom, tools.bottom + gap + line);
    }
    const top = bottom ? Math.max(0, bottom - host.top) : 0;
    v.setInsets(this.host, right || left || top ? { top, right, bottom: 0, left } : null);
  }

  private changed(): void {
    const v = this.current;
    if (!v) return;
    this.renderer.viewChanged(v.view);
    const f = v.isVideo ? v.currentFrame : null;
    if (v.viewportWidth !== this.insetSize.width || v.viewportHeight !== this.insetSize.height) this.syncInsets();
    const shapes = this.store.shapes;
    if (v.imageWidth) {
      shapes.itemWidth = v.imageWidth;
      shapes.itemHeight = v.imageHeight;
    }
    if (f !== this.lastFrame) {
      this.lastFrame = f;
      shapes.setFrame(f);
      this.host.requestUpdate();
    }
    this.redraw();
    if (this.store.selection.size) this.host.requestUpdate();
  }
}
