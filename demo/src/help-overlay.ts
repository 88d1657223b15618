import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ModalFocus, modalStyles } from './modal.js';
import { screenStyles } from './styles.js';
import { PAGE_KEYS } from './shortcuts.js';
import { renderShortcuts, shortcutStyles } from './shortcut-list.js';

/**
 * The keyboard shortcuts of the labeling page, as a modal dialog: a header (title, a filter box,
 * Close) that stays in view, and under it the sections in columns that reflow with the width (each
 * section whole in one column). Where the list is taller than the screen (a narrow window, a video's
 * longer list) only the list scrolls, under the header. Focus moves to Close when it opens, stays
 * inside while open, and returns to where it was when it closes. Typing a letter filters (the keys
 * of the page under it do not run); Escape empties the filter, then closes.
 *
 * @fires close - The user asked to close it (button, Escape, click outside).
 */
@customElement('demo-help-overlay')
export class DemoHelpOverlay extends LitElement {
  static override styles = [
    screenStyles,
    modalStyles,
    shortcutStyles,
    css`
      /* The box never scrolls: its header stays, its list (.shortcut-list) scrolls when it must. Columns of at
         least 280 px: three from ~1000 px wide, two at 800, one on a phone. */
      .box { max-width: 1180px; width: 96%; max-height: calc(100vh - 24px); box-sizing: border-box; padding: 12px 20px 8px;
        display: flex; flex-direction: column; overflow: hidden; }
      .head { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; padding-bottom: 8px;
        border-bottom: 1px solid var(--dl-color-border, #d8dde5); }
      h2 { margin: 0; }
      .filter { flex: 0 1 260px; min-width: 140px; font: inherit; font-size: 13px; padding: 5px 8px; border-radius: 6px;
        border: 1px solid var(--dl-color-border, #cfd5df); background: var(--dl-color-surface, #fff); color: var(--dl-color-text, inherit); }
      .actions { margin: 0 0 0 auto; }
      .shortcut-list { overflow: auto; min-height: 0; flex: 0 1 auto; padding-top: 8px; }
      .shortcut-list:focus-visible { outline: 2px solid var(--dl-color-focus, #2563eb); outline-offset: -2px; }
      .shortcut-groups { columns: 3 280px; column-gap: 20px; }
      .shortcut-group { margin-block-end: 8px; }
      .shortcut-group td { padding-block: 1px; line-height: 1.35; }
      /* A video page lists the track and frame keys too: wider columns, each wide enough for its keys. */
      :host([video]) .box { max-width: 1400px; }
      :host([video]) .shortcut-groups { columns: 3 360px; }
      :host([video]) .shortcut-group td { padding-block: 2px; }
    `,
  ];
  /** Show the reviewer's keys (approve / reject). */
  @property({ type: Boolean }) review = false;
  /** Show the annotator's complete key. */
  @property({ type: Boolean }) complete = false;
  /** List the video keys (play, step): the item is a video. */
  @property({ type: Boolean }) video = false;
  /** The filter's text. */
  @state() private filter = '';
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

  private onKey(e: KeyboardEvent): void {
    this.modal.trap(e);
    const input = this.renderRoot.querySelector<HTMLInputElement>('input.filter')!;
    const inFilter = e.composedPath()[0] === input;
    if (e.key === 'Escape') {
      // The page does not hear keys from a field: the dialog closes itself.
      e.preventDefault();
      if (inFilter && this.filter) this.filter = '';
      else this.dispatchEvent(new Event('close'));
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || e.key.length !== 1) return;
    if (inFilter) e.stopPropagation();
    // A letter typed anywhere in the dialog goes to the filter (focus moved in keydown: the
    // character lands there), and not to the page under it (N would open the next item).
    else if (e.key !== ' ' && e.key !== '?') {
      e.stopPropagation();
      input.focus();
    }
  }

  override render() {
    const page = Object.entries(PAGE_KEYS).filter(
      ([k]) =>
        (k !== 'approve' && k !== 'reject' && k !== 'complete' && k !== 'undo') ||
        (k === 'complete' ? this.complete : k === 'undo' ? this.complete || this.review : this.review),
    );
    return html`<div class="box" role="dialog" aria-modal="true" aria-labelledby="t" @click=${(e: Event) => e.stopPropagation()}
        @keydown=${(e: KeyboardEvent) => this.onKey(e)}>
      <div class="head">
        <h2 id="t">Keyboard shortcuts</h2>
        <input class="filter" type="search" aria-label="Filter shortcuts" placeholder="Filter: a key or a word"
          .value=${this.filter} @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)} />
        <div class="actions"><button class="primary" @click=${() => this.dispatchEvent(new Event('close'))}>Close (Esc)</button></div>
      </div>
      <div class="shortcut-list" tabindex="0" role="region" aria-label="Shortcuts">
        ${renderShortcuts(
          page.map(([, e]) => [e.keys, e.what]),
          this.video,
          this.filter,
        )}
      </div>
    </div>`;
  }
}
