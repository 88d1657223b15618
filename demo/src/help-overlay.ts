import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ModalFocus, modalStyles } from './modal.js';
import { screenStyles } from './styles.js';
import { PAGE_KEYS } from './shortcuts.js';
import { renderShortcuts, shortcutStyles } from './shortcut-list.js';

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
    shortcutStyles,
    css`
      /* Three columns of shortcuts from ~1000 px wide, two below; rows tight enough that the whole
         list fits 1024x700 and 1280x800 without scrolling (each section whole in its column). */
      .box { max-width: 1180px; width: 96%; max-height: calc(100vh - 24px); box-sizing: border-box; padding: 12px 20px; }
      h2 { margin-bottom: 6px; }
      .actions { margin-top: 4px; }
      .shortcut-groups { columns: 3 280px; column-gap: 20px; }
      .shortcut-group { margin-block-end: 8px; }
      .shortcut-group td { padding-block: 1px; line-height: 1.35; }
      /* A video page lists the track and frame keys too: three columns where the screen is wide enough
         (1440 px: the list fits without scrolling), two below (each column wide enough for its keys). */
      :host([video]) .box { max-width: 1400px; }
      :host([video]) .shortcut-groups { columns: 3 360px; }
      /* Its sections are whole in their columns, so the longest column is longer: tighter rows. */
      :host([video]) .shortcut-group td { padding-block: 2px; }
    `,
  ];
  /** Show the reviewer's keys (approve / reject). */
  @property({ type: Boolean }) review = false;
  /** Show the annotator's complete key. */
  @property({ type: Boolean }) complete = false;
  /** List the video keys (play, step): the item is a video. */
  @property({ type: Boolean }) video = false;
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
        (k !== 'approve' && k !== 'reject' && k !== 'complete' && k !== 'undo') ||
        (k === 'complete' ? this.complete : k === 'undo' ? this.complete || this.review : this.review),
    );
    return html`<div class="box" role="dialog" aria-modal="true" aria-labelledby="t" @click=${(e: Event) => e.stopPropagation()}
        @keydown=${(e: KeyboardEvent) => this.modal.trap(e)}>
      <h2 id="t">Keyboard shortcuts</h2>
      ${renderShortcuts(
        page.map(([, e]) => [e.keys, e.what]),
        this.video,
      )}
      <div class="actions"><button class="primary" @click=${() => this.dispatchEvent(new Event('close'))}>Close (Esc)</button></div>
    </div>`;
  }
}
