// One side of the server bench in its own worker thread (see `spawnSide` in server-harness.ts):
// opens and fills its server, says it is ready, then times the requests it is sent.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { openSide, type SideAnswer, type SideRequest } from './server-harness.js';

const port = parentPort!;
const { label, n, root, database } = workerData as { label: string; n: number; root?: string; database?: string };
try {
  const side = await openSide(label, n, { root, database });
  port.on('message', async (m: SideRequest | 'close') => {
    if (m === 'close') {
      await side.close();
      process.exit(0); // ends this worker thread only
    }
    let answer: SideAnswer;
    try {
      const c = threadCpuMs();
      const t = performance.now();
      if (m.op === 'query') {
        const r = await side.query(m.body);
        answer = {
          id: m.id,
          ok: true,
          timed: {
            ms: performance.now() - t,
            cpuMs: threadCpuMs() - c,
            total: r.totalItemsCount,
            lastId: r.items.at(-1)?.id,
          },
        };
      } else {
        await side.post(m.list);
        answer = {
          id: m.id,
          ok: true,
          timed: { ms: performance.now() - t, cpuMs: threadCpuMs() - c, total: m.list.length },
        };
      }
    } catch (e) {
      answer = { id: m.id, ok: false, error: (e as Error).message };
    }
    port.postMessage(answer);
  });
  port.postMessage({ ready: true, insertSeconds: side.insertSeconds });
} catch (e) {
  port.postMessage({ ready: false, error: (e as Error).stack ?? String(e) });
}

/**
 * CPU time of this thread in ms (Linux `/proc/thread-self/schedstat`, nanoseconds on a CPU), or
 * NaN where it cannot be read. Unlike wall time it leaves out the time the shared machine gave
 * to other processes; like wall time it leaves out V8's helper threads (parallel GC).
 */
function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return Number.NaN;
  }
}
