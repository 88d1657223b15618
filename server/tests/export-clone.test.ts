// Exports (POST /datasets/{id}/export: a Command whose output item is a JSON array or a zip of item
// JSON files) and clones (datasets and single items), checked over REST; the SDK drives the same
// routes in sdk-conformance.test.ts.
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing.js';
import { box, client, makeDataset, upload } from './helpers.js';

let srv: TestServer;
let o: ReturnType<typeof client>;
let ds: string;
let ids: string[];
beforeAll(async () => {
  srv = await startTestServer();
  o = client(srv.url, srv.tokens.owner);
  ds = await makeDataset(srv, 'exports');
  ids = await upload(srv, ds, ['/e/a.png', '/e/b.png', '/f/c.png'], (i) => ({ user: { n: i } }));
  await o.post(`/items/${ids[0]}/annotations`, [box('car'), box('dog', 3, 4)]);
  await o.post(`/items/${ids[1]}/annotations`, [box('car', 5, 5)]);
});
afterAll(() => srv.close());

/** Run an export and return the Command and the output item's bytes. */
async function exportOf(body: unknown) {
  const cmd = await o.post(`/datasets/${ds}/export`, body);
  expect(cmd.status).toBe(200);
  expect([cmd.json.status, cmd.json.progress]).toEqual(['success', 100]);
  const polled = await o.get(`/commands/${cmd.json.id}`);
  expect(polled.json.spec.outputItemId).toBe(cmd.json.spec.outputItemId);
  const res = await fetch(`${srv.url}/items/${cmd.json.spec.outputItemId}/stream`, {
    headers: { authorization: `Bearer ${srv.tokens.owner}` },
  });
  expect(res.status).toBe(200);
  return { cmd: cmd.json, type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe('export', () => {
  it('JSON: one array of item JSON with their annotations, filtered by the items query', async () => {
    const { cmd, type, bytes } = await exportOf({
      exportType: 'json',
      itemsQuery: { filter: { $and: [{ dir: '/e' }, { hidden: false }] }, join: {} },
      annotations: { include: true, convertSemantic: false },
    });
    expect([cmd.type, cmd.spec.itemsCount, type]).toEqual(['ExportDatasetAsJson', 2, 'application/json']);
    const items = JSON.parse(new TextDecoder().decode(bytes));
    expect(items.map((i: { id: string }) => i.id)).toEqual([ids[0], ids[1]]);
    expect(items[0].metadata.user).toEqual({ n: 0 });
    expect(items[0].annotations.map((a: { label: string }) => a.label).sort()).toEqual(['car', 'dog']);
    expect(items[1].annotations[0].coordinates).toEqual(box('car', 5, 5).coordinates);
  });

  it('zip: json/<dir>/<name>.json per item (V1 drops the extension), annotations filtered by annotationsQuery', async () => {
    const { cmd, bytes } = await exportOf({
      exportType: 'zip',
      annotations: { include: true },
      annotationsQuery: { filter: { label: 'car' } },
    });
    expect([cmd.type, cmd.spec.itemsCount]).toEqual(['ExportDatasetAsZip', 3]);
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual(['json/e/a.json', 'json/e/b.json', 'json/f/c.json']);
    const a = JSON.parse(new TextDecoder().decode(files['json/e/a.json']));
    expect([a.id, a.filename, a.annotations.map((x: { label: string }) => x.label)]).toEqual([
      ids[0],
      '/e/a.png',
      ['car'],
    ]);
    expect(JSON.parse(new TextDecoder().decode(files['json/f/c.json'])).annotations).toEqual([]);
    const v2 = unzipSync((await exportOf({ exportType: 'zip', exportVersion: 'V2' })).bytes);
    expect(Object.keys(v2).sort()).toEqual(['json/e/a.png.json', 'json/e/b.png.json', 'json/f/c.png.json']);
  });

  it('without include the items carry no annotations; the outputs stay out of listings, counts and the tree', async () => {
    const { bytes } = await exportOf({ exportType: 'json' });
    const items = JSON.parse(new TextDecoder().decode(bytes));
    expect(items).toHaveLength(3);
    expect(items.every((i: Record<string, unknown>) => !('annotations' in i))).toBe(true);
    const listed = await o.post(`/datasets/${ds}/query`, { filter: { $and: [{ hidden: false }, { type: 'file' }] } });
    expect(listed.json.totalItemsCount).toBe(3);
    const tree = (await o.get(`/datasets/${ds}/directoryTree`)).json;
    expect(tree.children.map((n: { value: { filename: string } }) => n.value.filename)).toEqual(['/e', '/f']);
    const hidden = await o.post(`/datasets/${ds}/query`, { filter: { dir: '/.dataloop/exports' } });
    expect(hidden.json.items.every((i: { hidden: boolean }) => i.hidden)).toBe(true);
  });

  it('is refused to annotators and to bad bodies', async () => {
    const a = client(srv.url, srv.tokens.annotator1);
    expect((await a.post(`/datasets/${ds}/export`, { exportType: 'json' })).status).toBe(403);
    expect((await o.post(`/datasets/${ds}/export`, { exportType: 'pdf' })).status).toBe(400);
    expect((await o.post(`/datasets/${ds}/export`, { itemsQuery: { filter: 'x' } })).status).toBe(400);
  });
});

describe('clone', () => {
  it('a dataset: items with binaries, metadata and annotations; the source recipe; not the exports', async () => {
    const cmd = await o.post(`/datasets/${ds}/clone`, {
      name: 'exports-clone',
      filter: { filter: { $and: [{ type: 'file' }] }, page: 0, pageSize: 1000, resource: 'items' },
      cloneDatasetParams: { withItemsAnnotations: true, withMetadata: true, withTaskAnnotationsStatus: true },
    });
    expect([cmd.status, cmd.json.status]).toEqual([200, 'success']);
    const clone = (await o.get(`/datasets/${cmd.json.spec.returnedModelId}`)).json;
    const source = (await o.get(`/datasets/${ds}`)).json;
    expect([clone.name, clone.srcDataset, clone.metadata.system.recipes]).toEqual([
      'exports-clone',
      ds,
      source.metadata.system.recipes,
    ]);
    const items = (await o.post(`/datasets/${clone.id}/query`, { filter: { type: 'file' } })).json.items;
    expect(items.map((i: { filename: string }) => i.filename)).toEqual(['/e/a.png', '/e/b.png', '/f/c.png']);
    const a = items[0];
    expect([a.srcItem, a.metadata.user, a.annotationsCount, a.metadata.system.refs]).toEqual([ids[0], { n: 0 }, 2, []]);
    const [src, copy] = await Promise.all(
      [ids[0], a.id].map(async (id) =>
        Buffer.from(
          await (
            await fetch(`${srv.url}/items/${id}/stream`, { headers: { authorization: `Bearer ${srv.tokens.owner}` } })
          ).arrayBuffer(),
        ),
      ),
    );
    expect(copy.equals(src!)).toBe(true);
    const again = await o.post(`/datasets/${ds}/clone`, { name: 'exports-clone' });
    expect(again.status).toBe(409);
  });

  it('a dataset by filter, without annotations or metadata, into a target folder of an existing dataset', async () => {
    const target = await makeDataset(srv, 'clone-target');
    const cmd = await o.post(`/datasets/${ds}/clone`, {
      filter: { dir: '/f' },
      cloneDatasetParams: {
        withItemsAnnotations: false,
        withMetadata: false,
        targetDirectory: 'in',
        targetDatasetId: target,
      },
    });
    expect(cmd.json.spec).toMatchObject({ returnedModelId: target, itemsCount: 1 });
    const items = (await o.post(`/datasets/${target}/query`, { filter: { type: 'file' } })).json.items;
    expect(items.map((i: { filename: string }) => i.filename)).toEqual(['/in/f/c.png']);
    expect([items[0].metadata.user, items[0].annotationsCount]).toEqual([undefined, 0]);
  });

  it('one item, to another dataset or path; its path must be free', async () => {
    const target = await makeDataset(srv, 'item-clone');
    const cmd = await o.post(`/items/${ids[0]}/clone`, {
      targetDatasetId: target,
      remoteFileName: '/copies/a.png',
      metadata: { user: { copied: true } },
      cloneDatasetParams: { withItemsAnnotations: true, withMetadata: true, withTaskAnnotationsStatus: false },
    });
    const [id] = cmd.json.spec.returnedModelId;
    const copy = (await o.get(`/items/${id}`)).json;
    expect([copy.datasetId, copy.filename, copy.metadata.user, copy.annotationsCount]).toEqual([
      target,
      '/copies/a.png',
      { copied: true },
      2,
    ]);
    expect((await o.post(`/items/${ids[0]}/clone`, { remoteFileName: '/e/b.png' })).status).toBe(409);
    const a = client(srv.url, srv.tokens.annotator1);
    expect((await a.post(`/items/${ids[0]}/clone`, { remoteFileName: '/z.png' })).status).toBe(403);
  });
});
