import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { objectName } from 'dl-kit/components';
import { ModalFocus, modalStyles } from './modal.js';
import { screenStyles } from './styles.js';

/** The key held with Enter to send: ⌘ on Apple systems (the dialog takes Ctrl or ⌘ either way). */
const SEND_MOD = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

/**
 * What a rejection is pinned to, as the dialog names it: `Car box`; on a video a track by its object
 * name and the frame the reviewer sees, `Car #1 box at frame 40` (the issue keeps that frame, and the
 * annotator's Show goes there). `label` is the label's display name; `ordinal` the number the object
 * list gives the shape where another reads the same (`Car box 2`, the layer's `objectOrdinal`).
 */
export function pinnedShapeName(
  shape: { type?: string; metadata?: { system?: { objectId?: string | number | null } } },
  label: string,
  frame: number | null,
  ordinal = 0,
): string {
  const type = shape.type === 'segment' ? 'polygon' : shape.type === 'binary' ? 'mask' : shape.type;
  const kind = ordinal ? `${type} ${ordinal}` : type;
  if (frame === null) return `${label} ${kind}`;
  return `${objectName(label, shape.metadata?.system?.objectId ?? null)} ${kind} at frame ${frame}`;
}

/** `detail` of the `reject` event. */
export interface RejectDetail {
  message: string;
}

/**
 * Asks the reviewer what needs fixing before an item goes back to its annotator. The issue is
 * pinned to `shapeName` (the selected shape) or, with none, to the whole item. A line under the
 * field says that Ctrl+Enter sends (Enter adds a line, as in any text area).
 *
 * @fires reject - `detail: { message }`: send it back.
 * @fires close - Cancelled.
 */
@customElement('demo-reject-dialog')
export class DemoRejectDialog extends LitElement {
  static override styles = [
    screenStyles,
    modalStyles,
    css`
      /* Docked at the bottom right, the page dimmed lightly: the reviewer describes what they see, so
         the picture (left of the side panel) stays in view while they type. Centred, at 1024x700 it
         covered the frame and the timeline (an annotator's walk). */
      :host { align-items: flex-end; justify-content: flex-end; padding: 12px; box-sizing: border-box;
        background: rgba(10, 14, 22, 0.25); }
      .box { width: min(360px, 100%); max-height: calc(100vh - 24px); padding: 16px 20px; }
      textarea { width: 100%; min-height: 90px; resize: vertical; }
      label { display: block; margin-bottom: 6px; font-weight: 600; }
      .hint { margin: 6px 0 0; font-size: 13px; }
    `,
  ];
  /**
   * What the issue is pinned to, as the reviewer sees it (`Car box`, on a video `Car #1 box at frame
   * 40`: {@link pinnedShapeName}), or `null` for the whole item.
   */
  @property() shapeName: string | null = null;
  @property({ type: Boolean }) busy = false;
  @state() private message = '';
  private modal = new ModalFocus(() => this.renderRoot as ShadowRoot);

  override firstUpdated(): void {
    this.modal.open(this.renderRoot.querySelector('textarea'));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.modal.close();
  }

  private submit(e: Event): void {
    e.preventDefault();
    const message = this.message.trim() || 'Please check this again.';
    this.dispatchEvent(new CustomEvent<RejectDetail>('reject', { detail: { message } }));
  }

  private onKey(e: KeyboardEvent): void {
    this.modal.trap(e);
    if (e.key === 'Escape') {
      e.stopPropagation();
      this.dispatchEvent(new Event('close'));
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) this.submit(e);
    // The page's own keys (A, I, N...) must not act while typing here.
    e.stopPropagation();
  }

  override render() {
    return html`<form class="box" role="dialog" aria-modal="true" aria-labelledby="t" @submit=${this.submit} @keydown=${this.onKey}>
      <h2 id="t">Reject and send back</h2>
      <p class="muted" data-pinned>${this.shapeName ? html`The issue is pinned to the selected <strong>${this.shapeName}</strong>.` : 'No shape is selected: the issue is about the whole item.'}</p>
      <label for="msg">What needs fixing?</label>
      <textarea id="msg" aria-describedby="send-hint" .value=${this.message} @input=${(e: Event) => (this.message = (e.target as HTMLTextAreaElement).value)}
        placeholder="e.g. the box is loose: fit it to the car"></textarea>
      <p class="muted hint" id="send-hint" data-send-hint><kbd>${SEND_MOD}</kbd>+<kbd>Enter</kbd> sends; Enter adds a line.</p>
      <div class="actions">
        <button type="button" @click=${() => this.dispatchEvent(new Event('close'))}>Cancel</button>
        <button type="submit" class="danger" data-action="confirm-reject" ?disabled=${this.busy}>${this.busy ? 'Sending…' : 'Reject'}${nothing}</button>
      </div>
    </form>`;
  }
}
