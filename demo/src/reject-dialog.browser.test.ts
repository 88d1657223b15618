// The review's reject dialog says how to send: Ctrl+Enter sends, Enter adds a line (real keys, Chromium).
import { afterEach, describe, expect, it } from 'vitest';
import { realPress } from '../../src/components/internal/test-utils.js';
import './reject-dialog.js';
import { type DemoRejectDialog, pinnedShapeName } from './reject-dialog.js';

afterEach(() => document.querySelectorAll('demo-reject-dialog').forEach((e) => e.remove()));

describe('<demo-reject-dialog>', () => {
  it('tells under the field that Ctrl+Enter sends and Enter adds a line, and both keys do so', async () => {
    const d = document.createElement('demo-reject-dialog') as DemoRejectDialog;
    d.shapeName = 'Car box';
    const sent: string[] = [];
    d.addEventListener('reject', (e) => sent.push((e as CustomEvent<{ message: string }>).detail.message));
    document.body.append(d);
    await d.updateComplete;
    const root = d.shadowRoot!;
    const field = root.querySelector('textarea')!;
    const hint = root.querySelector<HTMLElement>('[data-send-hint]');
    expect(hint).not.toBeNull();
    expect([...hint!.querySelectorAll('kbd')].map((k) => k.textContent)).toEqual(['Ctrl', 'Enter']);
    expect(hint!.textContent!.replace(/\s+/g, ' ').trim()).toBe('Ctrl+Enter sends; Enter adds a line.');
    // read with the field by screen readers, shown between the field and the buttons
    expect(root.getElementById(field.getAttribute('aria-describedby')!)).toBe(hint);
    const h = hint!.getBoundingClientRect();
    expect(h.height).toBeGreaterThan(0);
    expect(h.top).toBeGreaterThanOrEqual(field.getBoundingClientRect().bottom);
    expect(h.bottom).toBeLessThanOrEqual(root.querySelector('.actions')!.getBoundingClientRect().top);
    // what it says is what the keys do
    expect(root.activeElement).toBe(field);
    await realPress('a');
    await realPress('Enter');
    await realPress('b');
    expect(field.value).toBe('a\nb');
    expect(sent).toEqual([]);
    await realPress('Enter', { ctrl: true });
    expect(sent).toEqual(['a\nb']);
  });
});

// Walk 35: on a video the dialog said "pinned to the selected Car box" with four cars in the clip and
// no word of the frame, which the issue keeps (the annotator's Show goes there).
describe('pinnedShapeName', () => {
  it('names an image shape by label and kind; a video track by its object name, kind and the frame shown', () => {
    expect(pinnedShapeName({ type: 'box' }, 'Car', null)).toBe('Car box');
    expect(pinnedShapeName({ type: 'segment' }, 'Tree', null)).toBe('Tree polygon');
    expect(pinnedShapeName({ type: 'box', metadata: { system: { objectId: '1' } } }, 'Car', 40)).toBe(
      'Car #1 box at frame 40',
    );
    expect(pinnedShapeName({ type: 'box', metadata: { system: { objectId: 3 } } }, 'Person', 0)).toBe(
      'Person #3 box at frame 0',
    );
  });
  it("carries the object list's number where two objects read the same (Car box 2), on a video on any frame", () => {
    expect(pinnedShapeName({ type: 'box' }, 'Car', null, 2)).toBe('Car box 2');
    expect(pinnedShapeName({ type: 'box' }, 'Car', 40, 3)).toBe('Car box 3 at frame 40');
  });
});
