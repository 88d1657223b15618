// Entry of a server bench side's worker thread (bench/server-harness.ts `spawnSide`): TypeScript
// through tsx's loader, registered in this thread, then the side itself.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

// A baseline copy compiles with its own tsconfig.json, as this checkout does with its own: tsx
// applies a tsconfig only to the files its `include` names, and the copy (under .tmp/) is not in
// ours. Without this the copy got esbuild's defaults (`useDefineForClassFields` true against our
// false), and V8 treated the two builds' entity classes differently (with our setting it kept
// aborting the optimisation of the annotation reader, `node --trace-opt`), which made the
// baseline look up to ~15 % faster at batched annotation inserts than the same code built as ours.
const tsconfig = workerData.root ? join(workerData.root, 'tsconfig.json') : undefined;
register(tsconfig && existsSync(tsconfig) ? { tsconfig } : undefined);
await import(workerData.entry);
