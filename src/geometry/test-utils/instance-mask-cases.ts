// Shared by the Node and Chromium tests of AnnotationCollection.fromInstanceMask (spec §3.4). Everything
// expected here is derived by hand from the 4x3 mask below, not from the implementation.
import { expect } from 'vitest';
import type { Mask } from '../../entities/geometry-backend.js';
import { AnnotationCollection, Segmentation } from '../../entities/annotations/index.js';

/**
 * 4 wide, 3 high (pixel index = row * 4 + col):
 *   0 2 2 7
 *   1 1 0 7
 *   5 2 9 0
 */
export function instanceMask(): Mask {
  return { width: 4, height: 3, data: new Uint8Array([0, 2, 2, 7, 1, 1, 0, 7, 5, 2, 9, 0]) };
}

/** Map order dog, cat, bird, background: bird (4) never occurs; 7, 5, 9 are not mapped. */
export const INSTANCE_MAP = { dog: 2, cat: 1, bird: 4, background: 0 };

/** Hand-derived: which pixel indices each present label covers, in map order (bird skipped). */
export const EXPECTED: Array<[string, number[]]> = [
  ['dog', [1, 2, 9]],
  ['cat', [4, 5]],
  ['background', [0, 6, 11]],
];

function indicesOf(m: Mask): number[] {
  const out: number[] = [];
  m.data.forEach((v, i) => {
    if (v) out.push(i);
  });
  return out;
}

/** Asserts a collection holds exactly `expected`, in order, as white segmentations without object ids. */
export async function expectInstanceCollection(
  coll: AnnotationCollection,
  expected: Array<[string, number[]]>,
): Promise<void> {
  expect(coll.length).toBe(expected.length);
  expect(coll.annotations.map((a) => a.label)).toEqual(expected.map(([l]) => l));
  for (let k = 0; k < expected.length; k++) {
    const a = coll.at(k)!;
    const def = a.annotationDefinition;
    expect(def).toBeInstanceOf(Segmentation);
    const seg = def as Segmentation;
    expect(seg.type).toBe('binary');
    expect(a.objectId).toBeNull();
    const m = await seg.getMask();
    expect([m.width, m.height]).toEqual([4, 3]);
    expect(indicesOf(m), expected[k]![0]).toEqual(expected[k]![1]);
    expect(await seg.getColor()).toEqual([255, 255, 255, 255]);
  }
  expect([coll.width, coll.height]).toEqual([4, 3]);
}

/** The cases both environments run. */
export async function runInstanceMaskCases(): Promise<void> {
  const mask = instanceMask();
  const before = Array.from(mask.data);
  await expectInstanceCollection(await AnnotationCollection.fromInstanceMask(mask, INSTANCE_MAP), EXPECTED);
  expect(Array.from(mask.data)).toEqual(before); // the caller's mask is neither changed nor detached
  // Map and entry-list inputs keep their own order (here the reverse)
  const reversed = Object.entries(INSTANCE_MAP).reverse();
  const expectedReversed = [...EXPECTED].reverse();
  await expectInstanceCollection(
    await AnnotationCollection.fromInstanceMask(mask, new Map(reversed)),
    expectedReversed,
  );
  await expectInstanceCollection(await AnnotationCollection.fromInstanceMask(mask, reversed), expectedReversed);
  // 0 is not special: unmapped, its pixels belong to nobody
  await expectInstanceCollection(await AnnotationCollection.fromInstanceMask(mask, { cat: 1, seven: 7 }), [
    ['cat', [4, 5]],
    ['seven', [3, 7]],
  ]);
  // nothing mapped occurs: an empty collection
  expect((await AnnotationCollection.fromInstanceMask(mask, { bird: 4 })).length).toBe(0);
}
