// Chromium: AnnotationCollection.fromInstanceMask on a page goes through the geometry worker (spec §3.4).
import { describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 120_000 }); // worker start-up (OpenCV, 10 MB) is slow on a loaded machine
import '../geometry/index.js';
import './index.js';
import { getGeometryPool } from './index.js';
import { runInstanceMaskCases } from '../geometry/test-utils/instance-mask-cases.js';

describe('AnnotationCollection.fromInstanceMask (Chromium, worker backend)', () => {
  it('same results as in Node, computed in the worker', async () => {
    await runInstanceMaskCases();
    expect(getGeometryPool().spawned).toBeGreaterThan(0);
  });
});
