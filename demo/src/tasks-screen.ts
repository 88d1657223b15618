import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { DlTaskBoard } from 'dl-kit/components';
import { client } from './session.js';
import { screenStyles } from './styles.js';
import { go, href } from './router.js';
import { errorText, toJson } from './json.js';
import { itemLink, taskListQuery, type ItemContext } from './item-context.js';

// biome-ignore lint/suspicious/noExplicitAny: platform JSON (items, tasks, annotations) is read field by field.
type Json = Record<string, any>;

const DRAFT_KEY = 'dl-kit-demo:task-draft:';

/** Hands a task draft (a dataset query or a selection) to the task board screen. */
export function saveTaskDraft(draft: Json): string {
  const key = Math.random().toString(36).slice(2, 10);
  sessionStorage.setItem(DRAFT_KEY + key, JSON.stringify(draft));
  return key;
}

/**
 * Managers' view: `<dl-task-board>` over the project's tasks with the manager tools on (new task
 * from a dataset query or a selection, with assignees and their share; reassign), both through the
 * dl-kit client, i.e. the platform's REST calls. Opening an item keeps the task's order and
 * context: its page steps through the task's items and goes back here, to the same task.
 */
@customElement('demo-tasks')
export class DemoTasks extends LitElement {
  static override styles = [
    screenStyles,
    css`
      :host { display: flex; flex-direction: column; min-height: 0; gap: 10px; }
      dl-task-board { flex: 1; min-height: 0; overflow: auto; }
    `,
  ];
  @property() projectId = '';
  /** Task (and assignment) to select, from the URL. */
  @property() taskId = '';
  @property() assignmentId = '';
  /** Key of a saved task draft (see {@link saveTaskDraft}). */
  @property() draftKey = '';
  @state() private assignees: string[] = [];
  @state() private datasets: { id: string; name: string }[] = [];
  @state() private draft: Json | null = null;
  @state() private selected: { id: string; name: string } | null = null;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('draftKey') && this.draftKey) {
      try {
        this.draft = JSON.parse(sessionStorage.getItem(DRAFT_KEY + this.draftKey) ?? 'null');
      } catch {
        this.draft = null;
      }
    }
  }

  private async load(): Promise<void> {
    try {
      const c = client();
      const members = await c.http.json<Json[]>({ method: 'GET', path: `/projects/${this.projectId}/members` });
      this.assignees = members
        .filter((m) => m.role === 'annotator')
        .map((m) => m.email as string)
        .sort();
      this.datasets = (await c.datasets.list({ projectId: this.projectId })).map((d: unknown) => {
        const j = toJson(d);
        return { id: j.id, name: j.name };
      });
    } catch (e) {
      this.error = errorText(e);
    }
  }

  override async firstUpdated(): Promise<void> {
    // The board selects a task by itself once loaded: show its "Review" link then.
    await (this.renderRoot.querySelector('dl-task-board') as DlTaskBoard | null)?.whenSettled();
    this.requestUpdate();
  }

  /** Keeps the board's selection in the URL, so Back from an item (or a reload) returns to it. */
  private selectedChanged(e: CustomEvent<{ task: Json; assignment: Json | null }>): void {
    const t = e.detail.task;
    this.selected = { id: t.id, name: t.name };
    const link = href('projects', this.projectId, 'tasks', { task: t.id, assignment: e.detail.assignment?.id });
    history.replaceState(null, '', link);
  }

  private async open(
    e: CustomEvent<{ item: Json; task: Json; assignment: Json | null; index: number }>,
  ): Promise<void> {
    const { item, task, assignment } = e.detail;
    const ctx: ItemContext = { kind: 'task', taskId: task.id, assignmentId: assignment?.id };
    let index = e.detail.index;
    if (index < 0) {
      // The board's page was filtered: find the item's place in the task's own order.
      try {
        const pages = await client()
          .dataset(task.datasetId)
          .items.list(taskListQuery(ctx) as never, { pageSize: 1000 });
        let at = 0;
        for await (const page of pages.fromLoaded()) {
          const i = page.findIndex((x: unknown) => toJson(x).id === item.id);
          if (i >= 0) {
            index = at + i;
            break;
          }
          at += page.length;
        }
      } catch {
        /* no position: the item page still opens, without prev / next */
      }
    }
    go(itemLink(ctx, { id: item.id, index }));
  }

  override render() {
    const board = this.renderRoot.querySelector('dl-task-board') as DlTaskBoard | null;
    const sel =
      this.selected ??
      (board?.selectedTask ? { id: board.selectedTask.id, name: String(board.selectedTask.name) } : null);
    return html`<div class="row">
        <a class="button" href=${href('projects', this.projectId)}>← Project</a>
        <h1 style="margin: 0">Task board</h1>
        <span class="spacer"></span>
        ${sel ? html`<a class="button" data-link="review" href=${href('tasks', sel.id, 'review')}>Review “${sel.name}” →</a>` : nothing}
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <dl-task-board .client=${client()} project-id=${this.projectId} manage
        .assignees=${this.assignees} .datasets=${this.datasets} .draft=${this.draft}
        .taskId=${this.taskId || null} .assignmentId=${this.assignmentId || null}
        @dl-task-select=${this.selectedChanged}
        @dl-task-create=${() => (this.draft = null)}
        @dl-item-open=${this.open}></dl-task-board>`;
  }
}
