import { afterEach, describe, expect, it } from 'vitest';
import '../../workers/register.js';
import { ann, mountLayer, recordEvents, rectMaskUrl } from './layer-test-utils.js';
import { frames, pointer } from '../internal/test-utils.js';

afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));

async function until(f: () => boolean, ms = 30_000): Promise<void> {
  const t0 = performance.now();
  while (!f()) {
    if (performance.now() - t0 > ms) throw new Error('timed out');
    await frames(1);
  }
}

describe('<dl-annotation-layer> binary masks still decoding', () => {
  it('a click on a mask whose PNG has not decoded yet selects it once decoded; a click beside it does not', { timeout: 60_000 }, async () => {
    const url = await rectMaskUrl(100, 100, 40, 30);
    const { layer } = await mountLayer([]);
    const log = recordEvents(layer, ['dl-selection-change']);
    layer.annotations = [ann('binary', 'car', url, 'm1')];
    // Synchronously after the set: the PNG cannot have decoded.
    expect(layer.model.masks.has('m1')).toBe(false);
    pointer(layer, 'pointerdown', 120, 115);
    pointer(layer, 'pointerup', 120, 115);
    await until(() => layer.model.masks.has("m1")).catch(() => { throw new Error("m1 never decoded"); });
    await until(() => log.length > 0).catch(() => { throw new Error(`no selection; decoding=${layer.model.masksDecoding} masks=${layer.model.masks.size} tool=${layer.tool}`); });
    expect(log[0].detail.selected.map((a: any) => a.id)).toEqual(['m1']);
    expect(layer.selected.map((a) => a.id)).toEqual(['m1']);

    // Same again, clicking outside the mask's pixels (inside the image): nothing gets selected.
    layer.annotations = [ann('binary', 'car', url, 'm2')];
    expect(layer.model.masks.has('m2')).toBe(false);
    pointer(layer, 'pointerdown', 300, 250);
    pointer(layer, 'pointerup', 300, 250);
    await until(() => layer.model.masks.has('m2'));
    await frames(3);
    expect(layer.selected).toEqual([]);
    expect(log.length).toBe(1);
  });
});
