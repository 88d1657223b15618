// dtlpy rendering of annotations to MASK (RGBA), INSTANCE and OBJECT_ID canvases (spec §3.6), with
// OpenCV's own drawing functions so that pixels (anti-aliased boxes and points included) match the SDK.
import type { XY } from '../../entities/geometry-backend.js';
import { roundHalfEven } from '../../entities/rounding.js';
import { decodeSegmentationPng } from '../codec/segmentation-codec.js';
import { DlGeometryError } from '../errors.js';
import type { OpenCv } from '../opencv/load-opencv.js';
import { drawsTextLabel, drawTextLabel } from './render-text.js';

/** The annotation JSON fields rendering reads (Dataloop platform format, spec §1.3). */
export interface RenderableAnnotation {
  type: string;
  label?: string;
  coordinates?: unknown;
  metadata?: { system?: { objectId?: unknown; attributes?: unknown } | null } | null;
}

/** Options of {@link renderAnnotations} (SDK `ViewAnnotationOptions` + `show()` arguments). */
export interface RenderOptions {
  /** Canvas kind: RGBA `mask`, 8-bit `instance` (label ids) or `object_id`. */
  kind: 'mask' | 'instance' | 'object_id';
  width: number;
  height: number;
  /** Label -> RGB; `$default` is the MASK background (alpha 255). Missing labels draw white. */
  colorMap?: Record<string, readonly number[]>;
  /** Label -> id; `$default` is the INSTANCE/OBJECT_ID background. Unknown labels draw 1. */
  instanceMap?: Record<string, number>;
  /** Line thickness for every shape; `null`/absent = each type's SDK default (box 2, point 5, ...). */
  thickness?: number | null;
  /** Opacity of MASK drawing, 0..1 (SDK `alpha`). @default 1 */
  alpha?: number;
}

type Color = number[];

function num(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new DlGeometryError('invalid-vertex', `${path}: expected a finite number, got ${String(v)}`);
  return v;
}

function pt(v: unknown, path: string): XY {
  const o = v as { x?: unknown; y?: unknown } | null;
  if (!o || typeof o !== 'object') throw new DlGeometryError('invalid-argument', `${path}: expected {x, y}`);
  return { x: num(o.x, `${path}.x`), y: num(o.y, `${path}.y`) };
}

const r = roundHalfEven;

/**
 * Renders annotations the way dtlpy's `AnnotationCollection.show` does: `binary` annotations first,
 * then the others, each group in the given order (sort the collection as the SDK does before calling:
 * by label for images). Returns the canvas as a Mask-shaped object with `channels` 4 (RGBA) or 1.
 * `text_mark` and `ref_image` draw their text label as the SDK's definitions do (see {@link drawTextLabel});
 * the optional `with_text` labels of other types are not drawn; `cube_3d`, `class`, `pose`, ... draw nothing.
 *
 * @example
 * const canvas = renderAnnotations(cv, json.annotations, { kind: 'instance', width, height, instanceMap });
 */
export function renderAnnotations(
  cv: OpenCv,
  annotations: readonly RenderableAnnotation[],
  options: RenderOptions,
): { width: number; height: number; channels: 1 | 4; data: Uint8Array } {
  const { kind, width, height } = options;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new DlGeometryError(
      'invalid-argument',
      `render: width and height must be positive integers, got ${width}x${height}`,
    );
  }
  if (kind !== 'mask' && kind !== 'instance' && kind !== 'object_id')
    throw new DlGeometryError('invalid-argument', `render: unknown kind "${String(kind)}"`);
  const channels = kind === 'mask' ? 4 : 1;
  const alpha = options.alpha ?? 1;
  const alphaByte = Math.trunc(alpha * 255);
  let bg: Color;
  if (kind === 'mask') {
    const d = options.colorMap?.['$default'];
    bg = d ? [d[0]!, d[1]!, d[2]!, 255] : [0, 0, 0, 0];
  } else bg = [options.instanceMap?.['$default'] ?? 0, 0, 0, 0];
  const img = new cv.Mat(
    height,
    width,
    channels === 4 ? cv.CV_8UC4 : cv.CV_8UC1,
    new cv.Scalar(bg[0], bg[1], bg[2], bg[3]),
  );
  try {
    const ordered = [
      ...annotations.filter((a) => a?.type === 'binary'),
      ...annotations.filter((a) => a?.type !== 'binary'),
    ];
    ordered.forEach((a, i) => {
      const color = colorOf(a, options, kind, alphaByte, i);
      // The SDK picks the colour first (an object_id render still needs the objectId), then a text
      // definition draws its fixed red label straight onto the canvas, never blended.
      if (drawsTextLabel(a.type)) drawTextLabel(cv, img, a);
      else if (kind === 'mask' && alphaByte !== 255 && a.type !== 'binary') {
        // Not img.clone(): in OpenCV.js 4.12 clone() shares the pixel buffer (same data pointer).
        const overlay = new cv.Mat();
        img.copyTo(overlay);
        try {
          drawOne(cv, overlay, a, color, options.thickness ?? null, channels, i);
          const blended = new cv.Mat();
          try {
            cv.addWeighted(overlay, alpha, img, 1 - alpha, 0, blended);
            blended.copyTo(img);
          } finally {
            blended.delete();
          }
        } finally {
          overlay.delete();
        }
      } else drawOne(cv, img, a, color, options.thickness ?? null, channels, i);
    });
    return { width, height, channels, data: new Uint8Array(img.data) };
  } finally {
    img.delete();
  }
}

function colorOf(
  a: RenderableAnnotation,
  o: RenderOptions,
  kind: RenderOptions['kind'],
  alphaByte: number,
  i: number,
): Color {
  if (kind === 'mask') {
    const c = (a.label !== undefined ? o.colorMap?.[a.label] : undefined) ?? [255, 255, 255];
    return [c[0]!, c[1]!, c[2]!, alphaByte];
  }
  if (kind === 'instance') {
    const v = a.label !== undefined ? o.instanceMap?.[a.label] : undefined;
    return [v ?? 1, 0, 0, 0];
  }
  const id = a.metadata?.system?.objectId;
  const n =
    typeof id === 'number' ? id : typeof id === 'string' && /^\s*[-+]?\d+\s*$/.test(id) ? Number.parseInt(id, 10) : NaN;
  if (!Number.isFinite(n))
    throw new DlGeometryError(
      'invalid-argument',
      `annotations[${i}].metadata.system.objectId: object_id rendering needs an integer objectId, got ${String(id)}`,
    );
  return [n, 0, 0, 0];
}

function scalar(cv: OpenCv, c: Color) {
  return new cv.Scalar(c[0]!, c[1]!, c[2]!, c[3]!);
}

function withContours(cv: OpenCv, rings: number[][], f: (vec: InstanceType<OpenCv['MatVector']>) => void): void {
  const vec = new cv.MatVector();
  const mats = rings.map((ints) => cv.matFromArray(ints.length / 2, 1, cv.CV_32SC2, ints));
  try {
    for (const m of mats) vec.push_back(m);
    f(vec);
  } finally {
    for (const m of mats) m.delete();
    vec.delete();
  }
}

/** Ring 0 of polygon/polyline coordinates as rounded flat ints (how the SDK draws them). */
function firstRingRounded(c: unknown, path: string): number[] {
  const ring0 = (c as unknown[][])?.[0];
  if (!Array.isArray(ring0)) throw new DlGeometryError('invalid-argument', `${path}: expected [[{x, y}, ...]]`);
  return ring0.flatMap((p, k) => {
    const q = pt(p, `${path}[0][${k}]`);
    return [r(q.x), r(q.y)];
  });
}

function drawOne(
  cv: OpenCv,
  img: InstanceType<OpenCv['Mat']>,
  a: RenderableAnnotation,
  color: Color,
  thickness: number | null,
  channels: number,
  i: number,
): void {
  const path = `annotations[${i}].coordinates`;
  const c = a.coordinates as unknown;
  const col = scalar(cv, color);
  switch (a.type) {
    case 'box':
    case 'note': {
      const pts = (a.type === 'note' ? (c as { box?: unknown })?.box : c) as unknown[];
      if (!Array.isArray(pts) || pts.length < 2)
        throw new DlGeometryError('invalid-argument', `${path}: a box needs two points`);
      const p1 = pt(pts[0], `${path}[0]`);
      const p2 = pt(pts[1], `${path}[1]`);
      const L = Math.min(p1.x, p2.x),
        T = Math.min(p1.y, p2.y),
        R = Math.max(p1.x, p2.x),
        B = Math.max(p1.y, p2.y);
      const ring = [r(L), r(T), r(L), r(B), r(R), r(B), r(R), r(T)];
      withContours(cv, [ring], (v) => cv.drawContours(img, v, -1, col, thickness ?? 2, cv.LINE_AA));
      return;
    }
    case 'segment': {
      const ints = firstRingRounded(c, path);
      if (!ints.length) return;
      withContours(cv, [ints], (v) => cv.drawContours(img, v, -1, col, thickness ?? 2, cv.LINE_8));
      return;
    }
    case 'polyline': {
      const ints = firstRingRounded(c, path);
      if (!ints.length) return;
      const t = thickness == null || thickness === -1 ? 2 : thickness;
      withContours(cv, [ints], (v) => cv.polylines(img, v, false, col, t, cv.LINE_8));
      return;
    }
    case 'point': {
      const q = pt(c, path);
      const t = thickness == null || thickness === -1 ? 5 : thickness;
      cv.circle(img, new cv.Point(r(q.x), r(q.y)), t, col, t, cv.LINE_AA);
      return;
    }
    case 'ellipse': {
      const e = c as { center?: unknown; rx?: unknown; ry?: unknown; angle?: unknown };
      const q = pt(e?.center, `${path}.center`);
      const rx = num(e.rx, `${path}.rx`),
        ry = num(e.ry, `${path}.ry`);
      const ang = e.angle == null ? 0 : num(e.angle, `${path}.angle`);
      cv.ellipse(
        img,
        new cv.Point(r(q.x), r(q.y)),
        new cv.Size(r(rx), r(ry)),
        ang,
        0,
        360,
        col,
        thickness ?? 2,
        cv.LINE_8,
      );
      return;
    }
    case 'cube': {
      const k = c as Record<string, unknown>;
      const g = (name: string) => {
        const q = pt(k?.[name], `${path}.${name}`);
        return [r(q.x), r(q.y)];
      };
      const t = thickness ?? 2;
      if (t < 0)
        throw new DlGeometryError(
          'invalid-argument',
          `annotations[${i}]: a cube cannot be drawn filled (thickness ${t}); the SDK's cv2.polylines fails too`,
        );
      const front = [...g('front_bl'), ...g('front_br'), ...g('front_tr'), ...g('front_tl')];
      const back = [...g('back_bl'), ...g('back_br'), ...g('back_tr'), ...g('back_tl')];
      withContours(cv, [front, back], (v) => cv.polylines(img, v, true, col, t, cv.LINE_8));
      for (const n of ['bl', 'br', 'tr', 'tl']) {
        const [x1, y1] = g(`front_${n}`);
        const [x2, y2] = g(`back_${n}`);
        cv.line(img, new cv.Point(x1!, y1!), new cv.Point(x2!, y2!), col, t, cv.LINE_8);
      }
      return;
    }
    case 'binary': {
      const url = typeof c === 'string' ? c : (c as { data?: unknown })?.data;
      const { mask } = decodeSegmentationPng(url as string);
      if (mask.width !== img.cols || mask.height !== img.rows) {
        throw new DlGeometryError(
          'invalid-argument',
          `${path}: mask is ${mask.width}x${mask.height}, the canvas ${img.cols}x${img.rows}`,
        );
      }
      const d = img.data;
      const m = mask.data;
      for (let p = 0; p < m.length; p++) {
        if (!m[p]) continue;
        if (channels === 4) {
          d[p * 4] = color[0]!;
          d[p * 4 + 1] = color[1]!;
          d[p * 4 + 2] = color[2]!;
          d[p * 4 + 3] = color[3]!;
        } else d[p] = color[0]!;
      }
      return;
    }
    default:
      return; // class, pose, comparison, cube_3d, text types: nothing drawn
  }
}
