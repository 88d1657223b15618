/**
 * The task board's columns as templates of plain inputs: the filter bar, the task and assignment
 * listboxes (with their arrow/Home/End keys) and the item table with its status buttons and
 * pager. They hold no state and call back for every choice, so the element decides what a click
 * means and the markup can be read (and changed) in one place.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { msg } from '../strings.js';
import {
  itemReviewState,
  type AssignmentJson,
  type ItemJson,
  type ItemsPage,
  type TaskJson,
} from './task-board-source.js';
import { busyKey } from './task-board-loader.js';
import { progressPercent, type StatusStats } from './task-stats.js';
import {
  dueDate,
  priorityBadge,
  progressBar,
  statusChips,
  statusColor,
  statusName,
  taskActions,
  type TaskAction,
} from './task-board-views.js';
import { NO_STATUS, SENT_BACK } from './task-board-loader.js';

const activeId = (prefix: string, index: number) => (index >= 0 ? `${prefix}-${index}` : nothing);

/**
 * Listbox keys: ArrowDown/ArrowUp move, Home/End jump; `select` gets the id chosen. Other keys
 * are left alone (not prevented).
 */
export function listKeydown(
  e: KeyboardEvent,
  ids: readonly (string | null)[],
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

/** Counts and progress of one task or assignment, as the lists show them. */
export interface ProgressInput {
  /** Counts per entity id. */
  stats: ReadonlyMap<string, StatusStats>;
  /** Items sent back per entity id (`null`/absent: unknown, no such chip). */
  sentBack?: Readonly<Record<string, number>> | null;
  /** The entity whose `progress` may be used (without it while the board's counts are newer). */
  progressSource<E extends TaskJson | AssignmentJson>(e: E): E;
}

/** Inputs of {@link toolbarTemplate}. */
export interface ToolbarInput {
  actions: readonly TaskAction[];
  assignments: readonly AssignmentJson[];
  statusFilter: string | null;
  assigneeFilter: string | null;
  loading: boolean;
  /** With `manage`: the manager's "New task" button (placed at the end of the bar). */
  newTask: TemplateResult | typeof nothing | null;
  onStatusFilter(value: string | null): void;
  onAssigneeFilter(value: string | null): void;
}

/** The filter bar: status and assignee filters, the loading hint, the manager's button. */
export function toolbarTemplate(p: ToolbarInput): TemplateResult {
  const annotators = [
    ...new Set(p.assignments.map((a) => a.annotator).filter((a): a is string => typeof a === 'string')),
  ];
  return html`<div class="toolbar" part="toolbar">
      <label>${msg('taskBoard.filterStatus')}
        <select class="status-filter" @change=${(e: Event) => p.onStatusFilter((e.target as HTMLSelectElement).value || null)}>
          <option value="" ?selected=${p.statusFilter === null}>${msg('taskBoard.anyStatus')}</option>
          <option value=${NO_STATUS} ?selected=${p.statusFilter === NO_STATUS}>${msg('taskBoard.noStatus')}</option>
          <option value=${SENT_BACK} ?selected=${p.statusFilter === SENT_BACK}>${msg('taskBoard.sentBackFilter')}</option>
          ${p.actions.map((a) => html`<option value=${a.action} ?selected=${p.statusFilter === a.action}>${statusName(a.action, p.actions)}</option>`)}
        </select>
      </label>
      <label>${msg('taskBoard.filterAssignee')}
        <select class="assignee-filter" @change=${(e: Event) => p.onAssigneeFilter((e.target as HTMLSelectElement).value || null)}>
          <option value="" ?selected=${p.assigneeFilter === null}>${msg('taskBoard.anyAssignee')}</option>
          ${annotators.map((a) => html`<option value=${a} ?selected=${p.assigneeFilter === a}>${a}</option>`)}
        </select>
      </label>
      ${p.loading ? html`<span class="loading" aria-hidden="true">${msg('common.loading')}</span>` : nothing}
      ${p.newTask === null ? nothing : html`<span class="grow"></span>${p.newTask}`}
    </div>`;
}

/** Inputs of {@link taskListTemplate}. */
export interface TaskListInput extends ProgressInput {
  tasks: readonly TaskJson[];
  taskId: string | null;
  loading: boolean;
  /** Locale of the due dates. */
  locale: string | undefined;
  onSelect(taskId: string | null): void;
}

/** The task column: a listbox of task cards (name, priority, due date, progress, counts). */
export function taskListTemplate(p: TaskListInput): TemplateResult {
  return html`<section class="col" part="tasks" aria-labelledby="tasks-h">
      <h2 id="tasks-h">${msg('taskBoard.tasks')}</h2>
      ${p.tasks.length === 0 && !p.loading ? html`<p class="empty">${msg('taskBoard.noTasks')}</p>` : nothing}
      <ul role="listbox" class="list" aria-labelledby="tasks-h" tabindex="0"
        aria-activedescendant=${activeId(
          'task',
          p.tasks.findIndex((t) => t.id === p.taskId),
        )}
        @keydown=${(e: KeyboardEvent) =>
          listKeydown(
            e,
            p.tasks.map((t) => t.id),
            p.taskId,
            p.onSelect,
          )}>
        ${p.tasks.map((t, i) => {
          const stats = p.stats.get(t.id) ?? null;
          const pct = progressPercent(p.progressSource(t), stats);
          const name = typeof t.name === 'string' ? t.name : t.id;
          return html`<li role="option" id="task-${i}" part="task" class="card" aria-selected=${String(t.id === p.taskId)} data-id=${t.id}
            @click=${() => p.onSelect(t.id)}>
            <div class="card-head"><span class="name" title=${name}>${name}</span>${priorityBadge(t.priority)}</div>
            ${dueDate(t.dueDate, pct, p.locale)}
            ${progressBar(pct, msg('taskBoard.progress', { percent: pct ?? 0 }))}
            ${statusChips(stats, taskActions(t), p.sentBack?.[t.id])}
          </li>`;
        })}
      </ul>
    </section>`;
}

/** Inputs of {@link assignmentListTemplate}. */
export interface AssignmentListInput extends ProgressInput {
  task: TaskJson | null;
  /** The assignments shown (after the assignee filter); only the selected task's. */
  assignments: readonly AssignmentJson[];
  assignmentId: string | null;
  /**
   * The task's assignments are loading: the list is `aria-busy` and says so while it has no rows;
   * rows kept from the previous answer (the same task read again) are `aria-disabled` meanwhile.
   */
  loading: boolean;
  /** With `manage`: the manager's "Reassign" control, else `nothing`. */
  reassign: TemplateResult | typeof nothing;
  onSelect(assignmentId: string | null): void;
}

/** The assignment column: "All assignments" and one row per assignment (annotator, progress, counts). */
export function assignmentListTemplate(p: AssignmentListInput): TemplateResult {
  const list = p.assignments;
  const ids = [null, ...list.map((a) => a.id)];
  const actions = taskActions(p.task);
  return html`<section class="col" part="assignments" aria-labelledby="asg-h">
      <h2 id="asg-h">${msg('taskBoard.assignments')}</h2>
      ${
        !p.task
          ? html`<p class="empty">${msg('taskBoard.selectTask')}</p>`
          : html`
        <ul role="listbox" class="list" aria-labelledby="asg-h" tabindex="0" aria-busy=${String(p.loading)}
          aria-activedescendant=${activeId('asg', ids.indexOf(p.assignmentId))}
          @keydown=${(e: KeyboardEvent) => listKeydown(e, ids, p.assignmentId, p.onSelect)}>
          <li role="option" id="asg-0" class="row all" aria-selected=${String(p.assignmentId === null)}
            aria-disabled=${p.loading ? 'true' : nothing} @click=${() => p.onSelect(null)}>
            ${msg('taskBoard.allAssignments')}
          </li>
          ${list.map((a, i) => {
            const stats = p.stats.get(a.id) ?? null;
            const pct = progressPercent(p.progressSource(a), stats);
            const annotator = typeof a.annotator === 'string' ? a.annotator : a.id;
            return html`<li role="option" id="asg-${i + 1}" part="assignment" class="row" aria-selected=${String(a.id === p.assignmentId)} data-id=${a.id}
              aria-disabled=${p.loading ? 'true' : nothing} @click=${() => p.onSelect(a.id)}>
              <div class="card-head"><span class="name" title=${annotator}>${annotator}</span></div>
              ${progressBar(pct, msg('taskBoard.progress', { percent: pct ?? 0 }))} ${statusChips(stats, actions, p.sentBack?.[a.id])}
            </li>`;
          })}
        </ul>
        ${
          list.length > 0
            ? nothing
            : p.loading
              ? html`<p class="empty loading" data-loading>${msg('common.loading')}</p>`
              : html`<p class="empty">${msg('taskBoard.noAssignments')}</p>`
        }
        ${p.reassign}`
      }
    </section>`;
}

/** Inputs of {@link itemTableTemplate}. */
export interface ItemTableInput {
  task: TaskJson | null;
  actions: readonly TaskAction[];
  /** The selected task's page for the current filters and page index, `null` while it is to come. */
  page: ItemsPage | null;
  pageIndex: number;
  pageSize: number;
  /**
   * The page is loading: the table is `aria-busy` and, while it has no rows, says so. Rows kept
   * from the previous answer of the same query (read again) have their status buttons disabled.
   */
  loading: boolean;
  /**
   * Status changes under way, as {@link busyKey}s (task and item): an item's buttons in `task` are
   * disabled while its change in `task` is; the same item listed in another task stays free.
   */
  busyItems: ReadonlySet<string>;
  onOpen(task: TaskJson, item: ItemJson): void;
  /** A status button: set `status`, or clear it when `clear` (the button was pressed). */
  onStatus(task: TaskJson, item: ItemJson, status: string, clear: boolean): void;
  onPage(pageIndex: number): void;
}

/** The item column: a table of items (open button, status badge, status buttons) and the pager. */
export function itemTableTemplate(p: ItemTableInput): TemplateResult {
  const task = p.task;
  const items = p.page?.items ?? [];
  const pages = p.page && p.page.totalItemsCount > 0 ? Math.max(1, Math.ceil(p.page.totalItemsCount / p.pageSize)) : 1;
  return html`<section class="col items" part="items" aria-labelledby="items-h">
      <h2 id="items-h">${msg('taskBoard.items')}</h2>
      ${
        task
          ? html`<table part="table" aria-labelledby="items-h" aria-busy=${String(p.loading)}>
        <thead><tr><th scope="col">${msg('taskBoard.filename')}</th><th scope="col">${msg('taskBoard.status')}</th><th scope="col">${msg('taskBoard.actions')}</th></tr></thead>
        <tbody>
          ${items.map((it) => itemRow(p, task, it))}
        </tbody>
      </table>
      ${
        items.length > 0
          ? nothing
          : p.loading
            ? html`<p class="empty loading" data-loading>${msg('common.loading')}</p>`
            : p.page
              ? html`<p class="empty">${msg('taskBoard.noItems')}</p>`
              : nothing
      }
      <nav class="pager" part="pager" aria-label=${msg('taskBoard.items')}>
        <button type="button" class="prev" ?disabled=${p.pageIndex === 0} @click=${() => p.onPage(p.pageIndex - 1)}>${msg('common.previousPage')}</button>
        <span>${msg('common.page', { page: p.pageIndex + 1, pages })}</span>
        <button type="button" class="next" ?disabled=${!p.page?.hasNextPage} @click=${() => p.onPage(p.pageIndex + 1)}>${msg('common.nextPage')}</button>
      </nav>`
          : nothing
      }
    </section>`;
}

function itemRow(p: ItemTableInput, task: TaskJson, it: ItemJson): TemplateResult {
  const { actions } = p;
  const name = typeof it.filename === 'string' ? it.filename : typeof it.name === 'string' ? it.name : it.id;
  // A change under way, or a page being read again (its statuses may be stale): the buttons wait.
  const busy = p.busyItems.has(busyKey(task.id, it.id)) || p.loading;
  // Open issues: an item without status that has some was sent back (it reads as the annotator's
  // list says); one with a status shows their count next to it.
  const issues = p.page?.openIssues?.[it.id] ?? 0;
  // Sent back with every issue marked fixed ('returned'): not new work, it waits for its annotator.
  const { state, status } = itemReviewState(it, task.id, issues);
  const sentBack = state === 'issue';
  const returned = state === 'returned';
  const chip = sentBack ? 'issue' : returned ? 'returned' : (status ?? '');
  return html`<tr data-id=${it.id} data-open-issues=${issues} @dblclick=${() => p.onOpen(task, it)}>
      <td class="file"><button type="button" class="open" part="item-open" aria-label=${msg('taskBoard.openItem', { name })} @click=${() => p.onOpen(task, it)}>${name}</button></td>
      <td><span class="status" part="status" data-status=${chip}
        style=${styleMap({ '--chip': sentBack || returned ? 'var(--dl-color-danger)' : statusColor(status, actions) })}
        title=${sentBack ? msg('taskBoard.openIssuesTitle') : returned ? msg('taskBoard.returnedTitle') : nothing}>
        <span class="dot" aria-hidden="true"></span>${sentBack ? msg('taskBoard.sentBack', { count: issues }) : returned ? msg('taskBoard.returned') : statusName(status, actions)}</span>${
          issues > 0 && !sentBack
            ? html` <span class="issues" part="issues" title=${msg('taskBoard.openIssuesTitle')}>${msg('taskBoard.openIssues', { count: issues })}</span>`
            : nothing
        }</td>
      <td><div class="actions">${actions.map((a) => {
        const on = status === a.action;
        return html`<button type="button" part="action" class="action" data-action=${a.action} aria-pressed=${String(on)} ?disabled=${busy}
          style=${styleMap({ '--chip': a.color, '--on-chip': a.onColor })}
          title=${on ? msg('taskBoard.clearStatus', { name, status: a.displayName }) : msg('taskBoard.setStatus', { name, status: a.displayName })}
          @click=${() => p.onStatus(task, it, a.action, on)}>${a.displayName}</button>`;
      })}</div></td>
    </tr>`;
}
