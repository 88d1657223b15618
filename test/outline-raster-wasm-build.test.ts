// The committed WebAssembly of the outline rasteriser (outline-raster-wasm.gen.ts) is what its
// AssemblyScript source (wasm/outline-raster.ts) compiles to: a clean clone needs no compile step,
// and an edit of the source without `npm run build:wasm` fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileOutlineWasm, genSource } from '../scripts/build-wasm.mjs';

describe('outline raster WebAssembly build', () => {
  it('the committed module is the compiled source, byte for byte', async () => {
    const bytes = await compileOutlineWasm();
    expect(bytes.length).toBeGreaterThan(1000);
    const committed = readFileSync(
      new URL('../src/components/annotation-layer/render/outline-raster-wasm.gen.ts', import.meta.url),
      'utf8',
    );
    expect(committed).toBe(genSource(bytes));
  }, 60_000);
});
