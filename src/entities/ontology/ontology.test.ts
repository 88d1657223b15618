// Ontology: flat names, instance/colour maps (spec §3.5), v1/v2 detection (§1.4), JSON shapes (§7.4).
import { describe, expect, it } from 'vitest';
import { DlError, DlParseError } from '../errors.js';
import { attributeUpsertItem, usesAttributes2 } from './attributes.js';
import { defaultDisplayLabel, Label, parseLabelColor } from './label.js';
import { Ontology } from './ontology.js';
import { Recipe } from './recipe.js';

const node = (tag: string, color: unknown, children: unknown[] = []) => ({
  value: { tag, displayLabel: tag, color, attributes: [], displayData: {} },
  children,
});

// The tree of the spec §3.5 example, roots deliberately not in sorted order.
const SPEC_ROOTS = [
  node('vehicle', '#0000ff', [node('car', 'rgb(10,20,30)'), node('bus', [1, 2, 3])]),
  node('animal', 'teal'),
  node('Person', null),
];

describe('labelsFlatDict, instanceMap, colorMap', () => {
  const ontology = Ontology.fromJson({ id: 'o1', roots: SPEC_ROOTS });

  it('flattens depth-first with parent.child names', () => {
    expect(ontology.labelNames).toEqual(['vehicle', 'vehicle.car', 'vehicle.bus', 'animal', 'Person']);
    expect(ontology.getLabel('vehicle.bus')?.tag).toBe('bus');
  });
  it('instanceMap sorts by code point, 1-based: the spec example', () => {
    expect(ontology.instanceMap).toEqual({ Person: 1, animal: 2, vehicle: 3, 'vehicle.bus': 4, 'vehicle.car': 5 });
    expect(ontology.instanceMapEntries()).toEqual([
      ['Person', 1],
      ['animal', 2],
      ['vehicle', 3],
      ['vehicle.bus', 4],
      ['vehicle.car', 5],
    ]);
  });
  it('does not use locale order (localeCompare would put animal before Person)', () => {
    const o = Ontology.fromRoots([
      node('b', null),
      node('B', null),
      node('a', null),
      node('_x', null),
      node('Z', null),
    ]);
    // Code points: 'B'=66 < 'Z'=90 < '_'=95 < 'a'=97 < 'b'=98.
    expect(o.instanceMapEntries().map(([k]) => k)).toEqual(['B', 'Z', '_x', 'a', 'b']);
  });
  it('colorMap parses #hex, rgb(), arrays; unknown => [255,0,0]; missing => null', () => {
    expect(ontology.colorMap).toEqual({
      vehicle: [0, 0, 255],
      'vehicle.car': [10, 20, 30],
      'vehicle.bus': [1, 2, 3],
      animal: [255, 0, 0],
      Person: null,
    });
  });
  it('maps are user-settable and may carry $default', () => {
    const o = Ontology.fromJson({ roots: SPEC_ROOTS });
    o.instanceMap = { $default: 0, vehicle: 7 };
    o.colorMap = { $default: [0, 0, 0], vehicle: [1, 1, 1] };
    expect(o.instanceMap.$default).toBe(0);
    expect(o.instanceMapEntries()).toEqual([
      ['$default', 0],
      ['vehicle', 7],
    ]);
    expect(o.colorMap.$default).toEqual([0, 0, 0]);
    expect(() => (o.instanceMap = null as never)).toThrow(DlError);
  });
});

describe('Label', () => {
  it('parses colours like the SDK Label.rgb', () => {
    expect(parseLabelColor('#ff8000')).toEqual([255, 128, 0]);
    expect(parseLabelColor('#FF8000')).toEqual([255, 128, 0]);
    expect(parseLabelColor('#f80')).toEqual([255, 136, 0]);
    expect(parseLabelColor('rgb(1, 2, 3)')).toEqual([1, 2, 3]);
    expect(parseLabelColor([4, 5, 6])).toEqual([4, 5, 6]);
    expect(parseLabelColor('red')).toEqual([255, 0, 0]);
    expect(parseLabelColor('#zz0000')).toEqual([255, 0, 0]);
    expect(parseLabelColor(42)).toEqual([255, 0, 0]);
    expect(parseLabelColor(undefined)).toBeNull();
    expect(parseLabelColor(null)).toBeNull();
  });
  it('display label default capitalises _-separated words', () => {
    expect(defaultDisplayLabel('car')).toBe('Car');
    expect(defaultDisplayLabel('big_red_car')).toBe('Big Red Car');
    expect(defaultDisplayLabel('iPhone_x')).toBe('IPhone X');
    expect(defaultDisplayLabel('a__b')).toBe('A  B');
  });
  it('create draws a random colour from the injected source, 0..255 per channel', () => {
    const values = [0, 0.5, 0.999999];
    let i = 0;
    const label = Label.create('big_truck', { random: () => values[i++]! });
    expect(label.color).toEqual([0, 128, 255]);
    expect(label.displayLabel).toBe('Big Truck');
    expect(label.toRoot()).toEqual({
      value: { tag: 'big_truck', attributes: [], displayLabel: 'Big Truck', displayData: {}, color: '#0080ff' },
      children: [],
    });
    expect(
      Label.create('x', {
        color: '#123456',
        random: () => {
          throw new Error('not called');
        },
      }).color,
    ).toBe('#123456');
  });
  it('reads the flat dict form (label_name / display_label) and writes the roots form', () => {
    const label = Label.fromRoot({
      label_name: 'dog',
      display_label: 'Dog!',
      color: '#010203',
      children: [{ tag: 'puppy' }],
    });
    expect(label.tag).toBe('dog');
    expect(label.displayLabel).toBe('Dog!');
    expect(label.children[0]!.tag).toBe('puppy');
    expect(JSON.stringify(label.toRoot())).toBe(
      JSON.stringify({
        value: { tag: 'dog', displayLabel: 'Dog!', color: '#010203' },
        children: [{ value: { tag: 'puppy' }, children: [] }],
      }),
    );
  });
  it('round-trips a roots node with unknown keys, in the source key order', () => {
    const root = {
      id: 'n1',
      value: { tag: 'car', displayLabel: 'Car', color: '#ff0000', attributes: ['a'], displayData: {}, sticky: true },
      children: [{ value: { tag: 'door', displayLabel: 'Door', color: 'rgb(1,2,3)' }, children: [] }],
    };
    const out = Label.fromRoot(root).toRoot();
    expect(out).toEqual(root);
    expect(JSON.stringify(out)).toBe(JSON.stringify(root));
  });
  it('throws DlParseError with the path of a bad node', () => {
    const bad = [
      [{ roots: [node('a', null, [{ value: { color: '#fff' } }])] }, '$.roots[0].children[0].value.tag'],
      [{ roots: [{ value: { tag: 'a', color: 5 } }] }, '$.roots[0].value.color'],
      [{ roots: [{ value: { tag: 'a', attributes: {} } }] }, '$.roots[0].value.attributes'],
      [{ roots: [{ value: { tag: 'a' }, children: {} }] }, '$.roots[0].children'],
      [{ roots: {} }, '$.roots'],
      [{ roots: [], metadata: [] }, '$.metadata'],
      [{ roots: [], metadata: { attributes: [{ key: 'k' }] } }, '$.metadata.attributes[0].type'],
      [
        { roots: [], metadata: { attributes: [{ key: 'k', type: 'range', range: { min: 'a' } }] } },
        '$.metadata.attributes[0].range.min',
      ],
    ] as const;
    for (const [json, path] of bad) {
      let err: unknown;
      try {
        Ontology.fromJson(json);
      } catch (e) {
        err = e;
      }
      expect(err, path).toBeInstanceOf(DlParseError);
      expect((err as DlParseError).path).toBe(path);
    }
  });
});

describe('v1 / v2 attributes', () => {
  it('follows the SDK rule', () => {
    expect(usesAttributes2({ metadata: { attributes: [] }, attributes: ['x'] })).toBe(true); // present, even empty
    expect(usesAttributes2({ metadata: { attributes: [{ key: 'k', type: 'boolean' }] } })).toBe(true);
    expect(usesAttributes2({ metadata: {}, attributes: ['Occluded'] })).toBe(false);
    expect(usesAttributes2({ metadata: { attributes: null }, attributes: ['Occluded'] })).toBe(false);
    expect(usesAttributes2({ metadata: {}, attributes: [] })).toBe(true);
    expect(usesAttributes2({ metadata: {} })).toBe(true);
    // SDK detail: without a metadata object the answer is v2 even with a v1 list.
    expect(usesAttributes2({ attributes: ['Occluded'] })).toBe(true);
    expect(usesAttributes2({ metadata: null, attributes: ['Occluded'] })).toBe(true);
  });
  it('is exposed on the ontology with typed v2 definitions', () => {
    const def = {
      key: 'color',
      title: 'Color',
      type: 'options',
      multi: false,
      values: ['r'],
      scope: ['*'],
      scriptData: { x: 1 },
    };
    const o = Ontology.fromJson({ roots: [], metadata: { attributes: [def] }, attributes: ['legacy'] });
    expect(o.useAttributes2).toBe(true);
    expect(o.attributesV2).toEqual([def]);
    expect(o.attributesV1).toEqual(['legacy']);
    expect(o.attributes).toEqual([def]);
    const v1 = Ontology.fromJson({ roots: [], metadata: {}, attributes: ['legacy'] });
    expect(v1.useAttributes2).toBe(false);
    expect(v1.attributes).toEqual(['legacy']);
  });
  it('builds attribute upsert items per type', () => {
    expect(attributeUpsertItem({ title: 'T', key: 'k', type: 'checkbox', values: ['a'] })).toEqual({
      title: 'T',
      key: 'k',
      type: 'options',
      scope: ['*'],
      multi: true,
      values: ['a'],
    });
    expect(
      attributeUpsertItem({
        title: 'T',
        key: 'k',
        type: 'radio_button',
        values: ['a'],
        optional: true,
        scope: ['car'],
      }),
    ).toEqual({
      title: 'T',
      key: 'k',
      type: 'options',
      scope: ['car'],
      optional: true,
      multi: false,
      values: ['a'],
    });
    expect(attributeUpsertItem({ title: 'T', key: 'k', type: 'range', range: { min: 0, max: 10, step: 1 } })).toEqual({
      title: 'T',
      key: 'k',
      type: 'range',
      scope: ['*'],
      range: { min: 0, max: 10, step: 1 },
    });
    expect(attributeUpsertItem({ title: 'T', key: 'k', type: 'freeText' }).type).toBe('freeText');
  });
});

describe('Ontology JSON', () => {
  const json = {
    id: 'o1',
    creator: 'me@x',
    url: 'u',
    title: 'T',
    metadata: { system: { projectIds: ['p1'] }, attributes: [{ key: 'k', type: 'boolean' }] },
    attributes: [],
    roots: [node('car', '#ff0000')],
    createdAt: '2024',
  };
  it('toJson is the SDK shape: labels in snake_case, v2 attributes at top level, source extras dropped', () => {
    const out = Ontology.fromJson(json).toJson();
    expect(Object.keys(out)).toEqual(['id', 'creator', 'url', 'title', 'labels', 'metadata', 'attributes', 'roots']);
    expect(out.labels).toEqual([
      { tag: 'car', display_data: {}, color: '#ff0000', display_label: 'car', attributes: [], children: [] },
    ]);
    expect(out.attributes).toEqual([{ key: 'k', type: 'boolean' }]);
    expect(out.roots).toEqual(json.roots);
  });
  it('toPlatformJson round-trips the source JSON, unknown keys included', () => {
    expect(JSON.stringify(Ontology.fromJson(json).toPlatformJson())).toBe(JSON.stringify(json));
  });
  it('addLabel and deleteLabels edit the tree', () => {
    const o = Ontology.fromJson({ roots: SPEC_ROOTS });
    o.addLabel('traffic_light', { color: '#00ff00' });
    expect(o.getLabel('traffic_light')?.displayLabel).toBe('Traffic Light');
    expect(() => o.addLabel('a.b')).toThrow(DlError);
    o.deleteLabels(['vehicle.car', 'nope', 'animal']);
    expect(o.labelNames).toEqual(['vehicle', 'vehicle.bus', 'Person', 'traffic_light']);
  });
  it('projectIds come from metadata.system', () => {
    expect(Ontology.fromJson(json).projectIds).toEqual(['p1']);
  });
});

describe('Recipe', () => {
  it('gives ontologyIds[0] and round-trips', () => {
    const json = { id: 'r1', title: 'Default', ontologyIds: ['o1', 'o2'], projectIds: ['p'], extra: { a: 1 } };
    const recipe = Recipe.fromJson(json);
    expect(recipe.ontologyId).toBe('o1');
    expect(recipe.toJson()).toEqual(json);
    expect(Recipe.fromJson({ id: 'r' }).ontologyId).toBeNull();
    expect(() => Recipe.fromJson({ ontologyIds: [1] })).toThrow(/\$\.ontologyIds\[0\]: expected a string/);
  });
  it('builds the create payload', () => {
    expect(Recipe.createPayload('t', ['p'], ['o'])).toEqual({
      title: 't',
      projectIds: ['p'],
      ontologyIds: ['o'],
      uiSettings: { allowObjectIdAutoAssign: true, studioV2App: true },
    });
  });
});
