// SVG handles of the selected shape: the only per-shape DOM the layer creates.
import { nothing, type svg as svgTag, type TemplateResult } from 'lit';
import { rotatePoint } from '../internal/shape.js';
import { BOX_HANDLES, boxHandleUnit, editableRings, ringHandle } from './shape-edits.js';
import type { DlAnnotationLayer } from './annotation-layer.js';

const R = 5;
const MAX_VERTEX_HANDLES = 600;

/** Handles for a single selected shape (none for multi-selection, classifications and masks). */
export function renderHandles(l: DlAnnotationLayer, svg: typeof svgTag): TemplateResult | typeof nothing {
  if (l.selection.size !== 1) return nothing;
  const key = [...l.selection][0];
  const s = l.edit.shapeOf(key);
  if (!s) return nothing;
  const v = l.view;
  const sc = (x: number, y: number) => [x * v.scale + v.x, y * v.scale + v.y] as const;
  const out: TemplateResult[] = [];
  const av = l.edit.activeVertex?.key === key ? l.edit.activeVertex : null;
  const square = (h: string, x: number, y: number, cls = '', label = h) =>
    svg`<rect class="handle ${cls}" data-handle=${h} data-key=${key} x=${x - R} y=${y - R} width=${2 * R} height=${2 * R} aria-label=${label}></rect>`;
  const circle = (h: string, x: number, y: number, cls = '') =>
    svg`<circle class="handle ${cls}" data-handle=${h} data-key=${key} cx=${x} cy=${y} r=${R}></circle>`;
  if (s.box) {
    const b = s.box;
    const cx = (b.left + b.right) / 2;
    const cy = (b.top + b.bottom) / 2;
    const hw = (b.right - b.left) / 2;
    const hh = (b.bottom - b.top) / 2;
    for (const h of BOX_HANDLES) {
      const [ux, uy] = boxHandleUnit(h);
      const [x, y] = rotatePoint(cx + ux * hw, cy + uy * hh, cx, cy, b.angle);
      out.push(square(h, ...sc(x, y)));
    }
    if (s.kind === 'box') {
      const [tx, ty] = sc(...rotatePoint(cx, cy - hh, cx, cy, b.angle));
      const [rx, ry] = [tx + Math.sin((b.angle * Math.PI) / 180) * 24, ty - Math.cos((b.angle * Math.PI) / 180) * 24];
      out.push(svg`<line x1=${tx} y1=${ty} x2=${rx} y2=${ry} stroke="white" stroke-width="1.5"></line>`);
      out.push(circle('rot', rx, ry, 'rot'));
    }
  } else if (s.ellipse) {
    const e = s.ellipse;
    out.push(square('rx', ...sc(...rotatePoint(e.cx + e.rx, e.cy, e.cx, e.cy, e.angle))));
    out.push(square('ry', ...sc(...rotatePoint(e.cx, e.cy + e.ry, e.cx, e.cy, e.angle))));
    const [tx, ty] = sc(...rotatePoint(e.cx, e.cy - e.ry, e.cx, e.cy, e.angle));
    const [rx, ry] = [tx + Math.sin((e.angle * Math.PI) / 180) * 24, ty - Math.cos((e.angle * Math.PI) / 180) * 24];
    out.push(svg`<line x1=${tx} y1=${ty} x2=${rx} y2=${ry} stroke="white" stroke-width="1.5"></line>`);
    out.push(circle('rot', rx, ry, 'rot'));
  } else if (s.kind === 'segment' || s.kind === 'polyline' || s.kind === 'cube' || s.kind === 'point') {
    // Every ring of a polygon (outline and holes) gets vertex and edge-midpoint handles.
    const rings = s.rings.slice(0, editableRings(s));
    if (rings.reduce((t, r) => t + r.length / 2, 0) > MAX_VERTEX_HANDLES) return nothing;
    rings.forEach((r, ri) => {
      const n = r.length / 2;
      if (s.kind === 'segment' || s.kind === 'polyline') {
        const m = s.kind === 'segment' ? n : n - 1;
        for (let i = 0; i < m; i++) {
          const j = (i + 1) % n;
          const [x, y] = sc((r[2 * i] + r[2 * j]) / 2, (r[2 * i + 1] + r[2 * j + 1]) / 2);
          out.push(circle(ringHandle('m', ri, i), x, y, 'mid'));
        }
      }
    });
    rings.forEach((r, ri) => {
      const n = r.length / 2;
      for (let i = 0; i < n; i++) {
        const on = av !== null && av.ring === ri && av.index === i;
        const label = ri ? `hole ${ri} vertex ${i + 1}` : `vertex ${i + 1}`;
        out.push(square(ringHandle('v', ri, i), ...sc(r[2 * i], r[2 * i + 1]), on ? 'active' : '', label));
      }
    });
  }
  return svg`${out}`;
}
