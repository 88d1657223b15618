// The row above the image: the tool buttons (from the tool table), the "Objects (n)" panel toggle
// and the classification chips (classifications have no geometry to click on).
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
  readonly: boolean;
  noToolbar: boolean;
  panel: boolean;
  pickTool(tool: LayerTool): void;
  togglePanel(): void;
}

const stop = (e: Event) => e.stopPropagation();

/** The top bar template. */
export function renderTopbar(t: TopbarInput) {
  const { store, commit } = t;
  const classes = [...store.shapes.classKeys];
  return html`<div class="topbar">
    ${
      t.noToolbar
        ? nothing
        : html`<div part="toolbar" class="toolbar" role="toolbar" aria-label=${msg('annotationLayer.tools')}>
          ${TOOLS.filter((d) => !t.readonly || d.readonly).map(
            (d) =>
              html`<button type="button" aria-pressed=${t.tool === d.id} title=${msg(`annotationLayer.tool.${d.id}`)} aria-label=${msg(`annotationLayer.tool.${d.id}`)} @click=${() => t.pickTool(d.id)}>${d.icon}</button>`,
          )}
        </div>`
    }
    <button part="panel-toggle" class="panel-toggle" type="button" aria-expanded=${t.panel} @pointerdown=${stop} @click=${t.togglePanel}>
      ${msg('annotationLayer.objectsToggle', { count: store.annotations.keys().length })}
    </button>
    ${
      classes.length
        ? html`<div part="classifications" class="chips" role="listbox" aria-label=${msg('annotationLayer.classifications')}>
          ${classes.map((k) => {
            const a = store.json(k)!;
            return html`<span class="chip" role="option" aria-selected=${store.selection.has(k)} style="--chip-color:${store.shapes.colorOf(a.label)}" @pointerdown=${stop} @click=${(e: MouseEvent) => commit.select(e.shiftKey ? [...store.selection, k] : [k], true)}>${a.label}</span>`;
          })}
        </div>`
        : nothing
    }
  </div>`;
}
