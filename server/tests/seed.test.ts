import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotation } from '../../src/entities/annotations/index.js';
import { startServer, type RunningServer } from '../index.js';
import { dropTestDatabase, testDatabaseFor } from '../testing.js';
import { HTML_FILENAME, HTML_LABEL } from '../seed.js';
import { client } from './helpers.js';

let srv: RunningServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'dlkit-seed-'));
  srv = await startServer({ dataDir, seed: true, ...(await testDatabaseFor(dataDir)) });
}, 180_000);
afterAll(async () => {
  await srv.close();
  rmSync(dataDir, { recursive: true, force: true });
  await dropTestDatabase(dataDir);
});

describe('--seed sample project', () => {
  it('has users with working tokens, nested coloured labels (one with HTML), v2 attributes', async () => {
    const s = srv.seeded!;
    expect(Object.keys(s.tokens).sort()).toEqual([
      'annotator1@dlkit.local',
      'annotator2@dlkit.local',
      'manager@dlkit.local',
      'owner@dlkit.local',
    ]);
    const o = client(srv.url, s.tokens['owner@dlkit.local']);
    const ds = (await o.get(`/datasets/${s.datasetId}`)).json;
    const recipe = (await o.get(`/recipes/${ds.metadata.system.recipes[0]}`)).json;
    const ont = (await o.get(`/ontologies/${recipe.ontologyIds[0]}`)).json;
    const tags = ont.labels.map((l: any) => l.tag);
    expect(tags).toEqual(
      expect.arrayContaining(['vehicle', 'vehicle.car', 'vehicle.car.wheel', 'person.face', HTML_LABEL]),
    );
    expect(ont.labels.every((l: any) => /^#[0-9a-f]{6}$/.test(l.color))).toBe(true);
    expect(ont.metadata.attributes.map((a: any) => a.type).sort()).toEqual([
      'boolean',
      'freeText',
      'options',
      'options',
      'range',
    ]);
  });

  it('has images of varied sizes incl. one 8000 px wide, every drawable type, masks at item size, a task with two assignments', async () => {
    const s = srv.seeded!;
    const o = client(srv.url, s.tokens['owner@dlkit.local']);
    const items = (
      await o.post(`/datasets/${s.datasetId}/query`, { filter: { $and: [{ hidden: false }, { type: 'file' }] } })
    ).json.items;
    expect(items.length).toBeGreaterThanOrEqual(8);
    expect(Math.max(...items.map((i: any) => i.metadata.system.width))).toBe(8000);
    expect(items.some((i: any) => i.name === HTML_FILENAME && i.dir === '/fields')).toBe(true);
    expect(items.some((i: any) => i.metadata.fps > 0)).toBe(true);
    const anns = (await o.post(`/datasets/${s.datasetId}/query`, { resource: 'annotations', filter: {} })).json.items;
    const types = new Set(anns.map((a: any) => a.type));
    for (const t of ['box', 'segment', 'polyline', 'point', 'ellipse', 'cube', 'binary', 'class', 'note'])
      expect(types).toContain(t);
    const byItem = new Map(items.map((i: any) => [i.id, i]));
    for (const a of anns) {
      const item: any = byItem.get(a.itemId);
      expect(() =>
        Annotation.fromJson(a, {
          item: { ...item, mimetype: item.metadata.system.mimetype, fps: item.metadata.fps ?? null },
        }),
      ).not.toThrow();
    }
    const mask = anns.find((a: any) => a.type === 'binary');
    const png = Buffer.from(mask.coordinates.slice(22), 'base64');
    const item: any = byItem.get(mask.itemId);
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[25]]).toEqual([
      item.metadata.system.width,
      item.metadata.system.height,
      6,
    ]);
    const task = (await o.get(`/annotationtasks/${s.taskId}`)).json;
    expect([task.assignmentIds.length, task.totalItems]).toEqual([2, items.length]);
  });

  it('is not seeded twice', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'dlkit-seed-fresh-'));
    try {
      const again = await startServer({ dataDir: fresh, seed: false, ...(await testDatabaseFor(fresh)) });
      expect(again.seeded).toBeUndefined();
      expect(await again.store.list('projects')).toEqual([]);
      await again.close();
    } finally {
      rmSync(fresh, { recursive: true, force: true });
      await dropTestDatabase(fresh);
    }
    const { seedSample } = await import('../seed.js');
    const { createApp } = await import('../app.js');
    const h = await createApp({ dataDir, store: srv.store });
    expect(await seedSample(h)).toBeUndefined();
  });
});
