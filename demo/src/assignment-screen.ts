import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { client } from './session.js';
import { plural, screenStyles } from './styles.js';
import { go, href } from './router.js';
import { errorText, toJson } from './json.js';
import { assignmentItems, type AssignmentEntry, type ItemFlag } from './item-context.js';

// biome-ignore lint/suspicious/noExplicitAny: platform JSON (items, tasks, annotations) is read field by field.
type Json = Record<string, any>;

const FLAG_TEXT: Record<ItemFlag, string> = { issue: 'Open issue', rejected: 'Sent back', todo: 'To do', done: '' };
const STATUS_TEXT: Record<string, string> = { completed: 'Completed', approved: 'Approved', discard: 'Discarded' };

/**
 * An annotator's assignment: progress, "next item to label", and every item with its status.
 * Items with an open issue and items a reviewer sent back come first, then the rest to do.
 */
@customElement('demo-assignment')
export class DemoAssignment extends LitElement {
  static override styles = [
    screenStyles,
    css`
      table { border-collapse: collapse; width: 100%; max-width: 860px; }
      td, th { text-align: start; padding: 6px 8px; border-bottom: 1px solid var(--dl-color-border); }
      th { font-size: 12px; color: var(--dl-color-text-muted); }
      tr[data-flag='issue'], tr[data-flag='rejected'] { background: color-mix(in srgb, var(--dl-color-danger) 6%, transparent); }
      .summary { margin: 12px 0; }
    `,
  ];
  @property() assignmentId = '';
  @state() private assignment: Json | null = null;
  @state() private items: AssignmentEntry[] | null = null;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.assignment = toJson(await client().assignments.get(this.assignmentId));
      this.items = await assignmentItems(this.assignmentId);
    } catch (e) {
      this.error = errorText(e);
    }
  }

  private next(): void {
    const items = this.items ?? [];
    const i = items.findIndex((e) => e.flag !== 'done');
    if (i >= 0) go(href('assignments', this.assignmentId, 'items', items[i]!.item.id, { i: String(i) }));
  }

  override render() {
    const a = this.assignment;
    const items = this.items ?? [];
    const done = items.filter((e) => e.flag === 'done').length;
    const left = items.length - done;
    const back = items.filter((e) => e.flag === 'issue' || e.flag === 'rejected').length;
    return html`<div class="row">
        ${a?.projectId ? html`<a class="button" href=${href('projects', a.projectId)}>← Project</a>` : nothing}
        <h1 style="margin: 0">${a?.name ?? 'My assignment'}</h1>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        this.items === null
          ? this.error
            ? nothing
            : html`<p class="muted" role="status">Loading your items…</p>`
          : items.length === 0
            ? html`<p class="empty" role="status">This assignment has no items yet.</p>`
            : html`<div class="row summary">
              <progress max=${items.length} .value=${done} aria-label="Assignment progress"></progress>
              <span data-assignment-progress>${done} of ${plural(items.length, 'item')} done</span>
              ${back ? html`<span class="chip" data-s="issue" data-sent-back>${plural(back, 'item')} sent back to you</span>` : nothing}
              <button class="primary" data-action="next-to-label" ?disabled=${!left} @click=${this.next}>${left ? 'Next item to label →' : 'All done'}</button>
            </div>
            <table>
              <thead><tr><th>#</th><th>File</th><th>Status</th></tr></thead>
              <tbody>
                ${items.map(
                  (e, i) => html`<tr data-flag=${e.flag}>
                    <td>${i + 1}</td>
                    <td><a href=${href('assignments', this.assignmentId, 'items', e.item.id, { i: String(i) })} data-item=${e.item.id}>${e.item.filename}</a></td>
                    <td><span class="chip" data-s=${e.flag === 'done' ? e.status : e.flag}>${e.flag === 'done' ? (STATUS_TEXT[e.status] ?? e.status) : FLAG_TEXT[e.flag]}</span></td>
                  </tr>`,
                )}
              </tbody>
            </table>`
      }`;
  }
}
