// A browser whose WebAssembly lacks SIMD rejects the rasteriser's module at compile (the module uses
// f64x2 lanes): the real WebAssembly is there, only its compile fails. The loader's catch must then
// run the JS raster — same bytes — say nothing to the page, and try again on the next call. (Its own
// file: a fresh module whose WebAssembly module was never compiled, as on such a browser.)
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseShape } from '../../../entities/annotations/shape-coordinates.js';
import { newOutlineRaster, rasterWasmActive, releaseOutlineRaster, setRasterWasm } from './outline-raster.js';
import { paintTileAtOnce, polygonScene } from './render-test-utils.js';
import { TileScene } from './tile-scene.js';

describe('outline raster when the WebAssembly module fails to compile (no SIMD)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('takes the JS raster with the same bytes, reports no error to the page, and compiles again later', async () => {
    const sc = new TileScene();
    polygonScene(3000, 1024, 1024, 4, 5, 30).forEach((p, i) => sc.set(i, parseShape('segment', [p.ring]), p.color, i));
    await setRasterWasm(false);
    const ref = paintTileAtOnce(sc, -1, 1, 1);

    const pageErrors: string[] = [];
    const onError = (e: ErrorEvent) => pageErrors.push(`error: ${e.message}`);
    const onRejection = (e: PromiseRejectionEvent) => pageErrors.push(`unhandledrejection: ${String(e.reason)}`);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    const consoleError = vi.spyOn(console, 'error');
    const consoleWarn = vi.spyOn(console, 'warn');
    const compile = vi
      .spyOn(WebAssembly, 'compile')
      .mockRejectedValueOnce(new WebAssembly.CompileError('WebAssembly.compile(): invalid simd opcode'));
    try {
      expect(await setRasterWasm(true)).toBe(false);
      expect(compile).toHaveBeenCalledTimes(1);
      expect(rasterWasmActive()).toBe(false);
      const r = newOutlineRaster(64, 64);
      expect(r.wc).toBeFalsy();
      releaseOutlineRaster(r);
      const fallback = paintTileAtOnce(sc, -1, 1, 1);
      // a turn for any unhandled rejection or error event to reach the page
      await new Promise((res) => setTimeout(res, 50));
      expect(pageErrors).toEqual([]);
      expect(consoleError).not.toHaveBeenCalled();
      expect(consoleWarn).not.toHaveBeenCalled();

      // the failure is not remembered: the next call compiles again (the real compile now) and runs
      expect(await setRasterWasm(true)).toBe(true);
      expect(compile).toHaveBeenCalledTimes(2);
      expect(rasterWasmActive()).toBe(true);
      const wasm = paintTileAtOnce(sc, -1, 1, 1);

      let painted = 0;
      let diff = 0;
      for (let i = 0; i < ref.length; i++) {
        if (ref[i] !== fallback[i] || ref[i] !== wasm[i]) diff++;
        if (i % 4 === 3 && ref[i]) painted++;
      }
      expect(painted).toBeGreaterThan(1000);
      expect(diff).toBe(0);
    } finally {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
      await setRasterWasm(false);
    }
  });
});
