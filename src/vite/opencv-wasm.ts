// Vite plugin: ship OpenCV.js's WebAssembly as its own file instead of the base64 text inside
// opencv.js. The package embeds the 7.6 MB module as a 10 MB data URL, so every cold start parses a
// 10.8 MB script, decodes the base64 in JS and compiles from an ArrayBuffer. With the module as an
// asset (content-hashed name, cacheable for ever), the script shrinks to ~0.7 MB, the browser
// compiles the WASM while it downloads (`WebAssembly.instantiateStreaming`, which the Emscripten
// loader inside opencv.js already prefers for non-data URLs) and, from the second load on, Chromium
// reuses its cached compiled code. `npm run bench -- assist` measures both ways.
import type { Plugin, UserConfig } from 'vite';

/** The package's opencv.js, whichever way it was resolved. */
const OPENCV_JS = /[\\/]@techstark[\\/]opencv-js[\\/]dist[\\/]opencv\.js$/;

/** The Emscripten lines that set the WASM location: the data URL, then locateFile for non-data URLs. */
const WASM_URL =
  /wasmBinaryFile="data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)";if\(!isDataURI\(wasmBinaryFile\)\)\{wasmBinaryFile=locateFile\(wasmBinaryFile\)\}/;

function plugin(): Plugin {
  return {
    name: 'dl-kit:opencv-wasm',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!OPENCV_JS.test(id.split('?')[0]!)) return null;
      const m = WASM_URL.exec(code);
      if (!m) {
        this.warn('opencv.js does not embed its WASM the expected way: it stays inline');
        return null;
      }
      const ref = this.emitFile({ type: 'asset', name: 'opencv.wasm', source: Buffer.from(m[1]!, 'base64') });
      const body = `${code.slice(0, m.index)}wasmBinaryFile=import.meta.ROLLUP_FILE_URL_${ref};${code.slice(m.index + m[0].length)}`;
      // The file is a UMD script; as an ES module (the asset URL needs import.meta) it gets its own
      // `module` object and exports what it assigned to it.
      return {
        code: `var module={exports:{}};var exports=module.exports;\n${body}\nexport default module.exports;\n`,
        map: null,
      };
    },
  };
}

/**
 * Vite plugin for apps that bundle dl-kit: the geometry worker's OpenCV.js loads its WebAssembly as a
 * separate, cacheable `opencv-<hash>.wasm` asset with streaming compilation instead of decoding it from
 * base64 inside a 10.8 MB script. Build only (the dev server keeps the package as it is). Serve
 * `.wasm` as `application/wasm` (Vite's preview and most servers do) or the browser falls back to the
 * slower ArrayBuffer compile. Adds itself to the worker bundles too.
 *
 * @example
 * // vite.config.ts
 * import { opencvWasm } from 'dl-kit/vite';
 * export default defineConfig({ plugins: [opencvWasm()], worker: { format: 'es' } });
 */
export function opencvWasm(): Plugin {
  const main = plugin();
  return {
    ...main,
    config(config: UserConfig) {
      const prev = config.worker?.plugins;
      return { worker: { plugins: () => [...(prev ? prev() : []), plugin()] } };
    },
  };
}
