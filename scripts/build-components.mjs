// The component artefacts of `npm run build` (called by scripts/build.mjs after tsc):
//  - dist/bundle/dl-kit.bundle.js: every element + the components API with Lit bundled, for a plain
//    <script type="module"> in a page with no build step (Vite library mode);
//  - custom-elements.json: the custom-elements manifest (cem analyze, see custom-elements-manifest.config.mjs).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Name of the bundle file. */
export const BUNDLE_FILE = 'dl-kit.bundle.js';

/**
 * Builds the all-in-one ESM bundle into `outDir` (default dist/bundle). Nothing is external: Lit
 * and every dependency the components reach are inlined.
 * @param {{ outDir?: string, minify?: boolean }} [opts]
 * @returns {Promise<string>} path of the bundle file
 */
export async function buildBundle(opts = {}) {
  const { build } = await import('vite');
  const outDir = resolve(root, opts.outDir ?? 'dist/bundle');
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: opts.minify ?? true,
      sourcemap: true,
      copyPublicDir: false,
      lib: { entry: resolve(root, 'src/components/bundle.ts'), formats: ['es'], fileName: () => BUNDLE_FILE },
    },
  });
  return resolve(outDir, BUNDLE_FILE);
}

/** Writes custom-elements.json at the package root. */
export function buildManifest() {
  const r = spawnSync('npx', ['cem', 'analyze', '--config', 'custom-elements-manifest.config.mjs'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`cem analyze failed (exit ${r.status ?? r.signal})`);
  return resolve(root, 'custom-elements.json');
}

// CLI: `node scripts/build-components.mjs` builds both; `... bundle <outDir>` only the bundle
// (the e2e bundle test builds into a temp folder this way).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [what, outDir] = process.argv.slice(2);
  console.log(`built ${await buildBundle(outDir ? { outDir } : {})}`);
  if (what !== 'bundle') console.log(`built ${buildManifest()}`);
}
