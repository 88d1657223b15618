import { gradientPng } from '../images/generate.js';
import type { TestServer } from '../testing.js';

/**
 * Small fetch wrapper for tests: JSON in/out with a bearer token. `defaults` are headers sent with
 * every call (e.g. {@link NO_KEEP_ALIVE} for servers in another process).
 */
export function client(base: string, token?: string, defaults: Record<string, string> = {}) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = {
      method,
      headers: { ...defaults, ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const res = await fetch(base + path, init);
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON a route answers and assert on its fields.
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: res.status, json, headers: res.headers };
  };
  return {
    get: (p: string, h?: Record<string, string>) => call('GET', p, undefined, h),
    post: (p: string, b?: unknown, h?: Record<string, string>) => call('POST', p, b, h),
    put: (p: string, b?: unknown, h?: Record<string, string>) => call('PUT', p, b, h),
    patch: (p: string, b?: unknown, h?: Record<string, string>) => call('PATCH', p, b, h),
    del: (p: string, b?: unknown) => call('DELETE', p, b),
  };
}

/**
 * Headers for requests to a server in another process: a new connection per request. A reused
 * keep-alive connection fails with EPIPE when this (test) process stalls longer than the server's
 * keep-alive timeout (5 s) on a loaded machine: the server closes the idle socket on time, this
 * process does not see the close before it writes the next request on it. An in-process server
 * cannot close it meanwhile (its timer waits on the same stalled event loop).
 */
export const NO_KEEP_ALIVE: Record<string, string> = { connection: 'close' };

/** Multipart upload body of a PNG. */
export function pngForm(path: string, w = 8, h = 6, seed = 1, metadata?: unknown): FormData {
  const fd = new FormData();
  fd.append('type', 'file');
  fd.append('path', path);
  if (metadata) fd.append('metadata', JSON.stringify(metadata));
  fd.append(
    'file',
    new Blob([gradientPng(w, h, seed) as Uint8Array<ArrayBuffer>], { type: 'image/png' }),
    path.split('/').pop()!,
  );
  return fd;
}

/** Create a dataset as owner and return its id. */
export async function makeDataset(srv: TestServer, name = 'ds'): Promise<string> {
  const r = await client(srv.url, srv.tokens.owner).post('/datasets', { name, projects: [srv.projectId] });
  if (r.status !== 201) throw new Error(`dataset create failed ${r.status} ${JSON.stringify(r.json)}`);
  return r.json.id;
}

/** Upload PNGs at the paths given; returns item ids in order. */
export async function upload(
  srv: TestServer,
  datasetId: string,
  paths: string[],
  metadata?: (i: number) => unknown,
): Promise<string[]> {
  const c = client(srv.url, srv.tokens.owner);
  const ids: string[] = [];
  for (let i = 0; i < paths.length; i++) {
    const r = await c.post(`/datasets/${datasetId}/items`, pngForm(paths[i]!, 8, 6, i, metadata?.(i)));
    if (r.status !== 201) throw new Error(`upload failed ${r.status} ${JSON.stringify(r.json)}`);
    ids.push(r.json.id);
  }
  return ids;
}

export const box = (label: string, x = 1, y = 2) => ({
  type: 'box',
  label,
  coordinates: [
    { x, y, z: 0 },
    { x: x + 10, y: y + 10, z: 0 },
  ],
  metadata: { system: { attributes: {} } },
});
