import { LitElement, html, nothing, svg, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { themeStyles, type ThemeMode } from '../theme/theme.js';
import { msg } from '../strings.js';
import { StringsController } from '../strings-controller.js';
import { cloneJson } from '../events.js';
import type { DlItemViewer } from '../item-viewer/item-viewer.js';
import { toAnnotationJsonArray, type AnnotationJson, type AnnotationsInput } from '../internal/annotation-json.js';
import type { Change, MaskPatch, StoreCause } from '../internal/annotation-store.js';
import { coordinatesFor, type Shape } from '../internal/shape.js';
import { labelColorMap } from '../internal/label-colors.js';
import { withCoordinatesAtFrame } from '../internal/video-frame.js';
import { toScreen, visibleImageRect, type DlView } from '../internal/view.js';
import { encodeMaskUrl, hexToRgb } from '../internal/mask-raster.js';
import { LayerModel } from './layer-model.js';
import { annotationLayerStyles } from './annotation-layer.styles.js';
import {
  DlAnnotationCreateEvent,
  DlAnnotationDeleteEvent,
  DlAnnotationUpdateEvent,
  DlSelectionChangeEvent,
} from './annotation-layer-events.js';
import { EditController } from './edit-controller.js';
import { handleKey } from './layer-keys.js';
import { drawLive, liveArea } from './live-draw.js';
import { renderHandles } from './handles.js';
import { renderPanel } from './panel.js';
import { toolIcon } from './tool-icons.js';
import { layerStrings } from './layer-strings.js';

/** The layer's tools. */
export type LayerTool =
  | 'select'
  | 'box'
  | 'polygon'
  | 'polyline'
  | 'point'
  | 'ellipse'
  | 'classification'
  | 'brush'
  | 'eraser';

/** Tools in toolbar order with their hotkeys. */
export const TOOLS: ReadonlyArray<{ tool: LayerTool; key: string }> = [
  { tool: 'select', key: 'v' },
  { tool: 'box', key: 'r' },
  { tool: 'polygon', key: 'p' },
  { tool: 'polyline', key: 'l' },
  { tool: 'point', key: 'o' },
  { tool: 'ellipse', key: 'e' },
  { tool: 'classification', key: 'c' },
  { tool: 'brush', key: 'b' },
  { tool: 'eraser', key: 'x' },
];

/**
 * Draws and edits Dataloop annotations over a `<dl-item-viewer>` (place it inside the viewer).
 * One canvas renderer with a spatial index, tile cache, culling and level of detail draws every
 * shape; only the selected shapes get DOM (SVG) handles. An object list is the keyboard-driven,
 * accessible equivalent of the canvas.
 *
 * @summary Annotation renderer and editor.
 * @fires dl-annotation-create - The user created an annotation. `detail: { annotation }` (Dataloop JSON).
 * @fires dl-annotation-update - The user changed one. `detail: { annotation, previous }`.
 * @fires dl-annotation-delete - The user deleted one. `detail: { annotation }`.
 * @fires dl-selection-change - The user changed the selection. `detail: { selected }`.
 * @csspart canvas - The canvas of all committed shapes (cached tiles).
 * @csspart live-canvas - The canvas of the selection, hover, drafts and labels.
 * @csspart handles - The SVG with the selection's handles.
 * @csspart toolbar - The tool buttons.
 * @csspart panel-toggle - The "Objects (n)" button that opens and closes the side panel (after the toolbar).
 * @csspart classifications - The classification chips.
 * @csspart panel - The side panel (label, attributes, object list).
 * @csspart object-list - The list of annotations.
 * @cssprop --dl-annotation-layer-handle - Handle fill.
 * @cssprop --dl-annotation-layer-handle-border - Handle outline.
 * @cssprop --dl-annotation-layer-selection - Colour of the selection outline and active handles.
 *
 * @example
 * <dl-item-viewer src="/img.jpg"><dl-annotation-layer></dl-annotation-layer></dl-item-viewer>
 * <script type="module">
 *   const layer = document.querySelector('dl-annotation-layer');
 *   layer.ontology = ontologyJson;
 *   layer.annotations = annotationsJson; // or an AnnotationCollection
 *   layer.addEventListener('dl-annotation-update', (e) => save(e.detail.annotation));
 * </script>
 */
export class DlAnnotationLayer extends LitElement {
  static override styles = [themeStyles, annotationLayerStyles];

  /** Active tool. */
  @property({ reflect: true }) tool: LayerTool = 'select';
  /** Label given to new annotations (default: the ontology's first label). */
  @property() label: string | null = null;
  /** The ontology JSON (`{ roots }`) or an Ontology entity: label colours and the label picker. */
  @property({ attribute: false }) ontology: unknown = null;
  /** Show label names next to the shapes. */
  @property({ type: Boolean, attribute: 'show-labels' }) showLabels = false;
  /** Show the side panel (label picker, attributes, object list). */
  @property({ type: Boolean, reflect: true }) panel = false;
  /** No editing: selection and viewing only. */
  @property({ type: Boolean, reflect: true }) readonly = false;
  /** Hide the toolbar. */
  @property({ type: Boolean, attribute: 'no-toolbar' }) noToolbar = false;
  /** Brush / eraser radius in image pixels. */
  @property({ type: Number, attribute: 'brush-size' }) brushSize = 8;
  /** `light`, `dark` or `auto`. */
  @property({ reflect: true }) theme?: ThemeMode;

  @state() announcement = '';
  @state() progress: number | null = null;

  /** @internal */ readonly model = new LayerModel();
  /** @internal */ readonly edit = new EditController(this);
  /** @internal */ selection = new Set<string>();
  /** @internal */ hover: string | null = null;
  /** @internal */ activeRow: string | null = null;

  private _viewer: DlItemViewer | null = null;
  private unlisten?: () => void;
  private raf = 0;
  private firstRender = true;
  private canvas?: HTMLCanvasElement;
  private liveCanvas?: HTMLCanvasElement;
  private lastLiveArea: [number, number, number, number] | null = null;
  /** What the base (tiles) canvas shows, to skip redrawing it when only the live overlay changed. */
  private baseState = { version: -1, scale: 0, x: NaN, y: NaN, complete: false, moving: false };
  private lastViewChange = 0;
  private settleTimer?: ReturnType<typeof setTimeout>;
  private size = { width: 0, height: 0, dpr: 1 };
  private lastFrame: number | null = null;
  private clientSeq = 0;
  /** Viewer size when the panel insets were last measured. */
  private insetSize = { width: -1, height: -1 };
  /** The value last given to `annotations` (identity only: a re-set of it is ignored). */
  private lastAnnotationsInput: AnnotationsInput | undefined;

  constructor() {
    super();
    new StringsController(this, layerStrings);
    this.model.store.onChange = (c, cause, p) => this.storeChanged(c, cause, p);
    this.model.onInvalidate = () => this.scheduleDraw();
  }

  // ---- data in ---------------------------------------------------------------------------------

  /**
   * The annotations (Dataloop JSON array, or an AnnotationCollection). Setting never fires events.
   * Setting the very value (same array or collection instance) that was set last is a no-op, so a
   * host that re-renders `.annotations=${list}` keeps the selection, the undo stack and the edits;
   * any other value replaces everything and clears the history.
   */
  get annotations(): AnnotationJson[] {
    return this.model.store.list().map((a) => cloneJson(a));
  }
  set annotations(v: AnnotationsInput) {
    if (v === this.lastAnnotationsInput && v != null) return;
    this.lastAnnotationsInput = v;
    this.selection.clear();
    this.edit.cancel();
    this.model.store.reset(toAnnotationJsonArray(v));
    this.firstRender = true;
  }

  /** The selected annotations' JSON. */
  get selected(): AnnotationJson[] {
    return [...this.selection].map((k) => cloneJson(this.model.json(k)!));
  }

  /** Selects annotations by `id` or `metadata.system.clientId` (no event). */
  select(ids: Iterable<string>): void {
    const want = new Set(ids);
    const keys = this.model.store.keys().filter((k) => {
      const a = this.model.json(k)!;
      return want.has(k) || (a.id && want.has(a.id)) || want.has(a.metadata?.system?.clientId as string);
    });
    this.setSelection(keys, false);
  }

  /** The viewer this layer draws over (default: the enclosing `<dl-item-viewer>`). */
  get viewer(): DlItemViewer | null {
    return this._viewer;
  }
  set viewer(v: DlItemViewer | null) {
    this.unlisten?.();
    this._viewer?.setInsets(this, null);
    this._viewer = v;
    this.unlisten = v?.addViewerListener(() => this.viewerChanged());
    this.viewerChanged();
  }

  /** Undo the last edit (as Ctrl+Z). */
  undo(): boolean {
    const r = this.model.store.undo();
    this.announce(msg(r ? 'annotationLayer.undo' : 'annotationLayer.nothingToUndo'));
    return !!r;
  }
  /** Redo (as Ctrl+Y / Cmd+Shift+Z). */
  redo(): boolean {
    const r = this.model.store.redo();
    if (r) this.announce(msg('annotationLayer.redo'));
    return !!r;
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
    this.setAttribute('role', 'application');
    if (!this._viewer) {
      const v = this.closest('dl-item-viewer') as DlItemViewer | null;
      if (v) this.viewer = v;
    } else this.unlisten = this._viewer.addViewerListener(() => this.viewerChanged());
    this.edit.connect();
    this.addEventListener('keydown', this.onKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unlisten?.();
    this._viewer?.setInsets(this, null);
    this.edit.disconnect();
    this.removeEventListener('keydown', this.onKey);
    cancelAnimationFrame(this.raf);
    this.raf = 0;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('ontology')) {
      this.model.colors = labelColorMap(this.ontology);
      if (!this.label) this.label = this.model.colors.keys().next().value ?? null;
      this.model.rebuild();
    }
    if (changed.has('tool')) this.edit.cancel();
    this.setAttribute('aria-label', msg('annotationLayer.label'));
  }

  protected override updated(): void {
    this.syncInsets();
    this.scheduleDraw();
  }

  /**
   * Tells the viewer which edges the layer's own UI covers, so fit and zoom to selection use the
   * rest: the right edge under the open side panel, the top band of the toolbar row (tools, the
   * "Objects (n)" toggle, classification chips). A fitted image is never under either.
   */
  private syncInsets(): void {
    const v = this._viewer;
    if (!v) return;
    this.insetSize = { width: v.viewportWidth, height: v.viewportHeight };
    if (!this.isConnected) return v.setInsets(this, null);
    const host = v.getBoundingClientRect();
    const p = this.panel ? this.renderRoot.querySelector('.panel')?.getBoundingClientRect() : undefined;
    const right = p?.width ? Math.max(0, host.right - p.left) : 0;
    const bar = this.renderRoot.querySelector('.topbar')?.getBoundingClientRect();
    const top = bar?.height ? Math.max(0, bar.bottom - host.top) : 0;
    v.setInsets(this, right || top ? { top, right, bottom: 0, left: 0 } : null);
  }

  private onKey = (e: KeyboardEvent) => handleKey(this, e);

  private viewerChanged(): void {
    const v = this._viewer;
    if (!v) return;
    const view = v.view;
    const b = this.baseState;
    if (view.scale !== b.scale || view.x !== b.x || view.y !== b.y) this.lastViewChange = performance.now();
    const f = v.isVideo ? v.currentFrame : null;
    if (v.viewportWidth !== this.insetSize.width || v.viewportHeight !== this.insetSize.height) this.syncInsets();
    if (v.imageWidth) {
      this.model.itemWidth = v.imageWidth;
      this.model.itemHeight = v.imageHeight;
    }
    if (f !== this.lastFrame) {
      this.lastFrame = f;
      this.model.frame = f;
      this.model.rebuild();
      this.requestUpdate();
    }
    this.scheduleDraw();
    if (this.selection.size) this.requestUpdate();
  }

  /** @internal The current view (identity without a viewer). */
  get view(): DlView {
    return this._viewer?.view ?? { scale: 1, x: 0, y: 0 };
  }

  // ---- store -> renderer, events -----------------------------------------------------------------

  private storeChanged(changes: Change[], cause: StoreCause, patches: MaskPatch[]): void {
    if (cause === 'reset') {
      this.model.rebuild();
      this.requestUpdate();
      return;
    }
    for (const c of changes) this.model.refresh(c.key);
    this.renderer.setExcluded([...this.selection].map((k) => this.model.idOf(k)));
    if (cause !== 'sync') {
      for (const c of changes) {
        if (!c.before && c.after) this.dispatchEvent(new DlAnnotationCreateEvent({ annotation: cloneJson(c.after) }));
        else if (c.before && !c.after)
          this.dispatchEvent(new DlAnnotationDeleteEvent({ annotation: cloneJson(c.before) }));
        else if (c.before && c.after)
          this.dispatchEvent(
            new DlAnnotationUpdateEvent({ annotation: cloneJson(c.after), previous: cloneJson(c.before) }),
          );
      }
      if (cause !== 'edit') for (const p of patches) void this.applyPatch(p);
    }
    // Deleted annotations leave the selection after their delete events.
    const gone = changes.filter((c) => !c.after && this.selection.has(c.key)).map((c) => c.key);
    if (gone.length)
      this.setSelection(
        [...this.selection].filter((k) => !gone.includes(k)),
        cause !== 'sync',
      );
    this.requestUpdate();
  }

  private async applyPatch(p: MaskPatch): Promise<void> {
    const m = this.model.masks.get(p.key);
    if (!m) return;
    m.raster.write({ x: p.x, y: p.y, width: p.width, height: p.height }, p.after);
    await this.commitMask(p.key);
  }

  /** @internal Re-encodes a mask after an edit and emits the update (no undo step: the patch is it). */
  async commitMask(key: string): Promise<void> {
    const m = this.model.masks.get(key);
    const a = this.model.json(key);
    if (!m || !a) return;
    const url = await encodeMaskUrl(m.raster.toMask(), hexToRgb(this.model.colorOf(a.label)));
    const cur = this.model.json(key);
    if (!cur) return;
    this.model.setMask(key, url, m.raster);
    const next = withCoordinatesAtFrame(cur, this.model.frame, url);
    this.model.store.sync(key, next);
    this.dispatchEvent(new DlAnnotationUpdateEvent({ annotation: cloneJson(next), previous: cloneJson(cur) }));
  }

  /** @internal */
  get renderer() {
    return this.model.renderer;
  }

  /** @internal Commits new geometry for shapes as one undo step. */
  commitShapes(shapes: Map<string, Shape>, mergeable = false): void {
    const edits: Array<{ key: string; after: AnnotationJson }> = [];
    for (const [key, s] of shapes) {
      const a = this.model.json(key);
      const st = this.model.states.get(key);
      if (!a) continue;
      edits.push({ key, after: withCoordinatesAtFrame(a, this.model.frame, coordinatesFor(a, s, st?.coordinates)) });
    }
    if (edits.length) this.model.store.edit(edits, { mergeable });
  }

  /** @internal Adds a new annotation the user drew; selects it. */
  createAnnotation(
    type: string,
    coordinates: unknown,
    extra: Partial<AnnotationJson> = {},
    key = this.model.store.newKey(),
  ): string {
    const label = this.label ?? 'object';
    const frame = this.model.frame;
    const system: Record<string, unknown> = {
      attributes: {},
      automated: false,
      clientId: `dlkit-${Date.now().toString(36)}-${++this.clientSeq}`,
    };
    if (frame !== null)
      Object.assign(system, {
        frame,
        endFrame: frame,
        snapshots_: [],
        objectId: String(this.model.store.keys().length + 1),
      });
    const a: AnnotationJson = {
      id: null,
      creator: null,
      createdAt: null,
      updatedBy: null,
      updatedAt: null,
      source: 'ui',
      type,
      label,
      attributes: null,
      metadata: { system },
      ...extra,
    };
    if (type !== 'class') a.coordinates = coordinates;
    this.model.store.edit([{ key, after: a }]);
    this.setSelection([key], true);
    this.announce(msg('annotationLayer.created', { label, type }));
    return key;
  }

  /** @internal Changes the selection; `byUser` fires dl-selection-change when it changed. */
  setSelection(keys: Iterable<string>, byUser: boolean): void {
    const next = new Set(keys);
    const same = next.size === this.selection.size && [...next].every((k) => this.selection.has(k));
    this.selection = next;
    this.renderer.setExcluded([...next].map((k) => this.model.idOf(k)));
    this.edit.selectionChanged();
    this.scheduleDraw();
    this.requestUpdate();
    if (same) return;
    if (next.size === 1) {
      const a = this.model.json([...next][0])!;
      this.announce(msg('annotationLayer.selectedOne', { label: a.label, type: a.type }));
    } else
      this.announce(
        next.size ? msg('annotationLayer.selected', { count: next.size }) : msg('annotationLayer.selectionCleared'),
      );
    if (byUser) this.dispatchEvent(new DlSelectionChangeEvent({ selected: this.selected }));
  }

  /** @internal Deletes the selection as one undo step. */
  deleteSelection(): void {
    if (this.readonly || !this.selection.size) return;
    const n = this.selection.size;
    this.model.store.edit([...this.selection].map((key) => ({ key, after: null })));
    this.announce(msg('annotationLayer.deleted', { count: n }));
  }

  /** @internal Speaks `text` through the live region. */
  announce(text: string): void {
    // Re-set even when equal so screen readers repeat it.
    this.announcement = '';
    queueMicrotask(() => (this.announcement = text));
  }

  // ---- drawing ---------------------------------------------------------------------------------

  /** @internal */
  scheduleDraw(): void {
    if (!this.raf && this.isConnected)
      this.raf = requestAnimationFrame(() => {
        this.raf = 0;
        this.drawNow();
      });
  }

  /** Draws the layer now (normally every animation frame while something changed). */
  drawNow(): void {
    const c = (this.canvas ??= this.renderRoot.querySelector('canvas.base') ?? undefined);
    const live = (this.liveCanvas ??= this.renderRoot.querySelector('canvas.live') ?? undefined);
    if (!c || !live) return;
    const r = this.getBoundingClientRect();
    const dpr = devicePixelRatio || 1;
    const b = this.baseState;
    if (r.width !== this.size.width || r.height !== this.size.height || dpr !== this.size.dpr) {
      this.size = { width: r.width, height: r.height, dpr };
      for (const k of [c, live]) {
        k.width = Math.max(1, Math.round(r.width * dpr));
        k.height = Math.max(1, Math.round(r.height * dpr));
      }
      b.version = -1;
    }
    const v = this.view;
    const moving = performance.now() - this.lastViewChange < 150;
    // The tiles canvas only changes with the view or the tiles; an edit frame redraws the live canvas alone.
    const changed =
      b.version !== this.renderer.version || b.scale !== v.scale || b.x !== v.x || b.y !== v.y || b.moving !== moving;
    // Filling in missing tiles waits while the user drags: the edit gets the frame.
    if (changed || (!b.complete && !this.edit.drag)) {
      const ctx = c.getContext('2d')!;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, c.width, c.height);
      const version = this.renderer.version;
      // A large first render shows every shape at half resolution at once (a quarter of the raster
      // work), then refines to full resolution over the next frames.
      const bias = this.firstRender && this.model.shapes.size > 2000 ? 1 : 0;
      const complete =
        this.renderer.draw(ctx, v, r.width, r.height, dpr, { sync: this.firstRender, moving, levelBias: bias }) &&
        !bias;
      Object.assign(b, { version, scale: v.scale, x: v.x, y: v.y, complete, moving });
      this.firstRender = false;
      if (!complete) this.scheduleDraw();
      if (moving) {
        clearTimeout(this.settleTimer);
        this.settleTimer = setTimeout(() => this.scheduleDraw(), 160);
      }
    }
    // Clear only what the overlay covered last frame and covers now: a small damage rect keeps the
    // compositor from re-blending the whole viewport on every drag frame.
    const ctx = live.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    const area = liveArea(this, v, dpr, live.width, live.height);
    const prev = this.lastLiveArea ?? area;
    const x0 = Math.min(prev[0], area[0]);
    const y0 = Math.min(prev[1], area[1]);
    const x1 = Math.max(prev[2], area[2]);
    const y1 = Math.max(prev[3], area[3]);
    if (x1 > x0 && y1 > y0) ctx.clearRect(x0, y0, x1 - x0, y1 - y0);
    this.lastLiveArea = area;
    drawLive(this, ctx, v, dpr);
  }

  /** @internal Image rect visible in the layer. */
  visibleRect() {
    const r = visibleImageRect(this.view, this.size.width, this.size.height);
    return { minX: r.x, minY: r.y, maxX: r.x + r.width, maxY: r.y + r.height };
  }

  /** @internal Screen position of an image point. */
  screen(x: number, y: number) {
    return toScreen(this.view, x, y);
  }

  protected override render() {
    const classes = [...this.model.classKeys];
    return html`<canvas part="canvas" class="base"></canvas>
      <canvas part="live-canvas" class="live"></canvas>
      <svg part="handles" class="handles">${this.readonly ? nothing : renderHandles(this, svg)}</svg>
      <div class="topbar">
        ${
          this.noToolbar
            ? nothing
            : html`<div part="toolbar" class="toolbar" role="toolbar" aria-label=${msg('annotationLayer.tools')}>
              ${TOOLS.filter((t) => !this.readonly || t.tool === 'select').map(
                (t) =>
                  html`<button type="button" aria-pressed=${this.tool === t.tool} title=${msg(`annotationLayer.tool.${t.tool}`)} aria-label=${msg(`annotationLayer.tool.${t.tool}`)} @click=${() => this.setTool(t.tool, true)}>${toolIcon(t.tool)}</button>`,
              )}
            </div>`
        }
        <button part="panel-toggle" class="panel-toggle" type="button" aria-expanded=${this.panel} @pointerdown=${(e: Event) => e.stopPropagation()} @click=${() => (this.panel = !this.panel)}>
          ${msg('annotationLayer.objectsToggle', { count: this.model.store.keys().length })}
        </button>
        ${
          classes.length
            ? html`<div part="classifications" class="chips" role="listbox" aria-label=${msg('annotationLayer.classifications')}>
              ${classes.map((k) => {
                const a = this.model.json(k)!;
                return html`<span class="chip" role="option" aria-selected=${this.selection.has(k)} style="--chip-color:${this.model.colorOf(a.label)}" @pointerdown=${(e: Event) => e.stopPropagation()} @click=${(e: MouseEvent) => this.setSelection(e.shiftKey ? [...this.selection, k] : [k], true)}>${a.label}</span>`;
              })}
            </div>`
            : nothing
        }
      </div>
      ${this.panel ? renderPanel(this) : nothing}
      <div class="dl-visually-hidden" aria-live="polite" role="status">${this.announcement}</div>`;
  }

  /** @internal Sets the tool (announced when by the user). */
  setTool(t: LayerTool, byUser: boolean): void {
    if (this.readonly && t !== 'select') return;
    this.tool = t;
    if (byUser) this.announce(msg('annotationLayer.toolChanged', { tool: msg(`annotationLayer.tool.${t}`) }));
    if (t === 'classification' && byUser) {
      this.createAnnotation('class', undefined);
      this.tool = 'select';
    }
  }
}
