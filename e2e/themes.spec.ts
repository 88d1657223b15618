import { expect, test, type Page } from '@playwright/test';
import { SCREENS, screenData, signInFast, useTheme, type ScreenData } from './screens.js';

// The theme reaches every part of the demo, not only the page frame: computed colours of each
// screen's surfaces, of the dl-* elements on it (task board, item viewer chrome, label picker,
// attribute editor, the layer's panel) and of the help dialog, in light and in dark, against the
// dl-kit tokens. `System` follows the browser's colour scheme; the embed page follows its choice.
test.setTimeout(120_000);

const TOKENS = {
  light: {
    bg: 'rgb(255, 255, 255)',
    surface: 'rgb(246, 247, 249)',
    raised: 'rgb(255, 255, 255)',
    text: 'rgb(27, 30, 36)',
  },
  dark: { bg: 'rgb(22, 24, 29)', surface: 'rgb(31, 34, 41)', raised: 'rgb(39, 43, 52)', text: 'rgb(232, 234, 239)' },
} as const;

/** Computed style of an element found through shadow roots (`a >> b` style path, each step in the previous one's shadow root or light DOM). */
async function styleOf(page: Page, path: string[], prop: 'backgroundColor' | 'color'): Promise<string> {
  return page.evaluate(
    ([p, k]) => {
      let el: Element | null = null;
      for (const sel of p) {
        const scopes: (ParentNode | null | undefined)[] = el ? [el.shadowRoot, el] : [document];
        el = scopes.map((s) => s?.querySelector(sel)).find(Boolean) ?? null;
        if (!el) return `missing ${sel}`;
      }
      return getComputedStyle(el!)[k as 'color'];
    },
    [path, prop] as const,
  );
}

let data: ScreenData;
test.beforeAll(async ({ request }) => {
  data = await screenData(request);
});

const screen = (name: string) => SCREENS.find((s) => s.name === name)!;

for (const theme of ['light', 'dark'] as const)
  test(`${theme}: every screen's surfaces and dl-* elements use the ${theme} tokens`, async ({ page }) => {
    const t = TOKENS[theme];
    const open = async (name: string) => {
      const s = screen(name);
      if (s.user) await signInFast(page, s.user);
      await s.open(page, data, theme);
    };
    await useTheme(page, theme);
    await open('login');
    expect(await styleOf(page, ['demo-app'], 'backgroundColor')).toBe(t.surface);
    expect(await styleOf(page, ['demo-app', 'header'], 'backgroundColor')).toBe(t.raised);
    expect(await styleOf(page, ['demo-app', 'demo-login', '.card'], 'backgroundColor')).toBe(t.raised);
    expect(await styleOf(page, ['demo-app', 'demo-login', 'h1'], 'color')).toBe(t.text);

    await open('dataset-grid');
    expect(await styleOf(page, ['demo-app', 'demo-dataset', 'demo-item-grid'], 'backgroundColor')).toBe(t.bg);
    expect(await styleOf(page, ['demo-app', 'demo-dataset', 'demo-item-grid', '.name'], 'backgroundColor')).toBe(
      t.raised,
    );
    expect(await styleOf(page, ['demo-app', 'demo-dataset', 'button'], 'backgroundColor')).toBe(t.raised);

    await open('item-selected');
    const item = ['demo-app', 'demo-item'];
    expect(await styleOf(page, [...item, 'dl-item-viewer'], 'backgroundColor')).toBe(t.surface);
    expect(await styleOf(page, [...item, 'dl-item-viewer', '.zoom'], 'backgroundColor')).toBe(t.raised);
    expect(await styleOf(page, [...item, 'dl-item-viewer', '.controls button'], 'color')).toBe(t.text);
    expect(await styleOf(page, [...item, 'dl-annotation-layer', 'dl-label-picker', '.base'], 'backgroundColor')).toBe(
      t.surface,
    );
    expect(
      await styleOf(page, [...item, 'dl-annotation-layer', 'dl-attribute-editor', '.base'], 'backgroundColor'),
    ).toBe(t.surface);
    await page.locator('demo-item [data-action="help"]').click();
    expect(await styleOf(page, [...item, 'demo-help-overlay', '.box'], 'backgroundColor')).toBe(t.raised);
    expect(await styleOf(page, [...item, 'demo-help-overlay', 'td'], 'color')).toBe(t.text);

    await open('task-board');
    expect(await styleOf(page, ['demo-app', 'demo-tasks', 'dl-task-board'], 'backgroundColor')).toBe(t.bg);
    expect(await styleOf(page, ['demo-app', 'demo-tasks', 'dl-task-board', '.col'], 'backgroundColor')).toBe(t.surface);
    expect(await styleOf(page, ['demo-app', 'demo-tasks', 'dl-task-board', 'td'], 'color')).toBe(t.text);

    await open('review');
    expect(await styleOf(page, ['demo-app', 'demo-review', 'h1'], 'color')).toBe(t.text);

    await open('embed');
    expect(await styleOf(page, ['body'], 'backgroundColor')).toBe(t.surface);
    expect(await styleOf(page, ['dl-item-viewer'], 'backgroundColor')).toBe(t.surface);
    expect(
      await styleOf(page, ['dl-item-viewer', 'dl-annotation-layer', 'dl-label-picker', '.base'], 'backgroundColor'),
    ).toBe(t.surface);
  });

test('System follows the browser colour scheme, and the header switch changes the theme at once', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await useTheme(page, 'auto');
  await signInFast(page, SCREENS[1]!.user!);
  await SCREENS[1]!.open(page, data, 'dark');
  expect(await styleOf(page, ['demo-app'], 'backgroundColor')).toBe(TOKENS.dark.surface);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(() => styleOf(page, ['demo-app'], 'backgroundColor')).toBe(TOKENS.light.surface);
  await page.locator('select[data-theme-select]').selectOption('dark');
  await expect.poll(() => styleOf(page, ['demo-app'], 'backgroundColor')).toBe(TOKENS.dark.surface);
  expect(await page.evaluate(() => localStorage.getItem('dl-kit-demo:theme'))).toBe('dark');
});
