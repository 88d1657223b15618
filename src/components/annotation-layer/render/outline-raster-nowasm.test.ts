// Without WebAssembly (or when its module fails to compile) the outline rasteriser runs its JS loops:
// setRasterWasm(true) resolves false and tiles paint as with it off. (Its own file: a fresh module,
// never instantiated.)
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseShape } from '../../../entities/annotations/shape-coordinates.js';
import {
  newOutlineRaster,
  outlineRasterCount,
  rasterWasmActive,
  releaseOutlineRaster,
  setRasterWasm,
} from './outline-raster.js';
import { paintTileAtOnce, polygonScene } from './render-test-utils.js';
import { TileScene } from './tile-scene.js';

describe('outline raster without WebAssembly', () => {
  afterAll(() => {
    vi.unstubAllGlobals();
  });

  it('falls back to the JS loops where WebAssembly is missing or fails, and paints the same tile', async () => {
    const sc = new TileScene();
    polygonScene(3000, 1024, 1024, 4, 5, 30).forEach((p, i) => sc.set(i, parseShape('segment', [p.ring]), p.color, i));
    await setRasterWasm(false);
    const ref = paintTileAtOnce(sc, -1, 1, 1);

    vi.stubGlobal('WebAssembly', undefined);
    expect(await setRasterWasm(true)).toBe(false);
    expect(rasterWasmActive()).toBe(false);
    const r = newOutlineRaster(64, 64);
    expect(r.wc).toBeFalsy();
    releaseOutlineRaster(r);
    const before = outlineRasterCount();
    const a = paintTileAtOnce(sc, -1, 1, 1);
    expect(outlineRasterCount()).toBeGreaterThan(before);

    // a module that does not compile: the same
    vi.stubGlobal('WebAssembly', { compile: () => Promise.reject(new Error('no')) });
    expect(await setRasterWasm(true)).toBe(false);
    const b = paintTileAtOnce(sc, -1, 1, 1);
    let painted = 0;
    let diff = 0;
    for (let i = 0; i < ref.length; i++) {
      if (ref[i] !== a[i] || ref[i] !== b[i]) diff++;
      if (i % 4 === 3 && ref[i]) painted++;
    }
    expect(painted).toBeGreaterThan(1000);
    expect(diff).toBe(0);

    // WebAssembly back: it loads then
    vi.unstubAllGlobals();
    expect(await setRasterWasm(true)).toBe(true);
    await setRasterWasm(false);
  });
});
