import { describe, expect, it } from 'vitest';
import { timelineRows, type TimelineSegment } from './timeline-model.js';
import { coordinatesNear, interpolateCoordinates } from '../../entities/annotations/track-interpolation.js';
import { keyFrameFraction } from '../../geometry/shapes/interpolate.js';

const box = (x: number) => [
  { x, y: 10, z: 0 },
  { x: x + 20, y: 30, z: 0 },
];

interface Snap {
  frame: number;
  fixed: boolean;
  objectVisible: boolean;
  data: unknown;
}

function track(frame: number, endFrame: number, snapshots: Snap[]) {
  return {
    id: 'a1',
    type: 'box',
    label: 'car',
    coordinates: box(0),
    metadata: { system: { frame, endFrame, objectId: '1', snapshots_: snapshots } },
  };
}

/**
 * The gap split written the straightforward way (as it was): for every pair of key frames, filter
 * all stored frames for the ones between them. The model must give the same ranges.
 */
function referenceSplit(start: number, end: number, coords: unknown, snaps: Snap[]) {
  type Stored = { frame: number; fixed: boolean; visible: boolean; coordinates: unknown };
  const stored: Stored[] = [{ frame: start, fixed: true, visible: true, coordinates: coords }];
  for (const s of snaps)
    if (s.frame > start) stored.push({ frame: s.frame, fixed: s.fixed, visible: s.objectVisible, coordinates: s.data });
  stored.sort((x, y) => x.frame - y.frame);
  const out = { tracked: [] as Array<[number, number]>, interpolated: [] as Array<[number, number]> };
  const keys = stored.filter((s) => s.fixed);
  keys.forEach((k0, i) => {
    const k1 = keys[i + 1];
    const mids = stored.filter((s) => !s.fixed && s.frame > k0.frame && (!k1 || s.frame < k1.frame));
    const interpolates =
      !!k1 && k0.visible && k1.visible && interpolateCoordinates('box', k0.coordinates, k1.coordinates, 0.5) !== null;
    const derived = (f: number) =>
      interpolates
        ? interpolateCoordinates('box', k0.coordinates, k1!.coordinates, keyFrameFraction(f, k0.frame, k1!.frame))
        : k0.coordinates;
    const expectVisible = interpolates || k0.visible;
    if (mids.every((m) => m.visible === expectVisible && coordinatesNear('box', m.coordinates, derived(m.frame)))) {
      if (interpolates && k1!.frame - k0.frame > 1) out.interpolated.push([k0.frame + 1, k1!.frame - 1]);
      return;
    }
    for (const m of mids) {
      if (!m.visible || m.frame > end) continue;
      const last = out.tracked[out.tracked.length - 1];
      if (last && m.frame === last[1] + 1) last[1] = m.frame;
      else if (!last || m.frame > last[1]) out.tracked.push([m.frame, m.frame]);
    }
  });
  return out;
}

/** A small seeded generator (mulberry32): the same tracks on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('timelineRows: tracked and interpolated ranges', () => {
  it('a track with many key frames splits its gaps as the per-key-frame filter does (shuffled snapshots, frames stored twice, hidden frames)', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const r = rng(seed);
      const end = 1500;
      const snaps: Snap[] = [];
      let x = 0;
      let keyX = 0;
      for (let f = 1; f <= end; f++) {
        const p = r();
        if (p < 0.15) {
          // A key frame, sometimes hidden.
          keyX = x = Math.round(r() * 400);
          snaps.push({ frame: f, fixed: true, objectVisible: r() > 0.1, data: box(keyX) });
        } else if (p < 0.55) {
          // A stored frame: held (what a key-frame edit writes out) or a tracker's own box.
          const held = r() < 0.5;
          if (!held) x += Math.round(r() * 6) - 3;
          snaps.push({ frame: f, fixed: false, objectVisible: r() > 0.05, data: box(held ? keyX : x) });
        }
        // A frame stored twice (a key frame and a stored frame on it, or two stored frames).
        if (r() < 0.02) snaps.push({ frame: f, fixed: r() < 0.5, objectVisible: true, data: box(x + 1) });
      }
      // Gaps where only interpolated frames are stored between two visible key frames.
      const a = end + 10;
      snaps.push({ frame: a, fixed: true, objectVisible: true, data: box(0) });
      for (let f = a + 1; f < a + 10; f++)
        snaps.push({ frame: f, fixed: false, objectVisible: true, data: box(f - a) });
      snaps.push({ frame: a + 10, fixed: true, objectVisible: true, data: box(10) });
      // The list's order is not the frames' order.
      for (let i = snaps.length - 1; i > 0; i--) {
        const j = Math.floor(r() * (i + 1));
        [snaps[i], snaps[j]] = [snaps[j]!, snaps[i]!];
      }
      const trackEnd = a + 5 + Math.floor(r() * 20);
      const [seg] = timelineRows([track(0, trackEnd, snaps)], 30).tracks[0]!.segments as [TimelineSegment];
      const want = referenceSplit(0, trackEnd, box(0), snaps);
      expect(seg.tracked, `seed ${seed}`).toEqual(want.tracked);
      expect(seg.interpolated, `seed ${seed}`).toEqual(want.interpolated);
      expect(seg.keyFrames.length, `seed ${seed}`).toBeGreaterThan(150);
      expect(want.tracked.length + want.interpolated.length, `seed ${seed}`).toBeGreaterThan(20);
      expect(want.interpolated, `seed ${seed}`).toContainEqual([a + 1, a + 9]);
    }
  });

  it('a stored frame on a key frame belongs to neither gap', () => {
    const snaps: Snap[] = [
      { frame: 10, fixed: false, objectVisible: true, data: box(99) }, // before the key frame 10 in the list
      { frame: 10, fixed: true, objectVisible: true, data: box(10) },
      { frame: 20, fixed: true, objectVisible: true, data: box(20) },
      { frame: 20, fixed: false, objectVisible: true, data: box(77) }, // after the key frame 20 in the list
    ];
    const [seg] = timelineRows([track(0, 30, snaps)], 30).tracks[0]!.segments as [TimelineSegment];
    expect(seg.tracked).toEqual([]);
    expect(seg.interpolated).toEqual([
      [1, 9],
      [11, 19],
    ]);
  });
});
