import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { countOpenIssues, itemStatusIn, sentBackIn } from 'dl-kit/components';
import { client } from './session.js';
import { plural, screenStyles } from './styles.js';
import { go, href } from './router.js';
import { errorText, toJson } from './json.js';
import { itemLink, taskInfo, taskListQuery } from './item-context.js';
import { issueAnnotations, openIssueItems } from './review-io.js';

// biome-ignore lint/suspicious/noExplicitAny: platform JSON (items, tasks, annotations) is read field by field.
type Json = Record<string, any>;
type State = 'review' | 'issue' | 'rejected' | 'approved' | 'discard' | 'todo';

const GROUPS: { state: State; title: string }[] = [
  { state: 'review', title: 'To review: completed by the annotator' },
  { state: 'issue', title: 'Sent back: open issues' },
  { state: 'rejected', title: 'Sent back' },
  { state: 'approved', title: 'Approved' },
  { state: 'discard', title: 'Discarded' },
  { state: 'todo', title: 'To do' },
];

/**
 * The task item page the app's last route change left (same page, no reload), `null` when the
 * route left was no item page of a task: its row, or "Start review" and the walk. The review list
 * gives that item's row the keyboard when the reviewer comes back to it from there.
 */
let leftItem: { taskId: string; itemId: string } | null = null;
addEventListener('hashchange', (e) => {
  const old = new URL(e.oldURL).hash.replace(/^#\/?/, '').split('?')[0]!.split('/').map(decodeURIComponent);
  leftItem = old[0] === 'tasks' && old[1] && old[2] === 'items' && old[3] ? { taskId: old[1], itemId: old[3] } : null;
});

/**
 * The QA view of a task, for managers: its items by review state, the annotator of each, and
 * "Start review", which walks the completed items one by one (approve `A`, reject `I`).
 */
@customElement('demo-review')
export class DemoReview extends LitElement {
  static override styles = [
    screenStyles,
    css`
      section { margin-top: 16px; }
      table { border-collapse: collapse; width: 100%; max-width: 900px; table-layout: fixed; }
      th:first-child { width: 60%; }
      td, th { text-align: start; padding: 6px 8px; border-bottom: 1px solid var(--dl-color-border); }
      th { font-size: 12px; color: var(--dl-color-text-muted); }
      h2 .count { color: var(--dl-color-text-muted); font-weight: normal; }
    `,
  ];
  @property() taskId = '';
  @state() private task: Json | null = null;
  @state() private rows: { item: Json; state: State; annotator: string; fixes: number }[] | null = null;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const c = client();
      const task = await taskInfo(this.taskId);
      this.task = toJson(await c.tasks.get(this.taskId));
      const assignments = (await c.assignments.list({ taskId: this.taskId })).map((a: unknown) => toJson(a));
      const who = new Map(assignments.map((a) => [a.id, a.annotator as string]));
      const pages = await c
        .dataset(task.datasetId)
        .items.list(taskListQuery({ kind: 'task', taskId: this.taskId }) as never, {
          pageSize: 1000,
          cache: 'network-first',
        });
      const items: Json[] = [];
      for await (const page of pages.fromLoaded()) items.push(...page.map((i: unknown) => toJson(i)));
      const ids = items.map((i) => i.id);
      const [issues, fixed] = await Promise.all([
        openIssueItems(task.datasetId, ids),
        issueAnnotations(task.datasetId, ids, 'review'),
      ]);
      // Issues the annotator marked fixed (status `review`), per item, counted as the item page and
      // the task board count issues (a note with its shape is one, a shape without a note is one).
      const fixes = countOpenIssues(fixed, 'review');
      this.rows = items.map((item) => {
        const ref = (item.metadata?.system?.refs ?? []).find((r: Json) => who.has(r.id));
        const annotator = ref ? who.get(ref.id)! : '';
        const s = itemStatusIn(item, this.taskId);
        const state: State =
          s === 'completed'
            ? 'review'
            : s === 'approved' || s === 'discard'
              ? s
              : issues.has(item.id)
                ? 'issue'
                : sentBackIn(item, this.taskId, annotator || undefined)
                  ? 'rejected'
                  : 'todo';
        return { item, state, annotator, fixes: fixes[item.id] ?? 0 };
      });
    } catch (e) {
      this.error = errorText(e);
    }
  }

  /**
   * Once the rows are in, the list takes the keyboard (unless the reviewer already put it
   * somewhere). Coming back from an item of this task (same page: back from an item opened by its
   * row, or the list shown again after the last review) its row gets it, so the reviewer goes on
   * from where they were. Otherwise "Start review": Enter starts, as `A` / `I` then decide on the
   * item page; and with nothing to review (the button disabled) the heading, so the keyboard is
   * never left on <body> and the reviewer does not have to Tab through the header.
   */
  override updated(changed: Map<string, unknown>): void {
    if (!changed.has('rows') || changed.get('rows') !== null || !this.rows) return;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    const from = leftItem?.taskId === this.taskId ? leftItem.itemId : null;
    const row = from ? this.renderRoot.querySelector<HTMLElement>(`a[data-item="${CSS.escape(from)}"]`) : null;
    const start = this.renderRoot.querySelector<HTMLButtonElement>('[data-action="start-review"]');
    const target = row ?? (start && !start.disabled ? start : this.renderRoot.querySelector<HTMLElement>('h1'));
    target?.focus();
    if (row) row.scrollIntoView({ block: 'center' });
  }

  private start(): void {
    const first = (this.rows ?? []).find((r) => r.state === 'review');
    if (first) go(itemLink({ kind: 'task', taskId: this.taskId, review: true }, { id: first.item.id, index: 0 }));
  }

  override render() {
    const t = this.task;
    const rows = this.rows ?? [];
    const toReview = rows.filter((r) => r.state === 'review').length;
    return html`<div class="row">
        ${t ? html`<a class="button" href=${href('projects', t.projectId, 'tasks', { task: this.taskId })}>← Task board</a>` : nothing}
        <h1 style="margin: 0" tabindex="-1">Review: ${t?.name ?? ''}</h1>
        <span class="spacer"></span>
        ${this.rows ? html`<button class="primary" data-action="start-review" ?disabled=${!toReview} @click=${this.start}>${toReview ? `Start review (${plural(toReview, 'item')}) →` : 'Nothing to review'}</button>` : nothing}
      </div>
      <p class="muted">Approve with <kbd>A</kbd>; reject with <kbd>I</kbd>: it opens an issue on the selected shape (or the whole item) and sends the item back to its annotator, where it comes first.</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        this.rows === null
          ? this.error
            ? nothing
            : html`<p class="muted" role="status">Loading the task's items…</p>`
          : rows.length === 0
            ? html`<p class="empty" role="status">This task has no items.</p>`
            : GROUPS.map(({ state, title }) => {
                const list = rows.filter((r) => r.state === state);
                if (!list.length) return nothing;
                return html`<section data-group=${state} aria-labelledby="g-${state}">
                  <h2 id="g-${state}">${title} <span class="count">(${list.length})</span></h2>
                  <table>
                    <thead><tr><th>File</th><th>Annotator</th></tr></thead>
                    <tbody>${list.map(
                      (
                        r,
                      ) => html`<tr><td><a data-item=${r.item.id} href=${itemLink({ kind: 'task', taskId: this.taskId }, { id: r.item.id, index: rows.indexOf(r) })}>${r.item.filename}</a>${
                        r.fixes && r.state === 'review'
                          ? html` <span class="chip" data-s="completed" data-fixed-count title="The annotator marked these issues fixed: check them before approving">${r.fixes === 1 ? '1 fix to check' : `${r.fixes} fixes to check`}</span>`
                          : nothing
                      }</td>
                        <td class="muted">${r.annotator || '—'}</td></tr>`,
                    )}</tbody>
                  </table>
                </section>`;
              })
      }`;
  }
}
