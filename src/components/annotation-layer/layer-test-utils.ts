// Test helpers for <dl-annotation-layer> (browser only).
import '../item-viewer/define.js';
import './define.js';
import type { DlItemViewer } from '../item-viewer/item-viewer.js';
import type { DlAnnotationLayer } from './annotation-layer.js';
import type { AnnotationJson } from './model/annotation-json.js';
import { frames, nextEvent, pngBlob } from '../internal/test-utils.js';

/** An ontology with three coloured labels and one v2 attribute. */
export const ONTOLOGY = {
  roots: [
    { value: { tag: 'car', displayLabel: 'Car', color: '#ff0000', attributes: [] }, children: [] },
    { value: { tag: 'person', displayLabel: 'Person', color: '#00ff00', attributes: [] }, children: [] },
    { value: { tag: 'sign', displayLabel: 'Sign', color: '#0000ff', attributes: [] }, children: [] },
  ],
  metadata: { attributes: [{ key: 'occluded', title: 'Occluded', type: 'boolean', scope: ['*'] }] },
};

/** A platform-like annotation. */
export function ann(
  type: string,
  label: string,
  coordinates: unknown,
  id: string,
  extra: Partial<AnnotationJson> = {},
): AnnotationJson {
  const a: AnnotationJson = {
    id,
    type,
    label,
    creator: 'a@b.c',
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedBy: 'a@b.c',
    updatedAt: '2024-01-01T00:00:00.000Z',
    attributes: [],
    metadata: { system: { attributes: {}, status: null, unknownKey: 7 } },
    source: 'ui',
    ...extra,
  };
  if (coordinates !== undefined) a.coordinates = coordinates;
  return a;
}

/** A car box from (20, 20) to (120, 80), the one-shape fixture of many layer tests. */
export function carBox(id = 'b1'): AnnotationJson {
  return ann(
    'box',
    'car',
    [
      { x: 20, y: 20, z: 0 },
      { x: 120, y: 80, z: 0 },
    ],
    id,
  );
}

/** Viewer (image `iw`×`ih` of flat grey) + layer in a `w`×`h` box at the top-left of the page, view 1:1 at 0,0. */
export async function mountLayer(
  annotations: AnnotationJson[] | unknown,
  opts: {
    iw?: number;
    ih?: number;
    w?: number;
    h?: number;
    theme?: string;
    /** Show the toolbar (hidden by default). */
    toolbar?: boolean;
    panel?: boolean;
    /** The `autofocus` attribute: the layer takes the keyboard when the item loads. */
    autofocus?: boolean;
    /** The view after load (default 1:1 at the top-left). */
    view?: { scale: number; x: number; y: number };
  } = {},
) {
  const { iw = 400, ih = 300, w = 400, h = 300 } = opts;
  const viewer = document.createElement('dl-item-viewer') as DlItemViewer;
  viewer.style.cssText = `position:fixed;left:0;top:0;width:${w}px;height:${h}px`;
  viewer.noControls = true;
  if (opts.theme) viewer.setAttribute('theme', opts.theme);
  const layer = document.createElement('dl-annotation-layer') as DlAnnotationLayer;
  if (opts.theme) layer.setAttribute('theme', opts.theme);
  layer.noToolbar = !opts.toolbar;
  layer.panel = !!opts.panel;
  if (opts.autofocus) layer.setAttribute('autofocus', '');
  layer.ontology = ONTOLOGY;
  layer.annotations = annotations as AnnotationJson[];
  viewer.append(layer);
  viewer.blob = await pngBlob(iw, ih, (ctx) => {
    ctx.fillStyle = '#808080';
    ctx.fillRect(0, 0, iw, ih);
  });
  const loaded = nextEvent(viewer, 'dl-item-load');
  document.body.append(viewer);
  await loaded;
  viewer.view = opts.view ?? { scale: 1, x: 0, y: 0 };
  await layer.updateComplete;
  await frames(3);
  return { viewer, layer };
}

/** RGBA of the layer canvas at CSS pixel (x, y); with `near`, the most opaque pixel within ±near px. */
export function layerPixel(layer: DlAnnotationLayer, x: number, y: number, near = 0): number[] {
  layer.drawNow();
  const d = devicePixelRatio;
  const n = 2 * near + 1;
  // The tile plane (as composited by the renderer) below, the live overlay canvas above (the overlay wins where painted).
  const at = (c: HTMLCanvasElement) =>
    c.getContext('2d')!.getImageData(Math.floor((x - near) * d), Math.floor((y - near) * d), n, n).data;
  const base = at(layer.renderer.snapshot());
  const live = at(layer.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.live')!);
  const data = new Uint8ClampedArray(base.length);
  for (let i = 0; i < data.length; i += 4) data.set((live[i + 3] ? live : base).subarray(i, i + 4), i);
  let best = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i + 3] > data[best + 3]) best = i;
  return [...data.slice(best, best + 4)];
}

/** Collects `dl-*` events fired on `el`. */
export function recordEvents(
  el: EventTarget,
  types = ['dl-annotation-create', 'dl-annotation-update', 'dl-annotation-delete', 'dl-selection-change'],
) {
  const log: Array<{ type: string; detail: any }> = [];
  for (const t of types) el.addEventListener(t, (e) => log.push({ type: t, detail: (e as CustomEvent).detail }));
  return log;
}

/** A 400x300 PNG data URL, red inside the rectangle (and the `more` ones) and transparent elsewhere (a binary mask). */
export async function rectMaskUrl(
  x: number,
  y: number,
  w: number,
  h: number,
  ...more: [number, number, number, number][]
): Promise<string> {
  const c = new OffscreenCanvas(400, 300);
  const ctx = c.getContext('2d')!;
  ctx.fillStyle = '#ff0000';
  for (const r of [[x, y, w, h] as const, ...more]) ctx.fillRect(...r);
  const b = await c.convertToBlob({ type: 'image/png' });
  return new Promise((res) => {
    const r = new FileReader();
    r.onload = () => res(r.result as string);
    r.readAsDataURL(b);
  });
}

/** The layer's SVG handle named `name` (`v:0`, `m:1:2`, `rotate`...); throws when absent. */
export function handle(l: DlAnnotationLayer, name: string): Element {
  const h = l.shadowRoot!.querySelector(`[data-handle="${name}"]`);
  if (!h) throw new Error(`no handle ${name}`);
  return h;
}

/** Client coordinates of the centre of `el`. */
export function centre(el: Element): [number, number] {
  const r = el.getBoundingClientRect();
  return [r.left + r.width / 2, r.top + r.height / 2];
}
