import type { AppHandle } from '../../server/index.js';
import { maskDataUrl } from '../../server/images/generate.js';
import { scenePng, type SceneObject } from './seed-images.js';
import { seedLarge } from './seed-large.js';
import { datasetOntologyId, labelRgb, seedOntology } from './seed-ontology.js';
import { DEMO_PHOTOS, photoBytes } from './seed-photos.js';
import { seedVideo } from './seed-video.js';

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
  { email: 'manager@dlkit.demo', role: 'annotationManager', note: 'manages tasks: task board, review' },
  { email: 'annotator@dlkit.demo', role: 'annotator', note: 'labels the items of their assignment' },
  { email: 'annotator2@dlkit.demo', role: 'annotator', note: 'the other half of the task' },
];

/** Password of every seeded user (a local demo: not a security boundary, see README). */
export const DEMO_PASSWORD = 'demo';

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

// biome-ignore lint/suspicious/noExplicitAny: REST answers are read field by field, as JSON.
type Json = any;
type Call = <T = Json>(method: string, path: string, body?: unknown, token?: string) => Promise<T>;

/** What every seed step gets: the REST caller (owner by default), tokens and the main dataset. */
interface SeedContext {
  call: Call;
  tokens: Record<string, string>;
  datasetId: string;
}

/** A seeded item with the objects its picture shows. */
interface SeededItem {
  id: string;
  filename: string;
  objects: SceneObject[];
}

/** An annotation body as the web UI creates it (spec §1.6), with v2 attribute values. */
function ann(itemId: string, type: string, label: string, coordinates: unknown, attributes = {}) {
  return {
    type,
    label,
    coordinates,
    attributes: null,
    metadata: { system: { attributes, automated: false }, user: {} },
    itemId,
    source: 'ui',
  };
}

/** A box annotation of a scene object, with attribute values read off the generated picture. */
function objectBox(itemId: string, o: SceneObject, k: number) {
  const attrs: Record<string, unknown> =
    o.label === 'car'
      ? { color: 'red', parked: k % 2 === 0, visibility: 100 }
      : o.label === 'person'
        ? { activity: k % 2 ? 'walking' : 'standing', visibility: 100 }
        : { visibility: 100 };
  return ann(
    itemId,
    'box',
    o.label,
    [
      { x: o.box[0], y: o.box[1], z: 0 },
      { x: o.box[2], y: o.box[3], z: 0 },
    ],
    attrs,
  );
}

async function uploadFile(ctx: SeedContext, path: string, bytes: Uint8Array, type: string): Promise<Json> {
  const form = new FormData();
  const name = path.slice(path.lastIndexOf('/') + 1);
  form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], name, { type }));
  form.append('path', path);
  return ctx.call('POST', `/datasets/${ctx.datasetId}/items`, form);
}

/** Generated street scenes in /train and /val; the first third of /train comes pre-labelled. */
async function seedScenes(ctx: SeedContext, n: number): Promise<SeededItem[]> {
  const items: SeededItem[] = [];
  for (let i = 0; i < n; i++) {
    const folder = i < n * 0.7 ? 'train' : 'val';
    const { png, objects } = scenePng(i, W, H);
    const item = await uploadFile(ctx, `/${folder}/scene-${String(i + 1).padStart(3, '0')}.png`, png, 'image/png');
    items.push({ id: item.id, filename: item.filename, objects });
  }
  const labelled = items.slice(0, Math.floor(n * 0.35));
  for (const [k, it] of labelled.entries()) {
    const body = it.objects.map((o, j) => objectBox(it.id, o, j));
    if (k % 3 === 0)
      body.push(
        ann(
          it.id,
          'segment',
          'road',
          [
            [
              { x: 0, y: H },
              { x: W * 0.4, y: H * 0.56 },
              { x: W * 0.6, y: H * 0.56 },
              { x: W, y: H },
            ],
          ],
          { visibility: 100 },
        ),
      );
    await ctx.call('POST', `/items/${it.id}/annotations`, body);
  }
  return items;
}

/** A mask item: two discs in one binary annotation, in the road colour, to try "mask to polygons" on. */
async function seedMaskItem(ctx: SeedContext): Promise<void> {
  const item = await uploadFile(ctx, '/masks/mask-demo.png', scenePng(1000, W, H).png, 'image/png');
  const disc = (cx: number, cy: number, r: number) => (x: number, y: number) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  const a = disc(180, 330, 60);
  const b = disc(460, 320, 45);
  await ctx.call('POST', `/items/${item.id}/annotations`, [
    ann(
      item.id,
      'binary',
      'road',
      maskDataUrl(W, H, labelRgb('road'), (x, y) => a(x, y) || b(x, y)),
    ),
  ]);
}

/** Real photographs (public domain / CC0, see photos/README.md) in /photos, pre-labelled. */
async function seedPhotos(ctx: SeedContext): Promise<void> {
  for (const p of DEMO_PHOTOS) {
    const item = await uploadFile(ctx, `/photos/${p.file}`, photoBytes(p.file), 'image/jpeg');
    if (!p.objects.length) continue;
    await ctx.call(
      'POST',
      `/items/${item.id}/annotations`,
      p.objects.map((o) =>
        ann(
          item.id,
          'box',
          o.label,
          [
            { x: o.box[0], y: o.box[1], z: 0 },
            { x: o.box[2], y: o.box[3], z: 0 },
          ],
          o.attributes,
        ),
      ),
    );
  }
}

/**
 * The review loop in motion, so every role has something to do at once: the first annotator
 * labelled and completed two of their items; the manager sent one back with an issue pinned to
 * its car box (a `note` annotation plus the box's `issue` status, and the item's `completed`
 * status cleared, as the platform does it). The other stays "to review".
 */
async function seedReview(ctx: SeedContext, taskId: string, scenes: SeededItem[]): Promise<void> {
  const annotator = ctx.tokens[DEMO_USERS[2]!.email]!;
  const manager = ctx.tokens[DEMO_USERS[1]!.email]!;
  const [mine] = (await ctx.call<Json>('GET', `/assignments?taskId=${taskId}`, undefined, annotator)).items as Json[];
  const items = (await ctx.call<Json>('GET', `/assignments/${mine.id}/items`, undefined, annotator)).items as Json[];
  items.sort((x: Json, y: Json) => String(x.filename).localeCompare(String(y.filename)));
  const done = items.slice(0, 2).map((it: Json) => scenes.find((s) => s.id === it.id)!);
  const created: Json[][] = [];
  for (const [k, it] of done.entries()) {
    // The one the manager sends back has loose car boxes: what the issue is about.
    const loose = (o: SceneObject): SceneObject =>
      k === 1 && o.label === 'car' ? { ...o, box: [o.box[0] - 14, o.box[1] - 12, o.box[2] + 16, o.box[3] + 10] } : o;
    const body = it.objects.map((o, j) => objectBox(it.id, loose(o), j));
    created.push(await ctx.call('POST', `/items/${it.id}/annotations`, body, annotator));
    await ctx.call(
      'POST',
      `/assignments/items/tasks/${taskId}/status`,
      { itemIds: [it.id], statusPayload: { operation: 'create', returnLastStatus: true, status: 'completed' } },
      annotator,
    );
  }
  const rejected = done[1];
  const shape = created[1]?.find((a: Json) => a.label === 'car') ?? created[1]?.[0];
  if (!rejected || !shape) return;
  const [p1, p2] = shape.coordinates as { x: number; y: number }[];
  const now = Date.now();
  await ctx.call(
    'POST',
    `/items/${rejected.id}/annotations`,
    [
      {
        type: 'note',
        label: 'note',
        coordinates: {
          box: [
            { x: p1!.x, y: p1!.y, z: 0 },
            { x: p2!.x, y: p2!.y, z: 0 },
          ],
          note: {
            messages: [
              {
                id: 'm1',
                creator: DEMO_USERS[1]!.email,
                time: now,
                body: 'The box is loose: fit it to the car.',
              },
            ],
            status: 'open',
            createTime: now,
            creator: DEMO_USERS[1]!.email,
            assignee: DEMO_USERS[2]!.email,
          },
        },
        metadata: { system: { status: 'issue', parentId: shape.id, attributes: {} }, user: {} },
        source: 'ui',
      },
    ],
    manager,
  );
  await ctx.call('PUT', `/annotations/${shape.id}?system=true`, { metadata: { system: { status: 'issue' } } }, manager);
  await ctx.call(
    'POST',
    `/assignments/items/tasks/${taskId}/status`,
    { itemIds: [rejected.id], statusPayload: { operation: 'delete', returnLastStatus: true, status: 'completed' } },
    manager,
  );
}

/**
 * Creates the sample project through the server's own REST routes (`app.request`, no socket), so
 * the seed exercises the same contract the client uses. Runs only when the data folder has no
 * projects. `largeItems` adds a second dataset with that many small generated images.
 */
export async function seedDemo(
  handle: AppHandle,
  opts: { images?: number; largeItems?: number } = {},
): Promise<DemoSeed | undefined> {
  if ((await handle.store.list('projects')).length > 0) return undefined;
  const tokens: Record<string, string> = {};
  for (const u of DEMO_USERS) tokens[u.email] = await handle.issueToken(u.email);
  const owner = tokens[DEMO_USERS[0]!.email]!;
  const call: Call = async (method, path, body, token = owner) => {
    const init: RequestInit = { method, headers: { authorization: `Bearer ${token}` } };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const res = await handle.app.request(`/api/v1${path}`, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`seed: ${method} ${path} -> ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };

  const project = await call('POST', '/projects', { name: 'Sample project' });
  for (const u of DEMO_USERS.slice(1))
    await call('POST', `/projects/${project.id}/members/${encodeURIComponent(u.email)}`, { role: u.role });
  const dataset = await call('POST', '/datasets', { name: 'Street scenes', projects: [project.id] });
  const ontologyId = await datasetOntologyId(call, dataset);
  await seedOntology(call, ontologyId);
  const ctx: SeedContext = { call, tokens, datasetId: dataset.id };

  // Items, one kind per step.
  const scenes = await seedScenes(ctx, opts.images ?? 36);
  await seedMaskItem(ctx);
  await seedPhotos(ctx);

  // A short real video with box tracks and subtitles (seed-video.ts).
  await seedVideo(call, dataset.id);

  // A task over /val split between the two annotators: each sees only their own half.
  const valIds = scenes.filter((i) => i.filename.startsWith('/val/')).map((i) => i.id);
  const task = await call('POST', '/annotationtasks', {
    name: 'Label the validation scenes',
    datasetId: dataset.id,
    itemIds: valIds,
    assignees: [DEMO_USERS[2]!.email, DEMO_USERS[3]!.email],
    priority: 2,
    asynced: false,
    dueDate: Date.now() + 5 * 24 * 3600 * 1000,
  });
  await seedReview(ctx, task.id, scenes);

  let largeDatasetId: string | undefined;
  if (opts.largeItems) largeDatasetId = await seedLarge(handle, project.id, opts.largeItems, call);
  return { projectId: project.id, datasetId: dataset.id, largeDatasetId, taskId: task.id, ontologyId };
}
