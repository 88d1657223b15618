// Browser-safe control surface of the test harness (HTTP to the fault proxy's /__control/*).

/** Faults the proxy injects into the next requests (matching `path` when given). */
export interface Fault {
  /** status: answer with it; delay: hold then forward; drop: cut before forwarding; lose-response: forward, then cut. */
  kind: 'status' | 'delay' | 'drop' | 'lose-response';
  /** How many requests it applies to. */
  times: number;
  status?: number;
  retryAfter?: string;
  delayMs?: number;
  /** Only requests whose path contains this. */
  path?: string;
}

/** The control surface tests use in Node and in Chromium alike (HTTP to the proxy). */
export interface Control {
  info(): Promise<{
    url: string;
    proxyUrl: string;
    tokens: Record<'owner' | 'manager' | 'annotator1' | 'annotator2', string>;
    projectId: string;
  }>;
  dataset(name: string): Promise<string>;
  seed(datasetId: string, n: number, prefix?: string): Promise<string[]>;
  fault(f: Fault): Promise<void>;
  clearFaults(): Promise<void>;
  count(part: string, method?: string): Promise<number>;
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
}

/** A {@link Control} over HTTP (`controlUrl` = proxy origin). */
export function httpControl(controlUrl: string): Control {
  const call = async (name: string, body: unknown = {}) => {
    const r = await fetch(`${controlUrl}/__control/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`control ${name}: ${await r.text()}`);
    return r.json() as Promise<any>;
  };
  return {
    info: () => call('info'),
    dataset: async (name) => (await call('dataset', { name })).id,
    seed: async (datasetId, n, prefix) => (await call('seed', { datasetId, n, prefix })).ids,
    fault: async (f) => void (await call('fault', f)),
    clearFaults: async () => void (await call('clear-faults')),
    count: async (part, method) => (await call('count', { part, method })).n,
    stopServer: async () => void (await call('server/stop')),
    startServer: async () => void (await call('server/start')),
  };
}
