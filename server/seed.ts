import type { AppHandle } from './app.js';

/** What the sample seed created. */
export interface SeedResult {
  projectId: string;
  datasetId: string;
  tokens: Record<string, string>;
}

/** Create the sample project once (no-op when the data folder already has projects). */
export async function seedSample(handle: AppHandle): Promise<SeedResult | undefined> {
  void handle;
  return undefined;
}
