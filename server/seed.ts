import type { AppHandle } from './app.js';
import { insertAnnotations } from './routes/annotations.js';
import { createDataset } from './routes/datasets.js';
import { storeFile } from './routes/items-shared.js';
import { createProject, setMember } from './routes/projects.js';
import { ensureUser } from './routes/users.js';
import { gradientPng, largeGradientPng, maskDataUrl } from './images/generate.js';
import { thumbnailFor } from './images/thumbnail.js';
import { checkAttribute, upsertLabels } from './labels.js';
import { newId, nowIso } from './ids.js';
import { addItemsToTask, workloadFrom } from './tasks-logic.js';
import { datasetRecipeIds } from './store/docs.js';
import type { LabelNode, TaskDoc, UserDoc } from './store/docs.js';

/** What the sample seed created. */
export interface SeedResult {
  projectId: string;
  datasetId: string;
  taskId: string;
  /** Bearer tokens by email. */
  tokens: Record<string, string>;
}

/** Emails of the seeded users and their project roles. */
export const SEED_USERS = {
  'owner@dlkit.local': 'owner',
  'manager@dlkit.local': 'annotationManager',
  'annotator1@dlkit.local': 'annotator',
  'annotator2@dlkit.local': 'annotator',
} as const;

/** A label name with markup, so UI tests can check that names are escaped. */
export const HTML_LABEL = '<b>bold</b> & co';
/** A file name with markup (no `/`, which would split the path). */
export const HTML_FILENAME = '<img src=x onerror=alert(1)> & co.png';

const LABELS = [
  { tag: 'vehicle', color: '#3366ff' },
  { tag: 'vehicle.car', color: '#ff3b30' },
  { tag: 'vehicle.bus', color: '#ffcc00' },
  { tag: 'vehicle.car.wheel', color: '#8e8e93' },
  { tag: 'person', color: '#34c759' },
  { tag: 'person.face', color: '#af52de' },
  { tag: 'sky', color: '#5ac8fa' },
  { tag: HTML_LABEL, color: '#ff9500', displayLabel: HTML_LABEL },
];

const ATTRIBUTES = [
  { key: 'occluded', title: 'Occluded', type: 'checkbox', values: ['partly', 'mostly', 'truncated'], scope: ['*'] },
  {
    key: 'quality',
    title: 'Quality',
    type: 'radio_button',
    values: ['good', 'blurry', 'dark'],
    scope: ['vehicle', 'vehicle.car', 'vehicle.bus'],
  },
  { key: 'confidence', title: 'Confidence', type: 'range', range: { min: 0, max: 1, step: 0.05 }, scope: ['*'] },
  { key: 'verified', title: 'Verified', type: 'boolean', scope: ['*'] },
  { key: 'comment', title: 'Comment', type: 'freeText', scope: ['*'], optional: true },
];

const hex = (c: string): [number, number, number] =>
  [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) as [number, number, number];

/** Annotations of every drawable type for an image of `w` x `h`. */
function sampleAnnotations(w: number, h: number, i: number): Record<string, unknown>[] {
  const sys = (attrs: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
    system: { attributes: attrs, ...extra },
    user: {},
  });
  const p = (x: number, y: number) => ({ x: Math.round(x * w), y: Math.round(y * h) });
  const ring = (pts: [number, number][]) => [pts.map(([x, y]) => p(x, y))];
  const car = LABELS[1]!;
  return [
    {
      type: 'box',
      label: 'vehicle.car',
      coordinates: [
        { ...p(0.1, 0.1), z: 0 },
        { ...p(0.35, 0.3), z: 0 },
      ],
      metadata: sys({ occluded: ['partly'], quality: 'good', confidence: 0.9, verified: true }, { objectId: '1' }),
    },
    {
      type: 'box',
      label: 'vehicle.bus',
      coordinates: [{ ...p(0.5, 0.1), z: 0 }, { ...p(0.8, 0.3), z: 0 }, 15],
      metadata: sys({ quality: 'blurry' }, { objectId: '2' }),
    },
    {
      type: 'segment',
      label: 'person',
      coordinates: ring([
        [0.1, 0.5],
        [0.25, 0.45],
        [0.3, 0.7],
        [0.15, 0.8],
      ]),
      metadata: sys({ comment: 'walking' }),
    },
    {
      type: 'polyline',
      label: 'sky',
      coordinates: ring([
        [0.05, 0.05],
        [0.3, 0.02],
        [0.6, 0.06],
        [0.95, 0.03],
      ]),
      metadata: sys(),
    },
    { type: 'point', label: 'person.face', coordinates: { ...p(0.2, 0.5), z: 0 }, metadata: sys() },
    {
      type: 'ellipse',
      label: 'vehicle.car.wheel',
      coordinates: { angle: 20, center: { ...p(0.2, 0.3), z: 0 }, rx: 0.04 * w, ry: 0.02 * w },
      metadata: sys(),
    },
    {
      type: 'cube',
      label: 'vehicle.car',
      coordinates: {
        front_tl: { ...p(0.55, 0.5), z: 0 },
        front_tr: { ...p(0.75, 0.5), z: 0 },
        front_br: { ...p(0.75, 0.7), z: 0 },
        front_bl: { ...p(0.55, 0.7), z: 0 },
        back_tl: { ...p(0.6, 0.45), z: 0 },
        back_tr: { ...p(0.8, 0.45), z: 0 },
        back_br: { ...p(0.8, 0.65), z: 0 },
        back_bl: { ...p(0.6, 0.65), z: 0 },
        angle: 0,
      },
      metadata: sys(),
    },
    {
      type: 'binary',
      label: 'vehicle.car',
      coordinates: maskDataUrl(
        w,
        h,
        hex(car.color),
        (x, y) => (x - 0.8 * w) ** 2 / (0.1 * w) ** 2 + (y - 0.8 * h) ** 2 / (0.1 * h) ** 2 <= 1,
      ),
      metadata: sys({ verified: false }),
    },
    { type: 'class', label: i % 2 ? 'sky' : HTML_LABEL, metadata: sys() },
    {
      type: 'note',
      label: 'note',
      coordinates: {
        box: [
          { ...p(0.4, 0.4), z: 0 },
          { ...p(0.5, 0.5), z: 0 },
        ],
        note: {
          messages: [
            { id: 'm1', creator: 'owner@dlkit.local', time: Date.now(), body: 'Is this a <b>car</b> & a bus?' },
          ],
          status: 'open',
          createTime: Date.now(),
          creator: 'owner@dlkit.local',
          assignee: 'annotator1@dlkit.local',
        },
      },
      metadata: sys({}, { status: 'issue' }),
    },
  ];
}

/**
 * Create the sample project once: users (owner, manager, two annotators), an ontology with nested
 * coloured labels and v2 attributes, generated PNGs (varied sizes, one 8000 px wide) with
 * annotations of every drawable type including binary masks, a video-style item (a short
 * strip PNG with fps metadata and a box track), and a task with two assignments.
 * Returns `undefined` when the data folder already has projects.
 */
export async function seedSample(handle: AppHandle): Promise<SeedResult | undefined> {
  const { store } = handle;
  if ((await store.list('projects')).length) return undefined;
  const users: Record<string, UserDoc> = {};
  for (const email of Object.keys(SEED_USERS)) users[email] = await ensureUser(store, email);
  const owner = users['owner@dlkit.local']!;
  const project = await createProject(store, owner, 'Sample project');
  for (const [email, role] of Object.entries(SEED_USERS))
    if (role !== 'owner') await setMember(store, project.id, users[email]!.id, role);
  const ds = await createDataset(store, owner.email, project.id, 'Sample images');
  const recipe = (await store.get('recipes', datasetRecipeIds(ds)[0]!))!;
  const ontology = (await store.get('ontologies', recipe.ontologyIds[0]!))!;
  const roots = [] as LabelNode[];
  upsertLabels(roots, LABELS, true);
  ontology.roots = roots;
  ontology.title = 'Sample ontology';
  ontology.metadata.attributes = ATTRIBUTES.map((a, i) => checkAttribute(a, `attributes[${i}]`));
  await store.replace('ontologies', ontology);

  const images: [string, number, number, Uint8Array][] = [
    ['/street/cars-640x480.png', 640, 480, gradientPng(640, 480, 1)],
    ['/street/bus-1024x768.png', 1024, 768, gradientPng(1024, 768, 2)],
    ['/street/tall-360x800.png', 360, 800, gradientPng(360, 800, 3)],
    ['/fields/wide-1280x400.png', 1280, 400, gradientPng(1280, 400, 4)],
    ['/fields/square-512.png', 512, 512, gradientPng(512, 512, 5)],
    [`/fields/${HTML_FILENAME}`, 300, 200, gradientPng(300, 200, 6)],
    ['/large/huge-8000x4000.png', 8000, 4000, largeGradientPng(8000, 4000)],
  ];
  const by = owner.email;
  const itemIds: string[] = [];
  for (const [path, w, h, bytes] of images) {
    const { item } = await storeFile(store, {
      datasetId: ds.id,
      filename: path,
      bytes,
      declaredType: 'image/png',
      creator: by,
      userMeta: { user: { sample: true } },
    });
    itemIds.push(item.id);
    // The big image gets a reduced annotation set (its full-size mask alone would be ~190 MB of RGBA to encode).
    const anns =
      w * h > 4_000_000
        ? sampleAnnotations(w, h, itemIds.length).filter((a) => a.type !== 'binary')
        : sampleAnnotations(w, h, itemIds.length);
    await insertAnnotations(store, item, anns, by);
  }
  itemIds.push(await seedVideoItem(store, ds.id, by));
  for (const id of itemIds) await thumbnailFor(store, (await store.get('items', id))!);

  const now = nowIso();
  const task: TaskDoc = {
    id: newId(),
    name: 'Label the street',
    status: 'open',
    projectId: project.id,
    datasetId: ds.id,
    recipeId: recipe.id,
    taskOwner: by,
    creator: by,
    dueDate: Date.now() + 7 * 24 * 3600 * 1000,
    spec: { type: 'annotation' },
    query: JSON.stringify({ filter: { $and: [{ hidden: false }, { type: 'file' }] } }),
    assignmentIds: [],
    priority: 2,
    availableActions: [
      { action: 'completed', displayName: 'Complete', color: '#2e7d32' },
      { action: 'discard', displayName: 'Discard', color: '#c62828' },
    ],
    description: { content: 'Box every vehicle; polygons for people.' },
    metadata: { system: {} },
    forReview: 0,
    issues: 0,
    createdAt: now,
    updatedAt: now,
  };
  await store.transaction(async () => {
    await store.insert('tasks', task);
    await addItemsToTask(
      store,
      task,
      itemIds,
      workloadFrom({ assignees: ['annotator1@dlkit.local', 'annotator2@dlkit.local'] }),
      by,
    );
  });
  const tokens: Record<string, string> = {};
  for (const email of Object.keys(SEED_USERS)) tokens[email] = await handle.issueToken(email);
  return { projectId: project.id, datasetId: ds.id, taskId: task.id, tokens };
}

/**
 * A video-style item: no video encoder is available here, so the binary is a PNG film strip
 * (10 frames side by side) and the item carries the video metadata (`fps`, `nb_frames`,
 * `duration`) plus a box track with `snapshots_` (spec §2.1), so players and the annotation
 * model can be exercised without a real codec.
 */
async function seedVideoItem(store: AppHandle['store'], datasetId: string, by: string): Promise<string> {
  const frames = 10,
    fw = 160,
    fh = 120,
    fps = 5;
  const { item } = await storeFile(store, {
    datasetId,
    filename: '/video/strip-10-frames.png',
    bytes: gradientPng(fw * frames, fh, 9),
    declaredType: 'image/png',
    creator: by,
    userMeta: {
      fps,
      startTime: 0,
      system: { fps, nb_frames: frames, duration: frames / fps, videoStyle: 'strip', frameWidth: fw, frameHeight: fh },
    },
  });
  const at = (f: number) => [
    { x: 10 + f * 8, y: 20, z: 0 },
    { x: 60 + f * 8, y: 70, z: 0 },
  ];
  await insertAnnotations(
    store,
    item,
    [
      {
        type: 'box',
        label: 'vehicle.car',
        coordinates: at(0),
        metadata: {
          system: {
            attributes: {},
            objectId: '7',
            frame: 0,
            startTime: 0,
            endFrame: 9,
            endTime: 9 / fps,
            snapshots_: [5, 9].map((f) => ({
              frame: f,
              fixed: true,
              label: 'vehicle.car',
              type: 'box',
              objectVisible: true,
              data: at(f),
              namedAttributes: {},
            })),
          },
        },
      },
    ],
    by,
  );
  return item.id;
}
