// Deterministic synthetic images for the assisted-annotation tests and bench: a photo-like scene
// (sky, textured ground, shaded objects with sharp edges, grain) and video frames of a textured object
// moving over a textured background with a known motion. Pure JS, no OpenCV, same pixels everywhere.
import type { AssistImage } from '../kernels/assist-image.js';
import type { TrackBox } from '../kernels/track-box.js';

/** Integer hash of a lattice point to [0, 1). */
function hash(ix: number, iy: number, seed: number): number {
  let h = Math.imul(ix, 0x27d4eb2d) ^ Math.imul(iy, 0x165667b1) ^ Math.imul(seed, 0x9e3779b9);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** Smooth value noise in [0, 1) at lattice spacing 1. */
function noise(x: number, y: number, seed: number): number {
  const ix = Math.floor(x);
  const iy = Math.floor(y);
  const fx = x - ix;
  const fy = y - iy;
  const sx = fx * fx * (3 - 2 * fx);
  const sy = fy * fy * (3 - 2 * fy);
  const a = hash(ix, iy, seed);
  const b = hash(ix + 1, iy, seed);
  const c = hash(ix, iy + 1, seed);
  const d = hash(ix + 1, iy + 1, seed);
  return a + (b - a) * sx + (c - a) * sy + (a - b - c + d) * sx * sy;
}

/** Fractal noise in about [0, 1): `octaves` layers from `scale` pixels down, halving each time. */
export function fractalNoise(x: number, y: number, seed: number, scale: number, octaves: number): number {
  let sum = 0;
  let amp = 0.5;
  let norm = 0;
  let s = scale;
  for (let o = 0; o < octaves; o++) {
    sum += amp * noise(x / s, y / s, seed + o * 101);
    norm += amp;
    amp *= 0.5;
    s /= 2;
  }
  return sum / norm;
}

/** A shaded object of {@link photoScene}. */
export interface SceneObject {
  kind: 'disc' | 'rect';
  cx: number;
  cy: number;
  /** Radius (disc) or half sizes (rect). */
  rx: number;
  ry: number;
  rgb: [number, number, number];
}

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/**
 * A photo-like `size × size` RGB scene: a sky gradient with soft clouds, a textured ground with
 * perspective-like stripes, a dozen shaded discs and boxes with sharp edges, and fine grain. Not flat
 * colours: every region has texture, so the tools meet what they meet in photos.
 */
export function photoScene(size: number, seed = 7): { image: AssistImage; objects: SceneObject[] } {
  const objects: SceneObject[] = [];
  let k = 0;
  const rnd = () => hash(k++, 17, seed);
  for (let i = 0; i < 14; i++) {
    const disc = i % 2 === 0;
    const r = size * (0.03 + 0.06 * rnd());
    objects.push({
      kind: disc ? 'disc' : 'rect',
      cx: size * (0.1 + 0.8 * rnd()),
      cy: size * (0.35 + 0.6 * rnd()),
      rx: r,
      ry: disc ? r : r * (0.5 + rnd()),
      rgb: [40 + 200 * rnd(), 40 + 200 * rnd(), 40 + 200 * rnd()],
    });
  }
  const data = new Uint8Array(size * size * 3);
  const horizon = size * 0.32;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r: number;
      let g: number;
      let b: number;
      if (y < horizon) {
        const t = y / horizon;
        const cloud = Math.max(0, fractalNoise(x, y * 2, seed + 1, size / 6, 5) - 0.45) * 2.2;
        r = 70 + 60 * t + 160 * cloud;
        g = 120 + 50 * t + 150 * cloud;
        b = 200 + 30 * t + 40 * cloud;
      } else {
        const t = (y - horizon) / (size - horizon);
        const tex = fractalNoise(x, y, seed + 2, size / 10, 7);
        const stripes = 0.5 + 0.5 * Math.sin((x - size / 2) / (8 + 60 * t) + 3 * tex);
        r = 80 + 70 * tex + 25 * stripes - 30 * t;
        g = 100 + 60 * tex + 20 * stripes - 10 * t;
        b = 50 + 40 * tex + 10 * stripes;
      }
      for (let o = objects.length - 1; o >= 0; o--) {
        const ob = objects[o]!;
        const dx = (x - ob.cx) / ob.rx;
        const dy = (y - ob.cy) / ob.ry;
        const inside = ob.kind === 'disc' ? dx * dx + dy * dy <= 1 : Math.abs(dx) <= 1 && Math.abs(dy) <= 1;
        if (!inside) continue;
        // light from the top left, plus the object's own fine texture
        const shade = 0.75 + 0.35 * (1 - (dx + dy + 2) / 4);
        const tex = 0.9 + 0.2 * fractalNoise(x, y, seed + 10 + o, ob.rx / 3, 4);
        r = ob.rgb[0] * shade * tex;
        g = ob.rgb[1] * shade * tex;
        b = ob.rgb[2] * shade * tex;
        break;
      }
      const grain = (hash(x, y, seed + 99) - 0.5) * 10;
      const p = (y * size + x) * 3;
      data[p] = clamp(r + grain);
      data[p + 1] = clamp(g + grain);
      data[p + 2] = clamp(b + grain);
    }
  }
  return { image: { width: size, height: size, format: 'rgb', data }, objects };
}

/** Options of {@link movingObjectFrames}. */
export interface MovingObjectOptions {
  width: number;
  height: number;
  frames: number;
  /** The object's box on frame 0. */
  box: TrackBox;
  /** Motion per frame, pixels (sub-pixel values allowed). */
  velocity: { x: number; y: number };
  /** Size factor per frame (1 = constant size). @default 1 */
  scalePerFrame?: number;
  seed?: number;
}

/**
 * Grey video frames of a textured object moving over a textured background, and the true box on each
 * frame (the object is drawn from its own texture coordinates, so the motion is exact, sub-pixel
 * and scale included).
 */
export function movingObjectFrames(o: MovingObjectOptions): { frames: AssistImage[]; truth: TrackBox[] } {
  const { width, height } = o;
  const seed = o.seed ?? 3;
  const bg = new Float32Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) bg[y * width + x] = 40 + 120 * fractalNoise(x, y, seed, 48, 5);
  const w0 = o.box.right - o.box.left;
  const h0 = o.box.bottom - o.box.top;
  const frames: AssistImage[] = [];
  const truth: TrackBox[] = [];
  for (let f = 0; f < o.frames; f++) {
    const s = (o.scalePerFrame ?? 1) ** f;
    const cx = (o.box.left + o.box.right) / 2 + o.velocity.x * f;
    const cy = (o.box.top + o.box.bottom) / 2 + o.velocity.y * f;
    const w = w0 * s;
    const h = h0 * s;
    const box = { left: cx - w / 2, top: cy - h / 2, right: cx + w / 2, bottom: cy + h / 2 };
    truth.push(box);
    const data = new Uint8Array(width * height);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        // object texture coordinates: the frame-0 object space
        const u = (x + 0.5 - cx) / s;
        const v = (y + 0.5 - cy) / s;
        const inObj = Math.abs(u) <= w0 / 2 && Math.abs(v) <= h0 / 2;
        const val = inObj ? 30 + 200 * fractalNoise(u + 1000, v + 1000, seed + 50, 12, 4) : bg[y * width + x]!;
        data[y * width + x] = clamp(val);
      }
    frames.push({ width, height, format: 'gray', data });
  }
  return { frames, truth };
}
