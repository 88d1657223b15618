// How the open panel shares its height between the label list and the object list, and the
// tooltips of object names cut with an ellipsis. Screenshots for a person to look at:
// test-results/layer-panel-fit-*.png.
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { frames } from '../internal/test-utils.js';
import type { DlAnnotationLayer } from './annotation-layer.js';
import { ann, mountLayer } from './layer-test-utils.js';

afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));

/** 24 flat labels, `l1`…`l24`, the first with a long display name. */
const LABELS = {
  roots: Array.from({ length: 24 }, (_, i) => ({
    value: {
      tag: `l${i + 1}`,
      displayLabel: i === 0 ? 'Pedestrian on the crossing with a pram' : `Label ${i + 1}`,
      color: `#${(((i * 0x9e3779) >>> 0) & 0xffffff).toString(16).padStart(6, '0')}`,
    },
    children: [],
  })),
};
const boxes = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    ann(
      'box',
      `l${(i % 24) + 1}`,
      [
        { x: 10 + (i % 10) * 20, y: 10 + Math.floor(i / 10) * 10, z: 0 },
        { x: 25 + (i % 10) * 20, y: 18 + Math.floor(i / 10) * 10, z: 0 },
      ],
      `b${i}`,
    ),
  );

async function open(n: number) {
  await page.viewport(1280, 800);
  const { layer } = await mountLayer(boxes(n), { panel: true, w: 1280, h: 800, iw: 640, ih: 400 });
  layer.ontology = LABELS;
  await layer.updateComplete;
  await frames(3);
  await layer.updateComplete;
  return layer;
}
const parts = (l: DlAnnotationLayer) => {
  const root = l.shadowRoot!;
  const panel = root.querySelector<HTMLElement>('.panel')!;
  const picker = root.querySelector<HTMLElement>('.panel > dl-label-picker')!;
  const tree = picker.shadowRoot!.querySelector<HTMLElement>('[role="tree"]')!;
  const list = root.querySelector<HTMLElement>('.panel > .list')!;
  const rowH = tree.querySelector('[role="treeitem"]')!.getBoundingClientRect().height;
  return { panel, picker, tree, list, rowH };
};
/** The panel's content box, and whether `el` lies inside it (1 px slack for rounding). */
const inside = (el: Element, panel: HTMLElement) => {
  const p = panel.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  return r.top >= p.top - 1 && r.bottom <= p.bottom + 1;
};

describe('<dl-annotation-layer> panel height', () => {
  it('24 labels over 3 objects: the label list takes the height the object list does not need', async () => {
    const layer = await open(3);
    const { panel, picker, tree, list, rowH } = parts(layer);
    const cs = getComputedStyle(panel);
    const gap = parseFloat(cs.rowGap);
    const content = panel.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom);
    const kids = [...panel.children] as HTMLElement[];
    // Everything but the two lists keeps its own height; the object list needs only its floor (3
    // rows are fewer than its minimum); the picker's own chrome is its box less its tree.
    const others = kids
      .filter((k) => k !== picker && k !== list)
      .reduce((s, k) => s + k.getBoundingClientRect().height, 0);
    const listMin = parseFloat(getComputedStyle(list).minBlockSize);
    const chrome = picker.getBoundingClientRect().height - tree.getBoundingClientRect().height;
    const room = content - others - gap * (kids.length - 1) - listMin - chrome;
    const n = Math.floor(room / rowH);
    expect(n, 'the layout leaves room for more than the old 9rem (about 5 rows)').toBeGreaterThan(9);
    expect(Math.floor(tree.clientHeight / rowH)).toBeGreaterThanOrEqual(n);
    // Not all 24 fit, so the label list scrolls; the panel itself does not.
    expect(tree.scrollHeight).toBeGreaterThan(tree.clientHeight);
    expect(panel.scrollHeight).toBeLessThanOrEqual(panel.clientHeight + 1);
    expect(inside(list, panel)).toBe(true);
    await page.screenshot({ path: '../../../test-results/layer-panel-fit-few.png' });
  });

  it('24 labels over 200 objects: both lists keep their floor, stay inside the panel and scroll', async () => {
    const layer = await open(200);
    const { panel, picker, tree, list, rowH } = parts(layer);
    expect(list.clientHeight).toBeGreaterThanOrEqual(parseFloat(getComputedStyle(list).minBlockSize) - 2);
    expect(tree.clientHeight).toBeGreaterThanOrEqual(3 * rowH);
    expect(inside(list, panel) && inside(picker, panel)).toBe(true);
    expect(panel.scrollHeight).toBeLessThanOrEqual(panel.clientHeight + 1);
    for (const el of [tree, list]) {
      expect(el.scrollHeight).toBeGreaterThan(el.clientHeight);
      el.scrollTop = 10_000;
      expect(el.scrollTop).toBeGreaterThan(0);
    }
    await frames(2);
    await page.screenshot({ path: '../../../test-results/layer-panel-fit-many.png' });
  });

  it('a shape selected on the image scrolls its row into the object list clear of the edge fades', async () => {
    const layer = await open(200);
    const { list } = parts(layer);
    // The fade's height as drawn: a row under it reads as disabled.
    const fade = () => Number.parseFloat(getComputedStyle(list, '::after').blockSize);
    const clear = () => {
      const row = list.querySelector('.row[aria-selected="true"]')!;
      const r = row.getBoundingClientRect();
      const l = list.getBoundingClientRect();
      const top = l.top + list.clientTop + (list.hasAttribute('data-more-above') ? fade() : 0);
      const bottom = l.top + list.clientTop + list.clientHeight - (list.hasAttribute('data-more-below') ? fade() : 0);
      return { top: r.top - top, bottom: bottom - r.bottom };
    };
    expect(fade()).toBeGreaterThan(10);
    // Rows below the view, then back above it: each shows whole, outside the fades.
    for (const id of ['b120', 'b150', 'b40']) {
      layer.select([id]);
      await layer.updateComplete;
      await frames(3);
      const c = clear();
      expect(c.top, `${id}: under the top fade`).toBeGreaterThanOrEqual(-1);
      expect(c.bottom, `${id}: under the bottom fade`).toBeGreaterThanOrEqual(-1);
    }
    await page.screenshot({ path: '../../../test-results/layer-panel-fit-selected-row.png' });
  });

  it('a host’s --dl-label-picker-max-height still caps the label list', async () => {
    const layer = await open(3);
    layer.style.setProperty('--dl-label-picker-max-height', '5rem');
    await frames(2);
    const { tree } = parts(layer);
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
    expect(tree.getBoundingClientRect().height).toBeLessThanOrEqual(5 * rem + 0.5);
    expect(tree.getBoundingClientRect().height).toBeGreaterThan(5 * rem - 2);
  });

  it('3 labels: the label list is as tall as its rows, no empty box below them', async () => {
    const { layer } = await mountLayer(boxes(0), { panel: true, w: 1280, h: 800 });
    const { picker, tree } = parts(layer);
    const base = picker.shadowRoot!.querySelector<HTMLElement>('[part="base"]')!;
    const rows = tree.querySelectorAll('[role="treeitem"]');
    expect(rows).toHaveLength(3);
    const below = picker.getBoundingClientRect().bottom - rows[rows.length - 1]!.getBoundingClientRect().bottom;
    const chrome =
      parseFloat(getComputedStyle(base).paddingBottom) +
      parseFloat(getComputedStyle(base).borderBottomWidth) +
      parseFloat(getComputedStyle(tree).paddingBottom);
    expect(below).toBeLessThanOrEqual(chrome + 1);
  });

  it('a search that leaves one label: the label list shrinks to its row, the object list gets the room', async () => {
    const layer = await open(200);
    const { panel, picker, tree, list } = parts(layer);
    const treeBefore = tree.getBoundingClientRect().height;
    const listBefore = list.getBoundingClientRect().height;
    await page.screenshot({ path: '../../../test-results/layer-panel-fit-search-before.png' });
    const search = picker.shadowRoot!.querySelector<HTMLInputElement>('[part="search"]')!;
    await userEvent.fill(search, 'Label 13'); // only "Label 13" among Label 2…24 and the long name
    await frames(3);
    await page.screenshot({ path: '../../../test-results/layer-panel-fit-search-after.png' });
    const rows = tree.querySelectorAll('[role="treeitem"]');
    expect(rows).toHaveLength(1);
    // No empty box under the row: the picker ends where its row does, but for its own padding/border.
    const base = picker.shadowRoot!.querySelector<HTMLElement>('[part="base"]')!;
    const chrome =
      parseFloat(getComputedStyle(base).paddingBottom) +
      parseFloat(getComputedStyle(base).borderBottomWidth) +
      parseFloat(getComputedStyle(tree).paddingBottom);
    const below = picker.getBoundingClientRect().bottom - rows[0]!.getBoundingClientRect().bottom;
    expect(below).toBeLessThanOrEqual(chrome + 1);
    // What the label list gave up, the object list took (the panel still fits without scrolling).
    const freed = treeBefore - tree.getBoundingClientRect().height;
    expect(freed).toBeGreaterThan(50);
    expect(list.getBoundingClientRect().height - listBefore).toBeGreaterThanOrEqual(freed - 2);
    expect(panel.scrollHeight).toBeLessThanOrEqual(panel.clientHeight + 1);
  });

  it('an object name cut with an ellipsis has the whole name, and its tag, as tooltip', async () => {
    const layer = await open(3);
    const name = layer.shadowRoot!.querySelector<HTMLElement>('.row[data-key="b0"] .name')!;
    expect(name.textContent).toBe('Pedestrian on the crossing with a pram');
    expect(name.scrollWidth, 'the name is really cut').toBeGreaterThan(name.clientWidth);
    expect(name.title).toBe('Pedestrian on the crossing with a pram (l1)');
  });
});

describe('the selection’s label select', () => {
  it('shows the selected shape’s label beside its actions and relabels it; several labels read as such', async () => {
    // On a short panel the label picker scrolls out of view under the selection's controls: the
    // select at the top of the actions keeps the label readable and changeable there.
    const layer = await open(3);
    const root = layer.shadowRoot!;
    const select = () => root.querySelector<HTMLSelectElement>('.panel > .actions select[data-setting=relabel]');
    expect(select()).toBeNull();
    layer.select(['b1']);
    await layer.updateComplete;
    const s = select()!;
    expect(s.labels?.[0]?.textContent).toMatch(/Label/);
    expect(s.value).toBe('l2');
    expect([...s.options].map((o) => o.textContent)).toEqual(LABELS.roots.map((r) => r.value.displayLabel));
    await userEvent.selectOptions(s, 'l5');
    await layer.updateComplete;
    expect(layer.annotations.find((a: any) => a.id === 'b1')?.label).toBe('l5');
    expect(select()!.value).toBe('l5');
    // Another shape: the select shows its label, not the last one chosen.
    layer.select(['b0']);
    await layer.updateComplete;
    expect(select()!.value).toBe('l1');
    // Two shapes with two labels: "Several labels", picked by none of the options.
    layer.select(['b0', 'b2']);
    await layer.updateComplete;
    expect(select()!.selectedOptions[0]?.textContent).toBe('Several labels');
    expect(select()!.value).toBe('');
  });
});

describe('the selection’s actions', () => {
  for (const theme of ['light', 'dark'] as const)
    it(`Bring to front and Send to back are icon buttons on the actions’ one row, named, with their keys, reached by Tab (${theme})`, async () => {
      // Before, as text buttons, they took a row of their own above Lock / Hide / Delete: a row the
      // 1024x700 video page's panel has no room for.
      await page.viewport(1024, 700);
      const { layer } = await mountLayer(boxes(3), { panel: true, w: 1024, h: 700, iw: 640, ih: 400, theme });
      layer.ontology = LABELS;
      layer.select(['b1']);
      await layer.updateComplete;
      await frames(2);
      const root = layer.shadowRoot!;
      const button = (a: string) => root.querySelector<HTMLButtonElement>(`.panel > .actions [data-action="${a}"]`)!;
      const acts = ['front', 'back', 'lock', 'hide', 'delete'];
      const tops = acts.map((a) => Math.round(button(a).getBoundingClientRect().top));
      expect(new Set(tops).size, `one row: ${acts.map((a, i) => `${a}@${tops[i]}`).join(' ')}`).toBe(1);
      // The label select's row and that one: the group is two button rows high, no more.
      const group = root.querySelector<HTMLElement>('.panel > .actions')!.getBoundingClientRect();
      const row = button('lock').getBoundingClientRect();
      expect(group.bottom - row.bottom).toBeLessThanOrEqual(1);
      // Every control of the group lies inside the panel's content box, across too.
      const panel = root.querySelector<HTMLElement>('.panel')!;
      const p = panel.getBoundingClientRect();
      const inner = p.right - panel.clientLeft - parseFloat(getComputedStyle(panel).paddingRight);
      const out = [...root.querySelectorAll<HTMLElement>('.panel > .actions :is(button, select)')]
        .filter((c) => c.getBoundingClientRect().right > inner + 1)
        .map((c) => `${c.dataset.action ?? c.dataset.setting} ${c.getBoundingClientRect().right} > ${inner}`);
      expect(out).toEqual([]);
      for (const [a, name, key] of [
        ['front', 'Bring to front', 'Ctrl+]'],
        ['back', 'Send to back', 'Ctrl+['],
      ] as const) {
        const b = button(a);
        expect(b.getAttribute('aria-label')).toBe(name);
        expect(b.title).toBe(`${name} (${key})`);
        expect(b.getAttribute('aria-keyshortcuts')).toBe(key.replace('Ctrl', 'Control'));
        expect(b.textContent!.trim(), 'an icon, no text').toBe('');
        expect(b.querySelector('svg')).not.toBeNull();
        // Square: as wide as it is high, not a text button's width.
        const r = b.getBoundingClientRect();
        expect(Math.abs(r.width - r.height)).toBeLessThanOrEqual(1);
      }
      // The keyboard: Tab from the label select reaches Bring to front, then Send to back; Enter on
      // one restacks (its announcement says so).
      root.querySelector<HTMLSelectElement>('select[data-setting=relabel]')!.focus();
      await userEvent.tab();
      expect(root.activeElement).toBe(button('front'));
      await userEvent.tab();
      expect(root.activeElement).toBe(button('back'));
      await userEvent.keyboard('{Enter}');
      await layer.updateComplete;
      expect(root.querySelector('[aria-live]')!.textContent).toContain('1 object sent to back');
      await page.screenshot({ path: `../../../test-results/layer-panel-actions-${theme}-1024x700.png` });
    });
});

/**
 * The demo's labels and attributes (demo/server/seed-ontology.ts): a car has five (two optional),
 * a person four (two optional), the required ones unset on the fixtures' shapes.
 */
const ATTR_ONTOLOGY = {
  roots: [
    { value: { tag: 'car', displayLabel: 'Car', color: '#c82828' }, children: [] },
    { value: { tag: 'person', displayLabel: 'Person', color: '#f0b400' }, children: [] },
    { value: { tag: 'tree', displayLabel: 'Tree', color: '#1e8c32' }, children: [] },
    { value: { tag: 'road', displayLabel: 'Road', color: '#9c27b0' }, children: [] },
    { value: { tag: 'animal', displayLabel: 'Animal', color: '#ff6d00' }, children: [] },
    { value: { tag: 'object', displayLabel: 'Object', color: '#1e88e5' }, children: [] },
  ],
  metadata: {
    attributes: [
      {
        key: 'occlusion',
        title: 'Occlusion',
        type: 'checkbox',
        values: ['partly', 'mostly', 'truncated'],
        scope: ['*'],
        optional: true,
      },
      {
        key: 'color',
        title: 'Colour',
        type: 'radio_button',
        values: ['red', 'white', 'black', 'blue', 'other'],
        scope: ['car'],
      },
      { key: 'parked', title: 'Parked', type: 'boolean', scope: ['car'] },
      {
        key: 'activity',
        title: 'Activity',
        type: 'radio_button',
        values: ['standing', 'walking', 'cycling'],
        scope: ['person'],
      },
      {
        key: 'visibility',
        title: 'Visibility (%)',
        type: 'range',
        range: { min: 0, max: 100, step: 10 },
        scope: ['*'],
      },
      { key: 'comment', title: 'Comment', type: 'freeText', scope: ['*'], optional: true },
    ],
  },
};

/**
 * What of the selection's controls (its label select, actions) and of its attribute editor (each
 * field and each input) a person cannot see or click without scrolling: each must lie whole inside
 * the panel's visible box and the window, and be, at its centre, what a click lands on (not the
 * stuck objects' heading or list over it). One line per failure; [] when all are in view.
 */
function attributesHidden(layer: DlAnnotationLayer): string[] {
  const root = layer.shadowRoot!;
  const panel = root.querySelector<HTMLElement>('.panel')!;
  const p = panel.getBoundingClientRect();
  const editor = root.querySelector('.panel > .attrs dl-attribute-editor');
  if (!editor?.shadowRoot) return ['no attribute editor'];
  const out: string[] = [];
  const check = (el: Element, scope: DocumentOrShadowRoot, name: string, click: boolean) => {
    const r = el.getBoundingClientRect();
    const inside =
      r.height > 0 &&
      r.top >= Math.max(0, p.top + panel.clientTop) - 1 &&
      r.bottom <= Math.min(innerHeight, p.top + panel.clientTop + panel.clientHeight) + 1;
    const hit = scope.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const on = !click || (!!hit && (hit === el || el.contains(hit)));
    if (!inside || !on)
      out.push(
        `${name}:${inside ? '' : ` outside the view (${Math.round(r.top)}..${Math.round(r.bottom)} in ${Math.round(p.top)}..${Math.round(p.bottom)})`}${on ? '' : ` covered by ${hit ? `${hit.tagName.toLowerCase()}.${hit.className}` : 'nothing'}`}`,
      );
  };
  for (const c of root.querySelectorAll<HTMLElement>('.panel > .actions :is(button, select)'))
    check(c, root, c.dataset.action ?? c.dataset.setting ?? '?', true);
  const fields = [...editor.shadowRoot.querySelectorAll<HTMLElement>('[part~="field"]')];
  if (!fields.length) out.push('no attribute fields');
  for (const f of fields) {
    check(f, editor.shadowRoot, `field ${f.dataset.key}`, false);
    for (const [i, input] of [...f.querySelectorAll('input')].entries())
      check(input, editor.shadowRoot, `${f.dataset.key} input ${i}`, true);
  }
  return out;
}

describe('the selection’s attributes', () => {
  // Panel heights of the demo's image page (issue banner shown): ~440 px at 1024x700, ~540 px at
  // 1280x800; and one as short as the video page's at 1280x800.
  for (const [w, h, label, shape] of [
    [1024, 504, 'car', 'box'],
    [1024, 504, 'person', 'segment'],
    [1280, 605, 'car', 'box'],
    [1280, 605, 'person', 'segment'],
  ] as const)
    it(`with a ${label} ${shape} selected in a ${w}x${h} layer, its label, actions and every attribute (required ones too) are whole, in view and uncovered`, async () => {
      // Before, the attribute box shrank to the room the stuck object list left it: at 1024x700 a
      // ~12 px empty strip between the actions and the objects' heading; at 1280x800 "Colour",
      // required, half cut off.
      await page.viewport(w, Math.max(h, 600));
      const coords =
        shape === 'box'
          ? [
              { x: 40, y: 40, z: 0 },
              { x: 140, y: 100, z: 0 },
            ]
          : [
              [
                { x: 200, y: 40 },
                { x: 300, y: 60 },
                { x: 280, y: 160 },
                { x: 190, y: 150 },
              ],
            ];
      const shapes = [
        ...boxes(8).map((b, i) => ({ ...b, label: ATTR_ONTOLOGY.roots[i % 6]!.value.tag })),
        ann(shape, label, coords, 'sel'),
      ];
      const { layer } = await mountLayer(shapes, { panel: true, w, h, iw: 640, ih: 400 });
      layer.ontology = ATTR_ONTOLOGY;
      await layer.updateComplete;
      layer.select(['sel']);
      await layer.updateComplete;
      await frames(4);
      const editor = layer.shadowRoot!.querySelector<any>('.panel > .attrs dl-attribute-editor')!;
      expect(editor.missing.length, 'required attributes unset').toBeGreaterThan(0);
      try {
        await expect.poll(() => attributesHidden(layer)).toEqual([]);
        // The object list keeps at least two rows, or sits below the selection in the panel's scroll.
        const root = layer.shadowRoot!;
        const panel = root.querySelector<HTMLElement>('.panel')!;
        if (!panel.hasAttribute('data-unstuck')) {
          const list = root.querySelector<HTMLElement>('.panel > .list')!;
          expect(list.clientHeight).toBeGreaterThanOrEqual(2 * 28);
        }
      } finally {
        await page.screenshot({ path: `../../../test-results/layer-panel-attrs-${label}-${w}x${h}.png` });
      }
    });
});

/**
 * The selection's label select and action buttons not whole in the panel's visible part above the
 * stuck objects' heading, or covered at their centre: one line each; [] when all are in view.
 */
function controlsHidden(layer: DlAnnotationLayer): string[] {
  const root = layer.shadowRoot!;
  const p = root.querySelector('.panel')!.getBoundingClientRect();
  const h = root.querySelector('.panel > h2')!.getBoundingClientRect();
  const out: string[] = [];
  const controls = [...root.querySelectorAll<HTMLElement>('.panel > .actions:not(.note-full) :is(button, select)')];
  if (!controls.some((c) => c.dataset.setting === 'relabel')) out.push('no label select');
  for (const c of controls) {
    const r = c.getBoundingClientRect();
    const name = c.dataset.action ?? c.dataset.setting ?? c.textContent!.trim();
    if (r.top < p.top - 1 || r.bottom > h.top + 1) out.push(`${name} ${r.top}..${r.bottom} outside ${p.top}..${h.top}`);
    else {
      const hit = root.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (hit !== c && !c.contains(hit)) out.push(`${name} covered by ${hit?.tagName}`);
    }
  }
  return out;
}

describe('the selection’s attributes on a panel too short for them', () => {
  it('the object list collapses to its stuck heading; the selection, attributes whole, opens at its label and actions, the attributes below', async () => {
    // As a 1024x700 or 1280x800 video page's panel with a track selected: the actions and the
    // attributes do not fit even alone. Before, the list stayed stuck at two rows and the attribute
    // box got the room left, ~40-48 px (one field) at 1024x700. Now the list un-sticks and only its
    // heading (the count) stays stuck, as the list's summary; the selection, attributes whole,
    // scrolls with the panel and opens at its top: the label and the actions in view, then the
    // attributes (it once opened at the attributes, the label and actions one scroll up).
    await page.viewport(1024, 600);
    const person = ann(
      'box',
      'person',
      [
        { x: 200, y: 40, z: 0 },
        { x: 260, y: 160, z: 0 },
      ],
      'p',
      { metadata: { system: { attributes: { activity: 'walking' } } } },
    );
    const shapes = [
      ...boxes(8),
      ann(
        'box',
        'car',
        [
          { x: 40, y: 40, z: 0 },
          { x: 140, y: 100, z: 0 },
        ],
        'car',
      ),
      person,
    ];
    const { layer } = await mountLayer(shapes, { panel: true, w: 1024, h: 344, iw: 640, ih: 400 });
    layer.ontology = ATTR_ONTOLOGY;
    await layer.updateComplete;
    const root = layer.shadowRoot!;
    const panel = root.querySelector<HTMLElement>('.panel')!;
    const attrs = () => root.querySelector<HTMLElement>('.panel > .attrs')!;
    const editor = () => attrs().querySelector<any>('dl-attribute-editor');
    const heading = root.querySelector<HTMLElement>('.panel > h2')!;
    /** Whether the field `key` lies whole in the panel's visible part above the stuck heading, its inputs uncovered. */
    const shown = (key: string) => {
      const field = editor().shadowRoot.querySelector(`[part~="field"][data-key="${key}"]`) as HTMLElement | null;
      if (!field) return `no field ${key}`;
      const p = panel.getBoundingClientRect();
      const f = field.getBoundingClientRect();
      const h = heading.getBoundingClientRect();
      if (f.top < p.top - 1 || f.bottom > h.top + 1) return `${key} ${f.top}..${f.bottom} outside ${p.top}..${h.top}`;
      for (const input of field.querySelectorAll('input')) {
        const r = input.getBoundingClientRect();
        const hit = editor().shadowRoot.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        if (hit !== input) return `${key} input covered by ${hit?.tagName}.${hit?.className}`;
      }
      return 'shown';
    };
    for (const [id, key] of [
      ['car', 'color'],
      ['p', 'visibility'],
      ['car', 'color'],
    ] as const) {
      panel.scrollTop = 0;
      layer.select([id]);
      await layer.updateComplete;
      await frames(4);
      try {
        expect(editor().missing[0]).toBe(key);
        // The label select and every action whole above the heading, uncovered, at once.
        await expect.poll(() => controlsHidden(layer)).toEqual([]);
        // The first unset required attribute, here in reach below them, shown too.
        await expect.poll(() => shown(key)).toBe('shown');
      } finally {
        await page.screenshot({ path: `../../../test-results/layer-panel-attrs-short-${id}.png` });
      }
      // The label row at the panel's top; the attributes start below the actions, in view (their
      // top and more than two rows' height above the heading).
      {
        const a = attrs().getBoundingClientRect();
        const p = panel.getBoundingClientRect();
        const h = heading.getBoundingClientRect();
        const label = root.querySelector('.panel > .actions .relabel')!.getBoundingClientRect();
        expect(label.top - p.top, 'the label row at the top').toBeGreaterThanOrEqual(0);
        expect(label.top - p.top, 'the label row at the top').toBeLessThanOrEqual(12);
        expect(a.top, "the attributes' top in view").toBeGreaterThanOrEqual(p.top);
        expect(h.top - a.top, "the attributes' start in view").toBeGreaterThan(2 * 28);
      }
      expect(panel.hasAttribute('data-unstuck'), 'the list un-sticks').toBe(true);
      expect(panel.hasAttribute('data-summary'), 'its heading stays stuck as its summary').toBe(true);
      expect(attrs().scrollHeight, 'no box of its own that scrolls').toBeLessThanOrEqual(attrs().clientHeight + 1);
      const p = panel.getBoundingClientRect();
      const h = heading.getBoundingClientRect();
      expect(h.top, 'the heading in view').toBeGreaterThanOrEqual(p.top - 1);
      expect(h.bottom, 'the heading in view').toBeLessThanOrEqual(p.bottom + 1);
      // Every attribute is reached whole, above the heading, by scrolling the panel (Tab or wheel);
      // the panel gives them more than the two stuck rows' ~40 px.
      for (const field of editor().shadowRoot.querySelectorAll('[part~="field"]') as NodeListOf<HTMLElement>) {
        field.scrollIntoView({ block: 'nearest' });
        await frames(2);
        expect(shown(field.dataset.key!)).toBe('shown');
      }
      // Scrolled back, the actions are whole again.
      panel.scrollTop += root.querySelector('.panel > .actions')!.getBoundingClientRect().top - p.top - 8;
      await frames(2);
      for (const c of root.querySelectorAll<HTMLElement>('.panel > .actions :is(button, select)')) {
        const r = c.getBoundingClientRect();
        expect(r.top, c.dataset.action ?? c.dataset.setting).toBeGreaterThanOrEqual(p.top - 1);
        expect(r.bottom, c.dataset.action ?? c.dataset.setting).toBeLessThanOrEqual(h.top + 1);
      }
      // The list follows in the panel's scroll, the selected row in view at its end.
      panel.scrollTop = panel.scrollHeight;
      await frames(2);
      const list = root.querySelector<HTMLElement>('.panel > .list')!;
      expect(list.getBoundingClientRect().bottom).toBeLessThanOrEqual(panel.getBoundingClientRect().bottom + 1);
      const row = list.querySelector('.row[aria-selected="true"]')!.getBoundingClientRect();
      const lr = list.getBoundingClientRect();
      expect(row.top).toBeGreaterThanOrEqual(lr.top - 1);
      expect(row.bottom).toBeLessThanOrEqual(lr.bottom + 1);
    }
  });
  it('a new selection opens at its label and actions, its attributes from their top below them, from a panel half-scrolled through the last', async () => {
    // Attributes taller than the panel above the stuck heading (a track with many attributes on a
    // 1024x700 video page): the annotator scrolls half-way to set the last ones, then selects the
    // next object. Its attributes once showed from the middle, its first ones above the view; then
    // from their top, the label and actions above the view.
    await page.viewport(1024, 600);
    const extra = ['lane', 'direction', 'lights', 'doors'].map((key) => ({
      key,
      title: key,
      type: 'radio_button',
      values: ['a', 'b', 'c'],
      scope: ['*'],
    }));
    const ontology = {
      ...ATTR_ONTOLOGY,
      metadata: { attributes: [...ATTR_ONTOLOGY.metadata.attributes, ...extra] },
    };
    const box = (label: string, x: number, id: string) =>
      ann(
        'box',
        label,
        [
          { x, y: 40, z: 0 },
          { x: x + 60, y: 120, z: 0 },
        ],
        id,
        label === 'person' ? { metadata: { system: { attributes: { activity: 'walking' } } } } : {},
      );
    const { layer } = await mountLayer([...boxes(8), box('car', 40, 'car'), box('person', 200, 'p')], {
      panel: true,
      w: 1024,
      h: 344,
      iw: 640,
      ih: 400,
    });
    layer.ontology = ontology;
    await layer.updateComplete;
    const root = layer.shadowRoot!;
    const panel = root.querySelector<HTMLElement>('.panel')!;
    const heading = root.querySelector<HTMLElement>('.panel > h2')!;
    const attrs = () => root.querySelector<HTMLElement>('.panel > .attrs')!;
    const editor = () => attrs().querySelector<any>('dl-attribute-editor');
    /** Whether the field `key` lies whole in the panel above the stuck heading. */
    const shown = (key: string) => {
      const field = editor().shadowRoot.querySelector(`[part~="field"][data-key="${key}"]`) as HTMLElement | null;
      if (!field) return `no field ${key}`;
      const f = field.getBoundingClientRect();
      const top = panel.getBoundingClientRect().top;
      const h = heading.getBoundingClientRect().top;
      return f.top < top - 1 || f.bottom > h + 1 ? `${key} ${f.top}..${f.bottom} outside ${top}..${h}` : 'shown';
    };
    for (const [id, key] of [
      ['car', 'color'],
      ['p', 'visibility'],
      ['car', 'color'],
    ] as const) {
      layer.select([id]);
      await layer.updateComplete;
      await frames(4);
      try {
        expect(panel.hasAttribute('data-summary')).toBe(true);
        expect(editor().missing[0]).toBe(key);
        await expect.poll(() => controlsHidden(layer)).toEqual([]);
        expect(shown('occlusion'), "the attributes' top").toBe('shown');
      } finally {
        await page.screenshot({ path: `../../../test-results/layer-panel-attrs-midscroll-${id}.png` });
      }
      // half-way through them: their top above the view, their bottom below the heading
      const a = attrs().getBoundingClientRect();
      const p = panel.getBoundingClientRect();
      panel.scrollTop += a.top + a.height / 2 - (p.top + heading.getBoundingClientRect().top) / 2;
      await frames(2);
      expect(attrs().getBoundingClientRect().top, 'half-scrolled').toBeLessThan(panel.getBoundingClientRect().top);
      expect(attrs().getBoundingClientRect().bottom, 'half-scrolled').toBeGreaterThan(
        heading.getBoundingClientRect().top,
      );
    }
  });
});
