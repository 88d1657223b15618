// Test helpers for the assisted tools (browser only): the layer over a viewer showing the
// discs-and-rectangles fixture scene (textured background, known shapes), the scene pixel ↔ client
// point mapping for real input, and the masks of the annotations the tools made.
import '../../workers/register.js';
import '../item-viewer/define.js';
import './define.js';
import { assistFixture, iou, shapeMask } from '../../../test/fixtures/geometry/assist-fixtures.js';
import { isAbortError } from '../../geometry/assist/assist-types.js';
import { base64ToBytes } from '../../geometry/codec/base64.js';
import { getAssist } from '../../workers/shared-assist.js';
import type { DlItemViewer } from '../item-viewer/item-viewer.js';
import { frames, nextEvent } from '../internal/test-utils.js';
import type { DlAnnotationLayer } from './annotation-layer.js';
import { ann, ONTOLOGY } from './layer-test-utils.js';
import type { AnnotationJson } from './model/annotation-json.js';
import { decodeMaskUrl } from './model/mask-raster.js';

export { iou };

/** The scene: 240×180 px, a red disc, a blue rectangle, a yellow disc and a green rectangle. */
export const SCENE = assistFixture.scenes['discs-rects']!;
/** Screen px per image px in the tests (whole pixels: a pixel's centre is a whole client point). */
export const SCALE = 2;
/** Where the image's top-left corner is in the viewer (below the toolbar and the tool options). */
export const ORIGIN = { x: 20, y: 200 };

/** The client point of the centre of image pixel (x, y). */
export function at(x: number, y: number): [number, number] {
  return [ORIGIN.x + SCALE * x + 1, ORIGIN.y + SCALE * y + 1];
}

/** The known shape `name` of the scene as a full-size 0/1 mask. */
export function known(name: string): Uint8Array {
  const sh = SCENE.shapes.find((s) => s.name === name);
  if (!sh) throw new Error(`no shape ${name}`);
  return shapeMask(sh, SCENE.width, SCENE.height);
}

/** Union of full-size masks. */
export function union(...ms: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(ms[0]!.length);
  for (const m of ms) for (let i = 0; i < m.length; i++) if (m[i]) out[i] = 1;
  return out;
}

/** The viewer (showing the scene) with a layer and its toolbar, theme `theme`. */
export async function mountScene(o: { theme?: 'light' | 'dark'; tool?: string; width?: number; height?: number } = {}) {
  const viewer = document.createElement('dl-item-viewer') as DlItemViewer;
  viewer.style.cssText = `position:fixed;left:0;top:0;width:${o.width ?? 540}px;height:${o.height ?? 580}px`;
  viewer.noControls = true;
  const layer = document.createElement('dl-annotation-layer') as DlAnnotationLayer;
  if (o.theme) {
    viewer.setAttribute('theme', o.theme);
    layer.setAttribute('theme', o.theme);
  }
  layer.ontology = ONTOLOGY;
  layer.annotations = [];
  viewer.append(layer);
  viewer.blob = new Blob([base64ToBytes(SCENE.png) as BlobPart], { type: 'image/png' });
  const loaded = nextEvent(viewer, 'dl-item-load');
  document.body.append(viewer);
  await loaded;
  viewer.view = { scale: SCALE, x: ORIGIN.x, y: ORIGIN.y };
  if (o.tool) layer.tool = o.tool as DlAnnotationLayer['tool'];
  await layer.updateComplete;
  await frames(3);
  return { viewer, layer };
}

/** The full-size 0/1 mask of an annotation's JSON: a `binary` PNG's alpha, or a `segment` filled at pixel centres. */
export async function maskOf(a: AnnotationJson): Promise<Uint8Array> {
  const { width, height } = SCENE;
  if (a.type === 'binary') {
    const m = await decodeMaskUrl(a.coordinates as string);
    if (m.width !== width || m.height !== height) throw new Error(`mask is ${m.width}x${m.height}`);
    return m.data;
  }
  if (a.type !== 'segment') throw new Error(`no mask for a ${a.type}`);
  const c = new OffscreenCanvas(width, height);
  const g = c.getContext('2d', { willReadFrequently: true })!;
  // vertices are pixel indices and the pixels under the outline belong to the polygon (OpenCV's
  // drawContours, dtlpy's Segmentation.from_polygon): fill at pixel centres, then the 1-px outline
  g.translate(0.5, 0.5);
  g.beginPath();
  for (const ring of a.coordinates as Array<Array<{ x: number; y: number }>>) {
    ring.forEach((p, i) => (i ? g.lineTo(p.x, p.y) : g.moveTo(p.x, p.y)));
    g.closePath();
  }
  g.fill('evenodd');
  g.lineWidth = 1;
  g.stroke();
  const rgba = g.getImageData(0, 0, width, height).data;
  const out = new Uint8Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = rgba[4 * i + 3]! > 127 ? 1 : 0;
  return out;
}

/** The tool options bar of the layer (null when the active tool has none). */
export function optionsBar(layer: DlAnnotationLayer): HTMLElement | null {
  return layer.shadowRoot!.querySelector<HTMLElement>('.tool-options');
}

/** The option button `value` of option group `name` in the bar. */
export function optionButton(layer: DlAnnotationLayer, name: string, value: string): HTMLButtonElement {
  const b = optionsBar(layer)?.querySelector<HTMLButtonElement>(
    `[data-option="${name}"] button[data-value="${value}"]`,
  );
  if (!b) throw new Error(`no option ${name}=${value}`);
  return b;
}

/** Resolves when `pred()` holds (checked every animation frame), or rejects after `ms`. */
export async function until(pred: () => boolean, ms = 20_000, what = 'condition'): Promise<void> {
  const t0 = performance.now();
  while (!pred()) {
    if (performance.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => requestAnimationFrame(r));
  }
}

/** What the layer's live region says now (not a tool bar's live readout, such as the wand's tolerance). */
export function said(layer: DlAnnotationLayer): string {
  return layer.shadowRoot!.querySelector('[role="status"][aria-live]')!.textContent!.trim();
}

/** The annotation events the layer fired, in order. */
export function events(layer: DlAnnotationLayer) {
  const log: Array<{ type: string; annotation: AnnotationJson }> = [];
  for (const t of ['dl-annotation-create', 'dl-annotation-update', 'dl-annotation-delete'])
    layer.addEventListener(t, (e) => log.push({ type: t, annotation: (e as CustomEvent).detail.annotation }));
  return log;
}

/**
 * Keeps the assist worker busy (GrabCut on a noise image, call after call) until released, so that
 * an action queued behind it is slow. Each call is bounded (a 512² region, two iterations).
 */
export async function holdWorker(): Promise<{ release(): Promise<void> }> {
  const assist = getAssist();
  const n = 512;
  const data = new Uint8Array(n * n * 3);
  let s = 12345;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = s >>> 24;
  }
  // a loader, not pixels: Esc's cancelAll may restart the worker, and the backend then sends it again
  await assist.setImage('hold', () => ({ width: n, height: n, format: 'rgb', data: data.slice() }));
  let released = false;
  const loop = (async () => {
    while (!released)
      await assist
        .grabCut('hold', { rect: { x: 40, y: 40, width: 432, height: 432 }, iterations: 2 }, { lane: null })
        .catch((e: unknown) => {
          if (!isAbortError(e)) throw e;
        });
  })();
  await new Promise((r) => setTimeout(r, 50)); // the first call is in the worker
  return {
    release: async () => {
      released = true;
      await loop;
    },
  };
}

/** Puts one Car box `b1` (image 5,150 to 30,170, clear of the scene's discs) on `layer`, alone: the shape a draft sets aside when it is selected. */
export async function placeCarBox(layer: DlAnnotationLayer): Promise<void> {
  layer.annotations = [
    ann(
      'box',
      'car',
      [
        { x: 5, y: 150, z: 0 },
        { x: 30, y: 170, z: 0 },
      ],
      'b1',
    ),
  ];
  await layer.updateComplete;
}

/**
 * The host shows another item (the scene again, as a new image) and passes its own annotations
 * array on, the very array it gave before: the layer's store does not change (the array is the same).
 */
export async function showAnotherItem(
  viewer: DlItemViewer,
  layer: DlAnnotationLayer,
  annotations: AnnotationJson[],
): Promise<void> {
  const loaded = nextEvent(viewer, 'dl-item-load');
  viewer.blob = new Blob([base64ToBytes(SCENE.png) as BlobPart], { type: 'image/png' });
  await loaded;
  layer.annotations = annotations;
  await layer.updateComplete;
}
