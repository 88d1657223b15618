// Runs in every test file of the `postgres` project: servers started through server/testing.ts
// (and CLI children, which inherit the environment) use the run's PostgreSQL cluster.
import { inject } from 'vitest';

process.env.DLKIT_TEST_POSTGRES = inject('postgresUrl');
