import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { themeStyles, type ThemeMode } from '../theme/theme.js';
import { msg } from '../strings.js';
import { StringsController } from '../strings-controller.js';
import {
  jsonSource,
  itemStatusIn,
  itemRefs,
  type AssignmentJson,
  type ItemJson,
  type ItemsPage,
  type TaskBoardSource,
  type TaskJson,
} from './task-board-source.js';
import { clientSource, isTaskBoardClient } from './client-source.js';
import { statsFromJson, progressPercent, adjustStats, type StatusStats } from './task-stats.js';
import {
  taskActions,
  statusName,
  statusColor,
  progressBar,
  statusChips,
  priorityBadge,
  dueDate,
  type TaskAction,
} from './task-board-views.js';
import {
  DlAssignmentReassignEvent,
  DlItemOpenEvent,
  DlItemStatusChangeEvent,
  DlTaskCreateEvent,
  DlTaskSelectEvent,
} from './task-board-events.js';
import { ManageController, type DatasetChoice, type TaskDraft } from './task-board-manage.js';
import { taskBoardStyles } from './task-board.styles.js';

const activeId = (prefix: string, index: number) => (index >= 0 ? `${prefix}-${index}` : nothing);

/** Status filter value meaning "items without a status". */
export const NO_STATUS = '__none__';

/**
 * Tasks, their assignments and the items of an assignment, with status actions.
 *
 * Data comes from `client` (a dl-kit client: tasks, assignments, paged items through its cache),
 * from a custom `source`, or from plain JSON (`tasks`, `assignments`, `items`; items belong to a
 * task or assignment through `metadata.system.refs`). The lists are listboxes (arrows, Home/End);
 * items are a table whose rows hold real buttons.
 *
 * @summary Task, assignment and item-status board for Dataloop tasks.
 * @fires dl-item-open - The user opened an item. `detail: { item, task, assignment }`.
 * @fires dl-item-status-change - An item's status was set or cleared and the source accepted it. `detail: { item, taskId, assignmentId, status, operation, previousStatus }`.
 * @fires dl-task-select - The user selected a task or an assignment. `detail: { task, assignment }`.
 * @fires dl-task-create - With `manage`: a task was created from the "New task" form. `detail: { task }`.
 * @fires dl-assignment-reassign - With `manage`: an assignment's items went to another annotator. `detail: { task, assignment, annotator }`.
 * @csspart base - The outer grid.
 * @csspart toolbar - The filter bar.
 * @csspart tasks - The task column.
 * @csspart task - One task card.
 * @csspart assignments - The assignment column.
 * @csspart assignment - One assignment row.
 * @csspart items - The item column.
 * @csspart table - The item table.
 * @csspart status - An item's status badge.
 * @csspart action - A status action button.
 * @csspart progress - A progress bar.
 * @csspart pager - The item pager.
 * @csspart new-task - The "New task" button (with `manage`).
 * @csspart create-form - The "New task" form.
 * @csspart reassign - The "Reassign" control under the assignments.
 * @cssprop --dl-task-board-column-min - Minimum width of a column (default 16rem).
 *
 * @example
 * <dl-task-board theme="auto"></dl-task-board>
 * <script type="module">
 *   const board = document.querySelector('dl-task-board');
 *   board.client = client;            // or: board.tasks = [...]; board.assignments = [...]; board.items = [...];
 *   board.addEventListener('dl-item-open', (e) => viewer.item = e.detail.item);
 * </script>
 */
export class DlTaskBoard extends LitElement {
  static override styles = [themeStyles, taskBoardStyles];

  /** A dl-kit client; when set (and no `source`), data and status changes go through it. */
  @property({ attribute: false }) client: unknown = null;
  /** With `client`: list the tasks of this project only. */
  @property({ attribute: 'project-id' }) projectId: string | null = null;
  /** A custom data adapter; wins over `client` and the JSON properties. */
  @property({ attribute: false }) source: TaskBoardSource | null = null;
  /** Task JSON for the plain-JSON mode. */
  @property({ attribute: false }) tasks: TaskJson[] | null = null;
  /** Assignment JSON for the plain-JSON mode. */
  @property({ attribute: false }) assignments: AssignmentJson[] | null = null;
  /** Item JSON for the plain-JSON mode. */
  @property({ attribute: false }) items: ItemJson[] | null = null;
  /** Items per page. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 25;
  /** Id of the selected task. */
  @property({ attribute: 'task-id' }) taskId: string | null = null;
  /** Id of the selected assignment (`null`: every item of the task). */
  @property({ attribute: 'assignment-id' }) assignmentId: string | null = null;
  /** Item status filter: a status, `__none__` for no status, `null` for any. */
  @property({ attribute: 'status-filter' }) statusFilter: string | null = null;
  /** Assignee (annotator email) filter, `null` for anyone. */
  @property({ attribute: 'assignee-filter' }) assigneeFilter: string | null = null;
  /** `light`, `dark` or `auto`; absent inherits. */
  @property({ reflect: true }) theme?: ThemeMode;
  /**
   * Manager tools: "New task" (when the source can `createTask`) and "Reassign" for the selected
   * assignment (when it can `reassign`). The backend still decides who may (the platform's roles).
   */
  @property({ type: Boolean, reflect: true }) manage = false;
  /** Emails the "New task" form and "Reassign" offer (the project's annotators). */
  @property({ attribute: false }) assignees: string[] = [];
  /** Datasets the "New task" form offers when there is no `draft`. */
  @property({ attribute: false }) datasets: DatasetChoice[] = [];
  /** A task to create from a dataset query or a selection: with `manage`, setting it opens the form. */
  @property({ attribute: false }) draft: TaskDraft | null = null;

  @state() private taskList: TaskJson[] = [];
  @state() private assignmentList: AssignmentJson[] = [];
  @state() private page: ItemsPage | null = null;
  @state() private pageIndex = 0;
  @state() private loading = { tasks: false, assignments: false, items: false };
  @state() private error = '';
  @state() private announcement = '';
  @state() private stats = new Map<string, StatusStats>();
  @state() private busyItems = new Set<string>();

  private src: TaskBoardSource = jsonSource({});
  /**
   * Tasks/assignments whose counts the board adjusted itself since their JSON arrived: their
   * progress is computed from those counts until fresh JSON replaces the stale `progress`.
   */
  @state() private adjusted = new Set<string>();
  /** Latest re-read per entity id after status changes, so an older answer never wins. */
  private rereads = new Map<string, number>();
  private rereadSeq = 0;
  private generation = { tasks: 0, assignments: 0, items: 0 };

  private readonly manager = new ManageController(this, {
    source: () => this.src,
    assignees: () => this.assignees,
    datasets: () => this.datasets,
    task: () => this.selectedTask,
    assignment: () => this.assignmentList.find((a) => a.id === this.assignmentId) ?? null,
    created: (task) => this.taskCreated(task),
    reassigned: (task, assignment, annotator) => this.assignmentReassigned(task, assignment, annotator),
    fail: (e) => (this.error = msg('common.error', { message: e instanceof Error ? e.message : String(e) })),
  });

  constructor() {
    super();
    new StringsController(this);
  }

  private async taskCreated(task: TaskJson): Promise<void> {
    this.announcement = msg('taskBoard.created', { name: typeof task.name === 'string' ? task.name : task.id });
    this.taskId = task.id;
    this.assignmentId = null;
    await this.loadTasks();
    this.dispatchEvent(new DlTaskCreateEvent({ task: structuredClone(task) }));
  }

  private async assignmentReassigned(task: TaskJson, assignment: AssignmentJson, annotator: string): Promise<void> {
    const from = typeof assignment.annotator === 'string' ? assignment.annotator : assignment.id;
    this.announcement = msg('taskBoard.reassigned', { from, to: annotator });
    this.assignmentId = null;
    await this.loadTasks();
    this.dispatchEvent(
      new DlAssignmentReassignEvent({
        task: structuredClone(task),
        assignment: structuredClone(assignment),
        annotator,
      }),
    );
  }

  /** Selection by the user: updates the board and tells the host. */
  private select(taskId: string | null, assignmentId: string | null): void {
    this.taskId = taskId;
    this.assignmentId = assignmentId;
    const task = this.taskList.find((t) => t.id === taskId);
    if (task)
      this.dispatchEvent(
        new DlTaskSelectEvent({
          task: structuredClone(task),
          assignment: structuredClone(this.assignmentList.find((a) => a.id === assignmentId) ?? null),
        }),
      );
  }

  /** The task currently selected. */
  get selectedTask(): TaskJson | null {
    return this.taskList.find((t) => t.id === this.taskId) ?? null;
  }

  /** The items shown (current page after filters). */
  get visibleItems(): readonly ItemJson[] {
    return this.page?.items ?? [];
  }

  /** Reloads everything from the source. Returns when tasks, assignments and items are loaded. */
  async refresh(): Promise<void> {
    await this.loadTasks();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('draft') && this.draft && this.manage) this.manager.start(this.draft);
    if (changed.has('assignees')) this.manager.assigneesChanged();
    const dataChanged = ['client', 'projectId', 'source', 'tasks', 'assignments', 'items'].some((k) =>
      changed.has(k as keyof DlTaskBoard),
    );
    if (dataChanged) {
      const project = this.projectId ? { projectId: this.projectId } : {};
      this.src =
        this.source ??
        (isTaskBoardClient(this.client)
          ? clientSource(this.client, project)
          : jsonSource({ tasks: this.tasks ?? [], assignments: this.assignments ?? [], items: this.items ?? [] }));
      this.stats = new Map();
      this.adjusted = new Set();
      void this.loadTasks();
    } else if (changed.has('taskId')) {
      void this.loadAssignments();
    } else if (
      changed.has('assignmentId') ||
      changed.has('statusFilter') ||
      changed.has('assigneeFilter') ||
      changed.has('pageSize')
    ) {
      this.pageIndex = 0;
      void this.loadItems();
    }
  }

  /**
   * Resolves once nothing is loading and no render is pending (tests and hosts that need the
   * board's data in place, e.g. before a screenshot).
   */
  async whenSettled(): Promise<void> {
    for (;;) {
      await this.updateComplete;
      await new Promise((r) => setTimeout(r, 0));
      if (this.inFlight === 0 && !this.isUpdatePending) return;
    }
  }

  private inFlight = 0;

  private async guarded<T>(kind: keyof DlTaskBoard['generation'], work: () => Promise<T>): Promise<T | undefined> {
    const gen = ++this.generation[kind];
    this.loading = { ...this.loading, [kind]: true };
    this.inFlight++;
    try {
      const result = await work();
      return gen === this.generation[kind] ? result : undefined;
    } catch (e) {
      if (gen === this.generation[kind])
        this.error = msg('common.error', { message: e instanceof Error ? e.message : String(e) });
      return undefined;
    } finally {
      this.inFlight--;
      if (gen === this.generation[kind]) this.loading = { ...this.loading, [kind]: false };
    }
  }

  private async loadTasks(): Promise<void> {
    this.error = '';
    const tasks = await this.guarded('tasks', () => this.src.listTasks());
    if (!tasks) return;
    this.taskList = tasks;
    for (const t of tasks) this.adjusted.delete(t.id);
    void this.loadStats(tasks.map((t) => ({ task: t })));
    const keep = tasks.some((t) => t.id === this.taskId);
    // A new selection reloads through willUpdate; an unchanged one needs an explicit reload.
    if (!keep && (tasks[0]?.id ?? null) !== this.taskId) this.taskId = tasks[0]?.id ?? null;
    else await this.loadAssignments();
  }

  private async loadAssignments(): Promise<void> {
    const task = this.selectedTask;
    if (!task) {
      this.assignmentList = [];
      this.page = null;
      return;
    }
    const list = await this.guarded('assignments', () => this.src.listAssignments(task));
    if (!list) return;
    this.assignmentList = list;
    for (const a of list) this.adjusted.delete(a.id);
    void this.loadStats(list.map((a) => ({ task, assignment: a })));
    this.pageIndex = 0;
    if (this.assignmentId && !list.some((a) => a.id === this.assignmentId)) this.assignmentId = null;
    else await this.loadItems();
  }

  private async loadItems(): Promise<void> {
    const task = this.selectedTask;
    if (!task) return;
    const chosen = this.assignmentId
      ? this.assignmentList.filter((a) => a.id === this.assignmentId)
      : this.filteredAssignments();
    const page = await this.guarded('items', () =>
      this.src.listItems({
        task,
        assignments: this.assignmentId || this.assigneeFilter ? chosen : undefined,
        ...(this.statusFilter !== null ? { status: this.statusFilter === NO_STATUS ? null : this.statusFilter } : {}),
        page: this.pageIndex,
        pageSize: this.pageSize,
      }),
    );
    if (page) this.page = page;
  }

  private async loadStats(targets: { task: TaskJson; assignment?: AssignmentJson }[]): Promise<void> {
    this.inFlight++;
    try {
      await this.loadStatsNow(targets);
    } finally {
      this.inFlight--;
    }
  }

  private async loadStatsNow(targets: { task: TaskJson; assignment?: AssignmentJson }[]): Promise<void> {
    const computed = new Map<string, StatusStats>();
    for (const { task, assignment } of targets) {
      const entity = assignment ?? task;
      const own = statsFromJson(entity);
      if (own) computed.set(entity.id, own);
      else if (this.src.statusCounts) {
        try {
          computed.set(entity.id, await this.src.statusCounts(task, assignment));
        } catch {
          // Counts are decoration: a failure leaves them out rather than failing the board.
        }
      }
    }
    this.stats = new Map([...this.stats, ...computed]);
  }

  /** The entity without its `progress` while the board's own count adjustments are newer. */
  private progressSource<E extends TaskJson | AssignmentJson>(e: E): E {
    if (!this.adjusted.has(e.id) || typeof e.progress !== 'number') return e;
    const { progress: _stale, ...rest } = e;
    return rest as E;
  }

  private filteredAssignments(): AssignmentJson[] {
    return this.assigneeFilter
      ? this.assignmentList.filter((a) => a.annotator === this.assigneeFilter)
      : this.assignmentList;
  }

  override render() {
    const task = this.selectedTask;
    const actions = taskActions(task);
    return html`<div part="base" class="board">
      ${this.renderToolbar(actions)}
      ${this.manage ? this.manager.renderForm() : nothing}
      <div class="columns">
        ${this.renderTasks()} ${this.renderAssignments(task)} ${this.renderItems(task, actions)}
      </div>
      ${this.error ? html`<div class="error" role="alert" part="error">${this.error}</div>` : nothing}
      <div class="dl-visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </div>`;
  }

  private renderToolbar(actions: TaskAction[]) {
    const annotators = [
      ...new Set(this.assignmentList.map((a) => a.annotator).filter((a): a is string => typeof a === 'string')),
    ];
    return html`<div class="toolbar" part="toolbar">
      <label>${msg('taskBoard.filterStatus')}
        <select class="status-filter" @change=${(e: Event) => (this.statusFilter = (e.target as HTMLSelectElement).value || null)}>
          <option value="" ?selected=${this.statusFilter === null}>${msg('taskBoard.anyStatus')}</option>
          <option value=${NO_STATUS} ?selected=${this.statusFilter === NO_STATUS}>${msg('taskBoard.noStatus')}</option>
          ${actions.map((a) => html`<option value=${a.action} ?selected=${this.statusFilter === a.action}>${a.displayName}</option>`)}
        </select>
      </label>
      <label>${msg('taskBoard.filterAssignee')}
        <select class="assignee-filter" @change=${this.onAssigneeChange}>
          <option value="" ?selected=${this.assigneeFilter === null}>${msg('taskBoard.anyAssignee')}</option>
          ${annotators.map((a) => html`<option value=${a} ?selected=${this.assigneeFilter === a}>${a}</option>`)}
        </select>
      </label>
      ${this.loading.tasks || this.loading.assignments || this.loading.items ? html`<span class="loading" aria-hidden="true">${msg('common.loading')}</span>` : nothing}
      ${this.manage ? html`<span class="grow"></span>${this.manager.renderButton()}` : nothing}
    </div>`;
  }

  private onAssigneeChange(e: Event): void {
    this.assigneeFilter = (e.target as HTMLSelectElement).value || null;
    const a = this.assignmentList.find((x) => x.id === this.assignmentId);
    if (a && this.assigneeFilter && a.annotator !== this.assigneeFilter) this.assignmentId = null;
  }

  private renderTasks() {
    return html`<section class="col" part="tasks" aria-labelledby="tasks-h">
      <h2 id="tasks-h">${msg('taskBoard.tasks')}</h2>
      ${this.taskList.length === 0 && !this.loading.tasks ? html`<p class="empty">${msg('taskBoard.noTasks')}</p>` : nothing}
      <ul role="listbox" class="list" aria-labelledby="tasks-h" tabindex="0"
        aria-activedescendant=${activeId(
          'task',
          this.taskList.findIndex((t) => t.id === this.taskId),
        )}
        @keydown=${(e: KeyboardEvent) =>
          this.listKeydown(
            e,
            this.taskList.map((t) => t.id),
            this.taskId,
            (id) => this.select(id, null),
          )}>
        ${this.taskList.map((t, i) => {
          const stats = this.stats.get(t.id) ?? null;
          const pct = progressPercent(this.progressSource(t), stats);
          const name = typeof t.name === 'string' ? t.name : t.id;
          return html`<li role="option" id="task-${i}" part="task" class="card" aria-selected=${String(t.id === this.taskId)} data-id=${t.id}
            @click=${() => this.select(t.id, null)}>
            <div class="card-head"><span class="name">${name}</span>${priorityBadge(t.priority)}</div>
            ${dueDate(t.dueDate, pct, this.lang || document.documentElement.lang || undefined)}
            ${progressBar(pct, msg('taskBoard.progress', { percent: pct ?? 0 }))}
            ${statusChips(stats, taskActions(t))}
          </li>`;
        })}
      </ul>
    </section>`;
  }

  private renderAssignments(task: TaskJson | null) {
    const list = this.filteredAssignments();
    const ids = [null, ...list.map((a) => a.id)];
    const actions = taskActions(task);
    return html`<section class="col" part="assignments" aria-labelledby="asg-h">
      <h2 id="asg-h">${msg('taskBoard.assignments')}</h2>
      ${
        !task
          ? html`<p class="empty">${msg('taskBoard.selectTask')}</p>`
          : html`
        <ul role="listbox" class="list" aria-labelledby="asg-h" tabindex="0"
          aria-activedescendant=${activeId('asg', ids.indexOf(this.assignmentId))}
          @keydown=${(e: KeyboardEvent) => this.listKeydown(e, ids, this.assignmentId, (id) => this.select(this.taskId, id))}>
          <li role="option" id="asg-0" class="row all" aria-selected=${String(this.assignmentId === null)} @click=${() => this.select(this.taskId, null)}>
            ${msg('taskBoard.allAssignments')}
          </li>
          ${list.map((a, i) => {
            const stats = this.stats.get(a.id) ?? null;
            const pct = progressPercent(this.progressSource(a), stats);
            return html`<li role="option" id="asg-${i + 1}" part="assignment" class="row" aria-selected=${String(a.id === this.assignmentId)} data-id=${a.id}
              @click=${() => this.select(this.taskId, a.id)}>
              <div class="card-head"><span class="name">${typeof a.annotator === 'string' ? a.annotator : a.id}</span></div>
              ${progressBar(pct, msg('taskBoard.progress', { percent: pct ?? 0 }))} ${statusChips(stats, actions)}
            </li>`;
          })}
        </ul>
        ${list.length === 0 && !this.loading.assignments ? html`<p class="empty">${msg('taskBoard.noAssignments')}</p>` : nothing}
        ${this.manage ? this.manager.renderReassign() : nothing}`
      }
    </section>`;
  }

  private renderItems(task: TaskJson | null, actions: TaskAction[]) {
    const items = this.visibleItems;
    const pages =
      this.page && this.page.totalItemsCount > 0
        ? Math.max(1, Math.ceil(this.page.totalItemsCount / this.pageSize))
        : 1;
    return html`<section class="col items" part="items" aria-labelledby="items-h">
      <h2 id="items-h">${msg('taskBoard.items')}</h2>
      ${
        task
          ? html`<table part="table" aria-labelledby="items-h">
        <thead><tr><th scope="col">${msg('taskBoard.filename')}</th><th scope="col">${msg('taskBoard.status')}</th><th scope="col">${msg('taskBoard.actions')}</th></tr></thead>
        <tbody>
          ${items.map((it) => this.renderItemRow(task, it, actions))}
        </tbody>
      </table>
      ${items.length === 0 && !this.loading.items ? html`<p class="empty">${msg('taskBoard.noItems')}</p>` : nothing}
      <nav class="pager" part="pager" aria-label=${msg('taskBoard.items')}>
        <button type="button" class="prev" ?disabled=${this.pageIndex === 0} @click=${() => this.goToPage(this.pageIndex - 1)}>${msg('common.previousPage')}</button>
        <span>${msg('common.page', { page: this.pageIndex + 1, pages })}</span>
        <button type="button" class="next" ?disabled=${!this.page?.hasNextPage} @click=${() => this.goToPage(this.pageIndex + 1)}>${msg('common.nextPage')}</button>
      </nav>`
          : nothing
      }
    </section>`;
  }

  private renderItemRow(task: TaskJson, it: ItemJson, actions: TaskAction[]) {
    const status = itemStatusIn(it, task.id);
    const name = typeof it.filename === 'string' ? it.filename : typeof it.name === 'string' ? it.name : it.id;
    const busy = this.busyItems.has(it.id);
    return html`<tr data-id=${it.id} @dblclick=${() => this.open(task, it)}>
      <td class="file"><button type="button" class="open" part="item-open" aria-label=${msg('taskBoard.openItem', { name })} @click=${() => this.open(task, it)}>${name}</button></td>
      <td><span class="status" part="status" data-status=${status ?? ''} style=${styleMap({ '--chip': statusColor(status, actions) })}>
        <span class="dot" aria-hidden="true"></span>${statusName(status, actions)}</span></td>
      <td class="actions">${actions.map((a) => {
        const on = status === a.action;
        return html`<button type="button" part="action" class="action" data-action=${a.action} aria-pressed=${String(on)} ?disabled=${busy}
          style=${styleMap({ '--chip': a.color, '--on-chip': a.onColor })}
          title=${on ? msg('taskBoard.clearStatus', { name, status: a.displayName }) : msg('taskBoard.setStatus', { name, status: a.displayName })}
          @click=${() => this.setStatus(task, it, a.action, on)}>${a.displayName}</button>`;
      })}</td>
    </tr>`;
  }

  /**
   * After a status change: reads the task, the assignment and the item again from the source
   * (where it can), so progress and counts are the backend's, not the ones the lists first gave.
   * Failures keep the board's own adjusted counts (decoration, not worth an alert).
   */
  private async reread(task: TaskJson, assignment: AssignmentJson | undefined, item: ItemJson): Promise<void> {
    const src = this.src;
    const seq = ++this.rereadSeq;
    const ids = [task.id, ...(assignment ? [assignment.id] : []), `item:${item.id}`];
    for (const id of ids) this.rereads.set(id, seq);
    const latest = (id: string) => this.rereads.get(id) === seq && src === this.src;
    this.inFlight++;
    try {
      const [t, a, it] = await Promise.all([
        src.getTask?.(task).catch(() => undefined),
        assignment ? src.getAssignment?.(assignment).catch(() => undefined) : undefined,
        src.getItem?.(item).catch(() => undefined),
      ]);
      const fresh: { task: TaskJson; assignment?: AssignmentJson }[] = [];
      if (t && t.id === task.id && latest(task.id)) {
        this.taskList = this.taskList.map((x) => (x.id === t.id ? t : x));
        fresh.push({ task: t });
      }
      if (a && assignment && a.id === assignment.id && latest(assignment.id)) {
        this.assignmentList = this.assignmentList.map((x) => (x.id === a.id ? a : x));
        fresh.push({ task: t ?? task, assignment: a });
      }
      if (it && it.id === item.id && latest(`item:${item.id}`) && this.page) {
        this.page = { ...this.page, items: this.page.items.map((x) => (x.id === it.id ? it : x)) };
      }
      if (fresh.length) {
        // Fresh JSON: its progress counts again (set with the new lists, so one render sees both).
        const adjusted = new Set(this.adjusted);
        for (const f of fresh) adjusted.delete((f.assignment ?? f.task).id);
        this.adjusted = adjusted;
        await this.loadStatsNow(fresh);
      }
    } finally {
      this.inFlight--;
    }
  }

  private goToPage(n: number): void {
    this.pageIndex = Math.max(0, n);
    void this.loadItems();
  }

  private listKeydown(
    e: KeyboardEvent,
    ids: (string | null)[],
    current: string | null,
    select: (id: string | null) => void,
  ): void {
    const i = ids.indexOf(current);
    let next = -1;
    if (e.key === 'ArrowDown') next = Math.min(ids.length - 1, i + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, i - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = ids.length - 1;
    else return;
    e.preventDefault();
    if (next >= 0 && next < ids.length) select(ids[next]!);
  }

  private open(task: TaskJson, item: ItemJson): void {
    const assignment = this.assignmentList.find((a) => a.id === this.assignmentId) ?? null;
    const row = this.visibleItems.findIndex((x) => x.id === item.id);
    // Positions in a page are positions in the list only when no filter hid rows of it.
    const listed = this.statusFilter === null && (this.assigneeFilter === null || this.assignmentId !== null);
    this.dispatchEvent(
      new DlItemOpenEvent({
        item: structuredClone(item),
        task: structuredClone(task),
        assignment: assignment && structuredClone(assignment),
        index: listed && row >= 0 ? this.pageIndex * this.pageSize + row : -1,
      }),
    );
  }

  private async setStatus(task: TaskJson, item: ItemJson, status: string, clear: boolean): Promise<void> {
    // The item's own assignment (from its refs) when none is selected, so both refs get the status.
    const refIds = new Set(itemRefs(item).map((r) => r.id));
    const assignment =
      this.assignmentList.find((a) => a.id === this.assignmentId) ?? this.assignmentList.find((a) => refIds.has(a.id));
    const previousStatus = itemStatusIn(item, task.id);
    this.busyItems = new Set([...this.busyItems, item.id]);
    this.error = '';
    this.inFlight++;
    try {
      const updated = await this.src.setItemStatus({
        task,
        item,
        status,
        clear,
        ...(assignment ? { assignment } : {}),
      });
      const nowStatus = itemStatusIn(updated, task.id);
      if (this.page) this.page = { ...this.page, items: this.page.items.map((x) => (x.id === item.id ? updated : x)) };
      const stats = new Map(this.stats);
      const adjusted = new Set(this.adjusted);
      for (const id of [task.id, ...(assignment ? [assignment.id] : [])]) {
        const s = stats.get(id);
        if (s) {
          stats.set(id, adjustStats(s, previousStatus, nowStatus));
          adjusted.add(id);
        }
      }
      this.stats = stats;
      this.adjusted = adjusted;
      void this.reread(task, assignment, updated);
      const name = typeof item.filename === 'string' ? item.filename : item.id;
      this.announcement = clear
        ? msg('taskBoard.statusCleared', { name })
        : msg('taskBoard.statusChanged', { name, status: statusName(status, taskActions(task)) });
      this.dispatchEvent(
        new DlItemStatusChangeEvent({
          item: structuredClone(updated),
          taskId: task.id,
          assignmentId: assignment?.id ?? null,
          status,
          operation: clear ? 'delete' : 'create',
          previousStatus,
        }),
      );
    } catch (e) {
      this.error = msg('common.error', { message: e instanceof Error ? e.message : String(e) });
    } finally {
      this.inFlight--;
      const busy = new Set(this.busyItems);
      busy.delete(item.id);
      this.busyItems = busy;
    }
  }
}
