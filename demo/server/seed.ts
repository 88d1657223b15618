import type { AppHandle } from '../../server/index.js';
import { scenePng } from './seed-images.js';
import { maskDataUrl } from '../../server/images/generate.js';

/** A seeded user of the demo (all share the demo password). */
export interface DemoUser {
  email: string;
  role: 'owner' | 'annotationManager' | 'annotator';
  /** What the sign-in screen says about this user. */
  note: string;
}

/** The users the demo seed creates. */
export const DEMO_USERS: DemoUser[] = [
  { email: 'owner@dlkit.demo', role: 'owner', note: 'owns the sample project: every screen' },
  { email: 'manager@dlkit.demo', role: 'annotationManager', note: 'manages tasks: task board' },
  { email: 'annotator@dlkit.demo', role: 'annotator', note: 'sees only the items of their assignment' },
  { email: 'annotator2@dlkit.demo', role: 'annotator', note: 'the other half of the task' },
];

/** Password of every seeded user (a local demo: not a security boundary, see README). */
export const DEMO_PASSWORD = 'demo';

/** Deliberately hostile names: the app must show them as text, never as markup. */
export const HTML_LABEL = '<img src=x onerror=alert(1)>';
export const HTML_FILENAME = '<img src=x onerror=alert(2)>.png';

/** What {@link seedDemo} created. */
export interface DemoSeed {
  projectId: string;
  datasetId: string;
  largeDatasetId?: string;
  taskId: string;
  ontologyId: string;
}

const W = 640;
const H = 480;

/**
 * Creates the sample project through the server's own REST routes (`app.request`, no socket), so
 * the seed exercises the same contract the client uses. Runs only when the data folder has no
 * projects. `largeItems` adds a second dataset with that many items (metadata only, no binaries)
 * to show the virtualised grid.
 */
export async function seedDemo(
  handle: AppHandle,
  opts: { images?: number; largeItems?: number } = {},
): Promise<DemoSeed | undefined> {
  if (handle.store.list('projects').length > 0) return undefined;
  const tokens: Record<string, string> = {};
  for (const u of DEMO_USERS) tokens[u.email] = await handle.issueToken(u.email);
  const owner = tokens[DEMO_USERS[0]!.email]!;
  const call = async <T = any>(method: string, path: string, body?: unknown, token = owner): Promise<T> => {
    const init: RequestInit = { method, headers: { authorization: `Bearer ${token}` } };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const res = await handle.app.request(`/api/v1${path}`, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`seed: ${method} ${path} -> ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };

  const project = await call('POST', '/projects', { name: 'Sample project' });
  for (const u of DEMO_USERS.slice(1))
    await call('POST', `/projects/${project.id}/members/${encodeURIComponent(u.email)}`, { role: u.role });
  const dataset = await call('POST', '/datasets', { name: 'Street scenes', projects: [project.id] });
  const recipeId = dataset.metadata?.system?.recipes?.[0];
  const recipe = await call('GET', `/recipes/${recipeId}`);
  const ontologyId = recipe.ontologyIds[0] as string;
  const labels = [
    { tag: 'car', color: '#c82828', displayLabel: 'Car' },
    { tag: 'tree', color: '#1e7828', displayLabel: 'Tree' },
    { tag: 'person', color: '#f0c83c', displayLabel: 'Person' },
    { tag: 'road', color: '#5a5f64', displayLabel: 'Road' },
    { tag: HTML_LABEL, color: '#8a2be2', displayLabel: HTML_LABEL },
  ];
  await call('PATCH', `/ontologies/${ontologyId}/labels`, { labelsNode: labels, upsert: true });

  const n = opts.images ?? 36;
  const items: { id: string; filename: string; objects: ReturnType<typeof scenePng>['objects'] }[] = [];
  for (let i = 0; i < n; i++) {
    const folder = i < n * 0.7 ? 'train' : 'val';
    const { png, objects } = scenePng(i, W, H);
    const form = new FormData();
    const name = `scene-${String(i + 1).padStart(3, '0')}.png`;
    form.append('file', new File([png as Uint8Array<ArrayBuffer>], name, { type: 'image/png' }));
    form.append('path', `/${folder}/${name}`);
    const item = await call('POST', `/datasets/${dataset.id}/items`, form);
    items.push({ id: item.id, filename: item.filename, objects });
  }
  // A file whose name is markup.
  {
    const { png } = scenePng(999, W, H);
    const form = new FormData();
    form.append('file', new File([png as Uint8Array<ArrayBuffer>], HTML_FILENAME, { type: 'image/png' }));
    form.append('path', `/misc/${HTML_FILENAME}`);
    await call('POST', `/datasets/${dataset.id}/items`, form);
  }
  // A mask item: two blobs in one binary annotation, to try "mask to polygons" on.
  const { png: maskPng } = scenePng(1000, W, H);
  const mform = new FormData();
  mform.append('file', new File([maskPng as Uint8Array<ArrayBuffer>], 'mask-demo.png', { type: 'image/png' }));
  mform.append('path', '/masks/mask-demo.png');
  const maskItem = await call('POST', `/datasets/${dataset.id}/items`, mform);

  const ann = (itemId: string, type: string, label: string, coordinates: unknown) => ({
    type,
    label,
    coordinates,
    attributes: null,
    metadata: { system: { attributes: {}, automated: false }, user: {} },
    itemId,
    source: 'ui',
  });
  // The first half of /train comes pre-labelled with boxes; every third also gets a polygon.
  const labelled = items.slice(0, Math.floor(n * 0.35));
  for (const [k, it] of labelled.entries()) {
    const body = it.objects.map((o) =>
      ann(it.id, 'box', o.label, [
        { x: o.box[0], y: o.box[1], z: 0 },
        { x: o.box[2], y: o.box[3], z: 0 },
      ]),
    );
    if (k % 3 === 0)
      body.push(
        ann(it.id, 'segment', 'road', [
          [
            { x: 0, y: H },
            { x: W * 0.4, y: H * 0.56 },
            { x: W * 0.6, y: H * 0.56 },
            { x: W, y: H },
          ],
        ]),
      );
    await call('POST', `/items/${it.id}/annotations`, body);
  }
  const blob = (cx: number, cy: number, r: number) => (x: number, y: number) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  const a = blob(180, 330, 60);
  const b = blob(460, 320, 45);
  await call('POST', `/items/${maskItem.id}/annotations`, [
    ann(
      maskItem.id,
      'binary',
      'road',
      maskDataUrl(W, H, [90, 95, 100], (x, y) => a(x, y) || b(x, y)),
    ),
  ]);

  // A task over /val split between the two annotators: each sees only their own half.
  const valIds = items.filter((i) => i.filename.startsWith('/val/')).map((i) => i.id);
  const task = await call('POST', '/annotationtasks', {
    name: 'Label the validation scenes',
    datasetId: dataset.id,
    itemIds: valIds,
    assignees: [DEMO_USERS[2]!.email, DEMO_USERS[3]!.email],
    priority: 2,
    asynced: false,
    dueDate: Date.now() + 5 * 24 * 3600 * 1000,
  });

  let largeDatasetId: string | undefined;
  if (opts.largeItems) largeDatasetId = await seedLarge(handle, project.id, opts.largeItems, call);
  return { projectId: project.id, datasetId: dataset.id, largeDatasetId, taskId: task.id, ontologyId };
}

/**
 * A dataset with `count` items written straight into the store in one transaction (the REST
 * upload of 100,000 files would take minutes). Items have metadata but no binaries: the grid shows
 * a placeholder thumbnail for them.
 */
async function seedLarge(
  handle: AppHandle,
  projectId: string,
  count: number,
  call: (m: string, p: string, b?: unknown) => Promise<any>,
): Promise<string> {
  const ds = await call('POST', '/datasets', {
    name: `Large (${count.toLocaleString('en-US')} items)`,
    projects: [projectId],
  });
  const store = handle.store;
  const now = new Date().toISOString();
  const hex = (i: number) => i.toString(16).padStart(8, '0');
  const prefix = ds.id.slice(0, 16);
  store.transaction(() => {
    const dirs = 100;
    for (let d = 0; d < dirs; d++) {
      const name = `batch-${String(d).padStart(3, '0')}`;
      store.insert('items', {
        id: `${prefix}${hex(0xf0000000 + d)}`,
        datasetId: ds.id,
        filename: `/${name}`,
        dir: '/',
        name,
        type: 'dir',
        hidden: false,
        metadata: { system: {} },
        annotationsCount: 0,
        annotated: false,
        creator: 'seed',
        createdAt: now,
        updatedAt: now,
      });
    }
    for (let i = 0; i < count; i++) {
      const dir = `/batch-${String(Math.floor((i * dirs) / count)).padStart(3, '0')}`;
      const name = `frame-${String(i).padStart(6, '0')}.png`;
      store.insert('items', {
        id: `${prefix}${hex(i)}`,
        datasetId: ds.id,
        filename: `${dir}/${name}`,
        dir,
        name,
        type: 'file',
        hidden: false,
        metadata: { system: { mimetype: 'image/png', width: W, height: H, size: 0, refs: [] } },
        annotationsCount: 0,
        annotated: false,
        creator: 'seed',
        createdAt: now,
        updatedAt: now,
      });
    }
  });
  return ds.id;
}
