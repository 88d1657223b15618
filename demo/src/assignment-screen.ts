import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { client, session } from './session.js';
import { screenStyles } from './styles.js';
import { go, href } from './router.js';
import { errorText, toJson } from './json.js';
import { assignmentItems } from './item-navigation.js';

type Json = Record<string, any>;

/** An annotator's assignment: progress, "next item to label", and every item with its status. */
@customElement('demo-assignment')
export class DemoAssignment extends LitElement {
  static override styles = [
    screenStyles,
    css`
      table { border-collapse: collapse; width: 100%; max-width: 820px; }
      td, th { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e3e7ee; }
      .st { font-size: 12px; border-radius: 10px; padding: 1px 8px; background: #e3e7ee; }
      .st[data-s='completed'] { background: #d6f0d8; color: #1f6b24; }
      .st[data-s='discard'] { background: #fde2df; color: #8c1d12; }
    `,
  ];
  @property() assignmentId = '';
  @state() private assignment: Json | null = null;
  @state() private items: Json[] | null = null;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const c = client();
      this.assignment = toJson(await c.assignments.get(this.assignmentId));
      this.items = await assignmentItems(this.assignmentId);
    } catch (e) {
      this.error = errorText(e);
    }
  }

  private statusOf(item: Json): string {
    const ref = (item.metadata?.system?.refs ?? []).find((r: Json) => r.id === this.assignmentId);
    return ref?.metadata?.status ?? '';
  }

  private next(): void {
    const items = this.items ?? [];
    const i = items.findIndex((it) => !this.statusOf(it));
    if (i >= 0) go(href('assignments', this.assignmentId, 'items', items[i]!.id, { i: String(i) }));
  }

  override render() {
    const a = this.assignment;
    const items = this.items ?? [];
    const done = items.filter((i) => this.statusOf(i)).length;
    const left = items.length - done;
    return html`<div class="row"><h1 style="margin: 0">${a?.name ?? 'My assignment'}</h1><span class="muted">${session()?.email}</span></div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${
        this.items
          ? html`<div class="row" style="margin: 12px 0">
              <progress max=${items.length || 1} .value=${done} aria-label="Assignment progress"></progress>
              <span data-assignment-progress>${done} of ${items.length} done</span>
              <button class="primary" data-action="next-to-label" ?disabled=${!left} @click=${this.next}>${left ? 'Next item to label →' : 'All done'}</button>
            </div>
            <table>
              <thead><tr><th>#</th><th>File</th><th>Status</th></tr></thead>
              <tbody>
                ${items.map(
                  (it, i) => html`<tr>
                    <td>${i + 1}</td>
                    <td><a href=${href('assignments', this.assignmentId, 'items', it.id, { i: String(i) })} data-item=${it.id}>${it.filename}</a></td>
                    <td><span class="st" data-s=${this.statusOf(it)}>${this.statusOf(it) || 'to do'}</span></td>
                  </tr>`,
                )}
              </tbody>
            </table>`
          : html`<p class="muted">Loading…</p>`
      }`;
  }
}
