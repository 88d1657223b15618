// Recipes, ontologies, labels and v2 attributes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing.js';
import { client, makeDataset } from './helpers.js';

let srv: TestServer;
let ds: string;
beforeAll(async () => {
  srv = await startTestServer();
  ds = await makeDataset(srv, 'tasks');
});
afterAll(() => srv.close());

describe('recipes, ontologies, labels, attributes', () => {
  it('adds nested labels, reads the tree and flat list, manages v2 attributes; annotators cannot change them', async () => {
    const o = client(srv.url, srv.tokens.owner);
    const dsj = (await o.get(`/datasets/${ds}`)).json;
    const recipe = (await o.get(`/recipes/${dsj.metadata.system.recipes[0]}`)).json;
    const ontId = recipe.ontologyIds[0];
    const r = await o.patch(`/ontologies/${ontId}/labels`, {
      labelsNode: [
        { tag: 'vehicle.car', color: '#FF0000' },
        { tag: 'vehicle.bus', color: '#00ff00', displayLabel: '<b>Bus</b> & co' },
        { tag: 'person_walking' },
      ],
    });
    expect(r.status).toBe(200);
    expect(
      r.json.roots.map((n: any) => [n.value.tag, n.children.map((c: any) => [c.value.tag, c.value.color])]),
    ).toEqual([
      [
        'vehicle',
        [
          ['car', '#ff0000'],
          ['bus', '#00ff00'],
        ],
      ],
      ['person_walking', []],
    ]);
    expect(r.json.roots[1].value.displayLabel).toBe('Person Walking');
    expect(r.json.labels.map((l: any) => l.tag)).toEqual(['vehicle', 'vehicle.car', 'vehicle.bus', 'person_walking']);
    expect((await o.patch(`/ontologies/${ontId}/labels`, { labelsNode: [{ tag: 'vehicle.car' }] })).status).toBe(409);
    expect(
      (
        await o.patch(`/ontologies/${ontId}/labels`, {
          labelsNode: [{ tag: 'vehicle.car', color: '#0000ff' }],
          upsert: true,
        })
      ).json.roots[0].children[0].value.color,
    ).toBe('#0000ff');
    expect((await o.patch(`/ontologies/${ontId}/labels`, { labelsNode: [{ tag: 'x', color: 'red' }] })).status).toBe(
      400,
    );
    const at = await o.patch(`/ontologies/${ontId}/attributes`, {
      items: [
        { key: 'occ', title: 'Occluded', type: 'checkbox', values: ['a', 'b'], scope: ['*'] },
        { key: 'conf', type: 'range', range: { min: 0, max: 1, step: 0.1 } },
      ],
      upsert: true,
    });
    expect(at.json.metadata.attributes.map((a: any) => [a.key, a.type, a.multi ?? null])).toEqual([
      ['occ', 'options', true],
      ['conf', 'range', null],
    ]);
    const del = await o.del(`/ontologies/${ontId}/attributes`, { keys: ['occ'] });
    expect(del.json.metadata.attributes.map((a: any) => a.key)).toEqual(['conf']);
    const ann = client(srv.url, srv.tokens.annotator1);
    expect((await ann.get(`/ontologies/${ontId}`)).status).toBe(200);
    expect((await ann.patch(`/ontologies/${ontId}/labels`, { labelsNode: [{ tag: 'z' }] })).status).toBe(403);
    const created = await o.post('/ontologies', {
      projectIds: [srv.projectId],
      title: 'o2',
      roots: [{ value: { tag: 'a', color: '#010203' }, children: [{ value: { tag: 'b' } }] }],
    });
    expect(created.json.labels.map((l: any) => l.tag)).toEqual(['a', 'a.b']);
    const rec = await o.post('/recipes', { title: 'r2', projectIds: [srv.projectId], ontologyIds: [created.json.id] });
    expect(rec.status).toBe(201);
    const listed = await o.get(`/recipes?projects=${srv.projectId}`);
    expect(listed.json.items.map((x: any) => x.id)).toContain(rec.json.id);
  });
});
