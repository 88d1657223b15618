import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { api, queryItems, sample, token, USERS } from './helpers.js';
import { clickImage } from './layer.js';

/** Theme choices of the demo (saved in localStorage by its header's select). */
export type Theme = 'light' | 'dark';

/** One screen of the demo, reached as its user would, and a locator that says it is ready. */
export interface Screen {
  name: string;
  /** Signed-in user (`null`: signed out). */
  user: string | null;
  open(page: Page, data: ScreenData, theme: Theme): Promise<void>;
}

/** What the screens need from the seed. */
export interface ScreenData {
  datasetId: string;
  largeId: string;
  projectId: string;
  taskId: string;
  itemId: string;
  assignmentId: string;
  sentBackId: string;
}

/** Reads the seed's ids once (REST, owner and annotator). */
export async function screenData(request: APIRequestContext): Promise<ScreenData> {
  const { tok, project, dataset, large } = await sample(request);
  const [item] = await queryItems(request, tok, dataset.id, { $and: [{ filename: '/photos/astronaut.jpg' }] });
  const annTok = await token(request, USERS.annotator);
  const tasks = (await api<{ items: any[] }>(request, tok, 'POST', '/annotationtasks/query', {})).items;
  const seeded = tasks.find((t) => t.name === 'Label the validation scenes');
  const [assignment] = (await api<{ items: any[] }>(request, annTok, 'GET', `/assignments?taskId=${seeded.id}`)).items;
  const items = (await api<{ items: any[] }>(request, annTok, 'GET', `/assignments/${assignment.id}/items`)).items;
  const sentBack = items.find((i) =>
    (i.metadata.system.taskStatusLog ?? []).some((e: { operation: string }) => e.operation === 'delete'),
  );
  return {
    datasetId: dataset.id,
    largeId: large.id,
    projectId: project.id,
    taskId: assignment.metadata.system.taskId,
    itemId: item.id,
    assignmentId: assignment.id,
    sentBackId: sentBack?.id ?? items[0].id,
  };
}

/** Makes the next page loads use `theme` (before any script of the app runs). */
export async function useTheme(page: Page, theme: Theme | 'auto'): Promise<void> {
  await page.addInitScript((t) => localStorage.setItem('dl-kit-demo:theme', t), theme);
}

/** Signs in through the demo's sign-in endpoint and stores the session as the app does. */
export async function signInFast(page: Page, email: string): Promise<void> {
  const res = await page.request.post('/demo/login', { data: { email, password: 'demo' } });
  const { token: t } = await res.json();
  await page.goto('/#/login');
  await page.evaluate(
    ([e, tk]) => localStorage.setItem('dl-kit-demo:session', JSON.stringify({ email: e, token: tk })),
    [email, t] as const,
  );
}

const layerShown = async (page: Page) => {
  await expect(page.locator('dl-annotation-layer')).toBeAttached({ timeout: 20_000 });
  await page.waitForFunction(() => {
    const app = document.querySelector('demo-app')?.shadowRoot;
    const item = app?.querySelector('demo-item')?.shadowRoot;
    const l = item?.querySelector('dl-annotation-layer') as (HTMLElement & { view?: { scale: number } }) | null;
    return !!l?.view && l.view.scale > 0;
  });
  await page.waitForTimeout(300);
};

/** Every screen of the demo (and the embed page). */
export const SCREENS: Screen[] = [
  {
    name: 'login',
    user: null,
    async open(page) {
      await page.goto('/#/login');
      await expect(page.locator('button[data-user]').first()).toBeVisible();
    },
  },
  {
    name: 'projects',
    user: USERS.owner,
    async open(page) {
      await page.goto('/#/projects');
      await expect(page.locator('a[data-project]').first()).toBeVisible();
    },
  },
  {
    name: 'project',
    user: USERS.owner,
    async open(page, d) {
      await page.goto(`/#/projects/${d.projectId}`);
      await expect(page.locator('a[data-dataset]').first()).toBeVisible();
    },
  },
  {
    name: 'dataset-grid',
    user: USERS.owner,
    async open(page, d) {
      await page.goto(`/#/datasets/${d.datasetId}`);
      await expect(page.locator('demo-item-grid img').first()).toBeVisible();
      await page.waitForTimeout(500);
    },
  },
  {
    name: 'large-grid',
    user: USERS.owner,
    async open(page, d) {
      await page.goto(`/#/datasets/${d.largeId}`);
      await expect(page.locator('demo-item-grid img').first()).toBeVisible({ timeout: 20_000 });
      await page.waitForTimeout(800);
    },
  },
  {
    name: 'item',
    user: USERS.owner,
    async open(page, d) {
      await page.goto(`/#/datasets/${d.datasetId}/items/${d.itemId}`);
      await layerShown(page);
    },
  },
  {
    name: 'item-selected',
    user: USERS.owner,
    async open(page, d) {
      await page.goto(`/#/datasets/${d.datasetId}/items/${d.itemId}`);
      await layerShown(page);
      // The person box of the astronaut photo: selected, its handles and attributes shown.
      await clickImage(page, 60, 300);
      await expect.poll(() => page.locator('dl-annotation-layer').evaluate((l: any) => l.selected.length)).toBe(1);
    },
  },
  {
    name: 'item-help',
    user: USERS.owner,
    async open(page, d) {
      await page.goto(`/#/datasets/${d.datasetId}/items/${d.itemId}`);
      await layerShown(page);
      await page.locator('demo-item [data-action="help"]').click();
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    },
  },
  {
    name: 'assignment',
    user: USERS.annotator,
    async open(page, d) {
      await page.goto(`/#/assignments/${d.assignmentId}`);
      await expect(page.locator('[data-assignment-progress]')).toBeVisible();
    },
  },
  {
    name: 'item-sent-back',
    user: USERS.annotator,
    async open(page, d) {
      await page.goto(`/#/assignments/${d.assignmentId}/items/${d.sentBackId}?i=0`);
      await layerShown(page);
      await expect(page.locator('demo-issues [data-issue]').first()).toBeVisible();
    },
  },
  {
    name: 'task-board',
    user: USERS.manager,
    async open(page, d) {
      await page.goto(`/#/projects/${d.projectId}/tasks?task=${d.taskId}`);
      await expect(page.locator('dl-task-board tbody tr').first()).toBeVisible();
    },
  },
  {
    name: 'task-new',
    user: USERS.manager,
    async open(page, d) {
      await page.goto(`/#/projects/${d.projectId}/tasks?task=${d.taskId}`);
      await page.locator('dl-task-board button.new-task').click();
      await expect(page.locator('dl-task-board form.create')).toBeVisible();
    },
  },
  {
    name: 'review',
    user: USERS.manager,
    async open(page, d) {
      await page.goto(`/#/tasks/${d.taskId}/review`);
      await expect(page.locator('demo-review [data-group]').first()).toBeVisible();
    },
  },
  {
    name: 'item-review-reject',
    user: USERS.manager,
    async open(page, d) {
      await page.goto(`/#/tasks/${d.taskId}/review`);
      await page.locator('demo-review [data-action="start-review"]').click();
      await layerShown(page);
      await page.locator('demo-item [data-action="reject"]').click();
      await expect(page.getByRole('dialog', { name: 'Reject and send back' })).toBeVisible();
    },
  },
  {
    name: 'embed',
    user: null,
    async open(page, _d, theme) {
      await page.goto(`/embed.html?theme=${theme}`);
      await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 20_000 });
      await page.waitForTimeout(600);
    },
  },
];
