// Stateless instances: two server processes on one PostgreSQL database and one blob folder serve
// one client consistently (tokens, sign-out, idempotency keys, uploads, thumbnails, task counts),
// and when one is killed mid-burst the other keeps serving, every acknowledged write stored once.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { createProject, setMember } from '../../routes/projects.js';
import { ensureUser } from '../../routes/users.js';
import { dropTestDatabase, testDatabaseFor } from '../../testing.js';
import { box, client as baseClient, NO_KEEP_ALIVE, pngForm } from '../../tests/helpers.js';

/** The instances are other processes: a connection per request (see NO_KEEP_ALIVE, the EPIPE it prevents). */
const client = (base: string, token?: string) => baseClient(base, token, NO_KEEP_ALIVE);

/** One server process (the CLI) on the shared folder and database. */
interface Instance {
  url: string;
  child: ChildProcess;
}

let dataDir: string;
let database: string;
let a: Instance;
let b: Instance;
const tokens: Record<'owner' | 'manager' | 'annotator', string> = { owner: '', manager: '', annotator: '' };
let projectId: string;
let datasetId: string;
const children: ChildProcess[] = [];

async function startInstance(): Promise<Instance> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/cli.ts', '--data', dataDir, '--database', database, '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  // An instance that dies on its own (not killed by a test) says why in the test output.
  let errors = '';
  child.stderr!.on('data', (d) => {
    errors = (errors + d).slice(-8000);
  });
  child.once('exit', (code, signal) => {
    if (signal === null && code !== 0) process.stderr.write(`server instance exited ${code}:\n${errors}\n`);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /on (http:\/\/127\.0\.0\.1:\d+\/api\/v1)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return { url, child };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'dlkit-instances-'));
  database = (await testDatabaseFor(dataDir)).database!;
  // Users, a project and a dataset, made by a third process-like handle that is then closed:
  // nothing it leaves behind lives anywhere but the database and the folder.
  const h = await createApp({ dataDir, database });
  const owner = await ensureUser(h.store, 'owner@dlkit.test');
  const manager = await ensureUser(h.store, 'manager@dlkit.test');
  const annotator = await ensureUser(h.store, 'annotator@dlkit.test');
  projectId = (await createProject(h.store, owner, 'two instances')).id;
  await setMember(h.store, projectId, manager.id, 'engineer');
  await setMember(h.store, projectId, annotator.id, 'annotator');
  tokens.owner = await h.issueToken(owner.email);
  tokens.manager = await h.issueToken(manager.email);
  tokens.annotator = await h.issueToken(annotator.email);
  await h.close();
  [a, b] = await Promise.all([startInstance(), startInstance()]);
  const ds = await client(a.url, tokens.owner).post('/datasets', { name: 'shared', projects: [projectId] });
  datasetId = ds.json.id;
}, 120_000);

afterAll(async () => {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await exited;
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
  await dropTestDatabase(dataDir);
});

describe('two instances on one database and one blob folder', () => {
  it('a token works on both; an idempotency key replays on the other; a sign-out holds on both', async () => {
    const item = await client(a.url, tokens.owner).post(`/datasets/${datasetId}/items`, pngForm('/idem.png'));
    expect(item.status).toBe(201);
    const key = { 'x-idempotency-key': 'same-key-two-instances' };
    const first = await client(a.url, tokens.owner).post(`/items/${item.json.id}/annotations`, [box('k')], key);
    const again = await client(b.url, tokens.owner).post(`/items/${item.json.id}/annotations`, [box('k')], key);
    expect([first.status, again.status, again.headers.get('x-idempotent-replayed')]).toEqual([201, 201, 'true']);
    expect(again.json[0].id).toBe(first.json[0].id);
    expect((await client(b.url, tokens.owner).get(`/items/${item.json.id}`)).json.annotationsCount).toBe(1);

    const h = await createApp({ dataDir, database });
    const spare = await h.issueToken('manager@dlkit.test');
    await h.close();
    expect((await client(b.url, spare).get('/users/me')).status).toBe(200);
    expect((await client(a.url, spare).post('/users/me/logout')).status).toBe(200);
    const refused = await client(b.url, spare).get('/users/me');
    expect([refused.status, refused.json.code]).toEqual([401, 'token-revoked']);
  });

  it('an upload through one streams from the other; its thumbnail is made once for both', async () => {
    const up = await client(b.url, tokens.owner).post(
      `/datasets/${datasetId}/items`,
      pngForm('/thumb.png', 300, 200, 7),
    );
    expect(up.status).toBe(201);
    const id: string = up.json.id;
    const get = (base: string, path: string) =>
      fetch(`${base}${path}`, { headers: { authorization: `Bearer ${tokens.owner}`, ...NO_KEEP_ALIVE } });
    const viaB = new Uint8Array(await (await get(b.url, `/items/${id}/stream`)).arrayBuffer());
    const viaA = new Uint8Array(await (await get(a.url, `/items/${id}/stream`)).arrayBuffer());
    expect(viaA).toEqual(viaB);
    expect(viaA.length).toBe(up.json.metadata.system.size);

    // Every thumbnail written goes through a temp file in its folder: count them while both are asked at once.
    const folder = join(dataDir, 'blobs', 'thumbs', id.slice(-2));
    mkdirSync(folder, { recursive: true });
    const written = new Set<string>();
    const watcher = watch(folder, (_event, name) => {
      if (name?.startsWith(`${id}.tmp-`)) written.add(name);
    });
    try {
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => get(i % 2 ? a.url : b.url, `/items/${id}/thumbnail`)),
      );
      const bodies = await Promise.all(answers.map(async (r) => Buffer.from(await r.arrayBuffer()).toString('hex')));
      expect(answers.map((r) => [r.status, r.headers.get('x-dl-thumbnail')])).toEqual(answers.map(() => [200, 'png']));
      expect(new Set(bodies).size).toBe(1);
      await new Promise((r) => setTimeout(r, 200)); // let the last file events arrive
    } finally {
      watcher.close();
    }
    expect(written.size).toBe(1);
  });

  it('task counts are the same whichever instance answers', async () => {
    const o = client(a.url, tokens.owner);
    const ids: string[] = [];
    for (const p of ['/t1.png', '/t2.png'])
      ids.push((await o.post(`/datasets/${datasetId}/items`, pngForm(p))).json.id);
    const task = await o.post('/annotationtasks', {
      name: 'counts',
      datasetId,
      itemIds: ids,
      assignees: ['annotator@dlkit.test'],
      asynced: false,
    });
    expect(task.status).toBe(200);
    const status = await client(b.url, tokens.owner).post(`/assignments/items/tasks/${task.json.id}/status`, {
      itemIds: [ids[0]],
      statusPayload: { operation: 'create', status: 'completed' },
    });
    expect(status.status).toBe(200);
    const fromA = (await o.get(`/annotationtasks/${task.json.id}`)).json;
    const fromB = (await client(b.url, tokens.owner).get(`/annotationtasks/${task.json.id}`)).json;
    expect([fromA.totalItems, fromA.itemStatus, fromA.progress]).toEqual([2, { completed: 1 }, 50]);
    expect([fromB.totalItems, fromB.itemStatus, fromB.progress]).toEqual([2, { completed: 1 }, 50]);
    // The annotator sees the items through either instance.
    const seen = await client(a.url, tokens.annotator).get(`/items/${ids[1]}`);
    expect(seen.status).toBe(200);
  });

  it('20 writers over both: one is killed mid-burst, the other keeps serving; every acknowledged write is stored once', async () => {
    const o = client(a.url, tokens.owner);
    const items: string[] = [];
    for (let i = 0; i < 4; i++)
      items.push((await o.post(`/datasets/${datasetId}/items`, pngForm(`/w${i}.png`))).json.id);
    const WRITERS = 20;
    const WRITES = 25;
    const acked = new Map<string, string>(); // tag -> annotation id
    let ackedByBAfterKill = 0;
    let killedAt: number | undefined;
    const refusedByB: number[] = [];
    const killer = (async () => {
      while (acked.size < (WRITERS * WRITES) / 3) await new Promise((r) => setTimeout(r, 10));
      killedAt = acked.size;
      a.child.kill('SIGKILL');
    })();
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        const token = w % 2 ? tokens.owner : tokens.manager;
        for (let s = 0; s < WRITES; s++) {
          const tag = `w${w}-s${s}`;
          const body = [{ ...box('burst'), metadata: { system: { attributes: {} }, user: { tag } } }];
          // A client's retry: the same key, on the other instance when one does not answer.
          for (let attempt = 0; attempt < 4; attempt++) {
            const target = (w + attempt) % 2 ? a : b;
            if (target === a && killedAt !== undefined) continue;
            const r = await client(target.url, token)
              .post(`/items/${items[(w + s) % items.length]}/annotations`, body, { 'x-idempotency-key': tag })
              .catch(() => undefined); // connection refused or reset: the instance is gone
            if (r?.status === 201) {
              acked.set(tag, r.json[0].id);
              if (target === b && killedAt !== undefined) ackedByBAfterKill++;
              break;
            }
            if (target === b && r) refusedByB.push(r.status);
          }
        }
      }),
    );
    await killer;
    expect(killedAt).toBeGreaterThan(0);
    expect(refusedByB).toEqual([]);
    expect(ackedByBAfterKill).toBeGreaterThan(0);
    expect(acked.size).toBe(WRITERS * WRITES);

    const stored = new Map<string, string[]>();
    let last: string | undefined;
    const ob = client(b.url, tokens.owner);
    for (;;) {
      const filter: Record<string, unknown> = { label: 'burst' };
      if (last) filter.id = { $gt: last };
      const page = await ob.post(`/datasets/${datasetId}/query`, {
        resource: 'annotations',
        filter,
        sort: { id: 'ascending' },
        pageSize: 1000,
      });
      for (const x of page.json.items)
        stored.set(x.metadata.user.tag, [...(stored.get(x.metadata.user.tag) ?? []), x.id]);
      if (!page.json.hasNextPage) break;
      last = page.json.items.at(-1).id;
    }
    expect(stored.size).toBe(WRITERS * WRITES);
    for (const [tag, id] of acked) expect(stored.get(tag), tag).toEqual([id]);
    const counts = await Promise.all(items.map(async (id) => (await ob.get(`/items/${id}`)).json.annotationsCount));
    expect(counts.reduce((x, y) => x + y, 0)).toBe(WRITERS * WRITES);
  }, 180_000);
});
