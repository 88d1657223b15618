import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { plural } from './styles.js';

/**
 * Asks before an annotator completes an item that still has open issues (a reviewer's notes not
 * marked fixed): completing would send it to review with them silently open. Focus starts on
 * "Show issue" (the safe choice, so Enter shows it); Escape cancels; focus returns where it was.
 *
 * @fires show - Go to the first open issue.
 * @fires complete - Complete anyway.
 * @fires close - Cancelled (Escape, Cancel or a click outside).
 */
@customElement('demo-open-issues-dialog')
export class DemoOpenIssuesDialog extends ConfirmDialog {
  /** How many issues are still open. */
  @property({ type: Number }) count = 0;
  protected readonly firstAction = 'show-issue';

  override render() {
    const n = this.count;
    return html`<div class="box" role="dialog" aria-modal="true" aria-labelledby="t" aria-describedby="d" @keydown=${this.onKey}>
      <h2 id="t">Complete with ${n === 1 ? 'an open issue' : 'open issues'}?</h2>
      <p id="d" data-open-count>${n === 1 ? '1 issue is' : `${plural(n, 'issue')} are`} still open: the reviewer will get the item back with ${n === 1 ? 'it' : 'them'} not marked fixed.</p>
      <div class="actions">
        <button type="button" data-action="cancel" @click=${() => this.fire('close')}>Cancel</button>
        <button type="button" data-action="complete-anyway" @click=${() => this.fire('complete')}>Complete anyway</button>
        <button type="button" class="primary" data-action="show-issue" @click=${() => this.fire('show')}>Show issue</button>
      </div>
    </div>`;
  }
}
