// Every element outside the annotation layer follows its `theme` (light / dark, and `auto` through
// the media query), checked by the computed colours of its visible parts against the tokens; and
// axe-core (shadow roots included) finds no serious or critical WCAG 2.1 AA violation in either.
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import '../item-viewer/define.js';
import '../task-board/define.js';
import '../label-picker/define.js';
import '../attribute-editor/define.js';
import { themeTokens, type ThemeTokenName } from './theme.js';
import { makeAssignments, makeItems, makeTasks } from '../task-board/test-utils/fixtures.js';
import { nextEvent, pngBlob } from '../internal/test-utils.js';
import type { DlItemViewer } from '../item-viewer/item-viewer.js';

const ontology = {
  id: 'ont',
  roots: [
    { value: { tag: 'car', displayLabel: 'Car', color: '#c82828' }, children: [] },
    { value: { tag: 'person', displayLabel: 'Person', color: '#f0b400' }, children: [] },
  ],
  metadata: {
    system: {},
    attributes: [
      { key: 'occ', title: 'Occlusion', type: 'options', multi: true, values: ['partly', 'mostly'], scope: ['*'] },
      { key: 'col', title: 'Colour', type: 'options', multi: false, values: ['red', 'blue'], scope: ['car'] },
      { key: 'vis', title: 'Visibility', type: 'range', range: { min: 0, max: 100, step: 10 }, scope: ['*'] },
      { key: 'parked', title: 'Parked', type: 'boolean', scope: ['car'] },
      { key: 'comment', title: 'Comment', type: 'freeText', scope: ['*'], optional: true },
    ],
  },
};

/** `rgb(r, g, b)` as getComputedStyle reports a `#rrggbb` token. */
function rgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}
const token = (name: ThemeTokenName, mode: 'light' | 'dark') => rgb(themeTokens[name][mode]);

type Theme = 'light' | 'dark';

/** Mounts the four elements with `theme`; returns probes of their visible parts. */
async function mountAll(theme: Theme | 'auto') {
  const wrap = document.createElement('div');
  wrap.style.cssText = 'display:grid;grid-template-columns:1fr 1fr;gap:8px;width:1100px';
  document.body.append(wrap);

  const viewer = document.createElement('dl-item-viewer') as DlItemViewer;
  viewer.setAttribute('theme', theme);
  viewer.style.cssText = 'height:300px';
  const loaded = nextEvent(viewer, 'dl-item-load');
  viewer.blob = await pngBlob(64, 48);
  // Interactive content over the image (as the annotation layer's toolbar is): it must stay reachable.
  const overlay = document.createElement('button');
  overlay.textContent = 'Overlay control';
  viewer.append(overlay);
  wrap.append(viewer);

  const board = document.createElement('dl-task-board');
  board.setAttribute('theme', theme);
  Object.assign(board, { tasks: makeTasks(), assignments: makeAssignments(), items: makeItems() });
  wrap.append(board);

  const picker = document.createElement('dl-label-picker');
  picker.setAttribute('theme', theme);
  Object.assign(picker, { ontology });
  wrap.append(picker);

  const editor = document.createElement('dl-attribute-editor');
  editor.setAttribute('theme', theme);
  Object.assign(editor, { ontology, label: 'car', value: { occ: ['partly'], vis: 40 } });
  wrap.append(editor);

  await loaded;
  await board.whenSettled();
  await Promise.all([picker.updateComplete, editor.updateComplete, viewer.updateComplete]);
  const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector(sel)!;
  return { wrap, viewer, board, picker, editor, $ };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('themes of the elements outside the annotation layer', () => {
  for (const theme of ['light', 'dark'] as const)
    it(`${theme}: backgrounds, text and controls take the ${theme} tokens`, async () => {
      const { viewer, board, picker, editor, $ } = await mountAll(theme);
      const bg = (el: Element) => getComputedStyle(el).backgroundColor;
      const fg = (el: Element) => getComputedStyle(el).color;
      // Item viewer chrome: the surface around the image, the zoom readout chip and the buttons.
      expect(bg(viewer)).toBe(token('--dl-color-surface', theme));
      expect(bg($(viewer, '.zoom'))).toBe(token('--dl-color-surface-raised', theme));
      expect(fg($(viewer, '.zoom'))).toBe(token('--dl-color-text', theme));
      expect(bg($(viewer, '.controls button'))).toBe(token('--dl-color-surface-raised', theme));
      expect(fg($(viewer, '.controls button'))).toBe(token('--dl-color-text', theme));
      // Task board: its frame, columns, cards, table text and the status selects.
      expect(bg(board)).toBe(token('--dl-color-bg', theme));
      expect(bg($(board, '.col'))).toBe(token('--dl-color-surface', theme));
      expect(bg($(board, '[part="task"]'))).toBe(token('--dl-color-selected', theme));
      expect(fg($(board, 'td'))).toBe(token('--dl-color-text', theme));
      expect(bg($(board, 'select'))).toBe(token('--dl-color-surface-raised', theme));
      // Label picker and attribute editor.
      expect(bg($(picker, '.base'))).toBe(token('--dl-color-surface', theme));
      expect(bg($(picker, 'input'))).toBe(token('--dl-color-bg', theme));
      expect(fg($(picker, '[role="treeitem"]'))).toBe(token('--dl-color-text', theme));
      expect(bg($(editor, '.base'))).toBe(token('--dl-color-surface', theme));
      expect(fg($(editor, 'legend, .title'))).toBe(token('--dl-color-text', theme));
      for (const el of [viewer, board, picker, editor]) expect(getComputedStyle(el).colorScheme).toBe(theme);
    });

  it('auto follows prefers-color-scheme', async () => {
    const mode = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    const { viewer, board, picker, $ } = await mountAll('auto');
    expect(getComputedStyle(viewer).backgroundColor).toBe(token('--dl-color-surface', mode));
    expect(getComputedStyle(board).backgroundColor).toBe(token('--dl-color-bg', mode));
    expect(getComputedStyle($(picker, '.base')).backgroundColor).toBe(token('--dl-color-surface', mode));
  });

  for (const theme of ['light', 'dark'] as const)
    it(`${theme}: axe-core finds no serious or critical violation (shadow roots included)`, async () => {
      const { wrap } = await mountAll(theme);
      const result = await axe.run(wrap, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      });
      const bad = result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
      expect(bad, bad.join('\n')).toEqual([]);
      // It looked inside the shadow roots: it checked the board's and the picker's own controls.
      expect(result.passes.some((p) => p.nodes.some((n) => JSON.stringify(n.target).includes('dl-task-board')))).toBe(
        true,
      );
    });
});
