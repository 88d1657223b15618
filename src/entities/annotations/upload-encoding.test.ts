import { describe, expect, it } from 'vitest';
import { encodeAnnotationForUpload } from './index.js';
import { annotationJson } from './test-utils/sample-json.js';

const pts = (l: number) => [
  { x: l, y: l, z: 0 },
  { x: l + 1, y: l + 1, z: 0 },
];
const snap = (frame: number, l: number, fixed: boolean, extra: Record<string, unknown> = {}) => ({
  frame,
  fixed,
  label: 'vehicle.car',
  type: 'box',
  objectVisible: true,
  data: pts(l),
  ...extra,
});

describe('encodeAnnotationForUpload (SDK _annotation_encoding, spec §2.3)', () => {
  it('drops non-fixed snapshots equal to the previous kept one; keeps fixed ones; input untouched', () => {
    // v1 attributes [] at top level = `attributes` of the synthetic first frame
    const snaps = [
      snap(1, 0, false, { attributes: [] }), // equal to the synthetic first frame -> dropped
      snap(2, 5, false, { attributes: [] }), // moved -> kept
      snap(3, 5, false, { attributes: [] }), // same as 2 -> dropped
      snap(4, 5, true, { attributes: [] }), // same data but fixed -> kept (and differs by fixed anyway)
      snap(5, 5, true, { attributes: [] }), // equal to 4 but fixed -> kept
    ];
    const json = annotationJson('box', pts(0), { system: { frame: 0, endFrame: 5, snapshots_: snaps } });
    const before = structuredClone(json);
    const out = encodeAnnotationForUpload(json);
    const frames = (out['metadata'] as { system: { snapshots_: { frame: number }[] } }).system.snapshots_.map(
      (s) => s.frame,
    );
    expect(frames).toEqual([2, 4, 5]);
    expect(json).toStrictEqual(before);
  });

  it('snapshots carrying namedAttributes never equal the synthetic first frame (as noted in the spec)', () => {
    const json = annotationJson('box', pts(0), {
      system: { snapshots_: [snap(1, 0, false, { attributes: [], namedAttributes: {} })] },
    });
    const out = encodeAnnotationForUpload(json);
    expect((out['metadata'] as { system: { snapshots_: unknown[] } }).system.snapshots_).toHaveLength(1);
  });

  it('leaves annotations without snapshots alone', () => {
    const json = annotationJson('point', { x: 1, y: 2, z: 0 });
    expect(encodeAnnotationForUpload(json)).toStrictEqual(json);
  });
});
