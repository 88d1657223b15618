import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ModalFocus, modalStyles } from './modal.js';
import { screenStyles } from './styles.js';
import { annotationShortcuts } from 'dl-kit/components';
import { PAGE_KEYS } from './shortcuts.js';

/**
 * The keyboard shortcuts of the labeling page, as a modal dialog. Focus moves to its Close
 * button when it opens, stays inside while open, and returns to where it was when it closes.
 *
 * @fires close - The user asked to close it (button, click outside).
 */
@customElement('demo-help-overlay')
export class DemoHelpOverlay extends LitElement {
  static override styles = [
    screenStyles,
    modalStyles,
    css`
      table { border-collapse: collapse; width: 100%; }
      th { text-align: start; font-size: 12px; color: var(--dl-color-text-muted); padding: 10px 8px 4px; }
      td { padding: 4px 8px; border-bottom: 1px solid var(--dl-color-border); }
    `,
  ];
  /** Show the reviewer's keys (approve / reject). */
  @property({ type: Boolean }) review = false;
  /** Show the annotator's complete key. */
  @property({ type: Boolean }) complete = false;
  private modal = new ModalFocus(() => this.renderRoot as ShadowRoot);

  constructor() {
    super();
    this.addEventListener('click', () => this.dispatchEvent(new Event('close')));
  }

  override firstUpdated(): void {
    this.modal.open(this.renderRoot.querySelector('button'));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.modal.close();
  }

  override render() {
    const page = Object.entries(PAGE_KEYS).filter(
      ([k]) =>
        (k !== 'approve' && k !== 'reject' && k !== 'complete') || (k === 'complete' ? this.complete : this.review),
    );
    return html`<div class="box" role="dialog" aria-modal="true" aria-labelledby="t" @click=${(e: Event) => e.stopPropagation()}
        @keydown=${(e: KeyboardEvent) => this.modal.trap(e)}>
      <h2 id="t">Keyboard shortcuts</h2>
      <table>
        <tr><th colspan="2">This page</th></tr>
        ${page.map(([, e]) => html`<tr><td><kbd>${e.keys}</kbd></td><td>${e.what}</td></tr>`)}
        ${annotationShortcuts().map(
          (g) => html`<tr><th colspan="2">${g.title}</th></tr>
            ${g.shortcuts.map((s) => html`<tr data-keys=${s.keys.join(' ')}><td>${s.keys.map((k, i) => html`${i ? ' / ' : ''}<kbd>${k}</kbd>`)}</td><td>${s.description}</td></tr>`)}`,
        )}
      </table>
      <div class="actions"><button class="primary" @click=${() => this.dispatchEvent(new Event('close'))}>Close (Esc)</button></div>
    </div>`;
  }
}
