#!/usr/bin/env node
// `npm run build`: type-checked ESM + .d.ts into dist/ (tsc), then any extra bundles.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
console.log('built dist/');
// The local server (and the entity code it imports from src/) as plain JS: the published package
// runs `dl-kit-server` and `import 'dl-kit/server'` without tsx.
run('npx', ['tsc', '-p', 'tsconfig.server.json']);
console.log('built dist/node/server/');

// Components: the all-in-one ESM bundle (Lit inlined) and custom-elements.json.
const { buildBundle, buildManifest } = await import('./build-components.mjs');
console.log(`built ${await buildBundle()}`);
console.log(`built ${buildManifest()}`);
