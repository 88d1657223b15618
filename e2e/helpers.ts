import { expect, type APIRequestContext, type Page } from '@playwright/test';

/** Seeded users (see demo/server/seed.ts). */
export const USERS = {
  owner: 'owner@dlkit.demo',
  manager: 'manager@dlkit.demo',
  annotator: 'annotator@dlkit.demo',
  annotator2: 'annotator2@dlkit.demo',
} as const;

/** Signs in through the UI's one-click user buttons and waits for the projects screen. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/#/login');
  await page.locator(`button[data-user="${email}"]`).click();
  // The projects screen first: until it replaces the login page, a user already signed in shows
  // the email twice (the header's and the login button's).
  await expect(page.getByRole('heading', { name: 'Projects' })).toBeVisible();
  await expect(page.locator('[data-user]').filter({ hasText: email })).toBeVisible();
}

/** A bearer token for REST checks of what the server holds. */
export async function token(request: APIRequestContext, email: string): Promise<string> {
  const res = await request.post('/demo/login', { data: { email, password: 'demo' } });
  expect(res.ok()).toBeTruthy();
  return (await res.json()).token as string;
}

/** `fetch`-style JSON call of the API with a token. */
export async function api<T = any>(
  request: APIRequestContext,
  tok: string,
  method: string,
  path: string,
  data?: unknown,
): Promise<T> {
  const res = await request.fetch(`/api/v1${path}`, { method, headers: { authorization: `Bearer ${tok}` }, data });
  const text = await res.text();
  if (!res.ok()) throw new Error(`${method} ${path} -> ${res.status()} ${text}`);
  return JSON.parse(text) as T;
}

/** The sample project and its datasets, as the owner sees them. */
export async function sample(request: APIRequestContext) {
  const tok = await token(request, USERS.owner);
  const projects = await api<any[]>(request, tok, 'GET', '/projects');
  const project = projects.find((p) => p.name === 'Sample project')!;
  const ds = await api<{ items: any[] }>(request, tok, 'POST', '/datasets/query', {
    context: { projects: [project.id] },
  });
  const dataset = ds.items.find((d) => d.name === 'Street scenes')!;
  const large = ds.items.find((d) => String(d.name).startsWith('Large'));
  return { tok, project, dataset, large };
}

/** Items of a dataset by DQL filter (owner's view). */
export async function queryItems(
  request: APIRequestContext,
  tok: string,
  datasetId: string,
  filter: Record<string, unknown>,
): Promise<any[]> {
  const res = await api<{ items: any[] }>(request, tok, 'POST', `/datasets/${datasetId}/query`, {
    filter,
    page: 0,
    pageSize: 1000,
    resource: 'items',
  });
  return res.items;
}

/** Every annotation of an item, straight from the server. */
export async function serverAnnotations(
  request: APIRequestContext,
  tok: string,
  datasetId: string,
  itemId: string,
): Promise<any[]> {
  const res = await api<{ items: any[] }>(request, tok, 'POST', `/datasets/${datasetId}/query`, {
    filter: { $and: [{ itemId }] },
    page: 0,
    pageSize: 1000,
    resource: 'annotations',
  });
  return res.items;
}

/** An item's status in a task, as the server has it (spec §6: the task ref's metadata.status), or null. */
export async function taskStatusOf(
  request: APIRequestContext,
  tok: string,
  itemId: string,
  taskId: string,
): Promise<string | null> {
  const item = await api<any>(request, tok, 'GET', `/items/${itemId}`);
  return item.metadata.system.refs.find((r: any) => r.id === taskId)?.metadata?.status ?? null;
}

/** Saves a screenshot of the current screen under test-results/screens/ (git-ignored). */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/${name}.png` });
}

/**
 * The reviewer (`mgrTok`) sends a completed item back: a note (a Dataloop issue: status `issue`,
 * `parentId` the box) with `message` to `assignee`, pinned over `box`, the box marked `issue`, and
 * the item's `completed` status taken away in the task. Returns the note as the server stored it.
 */
export async function sendBackWithIssue(
  request: APIRequestContext,
  mgrTok: string,
  at: { itemId: string; taskId: string; box: { id: string }; assignee: string; message: string },
): Promise<any> {
  const now = Date.now();
  const [note] = await api<any[]>(request, mgrTok, 'POST', `/items/${at.itemId}/annotations`, [
    {
      type: 'note',
      label: 'note',
      coordinates: {
        box: [
          { x: 100, y: 100, z: 0 },
          { x: 200, y: 180, z: 0 },
        ],
        note: {
          messages: [{ id: `m${now}`, creator: USERS.manager, time: now, body: at.message }],
          status: 'open',
          createTime: now,
          creator: USERS.manager,
          assignee: at.assignee,
        },
      },
      metadata: { system: { status: 'issue', parentId: at.box.id }, user: {} },
    },
  ]);
  await api(request, mgrTok, 'PUT', `/annotations/${at.box.id}?system=true`, {
    metadata: { system: { status: 'issue' } },
  });
  await api(request, mgrTok, 'POST', `/assignments/items/tasks/${at.taskId}/status`, {
    itemIds: [at.itemId],
    statusPayload: { operation: 'delete', status: 'completed' },
  });
  return note;
}
