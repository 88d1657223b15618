import { mkdirSync, writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { SCREENS, screenData, signInFast, useTheme, type ScreenData } from './screens.js';

// axe-core on every screen of the demo and the embed page, light and dark: no serious or critical
// violation outside <dl-annotation-layer>. axe walks open shadow roots, so the dl-* elements'
// internals are checked too. The layer's own findings are written to
// test-results/axe-layer-<screen>-<theme>.json for its owners (it is being restructured) and not
// failed on here.
test.setTimeout(120_000);

let data: ScreenData;
test.beforeAll(async ({ request }) => {
  data = await screenData(request);
});

const isLayer = (target: unknown) => JSON.stringify(target).includes('dl-annotation-layer');

for (const theme of ['light', 'dark'] as const)
  for (const screen of SCREENS)
    test(`axe: ${screen.name} (${theme}) has no serious or critical violation`, async ({ page }) => {
      await page.setViewportSize({ width: 1440, height: 900 });
      await useTheme(page, theme);
      if (screen.user) await signInFast(page, screen.user);
      await screen.open(page, data, theme);
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      const layer = bad
        .map((v) => ({ ...v, nodes: v.nodes.filter((n) => isLayer(n.target)) }))
        .filter((v) => v.nodes.length);
      const rest = bad
        .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !isLayer(n.target)) }))
        .filter((v) => v.nodes.length);
      if (layer.length) {
        mkdirSync('test-results', { recursive: true });
        writeFileSync(
          `test-results/axe-layer-${screen.name}-${theme}.json`,
          JSON.stringify(
            layer.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target) })),
            null,
            1,
          ),
        );
      }
      const summary = rest.map(
        (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
      );
      expect(summary, summary.join('\n')).toEqual([]);
      // The audit really ran over the app: it checked rules and found the page's content.
      expect(result.passes.length).toBeGreaterThan(10);
    });

test('the audit reaches into the shadow roots of the app (a planted violation is found)', async ({ page }) => {
  await useTheme(page, 'light');
  await signInFast(page, SCREENS[1]!.user!);
  await SCREENS[1]!.open(page, data, 'light');
  // A list whose children are links, not list items (what the dataset grid had), deep in shadow DOM.
  await page.evaluate(() => {
    const root = document.querySelector('demo-app')!.shadowRoot!.querySelector('demo-projects')!.shadowRoot!;
    const bad = document.createElement('div');
    bad.setAttribute('role', 'list');
    bad.innerHTML = '<a href="#x">planted</a>';
    root.append(bad);
  });
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(result.violations.map((v) => v.id)).toContain('aria-required-children');
});
