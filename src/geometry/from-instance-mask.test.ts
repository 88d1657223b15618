// Node: AnnotationCollection.fromInstanceMask through the real in-process backend (spec §3.4).
import { describe, expect, it } from 'vitest';
import './index.js';
import { AnnotationCollection } from '../entities/annotations/index.js';
import { DlGeometryError } from './errors.js';
import { runInstanceMaskCases } from './test-utils/instance-mask-cases.js';

describe('AnnotationCollection.fromInstanceMask (Node, in-process OpenCV backend)', () => {
  it('one white Segmentation per present label, in map order; unmapped ids ignored; 0 only when mapped', async () => {
    await runInstanceMaskCases();
  });
  it('bad input is a typed error', async () => {
    await expect(
      AnnotationCollection.fromInstanceMask({ width: 2, height: 2, data: new Uint8Array(3) }, { a: 1 }),
    ).rejects.toBeInstanceOf(DlGeometryError);
    await expect(
      AnnotationCollection.fromInstanceMask({ width: 1, height: 1, data: new Uint8Array(1) }, { a: 1.5 }),
    ).rejects.toBeInstanceOf(DlGeometryError);
  });
});
