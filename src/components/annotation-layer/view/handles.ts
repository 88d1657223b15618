// SVG handles of the selected shape: the only per-shape DOM the layer creates. Each handle carries
// its typed id (`.handle`) for the pointer router and its name (`data-handle`) for styling and tests.
import { nothing, svg, type TemplateResult } from 'lit';
import { editableRings } from '../../../geometry/shapes/edit.js';
import { rotateXY } from '../../../geometry/shapes/rotate.js';
import type { DlView } from '../../internal/view.js';
import { BOX_HANDLES, boxHandleUnit, handleName, type HandleId } from '../model/handle-id.js';
import type { LayerStore } from '../model/layer-store.js';

const R = 5;
const MAX_VERTEX_HANDLES = 600;

/** Handles for a single selected shape (none for multi-selection, classifications and masks). */
export function renderHandles(store: LayerStore, v: DlView): TemplateResult | typeof nothing {
  if (store.selection.size !== 1) return nothing;
  const key = [...store.selection][0]!;
  const s = store.shapeOf(key);
  // A locked shape shows its selection outline but no handles: it cannot be reshaped.
  if (!s || store.locked.has(key)) return nothing;
  const sc = (x: number, y: number) => [x * v.scale + v.x, y * v.scale + v.y] as const;
  const out: TemplateResult[] = [];
  const av = store.selection.activeVertex?.key === key ? store.selection.activeVertex : null;
  const square = (h: HandleId, x: number, y: number, cls = '', label = handleName(h)) =>
    svg`<rect class="handle ${cls}" data-handle=${handleName(h)} data-label=${label} .handle=${h} data-key=${key} x=${x - R} y=${y - R} width=${2 * R} height=${2 * R}></rect>`;
  const circle = (h: HandleId, x: number, y: number, cls = '') =>
    svg`<circle class="handle ${cls}" data-handle=${handleName(h)} .handle=${h} data-key=${key} cx=${x} cy=${y} r=${R}></circle>`;
  const knob = (tx: number, ty: number, angle: number) => {
    const [rx, ry] = [tx + Math.sin((angle * Math.PI) / 180) * 24, ty - Math.cos((angle * Math.PI) / 180) * 24];
    out.push(svg`<line x1=${tx} y1=${ty} x2=${rx} y2=${ry} stroke="white" stroke-width="1.5"></line>`);
    out.push(circle({ kind: 'rotate' }, rx, ry, 'rot'));
  };
  if (s.box) {
    const b = s.box;
    const cx = (b.left + b.right) / 2;
    const cy = (b.top + b.bottom) / 2;
    const hw = (b.right - b.left) / 2;
    const hh = (b.bottom - b.top) / 2;
    // The corner Alt+. chose (ring order: nw, ne, se, sw) shows as the active vertex does.
    const corner = av ? (['nw', 'ne', 'se', 'sw'] as const)[av.index] : undefined;
    for (const dir of BOX_HANDLES) {
      const [ux, uy] = boxHandleUnit(dir);
      const [x, y] = rotateXY(cx + ux * hw, cy + uy * hh, cx, cy, b.angle);
      out.push(square({ kind: 'box', dir }, ...sc(x, y), dir === corner ? 'active' : ''));
    }
    if (s.kind === 'box') knob(...sc(...rotateXY(cx, cy - hh, cx, cy, b.angle)), b.angle);
  } else if (s.ellipse) {
    const e = s.ellipse;
    out.push(square({ kind: 'radius', axis: 'x' }, ...sc(...rotateXY(e.x + e.rx, e.y, e.x, e.y, e.angle))));
    out.push(square({ kind: 'radius', axis: 'y' }, ...sc(...rotateXY(e.x, e.y + e.ry, e.x, e.y, e.angle))));
    knob(...sc(...rotateXY(e.x, e.y - e.ry, e.x, e.y, e.angle)), e.angle);
  } else if (s.kind === 'segment' || s.kind === 'polyline' || s.kind === 'cube' || s.kind === 'point') {
    // Every ring of a polygon (outline and holes) gets vertex and edge-midpoint handles.
    const rings = s.rings.slice(0, editableRings(s));
    if (rings.reduce((t, r) => t + r.length / 2, 0) > MAX_VERTEX_HANDLES) return nothing;
    rings.forEach((r, ring) => {
      const n = r.length / 2;
      if (s.kind === 'segment' || s.kind === 'polyline') {
        const m = s.kind === 'segment' ? n : n - 1;
        for (let i = 0; i < m; i++) {
          const j = (i + 1) % n;
          const [x, y] = sc((r[2 * i]! + r[2 * j]!) / 2, (r[2 * i + 1]! + r[2 * j + 1]!) / 2);
          out.push(circle({ kind: 'midpoint', ring, index: i }, x, y, 'mid'));
        }
      }
    });
    rings.forEach((r, ring) => {
      const n = r.length / 2;
      for (let i = 0; i < n; i++) {
        const on = av !== null && av.ring === ring && av.index === i;
        const label = ring ? `hole ${ring} vertex ${i + 1}` : `vertex ${i + 1}`;
        out.push(
          square({ kind: 'vertex', ring, index: i }, ...sc(r[2 * i]!, r[2 * i + 1]!), on ? 'active' : '', label),
        );
      }
    });
  }
  return svg`${out}`;
}
