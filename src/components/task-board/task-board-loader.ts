/**
 * The task board's data, apart from how it is drawn: which source it reads, the lists it holds,
 * and the rules that keep them true while answers arrive out of order — a generation per list so
 * a late answer never replaces a newer one, re-reads after a status change so counts become the
 * backend's, and the board's own count adjustments until then. A list's request that a newer one
 * (another task, query or page) supersedes is aborted through the `signal` the source gets, and so
 * are the per-task counts (`statusCounts`). Off the page every request stops; back on it the board
 * resumes what the disconnect aborted, refreshes quietly when its lists are older than `freshFor`,
 * and otherwise keeps what it shows (see {@link TaskBoardLoader.hostConnected}).
 * `<dl-task-board>` owns one and renders its `state`; the selection and filters stay properties of
 * the element.
 */
import { msg } from '../strings.js';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  itemStatusIn,
  itemRefs,
  jsonSource,
  type AssignmentJson,
  type ItemJson,
  type ItemsPage,
  type TaskBoardSource,
  type TaskJson,
} from './task-board-source.js';
import { adjustStats, statsFromJson, type StatusStats } from './task-stats.js';

/** Status filter value meaning "items without a status", not sent back and without open issues: new work. */
export const NO_STATUS = '__none__';
/** Status filter value meaning "items a reviewer sent back, or with open issues" (any status). */
export const SENT_BACK = '__sent_back__';

/** Which lists are loading. */
export interface BoardLoading {
  tasks: boolean;
  assignments: boolean;
  items: boolean;
}

/** Everything the board shows that came from (or was adjusted after) the source. */
export interface BoardState {
  tasks: TaskJson[];
  /** The assignments of task `assignmentsTask` (empty while another task's are loading). */
  assignments: AssignmentJson[];
  /**
   * The task `assignments` belongs to. When it is not the selected task, the list is another
   * task's and the board shows none of it (the selected task's are loading).
   */
  assignmentsTask: string | null;
  /** The last page of items that arrived, `null` before the first one (or without a task). */
  page: ItemsPage | null;
  /**
   * The query `page` answers (see {@link itemsQueryKey}): task, assignment, filters, page size and
   * index. When it is not the board's current query the page is another selection's (another task's
   * items, say) and the board shows none of it while the current one loads.
   */
  pageKey: string | null;
  pageIndex: number;
  loading: BoardLoading;
  /** The message of the last failure, `''` when none. */
  error: string;
  /** Item counts per task/assignment id. */
  stats: Map<string, StatusStats>;
  /** Items sent back per task/assignment id (the source's `sentBackCounts`), `null` when unknown. */
  sentBack: Record<string, number> | null;
  /**
   * Tasks/assignments whose counts the board adjusted itself since their JSON arrived: their
   * progress is computed from those counts until fresh JSON replaces the stale `progress`.
   */
  adjusted: Set<string>;
  /** Items whose status change is under way, as {@link busyKey}s (task and item). */
  busyItems: Set<string>;
}

/** The board's selection and filters, as the loader reads them (live) from the element. */
export interface BoardQuery {
  taskId: string | null;
  assignmentId: string | null;
  statusFilter: string | null;
  assigneeFilter: string | null;
  pageSize: number;
}

/** What the loader reads from and asks of the board. */
export interface BoardLoaderContext {
  query(): BoardQuery;
  /** The loaded tasks no longer hold the selected one: select this one (the board reloads the rest). */
  selectTask(id: string | null): void;
  /** The loaded assignments no longer hold the selected one: select this one. */
  selectAssignment(id: string | null): void;
}

/** What a status change did, for the board's announcement and event. */
export interface StatusApplied {
  updated: ItemJson;
  assignment: AssignmentJson | undefined;
  previousStatus: string | null;
}

type Target = { task: TaskJson; assignment?: AssignmentJson };

/** Which counts a {@link TaskBoardLoader} load of `statusCounts` belongs to (a newer one of the same kind aborts it). */
type StatsKind = 'tasks' | 'assignments';

/** What a load under way was when the board left the page, to resume when it is back. */
interface Interrupted {
  lists: Set<keyof BoardLoading>;
  /** The lists of `lists` whose load was a quiet refresh: they resume quietly (no loading state, page kept). */
  quiet: Set<keyof BoardLoading>;
  stats: Map<StatsKind, Target[]>;
  sentBack: boolean;
}

/** Default of {@link TaskBoardLoader.freshFor}: lists loaded less than a minute ago are kept as they are. */
export const TASK_BOARD_FRESH_FOR_MS = 60_000;

/**
 * The identity of an item page: everything that decides which items it lists. Two pages with the
 * same key list the same items; a page whose key is not the current one belongs to another task,
 * assignment, filter or page.
 */
function itemsQueryKey(q: BoardQuery, pageIndex: number): string {
  return JSON.stringify([q.taskId, q.assignmentId, q.statusFilter, q.assigneeFilter, q.pageSize, pageIndex]);
}

/**
 * The key of an item's status change under way in {@link BoardState.busyItems}: the task and the
 * item, since one item may be listed in several tasks and a change in one leaves the others free.
 */
export function busyKey(taskId: string, itemId: string): string {
  return JSON.stringify([taskId, itemId]);
}

const errorText = (e: unknown) => msg('common.error', { message: e instanceof Error ? e.message : String(e) });

/** Loads and keeps the task board's tasks, assignments, item page and counts (see the file header). */
export class TaskBoardLoader implements ReactiveController {
  private current: BoardState = {
    tasks: [],
    assignments: [],
    assignmentsTask: null,
    page: null,
    pageKey: null,
    pageIndex: 0,
    loading: { tasks: false, assignments: false, items: false },
    error: '',
    stats: new Map(),
    sentBack: null,
    adjusted: new Set(),
    busyItems: new Set(),
  };
  private sentBackSeq = 0;
  private src: TaskBoardSource = jsonSource({});
  /** Latest re-read per entity id after status changes, so an older answer never wins. */
  private rereads = new Map<string, number>();
  private rereadSeq = 0;
  private generation = { tasks: 0, assignments: 0, items: 0 };
  /** The request under way per list, aborted when a newer one of that list starts (or is cancelled). */
  private controllers: Partial<Record<keyof BoardLoading, AbortController>> = {};
  /** The controllers of `controllers` whose request is a quiet refresh's. */
  private quietRuns = new WeakSet<AbortController>();
  /**
   * Signal of the re-reads after status changes in the selected task: aborted (and renewed) when
   * another task is picked or the source changes, and aborted when the board leaves the page.
   */
  private rereadScope = new AbortController();
  /** The sent-back count under way: aborted by a newer one, a source change, or leaving the page. */
  private sentBackCtl: AbortController | null = null;
  /** Set while the board is off the page (its requests were aborted; connecting again resumes them). */
  private detached = false;
  private inFlight = 0;
  /** The `statusCounts` loads under way per kind, aborted by a newer one, another pick, a source change or leaving the page. */
  private statsCtl: Partial<Record<StatsKind, { ctl: AbortController; targets: Target[] }>> = {};
  /** What the last disconnect aborted (resumed when connected again). */
  private interrupted: Interrupted | null = null;
  /** `performance.now()` when the tasks (and the selection's lists after them) last finished loading. */
  private loadedAt: number | null = null;
  /**
   * How long (ms) the lists count as fresh: connected again within it (and with nothing aborted by
   * the disconnect) the board keeps what it shows without asking the source; later it refreshes
   * quietly. The board's `freshFor` property sets it.
   */
  freshFor = TASK_BOARD_FRESH_FOR_MS;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly ctx: BoardLoaderContext,
  ) {
    host.addController(this);
  }

  /**
   * Back on the page after {@link hostDisconnected} (e.g. a host moved the board to another
   * container or tab). Nothing is blanked: the lists, the selection and the page stay on screen.
   * Loads the disconnect aborted are resumed (the tasks; else the assignments; else the items; and
   * the counts), a quiet refresh's quietly; when only counts were aborted and the lists are older
   * than `freshFor`, the lists are refreshed quietly instead. With nothing aborted, lists loaded within `freshFor` are kept as they are, and
   * older ones are refreshed quietly: no loading hint, no busy or disabled rows, the page index
   * kept; the answers replace the lists when they come.
   */
  hostConnected(): void {
    if (!this.detached) return;
    this.detached = false;
    this.rereadScope = new AbortController();
    const cut = this.interrupted;
    this.interrupted = null;
    const stale = this.loadedAt === null || performance.now() - this.loadedAt >= this.freshFor;
    // Only counts (or the sent-back count) were cut: the lists they count may be stale all the same.
    // A stale board refreshes quietly (the refresh counts its own answer again, the sent-back count
    // too); resuming the counts alone left lists of long ago on screen, their counts new.
    if (cut && !cut.lists.size && stale) {
      void this.loadTasks({ quiet: true });
      return;
    }
    if (cut && (cut.lists.size || cut.stats.size || cut.sentBack)) {
      // A quiet refresh cut short resumes quietly: no loading state, and the item page index kept.
      const quiet = (kind: keyof BoardLoading) => ({ quiet: cut.quiet.has(kind) });
      if (cut.lists.has('tasks')) void this.loadTasks(quiet('tasks'));
      else if (cut.lists.has('assignments')) void this.loadAssignments(quiet('assignments'));
      else if (cut.lists.has('items')) void this.loadItems(quiet('items'));
      for (const [kind, targets] of cut.stats) {
        // A list that is read again counts its own answer's entities: counts of the old list are not wanted.
        if (cut.lists.has('tasks') || (kind === 'assignments' && cut.lists.has('assignments'))) continue;
        void this.loadStats(targets, kind);
      }
      if (cut.sentBack && !cut.lists.has('tasks')) void this.loadSentBack();
      return;
    }
    if (stale) void this.loadTasks({ quiet: true });
  }

  /**
   * Off the page: the lists' requests, the counts, the re-reads and the sent-back counts under
   * way stop (their answers are dropped) and are remembered, to resume when the board is
   * connected again. A status change already sent is not aborted (it is a write); nothing is
   * re-read after it.
   */
  hostDisconnected(): void {
    const lists = new Set((['tasks', 'assignments', 'items'] as const).filter((k) => this.controllers[k]));
    const stats = new Map<StatsKind, Target[]>();
    for (const kind of ['tasks', 'assignments'] as const) {
      const run = this.statsCtl[kind];
      if (run) stats.set(kind, run.targets);
    }
    const quiet = new Set([...lists].filter((k) => this.quietRuns.has(this.controllers[k]!)));
    this.interrupted = { lists, quiet, stats, sentBack: this.sentBackCtl !== null };
    this.detached = true;
    for (const kind of ['tasks', 'assignments', 'items'] as const) this.cancel(kind);
    this.cancelStats();
    this.rereadScope.abort();
    this.sentBackCtl?.abort();
    this.sentBackCtl = null;
  }

  /** What the board shows; replaced (never mutated) on change, and every change requests a render. */
  get state(): Readonly<BoardState> {
    return this.current;
  }

  /** The source in use. */
  get source(): TaskBoardSource {
    return this.src;
  }

  /** Whether a load, count, re-read or status change is under way. */
  get pending(): boolean {
    return this.inFlight > 0;
  }

  /** The task currently selected. */
  get selectedTask(): TaskJson | null {
    const { taskId } = this.ctx.query();
    return this.current.tasks.find((t) => t.id === taskId) ?? null;
  }

  /**
   * The selected task's assignments: empty until they arrived, so a row (or a selection) of the
   * task picked before is never shown, clicked or reassigned under the new one.
   */
  get assignments(): readonly AssignmentJson[] {
    const { taskId } = this.ctx.query();
    return taskId !== null && this.current.assignmentsTask === taskId ? this.current.assignments : [];
  }

  /**
   * Whether the selected task's assignments are still to come (loading, or not asked for yet).
   * While the same task's list is read again its rows stay on screen but are not to be acted on
   * (the board makes them inert): the answer may drop or change them.
   */
  get assignmentsLoading(): boolean {
    const task = this.selectedTask;
    return this.current.loading.assignments || (task !== null && this.current.assignmentsTask !== task.id);
  }

  /**
   * The page of items of the current selection, filters and page index; `null` while it is to
   * come, so items listed for the task (or filter) picked before are never shown or acted on
   * under the new one.
   */
  get page(): ItemsPage | null {
    return this.current.pageKey === this.currentItemsKey() ? this.current.page : null;
  }

  /**
   * Whether the selected task's item page is still to come or being read again: loading, or not
   * asked for yet, or the task's assignments are loading (a page follows them). Not after a
   * failure (the board shows the error instead). A page shown meanwhile is the same query's older
   * answer: the board keeps it on screen but disables its status buttons.
   */
  get itemsLoading(): boolean {
    if (this.current.loading.items || this.current.loading.assignments) return true;
    return this.selectedTask !== null && this.page === null && !this.current.error;
  }

  /** The assignment currently selected, `null` for every item of the task. */
  get selectedAssignment(): AssignmentJson | null {
    const { assignmentId } = this.ctx.query();
    return this.assignments.find((a) => a.id === assignmentId) ?? null;
  }

  /** The assignments the assignee filter lets through. */
  filteredAssignments(): AssignmentJson[] {
    const { assigneeFilter } = this.ctx.query();
    return this.assignments.filter((a) => !assigneeFilter || a.annotator === assigneeFilter);
  }

  /** The entity without its `progress` while the board's own count adjustments are newer. */
  progressSource<E extends TaskJson | AssignmentJson>(e: E): E {
    if (!this.current.adjusted.has(e.id) || typeof e.progress !== 'number') return e;
    const { progress: _stale, ...rest } = e;
    return rest as E;
  }

  /** Shows a failure (e.g. of the manager tools) as the board's error. */
  fail(e: unknown): void {
    this.set({ error: errorText(e) });
  }

  /** Reads everything from `source` from now on: counts start over and the tasks reload. */
  use(source: TaskBoardSource): void {
    this.src = source;
    // Lists of the previous source are no longer wanted: their requests stop now.
    this.cancel('assignments');
    this.cancel('items');
    this.cancelStats();
    this.renewRereadScope();
    this.set({ stats: new Map(), sentBack: null, adjusted: new Set() });
    void this.loadTasks();
  }

  /**
   * Reloads the tasks, then the assignments and items of the selection. `quiet` (a background
   * refresh): no loading state is shown, rows stay usable, and the item page index is kept.
   */
  async loadTasks(opts: { quiet?: boolean } = {}): Promise<void> {
    if (!opts.quiet) this.set({ error: '' });
    const tasks = await this.guarded('tasks', (signal) => this.src.listTasks(signal), opts.quiet);
    if (!tasks) return;
    this.set({ tasks, adjusted: this.without(tasks) });
    void this.loadStats(
      tasks.map((t) => ({ task: t })),
      'tasks',
    );
    void this.loadSentBack();
    const { taskId } = this.ctx.query();
    const keep = tasks.some((t) => t.id === taskId);
    // A new selection reloads through the board's willUpdate; an unchanged one needs an explicit reload.
    if (!keep && (tasks[0]?.id ?? null) !== taskId) this.ctx.selectTask(tasks[0]?.id ?? null);
    else await this.loadAssignments(opts);
    if (!this.detached) this.loadedAt = performance.now();
  }

  /** Reloads the selected task's assignments, then its items (`quiet`: see {@link loadTasks}). */
  async loadAssignments(opts: { quiet?: boolean } = {}): Promise<void> {
    const task = this.selectedTask;
    // A page follows the assignments: a page request under way (of the task picked before, or
    // of this one about to be read again) is not wanted any more.
    this.cancel('items');
    // Another task (or none): re-reads after a status change in the one left are not wanted.
    if ((task?.id ?? null) !== this.current.assignmentsTask) this.renewRereadScope();
    // Counts of the assignments of the task left (or of an older read of this one) are not wanted.
    this.cancelStats('assignments');
    if (!task) {
      this.cancel('assignments');
      this.set({ assignments: [], assignmentsTask: null, page: null, pageKey: null });
      return;
    }
    // Another task: its rows and items go now (in the render of the new selection), not when the
    // answers come; a page kept from an earlier visit to this task is not shown again either.
    if (this.current.assignmentsTask !== task.id)
      this.set({ assignments: [], assignmentsTask: task.id, page: null, pageKey: null });
    const list = await this.guarded('assignments', (signal) => this.src.listAssignments(task, signal), opts.quiet);
    if (!list) return;
    this.set({ assignments: list, assignmentsTask: task.id, adjusted: this.without(list) });
    void this.loadStats(
      list.map((a) => ({ task, assignment: a })),
      'assignments',
    );
    if (!opts.quiet) this.set({ pageIndex: 0 });
    const { assignmentId } = this.ctx.query();
    if (assignmentId && !list.some((a) => a.id === assignmentId)) this.ctx.selectAssignment(null);
    else await this.loadItems(opts);
  }

  /** The selection or a filter changed: back to the first page of items. */
  reloadItems(): void {
    this.set({ pageIndex: 0 });
    void this.loadItems();
  }

  /** Shows page `n` (0-based) of the items. */
  goToPage(n: number): void {
    this.set({ pageIndex: Math.max(0, n) });
    void this.loadItems();
  }

  private async loadItems(opts: { quiet?: boolean } = {}): Promise<void> {
    const task = this.selectedTask;
    if (!task) return;
    const q = this.ctx.query();
    const key = itemsQueryKey(q, this.current.pageIndex);
    const chosen = q.assignmentId
      ? this.assignments.filter((a) => a.id === q.assignmentId)
      : this.filteredAssignments();
    const page = await this.guarded(
      'items',
      (signal) =>
        this.src.listItems({
          task,
          assignments: q.assignmentId || q.assigneeFilter ? chosen : undefined,
          ...(q.statusFilter === NO_STATUS
            ? { status: null, sentBack: false }
            : q.statusFilter === SENT_BACK
              ? { sentBack: true }
              : q.statusFilter !== null
                ? { status: q.statusFilter }
                : {}),
          page: this.current.pageIndex,
          pageSize: q.pageSize,
          signal,
        }),
      opts.quiet,
    );
    // A page for a query no longer current (another task was picked meanwhile) is dropped.
    if (page && key === this.currentItemsKey()) this.set({ page, pageKey: key });
  }

  private currentItemsKey(): string {
    return itemsQueryKey(this.ctx.query(), this.current.pageIndex);
  }

  /**
   * Sets or clears an item's status through the source, adjusts the counts at once and re-reads
   * the entities behind them. `applied` runs once the source accepted it, while the item is still
   * marked busy; a failure becomes the board's error. Ignored (resolves `false`, nothing sent)
   * unless `task` is the selected task and `item` is on its current page: a button of a page left
   * behind can never pair one task's status with another task's item.
   */
  async setItemStatus(
    task: TaskJson,
    item: ItemJson,
    status: string,
    clear: boolean,
    applied: (result: StatusApplied) => void,
  ): Promise<boolean> {
    if (!this.isShown(task, item)) return false;
    // The item's own assignment (from its refs) when none is selected, so both refs get the status.
    const refIds = new Set(itemRefs(item).map((r) => r.id));
    const assignment = this.selectedAssignment ?? this.assignments.find((a) => refIds.has(a.id));
    const previousStatus = itemStatusIn(item, task.id);
    const busy = busyKey(task.id, item.id);
    // The re-reads belong to this task: a pick made while the change is sent already aborts them.
    const rereadSignal = this.rereadScope.signal;
    this.set({ busyItems: new Set([...this.current.busyItems, busy]), error: '' });
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
      const page = this.current.page;
      if (page) this.set({ page: { ...page, items: page.items.map((x) => (x.id === item.id ? updated : x)) } });
      const stats = new Map(this.current.stats);
      const adjusted = new Set(this.current.adjusted);
      for (const id of [task.id, ...(assignment ? [assignment.id] : [])]) {
        const s = stats.get(id);
        if (s) {
          stats.set(id, adjustStats(s, previousStatus, nowStatus));
          adjusted.add(id);
        }
      }
      this.set({ stats, adjusted });
      void this.reread(task, assignment, updated, rereadSignal);
      applied({ updated, assignment, previousStatus });
      return true;
    } catch (e) {
      this.set({ error: errorText(e) });
      return false;
    } finally {
      this.inFlight--;
      const busyItems = new Set(this.current.busyItems);
      busyItems.delete(busy);
      this.set({ busyItems });
    }
  }

  /** Whether `item` is on the current page of `task`, the selected task (what its row's buttons may act on). */
  isShown(task: TaskJson, item: ItemJson): boolean {
    return task.id === this.selectedTask?.id && (this.page?.items.some((x) => x.id === item.id) ?? false);
  }

  /** Applies `patch`, requesting a render when a value changed (as Lit's `@state` would). */
  private set(patch: Partial<BoardState>): void {
    let changed = false;
    const next = { ...this.current };
    for (const key of Object.keys(patch) as (keyof BoardState)[]) {
      if (next[key] === patch[key]) continue;
      (next as Record<keyof BoardState, unknown>)[key] = patch[key];
      changed = true;
    }
    if (!changed) return;
    this.current = next;
    this.host.requestUpdate();
  }

  /** The adjusted ids without those of `fresh` (their JSON counts again). */
  private without(fresh: readonly { id: string }[]): Set<string> {
    // The same set object when nothing goes, so no render is requested for it.
    if (!fresh.some((e) => this.current.adjusted.has(e.id))) return this.current.adjusted;
    const adjusted = new Set(this.current.adjusted);
    for (const e of fresh) adjusted.delete(e.id);
    return adjusted;
  }

  /**
   * Runs the request of list `kind`, aborting the one under way: only the latest answer of a list
   * is used, and a failure is shown only when it is the latest request's and not an abort.
   * `quiet`: the list is not marked loading (a background refresh keeps rows usable).
   */
  private async guarded<T>(
    kind: keyof BoardLoading,
    work: (signal: AbortSignal) => Promise<T>,
    quiet = false,
  ): Promise<T | undefined> {
    // Off the page nothing is read (connecting again reloads everything).
    if (this.detached) return undefined;
    this.controllers[kind]?.abort();
    const ctl = new AbortController();
    this.controllers[kind] = ctl;
    if (quiet) this.quietRuns.add(ctl);
    const gen = ++this.generation[kind];
    if (!quiet) this.set({ loading: { ...this.current.loading, [kind]: true } });
    this.inFlight++;
    try {
      const result = await work(ctl.signal);
      return gen === this.generation[kind] ? result : undefined;
    } catch (e) {
      if (gen === this.generation[kind] && !ctl.signal.aborted) this.set({ error: errorText(e) });
      return undefined;
    } finally {
      this.inFlight--;
      if (this.controllers[kind] === ctl) delete this.controllers[kind];
      if (gen === this.generation[kind]) this.set({ loading: { ...this.current.loading, [kind]: false } });
    }
  }

  /** Aborts the re-reads under way (of the task left) and gives later ones a fresh signal. */
  private renewRereadScope(): void {
    this.rereadScope.abort();
    if (!this.detached) this.rereadScope = new AbortController();
  }

  /** Aborts the request of list `kind` under way, if any: its answer (or failure) is dropped. */
  private cancel(kind: keyof BoardLoading): void {
    const ctl = this.controllers[kind];
    if (!ctl) return;
    delete this.controllers[kind];
    this.generation[kind]++;
    ctl.abort();
    this.set({ loading: { ...this.current.loading, [kind]: false } });
  }

  /**
   * Counts of `targets` (those their JSON lacks come from the source's `statusCounts`), aborting
   * the load of the same `kind` under way: a newer one, another pick, a source change or leaving
   * the page aborts it, and an aborted load's answers are dropped without an error.
   */
  private async loadStats(targets: Target[], kind: StatsKind): Promise<void> {
    if (this.detached) return;
    this.statsCtl[kind]?.ctl.abort();
    const ctl = new AbortController();
    const run = { ctl, targets };
    this.statsCtl[kind] = run;
    this.inFlight++;
    try {
      await this.loadStatsNow(targets, ctl.signal);
    } finally {
      this.inFlight--;
      if (this.statsCtl[kind] === run) delete this.statsCtl[kind];
    }
  }

  /** Aborts the `statusCounts` loads under way (of `kind`, or all). */
  private cancelStats(kind?: StatsKind): void {
    for (const k of kind ? [kind] : (['tasks', 'assignments'] as const)) {
      this.statsCtl[k]?.ctl.abort();
      delete this.statsCtl[k];
    }
  }

  /**
   * Items sent back per card, for every loaded task and its assignments in one call of the source
   * (its assignments' ids come with each task's `assignmentIds`); a later call wins and aborts the
   * one under way. An aborted count changes nothing; a failed one leaves the counts unknown.
   */
  private async loadSentBack(): Promise<void> {
    const src = this.src;
    if (!src.sentBackCounts || this.detached) return;
    const seq = ++this.sentBackSeq;
    this.sentBackCtl?.abort();
    const ctl = new AbortController();
    this.sentBackCtl = ctl;
    this.inFlight++;
    try {
      const counts = await src.sentBackCounts(this.current.tasks, ctl.signal).catch(() => null);
      if (seq === this.sentBackSeq && src === this.src && !ctl.signal.aborted) this.set({ sentBack: counts });
    } finally {
      this.inFlight--;
      if (this.sentBackCtl === ctl) this.sentBackCtl = null;
    }
  }

  /** Counts of `targets`; nothing is set when `signal` aborts (an aborted load's answers are dropped). */
  private async loadStatsNow(targets: Target[], signal: AbortSignal): Promise<void> {
    const src = this.src;
    const computed = new Map<string, StatusStats>();
    for (const { task, assignment } of targets) {
      if (signal.aborted) return;
      const entity = assignment ?? task;
      const own = statsFromJson(entity);
      if (own) computed.set(entity.id, own);
      else if (src.statusCounts) {
        try {
          computed.set(entity.id, await src.statusCounts(task, assignment, signal));
        } catch {
          // Counts are decoration: a failure (or an abort) leaves them out rather than failing the board.
        }
      }
    }
    if (signal.aborted || src !== this.src) return;
    this.set({ stats: new Map([...this.current.stats, ...computed]) });
  }

  /**
   * After a status change: reads the task, the assignment and the item again from the source
   * (where it can), so progress and counts are the backend's, not the ones the lists first gave.
   * Failures keep the board's own adjusted counts (decoration, not worth an alert). Picking
   * another task aborts them (see {@link renewRereadScope}), and so does leaving the page.
   */
  private async reread(
    task: TaskJson,
    assignment: AssignmentJson | undefined,
    item: ItemJson,
    signal: AbortSignal,
  ): Promise<void> {
    const src = this.src;
    if (signal.aborted) return;
    const seq = ++this.rereadSeq;
    const ids = [task.id, ...(assignment ? [assignment.id] : []), `item:${item.id}`];
    for (const id of ids) this.rereads.set(id, seq);
    const latest = (id: string) => this.rereads.get(id) === seq && src === this.src;
    this.inFlight++;
    try {
      // A status change may send an item back or bring it back: the cards' sent-back counts follow.
      void this.loadSentBack();
      const [t, a, it] = await Promise.all([
        src.getTask?.(task, signal).catch(() => undefined),
        assignment ? src.getAssignment?.(assignment, signal).catch(() => undefined) : undefined,
        src.getItem?.(item, signal).catch(() => undefined),
      ]);
      if (signal.aborted) return;
      const fresh: Target[] = [];
      if (t && t.id === task.id && latest(task.id)) {
        this.set({ tasks: this.current.tasks.map((x) => (x.id === t.id ? t : x)) });
        fresh.push({ task: t });
      }
      if (a && assignment && a.id === assignment.id && latest(assignment.id)) {
        this.set({ assignments: this.current.assignments.map((x) => (x.id === a.id ? a : x)) });
        fresh.push({ task: t ?? task, assignment: a });
      }
      const page = this.current.page;
      if (it && it.id === item.id && latest(`item:${item.id}`) && page) {
        this.set({ page: { ...page, items: page.items.map((x) => (x.id === it.id ? it : x)) } });
      }
      if (fresh.length) {
        // Fresh JSON: its progress counts again (set with the new lists, so one render sees both).
        const adjusted = new Set(this.current.adjusted);
        for (const f of fresh) adjusted.delete((f.assignment ?? f.task).id);
        this.set({ adjusted });
        await this.loadStatsNow(fresh, signal);
      }
    } finally {
      this.inFlight--;
    }
  }
}
