import { describe, expect, it } from 'vitest';
import { Annotation, AnnotationCollection } from './index.js';

// JSON.stringify must give the platform JSON, not the entities' internal fields.
const box = {
  id: '5f0000000000000000000001',
  type: 'box',
  label: 'car',
  creator: 'a@b.c',
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedBy: 'a@b.c',
  updatedAt: '2024-01-01T00:00:00.000Z',
  coordinates: [
    { x: 1, y: 2, z: 0 },
    { x: 30, y: 40, z: 0 },
  ],
  metadata: { system: { attributes: { color: 'red' } } },
  attributes: null,
};

describe('toJSON', () => {
  it('JSON.stringify(annotation) equals the stringified toJson()', () => {
    const a = Annotation.fromJson(box, { isVideo: false });
    expect(JSON.parse(JSON.stringify(a))).toEqual(a.toJson());
    expect(JSON.parse(JSON.stringify(a)).coordinates).toEqual(box.coordinates);
  });
  it('JSON.stringify(collection) equals toJson()', () => {
    const c = AnnotationCollection.fromJson([box, { ...box, id: '5f0000000000000000000002', label: 'bus' }], {
      isVideo: false,
    });
    const parsed = JSON.parse(JSON.stringify(c));
    expect(parsed).toEqual(c.toJson());
    expect(parsed.annotations.map((x: { label: string }) => x.label).sort()).toEqual(['bus', 'car']);
  });
});
