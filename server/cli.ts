#!/usr/bin/env node
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseByteSize } from './byte-size.js';
import { startServer } from './index.js';

const HELP = `dl-kit server: a local Dataloop-compatible REST server (SQLite + files)

  --data <dir>        data folder (database, binaries, JWT secret)   default ./data
  --port <n>          TCP port (0 = any free one)                     default 4000
  --host <addr>       interface to bind                               default 127.0.0.1
  --seed              create the sample project when the folder is new, print tokens
  --cors <origins>    comma-separated allowed origins (default: none)
  --max-upload <size> largest item upload, e.g. 512MiB, 2GiB (streamed to disk)  default 256MiB
  --token <email>     print a bearer token for that user and exit
  --revoke-tokens <email>  revoke every token of that user issued so far and exit
  --help`;

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: './data' },
    port: { type: 'string', default: '4000' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'boolean', default: false },
    cors: { type: 'string' },
    token: { type: 'string' },
    'revoke-tokens': { type: 'string' },
    'max-upload': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port: expected 0..65535, got ${values.port}`);
  process.exit(2);
}
let uploadBytes: number | undefined;
if (values['max-upload'] !== undefined) {
  try {
    uploadBytes = parseByteSize(values['max-upload']);
  } catch (e) {
    console.error(`--max-upload: ${(e as Error).message}`);
    process.exit(2);
  }
}
const dataDir = resolve(values.data!);
if (values.token) {
  const { createApp } = await import('./app.js');
  const h = createApp({ dataDir });
  console.log(await h.issueToken(values.token));
  h.close();
  process.exit(0);
}
if (values['revoke-tokens']) {
  const { createApp } = await import('./app.js');
  const h = createApp({ dataDir });
  const ok = h.revokeTokens(values['revoke-tokens']);
  h.close();
  console.log(ok ? `revoked every token of ${values['revoke-tokens']}` : `no user ${values['revoke-tokens']}`);
  process.exit(ok ? 0 : 1);
}
const server = await startServer({
  dataDir,
  port,
  host: values.host,
  seed: values.seed,
  corsOrigins: values.cors ? values.cors.split(',').map((s) => s.trim()) : undefined,
  limits: uploadBytes ? { uploadBytes } : undefined,
});
console.log(`dl-kit server on ${server.url} (data: ${dataDir})`);
if (server.seeded) {
  console.log(
    `seeded project ${server.seeded.projectId}, dataset ${server.seeded.datasetId}, task ${server.seeded.taskId}`,
  );
  for (const [email, token] of Object.entries(server.seeded.tokens)) console.log(`  ${email}\n    ${token}`);
} else if (values.seed)
  console.log('data folder already has projects: not seeding again (use --token <email> for a token)');
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
