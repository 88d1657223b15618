// Node: the scissors features computed in TypeScript against OpenCV.js itself — each map against the
// OpenCV primitives applyImage is made of, and the paths of prepareScissors (our features through
// applyImageFeatures) against a tool fed by plain applyImage, on random textured images.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOpenCv, type OpenCv } from '../opencv/load-opencv.js';
import type { CvMat } from './assist-image.js';
import {
  chained,
  disposeScissors,
  type IntelligentScissorsMB,
  prepareScissors,
  scissorsPath,
  setScissorsAnchor,
} from './intelligent-scissors.js';
import { computeScissorsFeatures } from './scissors-features.js';

let cv: OpenCv;
beforeAll(async () => {
  ({ cv } = await loadOpenCv());
});

/** A seeded generator (LCG), uniform in [0, 1). */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * A textured BGR image: smooth colour ramps, a few discs and boxes of flat or noisy colour, noise of
 * random strength, sometimes saturated and sometimes flat regions (ties in Canny's norms and zero
 * gradients both occur).
 */
function texturedImage(rnd: () => number, width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  const ramp = [0, 1, 2].map(() => [rnd() * 3 - 1.5, rnd() * 3 - 1.5, rnd() * 255]);
  const shapes = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => ({
    disc: rnd() < 0.5,
    x: rnd() * width,
    y: rnd() * height,
    r: 3 + rnd() * Math.min(width, height) * 0.4,
    colour: [0, 1, 2].map(() => Math.floor(rnd() * 256)),
    noise: rnd() < 0.5 ? 0 : rnd() * 60,
  }));
  const noise = rnd() < 0.3 ? 0 : rnd() * 40;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const o = 3 * (y * width + x);
      let c = ramp.map(([a, b, c0]) => a! * x + b! * y + c0! + (rnd() - 0.5) * noise);
      for (const s of shapes) {
        const inside = s.disc
          ? (x - s.x) ** 2 + (y - s.y) ** 2 <= s.r * s.r
          : Math.abs(x - s.x) <= s.r && Math.abs(y - s.y) <= s.r / 2;
        if (inside) c = s.colour.map((v) => v + (rnd() - 0.5) * s.noise);
      }
      for (let k = 0; k < 3; k++) data[o + k] = Math.max(0, Math.min(255, Math.round(c[k]!)));
    }
  return data;
}

/** A BGR matrix of `data`, placed at (px, py) inside a larger random matrix; returns the region. */
function placed(rnd: () => number, data: Uint8Array, width: number, height: number, px: number, py: number) {
  const parent = new cv.Mat(height + py + 3, width + px + 2, cv.CV_8UC3);
  for (let i = 0; i < parent.data.length; i++) parent.data[i] = Math.floor(rnd() * 256);
  const roi = parent.roi(new cv.Rect(px, py, width, height));
  for (let y = 0; y < height; y++)
    parent.data.set(data.subarray(3 * y * width, 3 * (y + 1) * width), (py + y) * parent.step[0]! + 3 * px);
  return { parent, roi };
}

const params = (rnd: () => number) => {
  const lo = rnd() < 0.2 ? Math.floor(rnd() * 3) : rnd() * 150;
  const hi = rnd() < 0.1 ? lo : rnd() * 250;
  const limit = rnd() < 0.25 ? 0 : rnd() < 0.2 ? 1 + rnd() * 10 : rnd() * 400;
  return { lo, hi, limit };
};

/**
 * Computes the features of `img` (placed at (px, py) inside a larger random matrix) and compares each
 * map with the OpenCV primitives applyImage is made of. With `dirOffset` > 0 the direction map is a
 * view that many bytes into a larger buffer (not 8-byte aligned for 4: the path without the float64
 * copies of the direction table).
 */
function expectOpenCvFeatures(
  rnd: () => number,
  img: Uint8Array,
  W: number,
  H: number,
  px: number,
  py: number,
  p: { lo: number; hi: number; limit: number },
  label: string,
  dirOffset = 0,
): void {
  const { lo, hi, limit } = p;
  const { parent, roi } = placed(rnd, img, W, H, px, py);
  const mats: CvMat[] = [parent, roi];
  const mat = () => {
    const m = new cv.Mat();
    mats.push(m);
    return m;
  };
  try {
    const ne = new Uint8Array(W * H);
    const dir = new Float32Array(new ArrayBuffer(8 * W * H + dirOffset), dirOffset, 2 * W * H);
    const mag = new Float32Array(W * H);
    const step = parent.step[0]!;
    const start = roi.data.byteOffset - parent.data.byteOffset;
    computeScissorsFeatures(
      parent.data,
      start,
      step,
      W,
      H,
      { cannyLow: lo, cannyHigh: hi, gradientMaxLimit: limit },
      { nonEdge: ne, direction: dir, magnitude: mag },
    );
    // non-edge: Canny of the colour region (it ignores the pixels around it), inverted
    const canny = mat();
    cv.Canny(roi, canny, lo, hi, 3, false);
    const wantNe = canny.data.map((v: number) => 255 - v);
    expect(Buffer.from(ne).equals(Buffer.from(wantNe)), `non-edge ${label}`).toBe(true);
    // direction: the grey Sobel (reflect-101 borders) divided by its float32 magnitude
    const gray = mat();
    cv.cvtColor(roi, gray, cv.COLOR_BGR2GRAY);
    const ix = mat();
    const iy = mat();
    const m = mat();
    cv.Sobel(gray, ix, cv.CV_32F, 1, 0, 3);
    cv.Sobel(gray, iy, cv.CV_32F, 0, 1, 3);
    cv.magnitude(ix, iy, m);
    const wantDir = new Float32Array(2 * W * H);
    for (let i = 0; i < W * H; i++) {
      const mm = m.data32F[i]!;
      if (mm > 1.1920928955078125e-7) {
        const inv = Math.fround(1 / mm);
        wantDir[2 * i] = ix.data32F[i]! * inv;
        wantDir[2 * i + 1] = iy.data32F[i]! * inv;
      }
    }
    expect(
      Buffer.from(dir.buffer, dir.byteOffset, 8 * W * H).equals(Buffer.from(wantDir.buffer)),
      `direction ${label}`,
    ).toBe(true);
    // magnitude cost: truncated at the limit (or the largest magnitude), then 1 - m / max by convertTo
    const trunc = mat();
    const lim = Math.fround(limit);
    let max = lim;
    if (lim > 0) cv.threshold(m, trunc, lim, 0, cv.THRESH_TRUNC);
    else {
      m.copyTo(trunc);
      max = cv.minMaxLoc(m, mat()).maxVal;
    }
    const cost = mat();
    if (max <= 1.1920928955078125e-7) cost.create(H, W, cv.CV_32F), cost.setTo(new cv.Scalar(0));
    else trunc.convertTo(cost, cv.CV_32F, -1 / max, 1);
    expect(
      Buffer.from(mag.buffer).equals(Buffer.from(cost.data32F.buffer, cost.data32F.byteOffset, 4 * W * H)),
      `magnitude ${label}`,
    ).toBe(true);
  } finally {
    for (const x of mats) x.delete();
  }
}

describe('scissors features equal the OpenCV primitives of applyImage', () => {
  it('Canny edges, grey gradient direction and the magnitude cost, bit for bit (120 images)', () => {
    const rnd = random(14);
    let checked = 0;
    for (let t = 0; t < 120; t++) {
      const W = 1 + Math.floor(rnd() * (t < 20 ? 6 : 90));
      const H = 1 + Math.floor(rnd() * (t < 20 ? 6 : 70));
      const p = params(rnd);
      const img = texturedImage(rnd, W, H);
      expectOpenCvFeatures(rnd, img, W, H, Math.floor(rnd() * 4), Math.floor(rnd() * 4), p, `#${t} ${W}x${H}`);
      checked++;
    }
    expect(checked).toBe(120);
  });

  it("adversarial images: tiny, flat, saturated, gradients around the tables' edge (±64), unaligned direction output", () => {
    const rnd = random(2026);
    /** A BGR image whose every byte is `f(x, y, channel)`, clamped to 0..255. */
    const image = (W: number, H: number, f: (x: number, y: number, c: number) => number) => {
      const d = new Uint8Array(3 * W * H);
      for (let y = 0; y < H; y++)
        for (let x = 0; x < W; x++)
          for (let c = 0; c < 3; c++) d[3 * (y * W + x) + c] = Math.max(0, Math.min(255, Math.round(f(x, y, c))));
      return d;
    };
    const cases: Array<[string, number, number, (x: number, y: number, c: number) => number]> = [
      ['black 1x1', 1, 1, () => 0],
      ['white 1x7', 1, 7, () => 255],
      ['ramp 7x1', 7, 1, (x) => 40 * x],
      ['checker 2x2', 2, 2, (x, y) => ((x + y) & 1) * 255],
      ['flat grey 17x9', 17, 9, () => 128],
      ['saturated checkerboard 23x19', 23, 19, (x, y) => ((x + y) & 1) * 255],
      [
        'saturated stripes per channel 31x12',
        31,
        12,
        (x, y, c) => (((c === 0 ? x : c === 1 ? y : x + y) >> 1) & 1) * 255,
      ],
      ['equal channels (ties) 25x25', 25, 25, (x, y) => (x * 37 + y * 91) % 256],
      // grey Sobel of a ramp of slope k: 8k; slopes 7.5 .. 8.5 put |ix| or |iy| around the tables' edge 64
      [
        'horizontal ramps around |gradient| 64, 16x20',
        16,
        20,
        (x, y) => 128 + (x - 8) * (7.5 + (y % 5) * 0.25) * (y & 1 ? -1 : 1),
      ],
      [
        'vertical ramps around |gradient| 64, 20x16',
        20,
        16,
        (x, y) => 128 + (y - 8) * (7.5 + (x % 5) * 0.25) * (x & 1 ? -1 : 1),
      ],
      // both components around ±64 at once (the tables' corners), every sign combination
      ...[-1, 1].flatMap((sx) =>
        [-1, 1].flatMap((sy) =>
          [7.875, 8, 8.125].map((k): [string, number, number, (x: number, y: number, c: number) => number] => [
            `diagonal ramp ${sx * k}, ${sy * k} 16x16`,
            16,
            16,
            (x, y) => 128 + sx * k * (x - 8) + sy * k * (y - 8),
          ]),
        ),
      ),
      ['noise around |gradient| 64, 60x40', 60, 40, () => 128 + (rnd() - 0.5) * 48],
      ['full-range noise 64x48', 64, 48, () => rnd() * 256],
    ];
    let checked = 0;
    for (const [name, W, H, f] of cases) {
      const img = image(W, H, f);
      for (const limit of [200, 0, 3])
        for (const dirOffset of [0, 4]) {
          const p = { lo: 32, hi: 100, limit };
          expectOpenCvFeatures(
            rnd,
            img,
            W,
            H,
            Math.floor(rnd() * 4),
            Math.floor(rnd() * 4),
            p,
            `${name} limit ${limit} offset ${dirOffset}`,
            dirOffset,
          );
          checked++;
        }
    }
    expect(checked).toBe(cases.length * 6);
  });
});

describe('prepareScissors paths equal those of applyImage', () => {
  /** A tool fed by OpenCV's own applyImage on the same region. */
  function reference(roi: CvMat, lo: number, hi: number, limit: number): IntelligentScissorsMB {
    const Ctor = (cv as unknown as { segmentation_IntelligentScissorsMB: new () => IntelligentScissorsMB })
      .segmentation_IntelligentScissorsMB;
    const tool = new Ctor();
    chained(tool.setEdgeFeatureCannyParameters(lo, hi));
    chained(tool.setGradientMagnitudeMaxLimit(limit));
    chained(tool.applyImage(roi));
    return tool;
  }

  it('every path of 4 anchors x 12 targets on 40 random images and parameter sets', () => {
    const rnd = random(1414);
    let paths = 0;
    let longest = 0;
    for (let t = 0; t < 40; t++) {
      const W = 8 + Math.floor(rnd() * 150);
      const H = 8 + Math.floor(rnd() * 110);
      const { lo, hi, limit } = params(rnd);
      const img = texturedImage(rnd, W + 20, H + 16);
      const rect = { x: Math.floor(rnd() * 20), y: Math.floor(rnd() * 16), width: W, height: H };
      const ours = prepareScissors(
        cv,
        { width: W + 20, height: H + 16, format: 'bgr', data: img },
        { rect, canny: [lo, hi], gradientMaxLimit: limit },
      );
      const whole = new cv.Mat(H + 16, W + 20, cv.CV_8UC3);
      whole.data.set(img);
      const roi = whole.roi(new cv.Rect(rect.x, rect.y, W, H));
      const ref = reference(roi, lo, hi, limit);
      try {
        for (let a = 0; a < 4; a++) {
          const anchor = { x: rect.x + Math.floor(rnd() * W), y: rect.y + Math.floor(rnd() * H) };
          ref.buildMap(new cv.Point(anchor.x - rect.x, anchor.y - rect.y));
          for (let q = 0; q < 12; q++) {
            const to = { x: rect.x + Math.floor(rnd() * W), y: rect.y + Math.floor(rnd() * H) };
            const c = new cv.Mat();
            try {
              ref.getContour(new cv.Point(to.x - rect.x, to.y - rect.y), c, false);
              const want: number[] = [];
              for (let k = 0; k < c.data32S.length; k += 2)
                want.push(c.data32S[k]! + rect.x, c.data32S[k + 1]! + rect.y);
              const got = scissorsPath(cv, ours, anchor, to).flatMap((p) => [p.x, p.y]);
              expect(got, `image #${t} anchor ${JSON.stringify(anchor)} → ${JSON.stringify(to)}`).toEqual(want);
              paths++;
              longest = Math.max(longest, want.length / 2);
            } finally {
              c.delete();
            }
          }
        }
      } finally {
        disposeScissors(ours);
        ref.delete();
        roi.delete();
        whole.delete();
      }
    }
    expect(paths).toBe(40 * 4 * 12);
    expect(longest).toBeGreaterThan(50);
  });
});

describe('prepareScissors memory', () => {
  it('gives the WASM heap back on disposeScissors (the chaining handles of the tool are deleted)', () => {
    const W = 320;
    const H = 200;
    const img = texturedImage(random(77), W, H);
    // where a block the size of the features lands after each prepare/anchor/dispose cycle: the same
    // place every time when the cycle frees what it took, ever higher when the tool's state leaks
    const probes: number[] = [];
    for (let k = 0; k < 4; k++) {
      const s = prepareScissors(
        cv,
        { width: W, height: H, format: 'bgr', data: img },
        { rect: { x: 0, y: 0, width: W, height: H } },
      );
      setScissorsAnchor(cv, s, { x: 10, y: 10 });
      disposeScissors(s);
      const probe = new cv.Mat(H, W, cv.CV_32FC2);
      probes.push(probe.data.byteOffset);
      probe.delete();
    }
    expect(new Set(probes).size, `probe offsets ${probes.join(', ')}`).toBe(1);
  });
});
