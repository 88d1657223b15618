// Video benchmark of <dl-item-viewer> + <dl-annotation-layer> in headless system Chromium, on a
// 1080p 30 fps H.264 clip (300 frames, key frame every second, B-frames) with 50 tracked boxes.
//
// Per target: seek to random frames (time until the frame is drawn with its annotations: the seek
// resolves, then the next animation frame in which the layer draws), step forward and back one frame,
// and play 5 s at the native rate (frames presented / dropped, long tasks). Every measured frame is
// checked: the frame number burned into the pixels is read back, and track 0's box must be where
// interpolation puts it. Targets in the same run: WebCodecs (the default decoder), the <video>
// element fallback as the reference, and WebCodecs without the layer; first the software-decode
// floor (`floor`: every frame through a bare VideoDecoder, then the viewer's frame conversion alone).
//
// `npm run bench -- video` · `VIDEO_BENCH_TARGETS=floor,webcodecs` (or `probe<N>`, see runProbe) · `VIDEO_BENCH_PROFILE=1` (CPU profile; `VIDEO_BENCH_CALLERS=<fn>`
// adds its callers) · `VIDEO_BENCH_ALLOC=1` (bytes allocated per seek) · `VIDEO_BENCH_SPLIT=1` (seek time: ready / shown) ·
// `VIDEO_BENCH_SEEKS=0,30` (those seeks' ready / total ms per run) · `VIDEO_BENCH_OPENLOG=1` (what happened while the video opened, as the step log) · `VIDEO_BENCH_STEPLOG=<n>` (the first 3 seeks, the 3 slowest other seeks and the n slowest steps forward, each with what happened meanwhile: decoder
// requests `req`, chunks fed `i`, resets `rst`, configures `cfg`, flushes `fl+` / `fl-`, frames out of the decoder `d`, conversions started `c+` / done `c-`, animation frames, draws; ms from its start) · the clip is made once with Debian's
// ffmpeg (`node scripts/make-video-clips.mjs bench`, into .tmp/bench/).
//
// `VIDEO_BENCH_BASELINE=<git ref>` (e.g. `main`): the same page built against that ref's `src/` runs beside
// this tree's, target by target, interleaved A B B A … (`VIDEO_BENCH_ROUNDS` rounds, default 2), so both
// see the same load; the summary pools each side's samples and prints this tree / baseline ratios.
//
// At its end, tracking (#15's third target: one box over 100 frames, ms/frame against native OpenCV
// by /usr/bin/python3 on the same frames, main-thread long tasks): the assist bench's track section,
// run as a child (`ASSIST_BENCH_ONLY=track npx tsx bench/assist.bench.ts`, its own table and lines;
// its env switches apply, e.g. `ASSIST_BENCH_FRAMES`). `VIDEO_BENCH_TRACK=0` leaves it out.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { execSync, spawnSync } from 'node:child_process';
import { extname, join, resolve } from 'node:path';
import { build } from 'vite';
import { chromium } from 'playwright';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const WORK = join(ROOT, 'node_modules/.cache/dlkit-video-bench');
const DIST = join(WORK, 'dist');
const CLIP = join(ROOT, '.tmp/bench/street-1080p.mp4');
const TARGETS = (process.env.VIDEO_BENCH_TARGETS ?? 'floor,webcodecs,media-element,webcodecs-no-layer').split(',');
/** A git ref whose `src/` runs as the baseline beside this tree, interleaved (see the file comment). */
const BASELINE = process.env.VIDEO_BENCH_BASELINE;
const ROUNDS = Math.max(1, Number(process.env.VIDEO_BENCH_ROUNDS ?? 2));
/** `VIDEO_BENCH_TRACK=0`: no tracking comparison at the end (see the file comment). */
const TRACK = process.env.VIDEO_BENCH_TRACK !== '0';
// Outside node_modules: Vite leaves TypeScript decorators untransformed in files under node_modules.
const BASE = join(ROOT, '.tmp/video-baseline');
const WORK_BASE = join(WORK, 'baseline');
const DIST_BASE = join(DIST, 'baseline');

/** The bench page, with the viewer, layer and track interpolation taken from `src` (this tree's or the baseline's). */
const pageTs = (src: string) => `
import '${src}/components/item-viewer/define.js';
import '${src}/components/annotation-layer/define.js';
import { readFrameCode } from '${ROOT}/scripts/frame-code.mjs';
import { benchScene, objectBox } from '${ROOT}/scripts/video-scenes.mjs';
import { trackStateAt } from '${src}/entities/annotations/track-state.js';
import { FrameConverter } from '${src}/components/item-viewer/frame-converter.js';
import { WebCodecsSource } from '${src}/components/item-viewer/webcodecs-source.js';
import { FrameDecoder } from '${src}/components/item-viewer/frame-decoder.js';

const scene = benchScene();
const raf = () => new Promise((r) => requestAnimationFrame(r));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const stats = (xs) => ({ n: xs.length, p50: pct(xs, 0.5), p95: pct(xs, 0.95), max: Math.max(...xs) });
/** CPU seconds used so far by the page's renderer process (every thread: main, workers, decoder) and its main thread (CDP Performance metrics, read by the bench). */
const cpu = () => window.__cpu();

// VIDEO_BENCH_STEPLOG=<n>: what happened during each step (frames decoded, conversions started and
// ended, ms from the step's start), to list the n slowest steps forward.
const STEPLOG = ${Number(process.env.VIDEO_BENCH_STEPLOG ?? 0)};
const OPENLOG = ${process.env.VIDEO_BENCH_OPENLOG ? 'true' : 'false'};
const marks = [];
if (STEPLOG) {
  const frameOfTs = (us) => Math.round((us / 1e6) * scene.fps);
  const convert = FrameConverter.prototype.convert;
  FrameConverter.prototype.convert = function (frame, w, h, r) {
    const f = frameOfTs(frame.timestamp);
    marks.push({ t: performance.now(), e: 'c+', f });
    return convert.call(this, frame, w, h, r).then((b) => (marks.push({ t: performance.now(), e: 'c-', f }), b));
  };
  const draw = WebCodecsSource.prototype.draw;
  WebCodecsSource.prototype.draw = function (...args) {
    const t = performance.now();
    const r = draw.apply(this, args);
    marks.push({ t, e: 'draw', f: '(' + (performance.now() - t).toFixed(1) + ')' });
    return r;
  };
  const tick = (ts) => { marks.push({ t: performance.now(), e: 'raf', f: '' }); requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const request = FrameDecoder.prototype.request;
  FrameDecoder.prototype.request = function (f, to, from, ...rest) {
    marks.push({ t: performance.now(), e: 'req', f: f + '-' + to + (from !== undefined ? '<' + from : '') });
    return request.call(this, f, to, from, ...rest);
  };
  const lane = FrameConverter.prototype.lane;
  FrameConverter.prototype.lane = function () {
    const n = this.lanes.length;
    const l = lane.call(this);
    if (this.lanes.length > n) marks.push({ t: performance.now(), e: 'newlane', f: this.lanes.length });
    return l;
  };
  // Chunks into the decoder (\`i\`), its resets (\`rst\`), configures (\`cfg\`) and flushes (\`fl+\` / \`fl-\`).
  const vd = VideoDecoder.prototype;
  const decode = vd.decode;
  vd.decode = function (chunk) { marks.push({ t: performance.now(), e: 'i', f: frameOfTs(chunk.timestamp) }); return decode.call(this, chunk); };
  for (const [k, e] of [['reset', 'rst'], ['configure', 'cfg']]) {
    const fn = vd[k];
    vd[k] = function (...a) { marks.push({ t: performance.now(), e, f: '' }); return fn.apply(this, a); };
  }
  const flush = vd.flush;
  vd.flush = function () { marks.push({ t: performance.now(), e: 'fl+', f: '' }); const p = flush.call(this); p.then(() => marks.push({ t: performance.now(), e: 'fl-', f: '' }), () => {}); return p; };
  const decoded = WebCodecsSource.prototype.decoded;
  WebCodecsSource.prototype.decoded = function (f, image) {
    marks.push({ t: performance.now(), e: 'd', f });
    return decoded.call(this, f, image);
  };
}

/** 50 box tracks: key frames every second on each object's straight path (the frames between interpolate). */
function tracks() {
  return scene.objects.map((o, i) => {
    const box = (f) => { const b = objectBox(o, f); return [{ x: b.left, y: b.top, z: 0 }, { x: b.right, y: b.bottom, z: 0 }]; };
    const keys = [];
    for (let f = scene.fps; f < scene.frames; f += scene.fps) keys.push(f);
    keys.push(scene.frames - 1);
    return {
      id: 't' + i, type: 'box', label: o.label, coordinates: box(0), attributes: null,
      creator: null, createdAt: null, updatedBy: null, updatedAt: null,
      metadata: { system: { objectId: String(i + 1), frame: 0, endFrame: scene.frames - 1, snapshots_: keys.map((f) => ({ frame: f, fixed: true, label: o.label, type: 'box', objectVisible: true, data: box(f) })) } },
    };
  });
}

const perOp = (a, b, n) => ({ process: (1000 * (b.process - a.process)) / n, main: (1000 * (b.main - a.main)) / n });

/**
 * The software-decode floor: every frame of the clip through one VideoDecoder (mediabunny only
 * demuxes), then the same frames converted to 1280×720 bitmaps as the viewer does, each timed alone.
 * Wall ms and CPU ms (renderer process / main thread) per frame.
 */
window.runFloor = async () => {
  const mb = await import('mediabunny');
  const blob = await (await fetch('./clip.mp4')).blob();
  const input = new mb.Input({ source: new mb.BlobSource(blob), formats: [mb.MP4] });
  const track = await input.getPrimaryVideoTrack();
  const sink = new mb.EncodedPacketSink(track);
  const packets = [];
  for await (const p of sink.packets()) packets.push(p);
  const frames = [];
  const dec = new VideoDecoder({ output: (f) => frames.push(f), error: (e) => console.error(e) });
  dec.configure(await track.getDecoderConfig());
  const c0 = await cpu();
  const a = performance.now();
  for (const p of packets) {
    dec.decode(p.toEncodedVideoChunk());
    while (dec.decodeQueueSize > 4) await new Promise((r) => dec.addEventListener('dequeue', r, { once: true }));
  }
  await dec.flush();
  const decodeMs = (performance.now() - a) / packets.length;
  const c1 = await cpu();
  // As frame-convert.worker.ts does it (here on the page's thread): RGBA with libyuv, then scaled on a canvas, the bitmap a copy of it.
  const w = frames[0].displayWidth;
  const h = frames[0].displayHeight;
  const pixels = new ImageData(w, h);
  const big = new OffscreenCanvas(w, h);
  const bx = big.getContext('2d');
  const small = new OffscreenCanvas(1280, 720);
  const sx = small.getContext('2d');
  const b = performance.now();
  for (const f of frames) {
    await f.copyTo(pixels.data, { format: 'RGBA', colorSpace: 'srgb' });
    bx.putImageData(pixels, 0, 0);
    sx.drawImage(big, 0, 0, 1280, 720);
    (await createImageBitmap(small)).close();
  }
  const convertMs = (performance.now() - b) / frames.length;
  const c2 = await cpu();
  for (const f of frames) f.close();
  dec.close();
  // The unavoidable cost of each seek the bench makes (same targets): decode from the key frame
  // before the target, only the packets it needs (every reference frame up to the target's packet in
  // decode order, the target; not the non-reference B-frames), flush so nothing waits for later
  // packets, then convert that one frame. Once as configured, once with optimizeForLatency.
  const config = await track.getDecoderConfig();
  const nal = (() => {
    const d = config.description;
    if (!/^avc[13]\\./.test(config.codec) || !d) return 0;
    const u = ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d);
    return (u[4] & 3) + 1;
  })();
  const nonRef = (data) => {
    let i = 0;
    while (nal && i + nal < data.length) {
      let len = 0;
      for (let k = 0; k < nal; k++) len = len * 256 + data[i + k];
      const h = data[i + nal];
      if ((h & 0x1f) === 1 || (h & 0x1f) === 5) return ((h >> 5) & 3) === 0;
      i += nal + len;
    }
    return false;
  };
  const t0 = packets.reduce((m, p) => Math.min(m, p.timestamp), Infinity);
  const frameOfP = (p) => Math.round((p.timestamp - t0) * scene.fps);
  let s = 7;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 4294967296);
  const targets = Array.from({ length: 40 }, () => Math.floor(rnd() * scene.frames));
  const seekFloor = async (latency) => {
    const out = [];
    const fed = [];
    // One warm decoder, as the viewer keeps (after a flush the next chunk must be a key frame: each seek starts at one).
    let want = -1;
    let got = null;
    const d = new VideoDecoder({
      output: (fr) => { if (frameOfP({ timestamp: fr.timestamp / 1e6 }) === want && !got) got = fr; else fr.close(); },
      error: (e) => console.error(e),
    });
    d.configure(latency ? { ...config, optimizeForLatency: true } : config);
    const c0 = await cpu();
    for (const f of targets) {
      const at = packets.findIndex((p) => frameOfP(p) === f);
      let k = at;
      while (packets[k].type !== 'key') k--;
      const feed = packets.slice(k, at + 1).filter((p, i) => i === at - k || p.type === 'key' || !nonRef(p.data));
      want = f;
      got = null;
      await sleep(30);
      const a = performance.now();
      for (const p of feed) d.decode(p.toEncodedVideoChunk());
      await d.flush();
      const decoded = performance.now() - a;
      await got.copyTo(pixels.data, { format: 'RGBA', colorSpace: 'srgb' });
      bx.putImageData(pixels, 0, 0);
      sx.drawImage(big, 0, 0, 1280, 720);
      (await createImageBitmap(small)).close();
      out.push({ decoded, total: performance.now() - a });
      fed.push(feed.length);
      got.close();
    }
    const c1 = await cpu();
    d.close();
    return {
      cpu: perOp(c0, c1, targets.length),
      decode: stats(out.map((o) => o.decoded)),
      total: stats(out.map((o) => o.total)),
      fed: stats(fed),
    };
  };
  const seek = await seekFloor(false);
  const seekLatency = await seekFloor(true);
  input.dispose();
  return { frames: frames.length, decodeMs, convertMs, decodeCpu: perOp(c0, c1, frames.length), convertCpu: perOp(c1, c2, frames.length), seek, seekLatency };
};

// VIDEO_BENCH_TARGETS=probe<N>: a bare FrameDecoder seeking the seek phase's 40 targets while the
// page holds its last N decoded VideoFrames (0: closes each at once), as the viewer's cache does.
// Chromium's software decoder waits (wall time, not CPU) once ~16-30 frames are held.
window.runProbe = async (hold) => {
  const mb = await import('mediabunny');
  const { FrameDecoder } = await import('${src}/components/item-viewer/frame-decoder.js');
  const blob = await (await fetch('./clip.mp4')).blob();
  const input = new mb.Input({ source: new mb.BlobSource(blob), formats: [mb.MP4] });
  const track = await input.getPrimaryVideoTrack();
  const t0 = await track.getFirstTimestamp();
  const fps = scene.fps;
  const held = [];
  let want = -1, wake = null;
  const dec = new FrameDecoder(new mb.EncodedPacketSink(track), await track.getDecoderConfig(),
    (t) => Math.round((t - t0) * fps), (f) => t0 + (f + 0.5) / fps,
    (f, image) => { if (hold) { held.push(image); while (held.length > hold) held.shift().close(); } else image.close(); if (f === want) wake?.(); }, () => {});
  let s = 7;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 4294967296);
  const out = [];
  const c0 = await cpu();
  for (let i = 0; i < 40; i++) {
    const f = Math.floor(rnd() * scene.frames);
    await sleep(30);
    const a = performance.now();
    want = f;
    await new Promise((r) => { wake = r; dec.request(f, f); });
    out.push(performance.now() - a);
  }
  const c1 = await cpu();
  dec.close(); for (const h of held) h.close(); input.dispose();
  return { hold, s: stats(out), cpu: perOp(c0, c1, 40) };
};

window.runBench = async (target) => {
  const decoder = target.startsWith('media-element') ? 'media-element' : 'webcodecs';
  const withLayer = !target.endsWith('no-layer');
  const v = document.createElement('dl-item-viewer');
  v.noControls = true;
  v.videoDecoder = decoder;
  v.style.cssText = 'position:fixed;left:0;top:0;width:1280px;height:720px';
  v.item = { metadata: { fps: scene.fps, system: { mimetype: 'video/mp4', fps: scene.fps, nb_frames: scene.frames, width: scene.width, height: scene.height } } };
  let layer = null;
  const anns = tracks();
  if (withLayer) {
    layer = document.createElement('dl-annotation-layer');
    layer.noToolbar = true;
    layer.readonly = true;
    v.append(layer);
  }
  const t0 = performance.now();
  // VIDEO_BENCH_OPENLOG=1: what happened while the video opened (chunks fed \`i\`, configures, flushes,
  // frames out of the decoder \`d\`, conversions), ms from setting src.
  const omarks = [{ e: 'src', t: t0 }];
  const omark = (e) => omarks.push({ e, t: performance.now() });
  if (OPENLOG && !window.__openlog) {
    window.__openlog = true;
    const vd = VideoDecoder.prototype;
    const dec = vd.decode, cfg = vd.configure, fl = vd.flush;
    vd.decode = function (c) { if (omarks.length < 200) omark('i' + Math.round(c.timestamp / 1e6 * scene.fps)); return dec.call(this, c); };
    vd.configure = function (c) { omark('cfg'); return cfg.call(this, c); };
    vd.flush = function () { omark('fl+'); const p = fl.call(this); p.then(() => omark('fl-'), () => {}); return p; };
    const dd = WebCodecsSource.prototype.decoded;
    WebCodecsSource.prototype.decoded = function (f, image) { if (omarks.length < 200) omark('d' + f); return dd.call(this, f, image); };
    const cv = FrameConverter.prototype.convert;
    FrameConverter.prototype.convert = function (frame, w, h, r) { omark('c+'); return cv.call(this, frame, w, h, r).then((b) => (omark('c-'), b)); };
  }
  const loaded = new Promise((r) => v.addEventListener('dl-item-load', r, { once: true }));
  const failed = new Promise((_, rej) => v.addEventListener('dl-item-error', (e) => rej(new Error(e.detail.message)), { once: true }));
  v.src = './clip.mp4';
  document.body.append(v);
  await Promise.race([loaded, failed]);
  if (layer) layer.annotations = anns;
  omark('loaded');
  await raf(); await raf();
  const open = performance.now() - t0;
  omark('open-done');
  const openLog = OPENLOG ? omarks.map((m) => m.e + '@' + (m.t - t0).toFixed(0)).join(' ') : '';
  const canvas = v.shadowRoot.querySelector('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const dpr = devicePixelRatio || 1;
  // What is on screen: the frame number in the pixels, and (with the layer) track 0's box.
  let wrong = 0;
  const check = (f) => {
    const view = v.view;
    const shown = readFrameCode((x, y) => {
      const p = ctx.getImageData(Math.floor((view.x + x * view.scale) * dpr), Math.floor((view.y + y * view.scale) * dpr), 1, 1).data;
      return 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
    }, scene.height);
    let ok = shown === f;
    if (layer) {
      const want = trackStateAt(anns[0], f).coordinates[0].x;
      const s = layer.store.shapes.get('t0');
      ok = ok && s && Math.abs(s.box.left - want) < 1e-6;
    }
    if (!ok) wrong++;
  };
  // Long tasks while measuring.
  const long = [];
  const po = new PerformanceObserver((l) => long.push(...l.getEntries().map((e) => e.duration)));
  po.observe({ type: 'longtask', buffered: false });
  // Seek: random frames (fixed seed), time to the frame drawn with its annotations.
  let s = 7;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 4294967296);
  const seek = [];
  const stepLog = [];
  /** The frame each seek went to (VIDEO_BENCH_SLOW lists the slowest). */
  const seekFrames = [];
  /** Each seek split: until the frame is ready (the seek resolves), then until the next animation frame. */
  const split = { ready: [], shown: [] };
  await window.__alloc('start');
  await window.__profile('start');
  const cpuSeek0 = await cpu();
  for (let i = 0; i < 40; i++) {
    const f = Math.floor(rnd() * scene.frames);
    await sleep(30);
    const pre = marks.filter((m) => m.e !== 'raf').slice(-6).map((m) => m.e + m.f + '@' + (m.t - performance.now()).toFixed(1)).join(' ');
    marks.length = 0;
    const a = performance.now();
    await v.seekFrame(f, false);
    const b = performance.now();
    await raf();
    seek.push(performance.now() - a);
    if (STEPLOG) stepLog.push({ f: -i, ms: performance.now() - a, ready: b - a, log: 'seek #' + i + ' f' + f + ' before: ' + pre + ' | ' + marks.filter((m) => m.e !== 'raf').map((m) => m.e + m.f + '@' + (m.t - a).toFixed(1)).join(' ') });
    split.ready.push(b - a);
    split.shown.push(performance.now() - b);
    seekFrames.push(f);
    check(f);
  }
  const cpuSeek1 = await cpu();
  await window.__profile('stop seek');
  await window.__alloc('stop seek', seek.length);
  const seekLong = long.length;
  // Step forward from a key frame through two GOPs, then back.
  await v.seekFrame(95, false);
  await sleep(300);
  const step = [];
  await window.__profile('start');
  const cpuStep0 = await cpu();
  for (let f = 96; f < 156; f++) {
    const a = performance.now();
    const open = new Map();
    for (const m of marks) if (m.e === 'c+') open.set(m.f, m.t); else if (m.e === 'c-') open.delete(m.f);
    marks.length = 0;
    for (const [f, t] of open) marks.push({ t, e: 'c+', f });
    await v.stepFrame(1, false);
    const b = performance.now();
    await raf();
    const c = performance.now();
    step.push(c - a);
    if (STEPLOG) stepLog.push({ f, ms: c - a, ready: b - a, log: marks.map((m) => m.e + m.f + '@' + (m.t - a).toFixed(1)).join(' ') });
    check(f);
  }
  const cpuStep1 = await cpu();
  await window.__profile('stop step');
  const back = [];
  for (let f = 154; f >= 125; f--) {
    const a = performance.now();
    await v.stepFrame(-1, false);
    await raf();
    back.push(performance.now() - a);
    check(f);
  }
  // Playback: 5 s from frame 0 at the native rate.
  await v.seekFrame(0, false);
  await sleep(300);
  const longBefore = long.length;
  const shown = [];
  const onFrame = (e) => shown.push(e.detail.frame);
  v.addEventListener('dl-frame-change', onFrame);
  await window.__profile('start');
  const cpuPlay0 = await cpu();
  const pa = performance.now();
  await v.play();
  await sleep(5000);
  v.pause();
  const cpuPlay1 = await cpu();
  await window.__profile('stop playback');
  const elapsed = (performance.now() - pa) / 1000;
  v.removeEventListener('dl-frame-change', onFrame);
  const ps = v.playbackStats;
  po.disconnect();
  v.remove();
  return {
    target, open, wrong, openLog,
    seek: stats(seek), step: stats(step), back: stats(back),
    split: { ready: stats(split.ready), shown: stats(split.shown) },
    samples: { seek, step, back, seekFrames, ready: split.ready },
    stepLog: [...stepLog.filter((x) => x.f <= 0 && x.f > -3), ...stepLog.filter((x) => x.f <= -3).sort((x, y) => y.ms - x.ms).slice(0, 3), ...stepLog.filter((x) => x.f > 0).sort((x, y) => y.ms - x.ms).slice(0, STEPLOG)],
    play: { presented: ps.presented, dropped: ps.dropped, elapsed, last: shown.at(-1) ?? 0, long: long.length - longBefore },
    seekLong,
    // CPU ms per operation (per played video frame for playback): the renderer process / its main thread.
    cpu: {
      seek: perOp(cpuSeek0, cpuSeek1, seek.length),
      step: perOp(cpuStep0, cpuStep1, step.length),
      play: perOp(cpuPlay0, cpuPlay1, Math.max(1, ps.presented + ps.dropped)),
    },
  };
};
`;

const PAGE_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>video bench</title></head>
<body style="margin:0;background:#222"><script type="module" src="./page.ts"></script></body></html>`;

function ensureClip(): void {
  if (existsSync(CLIP)) return;
  console.log('making the 1080p bench clip (node scripts/make-video-clips.mjs bench; needs ffmpeg)...');
  const r = spawnSync('node', ['scripts/make-video-clips.mjs', 'bench'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('could not make the bench clip: install ffmpeg (apt-get install -y ffmpeg)');
}

async function buildPage(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  await buildFrom(WORK, join(ROOT, 'src'), DIST);
  writeFileSync(join(DIST, 'clip.mp4'), readFileSync(CLIP));
  if (!BASELINE) return;
  rmSync(BASE, { recursive: true, force: true });
  mkdirSync(BASE, { recursive: true });
  execSync(`git archive ${JSON.stringify(BASELINE)} src tsconfig.json | tar -x -C ${JSON.stringify(BASE)}`, {
    cwd: ROOT,
  });
  mkdirSync(WORK_BASE, { recursive: true });
  await buildFrom(WORK_BASE, join(BASE, 'src'), DIST_BASE);
  copyFileSync(CLIP, join(DIST_BASE, 'clip.mp4'));
}

async function buildFrom(work: string, src: string, outDir: string): Promise<void> {
  writeFileSync(join(work, 'page.ts'), pageTs(src));
  writeFileSync(join(work, 'index.html'), PAGE_HTML);
  await build({
    root: work,
    configFile: false,
    logLevel: 'error',
    base: './',
    worker: { format: 'es' },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 10_000,
      minify: !process.env.VIDEO_BENCH_PROFILE,
    },
  });
}

function serve(): Promise<{ url: string; close(): void }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mp4': 'video/mp4' };
  const server = createServer((req, res) => {
    const path = join(DIST, decodeURIComponent((req.url ?? '/').split('?')[0]!).replace(/\/$/, '/index.html'));
    if (!path.startsWith(DIST) || !existsSync(path) || !statSync(path).isFile()) return res.writeHead(404).end();
    const body = readFileSync(path);
    const type = types[extname(path)] ?? 'application/octet-stream';
    // Byte ranges, as the local server streams items (the <video> element asks for them).
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (m) {
      const start = Number(m[1]);
      const end = m[2] ? Math.min(Number(m[2]), body.length - 1) : body.length - 1;
      res.writeHead(206, {
        'content-type': type,
        'content-range': `bytes ${start}-${end}/${body.length}`,
        'accept-ranges': 'bytes',
      });
      return res.end(body.subarray(start, end + 1));
    }
    res.writeHead(200, { 'content-type': type, 'accept-ranges': 'bytes' }).end(body);
  });
  return new Promise((r) =>
    server.listen(0, '127.0.0.1', () =>
      r({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, close: () => server.close() }),
    ),
  );
}

type Stats = { n: number; p50: number; p95: number; max: number };
type Result = {
  target: string;
  open: number;
  /** VIDEO_BENCH_OPENLOG: the marks while the video opened. */
  openLog: string;
  wrong: number;
  seek: Stats;
  step: Stats;
  back: Stats;
  /** Every measured ms, to pool the rounds of one side. */
  samples: { seek: number[]; step: number[]; back: number[]; seekFrames: number[]; ready: number[] };
  play: { presented: number; dropped: number; elapsed: number; last: number; long: number };
  seekLong: number;
  split: { ready: Stats; shown: Stats };
  stepLog: { f: number; ms: number; ready: number; log: string }[];
  cpu: Record<'seek' | 'step' | 'play', { process: number; main: number }>;
};

type FloorSeek = { decode: Stats; total: Stats; fed: Stats; cpu: { process: number; main: number } };
type Floor = {
  seek: FloorSeek;
  seekLatency: FloorSeek;
  frames: number;
  decodeMs: number;
  convertMs: number;
  decodeCpu: { process: number; main: number };
  convertCpu: { process: number; main: number };
};

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Top functions by self time (sampled) of a CDP CPU profile. */
function printProfile(title: string, p: CpuProfile): void {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (id: number | undefined) => {
    const f = id === undefined ? undefined : byId.get(id)?.callFrame;
    return f ? `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}` : '';
  };
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    const f = byId.get(id)!.callFrame;
    // Native calls are named with their caller (a canvas call says little alone).
    const name = f.url ? label(id) : `${label(id)} < ${label(parent.get(id))}`;
    self.set(name, (self.get(name) ?? 0) + dt);
    total += dt;
  });
  // VIDEO_BENCH_CALLERS=<function>: where its samples come from (call chains, 4 frames up).
  const who = process.env.VIDEO_BENCH_CALLERS;
  if (who) {
    const chains = new Map<string, number>();
    p.samples.forEach((id, i) => {
      if (byId.get(id)!.callFrame.functionName !== who) return;
      const chain: string[] = [];
      for (let n: number | undefined = parent.get(id); n !== undefined && chain.length < 4; n = parent.get(n))
        chain.push(label(n));
      const k = chain.join(' < ');
      chains.set(k, (chains.get(k) ?? 0) + (p.timeDeltas[i] ?? 0));
    });
    for (const [k, v] of [...chains].sort((a, b) => b[1] - a[1]).slice(0, 5))
      console.log(`  ${who} ${(v / 1000).toFixed(1)} ms < ${k}`);
  }
  const busy = total - (self.get('(idle) :0 < (root) :0') ?? 0) - (self.get('(program) :0 < (root) :0') ?? 0);
  console.log(`\nprofile ${title}: ${(busy / 1000).toFixed(0)} ms of JS + GC (sampled)`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`  ${(v / 1000).toFixed(1).padStart(8)} ms  ${k}`);
}

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}
interface HeapProfile {
  head: HeapNode;
  samples: { size: number; nodeId: number }[];
}

/** Bytes allocated per operation (a sampled heap profile of `n` operations, collected objects included), top functions. */
function printAlloc(title: string, p: HeapProfile, n: number): void {
  const self = new Map<string, number>();
  let total = 0;
  const walk = (node: HeapNode, parent: string) => {
    const f = node.callFrame;
    const here = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    const name = f.url ? here : `${here} < ${parent}`;
    if (node.selfSize) self.set(name, (self.get(name) ?? 0) + node.selfSize);
    total += node.selfSize;
    for (const c of node.children) walk(c, here);
  };
  walk(p.head, '');
  console.log(`\nallocated ${title}: ${(total / n / 1024).toFixed(0)} KB per operation (sampled)`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20))
    console.log(`  ${(v / n / 1024).toFixed(1).padStart(8)} KB  ${k}`);
}

const f1 = (x: number | undefined) =>
  x === undefined || Number.isNaN(x) ? '–' : x >= 100 ? x.toFixed(0) : x.toFixed(1);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};

/** One side's runs of one target pooled: percentiles of all samples, playback summed. */
function pool(runs: Result[]) {
  const all = (k: 'seek' | 'step' | 'back') => runs.flatMap((r) => r.samples[k]);
  const presented = runs.reduce((a, r) => a + r.play.presented, 0);
  const dropped = runs.reduce((a, r) => a + r.play.dropped, 0);
  return {
    seek50: pct(all('seek'), 0.5),
    seek95: pct(all('seek'), 0.95),
    step50: pct(all('step'), 0.5),
    step95: pct(all('step'), 0.95),
    back95: pct(all('back'), 0.95),
    dropPct: (100 * dropped) / Math.max(1, presented + dropped),
    dropped,
    total: presented + dropped,
    wrong: runs.reduce((a, r) => a + r.wrong, 0),
    long: runs.reduce((a, r) => a + r.play.long, 0),
    // CPU ms of the renderer process per seek / step / played frame, averaged over the runs: load on
    // the machine stretches wall times far more than it changes the work done.
    cpu: (k: 'seek' | 'step' | 'play') => runs.reduce((a, r) => a + r.cpu[k].process, 0) / runs.length,
  };
}

async function main(): Promise<void> {
  ensureClip();
  await buildPage();
  const srv = await serve();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
  const results: Result[] = [];
  /** With a baseline: each target's runs per side, in the order they ran. */
  const sides = new Map<string, { current: Result[]; baseline: Result[] }>();
  let floor = null as Floor | null;
  const runOne = async (target: string, side: 'current' | 'baseline'): Promise<void> => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.setDefaultTimeout(300_000);
    // CPU time of the page's renderer process and main thread, which load on the machine does not inflate.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.exposeFunction('__cpu', async () => {
      const { metrics } = (await cdp.send('Performance.getMetrics')) as {
        metrics: { name: string; value: number }[];
      };
      const m = (n: string) => metrics.find((x) => x.name === n)?.value ?? Number.NaN;
      return { process: m('ProcessTime'), main: m('ThreadTime') };
    });
    // VIDEO_BENCH_PROFILE=1: the main thread's JavaScript self time by function during stepping and playback.
    await page.exposeFunction('__profile', async (what: string) => {
      if (!process.env.VIDEO_BENCH_PROFILE) return;
      if (what === 'start') {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
        return;
      }
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
      printProfile(`${target} ${side} ${what.slice(5)}`, profile);
    });
    // VIDEO_BENCH_ALLOC=1: bytes allocated on the page's main thread per seek (sampled heap profile), by function.
    await page.exposeFunction('__alloc', async (what: string, n = 1) => {
      if (!process.env.VIDEO_BENCH_ALLOC) return;
      if (what === 'start') {
        await cdp.send('HeapProfiler.enable');
        await cdp.send('HeapProfiler.collectGarbage');
        await cdp.send('HeapProfiler.startSampling', {
          samplingInterval: 1024,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true,
        });
        return;
      }
      const { profile } = (await cdp.send('HeapProfiler.stopSampling')) as { profile: HeapProfile };
      printAlloc(`${target} ${side} ${what.slice(5)}`, profile, n);
    });
    await page.goto(side === 'baseline' ? `${srv.url}baseline/` : srv.url);
    await page.waitForFunction(() => typeof (window as unknown as { runBench?: unknown }).runBench === 'function');
    if (target.startsWith('probe')) {
      const r = await page.evaluate(
        (h) => (window as unknown as { runProbe(h: number): Promise<unknown> }).runProbe(h),
        Number(target.slice(5) || 0),
      );
      console.log(target, side, JSON.stringify(r));
      await page.close();
      return;
    }
    if (target === 'floor') {
      const fl = (await page.evaluate(() =>
        (window as unknown as { runFloor(): Promise<unknown> }).runFloor(),
      )) as Floor;
      await page.close();
      floor = fl;
      for (const [name, x] of [
        ['as configured', fl.seek],
        ['optimizeForLatency', fl.seekLatency],
      ] as const)
        console.log(
          `floor seek (${name}, the bench's 40 targets, packets fed p50 ${x.fed.p50} max ${x.fed.max}): decoded p50 ${f1(x.decode.p50)} p95 ${f1(x.decode.p95)} ms, + convert p50 ${f1(x.total.p50)} p95 ${f1(x.total.p95)} ms, CPU ${f1(x.cpu.process)}/${f1(x.cpu.main)} ms per seek (process/main)`,
        );
      console.log(
        `floor (${fl.frames} frames)  decode alone ${f1(fl.decodeMs)} ms/frame, CPU ${f1(fl.decodeCpu.process)}/${f1(fl.decodeCpu.main)} ms (process/main)` +
          `  1080p -> 1280x720 bitmap ${f1(fl.convertMs)} ms/frame, CPU ${f1(fl.convertCpu.process)}/${f1(fl.convertCpu.main)} ms`,
      );
      return;
    }
    const r = (await page.evaluate(
      (t) => (window as unknown as { runBench(t: string): Promise<unknown> }).runBench(t),
      target,
    )) as Result;
    await page.close();
    if (side === 'current') results.push(r);
    if (BASELINE) {
      const s = sides.get(target) ?? { current: [], baseline: [] };
      s[side].push(r);
      sides.set(target, s);
    }
    // VIDEO_BENCH_SPLIT=1: where a seek's time goes (frame ready / then shown at the next animation frame).
    if (process.env.VIDEO_BENCH_SPLIT)
      console.log(
        `  split ${target} ${side}: ready p50 ${f1(r.split.ready.p50)} p95 ${f1(r.split.ready.p95)} ms, then shown p50 ${f1(r.split.shown.p50)} p95 ${f1(r.split.shown.p95)} ms`,
      );
    // VIDEO_BENCH_SLOW=<n>: the n slowest seeks (frame, frames after its key frame, ready / total ms).
    const slow = Number(process.env.VIDEO_BENCH_SLOW ?? 0);
    if (slow > 0) {
      const order = r.samples.seek.map((_, i) => i).sort((a, b) => r.samples.seek[b]! - r.samples.seek[a]!);
      console.log(
        `  slowest seeks ${target} ${side}: ` +
          order
            .slice(0, slow)
            .map((i) => {
              const f = r.samples.seekFrames[i]!;
              return `#${i} f${f} (+${f % 30}) ${f1(r.samples.ready[i]!)}/${f1(r.samples.seek[i]!)}`;
            })
            .join(', '),
      );
    }
    // VIDEO_BENCH_SEEKS=<i,j,...>: those seeks (by index), ready / total ms, to follow given seeks round by round.
    const picked = (process.env.VIDEO_BENCH_SEEKS ?? '').split(',').filter(Boolean).map(Number);
    if (picked.length)
      console.log(
        `  seeks ${target} ${side}: ` +
          picked
            .filter((i) => i < r.samples.seek.length)
            .map((i) => `#${i} f${r.samples.seekFrames[i]} ${f1(r.samples.ready[i]!)}/${f1(r.samples.seek[i]!)}`)
            .join(', '),
      );
    if (r.openLog) console.log(`  open ${target} ${side}: ${r.openLog}`);
    for (const l of r.stepLog)
      console.log(
        `  slow step ${target} ${side}: f${l.f} (+${l.f % 30}) ready ${f1(l.ready)} / ${f1(l.ms)} ms: ${l.log}`,
      );
    const dropPct = (100 * r.play.dropped) / Math.max(1, r.play.presented + r.play.dropped);
    const name = BASELINE ? `${target}${side === 'baseline' ? '@base' : ''}` : target;
    console.log(
      `${name.padEnd(24)} open ${f1(r.open)} ms  seek p50 ${f1(r.seek.p50)} p95 ${f1(r.seek.p95)} max ${f1(r.seek.max)} ms` +
        `  step p50 ${f1(r.step.p50)} p95 ${f1(r.step.p95)} ms  back p95 ${f1(r.back.p95)} ms` +
        `  play ${f1((r.play.presented + 1) / r.play.elapsed)} fps shown, dropped ${r.play.dropped}/${r.play.presented + r.play.dropped} (${f1(dropPct)}%)` +
        `  long tasks seek ${r.seekLong} play ${r.play.long}  wrong frames ${r.wrong}` +
        `  CPU ms (process/main) seek ${f1(r.cpu.seek.process)}/${f1(r.cpu.seek.main)} step ${f1(r.cpu.step.process)}/${f1(r.cpu.step.main)} per played frame ${f1(r.cpu.play.process)}/${f1(r.cpu.play.main)}`,
    );
  };
  try {
    for (const target of TARGETS) {
      if (!BASELINE || target === 'floor') {
        await runOne(target, 'current');
        continue;
      }
      // A B, B A, …: drift in the machine's load falls on both sides alike.
      for (let i = 0; i < ROUNDS; i++) {
        const order: Array<'current' | 'baseline'> = i % 2 === 0 ? ['current', 'baseline'] : ['baseline', 'current'];
        for (const side of order) await runOne(target, side);
      }
    }
  } finally {
    await browser.close();
    srv.close();
    if (BASELINE) rmSync(BASE, { recursive: true, force: true });
  }
  if (BASELINE) {
    console.log(
      `\nThis tree against ${BASELINE} (same run, ${ROUNDS} rounds per target interleaved, samples pooled per side; ratio = this tree / baseline):`,
    );
    console.log(
      '\n| target | side | seek p50 / p95 ms | step p50 / p95 ms | step back p95 ms | dropped | wrong frames | CPU ms seek / step / played frame | seek p95 ratio | step p95 ratio | back p95 ratio | CPU ratio seek / step / play |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const [target, s] of sides) {
      const a = pool(s.current);
      const b = pool(s.baseline);
      const row = (side: string, x: ReturnType<typeof pool>, ratios: string) =>
        console.log(
          `| ${target} | ${side} | ${f1(x.seek50)} / ${f1(x.seek95)} | ${f1(x.step50)} / ${f1(x.step95)} | ${f1(x.back95)} | ` +
            `${x.dropped}/${x.total} (${f1(x.dropPct)}%) | ${x.wrong} | ${f1(x.cpu('seek'))} / ${f1(x.cpu('step'))} / ${f1(x.cpu('play'))} | ${ratios} |`,
        );
      const cpuRatio = (k: 'seek' | 'step' | 'play') => `${(a.cpu(k) / b.cpu(k)).toFixed(2)}x`;
      row(
        'this tree',
        a,
        `${f1(a.seek95 / b.seek95)}x | ${f1(a.step95 / b.step95)}x | ${f1(a.back95 / b.back95)}x | ${cpuRatio('seek')} / ${cpuRatio('step')} / ${cpuRatio('play')}`,
      );
      row(BASELINE, b, '– | – | – | –');
    }
  }
  const ref = results.find((r) => r.target === 'media-element');
  console.log(
    '\n| target | seek p50 / p95 ms | step p50 / p95 ms | step back p95 ms | playback: shown fps, dropped % | long tasks (playback) | wrong frames | seek p95 vs <video> | step p95 vs <video> |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const total = r.play.presented + r.play.dropped;
    console.log(
      `| ${r.target} | ${f1(r.seek.p50)} / ${f1(r.seek.p95)} | ${f1(r.step.p50)} / ${f1(r.step.p95)} | ${f1(r.back.p95)} | ` +
        `${f1((r.play.presented + 1) / r.play.elapsed)}, ${f1((100 * r.play.dropped) / Math.max(1, total))}% | ${r.play.long} | ${r.wrong} | ` +
        `${ref ? f1(r.seek.p95 / ref.seek.p95) + 'x' : '–'} | ${ref ? f1(r.step.p95 / ref.step.p95) + 'x' : '–'} |`,
    );
  }
  if (floor)
    console.log(
      `\nSoftware-decode floor of this run: ${f1(floor.decodeMs)} ms per frame decoded in sequence (CPU ${f1(floor.decodeCpu.process)} ms), ` +
        `${f1(floor.convertMs)} ms per 1280×720 bitmap (CPU ${f1(floor.convertCpu.process)} ms). A seek decodes from the key frame before it: ` +
        `worst case 30 frames ≈ ${f1(30 * floor.decodeMs)} ms; playback needs decode + convert under 33 ms per frame.`,
    );
  console.log(
    '\n1080p 30 fps H.264 (main, B-frames, key frame every 30 frames = 1 s, a usual encoder setting; a seek decodes from the key frame before it), viewer 1280×720, 50 tracked boxes interpolated between key frames every second.',
  );
  console.log(
    'Seek/step: from the call until the next animation frame after the frame is ready (what a user sees), checked from the pixels. Targets: seek p95 <= 100 ms, step p95 <= 33 ms, dropped <= 1%.',
  );
  console.log(
    'Headless Chromium, software decoding and rendering (--disable-gpu), shared cores: compare ratios within one run.',
  );
}

/**
 * Tracking, measured by the assist bench's track section (bench/assist.bench.ts: Median Flow and
 * TrackerMIL in the assist worker of a production build vs native OpenCV, long tasks), run as a child
 * after this bench's browser has closed, so the two do not share the cores. A failure fails this bench.
 */
function runTracking(): void {
  console.log(
    '\n##### tracking: bench/assist.bench.ts with ASSIST_BENCH_ONLY=track (VIDEO_BENCH_TRACK=0 leaves it out)',
  );
  const r = spawnSync('npx', ['tsx', 'bench/assist.bench.ts'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ASSIST_BENCH_ONLY: 'track' },
  });
  if (r.status !== 0) {
    console.log(`tracking bench FAILED (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`);
    process.exitCode = 1;
  }
}

await main();
if (TRACK) runTracking();
