import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { screenStyles } from './styles.js';
import { errorText } from './json.js';
import { currentRoute } from './router.js';
import { controlTakes } from './page-keys.js';

/** A decision that can be taken back for a few seconds (approve, reject, discard). */
export interface UndoOffer {
  /** What was done: `Approved`, `Sent back`, `Discarded`. */
  text: string;
  /** What the status line says once undone: `Approval undone`. */
  undone: string;
  /** Puts things back as they were (through the REST client). */
  undo: () => Promise<void>;
  /**
   * The decision's own move on (to the next item, or back to the task board), when it has one: the
   * toast goes along to the page it lands on. Only leaving that page by other means removes it.
   */
  moving?: () => Promise<unknown>;
}

/** How long an offer stays (ms) after the last decision; paused while the toast has focus or the pointer. */
export const UNDO_MS = 8000;

/** How many decisions in a row can be undone, newest first (`U` again takes the one before). */
export const UNDO_DEPTH = 3;

/**
 * The page a toast belongs to: the list it was raised in with its items (`tasks/<id>`,
 * `datasets/<id>`, `assignments/<id>`), the first two parts of the route. A decision moves on to
 * the next item or back to its list and the offer goes along; leaving for another page (the task
 * board, the projects) removes the toast.
 */
export function pageOf(path: readonly string[]): string {
  return path.slice(0, 2).join('/');
}

/** The decisions that can still be undone, oldest first (at most {@link UNDO_DEPTH}). */
let offers: UndoOffer[] = [];
const listeners = new Set<() => void>();

/**
 * Offers to undo `offer` in the app's status line ("Approved · Undo", key `U`). The last
 * {@link UNDO_DEPTH} decisions made within {@link UNDO_MS} of each other stay undoable: `U` undoes
 * the newest, pressed again the one before. Each undo checks the server first and refuses when
 * something changed meanwhile, so an older undo never overwrites a newer decision on the same item.
 */
export function offerUndo(offer: UndoOffer): void {
  offers = [...offers, offer].slice(-UNDO_DEPTH);
  for (const l of [...listeners]) l();
}

/**
 * The status line of the last undoable decision: "Approved · Undo" for {@link UNDO_MS}, then
 * gone. Undo is a real button (Tab reaches it) and the `U` key anywhere outside a text field; the
 * text is announced (`aria-live`). It lives in the app shell, so it outlives the item page that
 * made the decision (approving moves on to the next item or back to the list).
 */
@customElement('demo-undo-toast')
export class DemoUndoToast extends LitElement {
  static override styles = [
    screenStyles,
    css`
      :host { position: fixed; left: 50%; bottom: 20px; transform: translateX(-50%); z-index: 9; }
      .toast { display: flex; gap: 10px; align-items: center; padding: 8px 8px 8px 14px; border-radius: var(--dl-radius-lg);
        background: var(--dl-color-surface-raised); border: 1px solid var(--dl-color-border);
        box-shadow: 0 6px 24px rgba(0, 0, 0, 0.25); }
      /* Nothing to say: no box, but the live region stays rendered (a hidden one would not announce). */
      .toast.idle { padding: 0; border: 0; box-shadow: none; background: none; }
      button { min-height: 28px; padding: 3px 10px; }
    `,
  ];
  @state() private offer: UndoOffer | null = null;
  /** Older decisions that can be undone after this one. */
  @state() private more = 0;
  /** After undoing (or failing to): a line that goes with the next timeout. */
  @state() private note = '';
  @state() private busy = false;
  /** The page ({@link pageOf}) the shown line was raised on. */
  private page = '';
  /** Moves of the app's own (a decision moving on, an undo going back to its item) under way. */
  private following = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private held = false;
  private readonly unsubscribe = () => listeners.delete(this.onOffer);

  private readonly onOffer = (): void => {
    this.offer = offers.at(-1) ?? null;
    this.more = Math.max(0, offers.length - 1);
    this.note = '';
    this.page = pageOf(currentRoute().path);
    const o = this.offer;
    if (o?.moving) this.follow(Promise.resolve().then(() => o.moving?.()));
    this.arm();
  };

  /** The toast goes along with the app's own move `p`: its page is the one `p` lands on. */
  private follow(p: Promise<unknown>): void {
    this.following++;
    void p
      .catch(() => undefined)
      .finally(() => {
        if (--this.following === 0) this.page = pageOf(currentRoute().path);
      });
  }

  /** Leaving the page the toast was raised on (not by a move of its own) takes it and its offers away. */
  private readonly onHash = (): void => {
    if (this.following || !(this.offer || this.note)) return;
    if (pageOf(currentRoute().path) !== this.page) this.clear();
  };

  private clear(): void {
    clearTimeout(this.timer);
    offers = [];
    this.offer = null;
    this.more = 0;
    this.note = '';
    this.held = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    listeners.add(this.onOffer);
    window.addEventListener('keydown', this.onKey);
    window.addEventListener('hashchange', this.onHash);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe();
    window.removeEventListener('keydown', this.onKey);
    window.removeEventListener('hashchange', this.onHash);
    clearTimeout(this.timer);
  }

  /** (Re)starts the countdown, unless the user is on the toast. */
  private arm(): void {
    clearTimeout(this.timer);
    if (this.held) return;
    this.timer = setTimeout(() => this.clear(), UNDO_MS);
  }

  private hold(on: boolean): void {
    this.held = on;
    if (on) clearTimeout(this.timer);
    else this.arm();
  }

  private readonly onKey = (e: KeyboardEvent): void => {
    if (!this.offer || this.busy || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key !== 'u' && e.key !== 'U') return;
    if (controlTakes(e)) return;
    e.preventDefault();
    void this.undo();
  };

  private async undo(): Promise<void> {
    const offer = this.offer;
    if (!offer || this.busy) return;
    this.busy = true;
    let done = '';
    try {
      // The undo opens its item again: the toast goes along (its line says what was undone).
      const undoing = offer.undo();
      this.follow(undoing);
      await undoing;
      done = offer.undone;
    } catch (e) {
      // A refused undo (something changed meanwhile) says so in its own words; a failure is a failure.
      done = e instanceof Error && e.name === 'UndoConflict' ? e.message : `Could not undo: ${errorText(e)}`;
    } finally {
      offers = offers.filter((o) => o !== offer);
      // The decision before (if any) can be undone next: the line says what was undone and offers it.
      this.offer = offers.at(-1) ?? null;
      this.more = Math.max(0, offers.length - 1);
      this.note = done;
      this.busy = false;
    }
    // The Undo button pressed may be gone with its offer (no focusout then): the hold goes with it,
    // or the last line would never time out.
    await this.updateComplete;
    if (!this.shadowRoot?.activeElement && !this.matches(':hover')) this.held = false;
    this.arm();
  }

  override render() {
    const o = this.offer;
    // The status line is one live region, always in the page, so screen readers announce each new
    // line; it holds the words only. The Undo button comes after it, on its own (named "Undo", its
    // key in aria-keyshortcuts), so neither runs into the other ("DiscardedUndoU").
    const words = o
      ? html`${this.note ? html`<span data-undo-note>${this.note} ·</span> ` : nothing}<span data-undo-text>${o.text}</span>${
          this.more ? html` <span data-undo-more class="muted">(${this.more} more)</span>` : nothing
        }`
      : this.note
        ? html`<span data-undo-text>${this.note}</span>`
        : nothing;
    return html`<div class="toast ${o || this.note ? '' : 'idle'}" data-undo-toast
        @focusin=${() => this.hold(true)} @focusout=${() => this.hold(false)}
        @pointerenter=${() => this.hold(true)} @pointerleave=${() => this.hold(false)}>
        <span role="status" aria-live="polite" aria-atomic="true" data-undo-status>${words}</span>${
          o
            ? html`<button data-action="undo" ?disabled=${this.busy} aria-keyshortcuts="U" title="Undo (U)"
                @click=${this.undo}>Undo</button><kbd aria-hidden="true">U</kbd>`
            : nothing
        }</div>`;
  }
}
