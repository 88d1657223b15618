import { encode } from 'fast-png';

/** Sample images: a sky/ground scene with a few "cars" and "trees" so there is something to label. */
export interface SceneObject {
  label: 'car' | 'tree' | 'person';
  /** Axis-aligned bounds in pixels: left, top, right, bottom. */
  box: [number, number, number, number];
}

/** A tiny deterministic PRNG (mulberry32) so every seed run creates the same pictures. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Objects of scene `n` (same numbers every run). */
export function sceneObjects(n: number, width: number, height: number): SceneObject[] {
  const rnd = prng(n * 7919 + 1);
  const horizon = Math.round(height * 0.55);
  const out: SceneObject[] = [];
  const cars = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < cars; i++) {
    const w = Math.round(width * (0.12 + rnd() * 0.1));
    const h = Math.round(w * 0.45);
    const x = Math.round(rnd() * (width - w));
    const y = Math.round(horizon + rnd() * (height - horizon - h));
    out.push({ label: 'car', box: [x, y, x + w, y + h] });
  }
  const trees = Math.floor(rnd() * 3);
  for (let i = 0; i < trees; i++) {
    const w = Math.round(width * 0.08);
    const h = Math.round(height * (0.25 + rnd() * 0.15));
    const x = Math.round(rnd() * (width - w));
    out.push({ label: 'tree', box: [x, horizon - h, x + w, horizon + 4] });
  }
  if (rnd() > 0.4) {
    const w = Math.round(width * 0.03);
    const h = Math.round(height * 0.14);
    const x = Math.round(rnd() * (width - w));
    const y = Math.round(horizon - h / 2 + rnd() * 20);
    out.push({ label: 'person', box: [x, y, x + w, y + h] });
  }
  return out;
}

const COLORS: Record<SceneObject['label'], [number, number, number]> = {
  car: [200, 40, 40],
  tree: [30, 120, 40],
  person: [240, 200, 60],
};

/** Renders scene `n` as an RGB PNG. */
export function scenePng(n: number, width = 640, height = 480): { png: Uint8Array; objects: SceneObject[] } {
  const objects = sceneObjects(n, width, height);
  const horizon = Math.round(height * 0.55);
  const data = new Uint8Array(width * height * 3);
  const tint = (n * 37) % 60;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      if (y < horizon) {
        const t = y / horizon;
        data[o] = 120 + tint + t * 60;
        data[o + 1] = 170 + t * 50;
        data[o + 2] = 235;
      } else {
        const t = (y - horizon) / (height - horizon);
        data[o] = 90 + t * 40;
        data[o + 1] = 95 + t * 40;
        data[o + 2] = 100 + t * 30;
      }
    }
  }
  for (const ob of objects) {
    const [l, t, r, b] = ob.box;
    const c = COLORS[ob.label];
    for (let y = Math.max(0, t); y < Math.min(height, b); y++) {
      for (let x = Math.max(0, l); x < Math.min(width, r); x++) {
        // Trees are round-topped, people and cars are rectangles with a darker rim.
        if (ob.label === 'tree') {
          const cx = (l + r) / 2;
          const crown = t + (r - l);
          if (y < crown && (x - cx) ** 2 + (y - (t + (r - l) / 2)) ** 2 > ((r - l) / 2) ** 2) continue;
        }
        const rim = x - l < 2 || r - x <= 2 || y - t < 2 || b - y <= 2;
        const o = (y * width + x) * 3;
        data[o] = rim ? c[0] >> 1 : c[0];
        data[o + 1] = rim ? c[1] >> 1 : c[1];
        data[o + 2] = rim ? c[2] >> 1 : c[2];
      }
    }
  }
  return { png: encode({ width, height, channels: 3, depth: 8, data }), objects };
}
