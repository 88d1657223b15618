// The all-in-one bundle works from a plain HTML page with no build step: one
// <script type="module" src="dl-kit.bundle.js">, tags in the markup, properties set from an
// inline script. Builds the bundle into a temp folder, serves it with node:http, loads it in
// the system Chromium.
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname } from 'node:path';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>dl-kit bundle</title>
<script type="module" src="./dl-kit.bundle.js"></script>
<style>body{margin:0;padding:16px;font-family:sans-serif} .row{display:grid;grid-template-columns:1fr 1fr;gap:16px;margin-block-end:16px}</style>
</head><body>
<div class="row">
  <dl-label-picker id="picker"></dl-label-picker>
  <dl-attribute-editor id="attrs" label="car"></dl-attribute-editor>
</div>
<dl-task-board id="board"></dl-task-board>
<script type="module">
  const ontology = {
    roots: [
      { value: { tag: 'vehicle', displayLabel: 'Vehicle', color: '#e53935' }, children: [
        { value: { tag: 'car', displayLabel: 'Car', color: '#43a047' }, children: [] } ] },
      { value: { tag: 'person', displayLabel: 'Person', color: '#1e88e5' }, children: [] },
    ],
    metadata: { attributes: [{ key: 'occluded', title: 'Occluded', type: 'boolean', scope: ['*'] }] },
  };
  const picker = document.getElementById('picker');
  picker.ontology = ontology;
  window.picked = [];
  picker.addEventListener('dl-label-select', (e) => window.picked.push(e.detail.label));
  document.getElementById('attrs').ontology = ontology;
  const board = document.getElementById('board');
  board.tasks = [{ id: 't1', name: 'Bundle task', priority: 2, dueDate: Date.now() + 86400000 }];
  board.assignments = [{ id: 'a1', annotator: 'ann@x.test', metadata: { taskId: 't1' } }];
  board.items = [1, 2, 3].map((i) => ({ id: 'i' + i, filename: '/img' + i + '.jpg',
    metadata: { system: { refs: [{ type: 'task', id: 't1', metadata: i === 1 ? { status: 'completed' } : {} }, { type: 'assignment', id: 'a1', metadata: {} }] } } }));
</script>
</body></html>`;

let dir = '';
let server: Server;
let base = '';

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dlkit-bundle-'));
  const r = spawnSync('node', ['scripts/build-components.mjs', 'bundle', dir], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  writeFileSync(join(dir, 'index.html'), PAGE);
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' };
  server = createServer((req, res) => {
    const file = join(
      dir,
      (req.url ?? '/').split('?')[0] === '/' ? 'index.html' : (req.url ?? '').split('?')[0]!.slice(1),
    );
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});

test.afterAll(async () => {
  await new Promise((ok) => server?.close(ok));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('elements from the bundle upgrade in a plain HTML page and work', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/`);
  await page.waitForFunction(() =>
    ['dl-label-picker', 'dl-attribute-editor', 'dl-task-board'].every((t) => customElements.get(t)),
  );
  // Upgraded: shadow roots rendered from the properties the inline script set.
  await expect(page.locator('#picker [role="treeitem"]')).toHaveCount(3);
  await expect(page.locator('#board tbody tr')).toHaveCount(3);
  await expect(page.locator('#attrs input[type="radio"]')).toHaveCount(2);
  // Real input through the bundle: pick "Car" with the keyboard.
  await page.locator('#picker input').fill('car');
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => (window as unknown as { picked: string[] }).picked)).toEqual(['vehicle.car']);
  // Lit is bundled: the page loaded no module but the bundle.
  const scripts = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname),
  );
  expect(scripts.filter((p) => p.endsWith('.js'))).toEqual(['/dl-kit.bundle.js']);
  // The other elements of the kit are in the bundle too and upgrade when created.
  const upgraded = await page.evaluate(() =>
    ['dl-item-viewer', 'dl-annotation-layer'].map((tag) => {
      const el = document.createElement(tag);
      document.body.append(el);
      const ok = customElements.get(tag) !== undefined && el.shadowRoot !== null;
      el.remove();
      return ok;
    }),
  );
  expect(upgraded).toEqual([true, true]);
  expect(errors).toEqual([]);
  await page.screenshot({ path: 'test-results/screenshots/bundle-page-light.png', fullPage: true });
  await page.evaluate(() =>
    document.querySelectorAll('#picker, #attrs, #board').forEach((el) => el.setAttribute('theme', 'dark')),
  );
  await page.evaluate(() => (document.body.style.background = '#0b0c10'));
  await page.screenshot({ path: 'test-results/screenshots/bundle-page-dark.png', fullPage: true });
});

test('the viewer and layer from the bundle show their words, not message keys (their *-strings modules are kept)', async ({
  page,
}) => {
  await page.goto(`${base}/`);
  await page.waitForFunction(() => customElements.get('dl-item-viewer') && customElements.get('dl-annotation-layer'));
  const texts = await page.evaluate(async () => {
    const viewer = document.createElement('dl-item-viewer');
    const layer = document.createElement('dl-annotation-layer');
    document.body.append(viewer, layer);
    await Promise.all(
      [viewer, layer].map((el) => (el as unknown as { updateComplete: Promise<unknown> }).updateComplete),
    );
    // Every text node and label-ish attribute of both shadow trees (nested shadow roots included).
    const out: string[] = [];
    const walk = (root: ShadowRoot | Element) => {
      for (const el of root.querySelectorAll('*')) {
        for (const a of ['aria-label', 'title', 'placeholder']) {
          const v = el.getAttribute(a);
          if (v) out.push(v);
        }
        if (el.shadowRoot) walk(el.shadowRoot);
      }
      const tw = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = tw.nextNode(); n; n = tw.nextNode()) if (n.textContent!.trim()) out.push(n.textContent!.trim());
    };
    for (const el of [viewer, layer]) {
      const host = el as Element;
      for (const a of ['aria-label', 'title']) if (host.getAttribute(a)) out.push(host.getAttribute(a)!);
      walk(host.shadowRoot!);
    }
    return out;
  });
  // The English words of viewer-strings.ts / layer-strings.ts, and no raw `itemViewer.x` key.
  expect(texts.join('\n')).toContain('Zoom in');
  expect(texts.filter((t) => /\b(itemViewer|annotationLayer)\.[A-Za-z]/.test(t))).toEqual([]);
});

test('theme="auto" follows the system colour scheme', async ({ page }) => {
  await page.goto(`${base}/`);
  await page.waitForFunction(() => customElements.get('dl-label-picker'));
  await page.evaluate(() => document.getElementById('picker')!.setAttribute('theme', 'auto'));
  const bg = () =>
    page.evaluate(
      () => getComputedStyle(document.getElementById('picker')!.shadowRoot!.querySelector('.base')!).backgroundColor,
    );
  await page.emulateMedia({ colorScheme: 'light' });
  // --dl-color-surface: #f6f7f9 light, #1f2229 dark (src/components/theme/tokens.ts).
  expect(await bg()).toBe('rgb(246, 247, 249)');
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await bg()).toBe('rgb(31, 34, 41)');
});
