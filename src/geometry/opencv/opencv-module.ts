// Browser/worker path to the OpenCV.js module. The module object is a thenable, so it is only ever
// handed out inside a box: a bundler's interop for a dynamic `import('@techstark/opencv-js')` may copy
// its `then` onto the namespace (Vite's CJS interop does), and the import promise would spin forever.
// Importing this file dynamically is safe: its namespace has a single export, `box`.
import cvModule from '@techstark/opencv-js';

/** The Emscripten module, boxed. */
export const box: { m: unknown } = { m: cvModule };
