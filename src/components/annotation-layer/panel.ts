// The side panel: label picker (active label, or relabel the selection), attribute editor of the
// selected annotation, shape conversions, and the object list — the keyboard-driven, accessible
// equivalent of the canvas (virtualised: only visible rows exist in the DOM).
import { html, nothing } from 'lit';
import { msg } from '../strings.js';
import { attributesOf, withSystem } from '../internal/annotation-json.js';
import { getGeometryBackend } from '../../entities/geometry-backend.js';
import { boxCoordinates, ringsCoordinates } from '../internal/shape.js';
import { MaskRaster } from '../internal/mask-raster.js';
import { selectionBounds } from './layer-keys.js';
import type { DlAnnotationLayer } from './annotation-layer.js';
import '../label-picker/define.js';
import '../attribute-editor/define.js';
import type { DlLabelSelectEvent } from '../label-picker/label-select-event.js';
import type { DlAttributesChangeEvent } from '../attribute-editor/attributes-change-event.js';

const ROW = 28;

function relabel(l: DlAnnotationLayer, label: string): void {
  if (!l.selection.size || l.readonly) {
    l.label = label;
    return;
  }
  l.model.store.edit([...l.selection].map((key) => ({ key, after: { ...l.model.json(key)!, label } })));
  l.announce(msg('annotationLayer.relabelled', { label }));
}

function setAttributes(l: DlAnnotationLayer, key: string, attributes: Record<string, unknown>): void {
  l.model.store.edit([{ key, after: withSystem(l.model.json(key)!, { attributes }) }], { mergeable: true });
}

async function convert(l: DlAnnotationLayer, key: string, kind: 'polygons' | 'box' | 'mask'): Promise<void> {
  const a = l.model.json(key)!;
  l.progress = 0;
  try {
    const backend = getGeometryBackend();
    let created = 0;
    if (kind === 'mask') {
      const s = l.model.shapes.get(key)!;
      const pts = [];
      for (let i = 0; i < s.rings[0].length; i += 2) pts.push({ x: s.rings[0][i], y: s.rings[0][i + 1] });
      const mask = await backend.maskFromPolygon(pts, l.model.itemHeight, l.model.itemWidth);
      const rgb = l.model.colorOf(a.label);
      const url = await backend.encodeSegmentation(mask, [
        parseInt(rgb.slice(1, 3), 16),
        parseInt(rgb.slice(3, 5), 16),
        parseInt(rgb.slice(5, 7), 16),
      ]);
      const nk = l.model.store.newKey();
      l.model.setMask(nk, url, MaskRaster.fromMask(mask, rgb));
      l.label = a.label;
      l.createAnnotation('binary', url, {}, nk);
      created = 1;
    } else {
      const m = l.model.masks.get(key)?.raster;
      if (!m) throw new Error('the mask is not decoded yet');
      const mask = m.toMask();
      l.label = a.label;
      if (kind === 'polygons') {
        const polys = await backend.polygonsFromSegmentation(mask, { maxInstances: null });
        for (const p of polys) {
          const ring: number[] = [];
          for (const q of p[0]) ring.push(q.x, q.y);
          l.createAnnotation('segment', ringsCoordinates([ring]));
          created++;
        }
      } else {
        const boxes = await backend.boxesFromSegmentation(mask);
        for (const b of boxes) {
          l.createAnnotation('box', boxCoordinates({ ...b, angle: 0 }));
          created++;
        }
      }
    }
    l.announce(msg('annotationLayer.converted', { count: created }));
  } catch (e) {
    l.announce(msg('annotationLayer.conversionFailed', { message: (e as Error).message }));
  } finally {
    l.progress = null;
  }
}

function listKey(l: DlAnnotationLayer, e: KeyboardEvent, keys: readonly string[]): void {
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
      if (k) l.setSelection(e.shiftKey || e.ctrlKey || e.metaKey ? new Set([...l.selection, k]) : [k], true);
      break;
    }
    case 'Delete':
    case 'Backspace':
      l.deleteSelection();
      break;
    case 'f': {
      const b = selectionBounds(l);
      if (b && l.viewer)
        l.viewer.zoomToRect({ x: b.minX, y: b.minY, width: b.maxX - b.minX, height: b.maxY - b.minY }, true);
      break;
    }
    default:
      return;
  }
  e.preventDefault();
  e.stopPropagation();
  l.activeRow = keys[next] ?? null;
  const list = e.currentTarget as HTMLElement;
  if (next * ROW < list.scrollTop) list.scrollTop = next * ROW;
  else if ((next + 1) * ROW > list.scrollTop + list.clientHeight) list.scrollTop = (next + 1) * ROW - list.clientHeight;
  l.requestUpdate();
}

/** The panel template. */
export function renderPanel(l: DlAnnotationLayer) {
  const keys = l.model.store.keys().filter((k) => l.model.states.has(k));
  const sel = [...l.selection];
  const one = sel.length === 1 ? l.model.json(sel[0]) : undefined;
  const list = l.renderRoot.querySelector('.list') as HTMLElement | null;
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
      @dl-label-select=${(e: DlLabelSelectEvent) => relabel(l, e.detail.label)}
    ></dl-label-picker>
    ${
      one && !l.readonly
        ? html`<dl-attribute-editor
          .ontology=${l.ontology}
          .label=${one.label}
          .value=${attributesOf(one)}
          @dl-attributes-change=${(e: DlAttributesChangeEvent) => setAttributes(l, sel[0], e.detail.attributes as Record<string, unknown>)}
        ></dl-attribute-editor>`
        : nothing
    }
    ${
      one && !l.readonly
        ? html`<div class="convert">
          ${
            one.type === 'binary'
              ? html`<button type="button" @click=${() => convert(l, sel[0], 'polygons')}>${msg('annotationLayer.toPolygons')}</button>
                <button type="button" @click=${() => convert(l, sel[0], 'box')}>${msg('annotationLayer.boxFromMask')}</button>`
              : one.type === 'segment'
                ? html`<button type="button" @click=${() => convert(l, sel[0], 'mask')}>${msg('annotationLayer.toMask')}</button>`
                : nothing
          }
          <button type="button" @click=${() => l.deleteSelection()}>${msg('annotationLayer.delete')}</button>
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
      @scroll=${() => l.requestUpdate()}
      @keydown=${(e: KeyboardEvent) => listKey(l, e, keys)}
    >
      ${keys.length ? nothing : html`<p class="empty">${msg('annotationLayer.noObjects')}</p>`}
      <div style="block-size:${keys.length * ROW}px"></div>
      ${keys.slice(first, last).map((k, j) => {
        const i = first + j;
        const st = l.model.states.get(k)!;
        return html`<div
          id="row-${i}"
          class="row ${l.activeRow === k ? 'active' : ''}"
          role="option"
          aria-selected=${l.selection.has(k)}
          aria-setsize=${keys.length}
          aria-posinset=${i + 1}
          style="inset-block-start:${i * ROW}px"
          @click=${(e: MouseEvent) => {
            l.activeRow = k;
            l.setSelection(e.shiftKey || e.ctrlKey || e.metaKey ? new Set([...l.selection, k]) : [k], true);
          }}
        >
          <span class="swatch" style="background:${l.model.colorOf(st.label)}"></span>
          <span>${st.label}</span>
          <span class="type">${st.type}</span>
        </div>`;
      })}
    </div>
  </aside>`;
}
