// The contract between the layer and its tools. A tool never sees the element: it gets a ToolContext
// (the store, the view, the commands that commit edits, announce, redraw...) and pointer input already
// in image coordinates. A press may start a Gesture, which gets the moves and the release until it ends.
import type { TemplateResult } from 'lit';
import type { Bounds } from '../../../geometry/shapes/shape.js';
import type { DlView } from '../../internal/view.js';
import type { LayerStore } from '../model/layer-store.js';
import type { VideoContext } from '../model/video-edit.js';
import type { OverlayPainter } from '../render/live-overlay.js';
import type { AssistSession } from './assist-session.js';
import type { Commands } from './commands.js';

/** A pointer event of the layer in image coordinates. */
export interface LayerPointer {
  /** Image px. */
  x: number;
  y: number;
  /** Client px (for click-versus-drag slop). */
  clientX: number;
  clientY: number;
  shiftKey: boolean;
  altKey: boolean;
  /** Takes the event: no pan by the viewer, keyboard focus to the layer, pointer capture. */
  claim(): void;
}

/** A press in progress (a drag, a stroke, a rubber band): gets every move and the release. */
export interface Gesture {
  move(p: LayerPointer): void;
  /** The release; the layer then drops the preview shapes and redraws. */
  up(p: LayerPointer): void;
  /**
   * The gesture ends without a release (Escape, pointercancel, tool change; not for new data, which
   * just drops it): undo what it did on the way (a drawing drag gives back the selection it dropped).
   * The layer then drops the preview shapes and redraws.
   */
  cancel?(): void;
  /** Paints over the shapes while the gesture lasts (the rubber band, a new mask's stroke). */
  overlay?: OverlayPainter;
}

/** One tool of the layer, made for one layer by its {@link ToolDefinition}. */
export interface Tool {
  /** A primary-button press on the layer (not on its UI or on a handle). */
  down(p: LayerPointer): Gesture | undefined;
  /** A move with no gesture in progress (cursor, hover, the draft's rubber line). */
  idle?(p: LayerPointer): void;
  /** A double click; true when the tool used it. */
  dblclick?(): boolean;
  /** A key the layer did not handle as a shortcut (`key` is lower-cased when one character); true when used. */
  key?(key: string, e: KeyboardEvent): boolean;
  /**
   * A label key (1–9) chose `label`: true when the tool takes it as the label of its next input
   * (watershed: the next stroke), so the layer makes it the next shapes' label and leaves the
   * selection's labels alone instead of relabelling the selection.
   */
  labelKey?(label: string): boolean;
  /** A wheel turn over the image (`deltaY` as the event gives it); true when the tool used it (the viewer then does not zoom). */
  wheel?(p: LayerPointer, deltaY: number): boolean;
  /**
   * Drops drafts (tool change, new data). On a tool change (`newData` false) a draft gives back what
   * it set aside, as its Escape does; for new data nothing old comes back.
   */
  cancel?(newData?: boolean): void;
  /**
   * Undo (Ctrl+Z) while the tool has a draft open: takes back the draft's newest input (a vertex),
   * as Backspace does; true when a draft was open (the store's steps wait until it ends). An assisted
   * tool whose action is still working cancels it instead (its result never becomes a step).
   */
  undoDraft?(): boolean;
  /**
   * Redo (Ctrl+Shift+Z) while a draft is open: puts back the input {@link undoDraft} took last, if
   * any. `undefined` when no draft is open (the store's redo runs); else the draft's vertex count
   * after putting one back, or 0 when there was nothing to put back (the store's steps still wait),
   * or the words why what was taken cannot be put back (said; the store's redo does not run).
   */
  redoDraft?(): number | string | undefined;
  /**
   * The history's undo or redo ran (Ctrl+Z / Ctrl+Shift+Z with no draft taking it; called once a
   * mask's pixels are in its JSON again): a tool that shows something of its own steps (GrabCut's
   * strokes) shows it as the annotations now are, without waiting for the next input.
   */
  historyMoved?(): void;
  /** What a draft's input is, for the redo's announcement. @default 'vertex' */
  readonly draftInput?: 'vertex' | 'stroke' | 'click';
  /** The tool's options bar, shown under the toolbar while the tool is active (a Lit template). */
  options?(): unknown;
  /** Paints over the shapes (the draft, the brush cursor). */
  overlay?: OverlayPainter;
  /** True while the overlay may paint anywhere (the live canvas is then cleared whole each frame). */
  overlayCovers?(): boolean;
}

/** Read-only settings of the layer a tool may need. */
export interface ToolSettings {
  /** The label of new annotations (null: the commands use `object`). */
  readonly label: string | null;
  /** Brush / eraser radius in image px. */
  readonly brushSize: number;
  /** No editing. */
  readonly readonly: boolean;
}

/** What a tool may use. */
export interface ToolContext {
  readonly store: LayerStore;
  /** Edits that become undo steps and `dl-*` events. */
  readonly commit: Commands;
  readonly settings: ToolSettings;
  /** The current view transform. */
  view(): DlView;
  /** The hit tolerance in image px (6 screen px). */
  tolerance(): number;
  /** The annotation under image point (x, y) as shown now (previews included), or null. */
  hitAt(x: number, y: number): string | null;
  /** Keys whose shapes intersect image rect `r`. */
  keysIn(r: Bounds): string[];
  /** The last pointer position over the layer in image px, or null when it left. */
  pointer(): { x: number; y: number } | null;
  /** The colour of the label new annotations get. */
  labelColor(): string;
  /**
   * Speaks `text` through the layer's live region; `keep`: what else this task says (the selection
   * a cancel gives back) joins it instead of replacing it.
   */
  announce(text: string, keep?: boolean): void;
  /**
   * Announces `text` and shows it for a moment over the bottom of the layer (as an undo's words), for
   * what a sighted user must see too (a refusal, a paste that changed labels): the layer's one flash,
   * also the commands' `CommandsHost.notify`.
   */
  notify(text: string): void;
  /** The video the layer annotates (fps, frame count), or null on an image: a track's frames need it. */
  video(): VideoContext | null;
  /** Asks for a canvas frame. */
  redraw(): void;
  /** Asks for a DOM update (handles, panel). */
  refresh(): void;
  /** False once the layer left the document (late async answers are dropped). */
  isConnected(): boolean;
  /** The assisted tools' link to OpenCV in a worker: the shown image, progress, cancellation. */
  readonly assist: AssistSession;
}

/**
 * A tool as the layer registers it: one row of the tool table gives its toolbar button, hotkey,
 * strings and cursor. See the README of this folder for adding one.
 */
export interface ToolDefinition<Id extends string = string> {
  /** The `tool` property value (reflected to the `tool` attribute). */
  id: Id;
  /** The hotkey (one lower-case character). */
  key: string;
  /** The English name (toolbar tooltip "Name (K)"; translatable as `annotationLayer.tool.<id>`). */
  name: string;
  /** The toolbar icon (16×16 SVG). */
  icon: TemplateResult;
  /** CSS cursor over the image while the tool is active. @default the default cursor */
  cursor?: string;
  /** Usable in a read-only layer. @default false */
  readonly?: boolean;
  /**
   * The tool makes new shapes (box, polygon, scissors, Box to object, a plain wand click…). A label
   * chosen (digit or picker row) before anything else was selected after the user picked it is the
   * next shape's label only: the shape selected when the tool was picked (the last one drawn with
   * another tool) keeps its label. @default false
   */
  draws?: boolean;
  /** Called when the user picks the tool; may answer the tool to switch to instead (a one-shot action). */
  picked?(ctx: ToolContext): string | undefined;
  /** Makes the tool for one layer. */
  create(ctx: ToolContext): Tool;
}

/** Keeps the literal type of `id` (so the table's ids form the `LayerTool` union). */
export function defineTool<const Id extends string>(d: ToolDefinition<Id>): ToolDefinition<Id> {
  return d;
}

/** How far (screen px) a press may move and still be a click. */
export const CLICK_SLOP = 3;
