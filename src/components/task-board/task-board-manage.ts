import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { msg } from '../strings.js';
import type { AssignmentJson, NewTask, TaskBoardSource, TaskJson, WorkloadEntry } from './task-board-source.js';
import { equalWorkload, workloadTotal } from './workload.js';
import './task-board-strings.js';

/**
 * What a new task starts from: a dataset query or a selection the host made (e.g. the filtered
 * grid, or items picked in it). Set as `<dl-task-board>.draft`; the board opens its form with it.
 */
export interface TaskDraft {
  datasetId: string;
  /** DQL body of the items (a dataset query). */
  query?: Record<string, unknown>;
  /** Exactly these items (a selection); wins over `query`. */
  itemIds?: string[];
  /** What the items are, as the user chose them (e.g. "24 items in /val"). */
  description?: string;
  /** Suggested task name. */
  name?: string;
}

/** A dataset the form offers when there is no draft. */
export interface DatasetChoice {
  id: string;
  name: string;
}

/** What the controller reads from and calls on the board. */
export interface ManageContext {
  source(): TaskBoardSource;
  assignees(): readonly string[];
  datasets(): readonly DatasetChoice[];
  task(): TaskJson | null;
  assignment(): AssignmentJson | null;
  /**
   * Whether the task's assignments are being read (again): the selected one shown is the previous
   * answer, which the new one may drop or change, so "Reassign" waits for it.
   */
  assignmentsLoading(): boolean;
  /** After a create: reload the tasks, select the new one, fire the event. */
  created(task: TaskJson): Promise<void>;
  /** After a reassign: reload the assignments, fire the event. */
  reassigned(task: TaskJson, assignment: AssignmentJson, annotator: string): Promise<void>;
  fail(e: unknown): void;
}

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The task board's manager tools: the "New task" form (name, items, assignees with their share
 * of the workload, priority, due date) and "Reassign" for the selected assignment. Both go
 * through the source (`createTask`, `reassign`), i.e. the platform's REST contract.
 */
export class ManageController implements ReactiveController {
  open = false;
  busy = false;
  problem = '';
  private name = '';
  private datasetId = '';
  private draft: TaskDraft | null = null;
  private chosen = new Map<string, number>();
  private priority: 1 | 2 | 3 = 2;
  private due = isoDay(Date.now() + 7 * DAY);
  private reassignTo = '';

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly ctx: ManageContext,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Opens the form, empty or from a draft. */
  start(draft: TaskDraft | null = null): void {
    this.draft = draft;
    this.open = true;
    this.problem = '';
    this.name = draft?.name ?? '';
    this.datasetId = draft?.datasetId ?? this.ctx.datasets()[0]?.id ?? '';
    const all = [...this.ctx.assignees()];
    this.chosen = new Map(equalWorkload(all).map((w) => [w.assigneeId, w.load]));
    this.priority = 2;
    this.due = isoDay(Date.now() + 7 * DAY);
    this.host.requestUpdate();
    void this.host.updateComplete.then(() =>
      (this.host.shadowRoot?.querySelector('.create input[name="name"]') as HTMLInputElement | null)?.focus(),
    );
  }

  /** The host's assignee list changed: a form opened before it arrived (nobody chosen yet) splits over it. */
  assigneesChanged(): void {
    if (!this.open || this.chosen.size) return;
    this.chosen = new Map(equalWorkload([...this.ctx.assignees()]).map((w) => [w.assigneeId, w.load]));
    this.host.requestUpdate();
  }

  close(): void {
    this.open = false;
    this.problem = '';
    this.host.requestUpdate();
    void this.host.updateComplete.then(() =>
      (this.host.shadowRoot?.querySelector('.new-task') as HTMLButtonElement | null)?.focus(),
    );
  }

  private workload(): WorkloadEntry[] {
    return [...this.chosen].map(([assigneeId, load]) => ({ assigneeId, load }));
  }

  private toggle(email: string, on: boolean): void {
    const names = this.ctx.assignees().filter((a) => (a === email ? on : this.chosen.has(a)));
    // Changing who takes part re-splits equally: shares typed for the old set no longer add up.
    this.chosen = new Map(equalWorkload(names).map((w) => [w.assigneeId, w.load]));
    this.host.requestUpdate();
  }

  private setLoad(email: string, v: number): void {
    this.chosen.set(email, Number.isFinite(v) ? Math.max(0, Math.min(100, Math.round(v))) : 0);
    this.host.requestUpdate();
  }

  // Arrow functions: Lit calls event listeners with `this` = the host element, not this controller.
  private readonly split = (): void => {
    this.chosen = new Map(equalWorkload([...this.chosen.keys()]).map((w) => [w.assigneeId, w.load]));
    this.host.requestUpdate();
  };

  private readonly submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const w = this.workload();
    const total = workloadTotal(w);
    this.problem = !this.name.trim()
      ? msg('taskBoard.needName')
      : !w.length
        ? msg('taskBoard.needAssignee')
        : total !== 100
          ? msg('taskBoard.needTotal', { total })
          : '';
    if (this.problem || !this.ctx.source().createTask) return this.host.requestUpdate();
    const d = this.draft;
    const spec: NewTask = {
      name: this.name.trim(),
      datasetId: d?.datasetId ?? this.datasetId,
      ...(d?.itemIds ? { itemIds: d.itemIds } : d?.query ? { query: d.query } : {}),
      workload: w,
      priority: this.priority,
      dueDate: new Date(`${this.due}T23:59:59`).getTime(),
    };
    this.busy = true;
    this.host.requestUpdate();
    try {
      const task = await this.ctx.source().createTask!(spec);
      this.open = false;
      await this.ctx.created(task);
    } catch (err) {
      this.problem = err instanceof Error ? err.message : String(err);
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  };

  /** The annotator chosen for assignment `a`: `''` when none, or when it is `a`'s own annotator now. */
  private target(a: AssignmentJson): string {
    return this.reassignTo && this.reassignTo !== a.annotator ? this.reassignTo : '';
  }

  private readonly reassign = async (): Promise<void> => {
    const task = this.ctx.task();
    const a = this.ctx.assignment();
    // Never on an assignment shown from the previous answer while the list is read again.
    if (!task || !a || this.ctx.assignmentsLoading() || !this.ctx.source().reassign) return;
    const to = this.target(a);
    if (!to) return;
    this.busy = true;
    this.host.requestUpdate();
    try {
      await this.ctx.source().reassign!(task, a, to);
      this.reassignTo = '';
      await this.ctx.reassigned(task, a, to);
    } catch (err) {
      this.ctx.fail(err);
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  };

  /** The "New task" button of the toolbar (when the source can create tasks). */
  renderButton(): TemplateResult | typeof nothing {
    if (!this.ctx.source().createTask || this.open) return nothing;
    return html`<button type="button" class="new-task" part="new-task" @click=${() => this.start(null)}>${msg('taskBoard.newTask')}</button>`;
  }

  /** The form, while open. */
  renderForm(): TemplateResult | typeof nothing {
    if (!this.open) return nothing;
    const assignees = this.ctx.assignees();
    const total = workloadTotal(this.workload());
    const d = this.draft;
    return html`<form class="create" part="create-form" aria-labelledby="create-h" @submit=${this.submit}
        @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.close()}>
      <h2 id="create-h">${msg('taskBoard.createTitle')}</h2>
      <div class="fields">
        <label>${msg('taskBoard.taskName')}
          <input name="name" aria-required="true" .value=${this.name} @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)} />
        </label>
        ${
          d
            ? html`<p class="source" data-draft><span class="k">${msg('taskBoard.itemsSource')}</span> ${d.description ?? ''}</p>`
            : html`<label>${msg('taskBoard.dataset')}
              <select name="dataset" @change=${(e: Event) => (this.datasetId = (e.target as HTMLSelectElement).value)}>
                ${this.ctx.datasets().map((x) => html`<option value=${x.id} ?selected=${x.id === this.datasetId}>${x.name}</option>`)}
              </select></label>
              <p class="source"><span class="k">${msg('taskBoard.itemsSource')}</span> ${msg('taskBoard.allDatasetItems')}</p>`
        }
        <label>${msg('taskBoard.priority')}
          <select name="priority" @change=${(e: Event) => (this.priority = Number((e.target as HTMLSelectElement).value) as 1 | 2 | 3)}>
            ${([1, 2, 3] as const).map((p) => html`<option value=${p} ?selected=${p === this.priority}>${msg(`taskBoard.priority.${p}`)}</option>`)}
          </select>
        </label>
        <label>${msg('taskBoard.dueDate')}
          <input type="date" name="due" .value=${this.due} @change=${(e: Event) => (this.due = (e.target as HTMLInputElement).value || this.due)} />
        </label>
      </div>
      <fieldset class="workload">
        <legend>${msg('taskBoard.assigneesLegend')}</legend>
        ${
          assignees.length
            ? assignees.map((a) => {
                const on = this.chosen.has(a);
                return html`<div class="assignee" data-assignee=${a}>
                  <label><input type="checkbox" .checked=${on} @change=${(e: Event) => this.toggle(a, (e.target as HTMLInputElement).checked)} /> ${a}</label>
                  <input type="number" min="0" max="100" step="1" class="load" aria-label=${msg('taskBoard.loadOf', { name: a })}
                    ?disabled=${!on} .value=${String(on ? this.chosen.get(a) : 0)}
                    @input=${(e: Event) => this.setLoad(a, (e.target as HTMLInputElement).valueAsNumber)} />
                </div>`;
              })
            : html`<p class="empty">${msg('taskBoard.noAssignees')}</p>`
        }
        <div class="total-row">
          <button type="button" class="split" @click=${this.split} ?disabled=${!this.chosen.size}>${msg('taskBoard.splitEqually')}</button>
          <span class="total ${total === 100 ? '' : 'bad'}" data-total>${msg('taskBoard.loadTotal', { total })}</span>
        </div>
      </fieldset>
      ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
      <div class="form-actions">
        <button type="button" @click=${() => this.close()}>${msg('taskBoard.cancel')}</button>
        <button type="submit" class="primary" ?disabled=${this.busy}>${this.busy ? msg('taskBoard.creating') : msg('taskBoard.create')}</button>
      </div>
    </form>`;
  }

  /**
   * "Give X's items to [annotator] [Reassign]" under the assignments, for the selected assignment.
   * The button is disabled while the assignments are read again (it would act on the previous
   * answer); the choice of annotator stays open meanwhile (it acts on nothing).
   */
  renderReassign(): TemplateResult | typeof nothing {
    const a = this.ctx.assignment();
    if (!a || !this.ctx.source().reassign) return nothing;
    const from = typeof a.annotator === 'string' ? a.annotator : a.id;
    const others = this.ctx.assignees().filter((x) => x !== a.annotator);
    if (!others.length) return nothing;
    const to = this.target(a);
    return html`<div class="reassign" part="reassign">
      <label>${msg('taskBoard.reassignLabel', { name: from })}
        <select name="reassign-to" @change=${(e: Event) => {
          this.reassignTo = (e.target as HTMLSelectElement).value;
          this.host.requestUpdate();
        }}>
          <option value="" ?selected=${!to}>—</option>
          ${others.map((x) => html`<option value=${x} ?selected=${x === to}>${x}</option>`)}
        </select>
      </label>
      <button type="button" class="reassign-go" ?disabled=${!to || this.busy || this.ctx.assignmentsLoading()} @click=${this.reassign}>${msg('taskBoard.reassign')}</button>
    </div>`;
  }
}
