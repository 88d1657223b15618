// The tool a demo item starts with: the one last drawn with on this page type, when a click with it draws nothing.
import { describe, expect, it } from 'vitest';
import { startTool } from './start-tool.js';

describe('startTool', () => {
  it('starts with the box, polygon, polyline or ellipse tool last drawn with', () => {
    for (const t of ['box', 'polygon', 'polyline', 'ellipse'])
      for (const type of ['image', 'video'] as const) expect(startTool(t, type)).toBe(t);
  });
  it('starts on Select before anything was drawn, or after the annotator went back to Select', () => {
    expect(startTool(null, 'image')).toBe('select');
    expect(startTool('select', 'image')).toBe('select');
  });
  it('starts on Select after a tool whose one click makes a shape (point, magic wand, brush) or a one-shot', () => {
    for (const t of ['point', 'magic-wand', 'brush', 'eraser', 'classification', 'watershed'])
      expect(startTool(t, 'image')).toBe('select');
  });
  it('keeps an assisted tool on images; a video, which does not offer it, starts on Select', () => {
    expect(startTool('scissors', 'image')).toBe('scissors');
    expect(startTool('grab-cut', 'image')).toBe('grab-cut');
    expect(startTool('scissors', 'video')).toBe('select');
    expect(startTool('grab-cut', 'video')).toBe('select');
  });
  it('starts on Select for a tool it does not know', () => {
    expect(startTool('lasso', 'image')).toBe('select');
  });
  it('starts on Select under review, whatever was drawn: the kept tool is for labeling', () => {
    for (const t of ['box', 'polygon', 'polyline', 'ellipse', 'scissors', 'grab-cut'])
      for (const type of ['image', 'video'] as const) {
        expect(startTool(t, type, { reviewing: true })).toBe('select');
        expect(startTool(t, type, { reviewing: false }), 'labeling keeps it').toBe(startTool(t, type));
      }
    expect(startTool('box', 'image', { reviewing: false })).toBe('box');
  });
});
