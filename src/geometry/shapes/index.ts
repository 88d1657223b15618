// The shape model and its maths: pure functions on plain numbers (no OpenCV, no DOM). `shape.ts` is
// the flat representation every layer draws, indexes, hit-tests and edits; the `XY` forms are the
// same maths for callers holding point objects.
export * from './shape.js';
export * from './rotate.js';
export * from './box.js';
export * from './ellipse.js';
export * from './cuboid.js';
export * from './polygon.js';
export * from './simplify.js';
export * from './distance.js';
export * from './hit-test.js';
export * from './transform.js';
export * from './edit.js';
export * from './view-transform.js';
