// <dl-task-board> with a real dl-kit client against the real local server (started by the browser
// project's globalSetup, test/setup/server.global.ts): tasks, assignments, paged items through the
// client's PagedEntities, and a status change that the server records.
import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import { inject } from 'vitest';
import { userEvent } from 'vitest/browser';
import './define.js';
import type { DlItemStatusChangeEvent } from './task-board-events.js';
import { clientSource, isTaskBoardClient } from './client-source.js';
import { itemStatusIn } from './task-board-source.js';
import { createClient, type DlClient } from '../../api/client.js';
import { PagedEntities } from '../../api/paged-entities.js';
import { httpControl } from '../../../test/api/control.js';
// Brings in the ProvidedContext typing of inject('dlApi').
import type {} from '../../../test/setup/server.global.js';

let client: DlClient;
let projectId: string;
let task: { id: string; datasetId: string };
let itemIds: string[];
const ANNOTATORS = ['annotator1@dlkit.test', 'annotator2@dlkit.test'];
/** An entity's JSON (bound entities have toJson). */
const jsonOf = (x: any) => (typeof x?.toJson === 'function' ? x.toJson() : x);

beforeAll(async () => {
  const env = inject('dlApi');
  projectId = env.projectId;
  const control = httpControl(env.controlUrl);
  const ds = await control.dataset(`task-board-${Date.now()}`);
  itemIds = await control.seed(ds, 5, 'board');
  client = createClient({
    baseUrl: env.url,
    token: env.tokens.owner,
    cache: { dbName: `task-board-${Math.random()}` },
    retry: 0,
  });
  const created = await client.tasks.create({
    name: `Board task ${Date.now()}`,
    datasetId: ds,
    projectId,
    itemIds,
    assignees: ANNOTATORS,
    priority: 3,
    availableActions: [
      { action: 'completed', displayName: 'Done', color: '#2e7d32' },
      { action: 'needs-fix', displayName: 'Needs fix', color: '#ef6c00' },
    ],
  });
  task = { id: created.id, datasetId: ds };
});

afterEach(() => {
  document.body.innerHTML = '';
});

async function mount(pageSize = 25) {
  const el = document.createElement('dl-task-board');
  Object.assign(el, { client, projectId, taskId: task.id, pageSize });
  const changed: DlItemStatusChangeEvent[] = [];
  el.addEventListener('dl-item-status-change', (e) => changed.push(e));
  document.body.append(el);
  await el.whenSettled();
  const $$ = (sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
  return { el, changed, $$, rowIds: () => $$('tbody tr').map((r) => r.dataset.id) };
}

describe('<dl-task-board> with a real client and server', () => {
  it('the client fits the adapter', () => {
    expect(isTaskBoardClient(client)).toBe(true);
    expect(() => clientSource({} as never)).toThrow(/lacks/);
  });

  it('lists the task with the server counts, its two assignments and its items', async () => {
    const { el, $$, rowIds } = await mount();
    expect(el.selectedTask?.id).toBe(task.id);
    const card = $$(`[part="task"][data-id="${task.id}"]`)[0]!;
    expect(card.querySelector('.priority')!.textContent!.trim()).toBe('High');
    expect(card.querySelector('.chips')!.textContent).toContain('5 items');
    expect(
      $$('[part="assignment"] .name')
        .map((n) => n.textContent)
        .sort(),
    ).toEqual(ANNOTATORS);
    expect(rowIds().sort()).toEqual([...itemIds].sort());
    // Workload 50/50 over 5 items: one annotator has 3, the other 2; their items add up to the task's.
    const counts: number[] = [];
    for (const row of $$('[part="assignment"]')) {
      await userEvent.click(row);
      await el.whenSettled();
      counts.push(rowIds().length);
    }
    expect(counts.sort()).toEqual([2, 3]);
  });

  it('pages items through PagedEntities, one item query and one open-issue query per page', async () => {
    // This board's client goes through the counting proxy; the cache is off so every page is a request:
    // the page's items, then one annotation query for their open issues (not one per item).
    const env = inject('dlApi');
    const control = httpControl(env.controlUrl);
    const counted = createClient({ baseUrl: env.proxyUrl, token: env.tokens.owner, cache: false, retry: 0 });
    const queries = () => control.count(`/datasets/${task.datasetId}/query`, 'POST');
    const before = await queries();
    const el = document.createElement('dl-task-board');
    Object.assign(el, { client: counted, projectId, taskId: task.id, pageSize: 2 });
    document.body.append(el);
    await el.whenSettled();
    const $$ = (sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
    const rowIds = () => $$('tbody tr').map((r) => r.dataset.id);
    const seen = [...rowIds()];
    expect(seen).toHaveLength(2);
    await userEvent.click($$('.pager .next')[0]!);
    await el.whenSettled();
    seen.push(...rowIds());
    await userEvent.click($$('.pager .next')[0]!);
    await el.whenSettled();
    seen.push(...rowIds());
    expect(($$('.pager .next')[0]! as HTMLButtonElement).disabled).toBe(true);
    expect(seen.sort()).toEqual([...itemIds].sort());
    // ... and one item query for the whole board's sent-back counts (every card), not one per card.
    expect(await queries()).toBe(before + 3 * 2 + 1);
  });

  it('sets a status through the client; the server records it and the counts follow', async () => {
    const { el, changed, $$ } = await mount();
    const id = itemIds[0]!;
    await userEvent.click(el.shadowRoot!.querySelector(`tbody tr[data-id="${id}"] [data-action="needs-fix"]`)!);
    await el.whenSettled();
    expect(changed).toHaveLength(1);
    expect(changed[0]!.detail.item.id).toBe(id);
    expect(changed[0]!.detail.operation).toBe('create');
    // The server's view, read back independently of the board.
    const fresh = await createClient({
      baseUrl: inject('dlApi').url,
      token: inject('dlApi').tokens.owner,
      cache: false,
    }).items.get(id);
    const json = typeof fresh.toJson === 'function' ? fresh.toJson() : fresh;
    expect(itemStatusIn(json, task.id)).toBe('needs-fix');
    const serverTask = await createClient({
      baseUrl: inject('dlApi').url,
      token: inject('dlApi').tokens.owner,
      cache: false,
    }).tasks.get(task.id);
    expect((typeof serverTask.toJson === 'function' ? serverTask.toJson() : serverTask).itemStatus['needs-fix']).toBe(
      1,
    );
    expect($$(`[part="task"][data-id="${task.id}"] .chips`)[0]!.textContent).toMatch(/Needs fix\s*1/);
    // Clear it again with the keyboard: the server drops it.
    el.shadowRoot!.querySelector<HTMLButtonElement>(`tbody tr[data-id="${id}"] [data-action="needs-fix"]`)!.focus();
    await userEvent.keyboard('{Enter}');
    await el.whenSettled();
    expect(el.shadowRoot!.querySelector('[role="alert"]')?.textContent ?? '').toBe('');
    expect(changed[1]!.detail.operation).toBe('delete');
    const after = await createClient({
      baseUrl: inject('dlApi').url,
      token: inject('dlApi').tokens.owner,
      cache: false,
    }).items.get(id);
    expect(itemStatusIn(typeof after.toJson === 'function' ? after.toJson() : after, task.id)).toBeNull();
  });

  it("after its own status change the task and assignment progress and the item row are the server's", async () => {
    const { el, $$ } = await mount();
    const owner = () =>
      createClient({ baseUrl: inject('dlApi').url, token: inject('dlApi').tokens.owner, cache: false });
    const shown = (sel: string) =>
      Number($$(sel)[0]!.querySelector('[role="progressbar"]')!.getAttribute('aria-valuenow'));
    const taskSel = `[part="task"][data-id="${task.id}"]`;
    const before = jsonOf(await owner().tasks.get(task.id));
    expect(shown(taskSel)).toBe(before.progress);
    // An item without a status in this task, and the assignment that holds it.
    const id = itemIds.find((i) => itemStatusIn(jsonOf(el.visibleItems.find((x) => x.id === i)), task.id) === null)!;
    const asgId = (el.visibleItems.find((x) => x.id === id)!.metadata as any).system.refs.find(
      (r: any) => r.type === 'assignment',
    ).id as string;
    const asgSel = `[part="assignment"][data-id="${asgId}"]`;
    const asgBefore = jsonOf(await owner().assignments.get(asgId));
    expect(shown(asgSel)).toBe(asgBefore.progress);

    await userEvent.click(el.shadowRoot!.querySelector(`tbody tr[data-id="${id}"] [data-action="completed"]`)!);
    await el.whenSettled();
    const after = jsonOf(await owner().tasks.get(task.id));
    const asgAfter = jsonOf(await owner().assignments.get(asgId));
    // The server's own numbers moved (one more item of 5 with a status) ...
    expect(after.totalItems).toBe(5);
    expect(after.itemStatus.completed).toBe((before.itemStatus.completed ?? 0) + 1);
    expect(after.progress).not.toBe(before.progress);
    // ... and the board shows them, not the progress it was first given.
    expect(shown(taskSel)).toBe(after.progress);
    expect(shown(asgSel)).toBe(asgAfter.progress);
    // The row is the server's item: its status badge and the board's item JSON agree with it.
    const serverItem = jsonOf(await owner().items.get(id));
    expect(el.visibleItems.find((x) => x.id === id)).toEqual(serverItem);
    expect(el.shadowRoot!.querySelector(`tbody tr[data-id="${id}"] [part="status"]`)!.getAttribute('data-status')).toBe(
      'completed',
    );

    // Clear it: back to the server's earlier numbers.
    await userEvent.click(el.shadowRoot!.querySelector(`tbody tr[data-id="${id}"] [data-action="completed"]`)!);
    await el.whenSettled();
    expect(shown(taskSel)).toBe(jsonOf(await owner().tasks.get(task.id)).progress);
    expect(shown(taskSel)).toBe(before.progress);
    expect(shown(asgSel)).toBe(asgBefore.progress);
  });

  it('shows open issues as the annotator and reviewer see them: a sent-back item reads "Open issue"', async () => {
    // A reviewer's note pinned to a box (one issue, both in status "issue") on an item without status,
    // and a box marked "issue" without a note on another: one issue each; a third item has none.
    const [sentBack, marked, clean] = [itemIds[3]!, itemIds[4]!, itemIds[2]!];
    const boxAt = (x: number, system: Record<string, unknown> = {}) => ({
      type: 'box',
      label: 'car',
      coordinates: [
        { x, y: 10 },
        { x: x + 20, y: 30 },
      ],
      metadata: { system },
    });
    const made: string[] = [];
    const [box] = await client.dataset(task.datasetId).annotations.create([boxAt(10, { status: 'issue' })], {
      itemId: sentBack,
    });
    const boxId = (jsonOf(box) as { id: string }).id;
    const [note, lone] = await Promise.all([
      client.dataset(task.datasetId).annotations.create(
        [
          {
            type: 'note',
            label: 'note',
            coordinates: {
              box: [
                { x: 10, y: 10, z: 0 },
                { x: 30, y: 30, z: 0 },
              ],
              note: { messages: [], status: 'open', createTime: Date.now(), creator: 'owner', assignee: ANNOTATORS[0] },
            },
            metadata: { system: { status: 'issue', parentId: boxId } },
          },
        ],
        { itemId: sentBack },
      ),
      client.dataset(task.datasetId).annotations.create([boxAt(40, { status: 'issue' })], { itemId: marked }),
    ]);
    made.push(boxId, ...[...note, ...lone].map((a) => (jsonOf(a) as { id: string }).id));
    try {
      const { el } = await mount();
      const row = (id: string) => el.shadowRoot!.querySelector<HTMLElement>(`tbody tr[data-id="${id}"]`)!;
      const status = (id: string) => row(id).querySelector<HTMLElement>('[part="status"]')!;
      expect(row(sentBack).dataset.openIssues).toBe('1');
      expect(status(sentBack).dataset.status).toBe('issue');
      expect(status(sentBack).textContent!.trim()).toBe('Open issue');
      expect(row(marked).dataset.openIssues).toBe('1');
      expect(row(clean).dataset.openIssues).toBe('0');
      expect(status(clean).textContent!.trim()).not.toBe('Open issue');
      expect(row(clean).querySelector('[part="issues"]')).toBeNull();
    } finally {
      for (const id of made) await client.annotations.delete(id);
    }
  });

  it('"To do" is new work only: sent-back and open-issue items have their own filter; cards count open issues and items sent back, one query for the whole board', async () => {
    const env = inject('dlApi');
    const control = httpControl(env.controlUrl);
    const datasetId = task.datasetId;
    const [back, issued] = [itemIds[1]!, itemIds[3]!];
    // One item completed (by the manager) and sent back by another reviewer (the owner) ...
    const manager = createClient({ baseUrl: env.url, token: env.tokens.manager, cache: false, retry: 0 });
    await manager.tasks.setItemsStatus(task.id, [back], 'completed', { datasetId });
    await client.tasks.setItemsStatus(task.id, [back], 'completed', { clear: true, datasetId });
    // ... and one with an open issue (a shape in status "issue").
    const [shape] = await client.dataset(datasetId).annotations.create(
      [
        {
          type: 'box',
          label: 'car',
          coordinates: [
            { x: 5, y: 5 },
            { x: 25, y: 25 },
          ],
          metadata: { system: { status: 'issue' } },
        },
      ],
      { itemId: issued },
    );
    const shapeId = (jsonOf(shape) as { id: string }).id;
    try {
      const counted = createClient({ baseUrl: env.proxyUrl, token: env.tokens.owner, cache: false, retry: 0 });
      const queries = () => control.count(`/datasets/${datasetId}/query`, 'POST');
      const before = await queries();
      const el = document.createElement('dl-task-board');
      Object.assign(el, { client: counted, projectId, taskId: task.id });
      document.body.append(el);
      await el.whenSettled();
      const $$ = (sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
      const rowIds = () => $$('tbody tr').map((r) => r.dataset.id);
      const status = (id: string) => $$(`tbody tr[data-id="${id}"] [part="status"]`)[0]!;
      expect(status(back).textContent!.trim()).toBe('Sent back');
      expect(status(issued).textContent!.trim()).toBe('Open issue');
      // The assignment holding the item with the issue says so (the server's `issues`); the other does not.
      const owner = (id: string) =>
        ((el.visibleItems.find((x) => x.id === id)!.metadata as any).system.refs as any[]).find(
          (r) => r.type === 'assignment',
        ).id as string;
      const chip = (asg: string) => $$(`[part="assignment"][data-id="${asg}"] [data-status="issue"]`)[0];
      expect(chip(owner(issued))!.textContent!.trim()).toBe('1 with an open issue');
      for (const a of $$('[part="assignment"]').map((r) => r.dataset.id!))
        if (a !== owner(issued)) expect(chip(a)).toBeUndefined();
      expect($$(`[part="task"][data-id="${task.id}"] [data-status="issue"]`)[0]!.textContent!.trim()).toBe(
        '1 with an open issue',
      );
      // The item sent back is counted on the task's card and on its assignment's, from the one
      // sent-back query of the board; the item with an issue but never cleared is not "sent back".
      const backChip = (sel: string) => $$(`${sel} [data-status="sent-back"]`)[0];
      expect(backChip(`[part="task"][data-id="${task.id}"]`)!.textContent!.trim()).toBe('1 sent back');
      expect(backChip(`[part="assignment"][data-id="${owner(back)}"]`)!.textContent!.trim()).toBe('1 sent back');
      for (const a of $$('[part="assignment"]').map((r) => r.dataset.id!))
        if (a !== owner(back)) expect(backChip(`[part="assignment"][data-id="${a}"]`)).toBeUndefined();

      const filter = $$('.status-filter')[0] as HTMLSelectElement;
      await userEvent.selectOptions(filter, '__none__');
      await el.whenSettled();
      expect(rowIds().sort()).toEqual(itemIds.filter((i) => i !== back && i !== issued).sort());
      await userEvent.selectOptions(filter, '__sent_back__');
      await el.whenSettled();
      expect(rowIds().sort()).toEqual([back, issued].sort());
      // Three loads of one page: each is one item query and one open-issue query, the counts included;
      // the cards' sent-back counts are one query for the board (the filters do not repeat it).
      expect(await queries()).toBe(before + 3 * 2 + 1);
    } finally {
      await client.annotations.delete(shapeId);
    }
  });

  it('a status the server rejects surfaces its message in an alert, and no event fires', async () => {
    // The real client source, but the task list claims one more action than the server task has.
    const real = clientSource(client as never, { projectId });
    const source = {
      ...real,
      listTasks: async () =>
        (await real.listTasks()).map((t) =>
          t.id === task.id
            ? {
                ...t,
                availableActions: [
                  ...(t.availableActions as object[]),
                  { action: 'bogus', displayName: 'Bogus', color: '#888888' },
                ],
              }
            : t,
        ),
    };
    const el = document.createElement('dl-task-board');
    Object.assign(el, { source, taskId: task.id });
    const changed: Event[] = [];
    el.addEventListener('dl-item-status-change', (e) => changed.push(e));
    document.body.append(el);
    await el.whenSettled();
    await userEvent.click(el.shadowRoot!.querySelector(`tbody tr[data-id="${itemIds[1]}"] [data-action="bogus"]`)!);
    await el.whenSettled();
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).toMatch(/status: expected one of completed/);
    expect(changed).toHaveLength(0);
  });
});

describe('clientSource and abort signals (a fake client over a real PagedEntities)', () => {
  it("each item page is fetched with its own query's signal, also on the pages it reuses after an earlier page was aborted", async () => {
    // What the fake backend saw: page offset and the signal of each query fetch.
    const fetched: { page: number; signal: AbortSignal | undefined }[] = [];
    let created = 0;
    const fake = {
      tasks: {
        list: async () => [],
        setItemsStatus: async () => ({}),
        async getItems(
          _t: unknown,
          filters: Record<string, unknown> | undefined,
          o: { pageSize?: number; signal?: AbortSignal } = {},
        ) {
          created++;
          const pages = new PagedEntities<{ id: string }, { id: string }>({
            query: { body: { ...filters, resource: 'items' }, custom: true, resource: 'items' },
            fetchPage: async (body, signal) => {
              fetched.push({ page: Number(body.page), signal });
              return { items: [{ id: `p${body.page}` }], hasNextPage: true, totalItemsCount: 6 } as never;
            },
            build: (j) => j,
            pageSize: o.pageSize,
            signal: o.signal,
          });
          await pages.getPage();
          return pages;
        },
      },
      assignments: { list: async () => [] },
    };
    const source = clientSource(fake as never);
    const task = { id: 't', datasetId: 'ds' };
    const first = new AbortController();
    await source.listItems({ task, page: 0, pageSize: 2, signal: first.signal });
    // The board leaves page 0 (its request is aborted) and asks for page 1 with a new signal.
    first.abort();
    const second = new AbortController();
    const p1 = await source.listItems({ task, page: 1, pageSize: 2, signal: second.signal });
    expect(p1.items.map((i) => i.id)).toEqual(['p1']);
    expect(created).toBe(1); // the pages were reused
    expect(fetched.map((f) => f.page)).toEqual([0, 1]);
    expect(fetched[0]!.signal).toBe(first.signal);
    expect(fetched[1]!.signal).toBe(second.signal);
    // A caller without a signal does not reuse pages tied to an aborted one: fresh pages.
    await source.listItems({ task, page: 0, pageSize: 2 });
    expect(created).toBe(2);
    expect(fetched.at(-1)!.signal).toBeUndefined();
  });
});
