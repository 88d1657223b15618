// Node: the dl-kit/vite plugin takes OpenCV.js's embedded WebAssembly out into an asset.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { UserConfig } from 'vite';
import { describe, expect, it } from 'vitest';
import { opencvWasm } from './opencv-wasm.js';

const opencvJs = createRequire(import.meta.url).resolve('@techstark/opencv-js');

type Transform = (this: unknown, code: string, id: string) => { code: string } | null;

describe('opencvWasm()', () => {
  it('emits the WASM as an asset and points the loader at its URL, as an ES module', () => {
    const plugin = opencvWasm();
    expect(plugin.apply).toBe('build');
    const emitted: Array<{ name?: string; source?: Uint8Array }> = [];
    const ctx = {
      emitFile: (f: { name?: string; source?: Uint8Array }) => (emitted.push(f), 'REF1'),
      warn: (m: string) => {
        throw new Error(m);
      },
    };
    const code = readFileSync(opencvJs, 'utf8');
    const out = (plugin.transform as unknown as Transform).call(ctx, code, opencvJs)!;
    expect(emitted).toHaveLength(1);
    expect(emitted[0]!.name).toBe('opencv.wasm');
    expect(Array.from(emitted[0]!.source!.subarray(0, 4))).toEqual([0, 0x61, 0x73, 0x6d]); // "\0asm"
    expect(emitted[0]!.source!.length).toBeGreaterThan(5_000_000);
    expect(out.code).toContain('wasmBinaryFile=import.meta.ROLLUP_FILE_URL_REF1;');
    expect(out.code).not.toContain('data:application/octet-stream;base64,AGFzbQ');
    expect(out.code.length).toBeLessThan(code.length / 5);
    expect(out.code.trimEnd().endsWith('export default module.exports;')).toBe(true);
  });

  it('leaves other modules alone and adds itself to the worker bundles', () => {
    const plugin = opencvWasm();
    expect((plugin.transform as unknown as Transform).call({}, 'x', '/a/b/other.js')).toBeNull();
    const cfg = (plugin.config as (c: UserConfig) => UserConfig)({ worker: { plugins: () => [{ name: 'mine' }] } });
    const names = cfg.worker!.plugins!().map((p) => (p as { name: string }).name);
    expect(names).toEqual(['mine', 'dl-kit:opencv-wasm']);
  });
});
