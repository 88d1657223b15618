// The synthetic scenes behind dl-kit's committed video clips (tests, demo, bench). Pure data and
// maths, no I/O: scripts/make-video-clips.mjs renders them, the demo seed and the tests read the
// objects' known positions from here.

/**
 * @typedef {{ label: string, w: number, h: number, x0: number, y0: number, vx: number, vy: number, color: [number, number, number] }} SceneObject
 * @typedef {{ name: string, width: number, height: number, fps: number, frames: number, objects: SceneObject[] }} Scene
 */

/** @type {Record<string, Scene>} */
export const SCENES = {
  // Small clip for component tests: two textured objects in straight-line motion.
  test: {
    name: 'test',
    width: 320,
    height: 240,
    fps: 30,
    frames: 90,
    objects: [
      { label: 'square', w: 48, h: 48, x0: 40, y0: 150, vx: 2, vy: -1, color: [220, 120, 40] },
      { label: 'bar', w: 40, h: 28, x0: 260, y0: 190, vx: -1, vy: 0, color: [60, 140, 220] },
    ],
  },
  // The demo's street: cars and people crossing at different speeds.
  demo: {
    name: 'demo',
    width: 640,
    height: 360,
    fps: 30,
    frames: 150,
    objects: [
      { label: 'car', w: 96, h: 44, x0: -20, y0: 250, vx: 3, vy: 0, color: [200, 40, 40] },
      { label: 'car', w: 110, h: 50, x0: 560, y0: 290, vx: -2.5, vy: 0, color: [40, 80, 200] },
      { label: 'person', w: 22, h: 56, x0: 120, y0: 176, vx: 0.8, vy: 0.3, color: [240, 200, 60] },
      { label: 'person', w: 20, h: 52, x0: 470, y0: 184, vx: -0.6, vy: 0.1, color: [230, 120, 200] },
    ],
  },
};

/** The bench's 1080p 30 fps scene: 50 squares on a lattice of straight paths (one per tracked box). */
export function benchScene() {
  /** @type {SceneObject[]} */
  const objects = [];
  for (let i = 0; i < 50; i++) {
    const row = Math.floor(i / 10);
    const col = i % 10;
    objects.push({
      label: i % 2 ? 'car' : 'person',
      w: 60 + (i % 3) * 10,
      h: 50 + (i % 4) * 8,
      x0: 120 + col * 170,
      y0: 200 + row * 160,
      vx: ((i % 5) - 2) * 0.9,
      vy: ((i % 7) - 3) * 0.4,
      color: [60 + ((i * 37) % 180), 60 + ((i * 71) % 180), 60 + ((i * 113) % 180)],
    });
  }
  return { name: 'bench', width: 1920, height: 1080, fps: 30, frames: 300, objects };
}

/**
 * The box of `object` at `frame` as drawn: left/top rounded to whole pixels (the renderer's rule),
 * so a tracker's result can be compared with it exactly.
 *
 * @param {SceneObject} o
 * @param {number} frame
 */
export function objectBox(o, frame) {
  const left = Math.round(o.x0 + o.vx * frame);
  const top = Math.round(o.y0 + o.vy * frame);
  return { left, top, right: left + o.w, bottom: top + o.h };
}
