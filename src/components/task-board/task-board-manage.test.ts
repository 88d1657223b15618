import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import './define.js';
import type { DlTaskBoard } from './task-board.js';
import type {
  DlAssignmentReassignEvent,
  DlItemOpenEvent,
  DlTaskCreateEvent,
  DlTaskSelectEvent,
} from './task-board-events.js';
import { jsonSource, type NewTask, type TaskBoardSource, type TaskJson } from './task-board-source.js';
import { makeAssignments, makeItems, makeTasks } from './test-utils/fixtures.js';
import { equalWorkload } from './workload.js';

/** A JSON source that can also create tasks and reassign, recording the calls (as a backend would get them). */
function managedSource() {
  const tasks = makeTasks();
  const assignments = makeAssignments();
  const base = jsonSource({ tasks, assignments, items: makeItems(30) });
  const created: NewTask[] = [];
  const reassigned: [string, string, string][] = [];
  const source: TaskBoardSource = {
    ...base,
    listTasks: async () => [...tasks],
    async createTask(t) {
      created.push(t);
      const task: TaskJson = { id: `new${created.length}`, name: t.name, datasetId: t.datasetId, priority: t.priority };
      tasks.push(task);
      return task;
    },
    async reassign(task, a, annotator) {
      reassigned.push([task.id, a.id, annotator]);
    },
  };
  return { source, created, reassigned, assignments };
}

async function mount(props: Partial<DlTaskBoard>) {
  const el = document.createElement('dl-task-board');
  Object.assign(el, props);
  const events: Event[] = [];
  for (const t of ['dl-task-create', 'dl-assignment-reassign', 'dl-task-select', 'dl-item-open'])
    el.addEventListener(t, (e) => events.push(e));
  document.body.append(el);
  await el.whenSettled();
  const $ = <T extends Element = HTMLElement>(sel: string) => el.shadowRoot!.querySelector<T>(sel);
  const $$ = <T extends Element = HTMLElement>(sel: string) => [...el.shadowRoot!.querySelectorAll<T>(sel)];
  return { el, events, $, $$ };
}

const ASSIGNEES = ['ann@x.test', 'bob@x.test', 'cy@x.test'];

afterEach(() => {
  document.body.innerHTML = '';
});

describe('workload', () => {
  it('splits 100 equally, the remainder to the first assignees (the platform rule)', () => {
    expect(equalWorkload(['a', 'b', 'c']).map((w) => w.load)).toEqual([34, 33, 33]);
    expect(equalWorkload(['a', 'b']).map((w) => w.load)).toEqual([50, 50]);
    expect(equalWorkload(['a']).map((w) => w.load)).toEqual([100]);
  });
});

describe('<dl-task-board manage>', () => {
  it('offers "New task" only with manage and a source that can create tasks', async () => {
    const { source } = managedSource();
    const plain = await mount({ source });
    expect(plain.$('.new-task')).toBeNull();
    plain.el.remove();
    const json = await mount({ manage: true, tasks: makeTasks(), assignments: makeAssignments(), items: makeItems() });
    expect(json.$('.new-task')).toBeNull();
    json.el.remove();
    const managed = await mount({ manage: true, source, assignees: ASSIGNEES });
    expect(managed.$('.new-task')).not.toBeNull();
  });

  it('creates a task from a draft selection with the workload split the manager typed', async () => {
    const { source, created } = managedSource();
    const { el, events, $, $$ } = await mount({ manage: true, source, assignees: ASSIGNEES });
    el.draft = { datasetId: 'ds1', itemIds: ['it1', 'it2', 'it3'], description: '3 selected items', name: 'Pick' };
    await el.updateComplete;
    expect($('form.create')).not.toBeNull();
    expect($('[data-draft]')!.textContent).toContain('3 selected items');
    expect($$<HTMLInputElement>('.load').map((i) => i.value)).toEqual(['34', '33', '33']);
    // Untick cy: the other two share equally; then type 70 / 30.
    await userEvent.click($('[data-assignee="cy@x.test"] input[type="checkbox"]')!);
    expect($$<HTMLInputElement>('.load').map((i) => i.value)).toEqual(['50', '50', '0']);
    const [ann, bob] = $$<HTMLInputElement>('.load');
    await userEvent.fill(ann!, '70');
    await userEvent.fill(bob!, '30');
    await userEvent.selectOptions($<HTMLSelectElement>('select[name="priority"]')!, '3');
    const name = $<HTMLInputElement>('input[name="name"]')!;
    await userEvent.fill(name, 'Fix the cars');
    await userEvent.click($$('form.create button[type="submit"]')[0]!);
    await el.whenSettled();
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      name: 'Fix the cars',
      datasetId: 'ds1',
      itemIds: ['it1', 'it2', 'it3'],
      priority: 3,
      workload: [
        { assigneeId: 'ann@x.test', load: 70 },
        { assigneeId: 'bob@x.test', load: 30 },
      ],
    });
    expect(created[0]!.dueDate).toBeGreaterThan(Date.now());
    expect($('form.create')).toBeNull();
    expect(el.taskId).toBe('new1');
    const ev = events.find((e) => e.type === 'dl-task-create') as DlTaskCreateEvent;
    expect(ev.detail.task.id).toBe('new1');
  });

  it('a form opened before the assignees arrived splits over them when they do', async () => {
    const { source } = managedSource();
    const { el, $$ } = await mount({ manage: true, source });
    el.draft = { datasetId: 'ds1', query: { filter: { dir: '/t' } }, description: 'a query' };
    await el.updateComplete;
    expect($$('.load')).toEqual([]);
    el.assignees = ['ann@x.test', 'bob@x.test'];
    await el.updateComplete;
    expect($$<HTMLInputElement>('.load').map((i) => [i.value, i.disabled])).toEqual([
      ['50', false],
      ['50', false],
    ]);
  });

  it('refuses shares that do not add up to 100 and a missing name, and says why', async () => {
    const { source, created } = managedSource();
    const { $, $$ } = await mount({ manage: true, source, assignees: ASSIGNEES });
    await userEvent.click($('.new-task')!);
    await userEvent.click($$('form.create button[type="submit"]')[0]!);
    expect($('.problem')!.textContent).toContain('name');
    await userEvent.fill($<HTMLInputElement>('input[name="name"]')!, 'x');
    await userEvent.fill($$<HTMLInputElement>('.load')[0]!, '10');
    expect($('[data-total]')!.textContent).toContain('76%');
    await userEvent.click($$('form.create button[type="submit"]')[0]!);
    expect($('.problem')!.textContent).toContain('100%');
    expect(created).toEqual([]);
    // "Split equally" repairs it.
    await userEvent.click($('button.split')!);
    expect($('[data-total]')!.textContent).toContain('100%');
    // Escape closes the form and gives focus back to "New task".
    await userEvent.click($<HTMLInputElement>('input[name="name"]')!);
    await userEvent.keyboard('{Escape}');
    expect($('form.create')).toBeNull();
  });

  it("reassigns the selected assignment's items to another annotator", async () => {
    const { source, reassigned } = managedSource();
    const { events, $ } = await mount({ manage: true, source, assignees: ASSIGNEES });
    expect($('.reassign')).toBeNull();
    await userEvent.click($('[part="assignment"][data-id="a1"]')!);
    const select = $<HTMLSelectElement>('select[name="reassign-to"]')!;
    expect([...select.options].map((o) => o.value)).toEqual(['', 'bob@x.test', 'cy@x.test']);
    expect($<HTMLButtonElement>('.reassign-go')!.disabled).toBe(true);
    await userEvent.selectOptions(select, 'cy@x.test');
    await userEvent.click($('.reassign-go')!);
    await new Promise((r) => setTimeout(r, 50));
    expect(reassigned).toEqual([['t1', 'a1', 'cy@x.test']]);
    const ev = events.find((e) => e.type === 'dl-assignment-reassign') as DlAssignmentReassignEvent;
    expect(ev.detail).toMatchObject({ annotator: 'cy@x.test', assignment: { id: 'a1' }, task: { id: 't1' } });
    const sel = events.filter((e) => e.type === 'dl-task-select') as DlTaskSelectEvent[];
    expect(sel.at(-1)!.detail.assignment?.id).toBe('a1');
  });

  it('reading the same task again: Reassign waits for the fresh list, then works again, or goes with the assignment', async () => {
    const { source, reassigned, assignments } = managedSource();
    // While `hold` is set, the task's assignments come only when the test says (a slow backend).
    let hold = false;
    const held: (() => void)[] = [];
    const gated: TaskBoardSource = {
      ...source,
      async listAssignments(task, signal) {
        if (hold) await new Promise<void>((r) => held.push(r));
        return source.listAssignments(task, signal);
      },
    };
    await page.viewport(1200, 700);
    const { el, $ } = await mount({ manage: true, source: gated, assignees: ASSIGNEES, theme: 'light' });
    el.style.width = '1150px';
    await userEvent.click($('[part="assignment"][data-id="a1"]')!);
    await el.whenSettled();
    await userEvent.selectOptions($<HTMLSelectElement>('select[name="reassign-to"]')!, 'cy@x.test');
    const go = () => $<HTMLButtonElement>('.reassign-go');
    expect(go()!.disabled).toBe(false);
    const list = $('[part="assignments"] [role="listbox"]')!;

    // Read again, the assignment still there: Reassign is disabled meanwhile and does nothing.
    hold = true;
    const refreshed = el.refresh();
    await expect.poll(() => held.length).toBe(1);
    await expect.poll(() => list.getAttribute('aria-busy')).toBe('true');
    expect($('[part="assignment"][data-id="a1"]')!.getAttribute('aria-disabled')).toBe('true');
    expect(go()!.disabled).toBe(true);
    expect($<HTMLSelectElement>('select[name="reassign-to"]')!.value).toBe('cy@x.test');
    go()!.click();
    await new Promise((r) => setTimeout(r, 20));
    expect(reassigned).toEqual([]);
    await page.screenshot({
      element: el,
      path: '../../../test-results/screenshots/task-board-reassign-reloading.png',
    });
    hold = false;
    held.shift()!();
    await refreshed;
    await el.whenSettled();
    expect(list.getAttribute('aria-busy')).toBe('false');
    expect(el.assignmentId).toBe('a1');
    expect(go()!.disabled).toBe(false);

    // Read again, and the fresh answer has a1 with cy as its annotator: nothing to give cy any more.
    assignments[0] = { ...assignments[0]!, annotator: 'cy@x.test' };
    await el.refresh();
    await el.whenSettled();
    expect($<HTMLSelectElement>('select[name="reassign-to"]')!.value).toBe('');
    expect(go()!.disabled).toBe(true);

    // Read again, and a1 is gone from the fresh answer: so are its selection and Reassign.
    hold = true;
    const again = el.refresh();
    await expect.poll(() => held.length).toBe(1);
    await expect.poll(() => list.getAttribute('aria-busy')).toBe('true');
    expect(go()).not.toBeNull();
    expect(go()!.disabled).toBe(true);
    assignments.splice(0, 1);
    hold = false;
    held.shift()!();
    await again;
    await el.whenSettled();
    expect($('[part="assignment"][data-id="a1"]')).toBeNull();
    expect(el.assignmentId).toBeNull();
    expect($('.reassign')).toBeNull();
    expect(reassigned).toEqual([]);
  });

  it("picking another task: the previous task's assignments go until the new ones arrive, then a click selects and Reassign shows", async () => {
    const { source } = managedSource();
    // t2's assignments come only when the test says (a slow backend).
    const held: (() => void)[] = [];
    const gated: TaskBoardSource = {
      ...source,
      async listAssignments(task, signal) {
        if (task.id === 't2') await new Promise<void>((r) => held.push(r));
        return source.listAssignments(task, signal);
      },
    };
    await page.viewport(1200, 700);
    const { el, $, $$ } = await mount({ manage: true, source: gated, assignees: ASSIGNEES, theme: 'light' });
    el.style.width = '1150px';
    const rows = () => $$('[part="assignment"]').map((r) => r.dataset.id);
    expect(rows()).toEqual(['a1', 'a2']);
    await userEvent.click($('[part="task"][data-id="t2"]')!);
    await expect.poll(() => held.length).toBe(1);
    await el.updateComplete;
    // t1's rows are gone while t2's load: nothing of another task to click; the list says it is busy.
    expect(rows()).toEqual([]);
    const list = $('[part="assignments"] [role="listbox"]')!;
    expect(list.getAttribute('aria-busy')).toBe('true');
    expect($('[part="assignments"] [data-loading]')!.textContent).toContain('Loading');
    expect($('[part="assignments"]')!.textContent).not.toContain('bob@x.test');
    // Nor by keyboard: the arrows reach "All assignments" only.
    list.focus();
    await userEvent.keyboard('{End}');
    expect(el.assignmentId).toBeNull();
    expect($('.reassign')).toBeNull();
    await page.screenshot({
      element: el,
      path: '../../../test-results/screenshots/task-board-assignments-loading.png',
    });
    held.shift()!();
    await el.whenSettled();
    expect(rows()).toEqual(['a3']);
    expect(list.getAttribute('aria-busy')).toBe('false');
    await userEvent.click($('[part="assignment"][data-id="a3"]')!);
    await el.whenSettled();
    expect(el.assignmentId).toBe('a3');
    expect($('[part="assignment"][data-id="a3"]')!.getAttribute('aria-selected')).toBe('true');
    expect($('select[name="reassign-to"]')).not.toBeNull();
    // A late answer for a task no longer picked is dropped: t2 asked again, t1 picked before it answers.
    await userEvent.click($('[part="task"][data-id="t1"]')!);
    await expect.poll(rows).toEqual(['a1', 'a2']);
    await userEvent.click($('[part="task"][data-id="t2"]')!);
    await expect.poll(() => held.length).toBe(1);
    await userEvent.click($('[part="task"][data-id="t1"]')!);
    await expect.poll(rows).toEqual(['a1', 'a2']);
    held.shift()!();
    await el.whenSettled();
    expect(el.taskId).toBe('t1');
    expect(rows()).toEqual(['a1', 'a2']);
  });

  it('opens an item with its place in the list (page x page size + row), -1 under a status filter', async () => {
    const { source } = managedSource();
    const { el, events, $, $$ } = await mount({ source, pageSize: 10 });
    await userEvent.click($('.pager .next')!);
    await el.whenSettled();
    await userEvent.click($$('tbody tr')[2]!.querySelector('button.open')!);
    const open = events.filter((e) => e.type === 'dl-item-open') as DlItemOpenEvent[];
    expect(open.at(-1)!.detail.index).toBe(12);
    expect(open.at(-1)!.detail.item.id).toBe('it12');
    el.statusFilter = 'completed';
    await el.whenSettled();
    await userEvent.click($$('tbody tr')[0]!.querySelector('button.open')!);
    expect((events.filter((e) => e.type === 'dl-item-open').at(-1) as DlItemOpenEvent).detail.index).toBe(-1);
  });
});
