// Starts the demo stack: `node --import tsx demo/server/cli.ts [--data ./data | --temp] [--port 5173]
// [--host 127.0.0.1] [--large 100000] [--static dist-demo]`. `scripts/demo.mjs` builds first, then runs this.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_PASSWORD, DEMO_USERS, startDemoServer } from './demo-server.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: './data' },
    temp: { type: 'boolean', default: false },
    port: { type: 'string', default: '5173' },
    host: { type: 'string', default: '127.0.0.1' },
    large: { type: 'string', default: '100000' },
    static: { type: 'string', default: 'dist-demo' },
  },
});

const dataDir = values.temp ? mkdtempSync(join(tmpdir(), 'dlkit-demo-')) : values.data!;
const t0 = Date.now();
const demo = await startDemoServer({
  dataDir,
  staticDir: values.static!,
  mounts: { '/dist/bundle': 'dist/bundle', '/embed': 'demo/embed' },
  files: { '/embed.html': 'demo/embed.html' },
  port: Number(values.port),
  host: values.host,
  largeItems: Number(values.large),
});
const line = '-'.repeat(64);
console.log(`\n${line}\n dl-kit demo  ${demo.url}\n${line}`);
console.log(
  ` data folder: ${dataDir}${demo.seeded ? ` (seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s)` : ' (existing data kept)'}`,
);
console.log(` API:         ${demo.apiUrl}`);
console.log(` embed page:  ${demo.url}embed.html`);
console.log(` sign in as (password "${DEMO_PASSWORD}"):`);
for (const u of DEMO_USERS) console.log(`   ${u.email.padEnd(24)} ${u.role.padEnd(18)} ${u.note}`);
console.log(`${line}\n Ctrl+C to stop.\n`);

let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  await demo.close();
  if (values.temp) rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
