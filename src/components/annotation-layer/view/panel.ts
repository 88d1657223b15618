// The side panel: label picker (active label, or relabel the selection), attribute editor of the
// selected annotation, shape conversions, and the object list — the keyboard-driven, accessible
// equivalent of the canvas (virtualised: only visible rows exist in the DOM).
import { html, nothing } from 'lit';
import '../../attribute-editor/define.js';
import type { DlAttributesChangeEvent } from '../../attribute-editor/attributes-change-event.js';
import '../../label-picker/define.js';
import type { DlLabelSelectEvent } from '../../label-picker/label-select-event.js';
import { msg } from '../../strings.js';
import type { Commands } from '../interact/commands.js';
import type { Conversion } from '../interact/convert.js';
import { attributesOf } from '../model/annotation-json.js';
import type { LayerStore } from '../model/layer-store.js';

const ROW = 28;

/** What the panel shows and what its controls call. */
export interface PanelInput {
  store: LayerStore;
  commit: Commands;
  ontology: unknown;
  /** The label of new annotations. */
  label: string | null;
  readonly: boolean;
  /** A conversion's progress, or null. */
  progress: number | null;
  /** The object list's keyboard-focused row. */
  activeRow: string | null;
  setActiveRow(key: string | null): void;
  /** The object list element of the last render (its scroll position picks the rows to render). */
  list: HTMLElement | null;
  convert(key: string, kind: Conversion): void;
  zoomToSelection(): void;
  /** Re-renders (scroll, active row). */
  refresh(): void;
}

function listKey(l: PanelInput, e: KeyboardEvent, keys: readonly string[]): void {
  const sel = l.store.selection;
  const i = Math.max(0, keys.indexOf(l.activeRow ?? ''));
  let next = i;
  switch (e.key) {
    case 'ArrowDown':
      next = Math.min(keys.length - 1, i + 1);
      break;
    case 'ArrowUp':
      next = Math.max(0, i - 1);
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = keys.length - 1;
      break;
    case ' ':
    case 'Enter': {
      const k = keys[i];
      if (k) l.commit.select(e.shiftKey || e.ctrlKey || e.metaKey ? new Set([...sel, k]) : [k], true);
      break;
    }
    case 'Delete':
    case 'Backspace':
      l.commit.deleteSelection();
      break;
    case 'f':
      l.zoomToSelection();
      break;
    default:
      return;
  }
  e.preventDefault();
  e.stopPropagation();
  l.setActiveRow(keys[next] ?? null);
  const list = e.currentTarget as HTMLElement;
  if (next * ROW < list.scrollTop) list.scrollTop = next * ROW;
  else if ((next + 1) * ROW > list.scrollTop + list.clientHeight) list.scrollTop = (next + 1) * ROW - list.clientHeight;
  l.refresh();
}

/** The panel template. */
export function renderPanel(l: PanelInput) {
  const { store, commit } = l;
  const keys = store.annotations.keys().filter((k) => store.shapes.states.has(k));
  const sel = [...store.selection];
  const one = sel.length === 1 ? store.json(sel[0]!) : undefined;
  const list = l.list;
  const top = list?.scrollTop ?? 0;
  const h = list?.clientHeight ?? 400;
  const first = Math.max(0, Math.floor(top / ROW) - 5);
  const last = Math.min(keys.length, Math.ceil((top + h) / ROW) + 5);
  const stop = (e: Event) => e.stopPropagation();
  return html`<aside part="panel" class="panel" @pointerdown=${stop} @wheel=${stop}>
    <dl-label-picker
      .ontology=${l.ontology}
      .value=${one?.label ?? l.label}
      aria-label=${msg('annotationLayer.label.active')}
      @dl-label-select=${(e: DlLabelSelectEvent) => commit.relabel(e.detail.label)}
    ></dl-label-picker>
    ${
      one && !l.readonly
        ? html`<dl-attribute-editor
          .ontology=${l.ontology}
          .label=${one.label}
          .value=${attributesOf(one)}
          @dl-attributes-change=${(e: DlAttributesChangeEvent) => commit.setAttributes(sel[0]!, e.detail.attributes as Record<string, unknown>)}
        ></dl-attribute-editor>`
        : nothing
    }
    ${
      one && !l.readonly
        ? html`<div class="convert">
          ${
            one.type === 'binary'
              ? html`<button type="button" @click=${() => l.convert(sel[0]!, 'polygons')}>${msg('annotationLayer.toPolygons')}</button>
                <button type="button" @click=${() => l.convert(sel[0]!, 'box')}>${msg('annotationLayer.boxFromMask')}</button>`
              : one.type === 'segment'
                ? html`<button type="button" @click=${() => l.convert(sel[0]!, 'mask')}>${msg('annotationLayer.toMask')}</button>`
                : nothing
          }
          <button type="button" @click=${() => commit.deleteSelection()}>${msg('annotationLayer.delete')}</button>
        </div>`
        : nothing
    }
    ${l.progress !== null ? html`<progress aria-label=${msg('annotationLayer.converting')}></progress>` : nothing}
    <h2 id="objects-h">${msg('annotationLayer.objects')}</h2>
    <div
      part="object-list"
      class="list"
      role="listbox"
      aria-multiselectable="true"
      aria-labelledby="objects-h"
      tabindex="0"
      aria-activedescendant=${l.activeRow ? `row-${keys.indexOf(l.activeRow)}` : nothing}
      @scroll=${() => l.refresh()}
      @keydown=${(e: KeyboardEvent) => listKey(l, e, keys)}
    >
      ${keys.length ? nothing : html`<p class="empty">${msg('annotationLayer.noObjects')}</p>`}
      <div style="block-size:${keys.length * ROW}px"></div>
      ${keys.slice(first, last).map((k, j) => {
        const i = first + j;
        const st = store.shapes.states.get(k)!;
        return html`<div
          id="row-${i}"
          class="row ${l.activeRow === k ? 'active' : ''}"
          role="option"
          aria-selected=${store.selection.has(k)}
          aria-setsize=${keys.length}
          aria-posinset=${i + 1}
          style="inset-block-start:${i * ROW}px"
          @click=${(e: MouseEvent) => {
            l.setActiveRow(k);
            commit.select(e.shiftKey || e.ctrlKey || e.metaKey ? new Set([...store.selection, k]) : [k], true);
          }}
        >
          <span class="swatch" style="background:${store.shapes.colorOf(st.label)}"></span>
          <span>${st.label}</span>
          <span class="type">${st.type}</span>
        </div>`;
      })}
    </div>
  </aside>`;
}
