import { describe, it, expect, afterEach } from 'vitest';
import { userEvent, page } from 'vitest/browser';
import './define.js';
import type { DlLabelPicker } from './label-picker.js';
import type { DlLabelSelectEvent } from './label-select-event.js';
import { ontologyLabels } from './ontology-labels.js';
import { setStrings, resetStrings } from '../strings.js';

/** A small ontology made for these tests: two roots with children, one grandchild, one evil label. */
const ontology = {
  id: 'ont-1',
  title: 'test',
  metadata: { system: { projectIds: [] }, attributes: [] },
  roots: [
    {
      value: { tag: 'vehicle', displayLabel: 'Vehicle', color: '#FF0000', attributes: [] },
      children: [
        {
          value: { tag: 'car', displayLabel: 'Car', color: '#00ff00', attributes: [] },
          children: [{ value: { tag: 'sedan', displayLabel: 'Sedan', color: '#00aa00' }, children: [] }],
        },
        { value: { tag: 'bus', displayLabel: 'Bus', color: '#0000ff' }, children: [] },
      ],
    },
    { value: { tag: 'person', displayLabel: 'Person', color: '#8e4887' }, children: [] },
    {
      value: { tag: 'evil', displayLabel: '<img src=x onerror="window.__pwned=1"><b>bold</b>', color: '#123456' },
      children: [],
    },
    { value: { tag: 'traffic_light', color: '#aaaaaa' }, children: [] },
  ],
};

async function mount(props: Partial<DlLabelPicker> = {}): Promise<{ el: DlLabelPicker; events: DlLabelSelectEvent[] }> {
  const el = document.createElement('dl-label-picker');
  Object.assign(el, { ontology }, props);
  const events: DlLabelSelectEvent[] = [];
  // Listen on document: the event must bubble and cross the shadow boundary.
  document.addEventListener('dl-label-select', (e) => events.push(e));
  document.body.append(el);
  await el.updateComplete;
  return { el, events };
}
const rows = (el: DlLabelPicker) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="treeitem"]')];
const rowTags = (el: DlLabelPicker) => rows(el).map((r) => r.dataset.tag);
const activeTag = (el: DlLabelPicker) =>
  el.shadowRoot!.querySelector<HTMLElement>('[role="treeitem"].active')?.dataset.tag;
const tree = (el: DlLabelPicker) => el.shadowRoot!.querySelector<HTMLElement>('[role="tree"]')!;
const search = (el: DlLabelPicker) => el.shadowRoot!.querySelector<HTMLInputElement>('input')!;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('ontologyLabels', () => {
  it('flattens roots into full parent.child tags in depth-first order', () => {
    const labels = ontologyLabels(ontology);
    expect(labels.map((l) => l.tag)).toEqual([
      'vehicle',
      'vehicle.car',
      'vehicle.car.sedan',
      'vehicle.bus',
      'person',
      'evil',
      'traffic_light',
    ]);
    expect(labels[0]!.color).toBe('#ff0000');
    expect(labels[2]!.depth).toBe(2);
    expect(labels[2]!.parent).toBe('vehicle.car');
    expect(labels[0]!.children).toEqual(['vehicle.car', 'vehicle.bus']);
    // dtlpy default display label: words split on "_", capitalised.
    expect(labels[6]!.displayLabel).toBe('Traffic Light');
  });
  it('reads flat label dicts and an entity with toJson()', () => {
    const flat = ontologyLabels([{ label_name: 'a', display_label: 'A!' }, { tag: 'b' }]);
    expect(flat.map((l) => [l.tag, l.displayLabel])).toEqual([
      ['a', 'A!'],
      ['b', 'B'],
    ]);
    expect(ontologyLabels({ toJson: () => ontology }).length).toBe(7);
    expect(ontologyLabels(null)).toEqual([]);
  });
});

describe('<dl-label-picker>', () => {
  it('a label cut with an ellipsis has its whole display name as tooltip, with the tag when it differs', async () => {
    const long = 'Pedestrian on the crossing with a pram';
    const { el } = await mount({
      ontology: {
        roots: [
          { value: { tag: 'l1', displayLabel: long, color: '#ff0000' }, children: [] },
          { value: { tag: 'car', displayLabel: 'Car', color: '#00ff00' }, children: [] },
          { value: { tag: 'bus' }, children: [] },
        ],
      },
    });
    el.style.inlineSize = '160px';
    await el.updateComplete;
    const text = (tag: string) => el.shadowRoot!.querySelector<HTMLElement>(`[data-tag="${tag}"] [part="label"]`)!;
    // The long name really is cut: its text is wider than its box.
    expect(text('l1').scrollWidth).toBeGreaterThan(text('l1').clientWidth);
    expect(text('l1').title).toBe(`${long} (l1)`);
    // A display name that is the tag but for case does not repeat it.
    expect(text('car').title).toBe('Car');
    expect(text('bus').title).toBe('Bus');
  });

  it('renders the tree with swatches, levels and hotkey badges', async () => {
    const { el } = await mount();
    expect(rowTags(el)).toHaveLength(7);
    const car = rows(el)[1]!;
    expect(car.getAttribute('aria-level')).toBe('2');
    expect(rows(el)[0]!.getAttribute('aria-expanded')).toBe('true');
    const swatch = car.querySelector('.swatch')!;
    expect(getComputedStyle(swatch).backgroundColor).toBe('rgb(0, 255, 0)');
    // Nested rows are indented further than their parent (inline start).
    expect(car.querySelector('.swatch')!.getBoundingClientRect().left).toBeGreaterThan(
      rows(el)[0]!.querySelector('.swatch')!.getBoundingClientRect().left,
    );
    expect(rows(el)[0]!.querySelector('kbd')!.textContent).toBe('1');
  });

  it('renders label text containing HTML as text', async () => {
    const { el } = await mount();
    const evil = rows(el).find((r) => r.dataset.tag === 'evil')!;
    expect(evil.querySelector('img')).toBeNull();
    expect(evil.querySelector('b')).toBeNull();
    expect(evil.querySelector('.text')!.textContent).toBe('<img src=x onerror="window.__pwned=1"><b>bold</b>');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('moves with arrows in the tree and picks with Enter', async () => {
    const { el, events } = await mount();
    await userEvent.click(rows(el)[4]!); // person, by pointer
    expect(events.map((e) => e.detail.label)).toEqual(['person']);
    expect(el.value).toBe('person');
    await userEvent.keyboard('{ArrowUp}{ArrowUp}');
    expect(activeTag(el)).toBe('vehicle.car.sedan');
    await userEvent.keyboard('{Enter}');
    expect(events.at(-1)!.detail).toEqual({ label: 'vehicle.car.sedan', displayLabel: 'Sedan', color: '#00aa00' });
    expect(events.at(-1)!.bubbles && events.at(-1)!.composed).toBe(true);
    expect(rows(el)[2]!.getAttribute('aria-selected')).toBe('true');
    await userEvent.keyboard('{End}');
    expect(activeTag(el)).toBe('traffic_light');
    await userEvent.keyboard('{Home} ');
    expect(events.at(-1)!.detail.label).toBe('vehicle');
  });

  it('collapses and expands with ArrowLeft/ArrowRight and moves to parent/child', async () => {
    const { el } = await mount();
    tree(el).focus();
    await userEvent.keyboard('{ArrowDown}'); // vehicle.car
    expect(activeTag(el)).toBe('vehicle.car');
    await userEvent.keyboard('{ArrowLeft}'); // collapse car
    expect(rowTags(el)).not.toContain('vehicle.car.sedan');
    expect(rows(el)[1]!.getAttribute('aria-expanded')).toBe('false');
    await userEvent.keyboard('{ArrowLeft}'); // to parent
    expect(activeTag(el)).toBe('vehicle');
    await userEvent.keyboard('{ArrowDown}{ArrowRight}'); // expand car
    expect(rowTags(el)).toContain('vehicle.car.sedan');
    await userEvent.keyboard('{ArrowRight}'); // to first child
    expect(activeTag(el)).toBe('vehicle.car.sedan');
  });

  it('number hotkeys 1-9 pick the n-th visible label; letters type ahead', async () => {
    const { el, events } = await mount();
    tree(el).focus();
    await userEvent.keyboard('4');
    expect(events.at(-1)!.detail.label).toBe('vehicle.bus');
    await userEvent.keyboard('t');
    expect(activeTag(el)).toBe('traffic_light');
    await new Promise((r) => setTimeout(r, 700)); // type-ahead buffer resets
    await userEvent.keyboard('pe');
    expect(activeTag(el)).toBe('person');
    expect(events).toHaveLength(1); // moving never picks
    // Hosts can route their own digit hotkeys.
    expect(el.pickVisible(5)).toBe('person');
    expect(el.pickVisible(42)).toBeNull();
    expect(events.map((e) => e.detail.label)).toEqual(['vehicle.bus', 'person']);
  });

  it('searches: filters with ancestors kept, arrows and Enter from the search box, Escape clears', async () => {
    const { el, events } = await mount();
    await userEvent.click(search(el));
    await userEvent.keyboard('se');
    // "se" matches Sedan (and nothing else by display text or tag): ancestors stay as context.
    expect(rowTags(el)).toEqual(['vehicle', 'vehicle.car', 'vehicle.car.sedan']);
    expect(activeTag(el)).toBe('vehicle.car.sedan');
    await userEvent.keyboard('{Enter}');
    expect(events.at(-1)!.detail.label).toBe('vehicle.car.sedan');
    await userEvent.keyboard('{Escape}');
    expect(rowTags(el)).toHaveLength(7);
    await userEvent.fill(search(el), 'zzz');
    expect(rowTags(el)).toEqual([]);
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).toContain('zzz');
    await userEvent.fill(search(el), 'b');
    await userEvent.keyboard('{ArrowDown}{Enter}');
    // "b" matches Bus, and the evil label's text ("<b>bold</b>"), Bus comes first in display order.
    expect(events.at(-1)!.detail.label).toBe('evil');
  });

  it('re-renders with translated strings', async () => {
    const { el } = await mount();
    setStrings({ 'labelPicker.search': 'Chercher une étiquette', 'labelPicker.noMatch': 'Rien pour « {query} »' });
    try {
      await el.updateComplete;
      expect(search(el).placeholder).toBe('Chercher une étiquette');
      expect(search(el).getAttribute('aria-label')).toBe('Chercher une étiquette');
      await userEvent.fill(search(el), 'qq');
      expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim()).toBe('Rien pour « qq »');
    } finally {
      resetStrings();
    }
    await el.updateComplete;
    expect(search(el).placeholder).toBe('Search labels');
  });

  it('fires nothing on programmatic sets', async () => {
    const { el, events } = await mount({ value: 'person' });
    el.value = 'vehicle.bus';
    el.ontology = { roots: ontology.roots.slice(0, 2) };
    await el.updateComplete;
    expect(events).toHaveLength(0);
    expect(rows(el).find((r) => r.getAttribute('aria-selected') === 'true')!.dataset.tag).toBe('vehicle.bus');
  });

  it('its keyboard-active row follows a value set from outside, scrolled into view, and the arrows start there', async () => {
    // Before, the active row stayed on the first value's label: selecting another shape in an
    // annotation layer showed its label as picked, but ArrowDown and Enter started from the old one.
    const { el, events } = await mount({ value: 'vehicle' });
    el.style.setProperty('--dl-label-picker-max-height', '60px');
    await el.updateComplete;
    expect(activeTag(el)).toBe('vehicle');
    el.value = 'traffic_light';
    await el.updateComplete;
    expect(activeTag(el)).toBe('traffic_light');
    expect(tree(el).getAttribute('aria-activedescendant')).toBe(
      rows(el).find((r) => r.dataset.tag === 'traffic_light')!.id,
    );
    const t = tree(el).getBoundingClientRect();
    const r = rows(el)
      .find((x) => x.dataset.tag === 'traffic_light')!
      .getBoundingClientRect();
    expect(r.top).toBeGreaterThanOrEqual(t.top - 1);
    expect(r.bottom).toBeLessThanOrEqual(t.bottom + 1);
    // From the new value, ArrowUp and Enter pick the label above it (evil), not the one below vehicle.
    tree(el).focus();
    await userEvent.keyboard('{ArrowUp}{Enter}');
    expect(events.at(-1)!.detail.label).toBe('evil');
    // A value the search hides leaves the active row on what the search shows.
    await userEvent.fill(search(el), 'Bus');
    await el.updateComplete;
    el.value = 'person';
    await el.updateComplete;
    expect(activeTag(el)).toBe('vehicle.bus');
  });

  it('keeps its active row in view by scrolling its tree only, never a scrolled box around it', async () => {
    // Before, every update called scrollIntoView on the active row: a new value (a shape selected
    // in an annotation layer) scrolled the side panel around the picker back up to the labels.
    const box = document.createElement('div');
    box.style.cssText = 'block-size: 120px; overflow: auto';
    const after = document.createElement('div');
    after.style.blockSize = '600px';
    document.body.append(box);
    const el = document.createElement('dl-label-picker');
    el.style.setProperty('--dl-label-picker-max-height', '60px');
    Object.assign(el, { ontology });
    box.append(el, after);
    await el.updateComplete;
    box.scrollTop = 300;
    el.value = 'person';
    await el.updateComplete;
    expect(box.scrollTop).toBe(300);
    // The tree still follows the keyboard: End makes the last row active and scrolls it into view.
    tree(el).focus();
    await userEvent.keyboard('{End}');
    await el.updateComplete;
    const t = tree(el).getBoundingClientRect();
    const r = el.shadowRoot!.querySelector('[role="treeitem"].active')!.getBoundingClientRect();
    expect(tree(el).scrollTop).toBeGreaterThan(0);
    expect(r.bottom).toBeLessThanOrEqual(t.bottom + 1);
  });

  it('keeps its active row wholly in view when its tree gets shorter after the row was scrolled in', async () => {
    // The annotation layer's side panel shrinks the label list once a relabelled shape's controls
    // render, after the picker had scrolled the new label's row in: "Road 4" was left half cut.
    const { el } = await mount({ value: 'vehicle' });
    el.style.setProperty('--dl-label-picker-max-height', '120px');
    await el.updateComplete;
    el.value = 'traffic_light';
    await el.updateComplete;
    const inView = () => {
      const t = tree(el);
      const top = t.getBoundingClientRect().top + t.clientTop;
      const r = rows(el)
        .find((x) => x.dataset.tag === 'traffic_light')!
        .getBoundingClientRect();
      return r.top >= top - 1 && r.bottom <= top + t.clientHeight + 1;
    };
    expect(inView()).toBe(true);
    // The host's layout gives the tree less room (no update of the picker itself).
    el.style.setProperty('--dl-label-picker-max-height', '50px');
    await expect.poll(inView).toBe(true);
    expect(tree(el).clientHeight).toBeLessThanOrEqual(50);
  });

  it('looks right in light and dark (screenshots)', async () => {
    await page.viewport(900, 900);
    const wrap = document.createElement('div');
    wrap.style.cssText = 'display:grid;grid-template-columns:1fr 1fr;gap:16px;padding:16px;width:640px;background:#888';
    document.body.append(wrap);
    for (const theme of ['light', 'dark'] as const) {
      const el = document.createElement('dl-label-picker');
      el.ontology = ontology;
      el.theme = theme;
      el.value = 'vehicle.car';
      wrap.append(el);
      await el.updateComplete;
    }
    const rtl = document.createElement('div');
    rtl.dir = 'rtl';
    rtl.style.cssText = 'grid-column: span 2';
    const rtlPicker = document.createElement('dl-label-picker');
    Object.assign(rtlPicker, { ontology, value: 'person' });
    rtl.append(rtlPicker);
    wrap.append(rtl);
    await rtlPicker.updateComplete;
    // Right-to-left: the nested row's swatch sits further left (inline start is on the right).
    const [vehicle, car] = [...rtlPicker.shadowRoot!.querySelectorAll('[role="treeitem"] .swatch')];
    expect(car!.getBoundingClientRect().right).toBeLessThan(vehicle!.getBoundingClientRect().right);
    const dark = wrap.children[1] as DlLabelPicker;
    expect(getComputedStyle(dark.shadowRoot!.querySelector('.base')!).backgroundColor).toBe('rgb(31, 34, 41)');
    await page.screenshot({ element: wrap, path: '../../../test-results/screenshots/label-picker.png' });
  });
});
