import { expect, type Page } from '@playwright/test';

/** Waits until the page shows the image and the layer has a view (and, in the app, the save state). */
export async function layerReady(page: Page, inApp = true): Promise<void> {
  await expect(page.locator('dl-annotation-layer')).toBeAttached({ timeout: 20_000 });
  await page.waitForFunction(
    () => {
      const find = (root: Document | ShadowRoot): any => {
        const l = root.querySelector('dl-annotation-layer');
        if (l) return l;
        for (const el of root.querySelectorAll('*'))
          if (el.shadowRoot) {
            const f = find(el.shadowRoot);
            if (f) return f;
          }
        return null;
      };
      const l = find(document);
      return !!l && l.view && l.view.scale > 0 && l.getBoundingClientRect().width > 0;
    },
    undefined,
    { timeout: 20_000 },
  );
  if (inApp) await expect(page.locator('[data-sync]')).toBeVisible();
}

/** Page (CSS px) position of an image pixel, from the layer's current view. */
export async function toPage(page: Page, ix: number, iy: number): Promise<{ x: number; y: number }> {
  return page.locator('dl-annotation-layer').evaluate(
    (l: any, [x, y]) => {
      const r = l.getBoundingClientRect();
      return { x: r.left + l.view.x + x * l.view.scale, y: r.top + l.view.y + y * l.view.scale };
    },
    [ix, iy] as const,
  );
}

/** The layer's annotations as it holds them (Dataloop JSON). */
export async function layerAnnotations(page: Page): Promise<any[]> {
  return page.locator('dl-annotation-layer').evaluate((l: any) => l.annotations);
}

/** Drags with the mouse between two image points. */
export async function dragImage(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const a = await toPage(page, ...from);
  const b = await toPage(page, ...to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
  await page.mouse.move(b.x, b.y, { steps: 4 });
  await page.mouse.up();
}

/** Clicks an image point. */
export async function clickImage(page: Page, x: number, y: number): Promise<void> {
  const p = await toPage(page, x, y);
  await page.mouse.click(p.x, p.y);
}

/**
 * Waits for the header to say every edit is saved. An edit reaches the outbox asynchronously (an
 * IndexedDB write), so give the last one a moment to show up as "Saving…" first.
 */
export async function allSaved(page: Page, timeout = 20_000): Promise<void> {
  await page.waitForTimeout(400);
  await expect(page.locator('[data-sync]')).toHaveText('All changes saved', { timeout });
}

/** Whether the annotation layer has the keyboard (it, or something inside it, is focused). */
export function layerFocused(page: Page): Promise<boolean> {
  return page
    .locator('dl-annotation-layer')
    .evaluate((l) => l.matches(':focus-within') || (l.getRootNode() as ShadowRoot).activeElement === l);
}

/**
 * What of the selection's side-panel controls and of its object row a person cannot see or reach
 * without scrolling. Each control of the panel's selection groups (its label select, its actions,
 * a track's controls) must lie whole inside the window and the panel's visible box and be, at its centre,
 * the element a click lands on (not the stuck objects' heading or list over it); the selected row
 * likewise inside the object list's visible box. One line per failure, naming the control and what
 * covers it; [] when everything is in view.
 */
export function selectionHidden(page: Page): Promise<string[]> {
  return page.locator('dl-annotation-layer').evaluate((l) => {
    const root = l.shadowRoot!;
    const out: string[] = [];
    const within = (el: Element, box: { top: number; bottom: number; left: number; right: number }, name: string) => {
      const r = el.getBoundingClientRect();
      const inside =
        r.height > 0 &&
        r.top >= Math.max(0, box.top) - 1 &&
        r.bottom <= Math.min(innerHeight, box.bottom) + 1 &&
        r.left >= Math.max(0, box.left) - 1 &&
        r.right <= Math.min(innerWidth, box.right) + 1;
      const hit = root.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      const on = !!hit && (hit === el || el.contains(hit));
      if (!inside || !on)
        out.push(
          `${name}:${inside ? '' : ' outside the view'}${on ? '' : ` covered by ${hit ? `${hit.tagName.toLowerCase()}.${hit.className}` : 'nothing'}`}`,
        );
    };
    const panel = root.querySelector('.panel')!.getBoundingClientRect();
    const controls = [...root.querySelectorAll<HTMLElement>('.panel > .actions :is(button, input, select)')];
    if (!controls.length) out.push('no selection controls');
    for (const c of controls) within(c, panel, c.dataset.action ?? c.dataset.setting ?? c.textContent!.trim());
    const list = root.querySelector('.panel > .list')!.getBoundingClientRect();
    const box = {
      top: Math.max(list.top, panel.top),
      bottom: Math.min(list.bottom, panel.bottom),
      left: list.left,
      right: list.right,
    };
    const rows = [...root.querySelectorAll('.panel > .list .row[aria-selected="true"]')];
    if (!rows.length) out.push('no selected row rendered');
    for (const r of rows) within(r, box, `row "${r.getAttribute('aria-label')}"`);
    return out;
  });
}

/**
 * What of the selection's attribute editor a person cannot see or click without scrolling: each
 * field (its title and "required" mark) whole inside the side panel's visible box and the window,
 * and each of its inputs also, at its centre, the element a click lands on (not the stuck objects'
 * heading or list over it). One line per failure; ['no attribute editor'] without one; [] when
 * every attribute is in view.
 */
export function attributesHidden(page: Page): Promise<string[]> {
  return page.locator('dl-annotation-layer').evaluate((l) => {
    const panel = l.shadowRoot!.querySelector<HTMLElement>('.panel')!;
    const editor = panel.querySelector(':scope > .attrs dl-attribute-editor')?.shadowRoot;
    if (!editor) return ['no attribute editor'];
    const p = panel.getBoundingClientRect();
    const top = Math.max(0, p.top + panel.clientTop);
    const bottom = Math.min(innerHeight, p.top + panel.clientTop + panel.clientHeight);
    const out: string[] = [];
    const check = (el: Element, name: string, click: boolean) => {
      const r = el.getBoundingClientRect();
      const inside = r.height > 0 && r.top >= top - 1 && r.bottom <= bottom + 1;
      const hit = editor.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      const on = !click || (!!hit && (hit === el || el.contains(hit)));
      if (!inside || !on)
        out.push(
          `${name}:${inside ? '' : ` outside the view (${Math.round(r.top)}..${Math.round(r.bottom)} in ${Math.round(top)}..${Math.round(bottom)})`}${on ? '' : ` covered by ${hit ? `${hit.tagName.toLowerCase()}.${hit.className}` : 'nothing'}`}`,
        );
    };
    const fields = [...editor.querySelectorAll<HTMLElement>('[part~="field"]')];
    if (!fields.length) out.push('no attribute fields');
    for (const f of fields) {
      check(f, `field ${f.dataset.key}`, false);
      for (const [i, input] of [...f.querySelectorAll('input')].entries())
        check(input, `${f.dataset.key} input ${i}`, true);
    }
    return out;
  });
}

/**
 * Completes the item on the page with Ctrl+Enter (the caller gives the layer the keyboard first).
 * When the layer's objects leave required attributes unset the page asks first ("Complete with
 * required attributes unset?"): this answers "Complete anyway" from the keyboard (Shift+Tab from
 * the focused "Fix first", Enter), for tests about what completing does, not about the attributes
 * (e2e/required-attributes.spec.ts tests the question). Returns whether it was asked.
 */
export async function completeItem(page: Page): Promise<boolean> {
  const missing = await page.locator('dl-annotation-layer').evaluate((l: any) => l.missingRequired().length);
  await page.keyboard.press('Control+Enter');
  if (!missing) return false;
  const dialog = page.getByRole('dialog', { name: 'Complete with required attributes unset?' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  return true;
}
