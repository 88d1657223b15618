import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { screenStyles } from './styles.js';
import type { OpenIssue } from './review-io.js';

/**
 * The open issues of an item, above the image: the reviewer's message and what it is pinned to.
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
      ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
      li { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
      .msg { flex: 1; min-width: 12rem; }
      button { min-height: 28px; padding: 3px 10px; }
    `,
  ];
  @property({ attribute: false }) issues: OpenIssue[] = [];
  /** Display names of labels by tag (the ontology's). */
  @property({ attribute: false }) labelNames: Map<string, string> = new Map();
  /** Show "Mark fixed" (the annotator's answer). */
  @property({ type: Boolean }) canFix = false;

  private name(i: OpenIssue): string {
    if (!i.shape) return 'the whole item';
    const label = this.labelNames.get(i.shape.label) ?? i.shape.label;
    const kind = i.shape.type === 'segment' ? 'polygon' : i.shape.type === 'binary' ? 'mask' : i.shape.type;
    return `${label} ${kind}`;
  }

  private fire(type: string, issue: OpenIssue): void {
    this.dispatchEvent(new CustomEvent(type, { detail: { issue }, bubbles: true, composed: true }));
  }

  override render() {
    if (!this.issues.length) return nothing;
    const n = this.issues.length;
    return html`<section aria-labelledby="h" data-issues>
      <h2 id="h">${n === 1 ? '1 open issue' : `${n} open issues`}</h2>
      <ul>
        ${this.issues.map(
          (i) => html`<li data-issue>
            <span class="msg"><strong>${i.message || 'Marked as an issue'}</strong>
              <span class="muted"> — on ${this.name(i)}${i.author ? `, from ${i.author}` : ''}</span></span>
            ${i.shape ? html`<button @click=${() => this.fire('issue-show', i)}>Show</button>` : nothing}
            ${this.canFix ? html`<button class="primary" data-action="mark-fixed" @click=${() => this.fire('issue-fixed', i)}>Mark fixed</button>` : nothing}
          </li>`,
        )}
      </ul>
    </section>`;
  }
}
