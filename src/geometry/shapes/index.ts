// Shape maths: pure functions on plain numbers (no OpenCV, no DOM).
export * from './box.js';
export * from './ellipse.js';
export * from './cuboid.js';
export * from './polygon.js';
export * from './distance.js';
export * from './hit-test.js';
export * from './view-transform.js';
