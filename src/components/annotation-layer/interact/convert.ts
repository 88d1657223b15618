// Shape conversions of the side panel, on the geometry backend (the OpenCV worker in browsers): a mask
// to its polygons or to boxes, a polygon to a mask. The results are new annotations with the source's
// label (which becomes the active label), made in one undo step that says what it was ("Undone:
// convert Car mask to 3 polygons"); the source stays.
import { boxCoordinates, ringsCoordinates } from '../../../entities/annotations/shape-coordinates.js';
import { getGeometryBackend } from '../../../entities/geometry-backend.js';
import { msg } from '../../strings.js';
import { hexToRgb } from '../../internal/label-colors.js';
import { MaskRaster } from '../model/mask-raster.js';
import type { ToolContext } from './tool.js';

/** What a conversion needs besides a tool's context. */
export interface ConvertContext extends ToolContext {
  setLabel(label: string): void;
  /** Shows (0..1) or hides (null) the progress bar. */
  setProgress(progress: number | null): void;
}

/** The conversions the panel offers. */
export type Conversion = 'polygons' | 'box' | 'mask';

/** Converts annotation `key`; announces how many annotations it made, or why it failed. */
export async function convert(ctx: ConvertContext, key: string, kind: Conversion): Promise<void> {
  const { store, commit } = ctx;
  const a = store.json(key)!;
  ctx.setProgress(0);
  try {
    const backend = getGeometryBackend();
    // the source's key: undoing the conversion selects it again (the step's own changes are the results)
    const action = { kind: 'convert', from: a, key } as const;
    let created = 0;
    if (kind === 'mask') {
      const s = store.shapes.get(key)!;
      const pts = [];
      for (let i = 0; i < s.rings[0]!.length; i += 2) pts.push({ x: s.rings[0]![i]!, y: s.rings[0]![i + 1]! });
      const mask = await backend.maskFromPolygon(pts, store.shapes.itemHeight, store.shapes.itemWidth);
      const rgb = store.shapes.colorOf(a.label);
      const url = await backend.encodeSegmentation(mask, hexToRgb(rgb));
      const nk = store.annotations.newKey();
      store.shapes.setMask(nk, url, MaskRaster.fromMask(mask, rgb));
      ctx.setLabel(a.label);
      created = commit.createMany([{ type: 'binary', coordinates: url, key: nk }], action).length;
    } else {
      const m = store.shapes.masks.get(key)?.raster;
      if (!m) throw new Error('the mask is not decoded yet');
      const mask = m.toMask();
      ctx.setLabel(a.label);
      if (kind === 'polygons') {
        const polys = await backend.polygonsFromSegmentation(mask, { maxInstances: null });
        const items = polys.map((p) => ({ type: 'segment', coordinates: ringsCoordinates([p[0]!]) }));
        created = commit.createMany(items, action).length;
      } else {
        const boxes = await backend.boxesFromSegmentation(mask);
        const items = boxes.map((b) => ({ type: 'box', coordinates: boxCoordinates({ ...b, angle: 0 }) }));
        created = commit.createMany(items, action).length;
      }
    }
    ctx.announce(msg('annotationLayer.converted', { count: created }));
  } catch (e) {
    ctx.announce(msg('annotationLayer.conversionFailed', { message: (e as Error).message }));
  } finally {
    ctx.setProgress(null);
  }
}
