// A refused body must reach a client that writes its whole body before it reads (Python's
// `requests`, the HTTP transport of dtlpy): the 413 and its message, not a broken pipe. Runs the
// real `requests` against the real server on a loopback port; skips with one line without it
// (`DTLPY_PYTHON` names the interpreter). The dl-kit client's typed error runs either way.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { DlPayloadTooLargeError } from '../../src/api/errors.js';
import { startTestServer, type TestServer } from '../testing.js';
import { client, makeDataset } from './helpers.js';

const PYTHON = process.env.DTLPY_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const SKIP =
  spawnSync(PYTHON, ['-c', 'import requests'], { stdio: 'ignore' }).status === 0
    ? undefined
    : 'no python3 with requests';
if (SKIP) console.log(`[limit-reset] skipped: ${SKIP}`);

/**
 * POST a body streamed in 64 KiB chunks, DELAY seconds apart (chunked transfer, as `requests` sends a
 * generator: a slow link, or a body made on the fly); prints the status and body, or the error.
 */
const SCRIPT = `
import json, os, sys, time, requests
size = int(os.environ['SIZE'])
def gen():
    yield os.environ['HEAD'].encode()
    sent = 0
    while sent < size:
        yield b'a' * 65536
        sent += 65536
        time.sleep(float(os.environ['DELAY']))
    yield os.environ['TAIL'].encode()
try:
    r = requests.post(os.environ['URL'], data=gen(), headers={'authorization': 'Bearer ' + os.environ['TOKEN'], 'content-type': os.environ['CT']})
    print(json.dumps({'status': r.status_code, 'body': r.text}))
except Exception as e:
    print(json.dumps({'error': type(e).__name__ + ': ' + str(e)}))
`;

function post(env: Record<string, string>): Promise<{ status?: number; body?: string; error?: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-c', SCRIPT], {
      env: { ...process.env, NO_PROXY: '127.0.0.1,localhost', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(out));
      } catch {
        reject(new Error(`no result from python: ${out}`));
      }
    });
  });
}

const KiB = 1024;

describe.skipIf(SKIP !== undefined)('a streamed body over the limit, sent by Python requests', () => {
  let srv: TestServer;
  let ds: string;
  beforeAll(async () => {
    srv = await startTestServer({ limits: { jsonBytes: 64 * KiB, uploadBytes: 256 * KiB } });
    ds = await makeDataset(srv, 'reset');
  });
  afterAll(() => srv?.close());

  it('a JSON body gets the 413 and its message naming the limit, and the server answers the next call', async () => {
    const r = await post({
      URL: `${srv.url}/datasets/${ds}/query`,
      TOKEN: srv.tokens.owner,
      CT: 'application/json',
      HEAD: '{"filter": {"name": "',
      TAIL: '"}}',
      SIZE: String(8 * 1024 * KiB),
      DELAY: String(2 / 128), // 8 MiB in about 2 s: still sending long after the refusal
    });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body!)).toMatchObject({
      message: expect.stringMatching(/larger than 65536 bytes/),
      limit: 65536,
    });
    const next = await client(srv.url, srv.tokens.owner).post(`/datasets/${ds}/query`, { filter: {} });
    expect(next.status).toBe(200);
  }, 30_000);

  it('an upload gets the 413 naming the upload limit; nothing is stored', async () => {
    const r = await post({
      URL: `${srv.url}/datasets/${ds}/items`,
      TOKEN: srv.tokens.owner,
      CT: 'multipart/form-data; boundary=XB',
      HEAD: '--XB\r\ncontent-disposition: form-data; name="file"; filename="big.bin"\r\ncontent-type: application/octet-stream\r\n\r\n',
      TAIL: '\r\n--XB--\r\n',
      SIZE: String(8 * 1024 * KiB),
      DELAY: String(2 / 128), // 8 MiB in about 2 s: still sending long after the refusal
    });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body!)).toMatchObject({ message: 'upload larger than 262144 bytes', limit: 256 * KiB });
    const q = await client(srv.url, srv.tokens.owner).post(`/datasets/${ds}/query`, { filter: { name: 'big.bin' } });
    expect(q.json.totalItemsCount).toBe(0);
  }, 30_000);
});

describe('an upload over the limit, sent by the dl-kit client', () => {
  let srv: TestServer;
  let ds: string;
  beforeAll(async () => {
    srv = await startTestServer({ limits: { uploadBytes: 256 * KiB } });
    ds = await makeDataset(srv, 'typed');
  });
  afterAll(() => srv?.close());

  it("the typed client error of an upload over the limit names the limit; the client's next call works", async () => {
    const dl = createClient({ baseUrl: srv.url, token: srv.tokens.owner, cache: false, retry: 0 });
    const err = await dl
      .dataset(ds)
      .items.upload(new Blob([new Uint8Array(4 * 1024 * KiB)]), { name: 'typed.bin' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DlPayloadTooLargeError);
    expect((err as DlPayloadTooLargeError).message).toBe('upload larger than 262144 bytes');
    expect((err as DlPayloadTooLargeError).limit).toBe(256 * KiB);
    expect((await dl.dataset(ds).items.list(undefined, { page: 0, pageSize: 1 })).totalItemsCount).toBe(0);
  }, 30_000);
});
