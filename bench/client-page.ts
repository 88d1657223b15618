// Runs the client measurements in Chromium (real IndexedDB), driven by bench/client.bench.ts.
import { measureClient, type MeasureParams } from './client-measure.js';

(window as unknown as { runClientBench: (p: MeasureParams) => unknown }).runClientBench = (p: MeasureParams) =>
  measureClient(p);
(window as unknown as { benchReady: boolean }).benchReady = true;
