import { LitElement } from 'lit';
import { ModalFocus, modalStyles } from './modal.js';
import { screenStyles } from './styles.js';

/**
 * The demo's "complete anyway?" questions (open issues, required attributes unset): a modal box
 * whose focus starts on the safe choice ({@link ConfirmDialog.firstAction}), Tab stays inside,
 * Escape or a click outside cancels (`close`), the page's own keys do not act behind it, and focus
 * returns where it was. A subclass renders the box with `@keydown=${this.onKey}` on it and its
 * buttons calling {@link ConfirmDialog.fire}.
 *
 * @fires close - Cancelled (Escape, Cancel or a click outside).
 */
export abstract class ConfirmDialog extends LitElement {
  static override styles = [screenStyles, modalStyles];
  /** The `data-action` of the control focused when the dialog opens (the safe choice, so Enter takes it). */
  protected abstract readonly firstAction: string;
  private readonly modal = new ModalFocus(() => this.renderRoot as ShadowRoot);

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('click', this.onOutside);
  }

  override firstUpdated(): void {
    this.modal.open(this.renderRoot.querySelector<HTMLElement>(`[data-action="${this.firstAction}"]`));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('click', this.onOutside);
    this.modal.close();
  }

  private readonly onOutside = (e: Event): void => {
    if (e.target === this) this.fire('close');
  };

  /** Tells the page what was chosen: `close` or the subclass's own answers. */
  protected fire(type: string): void {
    this.dispatchEvent(new Event(type));
  }

  /** The box's keydown: Tab kept inside, Escape cancels, nothing reaches the page's keys. */
  protected onKey(e: KeyboardEvent): void {
    this.modal.trap(e);
    if (e.key === 'Escape') this.fire('close');
    // The page's own keys (Ctrl+Enter, N, A...) must not act behind the dialog.
    e.stopPropagation();
  }
}
