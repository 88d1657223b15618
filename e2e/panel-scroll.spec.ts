import { expect, test, type Page } from '@playwright/test';
import { api, queryItems, sample, shot, signIn, token, USERS } from './helpers.js';
import { attributesHidden, layerReady, selectionHidden } from './layer.js';
import { useTheme } from './screens.js';

/** Opens the sample dataset's item `filename` in the signed-in demo and waits for its layer. */
async function openItem(page: Page, request: Parameters<typeof sample>[0], filename: string): Promise<void> {
  const { tok, dataset } = await sample(request);
  const [item] = await queryItems(request, tok, dataset.id, { $and: [{ filename }] });
  await page.goto(`/#/datasets/${dataset.id}/items/${item.id}`);
  await layerReady(page);
}

/**
 * The side panel's scroll areas (the panel, the attribute box, the object list, the label tree):
 * whether each hides content below / above, and whether it carries the matching hint
 * (`data-more-below` / `data-more-above`, marked on the picker for its tree).
 */
async function scrollAreas(page: Page) {
  return page.locator('dl-annotation-layer').evaluate((l) => {
    const root = l.shadowRoot!;
    const panel = root.querySelector<HTMLElement>('.panel')!;
    const picker = panel.querySelector<HTMLElement>('dl-label-picker')!;
    const areas: [string, Element | null | undefined, Element | null][] = [
      ['panel', panel, panel],
      ['attributes', panel.querySelector(':scope > .attrs'), panel.querySelector(':scope > .attrs')],
      ['objects', panel.querySelector(':scope > .list'), panel.querySelector(':scope > .list')],
      ['labels', picker.shadowRoot!.querySelector('[part~="tree"]'), picker],
    ];
    return areas
      .filter(([, el]) => !!el)
      .map(([name, el, target]) => ({
        name,
        below: el!.scrollTop + el!.clientHeight < el!.scrollHeight - 1,
        above: el!.scrollTop > 1,
        markedBelow: target!.hasAttribute('data-more-below'),
        markedAbove: target!.hasAttribute('data-more-above'),
      }));
  });
}

/** Every area that hides content says so, and none that hides nothing does. */
async function expectHintsTrue(page: Page) {
  await expect
    .poll(async () => (await scrollAreas(page)).filter((a) => a.below !== a.markedBelow || a.above !== a.markedAbove))
    .toEqual([]);
}

/**
 * Whether the objects' heading, the object list and the selected row lie whole inside the panel's
 * visible box and the window (1 px slack for rounding).
 */
async function objectsInView(page: Page) {
  return page.locator('dl-annotation-layer').evaluate((l) => {
    const root = l.shadowRoot!;
    const p = root.querySelector('.panel')!.getBoundingClientRect();
    const within = (el: Element | null) => {
      if (!el) return false;
      const r = el.getBoundingClientRect();
      return r.top >= p.top - 1 && r.bottom <= p.bottom + 1 && r.bottom <= innerHeight + 1 && r.height > 0;
    };
    return {
      heading: within(root.querySelector('.panel > h2')),
      list: within(root.querySelector('.panel > .list')),
      selectedRow: within(root.querySelector('.list .row[aria-selected="true"]')),
    };
  });
}

/** Deepest focused element: its class name and the area it lies in. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let a: Element | null = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a ? { cls: a.className, role: a.getAttribute('role') } : null;
  });

test('at 1024x700 the cut-short side panel fades where it hides content, and Tab reaches the object list in view', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  // The annotator's sent-back item (seed): the issue banner above the stage leaves the panel short.
  const [mine] = (
    await api<{ items: any[] }>(page.request, await token(page.request, USERS.annotator), 'GET', '/assignments')
  ).items;
  await signIn(page, USERS.annotator);
  await page.goto(`/#/assignments/${mine.id}`);
  await page.locator('demo-assignment tr', { hasText: 'Open issue' }).locator('a[data-item]').first().click();
  await layerReady(page);
  const layer = page.locator('dl-annotation-layer');
  await layer.locator('.list .row').first().click();
  await expect(layer.locator('.attrs')).toBeVisible();
  const panel = layer.locator('.panel');
  // The panel keeps inside the window and scrolls there; it hides content and shows it. What it
  // hides lies under the objects' heading, which says so with a shadow (a fade of the panel's
  // bottom would fade the object list, which stays in view).
  // A selection whose actions and attributes do not fit beside two stuck object rows comes first,
  // whole (view/panel-fit.ts), and the heading and list follow it in the panel's one scrolling
  // column; else they stay stuck in view.
  const box = (await panel.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(700);
  await expect(panel).toHaveAttribute('data-more-below', '');
  await expect(layer.locator('.list')).toHaveAttribute('data-more-below', '');
  await expectHintsTrue(page);
  if (await panel.evaluate((p) => p.hasAttribute('data-unstuck'))) {
    await expect.poll(() => attributesHidden(page)).toEqual([]);
  } else {
    expect(await layer.locator('.panel > h2').evaluate((h) => getComputedStyle(h).boxShadow)).not.toBe('none');
    expect(await objectsInView(page)).toEqual({ heading: true, list: true, selectedRow: true });
  }
  await shot(page, 'panel-scroll-1024-cut');

  // Keyboard: from the label search, Tab walks the panel's sections down to the object list, which
  // then lies inside the panel's visible box (the panel scrolled to it).
  await layer.locator('dl-label-picker input').focus();
  for (let i = 0; i < 30 && (await focused(page))?.role !== 'listbox'; i++) await page.keyboard.press('Tab');
  expect((await focused(page))?.role).toBe('listbox');
  const list = layer.locator('.list');
  const [lr, pr] = [(await list.boundingBox())!, (await panel.boundingBox())!];
  expect(lr.y).toBeGreaterThanOrEqual(pr.y - 1);
  expect(lr.y + lr.height).toBeLessThanOrEqual(pr.y + pr.height + 1);
  // End goes to the last row: the list then hides rows above, none below.
  await page.keyboard.press('End');
  await expect(list).toHaveAttribute('data-more-above', '');
  await expect(list).not.toHaveAttribute('data-more-below', '');
  await expectHintsTrue(page);
  await shot(page, 'panel-scroll-1024-list-end');

  // Scrolled to its end, the panel hides nothing below any more.
  await panel.evaluate((p) => p.scrollTo({ top: p.scrollHeight }));
  await expect(panel).not.toHaveAttribute('data-more-below', '');
  await expect(panel).toHaveAttribute('data-more-above', '');
  await expectHintsTrue(page);
  await shot(page, 'panel-scroll-1024-end');
});

for (const size of [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
])
  test(`at ${size.width}x${size.height} a panel that fits shows no fade; a long one does`, async ({
    page,
    request,
  }) => {
    await page.setViewportSize(size);
    await signIn(page, USERS.owner);
    await openItem(page, request, '/masks/mask-demo.png');
    const layer = page.locator('dl-annotation-layer');
    // The seed gives this item one mask; other specs (mask, assist) add a few shapes to it, which
    // still fit: the claim is about a panel and list that hide nothing, checked as such.
    await expect(layer.locator('.list .row').first()).toBeVisible();
    const hidden = () =>
      layer.evaluate((l) =>
        ['.panel', '.list'].map((sel) => {
          const el = l.shadowRoot!.querySelector(sel)!;
          return Math.max(0, el.scrollHeight - el.clientHeight - 1);
        }),
      );
    await expect.poll(hidden, { message: 'panel and object list fit without scrolling' }).toEqual([0, 0]);
    await expectHintsTrue(page);
    await expect(layer.locator('.panel')).not.toHaveAttribute('data-more-below', '');
    await expect(layer.locator('.list')).not.toHaveAttribute('data-more-below', '');
    await shot(page, `panel-scroll-${size.width}-fits`);
    // An item with six objects and one selected (attributes open): whatever is hidden says so.
    await openItem(page, request, '/train/scene-006.png');
    await layer.locator('.list .row').first().click();
    await expect(layer.locator('.attrs')).toBeVisible();
    await expectHintsTrue(page);
    await shot(page, `panel-scroll-${size.width}-selected`);
  });

for (const size of [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
])
  for (const theme of ['light', 'dark'] as const)
    test(`at ${size.width}x${size.height} (${theme}) a selected track opens at its label and actions, its attributes whole below them; the object list follows, its heading in view`, async ({
      page,
      request,
    }) => {
      // The video item: the timeline below the stage leaves the panel its shortest, and a selected
      // track adds its track controls to the actions and attributes.
      await page.setViewportSize(size);
      await useTheme(page, theme);
      await signIn(page, USERS.owner);
      await openItem(page, request, '/videos/street.mp4');
      const layer = page.locator('dl-annotation-layer');
      await layer.locator('.list .row').first().click();
      await expect(layer.getByRole('group', { name: 'Video track' })).toBeVisible();
      const panel = layer.locator('.panel');
      // The selection's sections do not all fit: the panel scrolls.
      await expect.poll(() => panel.evaluate((p) => p.scrollHeight > p.clientHeight + 1)).toBe(true);
      // At every size the list un-sticks below the selection, whose attributes are whole, not a box
      // of their own that scrolls (before: at 1024x700 and 1280x800 the list stayed stuck at two
      // rows and the attribute box got the ~40-48 px left, one field; at 1440x900 it un-stuck).
      await expect(panel).toHaveAttribute('data-unstuck', '');
      expect(
        await layer.locator('.attrs').evaluate((a) => a.scrollHeight - a.clientHeight),
        'attributes whole',
      ).toBeLessThanOrEqual(1);
      const editor = layer.locator('.attrs dl-attribute-editor');
      const keys: string[] = await editor.evaluate((e) =>
        [...e.shadowRoot!.querySelectorAll<HTMLElement>('[part~="field"]')].map((f) => f.dataset.key!),
      );
      expect(keys.length).toBeGreaterThan(1);
      const hiddenOf = (key: string) =>
        attributesHidden(page).then((h) =>
          h.filter((x) => x.startsWith(`field ${key}:`) || x.startsWith(`${key} input`)),
        );
      // Summary mode exactly where the selection does not fit even alone (1024x700, 1280x800), not
      // at 1440x900: a fall back to another layout fails here instead of taking the other branch.
      // Since walk 35 at 1440x900 too: the label keys (the digits' labels, under the Label select)
      // and the timeline's reserved rows (the picture keeps its size as tracks are added) take the
      // room that fitted the selection whole there.
      const summary = true;
      if (summary) await expect(panel).toHaveAttribute('data-summary', '');
      else await expect(panel).not.toHaveAttribute('data-summary');
      if (summary) {
        // Not even the selection alone fits (1024x700, 1280x800): the list's heading (the count)
        // stays stuck at the panel's bottom as its summary; the selection opens at its top: its
        // label, actions and track controls in view and uncovered at once, the attributes' start
        // below them (before, the attributes came first and the label and actions were one scroll
        // up: a box drawn with the wrong label said so nowhere in the panel).
        expect((await objectsInView(page)).heading).toBe(true);
        try {
          await expect
            .poll(() => selectionHidden(page).then((h) => h.filter((x) => !x.startsWith('row '))))
            .toEqual([]);
          const room = await layer.evaluate((l) => {
            const root = l.shadowRoot!;
            const [p, a, h, r] = ['.panel', '.panel > .attrs', '.panel > h2', '.panel > .actions .relabel'].map((s) =>
              root.querySelector(s)!.getBoundingClientRect(),
            );
            const pad = Number.parseFloat(getComputedStyle(root.querySelector('.panel')!).paddingTop) || 0;
            const field = root
              .querySelector('.panel > .attrs dl-attribute-editor')!
              .shadowRoot!.querySelector('[part~="field"]')!
              .getBoundingClientRect();
            return {
              label: r!.top - p!.top,
              pad,
              attrs: h!.top - Math.max(a!.top, p!.top),
              top: a!.top - p!.top,
              field: field.top >= p!.top - 1 && field.bottom <= h!.top + 1,
            };
          });
          // The label row at the panel's top, under its padding only (not under the top fade).
          expect(room.label, 'the label row at the top').toBeGreaterThanOrEqual(0);
          expect(room.label, 'the label row at the top').toBeLessThanOrEqual(room.pad + 3);
          expect(room.top, "the attributes' top in view").toBeGreaterThanOrEqual(0);
          expect(room.attrs, "the attributes' start in view").toBeGreaterThan(2 * 28);
          // Their first field whole above the heading, at every size: since walk 35 at 1024x700 and
          // 1280x800 only their heading showed (the timeline reserved its whole cap, 136 and 196 px,
          // from the first frame); its reserve now grows with the window's height at half its rate.
          expect(room.field, "the attributes' first field whole in view").toBe(true);
        } finally {
          await shot(page, `panel-scroll-${size.width}-${theme}-track-selected`);
        }
        // Every attribute is reached whole, clear of the heading, by scrolling the panel; the
        // actions and track controls at its top.
        for (const key of keys) {
          await editor.evaluate(
            (e, k) =>
              e.shadowRoot!.querySelector(`[part~="field"][data-key="${k}"]`)!.scrollIntoView({ block: 'nearest' }),
            key,
          );
          await expect.poll(() => hiddenOf(key)).toEqual([]);
        }
        await panel.evaluate((p) => p.scrollTo({ top: 0 }));
        await expectHintsTrue(page);
        await shot(page, `panel-scroll-${size.width}-${theme}-track-selected-0`);
      } else {
        // The selection fits the panel whole (1440x900), but not beside two stuck object rows
        // (view/panel-fit.ts): it comes first, whole; a heading pinned below it would cover its last
        // field, so the heading follows in flow.
        try {
          await expect
            .poll(() => selectionHidden(page).then((h) => h.filter((x) => !x.startsWith('row '))))
            .toEqual([]);
          await expect.poll(() => attributesHidden(page)).toEqual([]);
        } finally {
          await shot(page, `panel-scroll-${size.width}-${theme}-track-selected`);
        }
      }
      // The list follows, in view with the selected row once the panel is scrolled to its end.
      await panel.evaluate((p) => p.scrollTo({ top: p.scrollHeight }));
      await expect.poll(() => objectsInView(page)).toEqual({ heading: true, list: true, selectedRow: true });
      await expectHintsTrue(page);
      await shot(page, `panel-scroll-${size.width}-${theme}-track-selected-100`);
    });

for (const size of [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
])
  test(`at ${size.width}x${size.height} a shape selected on the picture shows its actions and its row in the object list`, async ({
    page,
    request,
  }) => {
    // Before, a shape selected on the picture left the object list where it was: its row, below
    // the list's first rows, stayed out of view.
    await page.setViewportSize(size);
    await signIn(page, USERS.owner);
    await openItem(page, request, '/train/scene-006.png');
    const layer = page.locator('dl-annotation-layer');
    // The last box in the list (from the page: other specs add shapes to this item) whose centre
    // shows on the picture (not under the side panel or the toolbar), clicked there; whichever shape
    // lies on top there is the selection. Read again and clicked again if the view moved meanwhile
    // (the page's bar settles after the layer is ready).
    await layer.focus();
    await page.keyboard.press('v');
    await expect(async () => {
      const centre = await layer.evaluate((l: any) => {
        const r = l.getBoundingClientRect();
        for (const k of [...l.store.listedRows().keys].reverse()) {
          if (l.store.shapes.states.get(k)?.type !== 'box' || l.store.shapes.hidden.has(k)) continue;
          const [a, b] = l.store.shapes.states.get(k).coordinates;
          const x = r.left + l.view.x + ((a.x + b.x) / 2) * l.view.scale;
          const y = r.top + l.view.y + ((a.y + b.y) / 2) * l.view.scale;
          const hit = l.shadowRoot.elementFromPoint(x, y) as Element | null;
          if (!hit?.closest('.panel, [role="toolbar"], button')) return { x, y };
        }
        return null;
      });
      expect(centre, 'a box on /train/scene-006.png whose centre shows on the picture').toBeTruthy();
      await page.mouse.click(centre!.x, centre!.y);
      await expect.poll(() => layer.evaluate((l: any) => l.selected.length), { timeout: 2000 }).toBe(1);
    }).toPass({ timeout: 10_000 });
    try {
      await expect.poll(() => selectionHidden(page)).toEqual([]);
    } finally {
      await shot(page, `panel-scroll-${size.width}-picture-selected`);
    }
  });

for (const size of [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
])
  for (const theme of ['light', 'dark'] as const)
    test(`at ${size.width}x${size.height} (${theme}) the selected shapes' label, actions and every attribute, required ones too, are whole and in view on the image page`, async ({
      page,
    }) => {
      // Before, the attribute box shrank to what the stuck object list left it: at 1024x700 a ~12 px
      // empty strip between the actions and the objects' heading, at 1280x800 the required "Colour"
      // half cut off (seen in an annotator's review). The annotator's sent-back item (seed): the
      // issue banner above the stage leaves the panel its shortest on the image page.
      await page.setViewportSize(size);
      await useTheme(page, theme);
      const [mine] = (
        await api<{ items: any[] }>(page.request, await token(page.request, USERS.annotator), 'GET', '/assignments')
      ).items;
      await signIn(page, USERS.annotator);
      await page.goto(`/#/assignments/${mine.id}`);
      await page.locator('demo-assignment tr', { hasText: 'Open issue' }).locator('a[data-item]').first().click();
      await layerReady(page);
      const layer = page.locator('dl-annotation-layer');
      // The first listed shape of each of the first two labels on the item (read from the page: other
      // specs add and change shapes here); every demo label has a required attribute, a car five
      // attributes in all.
      const picks: [string, string][] = await layer.evaluate((l: any) => {
        const out = new Map<string, string>();
        for (const k of l.store.listedRows().keys) {
          const st = l.store.shapes.states.get(k);
          if (st && st.type !== 'note' && !l.store.shapes.hidden.has(k) && !out.has(st.label) && out.size < 2)
            out.set(st.label, l.store.json(k).id ?? k);
        }
        return [...out];
      });
      expect(picks.length, 'shapes on the sent-back item').toBeGreaterThan(0);
      for (const [label, id] of picks) {
        await layer.evaluate((l: any, i) => l.select([i]), id);
        await expect(layer.locator('.attrs dl-attribute-editor')).toBeVisible();
        await page.mouse.move(5, size.height - 5);
        try {
          await expect
            .poll(() => selectionHidden(page).then((h) => h.filter((s) => !s.startsWith('row '))))
            .toEqual([]);
          await expect.poll(() => attributesHidden(page)).toEqual([]);
        } finally {
          await shot(page, `panel-attrs-${label}-${theme}-${size.width}x${size.height}`);
        }
        // Required attributes are among those in view.
        expect(
          await layer
            .locator('.attrs dl-attribute-editor')
            .evaluate((e: any) => e.visibleDefinitions.filter((d: any) => !d.optional).length),
        ).toBeGreaterThan(0);
        // The object list: stuck below them with two rows at least, or (the panel too short for
        // both) below them in the panel's one scrolling column, reached by scrolling the panel, the
        // selected row in view there.
        const panel = layer.locator('.panel');
        if (await panel.evaluate((p) => p.hasAttribute('data-unstuck'))) {
          await panel.evaluate((p) => p.scrollTo({ top: p.scrollHeight }));
          await expect.poll(() => objectsInView(page)).toEqual({ heading: true, list: true, selectedRow: true });
          await panel.evaluate((p) => {
            const a = p.querySelector(':scope > .actions')!.getBoundingClientRect().top;
            p.scrollTop += a - p.getBoundingClientRect().top - 8;
          });
        } else {
          expect(await objectsInView(page)).toEqual({ heading: true, list: true, selectedRow: true });
          expect(await layer.locator('.panel > .list').evaluate((e) => e.clientHeight)).toBeGreaterThanOrEqual(2 * 28);
        }
      }
    });
