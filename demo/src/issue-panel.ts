import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { screenStyles } from './styles.js';
import type { OpenIssue } from './review-io.js';

/**
 * The open issues of an item, above the image: the reviewer's message and what it is pinned to;
 * and, for the reviewer, the issues the annotator marked fixed (to check before approving).
 *
 * @fires issue-show - `detail: { issue }`: select the issue's shape on the image.
 * @fires issue-fixed - `detail: { issue }`: the annotator says it is fixed.
 */
@customElement('demo-issues')
export class DemoIssues extends LitElement {
  static override styles = [
    screenStyles,
    css`
      :host { display: block; }
      section { border: 1px solid var(--dl-color-danger); border-radius: var(--dl-radius-lg); padding: 8px 12px; margin-bottom: 8px;
        background: color-mix(in srgb, var(--dl-color-danger) 6%, var(--dl-color-surface-raised)); }
      h2 { margin: 0 0 6px; font-size: 14px; color: var(--dl-color-danger); }
      section[data-fixed] { border-color: var(--dl-color-success);
        background: color-mix(in srgb, var(--dl-color-success) 6%, var(--dl-color-surface-raised)); }
      section[data-fixed] h2 { color: var(--dl-color-success); }
      ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
      li { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
      .msg { flex: 1; min-width: 12rem; }
      button { min-height: 28px; padding: 3px 10px; }
    `,
  ];
  @property({ attribute: false }) issues: OpenIssue[] = [];
  /** Issues the annotator marked fixed (annotation status `review`): shown for the reviewer to check. */
  @property({ attribute: false }) fixed: OpenIssue[] = [];
  /** Display names of labels by tag (the ontology's). */
  @property({ attribute: false }) labelNames: Map<string, string> = new Map();
  /** Show "Mark fixed" (the annotator's answer). */
  @property({ type: Boolean }) canFix = false;

  /** Brings the open issues into view and focuses the first one's first button (an issue without a shape). */
  focusFirst(): void {
    const section = this.renderRoot.querySelector<HTMLElement>('[data-issues]');
    section?.scrollIntoView({ block: 'nearest' });
    section?.querySelector<HTMLElement>('button')?.focus();
  }

  private name(i: OpenIssue): string {
    if (!i.shape) return 'the whole item';
    const label = this.labelNames.get(i.shape.label) ?? i.shape.label;
    const kind = i.shape.type === 'segment' ? 'polygon' : i.shape.type === 'binary' ? 'mask' : i.shape.type;
    return `${label} ${kind}`;
  }

  private fire(type: string, issue: OpenIssue): void {
    this.dispatchEvent(new CustomEvent(type, { detail: { issue }, bubbles: true, composed: true }));
  }

  private list(issues: OpenIssue[], open: boolean) {
    return html`<ul>
        ${issues.map(
          (i) => html`<li data-issue=${open ? 'open' : 'fixed'}>
            <span class="msg"><strong>${i.message || 'Marked as an issue'}</strong>
              <span class="muted"> — on ${this.name(i)}${i.author ? `, from ${i.author}` : ''}</span></span>
            ${i.shape ? html`<button @click=${() => this.fire('issue-show', i)}>Show</button>` : nothing}
            ${open && this.canFix ? html`<button class="primary" data-action="mark-fixed" @click=${() => this.fire('issue-fixed', i)}>Mark fixed</button>` : nothing}
          </li>`,
        )}
      </ul>`;
  }

  override render() {
    const n = this.issues.length;
    const f = this.fixed.length;
    if (!n && !f) return nothing;
    return html`${
      n
        ? html`<section aria-labelledby="h" data-issues>
          <h2 id="h">${n === 1 ? '1 open issue' : `${n} open issues`}</h2>
          ${this.list(this.issues, true)}
        </section>`
        : nothing
    }${
      f
        ? html`<section aria-labelledby="hf" data-fixed>
          <h2 id="hf">${f === 1 ? '1 issue marked fixed: check it' : `${f} issues marked fixed: check them`}</h2>
          ${this.list(this.fixed, false)}
        </section>`
        : nothing
    }`;
  }
}
