// The outbox's retry timer: while the server is unreachable each retry waits twice as long as the one
// before, up to maxRetryDelay; a flush that drains resets it. The delays are read from the timers the
// outbox itself schedules (setTimeout called from Outbox.schedule), not from wall-clock time.
import 'fake-indexeddb/auto';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PageCache } from './cache/page-cache.js';
import { createClient, type DlClient } from './client.js';

/** A loopback port with nothing listening on it (bound, read, closed). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

const box = {
  type: 'box',
  label: 'car',
  coordinates: [
    { x: 1, y: 1, z: 0 },
    { x: 5, y: 5, z: 0 },
  ],
  metadata: {},
};

describe('outbox retry backoff', () => {
  let client: DlClient | undefined;
  afterEach(() => {
    client?.close();
    client = undefined;
    vi.restoreAllMocks();
  });

  it('doubles the delay after each unreachable flush and caps it at maxRetryDelay', async () => {
    const retryDelays: number[] = [];
    const real = globalThis.setTimeout;
    // Record only the outbox's own retry timers and fire them at once: the test then runs as fast as
    // the failed requests do, and the recorded delays are exactly what the outbox asked for.
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number, ...rest: unknown[]) => {
      if (new Error().stack?.includes('schedule')) {
        retryDelays.push(ms ?? 0);
        return real(fn, 0);
      }
      return real(fn, ms, ...rest);
    }) as typeof setTimeout);

    const port = await closedPort();
    const cache = await PageCache.open({ dbName: `backoff-${Date.now()}-${Math.random()}` });
    client = createClient({
      baseUrl: `http://127.0.0.1:${port}/api/v1`,
      token: 'x',
      cache,
      retry: 0,
      timeout: 2000,
      outbox: { autoFlush: true, retryDelay: 100, maxRetryDelay: 1000 },
    });
    let offline = 0;
    client.outbox.addEventListener('offline', () => offline++);
    await client.outbox.create('item-1', 'ds-1', box);
    await client.outbox.flush();
    for (let waited = 0; retryDelays.length < 7 && waited < 20_000; waited += 20) await new Promise((r) => real(r, 20));

    expect(retryDelays.slice(0, 7)).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
    expect(offline).toBeGreaterThanOrEqual(6);
    // Nothing was lost while the server stayed away.
    const pending = await client.outbox.pending();
    expect(pending).toHaveLength(1);
    expect(pending[0]!.state).toBe('pending');
  });
});
