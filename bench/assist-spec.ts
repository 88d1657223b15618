// The inputs of `npm run bench -- assist`, shared by the orchestrator (assist.bench.ts), the page
// (assist-page.ts) and native OpenCV (assist-native.py, which reads them as JSON).
import type { SceneObject } from '../src/geometry/test-utils/assist-scenes.js';

type XY = { x: number; y: number };
type Rect = { x: number; y: number; width: number; height: number };

export interface BenchSpec {
  size: number;
  runs: number;
  scene: string;
  frames: string;
  fw: number;
  fh: number;
  nframes: number;
  wand: Array<{ x: number; y: number; tolerance: number; what: string }>;
  grabCut: { rect: Rect; iterations: number };
  scissors: { rect: Rect; anchor: XY; moves: XY[] };
  watershed: { rect: Rect; scribbles: Array<{ points: XY[]; radius: number }> };
  track: { box: { left: number; top: number; right: number; bottom: number } };
}

const clampRect = (r: Rect, n: number): Rect => ({
  x: Math.max(0, Math.min(n - r.width, Math.round(r.x))),
  y: Math.max(0, Math.min(n - r.height, Math.round(r.y))),
  width: r.width,
  height: r.height,
});

/** Clicks, boxes and strokes on the scene's objects (deterministic, from the scene's object list). */
export function benchSpec(
  size: number,
  objects: SceneObject[],
  files: { scene: string; frames: string },
  track: { fw: number; fh: number; nframes: number; box: BenchSpec['track']['box'] },
  runs: number,
): BenchSpec {
  const inside = objects.filter(
    (o) => o.cx - o.rx > 8 && o.cy - o.ry > 8 && o.cx + o.rx < size - 8 && o.cy + o.ry < size - 8,
  );
  const wand = inside.slice(0, 6).map((o, i) => ({
    x: Math.round(o.cx - o.rx / 3),
    y: Math.round(o.cy - o.ry / 3),
    tolerance: 24,
    what: `object ${i}`,
  }));
  for (const [i, p] of [
    [0.5, 0.1],
    [0.2, 0.5],
    [0.8, 0.9],
  ].entries())
    wand.push({ x: Math.round(p[0]! * size), y: Math.round(p[1]! * size), tolerance: 16, what: `background ${i}` });
  // a 426² box around the largest object that fits in it (as a user drags it): with GrabCut's default
  // margin (10% of 426 = 43 px) the region is 512²
  const fits = inside.filter((o) => 2 * Math.max(o.rx, o.ry) + 24 <= 426);
  const big = [...(fits.length ? fits : inside)].sort((a, b) => b.rx * b.ry - a.rx * a.ry)[0]!;
  const grabCut = {
    rect: clampRect({ x: big.cx - 213, y: big.cy - 213, width: 426, height: 426 }, size),
    iterations: 5,
  };
  const o = inside[1] ?? big;
  const view = clampRect({ x: o.cx - 640, y: o.cy - 400, width: 1280, height: 800 }, size);
  const anchor = { x: Math.round(o.cx - o.rx), y: Math.round(o.cy) };
  const moves: XY[] = [];
  for (let k = 1; k <= 120; k++) {
    const t = Math.PI + (k / 120) * 1.8 * Math.PI;
    moves.push({ x: Math.round(o.cx + o.rx * Math.cos(t)), y: Math.round(o.cy + o.ry * Math.sin(t)) });
  }
  const ring = (f: number) =>
    Array.from({ length: 25 }, (_, k) => {
      const t = (k / 24) * 2 * Math.PI;
      return { x: Math.round(o.cx + f * o.rx * Math.cos(t)), y: Math.round(o.cy + f * o.ry * Math.sin(t)) };
    });
  return {
    size,
    runs,
    scene: files.scene,
    frames: files.frames,
    fw: track.fw,
    fh: track.fh,
    nframes: track.nframes,
    wand,
    grabCut,
    scissors: { rect: view, anchor, moves },
    watershed: {
      rect: view,
      scribbles: [
        { points: ring(0.4), radius: 2 },
        { points: ring(1.4), radius: 2 },
      ],
    },
    track: { box: track.box },
  };
}
