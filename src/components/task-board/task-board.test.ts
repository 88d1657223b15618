import { describe, it, expect, afterEach } from 'vitest';
import { userEvent, page } from 'vitest/browser';
import './define.js';
import type { DlTaskBoard } from './task-board.js';
import type { DlItemOpenEvent, DlItemStatusChangeEvent } from './task-board-events.js';
import {
  itemStatusIn,
  withItemStatus,
  jsonSource,
  sentBackIn,
  effectiveStatusLog,
  itemReviewState,
  countSentBack,
  type TaskBoardSource,
} from './task-board-source.js';
import { makeAssignments, makeItems, makeTasks } from './test-utils/fixtures.js';
import { textOn } from '../internal/contrast.js';
import type { StatusStats } from './task-stats.js';

/** A promise with its settle functions outside (a request a test answers when it chooses). */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Resolves with `work()` once `gate` opens; rejects with an AbortError as soon as `signal` aborts. */
function held<T>(gate: Promise<void>, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), { once: true });
    void gate.then(() => work().then(resolve, reject));
  });
}

async function mount(props: Partial<DlTaskBoard> = {}) {
  const el = document.createElement('dl-task-board');
  Object.assign(el, { tasks: makeTasks(), assignments: makeAssignments(), items: makeItems() }, props);
  const opened: DlItemOpenEvent[] = [];
  const changed: DlItemStatusChangeEvent[] = [];
  // On the board itself (its events bubble): nothing is left on `document` for the next test, and
  // each mount hears its own board only.
  el.addEventListener('dl-item-open', (e) => opened.push(e));
  el.addEventListener('dl-item-status-change', (e) => changed.push(e));
  document.body.append(el);
  await el.whenSettled();
  const $ = <T extends Element = HTMLElement>(sel: string) => el.shadowRoot!.querySelector<T>(sel);
  const $$ = <T extends Element = HTMLElement>(sel: string) => [...el.shadowRoot!.querySelectorAll<T>(sel)];
  const rowIds = () => $$('tbody tr').map((r) => r.dataset.id);
  return { el, opened, changed, $, $$, rowIds };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('task-board data helpers', () => {
  it('reads and writes the status on the task and assignment refs, keeping other keys', () => {
    const [item] = makeItems(1);
    expect(itemStatusIn(item!, 't1')).toBe('completed');
    const cleared = withItemStatus(item!, 't1', 'a1', 'completed', true);
    expect(itemStatusIn(cleared, 't1')).toBeNull();
    expect(itemStatusIn(cleared, 'a1')).toBeNull();
    const set = withItemStatus(cleared, 't1', 'a1', 'needs-fix', false);
    expect(itemStatusIn(set, 'a1')).toBe('needs-fix');
    expect(set.unknownKey).toEqual({ kept: true });
    expect(itemStatusIn(item!, 't1')).toBe('completed'); // the input is not mutated
  });
  it('sent back: a status cleared by a reviewer; changes taken back (undo) do not count', () => {
    const log = (...entries: [string, string | null, string | null, string][]) => ({
      id: 'x',
      metadata: {
        system: {
          refs: [{ type: 'task', id: 't1', metadata: {} }],
          taskStatusLog: entries.map(([operation, status, previousStatus, creator]) => ({
            operation,
            status,
            previousStatus,
            creator,
            taskId: 't1',
            assignmentId: 'a1',
            timestamp: '2026-12-06T00:00:00Z',
          })),
        },
      },
    });
    const done: [string, string | null, string | null, string] = ['create', 'completed', null, 'ann'];
    const back: [string, string | null, string | null, string] = ['delete', null, 'completed', 'rev'];
    expect(sentBackIn(log(done, back), 't1', 'ann')).toBe(true);
    expect(sentBackIn(log(done, back), 't2', 'ann')).toBe(false);
    // The annotator discards the sent-back item, then undoes it: still sent back.
    const undoneDiscard = log(done, back, ['create', 'discard', null, 'ann'], ['delete', null, 'discard', 'ann']);
    expect(sentBackIn(undoneDiscard, 't1', 'ann')).toBe(true);
    expect(sentBackIn(undoneDiscard, 't1')).toBe(true);
    expect(effectiveStatusLog(undoneDiscard, 't1')).toHaveLength(2);
    // A fresh item discarded and undone was never sent back (not even for a reader who is nobody).
    expect(sentBackIn(log(['create', 'discard', null, 'ann'], ['delete', null, 'discard', 'ann']), 't1')).toBe(false);
    // A rejection undone (the reviewer sets `completed` again) and a board toggle (set, then cleared).
    expect(sentBackIn(log(done, back, ['create', 'completed', null, 'rev']), 't1')).toBe(false);
    expect(sentBackIn(log(['create', 'needs-fix', null, 'mgr'], ['delete', null, 'needs-fix', 'mgr']), 't1')).toBe(
      false,
    );
    // A clear of nothing is nothing; the annotator's own clear is not a verdict.
    expect(sentBackIn(log(['delete', null, null, 'rev']), 't1')).toBe(false);
    expect(sentBackIn(log(done, ['delete', null, 'completed', 'ann']), 't1', 'ann')).toBe(false);
    // Sent back, then completed again: the item has a status.
    const again = log(done, back, done);
    again.metadata.system.refs[0]!.metadata = { status: 'completed' };
    expect(sentBackIn(again, 't1')).toBe(false);
    // The board's words for each (its rows and the demo's grid cards read this one rule).
    expect(itemReviewState(log(done, back), 't1', 1)).toEqual({ state: 'issue', status: null });
    expect(itemReviewState(log(done, back), 't1', 0)).toEqual({ state: 'returned', status: null });
    expect(itemReviewState(again, 't1', 2)).toEqual({ state: 'status', status: 'completed' });
    expect(
      itemReviewState(log(['create', 'discard', null, 'ann'], ['delete', null, 'discard', 'ann']), 't1', 0),
    ).toEqual({ state: 'status', status: null });
  });

  it('counts items sent back per task and per assignment of that task, undone clears not', () => {
    const item = (id: string, asg: string, ...entries: [string, string | null, string | null, string][]) => ({
      id,
      metadata: {
        system: {
          refs: [
            { type: 'task', id: 't1', metadata: {} },
            { type: 'assignment', id: asg, metadata: {} },
          ],
          taskStatusLog: entries.map(([operation, status, previousStatus, creator]) => ({
            operation,
            status,
            previousStatus,
            creator,
            taskId: 't1',
          })),
        },
      },
    });
    const done: [string, string | null, string | null, string] = ['create', 'completed', null, 'ann'];
    const back: [string, string | null, string | null, string] = ['delete', null, 'completed', 'rev'];
    const tasks = [{ id: 't1', name: 'T', assignmentIds: ['a1', 'a2'] }];
    const items = [
      item('i1', 'a1', done, back),
      item('i2', 'a1', done, back),
      item('i3', 'a2', done, back, ['create', 'completed', null, 'rev']), // the rejection undone
      item('i4', 'a2'), // new work
      item('i5', 'x9', done, back), // an assignment of another task: the task counts it, x9 is not ours
    ];
    expect(countSentBack(items, tasks)).toEqual({ t1: 3, a1: 2 });
    expect(countSentBack(items, [{ id: 't2', name: 'Other' }])).toEqual({});
  });

  it('picks black or white text for action colours by contrast', () => {
    // #2e7d32 on white has a contrast ratio of ~5.1, yellow #ffeb3b on black ~17: WCAG tables.
    expect(textOn('#2e7d32')).toBe('#ffffff');
    expect(textOn('#ffeb3b')).toBe('#000000');
    expect(textOn('#000')).toBe('#ffffff');
    expect(textOn('#fff')).toBe('#000000');
  });
  it('jsonSource pages and filters by status', async () => {
    const src = jsonSource({ tasks: makeTasks(), assignments: makeAssignments(), items: makeItems(7) });
    const [t1] = makeTasks();
    const p0 = await src.listItems({ task: t1!, page: 0, pageSize: 3 });
    const p2 = await src.listItems({ task: t1!, page: 2, pageSize: 3 });
    expect(p0.items.map((i) => i.id)).toEqual(['it0', 'it1', 'it2']);
    expect([p0.totalItemsCount, p0.hasNextPage, p2.items.length, p2.hasNextPage]).toEqual([7, true, 1, false]);
    const none = await src.listItems({ task: t1!, status: null, page: 0, pageSize: 10 });
    expect(none.items.map((i) => i.id)).toEqual(['it1', 'it2', 'it4', 'it5', 'it6']);
    expect(await src.statusCounts!(t1!)).toEqual({ total: 7, counts: { completed: 1, discard: 1 } });
  });
});

describe('<dl-task-board> from plain JSON', () => {
  it('renders tasks with priority, due date, progress and counts; the first task is selected', async () => {
    const { $$, rowIds } = await mount();
    const cards = $$('[part="task"]');
    expect(cards.map((c) => c.dataset.id)).toEqual(['t1', 't2']);
    expect(cards[0]!.getAttribute('aria-selected')).toBe('true');
    expect(cards[0]!.querySelector('.priority')!.textContent!.trim()).toBe('High');
    // t1: 2 of 7 items have a status -> floor(200/7) = 28 %.
    expect(cards[0]!.querySelector('[role="progressbar"]')!.getAttribute('aria-valuenow')).toBe('28');
    // t2 carries its own counts: totalItems 4, approved 1 -> 25 %; due two days ago -> overdue.
    expect(cards[1]!.querySelector('[role="progressbar"]')!.getAttribute('aria-valuenow')).toBe('25');
    expect(cards[1]!.querySelector('.due')!.classList.contains('overdue')).toBe(true);
    // The counts name states ("Completed", "Discarded"), not the task's button verbs ("Done", "Discard").
    expect(cards[0]!.querySelector('.chips')!.textContent).toMatch(/7 items[\s\S]*Completed\s*1[\s\S]*Discarded\s*1/);
    // Task names with HTML render as text.
    expect(cards[1]!.querySelector('.name')!.children.length).toBe(0);
    expect(cards[1]!.querySelector('.name')!.textContent).toBe('<b>Review</b> & QA');
    expect(rowIds()).toEqual(['it0', 'it1', 'it2', 'it3', 'it4', 'it5', 'it6']);
  });

  it('shows the assignments of the selected task with annotator and counts, and their items', async () => {
    const { $$, rowIds, el } = await mount();
    const rows = $$('[part="assignment"]');
    expect(rows.map((r) => r.querySelector('.name')!.textContent)).toEqual(['ann@x.test', 'bob@x.test']);
    // a1 holds it0, it2, it4, it6 (4 items), one completed.
    expect(rows[0]!.querySelector('.chips')!.textContent).toMatch(/4 items[\s\S]*Completed\s*1/);
    await userEvent.click(rows[1]!);
    await el.whenSettled();
    expect(rowIds()).toEqual(['it1', 'it3', 'it5']);
  });

  it("a built-in status reads as its state word; the task's display name stays on its button", async () => {
    // The item and assignment pages say "Completed"; Dataloop's default action is named "Complete" (a verb).
    const tasks = makeTasks();
    tasks[0]!.availableActions = [
      { action: 'completed', displayName: 'Complete', color: '#2e7d32' },
      { action: 'discard', displayName: 'Discard', color: '#c62828' },
    ];
    const { $ } = await mount({ tasks });
    const row = (id: string) => $(`tbody tr[data-id="${id}"]`)!;
    // it0 is completed, it3 discarded (fixtures).
    expect(row('it0').querySelector('[part="status"]')!.textContent!.trim()).toBe('Completed');
    expect(row('it3').querySelector('[part="status"]')!.textContent!.trim()).toBe('Discarded');
    expect(row('it0').querySelector('[data-action="completed"]')!.textContent!.trim()).toBe('Complete');
    expect($('[part="task"] .chips')!.textContent).toMatch(/Completed\s*1[\s\S]*Discarded\s*1/);
    // The status filter names states too.
    const options = [...$<HTMLSelectElement>('.status-filter')!.options].map((o) => o.textContent!.trim());
    expect(options.slice(1)).toEqual(['To do', 'Sent back · open issues', 'Completed', 'Discarded']);
  });

  it('keyboard: arrows move through tasks and assignments', async () => {
    const { $, $$, el, rowIds } = await mount();
    $('[part="tasks"] [role="listbox"]')!.focus();
    await userEvent.keyboard('{ArrowDown}');
    await el.whenSettled();
    expect(el.taskId).toBe('t2');
    expect(rowIds()).toEqual(['evil']);
    await userEvent.keyboard('{Home}');
    await el.whenSettled();
    expect(el.taskId).toBe('t1');
    $('[part="assignments"] [role="listbox"]')!.focus();
    await userEvent.keyboard('{ArrowDown}');
    await el.whenSettled();
    expect(el.assignmentId).toBe('a1');
    expect(rowIds()).toEqual(['it0', 'it2', 'it4', 'it6']);
    expect($$('[part="assignment"]')[0]!.getAttribute('aria-selected')).toBe('true');
  });

  it('filters by status and by assignee', async () => {
    const { $, el, rowIds } = await mount();
    await userEvent.selectOptions($<HTMLSelectElement>('.status-filter')!, 'needs-fix');
    await el.whenSettled();
    expect(rowIds()).toEqual([]);
    await userEvent.selectOptions($<HTMLSelectElement>('.status-filter')!, 'completed');
    await el.whenSettled();
    expect(rowIds()).toEqual(['it0']);
    await userEvent.selectOptions($<HTMLSelectElement>('.status-filter')!, '__none__');
    await el.whenSettled();
    expect(rowIds()).toEqual(['it1', 'it2', 'it4', 'it5', 'it6']);
    await userEvent.selectOptions($<HTMLSelectElement>('.assignee-filter')!, 'bob@x.test');
    await el.whenSettled();
    expect(rowIds()).toEqual(['it1', 'it5']);
    expect(el.shadowRoot!.querySelectorAll('[part="assignment"]').length).toBe(1);
  });

  it('"To do" leaves out items sent back, which have their own filter; assignments count open issues', async () => {
    const items = makeItems();
    // it2 was completed, then a reviewer cleared it (sent back); it4 was discarded and the discard undone.
    const entry = (operation: string, status: string | null, previousStatus: string | null, creator: string) => ({
      operation,
      status,
      previousStatus,
      creator,
      taskId: 't1',
    });
    const sys = (id: string) =>
      (items.find((i) => i.id === id)!.metadata as { system: Record<string, unknown> }).system;
    sys('it2').taskStatusLog = [
      entry('create', 'completed', null, 'ann@x.test'),
      entry('delete', null, 'completed', 'rev'),
    ];
    sys('it4').taskStatusLog = [
      entry('create', 'discard', null, 'ann@x.test'),
      entry('delete', null, 'discard', 'ann@x.test'),
    ];
    const assignments = makeAssignments().map((a) => (a.id === 'a1' ? { ...a, totalItems: 4, issues: 1 } : a));
    const { $, $$, el, rowIds } = await mount({ items, assignments });
    const row = (id: string) => $(`tbody tr[data-id="${id}"] [part="status"]`)!;
    expect(row('it2').textContent!.trim()).toBe('Sent back');
    expect(row('it2').dataset.status).toBe('returned');
    expect(row('it4').textContent!.trim()).toBe('To do');
    const a1 = $$('[part="assignment"]').find((r) => r.dataset.id === 'a1')!;
    expect(a1.querySelector('[data-status="issue"]')!.textContent!.trim()).toBe('1 with an open issue');
    expect(
      $$('[part="assignment"]')
        .find((r) => r.dataset.id === 'a2')!
        .querySelector('[data-status="issue"]'),
    ).toBeNull();
    await userEvent.selectOptions($<HTMLSelectElement>('.status-filter')!, '__none__');
    await el.whenSettled();
    expect(rowIds()).toEqual(['it1', 'it4', 'it5', 'it6']);
    await userEvent.selectOptions($<HTMLSelectElement>('.status-filter')!, '__sent_back__');
    await el.whenSettled();
    expect(rowIds()).toEqual(['it2']);
  });

  it('pages items', async () => {
    const { $, el, rowIds } = await mount({ pageSize: 3 });
    expect(rowIds()).toEqual(['it0', 'it1', 'it2']);
    expect($('.pager span')!.textContent).toBe('Page 1 of 3');
    expect($<HTMLButtonElement>('.pager .prev')!.disabled).toBe(true);
    await userEvent.click($('.pager .next')!);
    await el.whenSettled();
    await userEvent.click($('.pager .next')!);
    await el.whenSettled();
    expect(rowIds()).toEqual(['it6']);
    expect($<HTMLButtonElement>('.pager .next')!.disabled).toBe(true);
  });

  it("sets and clears a status with the task's actions, emitting dl-item-status-change with the item JSON", async () => {
    const { $, $$, el, changed } = await mount();
    const row = () => $(`tbody tr[data-id="it1"]`)!;
    await userEvent.click(row().querySelector('[data-action="needs-fix"]')!);
    await el.whenSettled();
    expect(changed).toHaveLength(1);
    const d = changed[0]!.detail;
    expect([d.taskId, d.assignmentId, d.status, d.operation, d.previousStatus]).toEqual([
      't1',
      'a2',
      'needs-fix',
      'create',
      null,
    ]);
    expect(itemStatusIn(d.item, 't1')).toBe('needs-fix');
    expect(itemStatusIn(d.item, 'a2')).toBe('needs-fix');
    expect(d.item.unknownKey).toEqual({ kept: true });
    expect(row().querySelector('[part="status"]')!.textContent!.trim()).toBe('Needs fix');
    expect(row().querySelector('[data-action="needs-fix"]')!.getAttribute('aria-pressed')).toBe('true');
    // Counts follow: 3 of 7 now have a status -> floor(300/7) = 42 %.
    expect($$('[part="task"]')[0]!.querySelector('[role="progressbar"]')!.getAttribute('aria-valuenow')).toBe('42');
    // Pressing the pressed action clears it (keyboard this time).
    row().querySelector<HTMLButtonElement>('[data-action="needs-fix"]')!.focus();
    await userEvent.keyboard('{Enter}');
    await el.whenSettled();
    expect(changed[1]!.detail.operation).toBe('delete');
    expect(changed[1]!.detail.previousStatus).toBe('needs-fix');
    expect(itemStatusIn(changed[1]!.detail.item, 't1')).toBeNull();
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).toContain('status cleared');
  });

  it("picking another task: the previous task's items and their status buttons go until the new page arrives, then the actions act with the new task", async () => {
    const base = jsonSource({ tasks: makeTasks(), assignments: makeAssignments(), items: makeItems() });
    // Calls named here ("items:t2", "assignments:t1") wait until the test releases them (a slow backend).
    const holding = new Set(['items:t2']);
    const held: { what: string; go: () => void }[] = [];
    const hold = async (what: string) => {
      if (holding.has(what)) await new Promise<void>((go) => held.push({ what, go }));
    };
    const release = (what: string) => {
      const i = held.findIndex((h) => h.what === what);
      held.splice(i, 1)[0]!.go();
    };
    const sent: [string, string, string][] = [];
    const source: TaskBoardSource = {
      ...base,
      async listAssignments(task, signal) {
        await hold(`assignments:${task.id}`);
        return base.listAssignments(task, signal);
      },
      async listItems(q) {
        await hold(`items:${q.task.id}`);
        return base.listItems(q);
      },
      async setItemStatus(c) {
        sent.push([c.task.id, c.item.id, c.status]);
        return base.setItemStatus(c);
      },
    };
    const { $, $$, el, rowIds, changed, opened } = await mount({ source });
    expect(rowIds()).toEqual(['it0', 'it1', 'it2', 'it3', 'it4', 'it5', 'it6']);
    const table = $('[part="items"] table')!;
    expect(table.getAttribute('aria-busy')).toBe('false');
    // A button of t1's page, kept to press it after it left the screen (a click queued before the render).
    const stale = $<HTMLButtonElement>('tbody tr[data-id="it1"] [data-action="needs-fix"]')!;
    const staleOpen = $<HTMLButtonElement>('tbody tr[data-id="it1"] [part="item-open"]')!;
    // Keyboard, as the task list is used: ArrowDown picks t2; its items are held.
    $('[part="tasks"] [role="listbox"]')!.focus();
    await userEvent.keyboard('{ArrowDown}');
    await expect.poll(() => held.map((h) => h.what)).toEqual(['items:t2']);
    await el.updateComplete;
    expect(el.taskId).toBe('t2');
    // Meanwhile no item of t1 is listed, no status button is there to press, and the table says it is busy.
    expect(rowIds()).toEqual([]);
    expect($$('[part="items"] [part="action"]')).toEqual([]);
    expect(el.visibleItems).toEqual([]);
    expect(table.getAttribute('aria-busy')).toBe('true');
    expect($('[part="items"] [data-loading]')!.textContent).toContain('Loading');
    expect($('[part="items"]')!.textContent).not.toContain('img1.jpg');
    // The stale button does nothing: no change goes to the source with t2 (or t1), no event, no open.
    stale.click();
    staleOpen.click();
    await el.updateComplete;
    expect(sent).toEqual([]);
    expect(changed).toHaveLength(0);
    expect(opened).toHaveLength(0);
    await page.screenshot({ element: el, path: '../../../test-results/screenshots/task-board-items-loading.png' });

    release('items:t2');
    await el.whenSettled();
    expect(rowIds()).toEqual(['evil']);
    expect(table.getAttribute('aria-busy')).toBe('false');
    expect($('[part="items"] [data-loading]')).toBeNull();
    // t2's buttons act on t2's item with t2 (keyboard: Enter on the focused button).
    $<HTMLButtonElement>('tbody tr[data-id="evil"] [data-action="discard"]')!.focus();
    await userEvent.keyboard('{Enter}');
    await el.whenSettled();
    expect(sent).toEqual([['t2', 'evil', 'discard']]);
    expect(changed).toHaveLength(1);
    expect([changed[0]!.detail.taskId, changed[0]!.detail.assignmentId, changed[0]!.detail.item.id]).toEqual([
      't2',
      'a3',
      'evil',
    ]);
    expect(itemStatusIn(changed[0]!.detail.item, 't2')).toBe('discard');

    // A page that comes back for a task no longer picked is dropped: t1 picked, then t2 again
    // (items held), then t1 again while t1's assignments are held; t2's late page never shows.
    await userEvent.click($('[part="task"][data-id="t1"]')!);
    await expect.poll(rowIds).toEqual(['it0', 'it1', 'it2', 'it3', 'it4', 'it5', 'it6']);
    await userEvent.click($('[part="task"][data-id="t2"]')!);
    await expect.poll(() => held.map((h) => h.what)).toEqual(['items:t2']);
    holding.add('assignments:t1');
    await userEvent.click($('[part="task"][data-id="t1"]')!);
    await expect.poll(() => held.map((h) => h.what)).toEqual(['items:t2', 'assignments:t1']);
    release('items:t2');
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 0));
    expect(rowIds()).toEqual([]);
    expect(table.getAttribute('aria-busy')).toBe('true');
    release('assignments:t1');
    await el.whenSettled();
    expect(el.taskId).toBe('t1');
    expect(rowIds()).toEqual(['it0', 'it1', 'it2', 'it3', 'it4', 'it5', 'it6']);
    await userEvent.click($('tbody tr[data-id="it1"] [data-action="needs-fix"]')!);
    await el.whenSettled();
    expect(sent.at(-1)).toEqual(['t1', 'it1', 'needs-fix']);
  });

  it('picking another task aborts the requests of the one left (assignments and items); an abort is no error', async () => {
    const base = jsonSource({ tasks: makeTasks(), assignments: makeAssignments(), items: makeItems() });
    const signals: Record<string, AbortSignal | undefined> = {};
    const gates = { assignments: deferred<void>(), items: deferred<void>() };
    let hold: 'assignments:t2' | 'items:t2' | null = null;
    const source: TaskBoardSource = {
      ...base,
      listAssignments(task, signal) {
        signals[`assignments:${task.id}`] = signal;
        if (hold === `assignments:${task.id}`)
          return held(gates.assignments.promise, signal, () => base.listAssignments(task));
        return base.listAssignments(task, signal);
      },
      listItems(q) {
        signals[`items:${q.task.id}`] = q.signal;
        if (hold === `items:${q.task.id}`) return held(gates.items.promise, q.signal, () => base.listItems(q));
        return base.listItems(q);
      },
    };
    const { $, el, rowIds } = await mount({ source });
    expect(signals['items:t1']).toBeInstanceOf(AbortSignal);
    /** Picks t2 while its `slow` request is held, then t1 again before it answers. */
    const leaveT2While = async (slow: 'assignments:t2' | 'items:t2') => {
      hold = slow;
      await userEvent.click($('[part="task"][data-id="t2"]')!);
      await expect.poll(() => signals[slow]).toBeDefined();
      expect(signals[slow]!.aborted).toBe(false);
      await userEvent.click($('[part="task"][data-id="t1"]')!);
      await el.whenSettled();
      expect(signals[slow]!.aborted).toBe(true);
      expect($('[role="alert"]')).toBeNull();
      expect(el.taskId).toBe('t1');
      expect(rowIds()).toEqual(['it0', 'it1', 'it2', 'it3', 'it4', 'it5', 'it6']);
    };
    // t2's assignments are slow; t1 is picked again before they come.
    await leaveT2While('assignments:t2');
    // Now t2's items are slow: picking t1 aborts that page request too, and no error shows.
    await leaveT2While('items:t2');
    expect(signals['items:t1']!.aborted).toBe(false);
    gates.assignments.resolve();
    gates.items.resolve();
  });

  it('removing the board from the page aborts its requests under way (lists and sent-back counts); connected again it resumes the one aborted', async () => {
    const base = jsonSource({ tasks: makeTasks(), assignments: makeAssignments(), items: makeItems() });
    const signals: Record<string, AbortSignal | undefined> = {};
    const gate = deferred<void>();
    let hold: string | null = null;
    let taskLists = 0;
    const calls: Record<string, number> = {};
    /** Records the call's signal; held (until `gate`, or rejected on abort) when it is the one named by `hold`. */
    const watch = <T>(name: string, signal: AbortSignal | undefined, work: () => Promise<T>) => {
      signals[name] = signal;
      calls[name] = (calls[name] ?? 0) + 1;
      return hold === name ? held(gate.promise, signal, work) : work();
    };
    const source: TaskBoardSource = {
      ...base,
      listTasks: (signal) => (taskLists++, watch('tasks', signal, () => base.listTasks())),
      listItems: (q) => watch(`items:${q.task.id}`, q.signal, () => base.listItems(q)),
      sentBackCounts: (tasks, signal) => watch('sentBack', signal, () => base.sentBackCounts!(tasks)),
    };
    const { $, el, rowIds } = await mount({ source });
    /** Starts `start` with request `name` held, removes the board while it is, and checks it was aborted. */
    const removeWhile = async (name: string, start: () => unknown) => {
      hold = name;
      delete signals[name];
      start();
      await expect.poll(() => signals[name]).toBeInstanceOf(AbortSignal);
      expect(signals[name]!.aborted).toBe(false);
      el.remove();
      expect(signals[name]!.aborted).toBe(true);
      hold = null;
      // Back on the page: the aborted request is made again (the tasks list only when it was the one).
      const before = taskLists;
      const again = calls[name]!;
      document.body.append(el);
      await el.whenSettled();
      expect(calls[name]).toBe(again + 1);
      expect(signals[name]!.aborted).toBe(false);
      expect(taskLists).toBe(name === 'tasks' ? before + 1 : before);
      expect($('[role="alert"]')).toBeNull();
    };
    await removeWhile('tasks', () => void el.refresh());
    expect(rowIds()).toEqual(['it0', 'it1', 'it2', 'it3', 'it4', 'it5', 'it6']);
    await removeWhile('items:t2', () => $('[part="task"][data-id="t2"]')!.click());
    expect(el.taskId).toBe('t2');
    expect(rowIds()).toEqual(['evil']);
    await removeWhile('sentBack', () => void el.refresh());
    // The sent-back count ran again after the reconnect (the aborted one changed nothing).
    expect(signals.sentBack!.aborted).toBe(false);
    gate.resolve();
  });

  it('the per-task counts (statusCounts) get a signal: another pick, a newer load and leaving the page abort them; aborted answers are dropped, no error', async () => {
    const base = jsonSource({ tasks: makeTasks(), assignments: makeAssignments(), items: makeItems() });
    const calls: { key: string; signal: AbortSignal | undefined; answer: ReturnType<typeof deferred<StatusStats>> }[] =
      [];
    let holding = false;
    const source: TaskBoardSource = {
      ...base,
      statusCounts(task, assignment, signal) {
        if (!holding) return base.statusCounts!(task, assignment);
        const answer = deferred<StatusStats>();
        calls.push({ key: assignment ? `${task.id}/${assignment.id}` : task.id, signal, answer });
        // Ignores its signal on purpose: the board itself must drop an aborted count's answer.
        return answer.promise;
      },
    };
    const { $, el } = await mount({ source });
    const call = (key: string) => calls.filter((c) => c.key === key).at(-1);
    const bogus: StatusStats = { total: 100, counts: { completed: 99 } };
    const pct = (sel: string) => $(sel)!.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow') ?? null;
    const t1Before = pct('[part="task"][data-id="t1"]');
    const a1Before = pct('[part="assignment"][data-id="a1"]');
    expect(t1Before).not.toBeNull();
    expect(a1Before).not.toBeNull();
    holding = true;
    // A newer load of the task counts aborts the one under way.
    void el.refresh();
    await expect.poll(() => call('t1')).toBeDefined();
    const first = call('t1')!;
    expect(first.signal).toBeInstanceOf(AbortSignal);
    expect(first.signal!.aborted).toBe(false);
    // (t1's counts are asked for one target at a time: the assignment counts follow the list.)
    await expect.poll(() => call('t1/a1')).toBeDefined();
    const a1 = call('t1/a1')!;
    void el.refresh();
    await expect.poll(() => calls.filter((c) => c.key === 't1').length).toBe(2);
    expect(first.signal!.aborted).toBe(true);
    await expect.poll(() => calls.filter((c) => c.key === 't1/a1').length).toBe(2);
    expect(a1.signal!.aborted).toBe(true);
    // Picking another task aborts the counts of the assignments of the task left.
    const a1Now = call('t1/a1')!;
    expect(a1Now.signal!.aborted).toBe(false);
    await userEvent.click($('[part="task"][data-id="t2"]')!);
    await expect.poll(() => a1Now.signal!.aborted).toBe(true);
    // Leaving the page aborts the counts under way.
    const second = call('t1')!;
    expect(second.signal!.aborted).toBe(false);
    el.remove();
    expect(second.signal!.aborted).toBe(true);
    // The aborted counts answer anyway (a source that ignores its signal): nothing of theirs shows.
    holding = false;
    for (const c of calls) c.answer.resolve(bogus);
    document.body.append(el);
    await el.whenSettled();
    expect($('[role="alert"]')).toBeNull();
    expect(pct('[part="task"][data-id="t1"]')).toBe(t1Before);
    el.taskId = 't1';
    await el.whenSettled();
    expect(pct('[part="assignment"][data-id="a1"]')).toBe(a1Before);
    expect(calls.every((c) => c.signal!.aborted)).toBe(true);
  });

  it('put back on the page with fresh lists, the board asks nothing, keeps its rows and gives focus back to the control that had it', async () => {
    const base = jsonSource({ tasks: makeTasks(), assignments: makeAssignments(), items: makeItems() });
    const asked: string[] = [];
    const source: TaskBoardSource = {
      ...base,
      listTasks: (signal) => (asked.push('tasks'), base.listTasks(signal)),
      listAssignments: (t, signal) => (asked.push('assignments'), base.listAssignments(t, signal)),
      listItems: (q) => (asked.push('items'), base.listItems(q)),
    };
    const { $, el, rowIds } = await mount({ source, pageSize: 3 });
    await userEvent.click($('.pager .next')!);
    await el.whenSettled();
    expect(rowIds()).toEqual(['it3', 'it4', 'it5']);
    // Focus on a row's open button (a real click, so the page has focus as a user's would).
    const button = $<HTMLButtonElement>('tbody tr[data-id="it4"] button.open')!;
    await userEvent.click(button);
    expect(el.shadowRoot!.activeElement).toBe(button);
    const action = $<HTMLButtonElement>('tbody tr[data-id="it4"] [data-action="completed"]')!;
    asked.length = 0;
    // A host moves the board to another container, and later back.
    const other = document.createElement('div');
    document.body.append(other);
    const seen: string[][] = [];
    const watcher = new MutationObserver(() => seen.push(rowIds() as string[]));
    watcher.observe(el.shadowRoot!, { subtree: true, childList: true });
    other.append(el);
    await el.whenSettled();
    expect(el.shadowRoot!.activeElement).toBe(button);
    document.body.append(el);
    await el.whenSettled();
    watcher.disconnect();
    expect(asked).toEqual([]);
    expect(rowIds()).toEqual(['it3', 'it4', 'it5']);
    expect(seen.every((ids) => ids.join() === 'it3,it4,it5')).toBe(true);
    expect($('.loading')).toBeNull();
    expect(el.shadowRoot!.activeElement).toBe(button);
    expect(action.disabled).toBe(false);
  });

  it('put back on the page with stale lists, the board refreshes quietly: rows, page and focus stay, no loading state, then the fresh answers show', async () => {
    const tasks = makeTasks();
    const base = jsonSource({ tasks, assignments: makeAssignments(), items: makeItems() });
    const gate = deferred<void>();
    let hold = false;
    let taskLists = 0;
    const source: TaskBoardSource = {
      ...base,
      listTasks(signal) {
        taskLists++;
        return hold ? held(gate.promise, signal, () => base.listTasks()) : base.listTasks(signal);
      },
    };
    const { $, el, rowIds } = await mount({ source, pageSize: 3, freshFor: 0 });
    await userEvent.click($('.pager .next')!);
    await el.whenSettled();
    const button = $<HTMLButtonElement>('tbody tr[data-id="it4"] button.open')!;
    await userEvent.click(button);
    expect(el.shadowRoot!.activeElement).toBe(button);
    const action = $<HTMLButtonElement>('tbody tr[data-id="it4"] [data-action="completed"]')!;
    hold = true;
    tasks[0]!.name = 'Street scenes (renamed)';
    el.remove();
    const before = taskLists;
    document.body.append(el);
    await expect.poll(() => taskLists).toBe(before + 1);
    await el.updateComplete;
    // While the refresh is under way: same rows, usable, focused, no loading hint or busy lists.
    expect(rowIds()).toEqual(['it3', 'it4', 'it5']);
    expect(el.shadowRoot!.activeElement).toBe(button);
    expect(action.disabled).toBe(false);
    expect($('.loading')).toBeNull();
    expect($('[aria-busy="true"]')).toBeNull();
    gate.resolve();
    await el.whenSettled();
    expect($('[part="task"][data-id="t1"] .name')!.textContent).toBe('Street scenes (renamed)');
    expect(rowIds()).toEqual(['it3', 'it4', 'it5']);
    expect(el.shadowRoot!.activeElement).toBe(button);
    expect($('[role="alert"]')).toBeNull();
  });

  it('put back on the page with stale lists while only counts were under way, the lists are refreshed too (not only the counts resumed)', async () => {
    const tasks = makeTasks();
    const base = jsonSource({ tasks, assignments: makeAssignments(), items: makeItems() });
    let holding = false;
    let taskLists = 0;
    const counts: AbortSignal[] = [];
    const source: TaskBoardSource = {
      ...base,
      listTasks(signal) {
        taskLists++;
        return base.listTasks(signal);
      },
      statusCounts(task, assignment, signal) {
        if (!holding) return base.statusCounts!(task, assignment);
        counts.push(signal!);
        // Held until aborted: only the counts are under way when the board leaves the page.
        return new Promise((_, reject) =>
          signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), { once: true }),
        );
      },
    };
    const { $, el } = await mount({ source, freshFor: 0 });
    holding = true;
    await userEvent.click($('[part="task"][data-id="t2"]')!);
    // The lists have answered; the counts of t2's assignments are still under way.
    await expect.poll(() => counts.length).toBeGreaterThan(0);
    await expect.poll(() => el.shadowRoot!.querySelector('.loading')).toBeNull();
    holding = false;
    tasks[0]!.name = 'Street scenes (renamed)';
    const before = taskLists;
    el.remove();
    expect(counts.every((s) => s.aborted)).toBe(true);
    document.body.append(el);
    await expect.poll(() => taskLists).toBe(before + 1);
    await el.whenSettled();
    expect($('[part="task"][data-id="t1"] .name')!.textContent).toBe('Street scenes (renamed)');
    expect($('[role="alert"]')).toBeNull();
  });

  it('a quiet refresh cut short by leaving the page again resumes quietly: no loading state, the item page kept', async () => {
    const base = jsonSource({ tasks: makeTasks(), assignments: makeAssignments(), items: makeItems() });
    let gate = deferred<void>();
    let hold: string | null = null;
    const calls: Record<string, number> = {};
    /** Held (until `gate`, or rejected on abort) while `hold` names the list. */
    const watch = <T>(name: string, signal: AbortSignal | undefined, work: () => Promise<T>) => {
      calls[name] = (calls[name] ?? 0) + 1;
      return hold === name ? held(gate.promise, signal, work) : work();
    };
    const source: TaskBoardSource = {
      ...base,
      listTasks: (signal) => watch('tasks', signal, () => base.listTasks()),
      listAssignments: (t, signal) => watch('assignments', signal, () => base.listAssignments(t)),
      listItems: (q) => watch('items', q.signal, () => base.listItems(q)),
    };
    const { $, el, rowIds } = await mount({ source, pageSize: 3, freshFor: 0 });
    await userEvent.click($('.pager .next')!);
    await el.whenSettled();
    expect(rowIds()).toEqual(['it3', 'it4', 'it5']);
    const quietNow = () => {
      expect(rowIds()).toEqual(['it3', 'it4', 'it5']);
      expect($('.loading')).toBeNull();
      expect($('[aria-busy="true"]')).toBeNull();
    };
    for (const name of ['tasks', 'assignments', 'items']) {
      gate = deferred<void>();
      hold = name;
      // Away for longer than freshFor: back on the page the refresh is quiet; it is held at `name`.
      el.remove();
      let before = calls[name] ?? 0;
      document.body.append(el);
      await expect.poll(() => calls[name]).toBe(before + 1);
      await el.updateComplete;
      quietNow();
      // Away and back again before it answers: the cut refresh resumes, still quiet.
      el.remove();
      before = calls[name]!;
      document.body.append(el);
      await expect.poll(() => calls[name]).toBe(before + 1);
      await el.updateComplete;
      quietNow();
      hold = null;
      gate.resolve();
      await el.whenSettled();
      quietNow();
      expect($('[role="alert"]')).toBeNull();
    }
  });

  it('the re-reads after a status change get a signal, and picking another task aborts them (no error, their answers dropped)', async () => {
    const base = jsonSource({ tasks: makeTasks(), assignments: makeAssignments(), items: makeItems() });
    const signals: Record<string, AbortSignal | undefined> = {};
    const gate = deferred<void>();
    let holding = false;
    const reread = <T>(name: string, signal: AbortSignal | undefined, value: T) => {
      signals[name] = signal;
      return holding ? held(gate.promise, signal, async () => value) : Promise.resolve(value);
    };
    const source: TaskBoardSource = {
      ...base,
      getTask: (t, signal) => reread('task', signal, { ...t, name: 'Re-read' }),
      getAssignment: (a, signal) => reread('assignment', signal, a),
      getItem: (it, signal) => reread('item', signal, it),
    };
    const { $, el } = await mount({ source });
    holding = true;
    await userEvent.click($('[part="assignment"][data-id="a2"]')!);
    await el.whenSettled();
    await userEvent.click($('tbody tr[data-id="it1"] [data-action="needs-fix"]')!);
    await expect.poll(() => signals.item).toBeInstanceOf(AbortSignal);
    for (const name of ['task', 'assignment', 'item']) {
      expect(signals[name], name).toBeInstanceOf(AbortSignal);
      expect(signals[name]!.aborted, name).toBe(false);
    }
    await userEvent.click($('[part="task"][data-id="t2"]')!);
    await el.whenSettled();
    for (const name of ['task', 'assignment', 'item']) expect(signals[name]!.aborted, name).toBe(true);
    expect($('[role="alert"]')).toBeNull();
    gate.resolve();
    await el.whenSettled();
    // The aborted re-read never replaced the task's JSON.
    expect($('[part="task"][data-id="t1"]')!.textContent).not.toContain('Re-read');
  });

  it('the sent-back counts get a signal: a newer count aborts the one under way, whose answer is dropped', async () => {
    const base = jsonSource({ tasks: makeTasks(), assignments: makeAssignments(), items: makeItems() });
    const calls: { signal: AbortSignal | undefined; answer: ReturnType<typeof deferred<Record<string, number>>> }[] =
      [];
    const source: TaskBoardSource = {
      ...base,
      sentBackCounts(_tasks, signal) {
        const answer = deferred<Record<string, number>>();
        calls.push({ signal, answer });
        return held(Promise.resolve(), signal, () => answer.promise);
      },
    };
    const el = document.createElement('dl-task-board');
    Object.assign(el, { source });
    document.body.append(el);
    await expect.poll(() => calls.length).toBe(1);
    const chip = () => el.shadowRoot!.querySelector('[part="task"][data-id="t1"] [data-status="sent-back"]');
    void el.refresh();
    await expect.poll(() => calls.length).toBe(2);
    expect(calls[0]!.signal).toBeInstanceOf(AbortSignal);
    expect(calls[0]!.signal!.aborted).toBe(true);
    expect(calls[1]!.signal!.aborted).toBe(false);
    calls[0]!.answer.resolve({ t1: 5 });
    calls[1]!.answer.resolve({ t1: 2 });
    await el.whenSettled();
    expect(chip()?.getAttribute('data-sent-back')).toBe('2');
  });

  it('reading the same task again keeps its rows on screen but inert until the fresh answer: no selection, no status change', async () => {
    const base = jsonSource({ tasks: makeTasks(), assignments: makeAssignments(), items: makeItems() });
    let gate: ReturnType<typeof deferred<void>> | null = null;
    const sent: string[] = [];
    const source: TaskBoardSource = {
      ...base,
      async listAssignments(task, signal) {
        if (gate) await gate.promise;
        return base.listAssignments(task, signal);
      },
      async setItemStatus(c) {
        sent.push(`${c.task.id}:${c.item.id}:${c.status}`);
        return base.setItemStatus(c);
      },
    };
    const { $, $$, el, rowIds } = await mount({ source });
    const selects: unknown[] = [];
    el.addEventListener('dl-task-select', (e) => selects.push(e));
    const list = $('[part="assignments"] [role="listbox"]')!;
    const row = (id: string) => $(`[part="assignment"][data-id="${id}"]`)!;
    expect(list.getAttribute('aria-busy')).toBe('false');
    expect(row('a1').hasAttribute('aria-disabled')).toBe(false);
    gate = deferred<void>();
    const refreshed = el.refresh();
    await expect.poll(() => list.getAttribute('aria-busy')).toBe('true');
    // The rows stay (no flash of an empty list), but say they are not to be chosen, and are not.
    expect($$('[part="assignment"]').map((r) => r.dataset.id)).toEqual(['a1', 'a2']);
    expect(row('a1').getAttribute('aria-disabled')).toBe('true');
    // (A pointer user is stopped by aria-disabled already; a click still dispatched does nothing.)
    row('a2').click();
    list.focus();
    await userEvent.keyboard('{ArrowDown}');
    await el.updateComplete;
    expect(el.assignmentId).toBeNull();
    expect(selects).toHaveLength(0);
    // The item page stays too, its status buttons disabled (a change would act on a stale status).
    expect(rowIds()).toEqual(['it0', 'it1', 'it2', 'it3', 'it4', 'it5', 'it6']);
    expect($('[part="items"] table')!.getAttribute('aria-busy')).toBe('true');
    const fix = () => $<HTMLButtonElement>('tbody tr[data-id="it1"] [data-action="needs-fix"]')!;
    expect(fix().disabled).toBe(true);
    fix().click();
    expect(sent).toEqual([]);
    await page.screenshot({ element: el, path: '../../../test-results/screenshots/task-board-reloading.png' });
    gate.resolve();
    gate = null;
    await refreshed;
    await el.whenSettled();
    expect(list.getAttribute('aria-busy')).toBe('false');
    expect(row('a2').hasAttribute('aria-disabled')).toBe(false);
    expect(fix().disabled).toBe(false);
    await userEvent.click(row('a2'));
    await el.whenSettled();
    expect(el.assignmentId).toBe('a2');
    expect(selects).toHaveLength(1);
  });

  it("a status change under way disables the item's buttons in its task only, not in another task listing the same item", async () => {
    // it1 is listed in t1 (assignment a2) and in t2 (assignment a3).
    const items = makeItems();
    const refs = (items.find((it) => it.id === 'it1')!.metadata as { system: { refs: unknown[] } }).system.refs;
    refs.push({ type: 'task', id: 't2', metadata: {} }, { type: 'assignment', id: 'a3', metadata: {} });
    const base = jsonSource({ tasks: makeTasks(), assignments: makeAssignments(), items });
    const gate = deferred<void>();
    const source: TaskBoardSource = {
      ...base,
      async setItemStatus(c) {
        await gate.promise;
        return base.setItemStatus(c);
      },
    };
    const { $, el } = await mount({ source });
    const buttons = () => [...$(`tbody tr[data-id="it1"]`)!.querySelectorAll<HTMLButtonElement>('[part="action"]')];
    await userEvent.click($('tbody tr[data-id="it1"] [data-action="needs-fix"]')!);
    await expect.poll(() => buttons().every((b) => b.disabled)).toBe(true);
    await userEvent.click($('[part="task"][data-id="t2"]')!);
    await expect.poll(() => $('tbody tr[data-id="it1"]') !== null && !$('[part="items"] [data-loading]')).toBe(true);
    expect(el.taskId).toBe('t2');
    expect(buttons().length).toBeGreaterThan(0);
    expect(buttons().some((b) => b.disabled)).toBe(false);
    await userEvent.click($('[part="task"][data-id="t1"]')!);
    await expect.poll(() => $('tbody tr[data-id="it1"]') !== null && !$('[part="items"] [data-loading]')).toBe(true);
    expect(buttons().every((b) => b.disabled)).toBe(true);
    gate.resolve();
    await el.whenSettled();
    expect(buttons().some((b) => b.disabled)).toBe(false);
  });

  it("mount's event collectors hear their own board only and leave nothing on document", async () => {
    const first = await mount();
    first.el.remove();
    const second = await mount();
    await userEvent.click(second.$('tbody tr[data-id="it2"] .open')!);
    expect(second.opened).toHaveLength(1);
    expect(first.opened).toHaveLength(0);
  });

  it('a progress number in the JSON gives way to the counts the board adjusted after its own change', async () => {
    // Task JSON as a server sends it: totalItems/itemStatus plus a precomputed progress (2 of 7 -> 28).
    const tasks = makeTasks().map((t) =>
      t.id === 't1' ? { ...t, totalItems: 7, itemStatus: { completed: 1, discard: 1 }, progress: 28 } : t,
    );
    const { $, $$, el } = await mount({ tasks });
    const pct = () => $$('[part="task"]')[0]!.querySelector('[role="progressbar"]')!.getAttribute('aria-valuenow');
    expect(pct()).toBe('28');
    await userEvent.click($(`tbody tr[data-id="it1"]`)!.querySelector('[data-action="needs-fix"]')!);
    await el.whenSettled();
    expect(pct()).toBe('42'); // 3 of 7 with a status: floor(300/7)
    // A source that can re-read the task: its answer wins over the board's own arithmetic.
    const base = jsonSource({ tasks, assignments: makeAssignments(), items: makeItems() });
    const source = {
      ...base,
      getTask: async (t: any) => ({
        ...t,
        totalItems: 7,
        itemStatus: { completed: 1, discard: 1, 'needs-fix': 1 },
        progress: 43,
      }),
    };
    const { $: $2, $$: $$2, el: el2 } = await mount({ source });
    await userEvent.click($2(`tbody tr[data-id="it1"]`)!.querySelector('[data-action="needs-fix"]')!);
    await el2.whenSettled();
    expect($$2('[part="task"]')[0]!.querySelector('[role="progressbar"]')!.getAttribute('aria-valuenow')).toBe('43');
  });

  it('opens an item (button and double-click) with its JSON; filenames with HTML render as text', async () => {
    const { $, el, opened } = await mount();
    await userEvent.click($('tbody tr[data-id="it2"] .open')!);
    expect(opened[0]!.detail.item.id).toBe('it2');
    expect(opened[0]!.detail.item.unknownKey).toEqual({ kept: true });
    expect(opened[0]!.detail.task.id).toBe('t1');
    el.taskId = 't2';
    await el.whenSettled();
    const evil = $('tbody tr[data-id="evil"]')!;
    expect(evil.querySelector('img')).toBeNull();
    expect(evil.querySelector('.open')!.textContent).toBe('/<img src=x onerror="window.__pwned=1">.jpg');
    await userEvent.dblClick(evil.querySelector('td:nth-child(2)')!);
    expect(opened[1]!.detail.item.id).toBe('evil');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('fires nothing on programmatic sets', async () => {
    const { el, opened, changed } = await mount();
    el.taskId = 't2';
    el.statusFilter = 'approved';
    el.items = makeItems(3);
    await el.whenSettled();
    el.assignmentId = 'a1';
    await el.whenSettled();
    expect(opened.length + changed.length).toBe(0);
  });

  it('shows a source error and keeps working', async () => {
    const base = jsonSource({ tasks: makeTasks(), assignments: makeAssignments(), items: makeItems() });
    const { $, el, changed } = await mount({
      source: {
        ...base,
        setItemStatus: async () => {
          throw new Error('server said no');
        },
      },
    });
    await userEvent.click($('tbody tr[data-id="it1"] [data-action="completed"]')!);
    await el.whenSettled();
    expect($('[role="alert"]')!.textContent).toContain('server said no');
    expect(changed).toHaveLength(0);
    expect($('tbody tr[data-id="it1"] [part="status"]')!.textContent!.trim()).toBe('To do');
  });

  it('looks right in light and dark (screenshots)', async () => {
    await page.viewport(1200, 900);
    for (const theme of ['light', 'dark'] as const) {
      const { el } = await mount({ theme });
      el.style.width = '1150px';
      await el.whenSettled();
      await page.screenshot({ element: el, path: `../../../test-results/screenshots/task-board-${theme}.png` });
      el.remove();
    }
    // Narrow hosts stack the three columns (container query on the board's own width).
    const { el, $ } = await mount({ theme: 'light' });
    el.style.width = '520px';
    await el.whenSettled();
    const [tasks, items] = [$('[part="tasks"]')!, $('[part="items"]')!];
    expect(items.getBoundingClientRect().top).toBeGreaterThan(tasks.getBoundingClientRect().bottom);
    expect(Math.round(items.getBoundingClientRect().width)).toBe(Math.round(tasks.getBoundingClientRect().width));
    await page.screenshot({ element: el, path: '../../../test-results/screenshots/task-board-narrow.png' });
  });
});
