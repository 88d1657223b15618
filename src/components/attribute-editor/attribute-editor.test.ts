import { describe, it, expect, afterEach } from 'vitest';
import { userEvent, page } from 'vitest/browser';
import { decode } from 'fast-png';
import './define.js';
import type { DlAttributesChangeEvent } from './attributes-change-event.js';
import { missingRequired, readAttributeDefinitions } from './attribute-definitions.js';
import { DlParseError } from '../../entities/errors.js';

/** v2 definitions in the stored shape (spec §6 attribute routes, §7.4), made for these tests. */
const ontology = {
  id: 'ont',
  roots: [],
  metadata: {
    system: {},
    attributes: [
      { key: 'colors', title: 'Colours', type: 'options', multi: true, values: ['red', 'green', 'blue'], scope: ['*'] },
      {
        key: 'pose',
        title: 'Pose',
        type: 'options',
        multi: false,
        values: ['front', 'back'],
        scope: ['car'],
        optional: true,
      },
      { key: 'occl', title: 'Occlusion', type: 'range', range: { min: 0, max: 10, step: 2 }, scope: ['*'] },
      { key: 'moving', title: 'Moving', type: 'boolean', scope: ['car', 'person'] },
      { key: 'note', title: '<i>Note</i>', type: 'freeText', scope: ['*'], optional: true },
      { key: 'bad', type: 'weird', scope: ['*'] },
      'not an object',
    ],
  },
};

async function mount(label: string, value: Record<string, unknown> = {}) {
  const el = document.createElement('dl-attribute-editor');
  Object.assign(el, { ontology, label, value });
  const events: DlAttributesChangeEvent[] = [];
  document.addEventListener('dl-attributes-change', (e) => events.push(e));
  document.body.append(el);
  await el.updateComplete;
  const field = (key: string) => el.shadowRoot!.querySelector<HTMLElement>(`[data-key="${key}"]`);
  return { el, events, field };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('missingRequired', () => {
  const { definitions } = readAttributeDefinitions(ontology);
  const keys = (label: string | null, value: Record<string, unknown> | null) =>
    missingRequired(definitions, label, value).map((d) => d.key);

  it('lists the required definitions of the label left unset, in ontology order; optional and other labels’ never', () => {
    // pose (car only) and note are optional; moving is not in sign's scope.
    expect(keys('car', {})).toEqual(['colors', 'occl', 'moving']);
    expect(keys('sign', null)).toEqual(['colors', 'occl']);
    expect(keys(null, {})).toEqual(['colors', 'occl']);
    expect(keys('car', { pose: 'front', note: 'x' })).toEqual(['colors', 'occl', 'moving']);
  });

  it('counts a value as set as the editor does: an empty selection is unset, false and 0 are set', () => {
    expect(keys('car', { colors: [], occl: 0, moving: false })).toEqual(['colors']);
    expect(keys('car', { colors: ['red'], occl: null, moving: true })).toEqual(['occl']);
    expect(keys('car', { colors: ['red'], occl: 4, moving: false })).toEqual([]);
  });

  it('is what the editor marks required and lists as missing', async () => {
    const { el } = await mount('car', { occl: 2 });
    expect(el.missing).toEqual(keys('car', { occl: 2 }));
    const marked = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[data-key]')]
      .filter((f) => f.querySelector('.hint.required'))
      .map((f) => f.dataset.key);
    expect(marked).toEqual(['colors', 'moving']);
  });

  it('focusFirstMissing puts focus on the first unset required field (its checked option, else its first)', async () => {
    const { el } = await mount('car', { colors: ['red'] });
    expect(el.focusFirstMissing()).toBe(true);
    expect(el.shadowRoot!.activeElement).toBe(el.shadowRoot!.querySelector('[data-key="occl"] input'));
    el.value = { colors: ['red'], occl: 2, moving: false };
    await el.updateComplete;
    expect(el.focusFirstMissing()).toBe(false);
    el.value = { colors: ['red'], occl: 2 };
    await el.updateComplete;
    expect(el.focusFirstMissing()).toBe(true);
    expect(el.shadowRoot!.activeElement).toBe(el.shadowRoot!.querySelector('[data-key="moving"] input'));
  });
});

describe('readAttributeDefinitions', () => {
  it('reads every type and reports bad definitions with their JSON path', () => {
    const { definitions, errors } = readAttributeDefinitions(ontology);
    expect(definitions.map((d) => [d.key, d.kind])).toEqual([
      ['colors', 'checkbox'],
      ['pose', 'radio'],
      ['occl', 'range'],
      ['moving', 'boolean'],
      ['note', 'freeText'],
    ]);
    expect(definitions[2]!.range).toEqual({ min: 0, max: 10, step: 2 });
    expect(errors).toHaveLength(2);
    expect(errors.every((e) => e instanceof DlParseError)).toBe(true);
    expect(errors.map((e) => e.path)).toEqual(['$.metadata.attributes[5].type', '$.metadata.attributes[6]']);
  });
  it('reads the SDK AttributesTypes names too', () => {
    const { definitions } = readAttributeDefinitions([
      { key: 'a', type: 'checkbox', values: ['x'] },
      { key: 'b', type: 'radio_button', values: [{ value: 'y', displayValue: 'Y!' }] },
    ]);
    expect(definitions.map((d) => d.kind)).toEqual(['checkbox', 'radio']);
    expect(definitions[1]!.values).toEqual([{ value: 'y', label: 'Y!' }]);
  });
});

describe('<dl-attribute-editor>', () => {
  it('shows only the attributes in scope of the label', async () => {
    const { el, field } = await mount('person');
    expect(field('colors')).not.toBeNull();
    expect(field('moving')).not.toBeNull();
    expect(field('pose')).toBeNull();
    el.label = 'car';
    await el.updateComplete;
    expect(field('pose')).not.toBeNull();
    expect(el.errors).toHaveLength(2);
  });

  it('checkbox (multi options): toggles add and remove, in ontology order', async () => {
    const { events, field } = await mount('car', { unrelated: 5 });
    const boxes = field('colors')!.querySelectorAll('input');
    await userEvent.click(boxes[2]!);
    await userEvent.click(boxes[0]!);
    expect(events.at(-1)!.detail).toEqual({
      attributes: { unrelated: 5, colors: ['red', 'blue'] },
      key: 'colors',
      label: 'car',
    });
    await userEvent.click(boxes[2]!);
    expect(events.at(-1)!.detail.attributes.colors).toEqual(['red']);
  });

  it('radio (single option): picks by pointer and keyboard; optional can be cleared', async () => {
    const { events, field, el } = await mount('car');
    const radios = field('pose')!.querySelectorAll('input');
    await userEvent.click(radios[0]!);
    expect(events.at(-1)!.detail.attributes).toEqual({ pose: 'front' });
    await userEvent.keyboard('{ArrowRight}');
    expect(events.at(-1)!.detail.attributes).toEqual({ pose: 'back' });
    await userEvent.click(field('pose')!.querySelector('button.clear')!);
    expect(events.at(-1)!.detail.attributes).toEqual({});
    expect(el.value).toEqual({});
  });

  it('range: keyboard steps by the definition step, inside min/max', async () => {
    const { events, field, el } = await mount('car', { occl: 4 });
    const slider = field('occl')!.querySelector('input')!;
    expect(slider.value).toBe('4');
    slider.focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(events.at(-1)!.detail.attributes.occl).toBe(6);
    await userEvent.keyboard('{End}');
    expect(events.at(-1)!.detail.attributes.occl).toBe(10);
    await userEvent.keyboard('{ArrowRight}');
    expect(el.value.occl).toBe(10);
    expect(field('occl')!.querySelector('output')!.textContent).toBe('10');
  });

  it('boolean: Yes/No radios store true/false; unset required ones are listed as missing', async () => {
    const { events, field, el } = await mount('person');
    expect(el.missing).toEqual(['colors', 'occl', 'moving']);
    const [yes, no] = field('moving')!.querySelectorAll('input');
    await userEvent.click(no!);
    expect(events.at(-1)!.detail.attributes).toEqual({ moving: false });
    await userEvent.click(yes!);
    expect(events.at(-1)!.detail.attributes).toEqual({ moving: true });
    expect(el.missing).toEqual(['colors', 'occl']);
  });

  it('free text: commits on change, empty text removes the key; HTML titles render as text', async () => {
    const { events, field } = await mount('car', { note: 'old' });
    const input = field('note')!.querySelector('input')!;
    expect(input.value).toBe('old');
    await userEvent.fill(input, '<b>hi</b>');
    await userEvent.keyboard('{Tab}');
    expect(events.at(-1)!.detail.attributes).toEqual({ note: '<b>hi</b>' });
    await userEvent.fill(input, '');
    await userEvent.keyboard('{Tab}');
    expect(events.at(-1)!.detail.attributes).toEqual({});
    expect(field('note')!.querySelector('i')).toBeNull();
    expect(field('note')!.querySelector('[part="title"]')!.textContent).toBe('<i>Note</i>');
  });

  it('fires nothing on programmatic sets and reflects the new value', async () => {
    const { el, events, field } = await mount('car');
    el.value = { pose: 'back', colors: ['green'] };
    el.label = 'person';
    el.label = 'car';
    await el.updateComplete;
    expect(events).toHaveLength(0);
    expect(field('pose')!.querySelectorAll('input')[1]!.checked).toBe(true);
    expect(field('colors')!.querySelectorAll('input')[1]!.checked).toBe(true);
  });

  it('looks right in light and dark (screenshot)', async () => {
    await page.viewport(900, 700);
    const wrap = document.createElement('div');
    wrap.style.cssText = 'display:grid;grid-template-columns:1fr 1fr;gap:16px;padding:16px;width:760px;background:#888';
    document.body.append(wrap);
    for (const theme of ['light', 'dark'] as const) {
      const el = document.createElement('dl-attribute-editor');
      Object.assign(el, { ontology, label: 'car', theme, value: { colors: ['red'], occl: 6, pose: 'front' } });
      wrap.append(el);
      await el.updateComplete;
    }
    const shot = await page.screenshot({
      element: wrap,
      path: '../../../test-results/screenshots/attribute-editor.png',
      base64: true,
    });
    // The picture: two editors side by side, the light one light and the dark one dark, both drawn.
    const png = decode(Uint8Array.from(atob(shot.base64), (ch) => ch.charCodeAt(0)));
    const [light, dark] = [...wrap.children] as HTMLElement[];
    const lum = (el: HTMLElement) => {
      const wr = wrap.getBoundingClientRect();
      const r = el.getBoundingClientRect();
      // Mean luminance over the editor's box in the screenshot (device pixels scaled by the image width).
      const k = png.width / wr.width;
      let sum = 0;
      let n = 0;
      for (let y = Math.floor((r.top - wr.top) * k); y < Math.floor((r.bottom - wr.top) * k); y += 2)
        for (let x = Math.floor((r.left - wr.left) * k); x < Math.floor((r.right - wr.left) * k); x += 2) {
          const i = (y * png.width + x) * png.channels;
          sum += 0.2126 * png.data[i]! + 0.7152 * png.data[i + 1]! + 0.0722 * png.data[i + 2]!;
          n++;
        }
      return sum / n / 255;
    };
    for (const el of [light!, dark!]) {
      const r = el.getBoundingClientRect();
      expect(r.width).toBeGreaterThan(200);
      expect(r.height).toBeGreaterThan(100);
    }
    expect(lum(light!)).toBeGreaterThan(0.6);
    expect(lum(dark!)).toBeLessThan(0.4);
    // The fields are drawn, not a blank box: the light editor holds dark text pixels.
    const texts = light!.shadowRoot!.textContent ?? '';
    expect(texts).toMatch(/Colours/);
  });
});
