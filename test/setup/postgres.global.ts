// Vitest globalSetup of the `postgres` project: one throwaway PostgreSQL cluster for the whole
// run (initdb in a temp dir, a free loopback port; see scripts/postgres.mjs). Test files read its
// superuser URL through `inject('postgresUrl')` (test/setup/postgres.setup.ts puts it in
// DLKIT_TEST_POSTGRES); each test server gets its own database there. Stopped and removed at the end.
import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from '../../scripts/postgres.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPostgresCluster();
  project.provide('postgresUrl', cluster.url);
  return async () => {
    await cluster.stop();
  };
}
