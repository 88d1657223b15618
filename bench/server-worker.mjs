// Entry of a server bench side's worker thread (bench/server-harness.ts `spawnSide`): TypeScript
// through tsx's loader, registered in this thread, then the side itself.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
