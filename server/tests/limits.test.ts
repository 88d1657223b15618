// Size limits: the upload limit (default, CLI), JSON bodies and uploads over their limits are 413
// before or while the body arrives, and nothing is stored.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, afterAll, beforeAll } from 'vitest';
import { createApp, DEFAULT_LIMITS } from '../app.js';
import { parseByteSize } from '../byte-size.js';
import { dropTestDatabase, startTestServer, testDatabaseFor, type TestServer } from '../testing.js';
import { client, makeDataset } from './helpers.js';
import { request } from 'node:http';

describe('upload limit', () => {
  it('defaults to 256 MiB', () => {
    expect(DEFAULT_LIMITS.uploadBytes).toBe(256 * 1024 * 1024);
  });

  it('parseByteSize reads plain bytes and binary/decimal units; junk is an error naming the input', () => {
    expect(parseByteSize('1048576')).toBe(1048576);
    expect(parseByteSize('512KiB')).toBe(512 * 1024);
    expect(parseByteSize('256 MiB')).toBe(268435456);
    expect(parseByteSize('2g')).toBe(2 * 1024 ** 3); // single letters are binary, as in `ulimit`/nginx
    expect(parseByteSize('1.5MB')).toBe(1_500_000);
    for (const bad of ['', 'abc', '-1', '10XB', '0', 'NaN'])
      expect(() => parseByteSize(bad)).toThrow(/max-upload|size/);
  });

  it('the CLI takes --max-upload and refuses a bigger upload with 413', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dlkit-limit-'));
    const db = await testDatabaseFor(dataDir);
    const h = await createApp({ dataDir, ...db });
    const token = await h.issueToken('limit@dlkit.test');
    await h.close();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'server/cli.ts',
        '--data',
        dataDir,
        ...(db.database ? ['--database', db.database] : []),
        '--port',
        '0',
        '--max-upload',
        '1KiB',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const m = /on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`cli exited ${code}: ${out}`)));
      });
      const fd = new FormData();
      fd.append('type', 'file');
      fd.append('file', new Blob([new Uint8Array(4096)], { type: 'image/png' }), 'big.png');
      const r = await fetch(`${url}/datasets/000000000000000000000000/items`, {
        method: 'POST',
        body: fd,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(r.status).toBe(413);
      expect((await r.json()).message).toMatch(/1024 bytes/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      rmSync(dataDir, { recursive: true, force: true });
      await dropTestDatabase(dataDir);
    }
  }, 30_000);

  it('the CLI rejects a malformed --max-upload with exit code 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', '--max-upload', 'lots'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(2);
    expect(err).toMatch(/--max-upload/);
  }, 30_000);
});

describe('size limits', () => {
  let srv: TestServer;
  let ds: string;
  beforeAll(async () => {
    srv = await startTestServer({ limits: { jsonBytes: 64 * 1024, uploadBytes: 256 * 1024 } });
    ds = await makeDataset(srv, 'sec');
  });
  afterAll(() => srv.close());

  it('a JSON body over the limit is 413 JSON', async () => {
    const r = await client(srv.url, srv.tokens.owner).post(`/datasets/${ds}/query`, {
      filter: { name: 'x'.repeat(70 * 1024) },
    });
    expect(r.status).toBe(413);
    expect(r.json.message).toMatch(/larger than/);
  });
  it('an upload over the limit is 413 and stores nothing', async () => {
    const fd = new FormData();
    fd.append('path', '/big.bin');
    fd.append('file', new Blob([new Uint8Array(300 * 1024)], { type: 'application/octet-stream' }), 'big.bin');
    const r = await client(srv.url, srv.tokens.owner).post(`/datasets/${ds}/items`, fd);
    expect(r.status).toBe(413);
    const q = await client(srv.url, srv.tokens.owner).post(`/datasets/${ds}/query`, { filter: { name: 'big.bin' } });
    expect(q.json.totalItemsCount).toBe(0);
  });
});

describe('upload limits', () => {
  let srv: TestServer;
  let ds: string;
  beforeAll(async () => {
    srv = await startTestServer({ limits: { jsonBytes: 64 * 1024, uploadBytes: 256 * 1024 } });
    ds = await makeDataset(srv, 'http');
  });
  afterAll(() => srv.close());

  const raw = (headers: Record<string, string | number>, body?: (req: ReturnType<typeof request>) => void) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const u = new URL(`${srv.url}/datasets/${ds}/items`);
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          method: 'POST',
          headers: { authorization: `Bearer ${srv.tokens.owner}`, ...headers },
        },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on('error', reject);
      if (body) body(req);
      else req.flushHeaders();
    });

  it('a declared content-length over the limit is 413 before any body byte is sent', async () => {
    const r = await raw({
      'content-type': 'multipart/form-data; boundary=x',
      'content-length': 10 * 1024 * 1024 * 1024,
    });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.text).message).toMatch(/larger than/);
  });
  it('a chunked upload is cut off at the limit with 413', async () => {
    const r = await raw(
      { 'content-type': 'multipart/form-data; boundary=x', 'transfer-encoding': 'chunked' },
      (req) => {
        req.write(
          '--x\r\ncontent-disposition: form-data; name="file"; filename="a.bin"\r\ncontent-type: application/octet-stream\r\n\r\n',
        );
        const chunk = Buffer.alloc(64 * 1024);
        let sent = 0;
        const pump = () => {
          while (sent < 2 * 1024 * 1024) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          req.end('\r\n--x--\r\n');
        };
        req.on('error', () => {});
        pump();
      },
    );
    expect(r.status).toBe(413);
  });
});
