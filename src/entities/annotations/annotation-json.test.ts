import { describe, expect, it } from 'vitest';
import { Annotation, Box, Note, Point, normalizeObjectId } from './index.js';
import { DlError, DlParseError } from '../errors.js';
import { ANN_ID, annotationJson } from './test-utils/sample-json.js';

const SDK_KEY_ORDER = [
  'id',
  'url',
  'creator',
  'metadata',
  'hash',
  'itemId',
  'item',
  'label',
  'dataset',
  'createdAt',
  'updatedBy',
  'updatedAt',
  'source',
  'description',
  'labelSuggestions',
  'datasetId',
  'type',
  'coordinates',
  'attributes',
];

const box = () => [
  { x: 1, y: 2, z: 0 },
  { x: 3, y: 4, z: 0 },
];
const sys = (j: Record<string, unknown>) => (j['metadata'] as { system: Record<string, unknown> }).system;

describe('Annotation.toJson key order (spec §0)', () => {
  it('follows the SDK order, optional keys in place, unknown keys after', () => {
    const json = annotationJson('box', box(), {
      top: { description: 'd', labelSuggestions: [{ label: 'x' }], zUnknown: 1, aUnknown: { b: 2 } },
    });
    const out = Annotation.fromJson(json, { isVideo: false }).toJson();
    expect(Object.keys(out)).toEqual([...SDK_KEY_ORDER, 'zUnknown', 'aUnknown']);
    expect(out['zUnknown']).toBe(1);
    expect(out['aUnknown']).toEqual({ b: 2 });
  });

  it('omits coordinates for class and description/labelSuggestions when absent', () => {
    const out = Annotation.fromJson(annotationJson('class', undefined), { isVideo: false }).toJson();
    expect(Object.keys(out)).toEqual(
      SDK_KEY_ORDER.filter((k) => !['description', 'labelSuggestions', 'coordinates'].includes(k)),
    );
  });

  it('metadata.system: SDK keys appended in order, existing keys keep their position', () => {
    const json = annotationJson('box', box(), { system: { clientId: 'c', status: 'approved', recipeId: 'r' } });
    (json['metadata'] as { system: Record<string, unknown> }).system = {
      clientId: 'c',
      status: 'approved',
      recipeId: 'r',
    };
    const a = Annotation.fromJson(json, { isVideo: false });
    a.automated = false;
    a.objectId = 4;
    expect(Object.keys(sys(a.toJson()))).toEqual([
      'clientId',
      'status',
      'recipeId',
      'automated',
      'objectId',
      'attributes',
    ]);
  });

  it('unknown metadata keys (system and user) are kept with their values', () => {
    const json = annotationJson(
      'point',
      { x: 1, y: 1, z: 0 },
      { system: { itemLinks: [{ a: 1 }], coordinateVersion: 'v2', isOpen: false } },
    );
    (json['metadata'] as Record<string, unknown>)['user'] = { note: 'mine', nested: { deep: [1] } };
    (json['metadata'] as Record<string, unknown>)['other'] = 5;
    expect(Annotation.fromJson(json, { isVideo: false }).toJson()).toStrictEqual(json);
  });
});

describe('metadata.system rules (spec §1.2)', () => {
  it('v2 attributes are always written, {} when none', () => {
    const json = annotationJson('box', box());
    delete sys(json)['attributes'];
    const out = Annotation.fromJson(json, { isVideo: false }).toJson();
    expect(sys(out)['attributes']).toEqual({});
    sys(json)['attributes'] = null;
    expect(sys(Annotation.fromJson(json, { isVideo: false }).toJson())['attributes']).toEqual({});
  });

  it('status CLEAR is written as null; other statuses as given', () => {
    const a = Annotation.fromJson(annotationJson('box', box()), { isVideo: false });
    a.status = 'clear';
    expect(sys(a.toJson())).toHaveProperty('status', null);
    a.status = 'approved';
    expect(sys(a.toJson())['status']).toBe('approved');
  });

  it('a null status stays null and is not overwritten', () => {
    const json = annotationJson('box', box(), { system: { status: null } });
    const a = Annotation.fromJson(json, { isVideo: false });
    expect(a.status).toBeNull();
    expect(a.toJson()).toStrictEqual(json);
  });

  it('objectId: digits string kept, int stringified on read and set, non-numeric rejected', () => {
    expect(
      Annotation.fromJson(annotationJson('box', box(), { system: { objectId: '17' } }), { isVideo: false }).objectId,
    ).toBe('17');
    const fromInt = Annotation.fromJson(annotationJson('box', box(), { system: { objectId: 17 } }), { isVideo: false });
    expect(sys(fromInt.toJson())['objectId']).toBe('17');
    expect(() =>
      Annotation.fromJson(annotationJson('box', box(), { system: { objectId: 'a7' } }), { isVideo: false }),
    ).toThrowError(expect.objectContaining({ name: 'DlParseError', path: '$.metadata.system.objectId' }));
    const a = Annotation.new({ annotationDefinition: new Point({ label: 'p', x: 0, y: 0 }) });
    a.objectId = 5;
    expect(a.objectId).toBe('5');
    expect(() => (a.objectId = '5a')).toThrowError(DlError);
    expect(() => (a.objectId = 1.5)).toThrowError(DlError);
    expect(normalizeObjectId(null)).toBeNull();
    expect(() => normalizeObjectId('')).toThrowError(DlError);
    expect(() => Annotation.new({ objectId: 'x1' })).toThrowError(DlError);
  });

  it('null objectId/parentId already in metadata are kept as null', () => {
    const json = annotationJson('class', undefined, {
      system: { objectId: null, parentId: null, system: true, description: null },
    });
    expect(Annotation.fromJson(json, { isVideo: false }).toJson()).toStrictEqual(json);
  });

  it('parentId and promptId live in metadata.system', () => {
    const a = Annotation.new({
      annotationDefinition: new Point({ label: 'nose', x: 1, y: 1 }),
      parentId: 'p1',
      promptId: 'q1',
    });
    expect(sys(a.toJson())).toMatchObject({ parentId: 'p1', promptId: 'q1' });
    expect([a.parentId, a.promptId]).toEqual(['p1', 'q1']);
  });

  it('automated must be a boolean', () => {
    expect(() =>
      Annotation.fromJson(annotationJson('box', box(), { system: { automated: 'yes' } }), { isVideo: false }),
    ).toThrowError(/\$\.metadata\.system\.automated: expected a boolean/);
  });
});

describe('attributes and top-level passthrough (spec §1.1, §1.4)', () => {
  it('v1 list attributes are re-emitted untouched; null for new annotations', () => {
    const json = annotationJson('box', box(), { top: { attributes: ['Occluded', 'Truncated'] } });
    expect(Annotation.fromJson(json, { isVideo: false }).toJson()['attributes']).toEqual(['Occluded', 'Truncated']);
    const created = Annotation.new({
      annotationDefinition: new Box({ label: 'b', left: 0, top: 0, right: 1, bottom: 1 }),
    }).toJson();
    expect(created['attributes']).toBeNull();
  });

  it('v2 attributes are editable through the annotation', () => {
    const a = Annotation.fromJson(annotationJson('box', box()), { isVideo: false });
    a.attributes = { occluded: true, score: 3 };
    expect(sys(a.toJson())['attributes']).toEqual({ occluded: true, score: 3 });
  });

  it('accepts _id for id and writes id', () => {
    const json = annotationJson('box', box());
    delete json['id'];
    json['_id'] = ANN_ID;
    const out = Annotation.fromJson(json, { isVideo: false }).toJson();
    expect(out['id']).toBe(ANN_ID);
    expect('_id' in out).toBe(false);
  });

  it('requires type, label, creator, createdAt, updatedBy, updatedAt (null values allowed)', () => {
    for (const k of ['type', 'label', 'creator', 'createdAt', 'updatedBy', 'updatedAt']) {
      const json = annotationJson('box', box());
      delete json[k];
      expect(() => Annotation.fromJson(json, { isVideo: false }), k).toThrowError(
        expect.objectContaining({ path: `$.${k}` }),
      );
    }
    const nulls = annotationJson('box', box(), {
      top: { label: null, creator: null, createdAt: null, updatedBy: null, updatedAt: null },
    });
    expect(Annotation.fromJson(nulls, { isVideo: false }).toJson()).toStrictEqual(nulls);
  });

  it('metadata is required when neither item nor isVideo is given', () => {
    const json = annotationJson('box', box());
    delete json['metadata'];
    expect(() => Annotation.fromJson(json)).toThrowError(expect.objectContaining({ path: '$.metadata' }));
    expect(sys(Annotation.fromJson(json, { isVideo: false }).toJson())).toEqual({ attributes: {} });
  });

  it('non-object input and wrong-typed values are DlParseErrors with paths', () => {
    expect(() => Annotation.fromJson(null)).toThrowError(expect.objectContaining({ path: '$' }));
    expect(() => Annotation.fromJson([1])).toThrowError(DlParseError);
    expect(() =>
      Annotation.fromJson(annotationJson('box', box(), { top: { hash: 5 } }), { isVideo: false }),
    ).toThrowError(expect.objectContaining({ path: '$.hash' }));
    expect(() => Annotation.fromJson(annotationJson('point', { x: 1 }), { isVideo: false })).toThrowError(
      expect.objectContaining({ path: '$.coordinates.y', expected: 'a finite number' }),
    );
  });

  it('an explicit description is written after source', () => {
    const a = Annotation.fromJson(annotationJson('box', box()), { isVideo: false });
    a.description = 'parked';
    const out = a.toJson();
    expect(out['description']).toBe('parked');
    expect(Object.keys(out).indexOf('description')).toBe(Object.keys(out).indexOf('source') + 1);
  });
});

describe('Annotation.new (spec §1.6)', () => {
  it('source sdk, automated true, ids and dates null, item ids filled', () => {
    const item = {
      id: 'i1',
      datasetId: 'd1',
      dataset: 'https://gate/datasets/d1',
      metadata: { system: { mimetype: 'image/png', width: 640, height: 480 } },
    };
    const a = Annotation.new({
      item,
      annotationDefinition: new Box({ label: 'car', left: 1, top: 2, right: 3, bottom: 4 }),
    });
    const out = a.toJson();
    expect(out).toStrictEqual({
      id: null,
      url: null,
      creator: null,
      metadata: { system: { automated: true, attributes: {} } },
      hash: null,
      itemId: 'i1',
      item: null,
      label: 'car',
      dataset: 'https://gate/datasets/d1',
      createdAt: null,
      updatedBy: null,
      updatedAt: null,
      source: 'sdk',
      datasetId: 'd1',
      type: 'box',
      coordinates: [
        { x: 1, y: 2, z: 0 },
        { x: 3, y: 4, z: 0 },
      ],
      attributes: null,
    });
    expect([a.itemWidth, a.itemHeight]).toEqual([640, 480]);
  });

  it('a note copies its status into metadata.system.status', () => {
    const note = new Note({ label: 'n', left: 0, top: 0, right: 1, bottom: 1 });
    expect(sys(Annotation.new({ annotationDefinition: note }).toJson())['status']).toBe('issue');
  });

  it('objectId only when given', () => {
    const def = new Point({ label: 'p', x: 0, y: 0 });
    expect('objectId' in sys(Annotation.new({ annotationDefinition: def }).toJson())).toBe(false);
    expect(sys(Annotation.new({ annotationDefinition: def, objectId: 3 }).toJson())['objectId']).toBe('3');
  });
});
