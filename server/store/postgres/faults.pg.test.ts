// PostgreSQL faults: unreachable at start (clear error, exit 1), connections lost mid-request (503
// JSON, no half-written batch) and the database going away and coming back (503 meanwhile, then
// recovery without restarting the server). On a cluster of its own: this file stops it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresCluster, startPostgresCluster } from '../../../scripts/postgres.mjs';
import { startServer } from '../../index.js';
import { startTestServer, type TestServer } from '../../testing.js';
import { box, client, makeDataset, upload } from '../../tests/helpers.js';

let cluster: PostgresCluster;
const dirs: string[] = [];
beforeAll(async () => {
  cluster = await startPostgresCluster({ maxConnections: 60 });
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'dlkit-faults-'));
  dirs.push(d);
  return d;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fresh database on this file's cluster. */
async function database(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return cluster.url.replace(/\/postgres$/, `/${name}`);
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Run the CLI to its exit. */
function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.once('exit', (code) => resolve({ code, out, err }));
  });
}

describe('PostgreSQL unreachable at start', () => {
  it('the CLI exits 1 with one line naming the database (password hidden) and the reason', async () => {
    const port = await closedPort();
    const r = await cli([
      '--data',
      tempDir(),
      '--database',
      `postgres://dlkit:s3cret@127.0.0.1:${port}/dl`,
      '--port',
      '0',
    ]);
    expect(r.code).toBe(1);
    expect(r.out).not.toMatch(/dl-kit server on/);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^dl-kit server: cannot start on database postgres://dlkit:\\*\\*\\*@127\\.0\\.0\\.1:${port}/dl: .*ECONNREFUSED`,
      ),
    );
    expect(r.err).not.toContain('s3cret');
  }, 60_000);

  it('a database that does not exist is named as such; startServer rejects and leaves nothing open', async () => {
    const url = cluster.url.replace(/\/postgres$/, '/no_such_db');
    const r = await cli(['--data', tempDir(), '--database', url, '--token', 'x@dlkit.test']);
    expect([r.code, r.err.trim()]).toEqual([1, expect.stringMatching(/database "no_such_db" does not exist$/)]);
    await expect(startServer({ dataDir: tempDir(), database: url })).rejects.toThrow(/does not exist/);
    const bad = await startServer({ dataDir: tempDir(), database: 'mysql://x' }).catch((e: Error) => e.message);
    expect(bad).toMatch(/expected a postgres:\/\/.* URL/);
  }, 60_000);
});

describe('connections lost mid-request', () => {
  let srv: TestServer;
  let admin: pg.Client;
  beforeAll(async () => {
    srv = await startTestServer({ dataDir: tempDir(), database: await database('faults_mid') });
    admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
  }, 60_000);
  afterAll(async () => {
    await admin?.end();
    await srv?.close();
  });

  it('answers 503 JSON and writes no part of a batch; then works again without a restart', async () => {
    const ds = await makeDataset(srv, 'faults');
    const [item] = await upload(srv, ds, ['/f.png']);
    const c = client(srv.url, srv.tokens.owner);
    // Terminate every backend of the database that is running a statement or sits in a transaction.
    let stop = false;
    let killed = 0;
    const killer = (async () => {
      while (!stop) {
        const r = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE datname = 'faults_mid' AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')`,
        );
        killed += r.rowCount ?? 0;
        await sleep(2);
      }
    })();
    const results: { tag: string; status: number; json: any; retryAfter: string | null }[] = [];
    try {
      // Bounded: at most 80 batches, and done once a few have been cut off.
      for (let b = 0; b < 80 && results.filter((r) => r.status === 503).length < 4; b++) {
        const tag = `b${b}`;
        const batch = Array.from({ length: 100 }, (_, i) => ({
          ...box('cut', i),
          metadata: { system: { attributes: {} }, user: { tag } },
        }));
        const r = await c.post(`/items/${item}/annotations`, batch);
        results.push({ tag, status: r.status, json: r.json, retryAfter: r.headers.get('retry-after') });
      }
    } finally {
      stop = true;
      await killer;
    }
    expect(killed).toBeGreaterThan(0);
    for (const r of results) {
      expect([201, 503]).toContain(r.status);
      if (r.status === 503) {
        expect(r.json).toMatchObject({ code: 'store-unavailable', message: expect.any(String) });
        expect(r.retryAfter).toBe('1');
      }
    }
    const cut = results.filter((r) => r.status === 503);
    expect(cut.length).toBeGreaterThan(0);

    // Connections work again: every batch is whole or absent.
    const stored = new Map<string, number>();
    let last: string | undefined;
    for (;;) {
      const filter: Record<string, unknown> = { label: 'cut' };
      if (last) filter.id = { $gt: last };
      const page = await c.post(`/datasets/${ds}/query`, {
        resource: 'annotations',
        filter,
        sort: { id: 'ascending' },
        pageSize: 1000,
      });
      expect(page.status).toBe(200);
      for (const a of page.json.items) stored.set(a.metadata.user.tag, (stored.get(a.metadata.user.tag) ?? 0) + 1);
      if (!page.json.hasNextPage) break;
      last = page.json.items.at(-1).id;
    }
    for (const r of results) {
      const n = stored.get(r.tag) ?? 0;
      // A 201 is all of it; a 503 is none of it (or all, when the connection died after the commit).
      if (r.status === 201) expect(n, r.tag).toBe(100);
      else expect([0, 100], r.tag).toContain(n);
    }
    const total = [...stored.values()].reduce((a, b) => a + b, 0);
    expect((await c.get(`/items/${item}`)).json.annotationsCount).toBe(total);
    for (let i = 0; i < 3; i++) expect((await c.post(`/items/${item}/annotations`, [box('after')])).status).toBe(201);
  }, 120_000);
});

describe('the database goes away and comes back', () => {
  it('answers 503 while it is down, and serves again once it is back, without restarting the server', async () => {
    const srv = await startTestServer({ dataDir: tempDir(), database: await database('faults_outage') });
    try {
      const ds = await makeDataset(srv, 'outage');
      const [item] = await upload(srv, ds, ['/o.png']);
      const c = client(srv.url, srv.tokens.owner);
      expect((await c.post(`/items/${item}/annotations`, [box('before')])).status).toBe(201);
      await cluster.pause();
      try {
        const read = await c.get(`/items/${item}`);
        const write = await c.post(`/items/${item}/annotations`, [box('during')]);
        for (const r of [read, write]) {
          expect([r.status, r.json.code, r.headers.get('retry-after')]).toEqual([503, 'store-unavailable', '1']);
          expect(r.json.message).toMatch(/database is unavailable/);
        }
        expect((await fetch(`${srv.url}/health`)).status).toBe(200); // the process itself is fine
      } finally {
        await cluster.resume();
      }
      // Back: the pool makes new connections; bounded wait for the first success.
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = (await c.get(`/items/${item}`)).status;
        if (status !== 200) await sleep(200);
      }
      expect(status).toBe(200);
      expect((await c.post(`/items/${item}/annotations`, [box('after')])).status).toBe(201);
      const labels = (await c.get(`/items/${item}/annotations`)).json.map((a: { label: string }) => a.label).sort();
      expect(labels).toEqual(['after', 'before']);
    } finally {
      await srv.close();
    }
  }, 120_000);
});
