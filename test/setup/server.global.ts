// Vitest globalSetup of the `browser` project: starts the local server (temp data folder,
// loopback port) behind the fault-injecting proxy, and hands URLs and tokens to browser tests
// through `provide` (read them with `inject('dlApi')`).
import type { TestProject } from 'vitest/node';
import { startHarness } from '../api/harness.js';

/** What browser tests get from `inject('dlApi')`. */
export interface DlApiProvided {
  /** Server API base without the proxy. */
  url: string;
  /** Server API base through the fault proxy. */
  proxyUrl: string;
  /** Origin of the proxy's `/__control/*` endpoints (faults, seeding, server stop/start). */
  controlUrl: string;
  tokens: { owner: string; manager: string; annotator1: string; annotator2: string };
  projectId: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    dlApi: DlApiProvided;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const h = await startHarness();
  project.provide('dlApi', {
    url: h.url,
    proxyUrl: h.proxyUrl,
    controlUrl: `http://127.0.0.1:${h.proxy.port}`,
    tokens: h.tokens,
    projectId: h.projectId,
  });
  return async () => {
    await h.close();
  };
}
