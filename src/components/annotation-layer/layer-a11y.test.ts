// The layer for keyboard and screen-reader users, and its themes: the toolbar is one Tab stop with
// a roving tabindex; the selection handles are hidden from assistive technology (the object list is
// their equivalent); the list starts with an active row; panel, toolbar and overlays take the light /
// dark / auto tokens (computed colours); axe-core finds no serious or critical WCAG 2.1 AA violation
// in either theme, shadow roots included.
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { realPress } from '../internal/test-utils.js';
import { themeTokens, type ThemeTokenName } from '../theme/theme.js';
import type { DlAnnotationLayer } from './annotation-layer.js';
import { ann, mountLayer, rectMaskUrl } from './layer-test-utils.js';

afterEach(() => {
  document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove());
  document.querySelectorAll('button.outside').forEach((e) => e.remove());
});

const SHAPES = () => [
  ann(
    'box',
    'car',
    [
      { x: 20, y: 60, z: 0 },
      { x: 100, y: 120, z: 0 },
    ],
    'b1',
  ),
  ann(
    'segment',
    'person',
    [
      [
        { x: 120, y: 60 },
        { x: 180, y: 70 },
        { x: 150, y: 130 },
      ],
    ],
    'p1',
  ),
  ann('class', 'sign', undefined, 'c1'),
];
const $ = (l: DlAnnotationLayer, sel: string) => {
  const el = l.shadowRoot!.querySelector<HTMLElement>(sel);
  if (!el) throw new Error(`no ${sel}`);
  return el;
};
function deepActive(): Element | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}
function rgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}
const token = (name: ThemeTokenName, mode: 'light' | 'dark') => rgb(themeTokens[name][mode]);

describe('<dl-annotation-layer> keyboard access', () => {
  it('the toolbar is one Tab stop; arrows, Home and End move inside it', async () => {
    const { layer } = await mountLayer(SHAPES(), { toolbar: true });
    const bar = $(layer, '[role="toolbar"]');
    const buttons = [...bar.querySelectorAll<HTMLButtonElement>('button')];
    expect(buttons.length).toBeGreaterThan(8);
    expect(buttons.filter((b) => b.tabIndex === 0).map((b) => b.dataset.tool)).toEqual(['select']);
    // Tab from the layer itself reaches the Objects toggle, then the toolbar once (the only Tab stop
    // above); Shift+Tab goes back to the toggle and Tab returns to the same button.
    layer.focus();
    await realPress('Tab');
    expect(deepActive()).toBe($(layer, '.panel-toggle'));
    await realPress('Tab');
    expect(deepActive()).toBe(buttons[0]);
    await realPress('Tab', { shift: true });
    expect(deepActive()).toBe($(layer, '.panel-toggle'));
    await realPress('Tab');
    expect(deepActive()).toBe(buttons[0]);
    // Arrows rove: the focused button takes the Tab stop (and the layer does not nudge or pan).
    await realPress('ArrowRight');
    await realPress('ArrowRight');
    await layer.updateComplete;
    expect(deepActive()).toBe(buttons[2]);
    expect(buttons.filter((b) => b.tabIndex === 0)).toEqual([buttons[2]]);
    await realPress('End');
    expect(deepActive()).toBe(buttons.at(-1));
    await realPress('ArrowRight'); // wraps
    expect(deepActive()).toBe(buttons[0]);
    await realPress('ArrowLeft');
    expect(deepActive()).toBe(buttons.at(-1));
    await realPress('Home');
    await layer.updateComplete;
    expect(deepActive()).toBe(buttons[0]);
    expect(buttons.filter((b) => b.tabIndex === 0)).toEqual([buttons[0]]);
  });

  it('handles are hidden from assistive technology; the object list names every shape instead', async () => {
    const { layer } = await mountLayer(SHAPES(), { panel: true });
    layer.select(['p1']);
    await layer.updateComplete;
    const svg = $(layer, 'svg.handles');
    expect(svg.getAttribute('aria-hidden')).toBe('true');
    const handles = svg.querySelectorAll('.handle');
    expect(handles.length).toBeGreaterThan(3);
    for (const h of handles) expect(h.hasAttribute('aria-label') || h.hasAttribute('role')).toBe(false);
    const names = [...layer.shadowRoot!.querySelectorAll('.list [role="option"]')].map((o) =>
      o.getAttribute('aria-label'),
    );
    // The fixtures leave the test ontology's required "occluded" unset: each name says so.
    expect(names).toEqual([
      'Car box, Missing: Occluded',
      'Person polygon, Missing: Occluded',
      'Sign classification, Missing: Occluded',
    ]);
  });

  it('the object list starts with an active row; the first ArrowDown does not skip the first object', async () => {
    const { layer } = await mountLayer(SHAPES(), { panel: true });
    const list = $(layer, '[role="listbox"].list');
    expect(list.hasAttribute('aria-activedescendant')).toBe(false);
    list.focus();
    await layer.updateComplete;
    expect(list.getAttribute('aria-activedescendant')).toBe('row-0');
    expect($(layer, '#row-0').classList.contains('active')).toBe(true);
    await realPress('Enter');
    expect(layer.selected.map((a) => a.id)).toEqual(['b1']);
    await realPress('ArrowDown');
    await layer.updateComplete;
    expect(list.getAttribute('aria-activedescendant')).toBe('row-1');
    // A list focused while it had no rows: its first ArrowDown lands on the first row.
    const { layer: empty } = await mountLayer([], { panel: true });
    const l2 = $(empty, '[role="listbox"].list');
    l2.focus();
    empty.annotations = SHAPES();
    await empty.updateComplete;
    await realPress('ArrowDown');
    await empty.updateComplete;
    expect(l2.getAttribute('aria-activedescendant')).toBe('row-0');
  });
});

/** The layer's parts that must follow the theme, with the token each one's colours take. */
async function themed(theme: 'light' | 'dark' | 'auto') {
  const r = await mountLayer([...SHAPES(), ann('binary', 'car', await rectMaskUrl(200, 150, 60, 40), 'm1')], {
    toolbar: true,
    panel: true,
    theme,
  });
  r.viewer.noControls = false;
  r.layer.tool = 'brush';
  r.layer.select(['b1']);
  await r.layer.updateComplete;
  await r.viewer.updateComplete;
  return r;
}

describe('<dl-annotation-layer> themes', () => {
  for (const mode of ['light', 'dark'] as const)
    it(`${mode}: panel, toolbar, buttons, rows, chips, brush control and the zoom readout take the ${mode} tokens`, async () => {
      const { layer, viewer } = await themed(mode);
      const bg = (el: Element) => getComputedStyle(el).backgroundColor;
      const fg = (el: Element) => getComputedStyle(el).color;
      expect(bg($(layer, '.panel'))).toBe(token('--dl-color-surface-raised', mode));
      expect(fg($(layer, '.panel'))).toBe(token('--dl-color-text', mode));
      expect(bg($(layer, '.toolbar'))).toBe(token('--dl-color-surface-raised', mode));
      expect(fg($(layer, '.toolbar button'))).toBe(token('--dl-color-text', mode));
      expect(bg($(layer, '.toolbar button[aria-pressed="true"]'))).toBe(token('--dl-color-selected', mode));
      expect(bg($(layer, '.panel-toggle'))).toBe(token('--dl-color-selected', mode)); // open
      expect(fg($(layer, '.panel-toggle'))).toBe(token('--dl-color-text', mode));
      expect(bg($(layer, '.brush-size'))).toBe(token('--dl-color-surface-raised', mode));
      expect(bg($(layer, '.actions [data-action="front"]'))).toBe(token('--dl-color-surface', mode));
      expect(fg($(layer, '.actions [data-action="front"]'))).toBe(token('--dl-color-text', mode));
      expect(fg($(layer, '.actions [data-action="delete"]'))).toBe(token('--dl-color-danger', mode));
      expect(bg($(layer, '.row[aria-selected="true"]'))).toBe(token('--dl-color-selected', mode));
      expect(fg($(layer, '.row .type'))).toBe(token('--dl-color-text-muted', mode));
      expect(bg($(layer, '.chip'))).toBe(token('--dl-color-surface-raised', mode));
      const picker = $(layer, 'dl-label-picker');
      expect(bg(picker.shadowRoot!.querySelector('.base')!)).toBe(token('--dl-color-surface', mode));
      const zoom = viewer.shadowRoot!.querySelector('.zoom')!;
      expect(bg(zoom)).toBe(token('--dl-color-surface-raised', mode));
      expect(fg(zoom)).toBe(token('--dl-color-text', mode));
      expect(getComputedStyle(layer).colorScheme).toBe(mode);
    });

  it('auto follows prefers-color-scheme', async () => {
    const mode = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    const { layer } = await themed('auto');
    expect(getComputedStyle($(layer, '.panel')).backgroundColor).toBe(token('--dl-color-surface-raised', mode));
    expect(getComputedStyle($(layer, '.toolbar button')).color).toBe(token('--dl-color-text', mode));
  });

  for (const mode of ['light', 'dark'] as const)
    it(`${mode}: axe-core finds no serious or critical violation in the layer (shadow roots included)`, async () => {
      const { viewer } = await themed(mode);
      const result = await axe.run(viewer, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      });
      const bad = result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
      expect(bad, bad.join('\n')).toEqual([]);
      // It looked inside the layer's shadow root: its toolbar buttons and list were checked.
      const checked = JSON.stringify(result.passes.map((p) => p.nodes.map((n) => n.target)));
      expect(checked).toContain('dl-annotation-layer');
      expect(checked).toContain('toolbar');
    });
});
