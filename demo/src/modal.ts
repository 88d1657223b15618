import { css } from 'lit';

/** The element that has focus, looking through shadow roots (the page's `activeElement` stops at a host). */
export function deepActiveElement(): HTMLElement | null {
  let a = document.activeElement as HTMLElement | null;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement as HTMLElement;
  return a;
}

/**
 * Focus handling of a modal dialog: remembers what had focus when it opened, keeps Tab inside
 * the dialog, and gives focus back when it closes (Escape, a button, a click outside).
 */
export class ModalFocus {
  private returnTo: HTMLElement | null = null;

  constructor(private readonly root: () => ShadowRoot | HTMLElement | null) {}

  /** Call when the dialog opens: remembers the focus, then focuses `first`. */
  open(first?: HTMLElement | null): void {
    this.returnTo = deepActiveElement();
    // The dialog shows from its top: focusing a control at its end must not scroll it there.
    first?.focus({ preventScroll: true });
  }

  /** Call when the dialog closes: focus goes back where it was (if that is still on the page). */
  close(): void {
    const r = this.returnTo;
    this.returnTo = null;
    if (r?.isConnected) r.focus();
  }

  /** Keeps Tab and Shift+Tab cycling through the dialog's controls. */
  trap(e: KeyboardEvent): void {
    if (e.key !== 'Tab') return;
    const root = this.root();
    if (!root) return;
    const items = [
      ...root.querySelectorAll<HTMLElement>('button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])'),
    ].filter((el) => !el.hasAttribute('disabled'));
    if (!items.length) return;
    const active = (root instanceof ShadowRoot ? root.activeElement : document.activeElement) as HTMLElement | null;
    const i = active ? items.indexOf(active) : -1;
    const next = e.shiftKey ? (i <= 0 ? items.length - 1 : i - 1) : i === items.length - 1 ? 0 : i + 1;
    e.preventDefault();
    items[next]!.focus();
  }
}

/** The look of the demo's dialogs: a dimmed page, a raised box in the theme's colours. */
export const modalStyles = css`
  :host { position: fixed; inset: 0; background: rgba(10, 14, 22, 0.6); display: flex; align-items: center; justify-content: center; z-index: 10; }
  .box { background: var(--dl-color-surface-raised); color: var(--dl-color-text); border: 1px solid var(--dl-color-border);
    border-radius: 12px; padding: 20px 24px; max-width: 560px; width: 90%; max-height: 85vh; overflow: auto;
    box-shadow: 0 12px 40px rgba(0, 0, 0, 0.35); }
  h2 { margin: 0 0 12px; font-size: 18px; }
  .actions { display: flex; gap: 8px; justify-content: flex-end; margin-top: 16px; }
`;
