/**
 * The timeline's frame ↔ position maths in one place: every lane (ruler, tracks, subtitles) spans
 * frames 0..last over the same x range, so a frame's left edge is a percentage of the lane and a
 * pointer's x maps back to a frame. Pure functions, so the rules can be read and tested alone.
 */
import { tickStep } from './timeline-model.js';

/** The last frame index of a video of `frameCount` frames (0 for none or one). */
export function lastFrame(frameCount: number): number {
  return Math.max(0, Math.round(frameCount) - 1);
}

/** `f` rounded and kept within 0..`last`. */
export function clampFrame(f: number, last: number): number {
  return Math.min(last, Math.max(0, Math.round(f)));
}

/** Left offset (CSS percentage of the lane) of frame position `f` (fractions allowed). */
export function framePercent(f: number, last: number): string {
  return `${(f / (last + 1)) * 100}%`;
}

/** The frame under client x `clientX` on a lane whose box is `lane`. */
export function frameAtX(clientX: number, lane: Pick<DOMRect, 'left' | 'width'>, last: number): number {
  const x = Math.min(lane.width - 0.001, Math.max(0, clientX - lane.left));
  return clampFrame(Math.floor((x / Math.max(1, lane.width)) * (last + 1)), last);
}

/** Frames that get a ruler tick on a lane `width` px wide (labels at least 64 px apart). */
export function tickFrames(last: number, fps: number, width: number): number[] {
  const step = tickStep(last + 1, fps, width);
  const ticks: number[] = [];
  for (let f = 0; f <= last; f += step) ticks.push(f);
  return ticks;
}
