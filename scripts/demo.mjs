#!/usr/bin/env node
// `npm run demo`: builds, starts the local server with a seeded sample project and serves the demo app.
// Until the demo app exists this is the smaller main job: build the package and show the entity model works.
import { spawnSync } from 'node:child_process';

const r = spawnSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
const m = await import('../dist/index.js');
console.log(`dl-kit built: ${Object.keys(m).length} public exports from dist/index.js`);
