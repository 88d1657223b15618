// The keyboard help (real Chromium): every key of the page, the layer and the viewer is listed, as
// <kbd>; the filter narrows it (typed into directly from anywhere in the dialog, without the page
// under it hearing the letters); Escape empties the filter, then closes; it fits small screens, the
// list scrolling under a header that stays.
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { annotationShortcuts } from 'dl-kit/components';
import './help-overlay.js';
import type { DemoHelpOverlay } from './help-overlay.js';
import { PAGE_KEYS } from './shortcuts.js';

let help: DemoHelpOverlay | undefined;
afterEach(() => help?.remove());

async function open(o: { video?: boolean; complete?: boolean } = {}): Promise<DemoHelpOverlay> {
  help = document.createElement('demo-help-overlay') as DemoHelpOverlay;
  help.video = !!o.video;
  help.complete = !!o.complete;
  document.body.append(help);
  await help.updateComplete;
  return help;
}
const $ = <T extends Element = HTMLElement>(sel: string) => help!.shadowRoot!.querySelector<T>(sel)!;
const $$ = (sel: string) => [...help!.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const rowKeys = () => $$('tr').map((tr) => [...tr.querySelectorAll('kbd')].map((k) => k.textContent).join(' '));

describe('<demo-help-overlay>', () => {
  for (const video of [false, true])
    it(`lists every key as <kbd> (${video ? 'video' : 'image'}), Alt+M among the object keys`, async () => {
      await open({ video, complete: true });
      const listed = new Set(rowKeys());
      const want = [
        ...Object.entries(PAGE_KEYS)
          .filter(([k]) => k !== 'approve' && k !== 'reject')
          .map(([, e]) => e.keys.split(/\s+or\s+/).join(' ')),
        ...annotationShortcuts({ video }).flatMap((g) => g.shortcuts.map((s) => s.keys.join(' '))),
      ];
      for (const k of want) expect(listed, k).toContain(k);
      const alt = $$('section.shortcut-group').find((s) => s.querySelector('tr[data-keys="Alt+M"]'));
      expect(alt?.dataset.group).toBe('Objects');
      expect(alt?.querySelector('tr[data-keys="Alt+M"]')?.textContent).toContain('missing required attribute');
      // A dialog named by its heading, focus on Close.
      const box = $('[role="dialog"]');
      expect(box.getAttribute('aria-modal')).toBe('true');
      expect(help!.shadowRoot!.getElementById(box.getAttribute('aria-labelledby')!)?.textContent).toBe(
        'Keyboard shortcuts',
      );
      expect(help!.shadowRoot!.activeElement?.textContent).toBe('Close (Esc)');
    });

  it('a letter typed in the dialog filters (the page does not hear it); Escape empties the filter, then closes', async () => {
    await open();
    const all = $$('tr').length;
    const heard: string[] = [];
    const onWindow = (e: KeyboardEvent) => heard.push(e.key);
    window.addEventListener('keydown', onWindow);
    const closed: Event[] = [];
    help!.addEventListener('close', (e) => closed.push(e));
    try {
      await userEvent.keyboard('zoom');
      await help!.updateComplete;
      expect($<HTMLInputElement>('input.filter').value).toBe('zoom');
      expect(heard).toEqual([]);
      const rows = $$('tr');
      expect(rows.length).toBeGreaterThan(2);
      expect(rows.length).toBeLessThan(all);
      for (const r of rows) expect(r.textContent!.toLowerCase()).toContain('zoom');
      // Sections without a match are left out.
      expect($$('section.shortcut-group').map((s) => s.dataset.group)).toEqual(['Objects', 'View']);
      // A key, by its name.
      await userEvent.clear($('input.filter'));
      await userEvent.type($('input.filter'), 'alt+m');
      await help!.updateComplete;
      expect(rowKeys()).toEqual(['Alt+M']);
      await userEvent.type($('input.filter'), 'qqq');
      await help!.updateComplete;
      expect($('.no-match').textContent).toBe('No shortcut matches “alt+mqqq”');
      await userEvent.keyboard('{Escape}');
      await help!.updateComplete;
      expect($<HTMLInputElement>('input.filter').value).toBe('');
      expect($$('tr').length).toBe(all);
      expect(closed.length).toBe(0);
      await userEvent.keyboard('{Escape}');
      expect(closed.length).toBe(1);
    } finally {
      window.removeEventListener('keydown', onWindow);
    }
  });

  it('the filter says what it found in one polite live region there from the start; sections are no landmarks', async () => {
    await open({ complete: true });
    // One status element before any filtering, its text changing inside it (not inserted with it).
    const status = $('[role="status"]');
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.textContent).toBe('');
    await userEvent.keyboard('zoom');
    await help!.updateComplete;
    expect($('[role="status"]')).toBe(status);
    expect(status.textContent).toBe(`${$$('tr').length} shortcuts`);
    await userEvent.type($('input.filter'), 'qqq');
    await help!.updateComplete;
    expect($('[role="status"]')).toBe(status);
    expect(status.textContent).toBe('No shortcut matches “zoomqqq”');
    expect(status.checkVisibility(), 'no match is shown').toBe(true);
    expect($$('tr')).toEqual([]);
    await page.screenshot({ element: $('[role="dialog"]'), path: '../../test-results/screenshots/help-no-match.png' });
    // The sections are named by their headings, not labelled regions: the dialog holds one region,
    // the scrolling list.
    await userEvent.clear($('input.filter'));
    await help!.updateComplete;
    const sections = $$('section.shortcut-group');
    expect(sections.length).toBeGreaterThan(4);
    for (const sec of sections) {
      expect(sec.hasAttribute('aria-label'), sec.dataset.group).toBe(false);
      expect(sec.querySelector('h3')?.textContent).toBe(sec.dataset.group);
    }
    expect($$('[role="region"], section[aria-label], section[aria-labelledby]').length).toBe(1);
  });

  it('a single letter finds its key and the words that start with it, not every row holding it', async () => {
    await open({ complete: true });
    const all = $$('tr').length;
    await userEvent.keyboard('h');
    await help!.updateComplete;
    const keys = rowKeys();
    expect(keys).toContain('H');
    expect(keys).toContain('Shift+H');
    expect(keys.length).toBeLessThan(all / 3);
    for (const tr of $$('tr')) {
      const ks = [...tr.querySelectorAll('kbd')].map((k) => k.textContent!.toLowerCase());
      const byKey = ks.some((k) => k === 'h' || k.split('+').includes('h'));
      const words = `${(tr as HTMLTableRowElement).cells[1]!.textContent} ${tr.closest('section')!.dataset.group}`
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u);
      expect(byKey || words.some((w) => w.startsWith('h')), tr.textContent!).toBe(true);
    }
    // A row with an h only inside its words ("the", "Shift") is not kept.
    expect(keys).not.toContain('Shift+N PageUp');
    // Keys by name still: "ctrl z" is Ctrl+Z's row.
    await userEvent.clear($('input.filter'));
    await userEvent.type($('input.filter'), 'ctrl z');
    await help!.updateComplete;
    expect(rowKeys()).toContain('Ctrl+Z');
  });

  for (const [w, h] of [
    [1024, 700],
    [1280, 800],
    [800, 600],
  ] as const)
    it(`at ${w}x${h} the dialog is inside the screen, its header in view, every row reachable by scrolling the list`, async () => {
      await page.viewport(w, h);
      await open({ complete: true });
      const inside = (r: DOMRect, o: { top: number; bottom: number; left: number; right: number }) =>
        r.top >= o.top - 0.5 && r.bottom <= o.bottom + 0.5 && r.left >= o.left - 0.5 && r.right <= o.right + 0.5;
      const box = $('[role="dialog"]').getBoundingClientRect();
      expect(inside(box, { top: 0, bottom: h, left: 0, right: w }), JSON.stringify(box)).toBe(true);
      for (const sel of ['h2', 'input.filter', '.actions button'])
        expect(inside($(sel).getBoundingClientRect(), box), sel).toBe(true);
      const list = $('.shortcut-list');
      expect(list.scrollWidth - list.clientWidth).toBeLessThanOrEqual(0);
      const rows = $$('tr');
      expect(rows.length).toBeGreaterThan(40);
      for (const tr of rows) {
        tr.scrollIntoView({ block: 'nearest' });
        expect(inside(tr.getBoundingClientRect(), list.getBoundingClientRect()), tr.dataset.keys).toBe(true);
      }
      // (That it all fits 1024x700 and 1280x800 without scrolling, on the real page: e2e issue-banner-help.)
    });
});
