// Video uploads: the container probe (mediabunny in Node, no ffmpeg) and what the server stores.
// The clips are the committed ones made by scripts/make-video-clips.mjs (320×240, 30 fps, 90 frames).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frameRateRational, looksLikeVideo, probeVideo, videoItemMetadata } from '../media/probe.js';
import { startTestServer, type TestServer } from '../testing.js';
import { client, makeDataset } from './helpers.js';

const FIXTURES = join(import.meta.dirname, '../../src/components/item-viewer/fixtures');
const H264 = join(FIXTURES, 'clip-h264.mp4');
const VP9 = join(FIXTURES, 'clip-vp9.webm');
const VP8 = join(FIXTURES, 'clip-vp8.webm');
/** The H.264 clip tagged `rotate=90` (stored 320×240, shown turned). */
const ROTATED = join(FIXTURES, 'clip-h264-rotated.mp4');

describe('probeVideo', () => {
  it('reads type, codec, size, fps, frame count and duration of H.264 MP4, VP9 and VP8 WebM', async () => {
    expect(await probeVideo(H264)).toEqual({
      mimetype: 'video/mp4',
      codec: 'avc',
      width: 320,
      height: 240,
      storedWidth: 320,
      storedHeight: 240,
      rotation: 0,
      fps: 30,
      frames: 90,
      duration: 3,
    });
    const webm = await probeVideo(VP9);
    expect(webm).toMatchObject({ mimetype: 'video/webm', codec: 'vp9', width: 320, height: 240, fps: 30, frames: 90 });
    expect(webm!.duration).toBeCloseTo(3, 2);
    const vp8 = await probeVideo(VP8);
    expect(vp8).toMatchObject({ mimetype: 'video/webm', codec: 'vp8', width: 320, height: 240, fps: 30, frames: 90 });
    expect(vp8!.duration).toBeCloseTo(3, 2);
  });

  it('a turned video: the display size turned in system, the stored size and rotation in ffmpeg as ffprobe dumps them', async () => {
    const p = await probeVideo(ROTATED);
    expect(p).toMatchObject({ width: 240, height: 320, storedWidth: 320, storedHeight: 240, rotation: 270 });
    const { system } = videoItemMetadata(p!);
    expect([system.width, system.height]).toEqual([240, 320]);
    // `ffprobe -show_streams -of json` of this file (ffmpeg 5.1): width 320, height 240, and
    // side_data_list [{side_data_type: 'Display Matrix', rotation: 90, ...}].
    expect(system.ffmpeg).toMatchObject({
      width: 320,
      height: 240,
      side_data_list: [{ side_data_type: 'Display Matrix', rotation: 90 }],
    });
    // An unturned video has no display matrix.
    expect(videoItemMetadata((await probeVideo(H264))!).system.ffmpeg).not.toHaveProperty('side_data_list');
  });

  it('answers null for what is not a video it can read (never throws)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dlkit-probe-'));
    try {
      const junk = join(dir, 'junk.mp4');
      writeFileSync(junk, Buffer.concat([Buffer.from([0, 0, 0, 16]), Buffer.from('ftypisom'), Buffer.alloc(64, 7)]));
      expect(await probeVideo(junk)).toBeNull();
      expect(await probeVideo(join(dir, 'missing.webm'))).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(looksLikeVideo(readFileSync(H264).subarray(0, 16))).toBe(true);
    expect(looksLikeVideo(readFileSync(VP9).subarray(0, 16))).toBe(true);
    expect(looksLikeVideo(Buffer.from('\x89PNG\r\n\x1a\n'), 'image/png')).toBe(false);
    expect(looksLikeVideo(Buffer.from('hello'), 'video/ogg')).toBe(true);
  });

  it('writes the platform keys: top-level fps/startTime, system fps, nb_frames, duration, size, ffmpeg rationals', () => {
    expect([frameRateRational(30), frameRateRational(30000 / 1001), frameRateRational(12.5)]).toEqual([
      '30/1',
      '30000/1001',
      '12500/1000',
    ]);
    const m = videoItemMetadata({
      mimetype: 'video/mp4',
      codec: 'avc',
      width: 64,
      height: 48,
      fps: 25,
      frames: 125,
      duration: 5,
    });
    expect(m).toEqual({
      fps: 25,
      startTime: 0,
      system: {
        fps: 25,
        duration: 5,
        nb_frames: 125,
        width: 64,
        height: 48,
        startTime: 0,
        ffmpeg: {
          codec_name: 'h264',
          width: 64,
          height: 48,
          avg_frame_rate: '25/1',
          r_frame_rate: '25/1',
          nb_read_frames: '125',
          duration: '5.000000',
        },
      },
    });
  });
});

describe('video upload through the server', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv?.close();
  });

  it('an MP4 sent as octet-stream is stored as video/mp4 with its probe; the stream serves ranges of it', async () => {
    const ds = await makeDataset(srv, 'videos');
    const api = client(srv.url, srv.tokens.owner);
    const bytes = readFileSync(H264);
    const form = new FormData();
    form.append('path', '/clips/clip.mp4');
    form.append('metadata', JSON.stringify({ user: { note: 'kept' }, system: { fps: 1 } }));
    form.append('file', new Blob([bytes], { type: 'application/octet-stream' }), 'clip.mp4');
    const r = await api.post(`/datasets/${ds}/items`, form);
    expect(r.status).toBe(201);
    const md = r.json.metadata;
    expect(md).toMatchObject({
      fps: 30,
      startTime: 0,
      user: { note: 'kept' },
      system: {
        mimetype: 'video/mp4',
        fps: 30,
        nb_frames: 90,
        duration: 3,
        width: 320,
        height: 240,
        size: bytes.length,
      },
    });
    expect(md.system.ffmpeg).toMatchObject({ codec_name: 'h264', avg_frame_rate: '30/1', nb_read_frames: '90' });
    const s = await fetch(`${srv.url}/items/${r.json.id}/stream`, {
      headers: { authorization: `Bearer ${srv.tokens.owner}`, range: 'bytes=0-99' },
    });
    expect(s.status).toBe(206);
    expect(s.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await s.arrayBuffer())).toEqual(bytes.subarray(0, 100));
  });

  it('a WebM is stored as video/webm; a file that is not a video keeps its declared type and no video keys', async () => {
    const ds = await makeDataset(srv, 'videos2');
    const api = client(srv.url, srv.tokens.owner);
    const form = new FormData();
    form.append('file', new Blob([readFileSync(VP9)], { type: 'video/webm' }), 'clip.webm');
    const r = await api.post(`/datasets/${ds}/items`, form);
    expect(r.status).toBe(201);
    expect(r.json.metadata.system).toMatchObject({ mimetype: 'video/webm', fps: 30, nb_frames: 90 });
    const bad = new FormData();
    bad.append('file', new Blob([Buffer.alloc(300, 1)], { type: 'video/mp4' }), 'broken.mp4');
    const b = await api.post(`/datasets/${ds}/items`, bad);
    expect(b.status).toBe(201);
    expect(b.json.metadata.system.mimetype).toBe('video/mp4');
    expect(b.json.metadata.system.fps).toBeUndefined();
    expect(b.json.metadata.fps).toBeUndefined();
  });
});
