/**
 * dl-kit: the Dataloop data model, geometry, workers and REST client.
 * Components live in the `dl-kit/components` entry point so that this one never pulls in DOM code.
 * @packageDocumentation
 */
export * from './entities/index.js';
export * from './geometry/index.js';
export * from './workers/index.js';
export * from './api/index.js';
