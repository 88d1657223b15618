// Test harness for the API client: the real local server on an ephemeral loopback port, a
// fault-injecting loopback proxy in front of it, fast seeding, and stop/start with the same data.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestServer, type TestServer } from '../../server/testing.js';
import { createDataset } from '../../server/routes/datasets.js';
import { newId, nowIso } from '../../server/ids.js';
import type { ItemDoc } from '../../server/store/types.js';
import type { Fault } from './control.js';
export { httpControl, type Control, type Fault } from './control.js';

/** A loopback proxy that forwards to the server, counts requests and injects faults. */
export class FaultProxy {
  readonly log: { method: string; path: string; status: number }[] = [];
  private faults: Fault[] = [];
  private server: http.Server | undefined;
  port = 0;
  private readonly sockets = new Set<import('node:net').Socket>();
  /** Handles `/__control/<name>` requests (JSON in, JSON out), for tests running in a browser. */
  control: ((name: string, body: any) => Promise<unknown>) | undefined;
  constructor(private targetPort: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/api/v1`;
  }

  retarget(port: number): void {
    this.targetPort = port;
  }

  inject(f: Fault): void {
    this.faults.push({ ...f });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Number of requests (not preflights) whose path contains `part` (and method, if given). */
  count(part: string, method?: string): number {
    return this.log.filter((l) => l.method !== 'OPTIONS' && l.path.includes(part) && (!method || l.method === method))
      .length;
  }

  async start(port = 0): Promise<void> {
    const srv = http.createServer((req, res) => this.handle(req, res));
    srv.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => srv.listen(port, '127.0.0.1', resolve));
    this.port = (srv.address() as AddressInfo).port;
    this.server = srv;
  }

  /** Stops listening and cuts open connections: clients get "connection refused". */
  async stop(): Promise<void> {
    const srv = this.server;
    this.server = undefined;
    if (!srv) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  }

  private cors(req: http.IncomingMessage): Record<string, string> {
    const o = req.headers.origin;
    return o ? { 'access-control-allow-origin': o, vary: 'origin' } : {};
  }

  private take(path: string, method: string): Fault | undefined {
    if (method === 'OPTIONS') return undefined;
    const f = this.faults.find((x) => x.times > 0 && (!x.path || path.includes(x.path)));
    if (f) f.times--;
    this.faults = this.faults.filter((x) => x.times > 0);
    return f;
  }

  private async handleControl(req: http.IncomingMessage, res: http.ServerResponse, name: string): Promise<void> {
    const cors = {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-headers': 'content-type',
      'access-control-allow-methods': 'POST, GET, OPTIONS',
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      res.end();
      return;
    }
    try {
      const text = Buffer.concat(await collect(req)).toString();
      const out = await this.control!(name, text ? JSON.parse(text) : {});
      res.writeHead(200, { 'content-type': 'application/json', ...cors });
      res.end(JSON.stringify(out ?? {}));
    } catch (e) {
      res.writeHead(500, { 'content-type': 'application/json', ...cors });
      res.end(JSON.stringify({ message: String(e) }));
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = req.url ?? '/';
    const method = req.method ?? 'GET';
    if (path.startsWith('/__control/')) return this.handleControl(req, res, path.slice('/__control/'.length));
    const fault = this.take(path, method);
    if (fault?.kind === 'status') {
      const body = Buffer.concat(await collect(req));
      void body;
      this.log.push({ method, path, status: fault.status ?? 503 });
      res.writeHead(fault.status ?? 503, {
        'content-type': 'application/json',
        ...this.cors(req),
        ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}),
      });
      res.end(JSON.stringify({ message: `injected ${fault.status ?? 503}` }));
      return;
    }
    if (fault?.kind === 'drop') {
      this.log.push({ method, path, status: 0 });
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));
    const body = Buffer.concat(await collect(req));
    const up = http.request({ host: '127.0.0.1', port: this.targetPort, method, path, headers: req.headers }, (ur) => {
      this.log.push({ method, path, status: ur.statusCode ?? 0 });
      if (fault?.kind === 'lose-response') {
        // Start the response, then cut it: the request has landed, the client sees a network
        // error. (Cutting before any byte would let Chromium silently resend the request on a
        // reused keep-alive socket.)
        ur.resume();
        ur.on('end', () => {
          res.writeHead(ur.statusCode ?? 200, {
            ...this.cors(req),
            'content-type': 'application/json',
            'content-length': '100000',
          });
          res.write('{"partial":');
          res.on('finish', () => undefined);
          setTimeout(() => req.socket.destroy(), 20);
        });
        return;
      }
      res.writeHead(ur.statusCode ?? 502, ur.headers);
      ur.pipe(res);
    });
    up.on('error', () => {
      // Server down: behave as if unreachable.
      this.log.push({ method, path, status: 0 });
      req.socket.destroy();
    });
    up.end(body);
  }
}

function collect(req: http.IncomingMessage): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(chunks));
    req.on('error', reject);
  });
}

/** Everything a client test needs. */
export interface Harness {
  srv: TestServer;
  proxy: FaultProxy;
  /** Direct server URL and the proxied one. */
  url: string;
  proxyUrl: string;
  token: string;
  tokens: TestServer['tokens'];
  projectId: string;
  /** Makes a dataset (with default recipe) straight in the store. */
  dataset(name: string): Promise<string>;
  /** Inserts `n` items straight into the store in one transaction; returns their ids in id order. */
  seedItems(datasetId: string, n: number, opts?: { dir?: string; prefix?: string }): Promise<string[]>;
  /** Stops the real server (data kept) and starts it again on the same port. */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the server and the proxy. */
export async function startHarness(): Promise<Harness> {
  let srv = await startTestServer();
  const dataDir = srv.dataDir;
  const port = srv.server.port;
  const proxy = new FaultProxy(port);
  await proxy.start();
  let running = true;
  const h: Harness = {
    srv,
    proxy,
    url: srv.url,
    proxyUrl: proxy.url,
    token: srv.tokens.owner,
    tokens: srv.tokens,
    projectId: srv.projectId,
    async dataset(name) {
      return (await createDataset(srv.server.store, srv.users.owner.email, srv.projectId, name, true)).id;
    },
    async seedItems(datasetId, n, opts = {}) {
      const store = srv.server.store;
      const dir = opts.dir ?? '/';
      const ids: string[] = [];
      const now = nowIso();
      const docs: ItemDoc[] = [];
      for (let i = 0; i < n; i++) {
        const id = newId();
        const name = `${opts.prefix ?? 'img'}-${String(i).padStart(6, '0')}.png`;
        docs.push({
          id,
          datasetId,
          filename: `${dir === '/' ? '' : dir}/${name}`,
          dir,
          name,
          type: 'file',
          hidden: false,
          metadata: { system: { mimetype: 'image/png', size: 100, width: 10, height: 10 }, user: { i } },
          annotationsCount: 0,
          annotated: false,
          creator: srv.users.owner.email,
          createdAt: now,
          updatedAt: now,
          updatedBy: srv.users.owner.email,
        });
        ids.push(id);
      }
      await store.insertMany('items', docs);
      return ids;
    },
    async stopServer() {
      if (!running) return;
      await srv.server.close();
      running = false;
    },
    async startServer() {
      if (running) return;
      srv = await startTestServer({ dataDir, port });
      h.srv = srv;
      running = true;
    },
    async close() {
      await proxy.stop();
      if (running) await srv.server.close();
      await import('node:fs').then((fs) => fs.rmSync(dataDir, { recursive: true, force: true }));
    },
  };
  proxy.control = async (name, body) => {
    switch (name) {
      case 'info':
        return { url: h.url, proxyUrl: h.proxyUrl, tokens: h.tokens, projectId: h.projectId };
      case 'dataset':
        return { id: await h.dataset(body.name) };
      case 'seed':
        return { ids: await h.seedItems(body.datasetId, body.n, body) };
      case 'fault':
        proxy.inject(body);
        return {};
      case 'clear-faults':
        proxy.clearFaults();
        return {};
      case 'count':
        return { n: proxy.count(body.part, body.method) };
      case 'server/stop':
        await h.stopServer();
        return {};
      case 'server/start':
        await h.startServer();
        return {};
      default:
        throw new Error(`unknown control ${name}`);
    }
  };
  return h;
}
