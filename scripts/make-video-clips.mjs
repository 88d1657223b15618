#!/usr/bin/env node
// Renders dl-kit's synthetic video scenes (scripts/video-scenes.mjs) frame by frame and encodes
// them with Debian's ffmpeg (a developer tool: `apt-get install -y ffmpeg`; never needed at run
// time). Every frame carries its number as a binary strip and seven-segment digits
// (scripts/frame-code.mjs), so tests can read which frame is on screen.
//
//   node scripts/make-video-clips.mjs            test + demo clips (committed)
//   node scripts/make-video-clips.mjs bench      the 1080p bench clip (into .tmp/, not committed)
//
// Outputs are deterministic for a given ffmpeg build; they are committed so tests and the demo
// never need ffmpeg.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BITS, frameCodeLayout } from './frame-code.mjs';
import { SCENES, benchScene, objectBox } from './video-scenes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Seven-segment digits: segments a b c d e f g (top, top-right, bottom-right, bottom, bottom-left, top-left, middle).
const SEGMENTS = ['abcdef', 'bc', 'abdeg', 'abcdg', 'bcfg', 'acdfg', 'acdefg', 'abc', 'abcdefg', 'abcdfg'];

/** An RGB frame buffer with rectangle fills. */
class Canvas {
  constructor(w, h) {
    this.w = w;
    this.h = h;
    this.px = Buffer.alloc(w * h * 3);
  }
  rect(x, y, w, h, [r, g, b]) {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.w, Math.round(x + w));
    const y1 = Math.min(this.h, Math.round(y + h));
    for (let yy = y0; yy < y1; yy++) {
      let o = (yy * this.w + x0) * 3;
      for (let xx = x0; xx < x1; xx++) {
        this.px[o++] = r;
        this.px[o++] = g;
        this.px[o++] = b;
      }
    }
  }
}

/** The static background of a scene (sky, buildings with windows, road), drawn once. */
function background(scene) {
  const { width: W, height: H } = scene;
  const c = new Canvas(W, H);
  const horizon = Math.round(H * 0.45);
  for (let y = 0; y < H; y++) {
    const t = y / H;
    const col = y < horizon ? [150 + 60 * t, 185 + 40 * t, 230] : [92 - 20 * t, 96 - 20 * t, 100 - 20 * t];
    c.rect(0, y, W, 1, col.map(Math.round));
  }
  // Buildings: deterministic widths and heights from a tiny LCG.
  let s = scene.width * 31 + scene.height;
  const rnd = () => (s = (s * 1103515245 + 12345) >>> 0) / 4294967296;
  for (let x = 0; x < W; ) {
    const bw = Math.round(W * (0.06 + rnd() * 0.08));
    const bh = Math.round(H * (0.12 + rnd() * 0.22));
    const shade = 110 + Math.round(rnd() * 60);
    c.rect(x, horizon - bh, bw - 2, bh, [shade, shade - 10, shade - 25]);
    const win = Math.max(3, Math.round(H / 60));
    for (let wy = horizon - bh + win; wy < horizon - 2 * win; wy += 2 * win)
      for (let wx = x + win; wx < x + bw - 2 * win; wx += 2 * win) c.rect(wx, wy, win, win, [235, 225, 150]);
    x += bw;
  }
  // Lane markings.
  const lane = Math.round(H * 0.72);
  for (let x = 0; x < W; x += Math.round(W / 12))
    c.rect(x, lane, Math.round(W / 24), Math.max(2, H / 120), [230, 230, 230]);
  return c.px;
}

/** A textured object: a checker of its colour and a darker shade (features for trackers), outlined. */
function drawObject(c, o, frame) {
  const b = objectBox(o, frame);
  const dark = o.color.map((v) => Math.round(v * 0.55));
  c.rect(b.left, b.top, o.w, o.h, [20, 20, 20]);
  const cell = Math.max(4, Math.round(Math.min(o.w, o.h) / 6));
  for (let y = 2; y < o.h - 2; y += cell)
    for (let x = 2; x < o.w - 2; x += cell) {
      const on = ((x / cell) ^ (y / cell)) & 1;
      c.rect(b.left + x, b.top + y, Math.min(cell, o.w - 2 - x), Math.min(cell, o.h - 2 - y), on ? o.color : dark);
    }
}

function drawFrameCode(c, n) {
  const L = frameCodeLayout(c.h);
  c.rect(0, 0, L.panelW, L.panelH, [0, 0, 0]);
  for (let i = 0; i < BITS; i++) {
    const bit = (n >> (BITS - 1 - i)) & 1;
    c.rect(L.x0 + i * L.block, L.y0, L.block, L.block, bit ? [255, 255, 255] : [0, 0, 0]);
  }
  const digits = String(n).padStart(4, '0');
  const t = Math.max(2, Math.round(L.digitW / 5));
  const W = L.digitW;
  const Hh = L.digitH;
  [...digits].forEach((d, i) => {
    const x = L.x0 + i * (W + t * 2);
    const y = L.digitsY;
    const on = SEGMENTS[Number(d)];
    const seg = {
      a: [x, y, W, t],
      b: [x + W - t, y, t, Hh / 2],
      c: [x + W - t, y + Hh / 2, t, Hh / 2],
      d: [x, y + Hh - t, W, t],
      e: [x, y + Hh / 2, t, Hh / 2],
      f: [x, y, t, Hh / 2],
      g: [x, y + Hh / 2 - t / 2, W, t],
    };
    for (const s of on) c.rect(...seg[s], [255, 255, 255]);
  });
}

function render(scene, bg, n) {
  const c = new Canvas(scene.width, scene.height);
  bg.copy(c.px);
  for (const o of scene.objects) drawObject(c, o, n);
  drawFrameCode(c, n);
  return c.px;
}

const CODECS = {
  // Main profile with B-frames: the decoder must reorder, as with camera files.
  h264: (crf) => ['-c:v', 'libx264', '-profile:v', 'main', '-bf', '2', '-crf', String(crf), '-movflags', '+faststart'],
  // VP8 as older WebM cameras and browsers' MediaRecorder write it (the issue names VP8 and VP9).
  vp8: (crf) => ['-c:v', 'libvpx', '-b:v', '1M', '-crf', String(crf + 8), '-deadline', 'good', '-cpu-used', '4'],
  vp9: (crf) => [
    '-c:v',
    'libvpx-vp9',
    '-b:v',
    '0',
    '-crf',
    String(crf + 12),
    '-deadline',
    'good',
    '-cpu-used',
    '4',
    '-row-mt',
    '1',
  ],
};

async function encode(scene, codec, out, { crf = 22, gop = 30 } = {}) {
  mkdirSync(dirname(out), { recursive: true });
  const args = [
    '-y',
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-s',
    `${scene.width}x${scene.height}`,
    '-r',
    String(scene.fps),
    '-i',
    '-',
    '-pix_fmt',
    'yuv420p',
    '-g',
    String(gop),
    '-keyint_min',
    String(gop),
    '-sc_threshold',
    '0',
    ...CODECS[codec](crf),
    '-metadata',
    'comment=dl-kit synthetic clip (scripts/make-video-clips.mjs); frame number burned in',
    '-fflags',
    '+bitexact',
    '-flags:v',
    '+bitexact',
    out,
  ];
  const p = spawn('ffmpeg', args, { stdio: ['pipe', 'inherit', 'inherit'] });
  const bg = background(scene);
  const done = new Promise((res, rej) =>
    p.on('close', (code) => (code === 0 ? res() : rej(new Error(`ffmpeg exited ${code}`)))),
  );
  for (let n = 0; n < scene.frames; n++) {
    if (!p.stdin.write(render(scene, bg, n))) await new Promise((r) => p.stdin.once('drain', r));
  }
  p.stdin.end();
  await done;
  console.log(
    `${out.replace(root + '/', '')}  ${scene.width}x${scene.height} ${scene.fps} fps ${scene.frames} frames  ${(statSync(out).size / 1024).toFixed(0)} KiB`,
  );
}

if (spawnSync('ffmpeg', ['-version']).status !== 0) {
  console.error(
    'ffmpeg is needed to make the clips (a developer tool). Debian/Ubuntu, as root: apt-get install -y ffmpeg',
  );
  process.exit(1);
}

const what = process.argv[2] ?? 'all';
if (what === 'all' || what === 'test') {
  const dir = join(root, 'src/components/item-viewer/fixtures');
  await encode(SCENES.test, 'h264', join(dir, 'clip-h264.mp4'));
  await encode(SCENES.test, 'vp9', join(dir, 'clip-vp9.webm'));
  await encode(SCENES.test, 'vp8', join(dir, 'clip-vp8.webm'));
  // Rotation metadata as phone MP4s carry it (a display matrix; the frames stay stored 320×240):
  // the first 12 frames. ffmpeg 5.1 writes the matrix only when copying a stream, hence two steps.
  const plain = join(root, '.tmp/clip-h264-12.mp4');
  await encode({ ...SCENES.test, frames: 12 }, 'h264', plain);
  const rotated = join(dir, 'clip-h264-rotated.mp4');
  const r = spawnSync('ffmpeg', [
    ...['-y', '-hide_banner', '-loglevel', 'error', '-i', plain, '-c', 'copy'],
    ...['-metadata:s:v:0', 'rotate=90', '-fflags', '+bitexact', rotated],
  ]);
  if (r.status !== 0) throw new Error(`ffmpeg could not write ${rotated}: ${r.stderr}`);
  console.log(
    `${rotated.replace(root + '/', '')}  the same, rotation metadata (ffmpeg's rotate=90 tag)  ${(statSync(rotated).size / 1024).toFixed(0)} KiB`,
  );
}
if (what === 'all' || what === 'demo') {
  await encode(SCENES.demo, 'h264', join(root, 'demo/server/media/street.mp4'), { crf: 24 });
}
if (what === 'bench') {
  await encode(benchScene(), 'h264', join(root, '.tmp/bench/street-1080p.mp4'), { crf: 26 });
}
