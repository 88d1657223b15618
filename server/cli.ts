#!/usr/bin/env node
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseByteSize } from './byte-size.js';
import { startServer } from './index.js';
import { redactUrl } from './store/open.js';

const HELP = `dl-kit server: a local Dataloop-compatible REST server (SQLite or PostgreSQL + files)

  --data <dir>        data folder (database, binaries, JWT secret)   default ./data
  --database <url>    postgres://user:password@host:port/db: documents in PostgreSQL (binaries and
                      the JWT secret stay in --data; instances sharing both serve one client)
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
    database: { type: 'string' },
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
const database = values.database;
/** Exit 1 with one line naming what could not be opened (no stack trace: this is an operator's error). */
const fail = (e: unknown): never => {
  const where = database ? `database ${redactUrl(database)}` : `data folder ${dataDir}`;
  console.error(`dl-kit server: cannot start on ${where}: ${(e as Error).message ?? e}`);
  process.exit(1);
};
if (values.token) {
  const { createApp } = await import('./app.js');
  const h = await createApp({ dataDir, database }).catch(fail);
  console.log(await h.issueToken(values.token));
  await h.close();
  process.exit(0);
}
if (values['revoke-tokens']) {
  const { createApp } = await import('./app.js');
  const h = await createApp({ dataDir, database }).catch(fail);
  const ok = await h.revokeTokens(values['revoke-tokens']);
  await h.close();
  console.log(ok ? `revoked every token of ${values['revoke-tokens']}` : `no user ${values['revoke-tokens']}`);
  process.exit(ok ? 0 : 1);
}
const server = await startServer({
  dataDir,
  database,
  port,
  host: values.host,
  seed: values.seed,
  corsOrigins: values.cors ? values.cors.split(',').map((s) => s.trim()) : undefined,
  limits: uploadBytes ? { uploadBytes } : undefined,
}).catch(fail);
console.log(`dl-kit server on ${server.url} (data: ${dataDir}${database ? `, database: ${redactUrl(database)}` : ''})`);
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
