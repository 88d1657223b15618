import { serve, type ServerType } from '@hono/node-server';
import { readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { basename, dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { createApp, type AppHandle } from '../../server/index.js';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo, type DemoSeed } from './seed.js';

/** Options of {@link startDemoServer}. */
export interface DemoServerOptions {
  /** Data folder of the local server (created if missing; seeded only when it has no projects). */
  dataDir: string;
  /** Folder with the built demo app (`dist-demo/`). */
  staticDir: string;
  /** Extra folders served under a URL prefix, e.g. `{ '/dist/bundle': 'dist/bundle' }`. */
  mounts?: Record<string, string>;
  /** Single files served at a path, e.g. `{ '/embed.html': 'demo/embed.html' }`. */
  files?: Record<string, string>;
  port?: number;
  host?: string;
  /** Seed the sample project when the data folder is new. @default true */
  seed?: boolean;
  /** Items in the large dataset (0: none). @default 100000 */
  largeItems?: number;
}

/** A running demo: one origin serving the app and the API (no CORS needed). */
export interface RunningDemo {
  /** Page URL, e.g. `http://127.0.0.1:5173/`. */
  url: string;
  /** API base, `<url>api/v1`. */
  apiUrl: string;
  handle: AppHandle;
  seeded?: DemoSeed;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
};

async function fileResponse(root: string, rel: string): Promise<Response | undefined> {
  const base = resolve(root);
  const path = normalize(join(base, rel));
  if (path !== base && !path.startsWith(base + sep)) return undefined;
  try {
    const s = await stat(path);
    if (s.isDirectory()) return fileResponse(root, join(rel, 'index.html'));
    const body = await readFile(path);
    const hashed = /-[A-Za-z0-9_-]{8,}\.(js|css|wasm)$/.test(path);
    return new Response(body, {
      headers: {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      },
    });
  } catch {
    return undefined;
  }
}

/**
 * The demo's composition: the local server's Hono app under `/api/v1`, a sign-in endpoint for
 * the seeded users (`POST /demo/login`), and the built app as static files, on one origin.
 */
export async function startDemoServer(opts: DemoServerOptions): Promise<RunningDemo> {
  const handle = await createApp({ dataDir: opts.dataDir });
  const seeded = opts.seed === false ? undefined : await seedDemo(handle, { largeItems: opts.largeItems ?? 100_000 });
  const mounts = Object.entries(opts.mounts ?? {});

  const fetch = async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const p = decodeURIComponent(url.pathname);
    if (p.startsWith('/api/v1/') || p === '/api/v1') return handle.app.fetch(req);
    if (p === '/demo/users' && req.method === 'GET')
      return Response.json(DEMO_USERS.map(({ email, role, note }) => ({ email, role, note })));
    if (p === '/demo/login' && req.method === 'POST') {
      let body: { email?: unknown; password?: unknown } = {};
      try {
        body = await req.json();
      } catch {
        /* empty body: rejected below */
      }
      const user = DEMO_USERS.find((u) => u.email === body.email);
      if (!user || body.password !== DEMO_PASSWORD)
        return Response.json({ message: 'Unknown user or wrong password' }, { status: 401 });
      return Response.json({
        token: await handle.issueToken(user.email, 12 * 3600),
        email: user.email,
        role: user.role,
      });
    }
    const file = opts.files?.[p];
    if (file) {
      const r = await fileResponse(dirname(file), basename(file));
      if (r) return r;
    }
    for (const [prefix, dir] of mounts) {
      if (p.startsWith(prefix + '/')) {
        const r = await fileResponse(dir, p.slice(prefix.length));
        if (r) return r;
      }
    }
    const r = await fileResponse(opts.staticDir, p);
    if (r) return r;
    // Client-side routes fall back to the app shell.
    if (!extname(p))
      return (await fileResponse(opts.staticDir, 'index.html')) ?? new Response('demo app not built', { status: 500 });
    return new Response('not found', { status: 404 });
  };

  const host = opts.host ?? '127.0.0.1';
  let server!: ServerType;
  const port = await new Promise<number>((ok, fail) => {
    server = serve({ fetch, port: opts.port ?? 0, hostname: host }, (info: AddressInfo) => ok(info.port));
    server.once('error', fail);
  });
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  return {
    url,
    apiUrl: `${url}api/v1`,
    handle,
    seeded,
    close: () =>
      new Promise<void>((done) => {
        const s = server as unknown as { closeAllConnections?: () => void; close(cb: () => void): void };
        s.close(() => {
          void handle.close().then(done, done);
        });
        s.closeAllConnections?.();
      }),
  };
}

export { DEMO_USERS, DEMO_PASSWORD };
