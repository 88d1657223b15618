// Multipart uploads are streamed: the file part goes to a temp file under `<data>/blobs/tmp/`
// while the bytes are counted, an upload over the limit is refused with 413 as soon as the limit
// is passed (temp file removed), and a complete file is renamed into place. The server's memory
// does not grow by the upload size. Raw `node:http` requests control exactly what is sent when.
import { createHash } from 'node:crypto';
import { request, type ClientRequest } from 'node:http';
import { connect } from 'node:net';
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlobStore } from '../store/blob-store.js';
import { startTestServer, type TestServer } from '../testing.js';
import { client, makeDataset, NO_KEEP_ALIVE, pngForm } from './helpers.js';
import { canMeasureMemory, type ServerProcess, spawnServer } from './server-process.js';

const MiB = 1024 * 1024;
const BOUNDARY = '----dlkit-stream-test-boundary-7d1f';

let big: TestServer; // default limit (256 MiB)
let small: TestServer; // 1 MiB limit
let dsBig: string;
let dsSmall: string;
beforeAll(async () => {
  big = await startTestServer();
  small = await startTestServer({ limits: { uploadBytes: 1 * MiB, jsonBytes: 64 * 1024 } });
  dsBig = await makeDataset(big, 'stream');
  dsSmall = await makeDataset(small, 'stream-small');
});
afterAll(async () => {
  await big.close();
  await small.close();
  for (const p of processes.values()) await p.stop();
  for (const d of processDirs) rmSync(d, { recursive: true, force: true });
});

if (!canMeasureMemory)
  console.log("[upload-stream] memory checks skipped: no /proc (they read a server process's peak RSS)");

const processes = new Map<string, ServerProcess>();
const processDirs: string[] = [];
/** A server process of its own (one per name), so its memory is the server's alone. */
async function serverProcess(name: string, args: string[] = []): Promise<ServerProcess> {
  let p = processes.get(name);
  if (!p) {
    const dir = mkdtempSync(join(tmpdir(), `dlkit-mem-${name}-`));
    processDirs.push(dir);
    p = await spawnServer(dir, args);
    processes.set(name, p);
  }
  return p;
}
/** A few requests first, so lazily loaded code and pools are not counted as the upload's. */
async function warmUp(p: ServerProcess): Promise<void> {
  const c = client(p.url, p.token, NO_KEEP_ALIVE);
  for (let i = 0; i < 3; i++) await c.post(`/datasets/${p.datasetId}/items`, pngForm(`/warm/${i}.png`));
  await c.post(`/datasets/${p.datasetId}/query`, {});
}

const tmpDir = (srv: TestServer) => join(srv.dataDir, 'blobs', 'tmp');
function tmpFiles(srv: TestServer): { name: string; size: number }[] {
  try {
    return readdirSync(tmpDir(srv)).map((name) => ({ name, size: statSync(join(tmpDir(srv), name)).size }));
  } catch {
    return [];
  }
}
async function until(cond: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return cond();
}

/** Multipart preamble of a file part (fields before it), and the closing bytes. */
function head(fields: Record<string, string>, filename = 'data.bin', type = 'application/octet-stream'): Buffer {
  let s = '';
  for (const [k, v] of Object.entries(fields))
    s += `--${BOUNDARY}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  s += `--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="${filename}"\r\ncontent-type: ${type}\r\n\r\n`;
  return Buffer.from(s);
}
const TAIL = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

/** Deterministic file content: byte i = (i * 31 + 7) & 255, written chunk by chunk (one reused buffer). */
function chunkAt(offset: number, size: number, into: Buffer): Buffer {
  for (let i = 0; i < size; i++) into[i] = ((offset + i) * 31 + 7) & 255;
  return into.subarray(0, size);
}

interface Raw {
  req: ClientRequest;
  response: Promise<{ status: number; text: string; headers: Record<string, unknown> }>;
  /** Resolves true once the response has arrived (the sender stops). */
  answered: () => boolean;
}
/** Where raw requests go: a test server in this process, or a server process of its own. */
type Target = TestServer | ServerProcess;
const tokenOf = (t: Target) => ('tokens' in t ? t.tokens.owner : t.token);

function open(srv: Target, path: string, headers: Record<string, string | number> = {}): Raw {
  const u = new URL(`${srv.url}${path}`);
  let got = false;
  let req!: ClientRequest;
  const response = new Promise<{ status: number; text: string; headers: Record<string, unknown> }>(
    (resolve, reject) => {
      req = request(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname + u.search,
          method: 'POST',
          headers: {
            authorization: `Bearer ${tokenOf(srv)}`,
            'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
            'transfer-encoding': 'chunked',
            ...headers,
          },
        },
        (res) => {
          got = true;
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode!, text, headers: res.headers }));
          res.on('error', reject);
        },
      );
      req.on('error', (e) => (got ? undefined : reject(e)));
    },
  );
  // A failed request rejects `response` while the test may still be pumping: handled here so the
  // failure is the test's (when it awaits), not an unhandled rejection.
  response.catch(() => {});
  return { req, response, answered: () => got };
}
/** Write `total` file bytes in 1 MiB chunks with backpressure; stops early once answered. Returns bytes written. */
async function pump(raw: Raw, from: number, total: number): Promise<number> {
  const buf = Buffer.alloc(MiB);
  let sent = from;
  while (sent < total && !raw.answered() && !raw.req.destroyed) {
    const n = Math.min(MiB, total - sent);
    const ok = raw.req.write(Buffer.from(chunkAt(sent, n, buf))); // a copy: the socket may still hold the last one
    sent += n;
    // A turn of the event loop per MiB, so a response that came meanwhile is seen (the server
    // keeps reading a refused body for a while, so the socket may never push back).
    if (!ok)
      await new Promise((r) => {
        raw.req.once('drain', r);
        raw.req.once('close', r);
      });
    else await new Promise((r) => setImmediate(r));
  }
  return sent;
}
function expectedSha(size: number): string {
  const h = createHash('sha256');
  const buf = Buffer.alloc(MiB);
  for (let o = 0; o < size; o += MiB) h.update(chunkAt(o, Math.min(MiB, size - o), buf));
  return h.digest('hex');
}

describe('uploads stream to a temp file', () => {
  it('the file part is on disk under <data>/blobs/tmp while the body is still arriving, then moved into place', async () => {
    const size = 8 * MiB;
    const raw = open(big, `/datasets/${dsBig}/items`);
    raw.req.write(head({ path: '/s/one.bin' }));
    await pump(raw, 0, size / 2);
    // Half the file sent, the body not finished: the server has written it to a temp file already.
    const seen = await until(() => tmpFiles(big).some((f) => f.size >= 3 * MiB));
    expect(seen, `temp files: ${JSON.stringify(tmpFiles(big))}`).toBe(true);
    await pump(raw, size / 2, size);
    raw.req.end(TAIL);
    const r = await raw.response;
    expect(r.status, r.text).toBe(201);
    const item = JSON.parse(r.text);
    expect([item.filename, item.metadata.system.size]).toEqual(['/s/one.bin', size]);
    const bytes = Buffer.from(
      await (
        await fetch(`${big.url}/items/${item.id}/stream`, { headers: { authorization: `Bearer ${big.tokens.owner}` } })
      ).arrayBuffer(),
    );
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(expectedSha(size));
    expect(tmpFiles(big)).toEqual([]);
  }, 30_000);

  it.skipIf(!canMeasureMemory)(
    "a 128 MiB upload does not grow the server process's peak memory by anything near the upload size",
    async () => {
      const size = 128 * MiB;
      const proc = await serverProcess('big');
      await warmUp(proc);
      const base = proc.rss();
      expect(proc.resetPeak(), 'the kernel resets the peak (clear_refs)').toBe(true);
      const raw = open(proc, `/datasets/${proc.datasetId}/items`);
      raw.req.write(head({ path: '/s/big.bin' }));
      await pump(raw, 0, size);
      raw.req.end(TAIL);
      const r = await raw.response;
      const peak = proc.peakRss();
      expect(r.status, r.text).toBe(201);
      expect(JSON.parse(r.text).metadata.system.size).toBe(size);
      // Measured in the server's own process (the client is this test process). Holding the whole body
      // costs over 128 MiB; streamed to disk, the server grows by its socket and stream buffers and by
      // garbage not yet collected: 36-38 MiB measured for 64 and 128 MiB alike (it does not grow with
      // the upload), once 49 MiB on a busy CI run. Half the upload's size tells the two apart.
      expect((peak - base) / MiB).toBeLessThan(64);
    },
    60_000,
  );

  it('a client that disconnects mid-upload leaves no temp file and no item', async () => {
    const raw = open(big, `/datasets/${dsBig}/items`);
    raw.req.write(head({ path: '/s/aborted.bin' }));
    await pump(raw, 0, 2 * MiB);
    expect(await until(() => tmpFiles(big).length > 0)).toBe(true);
    raw.response.catch(() => {});
    raw.req.destroy();
    expect(await until(() => tmpFiles(big).length === 0), JSON.stringify(tmpFiles(big))).toBe(true);
    const q = await client(big.url, big.tokens.owner).post(`/datasets/${dsBig}/query`, {
      filter: { name: 'aborted.bin' },
    });
    expect(q.json.totalItemsCount).toBe(0);
  }, 30_000);
});

describe('over the limit', () => {
  it('a client that writes its whole over-limit body before it reads still gets the 413 and its message, not a reset', async () => {
    // As Python's requests and Node's http do: the body first, then the response. The server reads
    // and drops the rest for a while after refusing (discardRest) instead of resetting the socket.
    const u = new URL(small.url);
    const socket = connect(Number(u.port), u.hostname);
    const chunk = (b: Buffer | string) => {
      const n = Buffer.byteLength(b);
      socket.write(`${n.toString(16)}\r\n`);
      socket.write(b);
      return socket.write('\r\n');
    };
    let text = '';
    let failure: string | undefined;
    socket.on('data', (d) => (text += d));
    socket.on('error', (e) => (failure = (e as NodeJS.ErrnoException).code ?? String(e)));
    const closed = new Promise((r) => socket.once('close', r));
    socket.write(
      `POST ${u.pathname}/datasets/${dsSmall}/items HTTP/1.1\r\nhost: ${u.host}\r\n` +
        `authorization: Bearer ${small.tokens.owner}\r\n` +
        `content-type: multipart/form-data; boundary=${BOUNDARY}\r\ntransfer-encoding: chunked\r\n\r\n`,
    );
    chunk(head({ path: '/whole.bin' }));
    // 8 MiB: more than the loopback socket buffers hold, so the client is still writing when the
    // refusal comes; sent well within the server's linger (LINGER.ms).
    const buf = Buffer.alloc(256 * 1024, 7);
    for (let sent = 0; sent < 8 * MiB && !socket.destroyed; sent += buf.length) {
      if (!chunk(buf))
        await new Promise((r) => {
          socket.once('drain', r);
          socket.once('close', r);
        });
    }
    chunk(TAIL);
    socket.end('0\r\n\r\n');
    await closed;
    expect(failure).toBeUndefined();
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({
      message: `upload larger than ${MiB} bytes`,
    });
  });

  it('a chunked upload of 64 MiB against a 1 MiB limit is 413 long before the body is sent; no temp file, no item', async () => {
    const raw = open(small, `/datasets/${dsSmall}/items`);
    raw.req.write(head({ path: '/over.bin' }));
    const sent = await pump(raw, 0, 64 * MiB);
    const r = await raw.response;
    expect(r.status).toBe(413);
    expect(JSON.parse(r.text)).toMatchObject({ message: `upload larger than ${MiB} bytes` });
    expect(sent / MiB).toBeLessThan(16);
    expect(await until(() => tmpFiles(small).length === 0)).toBe(true);
    const q = await client(small.url, small.tokens.owner).post(`/datasets/${dsSmall}/query`, {
      filter: { name: 'over.bin' },
    });
    expect(q.json.totalItemsCount).toBe(0);
  }, 60_000);

  it.skipIf(!canMeasureMemory)(
    "the refused 64 MiB upload leaves the server process's peak memory flat",
    async () => {
      const proc = await serverProcess('small', ['--max-upload', '1MiB']);
      await warmUp(proc);
      const base = proc.rss();
      expect(proc.resetPeak()).toBe(true);
      const raw = open(proc, `/datasets/${proc.datasetId}/items`);
      raw.req.write(head({ path: '/over.bin' }));
      await pump(raw, 0, 64 * MiB);
      const r = await raw.response;
      // How much the client wrote before the 413 reached it is not checked here: with this server in
      // a process of its own, a loaded machine can leave it unscheduled while the client writes (16
      // MiB or more in one clean-clone CI run). The in-process test above checks that the refusal
      // comes early.
      expect(r.status).toBe(413);
      // Holding the refused body would cost its 64 MiB. Refusing it, the server still reads and drops
      // what the client goes on writing (discardRest: up to 500 ms / 64 MiB), so socket buffers and
      // dropped chunks not yet collected show: mostly under 16 MiB, 21.9 MiB in a clean-clone CI run
      // (and 2 of 5 runs over 16 on the same machine). Half the body tells the two apart, as for the
      // 128 MiB upload above.
      expect((proc.peakRss() - base) / MiB).toBeLessThan(32);
    },
    60_000,
  );

  it('just under the limit is stored; the limit counts the whole body', async () => {
    const raw = open(small, `/datasets/${dsSmall}/items`);
    const h = head({ path: '/under.bin' });
    raw.req.write(h);
    const size = MiB - h.length - TAIL.length;
    await pump(raw, 0, size);
    raw.req.end(TAIL);
    const r = await raw.response;
    expect(r.status, r.text).toBe(201);
    expect(JSON.parse(r.text).metadata.system.size).toBe(size);
    const raw2 = open(small, `/datasets/${dsSmall}/items`);
    raw2.req.write(h);
    await pump(raw2, 0, size + 1);
    raw2.req.end(TAIL);
    expect((await raw2.response).status).toBe(413);
  }, 30_000);
});

describe('multipart details', () => {
  const send = async (srv: TestServer, body: Buffer | string, ct = `multipart/form-data; boundary=${BOUNDARY}`) => {
    const res = await fetch(`${srv.url}/datasets/${srv === big ? dsBig : dsSmall}/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${srv.tokens.owner}`, 'content-type': ct },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    return { status: res.status, json: (await res.json()) as any };
  };
  const part = (name: string, value: string, extra = '') =>
    `--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"${extra}\r\n\r\n${value}\r\n`;

  it('fields may come after the file part; text fields are UTF-8; a %22 in a quoted file name is a quote', async () => {
    const body = Buffer.concat([
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a%22b.txt"\r\nContent-Type: text/plain\r\n\r\nhello`,
      ),
      Buffer.from(
        `\r\n${part('path', '/late/é.txt')}${part('metadata', JSON.stringify({ user: { k: 'v' } }))}--${BOUNDARY}--\r\n`,
      ),
    ]);
    const r = await send(big, body);
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect([
      r.json.filename,
      r.json.metadata.system.originalname,
      r.json.metadata.system.size,
      r.json.metadata.user.k,
    ]).toEqual(['/late/é.txt', 'a"b.txt', 5, 'v']);
  });

  it('an RFC 5987 filename* (as aiohttp sends it next to a percent-encoded filename) gives the decoded name', async () => {
    const body = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="%C3%A9t%C3%A9.txt"; filename*=utf-8''%C3%A9t%C3%A9.txt\r\nContent-Type: text/plain\r\n\r\nhi\r\n--${BOUNDARY}--\r\n`;
    const r = await send(big, Buffer.from(body));
    expect([r.status, r.json.filename, r.json.metadata.system.originalname]).toEqual([201, '/été.txt', 'été.txt']);
  });

  it('a file whose bytes contain the boundary without the leading CRLF, and CR/LF runs, is stored byte for byte', async () => {
    const content = Buffer.from(`x--${BOUNDARY}\r\n--${BOUNDARY.slice(0, 10)}\r\r\n\n--`);
    const body = Buffer.concat([head({ path: '/tricky.bin' }), content, TAIL]);
    const r = await send(big, body);
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    const got = Buffer.from(
      await (
        await fetch(`${big.url}/items/${r.json.id}/stream`, {
          headers: { authorization: `Bearer ${big.tokens.owner}` },
        })
      ).arrayBuffer(),
    );
    expect(got.equals(content)).toBe(true);
  });

  it.each([
    ['no boundary parameter', head({}), 'multipart/form-data'],
    [
      'a body that ends before the closing boundary',
      Buffer.concat([head({ path: '/cut.bin' }), Buffer.from('abc')]),
      undefined,
    ],
    [
      'two file parts',
      Buffer.concat([head({}), Buffer.from('a\r\n'), head({}).subarray(0), Buffer.from('b'), TAIL]),
      undefined,
    ],
    [
      'a part without a name',
      Buffer.from(`--${BOUNDARY}\r\ncontent-type: text/plain\r\n\r\nx\r\n--${BOUNDARY}--\r\n`),
      undefined,
    ],
    ['garbage instead of multipart', Buffer.from('hello world'), undefined],
  ])('%s is 400 and leaves no temp file', async (_n, body, ct) => {
    const r = await send(big, body, ct);
    expect(r.status, JSON.stringify(r.json)).toBe(400);
    expect(typeof r.json.message).toBe('string');
    expect(tmpFiles(big)).toEqual([]);
  });

  it('a text field over the field limit (the JSON limit) is 413', async () => {
    const r = await send(small, `${part('metadata', 'x'.repeat(80 * 1024))}--${BOUNDARY}--\r\n`);
    expect(r.status).toBe(413);
  });

  it('form-encoded type=dir still makes a folder', async () => {
    const r = await send(big, 'type=dir&path=%2Fformdir', 'application/x-www-form-urlencoded');
    expect([r.status, r.json.filename, r.json.type]).toEqual([201, '/formdir', 'dir']);
  });
});

describe('temp files of a crash', () => {
  it('temp files older than a day are removed when the store opens; recent ones (another process uploading) are kept', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dlkit-stale-'));
    try {
      const blobs = createBlobStore(dataDir);
      const stale = blobs.tempPath();
      const fresh = blobs.tempPath();
      writeFileSync(stale, 'old');
      writeFileSync(fresh, 'new');
      const twoDaysAgo = (Date.now() - 2 * 24 * 3600 * 1000) / 1000;
      utimesSync(stale, twoDaysAgo, twoDaysAgo);
      createBlobStore(dataDir);
      expect(readdirSync(join(dataDir, 'blobs', 'tmp'))).toEqual([fresh.split('/').pop()]);
      // putFile only moves temp files of this store.
      expect(() => blobs.putFile('items', '0123456789abcdef01234567', join(dataDir, 'elsewhere'))).toThrow(/temp path/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
