import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { api, queryItems, sample, shot, signIn, USERS } from './helpers.js';

// Hostile names live here, not in the demo seed: this test makes its own dataset, checks the app
// shows the names as text, and deletes the dataset again.
const HTML_LABEL = '<img src=x onerror=alert(1)>';
const HTML_FILE = '<img src=x onerror=alert(2)>.png';

test('a label name and a file name containing HTML render as text', async ({ page, request }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const { tok, project } = await sample(request);
  const ds = await api<any>(request, tok, 'POST', '/datasets', { name: 'Markup names', projects: [project.id] });
  try {
    const recipe = await api<any>(request, tok, 'GET', `/recipes/${ds.metadata.system.recipes[0]}`);
    await api(request, tok, 'PATCH', `/ontologies/${recipe.ontologyIds[0]}/labels`, {
      labelsNode: [
        { tag: 'car', color: '#c82828', displayLabel: 'Car' },
        { tag: HTML_LABEL, color: '#8a2be2', displayLabel: HTML_LABEL },
      ],
      upsert: true,
    });
    const res = await request.post(`/api/v1/datasets/${ds.id}/items`, {
      headers: { authorization: `Bearer ${tok}` },
      multipart: {
        path: `/misc/${HTML_FILE}`,
        file: { name: HTML_FILE, mimeType: 'image/png', buffer: readFileSync('demo/embed/scene.png') },
      },
    });
    expect(res.ok(), await res.text()).toBeTruthy();
    const item = await res.json();
    await api(request, tok, 'POST', `/items/${item.id}/annotations`, [
      {
        type: 'box',
        label: HTML_LABEL,
        coordinates: [
          { x: 10, y: 10, z: 0 },
          { x: 60, y: 50, z: 0 },
        ],
        metadata: { system: {} },
      },
    ]);

    await signIn(page, USERS.owner);
    await page.goto(`/#/datasets/${ds.id}?dir=/misc`);
    const cell = page.locator(`demo-item-grid a[data-item="${item.id}"]`);
    await expect(cell).toContainText(HTML_FILE);
    // Label filter options list the label's text.
    await expect(page.locator('select[aria-label="Label"] option', { hasText: HTML_LABEL })).toHaveCount(1);
    await cell.click();
    await expect(page.locator('[data-filename]')).toHaveText(`/misc/${HTML_FILE}`);
    await expect(page.locator('dl-annotation-layer dl-label-picker').getByText(HTML_LABEL)).toBeVisible();
    await expect(page.locator('dl-annotation-layer [part="object-list"]')).toContainText(HTML_LABEL);
    await shot(page, '09-html-names');

    // No element was created from the names: no <img src="x"> anywhere, in any shadow root.
    const injected = await page.evaluate(() => {
      let n = 0;
      const walk = (root: Document | ShadowRoot) => {
        n += root.querySelectorAll('img[src="x"]').length;
        for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
      };
      walk(document);
      return n;
    });
    expect(injected).toBe(0);
    expect(dialogs).toEqual([]);
  } finally {
    await api(request, tok, 'DELETE', `/datasets/${ds.id}`);
  }
});

test('the demo seed shows no markup test names to its users', async ({ request }) => {
  const { tok, dataset } = await sample(request);
  const recipe = await api<any>(request, tok, 'GET', `/recipes/${dataset.metadata.system.recipes[0]}`);
  const ontology = await api<any>(request, tok, 'GET', `/ontologies/${recipe.ontologyIds[0]}`);
  expect(JSON.stringify(ontology.roots)).not.toMatch(/[<>]/);
  const names = (await queryItems(request, tok, dataset.id, {})).map((i) => String(i.filename));
  expect(names.length).toBeGreaterThan(30);
  expect(names.filter((n) => /[<>]/.test(n))).toEqual([]);
});
