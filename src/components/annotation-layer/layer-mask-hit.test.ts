import { afterEach, describe, expect, it } from 'vitest';
import '../../workers/register.js';
import { ann, mountLayer, recordEvents, rectMaskUrl } from './layer-test-utils.js';
import { frames, realClick } from '../internal/test-utils.js';
import { getGeometryBackend, setGeometryBackend, type GeometryBackend } from '../../entities/geometry-backend.js';

afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));

/**
 * Holds every mask decode of the (real, worker) geometry backend until `release()`: a real click
 * travels through the browser's input pipeline, so without the hold a fast decode could finish first.
 */
function holdDecodes() {
  const real = getGeometryBackend();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const held: GeometryBackend = Object.assign(Object.create(real) as GeometryBackend, {
    decodeSegmentation: async (...a: Parameters<GeometryBackend['decodeSegmentation']>) => (
      await gate, real.decodeSegmentation(...a)
    ),
  });
  setGeometryBackend(held);
  return { release, restore: () => setGeometryBackend(real) };
}

async function until(f: () => boolean, ms = 30_000): Promise<void> {
  const t0 = performance.now();
  while (!f()) {
    if (performance.now() - t0 > ms) throw new Error('timed out');
    await frames(1);
  }
}

describe('<dl-annotation-layer> binary masks still decoding', () => {
  it('a click on a mask whose PNG has not decoded yet selects it once decoded; a click beside it does not', {
    timeout: 60_000,
  }, async () => {
    const url = await rectMaskUrl(100, 100, 40, 30);
    const { layer } = await mountLayer([]);
    const log = recordEvents(layer, ['dl-selection-change']);
    const decodingAtDown: boolean[] = [];
    layer.addEventListener('pointerdown', () => decodingAtDown.push(layer.store.shapes.masksDecoding), {
      capture: true,
    });
    let hold = holdDecodes();
    layer.annotations = [ann('binary', 'car', url, 'm1')];
    // Synchronously after the set: the PNG cannot have decoded.
    expect(layer.store.shapes.masks.has('m1')).toBe(false);
    await realClick(120, 115);
    expect(decodingAtDown).toEqual([true]);
    hold.release();
    hold.restore();
    await until(() => layer.store.shapes.masks.has('m1')).catch(() => {
      throw new Error('m1 never decoded');
    });
    await until(() => log.length > 0).catch(() => {
      throw new Error(
        `no selection; decoding=${layer.store.shapes.masksDecoding} masks=${layer.store.shapes.masks.size} tool=${layer.tool}`,
      );
    });
    expect(log[0].detail.selected.map((a: any) => a.id)).toEqual(['m1']);
    expect(layer.selected.map((a) => a.id)).toEqual(['m1']);

    // Same again, clicking outside the mask's pixels (inside the image): nothing gets selected.
    hold = holdDecodes();
    layer.annotations = [ann('binary', 'car', url, 'm2')];
    expect(layer.store.shapes.masks.has('m2')).toBe(false);
    await realClick(300, 250);
    expect(decodingAtDown).toEqual([true, true]);
    hold.release();
    hold.restore();
    await until(() => layer.store.shapes.masks.has('m2'));
    await frames(3);
    expect(layer.selected).toEqual([]);
    expect(log.length).toBe(1);
  });
});
