// Public exports of src/geometry.
export * from './shapes/index.js';
