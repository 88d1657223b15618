// <dl-annotation-layer>: the thin Lit shell that wires the layer's parts (see README.md in this
// folder): the store (model/), the renderer (render/), the pointer router, keyboard and tools
// (interact/) and the templates (view/). It owns the properties, the viewer link, and turns store
// changes into dl-* events.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { cloneJson } from '../events.js';
import type { DlItemViewer } from '../item-viewer/item-viewer.js';
import type { DlView } from '../internal/view.js';
import { StringsController } from '../strings-controller.js';
import { msg } from '../strings.js';
import { themeStyles, type ThemeMode } from '../theme/theme.js';
import {
  changeEvents,
  DlAnnotationCreateEvent,
  DlAnnotationUpdateEvent,
  DlSelectionChangeEvent,
} from './annotation-layer-events.js';
import { annotationLayerStyles } from './annotation-layer.styles.js';
import { AssistSession } from './interact/assist-session.js';
import { Commands } from './interact/commands.js';
import { convert, type ConvertContext } from './interact/convert.js';
import { autofocusLayer, refocusAfterClick, refocusIfRemoved } from './interact/focus-policy.js';
import { hitAt } from './interact/hit.js';
import { restack, setHidden, setLocked } from './interact/key-actions.js';
import { handleKey, type KeyContext } from './interact/keyboard.js';
import { keyStrings } from './interact/keymap.js';
import { PointerRouter } from './interact/pointer-router.js';
import type { Tool, ToolSettings } from './interact/tool.js';
import { assistStrings } from './interact/tools/assist-strings.js';
import { TOOLS, toolById, toolStrings, type LayerTool } from './interact/tools/registry.js';
import { toolOptionsStyles } from './interact/tools/tool-options.styles.js';
import { layerStrings } from './layer-strings.js';
import { TRACK_FRAMES, TrackForward } from './interact/track-forward.js';
import { layerVideoStrings } from './video-strings.js';
import { renderTrackingBar } from './view/tracking-bar.js';
import { ViewerLink } from './viewer-link.js';
import { toAnnotationJsonArray, type AnnotationJson, type AnnotationsInput } from './model/annotation-json.js';
import type { Change, MaskPatch, StoreCause } from './model/annotation-store.js';
import { labelColorMap } from '../internal/label-colors.js';
import { watchKeyboardLayout } from '../internal/key-spec.js';
import { LayerStore } from './model/layer-store.js';
import type { SelectionChange } from './model/selection.js';
import type { LayerFrameStats } from './render/frame-stats.js';
import { LayerRenderer } from './render/layer-renderer.js';
import { renderHandles } from './view/handles.js';
import { renderPanel } from './view/panel.js';
import { ListRoom } from './view/list-room.js';
import type { LabelEntry } from '../label-picker/ontology-labels.js';
import { rowKind } from './view/words.js';
import { nextMissing, nextMissingField } from './model/next-missing.js';
import { PanelFit } from './view/panel-fit.js';
import { ScrollHints } from './view/scroll-hints.js';
import { renderTopbar } from './view/topbar.js';
import { selectedTrackControls } from './view/track-controls.js';
import { isNote, noteWords } from './model/note-words.js';
import { stepWords, typeWord } from './view/words.js';

export type { LayerTool } from './interact/tools/registry.js';

/** What a draft's redo says it put back, by the draft's input (Tool.draftInput). */
const PUT_BACK = {
  vertex: 'annotationLayer.vertexPutBack',
  stroke: 'annotationLayer.strokePutBack',
  click: 'annotationLayer.clickPutBack',
} as const;

/** How long the layer shows what an undo / redo did, ms. */
const FLASH_MS = 2500;
export type { LayerFrameStats } from './render/frame-stats.js';

/**
 * Draws and edits Dataloop annotations over a `<dl-item-viewer>` (place it inside the viewer).
 * One canvas renderer with a spatial index, tile cache, culling and level of detail draws every
 * shape; only the selected shapes get DOM (SVG) handles. An object list is the keyboard-driven,
 * accessible equivalent of the canvas.
 *
 * @summary Annotation renderer and editor.
 * @fires dl-annotation-create - The user created an annotation. `detail: { annotation }` (Dataloop JSON).
 *   A magic-wand mask shows (and can be undone) before its PNG is encoded: its create event fires once
 *   the PNG is in its JSON, after it was shown; one undone or deleted before that fires no event.
 * @fires dl-annotation-update - The user changed one. `detail: { annotation, previous }`.
 * @fires dl-annotation-delete - The user deleted one. `detail: { annotation }`.
 * @fires dl-selection-change - The user changed the selection. `detail: { selected }`.
 * @csspart canvas - The layer of all committed shapes (its cached tile canvases).
 * @csspart live-canvas - The canvas of the selection, hover, drafts and labels.
 * @csspart handles - The SVG with the selection's handles.
 * @csspart toolbar - The tool buttons.
 * @csspart flash - What the last undo / redo did ("Undone: create Person polygon"), or why a video key
 *   did nothing ("Select a track first"), shown for a moment
 *   at the bottom of the layer (the live region announces it; this copy is `aria-hidden`).
 * @csspart panel-toggle - The "Objects (n)" button that opens and closes the side panel (after the toolbar).
 * @csspart classifications - The classification chips.
 * @csspart panel - The side panel (label, attributes, object list).
 * @csspart object-list - The list of annotations.
 * @cssprop --dl-annotation-layer-handle - Handle fill.
 * @cssprop --dl-annotation-layer-handle-border - Handle outline.
 * @cssprop --dl-annotation-layer-selection - Colour of the selection outline and active handles.
 * @cssprop --dl-label-picker-max-height - Caps the panel's label list (none by default: the label list
 *   and the object list share the panel's height, each down to about four rows, and scroll).
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
  static override styles = [themeStyles, annotationLayerStyles, toolOptionsStyles];

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
  /** Opacity of the masks, 0–1 (multiplies their colour's own transparency). */
  @property({ type: Number, attribute: 'mask-opacity' }) maskOpacity = 1;
  /** `light`, `dark` or `auto`. */
  @property({ reflect: true }) theme?: ThemeMode;
  /**
   * Get the assisted tools (magic wand, box to object, scissors, watershed) ready as soon as an item
   * loads: OpenCV loads in its worker and the image is sent there when the page is idle, so the first
   * assisted action does not wait. Without it that happens when such a tool is first picked.
   */
  @property({ type: Boolean, attribute: 'assist-preload' }) assistPreload = false;
  /** How many frames "track forward" (Shift+T, the panel's button) follows on a video. */
  @property({ type: Number, attribute: 'track-frames' }) trackFrames = TRACK_FRAMES;
  /**
   * How many workers paint the dense tiles (each holds a copy of the shapes). Unset: two where the
   * browser reports at least three logical cores, else one (`min(2, hardwareConcurrency - 1)`, as the
   * geometry workers). Read when the workers start, i.e. when the layer is connected: set it before
   * adding the element to the page (or remove and re-add it).
   */
  @property({ type: Number, attribute: 'tile-workers' }) tileWorkers: number | null = null;

  @state() announcement = '';
  @state() progress: number | null = null;
  /** The toolbar button holding the toolbar's Tab stop (null: the active tool's). */
  @state() private focusTool: string | null = null;

  /** @internal The layer's state: annotations, shapes, selection, hover, undo. */
  readonly store = new LayerStore();
  /** @internal */ readonly renderer = new LayerRenderer(this.store, () => this.scheduleDraw());
  /** @internal */ readonly commit: Commands;
  /** @internal "Track forward" on a video (tests set its backend). */
  readonly tracker: TrackForward;
  private readonly context: ConvertContext & KeyContext;
  private readonly router: PointerRouter;
  /** One instance of each tool, made on first use. */
  private tools = new Map<string, Tool>();
  private activeRow: string | null = null;

  private readonly link = new ViewerLink(
    this,
    this.store,
    this.renderer,
    () => this.panel,
    () => this.scheduleDraw(),
    () => this.maybeAutofocus(),
    () => !this.readonly && !this.noToolbar,
  );
  /** @internal The assisted tools' link to OpenCV in a worker. */
  readonly assist = new AssistSession(this, {
    viewer: () => this.link.viewer,
    changed: () => this.requestUpdate(),
    announce: (text) => this.announce(text),
    // a draft (scissors points, watershed strokes, a GrabCut object, a gesture) is of the image shown
    // when it began: another item drops it, even when the host passes the same annotations on
    itemShown: () => {
      if (this.hasUpdated) this.cancelEdit(true);
    },
  });
  private raf = 0;
  /** The value last given to `annotations` (identity only: a re-set of it is ignored). */
  private lastAnnotationsInput: AnnotationsInput | undefined;

  constructor() {
    super();
    new StringsController(this, {
      ...layerStrings,
      ...toolStrings,
      ...keyStrings,
      ...layerVideoStrings,
      ...assistStrings,
    });
    const layer = this;
    const settings: ToolSettings = {
      get label() {
        return layer.label;
      },
      get brushSize() {
        return layer.brushSize;
      },
      get readonly() {
        return layer.readonly;
      },
    };
    this.commit = new Commands(this.store, {
      get label() {
        return layer.label;
      },
      get readonly() {
        return layer.readonly;
      },
      setLabel: (label) => (this.label = label),
      announce: (text) => this.announce(text),
      notify: (text) => this.notify(text),
      displayName: (tag) => this.store.displayName(tag),
      typeWord,
      maskCommitted: (next, previous) =>
        this.dispatchEvent(new DlAnnotationUpdateEvent({ annotation: cloneJson(next), previous: cloneJson(previous) })),
      maskCreated: (key, a) => {
        this.dispatchEvent(new DlAnnotationCreateEvent({ annotation: cloneJson(a) }));
        // it was selected while pending, unlisted: the host hears of the selection now
        if (this.store.selection.has(key)) this.dispatchEvent(new DlSelectionChangeEvent({ selected: this.selected }));
      },
      video: () => this.link.video(),
      showFrame: (frame) => void this.link.viewer?.seekFrame(frame),
    });
    this.tracker = new TrackForward({
      store: this.store,
      get readonly() {
        return layer.readonly;
      },
      viewer: () => this.link.viewer,
      video: () => this.link.video(),
      announce: (text) => this.announce(text),
      // The bar's Cancel / Close goes with the bar's change: the keyboard comes back to the layer.
      changed: () => refocusIfRemoved(this, () => this.requestUpdate()),
      trackFrames: () => this.trackFrames,
      showFrame: (frame) => void this.link.viewer?.seekFrame(frame),
    });
    this.context = {
      store: this.store,
      commit: this.commit,
      settings,
      view: () => this.view,
      tolerance: () => 6 / this.view.scale,
      hitAt: (x, y) => hitAt(this.store, (r) => this.renderer.keysIn(r), x, y, 6 / this.view.scale),
      keysIn: (r) => this.renderer.keysIn(r),
      pointer: () => this.router.pointer,
      labelColor: () => this.store.shapes.colorOf(this.label ?? 'object'),
      announce: (text, keep) => this.announce(text, keep),
      notify: (text) => this.notify(text),
      video: () => this.link.video(),
      redraw: () => this.scheduleDraw(),
      refresh: () => this.requestUpdate(),
      isConnected: () => this.isConnected,
      assist: this.assist,
      setLabel: (label) => (this.label = label),
      setProgress: (p) => (this.progress = p),
      tool: () => this.toolFor(this.tool),
      toolId: () => this.tool,
      setTool: (id, byUser) => this.setTool(id, byUser),
      cancelDrawing: () => this.router.cancelDrawing(),
      undo: () => this.undo(),
      redo: () => this.redo(),
      setBrushSize: (size) => (this.brushSize = size),
      zoomToSelection: () => this.link.zoomToSelection(),
      fixMissing: () => void this.fixMissing(),
      labelAt: (n) => this.labelAt(n),
      chooseLabel: (tag) => this.chooseLabel(tag),
      tracker: this.tracker,
    };
    this.router = new PointerRouter({
      element: this,
      context: this.context,
      activeTool: () => this.toolFor(this.readonly ? 'select' : this.tool),
      panKeyDown: () => !!this.link.viewer?.panKeyDown,
    });
    this.store.subscribe((c, cause, p) => this.storeChanged(c, cause, p));
    this.store.selection.subscribe((c) => this.selectionChanged(c));
    this.store.shapes.onInvalidate = () => this.scheduleDraw();
  }

  // ---- data in ---------------------------------------------------------------------------------

  /**
   * The annotations (Dataloop JSON array, or an AnnotationCollection). Setting never fires events.
   * Setting the very value (same array or collection instance) that was set last is a no-op, so a
   * host that re-renders `.annotations=${list}` keeps the selection, the undo stack and the edits;
   * any other value replaces everything and clears the history. A magic-wand mask shown before its
   * PNG is encoded is listed (and in `selected`) from its `dl-annotation-create` event on.
   */
  get annotations(): AnnotationJson[] {
    const { pending } = this.commit;
    const keys = this.store.annotations.keys();
    // a mask still waiting for its PNG is listed from its dl-annotation-create event on
    return (pending.size ? keys.filter((k) => !pending.has(k)) : keys).map((k) => cloneJson(this.store.json(k)!));
  }
  set annotations(v: AnnotationsInput) {
    if (v === this.lastAnnotationsInput && v != null) return;
    this.lastAnnotationsInput = v;
    this.store.selection.clear();
    this.cancelEdit(true);
    this.store.clearViewState();
    this.commit.pending.clear();
    this.store.annotations.reset(toAnnotationJsonArray(v));
    this.renderer.firstRender = true;
  }

  /** The selected annotations' JSON. */
  get selected(): AnnotationJson[] {
    return [...this.store.selection]
      .filter((k) => !this.commit.pending.has(k))
      .map((k) => cloneJson(this.store.json(k)!));
  }

  /**
   * What the layer's last frame showed, for benchmarks and diagnostics: its tile level against the
   * level the screen needs, and how many visible tiles were borrowed from another level, missing,
   * or stale (still showing a just-selected shape; `sharp` when none and the level is no coarser
   * than the screen). A snapshot; read it after an
   * animation frame.
   */
  get renderStats(): LayerFrameStats {
    return { ...this.renderer.stats };
  }

  /** Selects annotations by `id` or `metadata.system.clientId` (no event). */
  select(ids: Iterable<string>): void {
    const want = new Set(ids);
    const keys = this.store.annotations.keys().filter((k) => {
      const a = this.store.json(k)!;
      return want.has(k) || (a.id && want.has(a.id)) || want.has(a.metadata?.system?.clientId as string);
    });
    this.commit.select(keys, false);
  }

  /**
   * The objects whose required attributes are unset (the object list's "Missing: …" marks), in
   * list order: each one's `id` (else its `clientId`; `select` and `focusMissing` take it), its
   * name as its list row reads ("Car #1 · box"; "Car · box 2" where two Car boxes would read the
   * same, the row's ordinal) and the titles of the attributes it misses. On a video every track
   * counts, shown on this frame or not. Notes and subtitles never count.
   */
  missingRequired(): { id: string; name: string; missing: string[] }[] {
    return this.missingKeys().map((k) => ({
      id: this.idOf(k),
      name: msg('annotationLayer.rowName', { name: this.store.objectName(k), kind: rowKind(this.store, k) }),
      missing: this.store.missingRequired(k),
    }));
  }

  /**
   * The number object `id` (its `id` or `metadata.system.clientId`) carries in its object-list row
   * and in {@link missingRequired}'s name ("Car · box 2": 2) where another object reads the same;
   * 0 when none does, or for an unknown id. On a video a track keeps its number on every frame.
   * A host naming the object elsewhere (a review's "pinned to the selected Car box 2") reads it here.
   */
  objectOrdinal(id: string): number {
    // An id that is the object's key (a stored annotation's id) is one map lookup; a clientId, a scan.
    if (this.store.json(id)) return this.store.ordinal(id);
    const k = this.store.annotations.keys().find((k) => {
      const a = this.store.json(k)!;
      return k === id || a.id === id || a.metadata?.system?.clientId === id;
    });
    return k === undefined ? 0 : this.store.ordinal(k);
  }

  /** The keys of the objects with unset required attributes, in list order. */
  private missingKeys(): string[] {
    return this.store.annotations.keys().filter((k) => this.isMissing(k));
  }

  /** Object `k` is listed (not a mask still being encoded) and has an unset required attribute. */
  private isMissing(k: string): boolean {
    return !this.commit.pending.has(k) && this.store.missingRequired(k).length > 0;
  }

  /** What `select` and `focusMissing` take for annotation `k`: its `id`, else its `clientId`. */
  private idOf(k: string): string {
    const a = this.store.json(k)!;
    return a.id ?? (a.metadata?.system?.clientId as string | undefined) ?? k;
  }

  /**
   * Selects the object `id` (default: the first of {@link missingRequired}), opens the side panel,
   * brings the object into view on the image and puts focus on the field of its first required
   * attribute without a value. False when there is no such object or field.
   */
  async focusMissing(id?: string): Promise<boolean> {
    const target = id ?? this.missingRequired()[0]?.id;
    if (target === undefined) return false;
    this.select([target]);
    return this.focusFieldOfSelection();
  }

  /**
   * Opens the panel, brings the one selected object into view on the image (beside the panel, the
   * zoom kept where it fits) and focuses the field of attribute `field` (default: its first unset
   * required one).
   */
  private async focusFieldOfSelection(field?: string): Promise<boolean> {
    if (this.store.selection.size !== 1) return false;
    this.panel = true;
    this.requestUpdate();
    await this.updateComplete;
    this.link.revealSelection();
    const editor = this.renderRoot.querySelector('dl-attribute-editor');
    if (!editor) return false;
    await editor.updateComplete;
    return field === undefined ? editor.focusFirstMissing() : editor.focusField(field);
  }

  /**
   * Alt+M's run through one object: its key and the unset fields Alt+M already took the focus to
   * (a field left unset is skipped, not gone to again, so the run leaves the object at last).
   */
  private missingRun: { key: string; visited: Set<string> } | null = null;

  /**
   * `Alt+M`: the selected object's first unset required attribute; with the focus already in its
   * attributes (after filling one, or to skip one), its next unset required one from the field
   * with focus onward, wrapping within the object (each once per run); when the object has none
   * left (or the selection misses none), the next object in list order that misses one (after the
   * last, the first), on its first. Says where it went ("Car box 1 · Parked"); with none missing
   * it says so on the layer.
   */
  private async fixMissing(): Promise<void> {
    const sel = this.store.selection;
    const current = sel.size === 1 ? [...sel][0]! : undefined;
    const editor = this.renderRoot.querySelector('dl-attribute-editor');
    const inFields = !!editor && (this.renderRoot as ShadowRoot).activeElement === editor;
    if (current !== undefined && this.isMissing(current)) {
      // From the picture (or another control): the object's first unset one, a fresh run.
      if (!inFields || this.missingRun?.key !== current) this.missingRun = { key: current, visited: new Set() };
      const missing = new Set(this.store.missingRequiredDefs(current).map((d) => d.key));
      const field = nextMissingField(
        this.store.attributeKeys(current),
        missing,
        inFields ? editor.focusedKey : undefined,
        this.missingRun.visited,
      );
      if (field !== undefined) {
        await this.goToMissing(current, field);
        return;
      }
    }
    // One walk of the list order from the current object (each object asked once), not a search of
    // the missing ones with indexOf per candidate: O(n²), 2.45 s at 100,000 objects. The current
    // object comes last: it is left only when its other unset fields were all gone to.
    const target = nextMissing(this.store.annotations.keys(), (k) => this.isMissing(k), current);
    if (target === undefined) {
      this.notify(msg('annotationLayer.noneMissing'));
      return;
    }
    this.missingRun = { key: target, visited: new Set() };
    if (target !== current) this.commit.select([target], true);
    await this.goToMissing(target, this.store.missingRequiredDefs(target)[0]?.key);
  }

  /** Focuses the field `field` of the selected object `k` and says which ("Car box 1 · Parked"). */
  private async goToMissing(k: string, field: string | undefined): Promise<void> {
    if (field === undefined) return;
    this.missingRun?.visited.add(field);
    if (!(await this.focusFieldOfSelection(field))) return;
    const def = this.store.missingRequiredDefs(k).find((d) => d.key === field);
    this.announce(
      msg('annotationLayer.wentToField', {
        name: this.store.objectName(k),
        kind: rowKind(this.store, k),
        field: def?.title ?? field,
      }),
    );
  }

  /** The viewer this layer draws over (default: the enclosing `<dl-item-viewer>`). */
  get viewer(): DlItemViewer | null {
    return this.link.viewer;
  }
  set viewer(v: DlItemViewer | null) {
    this.link.viewer = v;
  }

  /**
   * Undo the last edit (as Ctrl+Z). Says what it undid ("Undone: create Person polygon") or that
   * there is nothing to undo, in the live region and, briefly, on the layer. The newest input goes
   * first: inside a polygon / polyline / scissors draft its last vertex (as Backspace), a box or
   * ellipse drag is dropped (as Escape); during another drag nothing (its release makes the step).
   */
  undo(): boolean {
    if (this.drawingTakes()) return true;
    const r = this.store.annotations.undo();
    // the step as it was made (undo answers it inverted)
    const made = r?.map((c) => ({ before: c.after, after: c.before }));
    // an undone conversion: its results leave, the source they were made from is selected again
    if (r) this.selectStep(r, r.action?.kind === 'convert' && r.action.key ? [r.action.key] : []);
    this.notify(
      made
        ? msg('annotationLayer.undone', {
            what: stepWords(
              made,
              (t) => this.store.displayName(t),
              r!.action,
              (k) => this.store.json(k),
            ),
          })
        : msg('annotationLayer.nothingToUndo'),
    );
    return !!r;
  }
  /**
   * Redo (as Ctrl+Shift+Z / Ctrl+Y): says what it redid, or that there is nothing to redo, as
   * {@link undo}; true when it redid something. Inside a polygon / polyline draft it puts back the
   * vertex an undo took ("Vertex put back, 3 in the draft", in the live region); during a drag, or
   * in a draft with nothing to put back, it does nothing (the store's steps wait for the draft).
   */
  redo(): boolean {
    if (this.router.gesture) return false;
    const tool = this.toolFor(this.readonly ? 'select' : this.tool);
    const put = tool.redoDraft?.();
    if (typeof put === 'string') {
      this.announce(put);
      return false;
    }
    if (put !== undefined) {
      const words = PUT_BACK[tool.draftInput ?? 'vertex'];
      this.announce(put ? msg(words, { count: put }) : msg('annotationLayer.nothingToRedo'));
      return put > 0;
    }
    const r = this.store.annotations.redo();
    if (r) this.selectStep(r);
    this.notify(
      r
        ? msg('annotationLayer.redone', {
            what: stepWords(
              r,
              (t) => this.store.displayName(t),
              r.action,
              (k) => this.store.json(k),
            ),
          })
        : msg('annotationLayer.nothingToRedo'),
    );
    return !!r;
  }

  /**
   * Whether a drawing in progress takes an undo instead of the store: the store's step would select
   * its shapes under the draft (and a digit would then relabel them, not the new shape).
   */
  private drawingTakes(): boolean {
    if (this.router.cancelDrawing()) return true;
    if (this.router.gesture) return true;
    return !!this.toolFor(this.readonly ? 'select' : this.tool).undoDraft?.();
  }

  /**
   * After an undo / redo the selection is the shapes the step touched that exist now and are shown
   * (an undone delete or a redone create selects what came back), as CVAT and Label Studio do; a
   * step that left none of them (an undone create) leaves the rest of the selection as it is, and
   * one that changed only pixels (a brush stroke) does not touch it. `also`: shapes the step did not
   * change but brings back into view (an undone conversion's source, which stayed).
   */
  private selectStep(changes: readonly Change[], also: readonly string[] = []): void {
    const { annotations, shapes } = this.store;
    const keys = [...changes.map((c) => c.key), ...also].filter((k) => annotations.get(k) && !shapes.hidden.has(k));
    if (keys.length) this.commit.select(keys, true);
  }

  /**
   * What the last undo / redo said, or why a track key did nothing, shown on the layer for
   * {@link FLASH_MS} (the live region speaks it).
   */
  @state() private flash = '';
  private flashTimer: ReturnType<typeof setTimeout> | undefined;

  /** Announces `text` and shows it briefly over the bottom of the layer. */
  private notify(text: string): void {
    this.announce(text);
    this.flash = text;
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => (this.flash = ''), FLASH_MS);
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
    this.setAttribute('role', 'application');
    this.router.connect();
    this.addEventListener('keydown', this.onKey);
    // The layout map is read before the first Alt shortcut needs it (AZERTY Option+, on a Mac).
    void watchKeyboardLayout();
    this.renderer.startWorker(this.tileWorkers);
    this.addEventListener('click', this.onClick);
    this.sizeObserver?.observe(this);
    this.maybeAutofocus();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.router.disconnect();
    this.tracker.cancel();
    this.removeEventListener('keydown', this.onKey);
    this.removeEventListener('click', this.onClick);
    this.sizeObserver?.disconnect();
    this.size = null;
    cancelAnimationFrame(this.raf);
    this.raf = 0;
    clearTimeout(this.flashTimer);
    this.flash = '';
    this.renderer.dispose();
    this.scrollHints.disconnect();
    this.panelFit.disconnect();
    this.listRoom.disconnect();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('ontology')) {
      this.store.setOntology(this.ontology);
      const shapes = this.store.shapes;
      shapes.colors = labelColorMap(this.ontology);
      shapes.rebuild();
    }
    // the label rule (LayerStore.currentLabel): a label deleted from the ontology, or one it never had,
    // gives way to its first label (none when it has none: nothing is drawn then, and that is said)
    if (changed.has('ontology') || changed.has('label')) {
      const label = this.store.currentLabel(this.label);
      if (label !== this.label) this.label = label;
    }
    if (changed.has('assistPreload')) this.assist.eager = this.assistPreload;
    if (changed.has('tool')) {
      const before = changed.get('tool') as string | undefined;
      if (before) this.tools.get(before)?.cancel?.();
      this.cancelEdit();
    }
    if (changed.has('maskOpacity')) this.renderer.setMaskOpacity(Math.min(1, Math.max(0, this.maskOpacity)));
    // Written only when they change: an update per video frame then touches no style or attribute.
    const cursor = toolById(this.tool)?.cursor ?? '';
    if (this.style.getPropertyValue('--dl-annotation-layer-tool-cursor') !== cursor) {
      if (cursor) this.style.setProperty('--dl-annotation-layer-tool-cursor', cursor);
      else this.style.removeProperty('--dl-annotation-layer-tool-cursor');
    }
    const label = msg('annotationLayer.label');
    if (this.getAttribute('aria-label') !== label) this.setAttribute('aria-label', label);
  }

  protected override updated(): void {
    this.scheduleDraw();
    this.scrollHints.watch(this.renderRoot);
    this.panelFit.watch(this.renderRoot);
    this.listRoom.watch(this.renderRoot);
  }

  /**
   * Renders the panel again when the object list's height changes without a scroll: its virtual
   * rows and an open note row's room (openNotePlace) are read from that height at render time.
   */
  private readonly listRoom = new ListRoom(() => this.requestUpdate());

  /**
   * Keeps a selection's controls in the panel in view above the stuck object list (its floor gives
   * way to them), and brings them and the selected row into view on a new selection.
   */
  private readonly panelFit = new PanelFit(
    () => {
      const sel = this.store.selection;
      const rows: number[] = [];
      const { keys } = this.store.listedRows();
      for (let i = 0; i < keys.length; i++) if (sel.has(keys[i]!)) rows.push(i);
      return rows;
    },
    () => this.listRoom.row,
  );

  /** Fades the panel's scroll areas where they hide content (`data-more-below` / `data-more-above`). */
  private readonly scrollHints = new ScrollHints();

  private onKey = (e: KeyboardEvent) => handleKey(this.context, e);

  private onClick = (e: MouseEvent): void => refocusAfterClick(this, e);

  private maybeAutofocus(): void {
    autofocusLayer(this, this.link.viewer);
  }

  /** The label digit `n` picks: the n-th row the picker shows (filtered or not), else of the ontology. */
  private labelAt(n: number): string | null {
    return this.digitLabels()[n - 1]?.tag ?? null;
  }

  /** The labels the digits pick, in order: the rows the picker shows (filtered or not), else the ontology's. */
  private digitLabels(): readonly LabelEntry[] {
    const picker = this.renderRoot.querySelector('dl-label-picker');
    return picker ? picker.visibleLabels : this.store.labels;
  }

  /** @internal The current view (identity without a viewer). */
  get view(): DlView {
    return this.link.view;
  }

  /** The tool instance of `id` (made on first use; select for an unknown id). */
  private toolFor(id: string): Tool {
    let t = this.tools.get(id);
    if (!t) {
      t = (toolById(id) ?? TOOLS[0]).create(this.context);
      this.tools.set(id, t);
    }
    return t;
  }

  /** Drops the gesture and the drafts (tool change, Escape, new data: then nothing old comes back). */
  private cancelEdit(newData = false): void {
    if (newData) this.router.discard();
    else this.router.cancel();
    this.tools.get(this.tool)?.cancel?.(newData);
  }

  // ---- store -> events -------------------------------------------------------------------------

  private storeChanged(changes: Change[], cause: StoreCause, patches: MaskPatch[]): void {
    if (cause !== 'reset' && cause !== 'sync') {
      // a mask shown before its PNG tells of itself once the PNG is there (Commands.resolveMask)
      const told = this.commit.pending.size ? changes.filter((c) => !this.commit.pending.has(c.key)) : changes;
      for (const e of changeEvents(told)) this.dispatchEvent(e);
      if (cause !== 'edit') {
        const applied = patches.map((p) => this.commit.applyPatch(p));
        // the tool sees the step's result once a mask's pixels are its JSON again (GrabCut's strokes)
        if (cause === 'undo' || cause === 'redo')
          void Promise.allSettled(applied).then(() => this.tools.get(this.tool)?.historyMoved?.());
      }
    }
    this.requestUpdate();
  }

  private selectionChanged({ same, byUser }: SelectionChange): void {
    if (!same) this.pickedOver = null;
    this.scheduleDraw();
    // The selection's panel controls go with it (Escape in an attribute field, Enter on Delete): the
    // keyboard comes back to the layer instead of falling to <body>, where no shortcut works.
    refocusIfRemoved(this, () => this.requestUpdate());
    if (same) return;
    this.panelFit.selectionChanged();
    const sel = this.store.selection;
    if (sel.size === 1) {
      const a = this.store.json([...sel][0]!)!;
      if (isNote(a)) {
        const n = noteWords(a);
        this.announce(msg('annotationLayer.selectedNote', { kind: n.kind, text: n.text }));
      } else
        this.announce(
          msg('annotationLayer.selectedOne', { label: this.store.displayName(a.label), type: typeWord(a.type) }),
        );
    } else
      this.announce(
        sel.size ? msg('annotationLayer.selected', { count: sel.size }) : msg('annotationLayer.selectionCleared'),
      );
    if (byUser) this.dispatchEvent(new DlSelectionChangeEvent({ selected: this.selected }));
  }

  /** What this task has announced so far (the live region shows them once it ends); null: none yet. */
  private saying: { text: string; keep: boolean }[] | null = null;

  /**
   * @internal Speaks `text` through the live region. Within one task the last message is the one
   * said, except that a `keep` one stays and what follows joins it ("Cancelled · Selected Car box":
   * a cancel that gives the selection back).
   */
  announce(text: string, keep = false): void {
    if (!this.saying) {
      // Re-set even when equal so screen readers repeat it.
      this.announcement = '';
      this.saying = [];
      queueMicrotask(() => {
        const said = this.saying!.map((m) => m.text);
        this.saying = null;
        this.announcement = said.filter((t, i) => t !== said[i - 1]).join(' · ');
      });
    }
    this.saying = this.saying.filter((m) => m.keep);
    this.saying.push({ text, keep });
  }

  // ---- drawing ---------------------------------------------------------------------------------

  /** The layer's CSS size as the ResizeObserver last saw it (null: not yet, measure). */
  private size: { width: number; height: number } | null = null;
  /** Keeps `size` so a frame's draw reads no layout (a forced layout per video frame cost seek time). */
  private readonly sizeObserver =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver((entries) => {
          const b = entries.at(-1)?.borderBoxSize?.[0];
          if (!b) return;
          this.size = { width: b.inlineSize, height: b.blockSize };
          this.scheduleDraw();
        });

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
    const base = this.renderRoot.querySelector<HTMLElement>('.tiles');
    const live = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.live');
    if (!base || !live) return;
    const r = this.size ?? this.getBoundingClientRect();
    const g = this.router.gesture;
    const active = this.toolFor(this.tool);
    this.renderer.draw(base, live, {
      width: r.width,
      height: r.height,
      view: this.view,
      busy: !!g,
      showLabels: this.showLabels,
      // The gesture's drawing (rubber band, new stroke) below the tool's (draft, brush cursor).
      overlays: [g?.overlay, active.overlay],
      overlayCovers: !!g?.overlay || !!active.overlayCovers?.(),
    });
  }

  protected override render() {
    return html`<div part="canvas" class="tiles"></div>
      <canvas part="live-canvas" class="live"></canvas>
      <svg part="handles" class="handles" aria-hidden="true">${this.readonly ? nothing : renderHandles(this.store, this.view)}</svg>
      ${renderTopbar({
        store: this.store,
        commit: this.commit,
        tool: this.tool,
        focusTool: this.focusTool,
        setFocusTool: (id) => (this.focusTool = id),
        readonly: this.readonly,
        noToolbar: this.noToolbar,
        panel: this.panel,
        brushSize: this.brushSize,
        setBrushSize: (size) => (this.brushSize = size),
        toolOptions: this.readonly || this.noToolbar ? undefined : this.toolFor(this.tool).options?.(),
        pickTool: (t) => this.setTool(t, true),
        togglePanel: () => (this.panel = !this.panel),
      })}
      ${
        this.panel
          ? renderPanel({
              store: this.store,
              commit: this.commit,
              ontology: this.ontology,
              label: this.label,
              nextOnly: this.selectionPickedOver(),
              chooseLabel: (tag) => this.chooseLabel(tag),
              readonly: this.readonly,
              progress: this.progress,
              activeRow: this.activeRow,
              setActiveRow: (k) => (this.activeRow = k),
              list: this.listRoom.used(this.renderRoot.querySelector('.list')),
              row: this.listRoom.row,
              noteLine: this.listRoom.noteLine,
              maskOpacity: this.maskOpacity,
              setMaskOpacity: (v) => (this.maskOpacity = v),
              convert: (key, kind) => void convert(this.context, key, kind),
              zoomToSelection: () => this.link.zoomToSelection(),
              setHidden: (keys, hidden) => setHidden(this.context, keys, hidden),
              setLocked: (keys, locked) => setLocked(this.context, keys, locked),
              restack: (front) => restack(this.context, front),
              hover: (key) => {
                if (this.store.hover.set(key && !this.store.shapes.hidden.has(key) ? key : null)) {
                  this.scheduleDraw();
                  this.requestUpdate();
                }
              },
              refresh: () => this.requestUpdate(),
              // The digits' labels in view under the Label select on a video, where the
              // selection's controls push the picker out of view (the image page keeps its panel).
              labelKeys: this.link.video() ? this.digitLabels() : undefined,
              trackControls: selectedTrackControls({
                store: this.store,
                commit: this.commit,
                tracker: this.tracker,
                video: this.link.video(),
                frames: this.trackFrames,
                setFrames: (n) => (this.trackFrames = n),
              }),
            })
          : nothing
      }
      ${renderTrackingBar(this.tracker)}
      ${this.flash ? html`<div class="flash" part="flash" aria-hidden="true">${this.flash}</div>` : nothing}
      <div class="dl-visually-hidden" aria-live="polite" role="status">${this.announcement}</div>`;
  }

  /**
   * The drawing tool the user picked while something was selected, until the selection changes
   * (a shape drawn, a click, Escape): {@link selectionPickedOver}. Null otherwise.
   */
  private pickedOver: string | null = null;

  /** The active tool draws (`draws`), the user picked it, and the selection has not changed since. */
  private selectionPickedOver(): boolean {
    return this.pickedOver !== null && this.pickedOver === this.tool && this.store.selection.size > 0;
  }

  /**
   * The user chose label `tag` (a digit, a picker row: one rule for both). It becomes the next
   * shapes' label and relabels the selection, except when it is the next shape's label only: the
   * active tool takes it for its next input (watershed's next stroke), or a drawing tool (`draws`)
   * was just picked over the selection (label-first after a tool switch: R, drag a Car, P, 3 for a
   * Tree polygon must leave the box a Car).
   */
  private chooseLabel(tag: string): void {
    const nextOnly = !!this.toolFor(this.tool).labelKey?.(tag) || this.selectionPickedOver();
    this.commit.relabel(tag, { selection: !nextOnly });
  }

  /** Sets the tool (announced when by the user); a one-shot tool (classification) acts and returns to select. */
  private setTool(id: string, byUser: boolean): void {
    const def = toolById(id);
    if (!def || (this.readonly && !def.readonly)) return;
    this.pickedOver = byUser && 'draws' in def && def.draws && this.store.selection.size ? def.id : null;
    this.tool = def.id;
    if (byUser) this.announce(msg('annotationLayer.toolChanged', { tool: msg(`annotationLayer.tool.${def.id}`) }));
    const next = byUser ? def.picked?.(this.context) : undefined;
    if (next) this.tool = toolById(next)?.id ?? 'select';
  }
}
