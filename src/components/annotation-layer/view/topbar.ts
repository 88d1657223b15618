// The row above the image: the tool buttons (from the tool table; one Tab stop, arrows move between
// them), the brush size while a mask tool is active, the "Objects (n)" panel toggle and the
// classification chips (classifications have no geometry to click on).
import { html, nothing } from 'lit';
import { msg } from '../../strings.js';
import type { Commands } from '../interact/commands.js';
import type { LayerTool } from '../interact/tools/registry.js';
import { TOOLS } from '../interact/tools/registry.js';
import type { LayerStore } from '../model/layer-store.js';

/** What the top bar shows and what its controls call. */
export interface TopbarInput {
  store: LayerStore;
  commit: Commands;
  tool: string;
  /** The toolbar button that holds the Tab stop (the roving tabindex), default the active tool. */
  focusTool: string | null;
  setFocusTool(id: string): void;
  readonly: boolean;
  noToolbar: boolean;
  panel: boolean;
  brushSize: number;
  setBrushSize(size: number): void;
  /** The active tool's options bar (the assisted tools' output, tolerance, progress). */
  toolOptions?: unknown;
  pickTool(tool: LayerTool): void;
  togglePanel(): void;
}

const stop = (e: Event) => e.stopPropagation();
const MASK_TOOLS = new Set(['brush', 'eraser']);

/** Arrow keys, Home and End move the focus between the toolbar's buttons (the roving tabindex). */
function toolbarKey(t: TopbarInput, e: KeyboardEvent, ids: string[]): void {
  // With Alt/Ctrl/Meta the key is the layer's (Alt+↓/↑ select the next/previous object), not a move.
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  const i = Math.max(0, ids.indexOf(t.focusTool ?? t.tool));
  const n = ids.length;
  const next =
    e.key === 'ArrowRight' || e.key === 'ArrowDown'
      ? (i + 1) % n
      : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
        ? (i - 1 + n) % n
        : e.key === 'Home'
          ? 0
          : e.key === 'End'
            ? n - 1
            : -1;
  if (next < 0) return;
  e.preventDefault();
  e.stopPropagation();
  t.setFocusTool(ids[next]!);
  const bar = e.currentTarget as HTMLElement;
  bar.querySelectorAll('button')[next]?.focus();
}

/** The top bar template. */
export function renderTopbar(t: TopbarInput) {
  const { store, commit } = t;
  const classes = [...store.shapes.classKeys];
  const tools = TOOLS.filter((d) => !t.readonly || ('readonly' in d && d.readonly));
  const ids = tools.map((d) => d.id as string);
  const roving = ids.includes(t.focusTool ?? '') ? t.focusTool : ids.includes(t.tool) ? t.tool : ids[0];
  // The objects the panel lists (on a video: on the shown frame), notes not counted, so the toggle and the panel agree.
  const count = store.objectCount();
  // On a video, also the objects of the whole video (tracks), when some are not on this frame.
  const all = store.videoObjectCount();
  const label =
    all !== null && all !== count
      ? msg('annotationLayer.objectsToggleVideo', { count: all, shown: count })
      : msg('annotationLayer.objectsToggle', { count });
  // On a video the toggle is as wide as its longer words ("Objects 4 · 4 in this frame") on every
  // frame: the tools after it stay put while the shown count comes and goes during play or scrubbing.
  const sizer = all !== null ? msg('annotationLayer.objectsToggleVideo', { count: all, shown: all }) : nothing;
  // The Objects toggle comes first: it keeps its place whether the toolbar fits in one row or wraps
  // (a narrow item page with the panel open), so opening and closing the panel never moves it.
  return html`<div class="topbar">
    <button part="panel-toggle" class="panel-toggle" type="button" data-sizer=${sizer} aria-expanded=${t.panel} @pointerdown=${stop} @click=${t.togglePanel}>
      ${label}
    </button>
    ${
      t.noToolbar
        ? nothing
        : html`<div part="toolbar" class="toolbar" role="toolbar" aria-label=${msg('annotationLayer.tools')}
            @keydown=${(e: KeyboardEvent) => toolbarKey(t, e, ids)}>
          ${tools.map(
            (d) =>
              html`<button type="button" data-tool=${d.id} tabindex=${d.id === roving ? 0 : -1} aria-pressed=${t.tool === d.id}
                title=${msg(`annotationLayer.tool.${d.id}`)} aria-label=${msg(`annotationLayer.tool.${d.id}`)}
                @focus=${() => t.setFocusTool(d.id)} @click=${() => t.pickTool(d.id)}>${d.icon}</button>`,
          )}
        </div>`
    }
    ${
      MASK_TOOLS.has(t.tool) && !t.readonly
        ? html`<label part="brush-size" class="brush-size" @pointerdown=${stop}>
          <span>${msg('annotationLayer.brushSize')}</span>
          <input type="range" min="1" max="100" step="1" data-setting="brush-size" .value=${String(Math.min(100, t.brushSize))}
            @input=${(e: Event) => t.setBrushSize(Number((e.target as HTMLInputElement).value))} />
          <output>${t.brushSize} px</output>
        </label>`
        : nothing
    }
    ${
      t.toolOptions
        ? html`<div part="tool-options" class="tool-options" role="group" aria-label=${msg('annotationLayer.toolOptions')} @pointerdown=${stop}>${t.toolOptions}</div>`
        : nothing
    }
    ${
      classes.length
        ? html`<div part="classifications" class="chips" role="listbox" aria-label=${msg('annotationLayer.classifications')}>
          ${classes.map((k) => {
            const a = store.json(k)!;
            return html`<span class="chip" role="option" aria-selected=${store.selection.has(k)} style="--chip-color:${store.shapes.colorOf(a.label)}" @pointerdown=${stop} @click=${(e: MouseEvent) => commit.select(e.shiftKey ? [...store.selection, k] : [k], true)}>${store.displayName(a.label)}</span>`;
          })}
        </div>`
        : nothing
    }
  </div>`;
}
