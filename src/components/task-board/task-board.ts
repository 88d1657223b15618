import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { themeStyles, type ThemeMode } from '../theme/theme.js';
import { msg } from '../strings.js';
import { StringsController } from '../strings-controller.js';
import {
  jsonSource,
  type AssignmentJson,
  type ItemJson,
  type TaskBoardSource,
  type TaskJson,
} from './task-board-source.js';
import { clientSource, isTaskBoardClient } from './client-source.js';
import { taskActions, statusName } from './task-board-views.js';
import {
  DlAssignmentReassignEvent,
  DlItemOpenEvent,
  DlItemStatusChangeEvent,
  DlTaskCreateEvent,
  DlTaskSelectEvent,
} from './task-board-events.js';
import { ManageController, type DatasetChoice, type TaskDraft } from './task-board-manage.js';
import { TASK_BOARD_FRESH_FOR_MS, TaskBoardLoader } from './task-board-loader.js';
import { assignmentListTemplate, itemTableTemplate, taskListTemplate, toolbarTemplate } from './task-board-lists.js';
import { taskBoardStyles } from './task-board.styles.js';

export { NO_STATUS, SENT_BACK } from './task-board-loader.js';

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
 * @csspart issues - An item's open-issue count (next to a status; an item without one reads as sent back).
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
  /**
   * Item status filter: a status; `__none__` (`NO_STATUS`) for new work (no status, not sent back,
   * no open issue); `__sent_back__` (`SENT_BACK`) for items sent back or with open issues; `null` for any.
   */
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
  /**
   * How long (ms) loaded lists count as fresh when the board is put back on the page (a host moved
   * it to another container or tab): within it the board keeps what it shows and asks nothing;
   * later it refreshes quietly (no blanking, no loading state). A load the removal aborted is
   * resumed either way. Default 60 000.
   */
  @property({ type: Number, attribute: 'fresh-for' }) freshFor = TASK_BOARD_FRESH_FOR_MS;

  @state() private announcement = '';

  /** Tasks, assignments, items and counts from the source (loads, guards, re-reads). */
  private readonly data = new TaskBoardLoader(this, {
    query: () => this,
    selectTask: (id) => (this.taskId = id),
    selectAssignment: (id) => (this.assignmentId = id),
  });

  private readonly manager = new ManageController(this, {
    source: () => this.data.source,
    assignees: () => this.assignees,
    datasets: () => this.datasets,
    task: () => this.selectedTask,
    assignment: () => this.data.selectedAssignment,
    assignmentsLoading: () => this.data.assignmentsLoading,
    created: (task) => this.taskCreated(task),
    reassigned: (task, assignment, annotator) => this.assignmentReassigned(task, assignment, annotator),
    fail: (e) => this.data.fail(e),
  });

  /** The element in the board that had focus, kept when the board leaves the page (see `connectedCallback`). */
  private focusKept: HTMLElement | null = null;

  constructor() {
    super();
    new StringsController(this);
  }

  /**
   * Tracks the focused control on the shadow root itself: a move between two of the board's own
   * controls is not dispatched to the host (both ends retarget to it).
   */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    root.addEventListener('focusin', (e) => {
      const target = e.composedPath()[0];
      this.focusKept = target instanceof HTMLElement ? target : null;
    });
    root.addEventListener('focusout', (e) => {
      const to = (e as FocusEvent).relatedTarget;
      if (to instanceof Node && root.contains(to)) return;
      // Focus left for somewhere else (not the board's removal, after which it is not connected).
      queueMicrotask(() => {
        if (this.isConnected && !this.shadowRoot?.activeElement) this.focusKept = null;
      });
    });
    return root;
  }

  /**
   * Put back on the page: the loader resumes or refreshes (see `freshFor`), and the control that
   * had focus when the board was removed gets it back (unless something else took focus meanwhile).
   */
  override connectedCallback(): void {
    super.connectedCallback();
    const kept = this.focusKept;
    const free = !document.activeElement || document.activeElement === document.body;
    if (kept && free && kept.isConnected && this.shadowRoot?.contains(kept)) kept.focus({ preventScroll: true });
  }

  private async taskCreated(task: TaskJson): Promise<void> {
    this.announcement = msg('taskBoard.created', { name: typeof task.name === 'string' ? task.name : task.id });
    this.taskId = task.id;
    this.assignmentId = null;
    await this.data.loadTasks();
    this.dispatchEvent(new DlTaskCreateEvent({ task: structuredClone(task) }));
  }

  private async assignmentReassigned(task: TaskJson, assignment: AssignmentJson, annotator: string): Promise<void> {
    const from = typeof assignment.annotator === 'string' ? assignment.annotator : assignment.id;
    this.announcement = msg('taskBoard.reassigned', { from, to: annotator });
    this.assignmentId = null;
    await this.data.loadTasks();
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
    // Only an assignment of the selected task: a click can never pick one of another task.
    const assignment = assignmentId === null ? null : this.data.assignments.find((a) => a.id === assignmentId);
    if (assignment === undefined) return;
    this.taskId = taskId;
    this.assignmentId = assignmentId;
    const task = this.data.state.tasks.find((t) => t.id === taskId);
    if (task)
      this.dispatchEvent(
        new DlTaskSelectEvent({
          task: structuredClone(task),
          assignment: structuredClone(assignment),
        }),
      );
  }

  /**
   * An assignment row (or "All assignments") chosen by the user. Ignored while the task's
   * assignments are being read again: the rows shown are the previous answer, which the new one
   * may drop or change (they are inert meanwhile, as the rows of a task left behind are gone).
   */
  private selectAssignment(id: string | null): void {
    if (this.data.assignmentsLoading) return;
    this.select(this.taskId, id);
  }

  /** The task currently selected. */
  get selectedTask(): TaskJson | null {
    return this.data.selectedTask;
  }

  /** The items shown (current page after filters); none while the selection's page is loading. */
  get visibleItems(): readonly ItemJson[] {
    return this.data.page?.items ?? [];
  }

  /** Reloads everything from the source. Returns when tasks, assignments and items are loaded. */
  async refresh(): Promise<void> {
    await this.data.loadTasks();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.data.freshFor = this.freshFor;
    if (changed.has('draft') && this.draft && this.manage) this.manager.start(this.draft);
    if (changed.has('assignees')) this.manager.assigneesChanged();
    const dataChanged = ['client', 'projectId', 'source', 'tasks', 'assignments', 'items'].some((k) =>
      changed.has(k as keyof DlTaskBoard),
    );
    if (dataChanged) {
      this.data.use(this.currentSource());
    } else if (changed.has('taskId')) {
      void this.data.loadAssignments();
    } else if (
      changed.has('assignmentId') ||
      changed.has('statusFilter') ||
      changed.has('assigneeFilter') ||
      changed.has('pageSize')
    ) {
      this.data.reloadItems();
    }
  }

  /** The source the properties name: `source`, else one over `client`, else one over the JSON. */
  private currentSource(): TaskBoardSource {
    const project = this.projectId ? { projectId: this.projectId } : {};
    return (
      this.source ??
      (isTaskBoardClient(this.client)
        ? clientSource(this.client, project)
        : jsonSource({ tasks: this.tasks ?? [], assignments: this.assignments ?? [], items: this.items ?? [] }))
    );
  }

  /**
   * Resolves once nothing is loading and no render is pending (tests and hosts that need the
   * board's data in place, e.g. before a screenshot).
   */
  async whenSettled(): Promise<void> {
    for (;;) {
      await this.updateComplete;
      await new Promise((r) => setTimeout(r, 0));
      if (!this.data.pending && !this.isUpdatePending) return;
    }
  }

  override render() {
    const task = this.selectedTask;
    const actions = taskActions(task);
    const s = this.data.state;
    const progress = {
      stats: s.stats,
      sentBack: s.sentBack,
      progressSource: <E extends TaskJson | AssignmentJson>(e: E) => this.data.progressSource(e),
    };
    return html`<div part="base" class="board">
      ${toolbarTemplate({
        actions,
        assignments: this.data.assignments,
        statusFilter: this.statusFilter,
        assigneeFilter: this.assigneeFilter,
        loading: s.loading.tasks || s.loading.assignments || s.loading.items,
        newTask: this.manage ? this.manager.renderButton() : null,
        onStatusFilter: (value) => (this.statusFilter = value),
        onAssigneeFilter: (value) => this.onAssigneeChange(value),
      })}
      ${this.manage ? this.manager.renderForm() : nothing}
      <div class="columns">
        ${taskListTemplate({
          ...progress,
          tasks: s.tasks,
          taskId: this.taskId,
          loading: s.loading.tasks,
          locale: this.lang || document.documentElement.lang || undefined,
          onSelect: (id) => this.select(id, null),
        })}
        ${assignmentListTemplate({
          ...progress,
          task,
          assignments: this.data.filteredAssignments(),
          assignmentId: this.assignmentId,
          loading: this.data.assignmentsLoading,
          reassign: this.manage ? this.manager.renderReassign() : nothing,
          onSelect: (id) => this.selectAssignment(id),
        })}
        ${itemTableTemplate({
          task,
          actions,
          page: this.data.page,
          pageIndex: s.pageIndex,
          pageSize: this.pageSize,
          loading: this.data.itemsLoading,
          busyItems: s.busyItems,
          onOpen: (t, item) => this.open(t, item),
          onStatus: (t, item, status, clear) => void this.setStatus(t, item, status, clear),
          onPage: (n) => this.data.goToPage(n),
        })}
      </div>
      ${s.error ? html`<div class="error" role="alert" part="error">${s.error}</div>` : nothing}
      <div class="dl-visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </div>`;
  }

  private onAssigneeChange(value: string | null): void {
    this.assigneeFilter = value;
    const a = this.data.selectedAssignment;
    if (a && this.assigneeFilter && a.annotator !== this.assigneeFilter) this.assignmentId = null;
  }

  private open(task: TaskJson, item: ItemJson): void {
    // Only an item of the selected task's current page (never one of a page left behind).
    if (!this.data.isShown(task, item)) return;
    const assignment = this.data.selectedAssignment;
    const row = this.visibleItems.findIndex((x) => x.id === item.id);
    // Positions in a page are positions in the list only when no filter hid rows of it.
    const listed = this.statusFilter === null && (this.assigneeFilter === null || this.assignmentId !== null);
    this.dispatchEvent(
      new DlItemOpenEvent({
        item: structuredClone(item),
        task: structuredClone(task),
        assignment: assignment && structuredClone(assignment),
        index: listed && row >= 0 ? this.data.state.pageIndex * this.pageSize + row : -1,
      }),
    );
  }

  private async setStatus(task: TaskJson, item: ItemJson, status: string, clear: boolean): Promise<void> {
    await this.data.setItemStatus(task, item, status, clear, ({ updated, assignment, previousStatus }) => {
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
    });
  }
}
