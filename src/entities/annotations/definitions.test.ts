import { describe, expect, it } from 'vitest';
import {
  Annotation,
  Box,
  Classification,
  Comparison,
  Cube,
  Cube3d,
  Description,
  Ellipse,
  FreeText,
  Gis,
  Note,
  Point,
  Polygon,
  Polyline,
  Pose,
  RefImage,
  Segmentation,
  Subtitle,
  Text,
  UndefinedAnnotation,
  jsonEqual,
} from './index.js';
import { DlParseError } from '../errors.js';
import { SPEC_SAMPLES, TINY_PNG, annotationJson } from './test-utils/sample-json.js';

const EXPECTED_CLASS: Record<string, unknown> = {
  Box,
  'Box rotated': Box,
  Classification,
  Cube,
  Cube3d,
  Ellipse,
  Point,
  Polygon,
  'Polygon with a hole ring': Polygon,
  Polyline,
  Pose,
  Segmentation,
  Note,
  Subtitle,
  Description,
  Text,
  'Text with top/left': Text,
  FreeText,
  RefImage,
  Gis,
  Comparison,
  'Undefined (ref_semantic_3d)': UndefinedAnnotation,
  'Undefined (future type)': UndefinedAnnotation,
};

describe('every definition of spec §1.3 round-trips', () => {
  for (const s of SPEC_SAMPLES) {
    it(`${s.name} (${s.type})`, () => {
      const json = annotationJson(s.type, s.coordinates, { label: s.label, system: s.system });
      const input = structuredClone(json);
      const ann = Annotation.fromJson(json, { isVideo: false });
      expect(ann.annotationDefinition).toBeInstanceOf(EXPECTED_CLASS[s.name] as new () => unknown);
      expect(ann.toJson()).toStrictEqual(input);
      expect(json).toStrictEqual(input); // the caller's object is not mutated
      expect(ann.type).toBe(s.type);
    });
  }
});

describe('definition readers', () => {
  it('Box: normalises swapped corners to TL/BR and reads a bare numeric angle', () => {
    const ann = Annotation.fromJson(annotationJson('box', [{ x: 100, y: 5, z: 0 }, { x: 10, y: 50, z: 0 }, 15]), {
      isVideo: false,
    });
    const box = ann.annotationDefinition as Box;
    expect([box.left, box.top, box.right, box.bottom, box.angle]).toEqual([10, 5, 100, 50, 15]);
    expect(ann.toJson()['coordinates']).toEqual([{ x: 10, y: 5, z: 0 }, { x: 100, y: 50, z: 0 }, 15]);
  });

  it('Box: a non-numeric 3rd element is not an angle; angle 0 is not written', () => {
    const a = Annotation.fromJson(annotationJson('box', [{ x: 0, y: 0 }, { x: 1, y: 1 }, 'x']), { isVideo: false });
    expect((a.annotationDefinition as Box).angle).toBeNull();
    expect(a.toJson()['coordinates']).toEqual([
      { x: 0, y: 0, z: 0 },
      { x: 1, y: 1, z: 0 },
    ]);
    const b = new Box({ label: 'l', left: 0, top: 0, right: 1, bottom: 1, angle: 0 });
    expect(b.toCoordinates()).toHaveLength(2);
  });

  it('Classification: no coordinates key even if the input had one', () => {
    const out = Annotation.fromJson(annotationJson('class', [1, 2]), { isVideo: false }).toJson();
    expect('coordinates' in out).toBe(false);
  });

  it('Cube: angle computed from front_tl -> front_tr when constructed without one', () => {
    const corners = {
      front_tl: { x: 0, y: 0 },
      front_tr: { x: 10, y: 10 },
      front_br: { x: 0, y: 20 },
      front_bl: { x: -10, y: 10 },
    };
    const back = { back_tl: { x: 1, y: 1 }, back_tr: { x: 2, y: 2 }, back_br: { x: 3, y: 3 }, back_bl: { x: 4, y: 4 } };
    expect(new Cube({ label: 'c', ...corners, ...back }).angle).toBeCloseTo(45, 12);
    // pointing up-left: atan2(-10, -10) = -135 deg -> 225
    expect(new Cube({ label: 'c', ...corners, ...back, front_tr: { x: -10, y: -10 } }).angle).toBeCloseTo(225, 12);
    expect(new Cube({ label: 'c', ...corners, ...back, front_tr: { x: 0, y: 0 } }).angle).toBe(0);
  });

  it('Cube: the angle key is required on read', () => {
    const c = structuredClone(SPEC_SAMPLES.find((s) => s.type === 'cube')!.coordinates) as Record<string, unknown>;
    delete c['angle'];
    expect(() => Annotation.fromJson(annotationJson('cube', c), { isVideo: false })).toThrowError(
      /\$\.coordinates\.angle/,
    );
  });

  it('Point is an object with z 0; Ellipse keeps center/rx/ry/angle', () => {
    const p = Annotation.fromJson(annotationJson('point', { x: 1, y: 2 }), { isVideo: false });
    expect(p.toJson()['coordinates']).toEqual({ x: 1, y: 2, z: 0 });
    const e = new Ellipse({ label: 'e', x: 1, y: 2, rx: 3, ry: 4 });
    expect(e.toCoordinates()).toEqual({ angle: 0, center: { x: 1, y: 2, z: 0 }, rx: 3, ry: 4 });
  });

  it('Polygon: only ring 0 is the polygon; extra rings survive untouched and are dropped when points are replaced', () => {
    const sample = SPEC_SAMPLES.find((s) => s.name === 'Polygon with a hole ring')!;
    const ann = Annotation.fromJson(annotationJson('segment', sample.coordinates), { isVideo: false });
    const poly = ann.annotationDefinition as Polygon;
    expect(poly.points).toHaveLength(4);
    expect(poly.extraRings).toEqual([
      [
        { x: 5, y: 5 },
        { x: 5, y: 10 },
        { x: 10, y: 10 },
      ],
    ]);
    poly.points = [
      { x: 0, y: 0 },
      { x: 1, y: 0 },
      { x: 1, y: 1 },
    ];
    expect(ann.toJson()['coordinates']).toEqual([
      [
        { x: 0, y: 0 },
        { x: 1, y: 0 },
        { x: 1, y: 1 },
      ],
    ]);
  });

  it('Polyline: the 2019 flat list is rejected with a path', () => {
    const flat = [
      { x: 1, y: 2 },
      { x: 3, y: 4 },
    ];
    expect(() => Annotation.fromJson(annotationJson('polyline', flat), { isVideo: false })).toThrowError(
      expect.objectContaining({ name: 'DlParseError', path: '$.coordinates[0]' }),
    );
  });

  it('Segmentation: accepts {data: url}, writes the bare string; keeps the URL byte-identical', () => {
    const a = Annotation.fromJson(annotationJson('binary', { data: TINY_PNG }), { isVideo: false });
    expect(a.toJson()['coordinates']).toBe(TINY_PNG);
    expect(() => Annotation.fromJson(annotationJson('binary', 'http://x/y.png'), { isVideo: false })).toThrowError(
      DlParseError,
    );
  });

  it('Note: reader defaults (status open, creator/assignee me, createTime 0)', () => {
    const a = Annotation.fromJson(
      annotationJson('note', {
        box: [
          { x: 1, y: 1 },
          { x: 2, y: 2 },
        ],
      }),
      { isVideo: false },
    );
    const n = a.annotationDefinition as Note;
    expect([n.status, n.creator, n.assignee, n.createTime, n.messages]).toEqual(['open', 'me', 'me', 0, []]);
  });

  it('Note: a new note without an assignee is assigned to its creator (dtlpy 1.124.2)', () => {
    const box = { left: 1, top: 1, right: 5, bottom: 5, label: 'n' };
    expect(new Note({ ...box, creator: 'ann@x.io' }).assignee).toBe('ann@x.io');
    expect(new Note({ ...box, creator: 'ann@x.io', assignee: 'bob@x.io' }).assignee).toBe('bob@x.io');
    expect(new Note(box).assignee).toBe('me'); // creator defaults to "me", and so the assignee
    const j = Annotation.new({ annotationDefinition: new Note({ ...box, creator: 'ann@x.io' }) }).toJson();
    expect((j['coordinates'] as { note: { assignee: string } }).note.assignee).toBe('ann@x.io');
  });

  it('Description writes metadata.system.system = true and label item.description', () => {
    const a = Annotation.new({ annotationDefinition: new Description({ text: 'hi' }) });
    const j = a.toJson();
    expect(j['label']).toBe('item.description');
    expect(j['type']).toBe('item_description');
    expect((j['metadata'] as { system: Record<string, unknown> }).system['system']).toBe(true);
  });

  it('FreeText and RefImage defaults', () => {
    expect(new FreeText({ text: 'x' }).label).toBe('free-text');
    const r = new RefImage({ ref: 'https://a/b.png' });
    expect([r.label, r.refType, r.mimetype]).toEqual(['ref-image', 'url', null]);
    expect(new RefImage({ ref: '65f0c0ffee00000000000b01' }).refType).toBe('id');
  });

  it('Text writes top/left only when both are set', () => {
    const t = new Text({ label: 'P', textType: 'block', start: 1, end: 2, top: 3 });
    expect(t.toCoordinates()).toEqual({ type: 'block', label: 'P', start: 1, end: 2 });
  });

  it('text-like types with an unexpected shape pass through verbatim (as the SDK does)', () => {
    const odd = { type: 'block', label: 'X', start: 0, end: 1, confidence: 0.5 };
    const json = annotationJson('text_mark', odd, { label: 'X' });
    const a = Annotation.fromJson(json, { isVideo: false });
    expect(a.annotationDefinition).toBeInstanceOf(UndefinedAnnotation);
    expect(a.toJson()).toStrictEqual(json);
  });

  it('Pose generates an instanceId when absent', () => {
    const p = new Pose({ label: 'person', templateId: 't' });
    expect(p.instanceId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('Cube3d, Gis and Comparison keep their values', () => {
    const c = new Cube3d({
      label: 'c',
      position: { x: 1, y: 2, z: 3 },
      scale: { x: 1, y: 1, z: 1 },
      rotation: { x: 0, y: 0, z: 0 },
    });
    expect(c.clone().toCoordinates()).toEqual(c.toCoordinates());
    const g = new Gis({ label: 'g', geoType: 'point', wgs84GeoCoordinates: [34.7, 32.1] });
    expect(g.toCoordinates()).toEqual({ geo_type: 'point', wgs84_geo_coordinates: [34.7, 32.1] });
    expect(new Comparison({ label: 'x', coordinates: { a: 1 } }).toCoordinates()).toEqual({ a: 1 });
  });

  it('clone() is deep for every sample', () => {
    for (const s of SPEC_SAMPLES) {
      const def = Annotation.fromJson(annotationJson(s.type, s.coordinates, { label: s.label }), { isVideo: false })
        .annotationDefinition!;
      const copy = def.clone();
      expect(copy.toCoordinates()).toStrictEqual(def.toCoordinates());
      expect(copy.attributes).not.toBe(def.attributes);
      expect(copy.attributes).toEqual(def.attributes);
      expect(copy.constructor).toBe(def.constructor);
    }
  });

  it('Classification has no coordinates', () => {
    expect(new Classification({ label: 'x' }).hasCoordinates).toBe(false);
  });

  it('parse errors name the path and what was expected', () => {
    try {
      Annotation.fromJson(
        annotationJson('box', [
          { x: 1, y: 2 },
          { x: 'a', y: 2 },
        ]),
        { isVideo: false },
      );
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DlParseError);
      expect((e as DlParseError).path).toBe('$.coordinates[1].x');
      expect((e as DlParseError).message).toMatch(/^\$\.coordinates\[1\]\.x: expected a finite number, got "a"$/);
    }
  });
});

describe('jsonEqual', () => {
  it('ignores key order, compares values deeply, treats own __proto__ keys as data', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 2 })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: [] }, { a: {} })).toBe(false);
    expect(jsonEqual(JSON.parse('{"__proto__": 1}'), JSON.parse('{"__proto__": 1}'))).toBe(true);
    expect(jsonEqual(JSON.parse('{"__proto__": 1}'), { x: 1 })).toBe(false);
  });
});
