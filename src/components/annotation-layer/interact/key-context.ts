// What the keyboard's actions may use: a tool's context plus the layer-wide controls (tool, undo,
// view) that no single tool owns.
import type { Tool, ToolContext } from './tool.js';
import type { TrackForward } from './track-forward.js';

/** What the keyboard needs besides a tool's context. */
export interface KeyContext extends ToolContext {
  /** The active tool. */
  tool(): Tool;
  /** The active tool's id. */
  toolId(): string;
  setTool(id: string, byUser: boolean): void;
  /** Cancels a drawing drag in progress (a gesture with a `cancel`: the box / ellipse rubber band); false when none. */
  cancelDrawing(): boolean;
  undo(): void;
  redo(): void;
  setBrushSize(size: number): void;
  zoomToSelection(): void;
  /**
   * Focus the selected object's first unset required attribute; from there (or when the selection
   * misses none) the next object in list order that misses one; says so when none does.
   */
  fixMissing(): void;
  /**
   * The user chose label `tag` (a digit or a picker row): the layer's one rule of what it labels
   * (the selection and the next shapes, or the next shape only right after a drawing tool was picked).
   */
  chooseLabel(tag: string): void;
  /** The full tag of the label digit `n` (1-based) stands for: the n-th label of the picker, or null. */
  labelAt(n: number): string | null;
  /** The video tracker (Shift+T runs it, Esc cancels it). */
  readonly tracker: TrackForward;
}
