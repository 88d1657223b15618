import { describe, it, expect, afterEach } from 'vitest';
import './define.js';
import type { DlTaskBoard } from './task-board.js';
import { makeAssignments, makeItems, makeTasks } from './test-utils/fixtures.js';

// Geometry of the board as a person sees it, at the width of the demo's board on a 1024 px window.

async function mount(props: Partial<DlTaskBoard> = {}, width = 960) {
  const el = document.createElement('dl-task-board');
  el.style.width = `${width}px`;
  Object.assign(el, { tasks: makeTasks(), assignments: makeAssignments(), items: makeItems() }, props);
  document.body.append(el);
  await el.whenSettled();
  const $$ = <T extends Element = HTMLElement>(sel: string) => [...el.shadowRoot!.querySelectorAll<T>(sel)];
  return { el, $$ };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('<dl-task-board> layout', () => {
  it('a task name of the demo\'s length shows whole at 1024 px (two lines), not cut to "Label the vali…"', async () => {
    const tasks = makeTasks();
    // as seeded in the demo, with its "Medium" priority beside it
    tasks[0]!.name = 'Label the validation scenes';
    tasks[0]!.priority = 2;
    tasks[1]!.name = 'Review the night-time highway footage';
    const { $$ } = await mount({ tasks });
    for (const n of $$('[part="task"] .name').slice(0, 2)) {
      expect(n.scrollWidth, n.textContent!).toBeLessThanOrEqual(n.clientWidth);
      expect(n.scrollHeight, n.textContent!).toBeLessThanOrEqual(n.clientHeight);
      expect(n.title).toBe(n.textContent);
    }
  });

  it('a task or annotator name cut with an ellipsis carries the whole name as its tooltip', async () => {
    const long = 'Label the validation scenes of the north-east highway, second pass';
    const tasks = makeTasks();
    tasks[0]!.name = long;
    const assignments = makeAssignments();
    assignments[0]!.annotator = 'a.very.long.annotator.address@annotation-vendor.example.test';
    const { $$ } = await mount({ tasks, assignments });
    const taskName = $$('[part="task"] .name')[0]!;
    const annName = $$('[part="assignment"] .name')[0]!;
    // Both are cut (else the test would prove nothing; the task's after two lines), and the tooltip says what was cut.
    expect(taskName.scrollHeight).toBeGreaterThan(taskName.clientHeight);
    expect(annName.scrollWidth).toBeGreaterThan(annName.clientWidth);
    expect(taskName.title).toBe(long);
    expect(annName.title).toBe('a.very.long.annotator.address@annotation-vendor.example.test');
  });

  it('every cell of an item row ends on the row line (the action buttons do not stagger the row borders)', async () => {
    const { $$ } = await mount();
    const rows = $$('tbody tr');
    expect(rows.length).toBe(7);
    for (const row of rows) {
      const cells = [...row.querySelectorAll('td')];
      expect(cells.length).toBe(3);
      const [first, ...rest] = cells.map((td) => td.getBoundingClientRect());
      // Table cells span their row: same top and bottom, so the three bottom borders form one line.
      for (const [i, c] of rest.entries()) {
        expect(Math.abs(c.top - first!.top), `${row.dataset.id} cell ${i + 2} top`).toBeLessThan(0.1);
        expect(Math.abs(c.bottom - first!.bottom), `${row.dataset.id} cell ${i + 2} bottom`).toBeLessThan(0.1);
      }
      // The buttons (wrapped when the column is narrow) stay inside their cell.
      const cell = rest[1]!;
      const buttons = [...row.querySelectorAll<HTMLElement>('[part="action"]')].map((b) => b.getBoundingClientRect());
      expect(buttons.length).toBe(3);
      for (const b of buttons) {
        expect(b.top).toBeGreaterThanOrEqual(cell.top);
        expect(b.bottom).toBeLessThanOrEqual(cell.bottom);
        expect(b.right).toBeLessThanOrEqual(cell.right);
      }
    }
  });
});
