import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { opencvWasm } from '../src/vite/opencv-wasm.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The demo app's build: `vite build -c demo/vite.config.ts` writes `dist-demo/`. The app imports
 * only the package's public entry points; here they point at the sources so the demo needs no
 * prior library build.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: false,
  plugins: [
    // the geometry worker's OpenCV WebAssembly as a cacheable asset, compiled while it streams
    opencvWasm(),
    {
      // The demo's own screens register custom elements when imported (`import './x.js'`), and
      // demo/ sits inside the package whose `sideEffects` list names only the library's modules
      // (define, *-strings, theme, register): keep the demo's modules. The library's side-effect
      // modules need nothing here.
      name: 'demo-side-effects',
      transform(code, id) {
        const file = id.split('?')[0]!;
        if (file.startsWith(here('./src/'))) return { code, map: null, moduleSideEffects: true };
        return undefined;
      },
    },
  ],
  resolve: {
    alias: [
      { find: /^dl-kit\/components$/, replacement: here('../src/components/index.ts') },
      { find: /^dl-kit$/, replacement: here('../src/index.ts') },
    ],
  },
  worker: { format: 'es' },
  optimizeDeps: { include: ['@techstark/opencv-js'] },
  build: {
    outDir: here('../dist-demo'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 12_000,
    rollupOptions: { input: { main: here('index.html') } },
  },
});
