// The undo toast (real Chromium): its status line and its Undo button are separate for screen
// readers, and it belongs to the page it was raised on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import './undo-toast.js';
import { offerUndo, type DemoUndoToast } from './undo-toast.js';

/** Sets the hash route and waits for its `hashchange`. */
async function goTo(hash: string): Promise<void> {
  if (location.hash === hash) return;
  const changed = new Promise((r) => window.addEventListener('hashchange', r, { once: true }));
  location.hash = hash;
  await changed;
}

let toast: DemoUndoToast;
const start = location.hash;

beforeEach(async () => {
  await goTo('#/tasks/t1/items/i1');
  toast = document.createElement('demo-undo-toast') as DemoUndoToast;
  document.body.append(toast);
  await toast.updateComplete;
});

afterEach(async () => {
  // Another page takes any offer left, then the test page's own hash back.
  await goTo('#/projects');
  toast.remove();
  await goTo(start || '#');
});

const words = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim();

describe('<demo-undo-toast>', () => {
  it('says what was done in its status line, then a button named "Undo" with its key (not "DiscardedUndoU")', async () => {
    offerUndo({ text: 'Discarded', undone: 'Discard undone', undo: async () => undefined });
    await toast.updateComplete;
    const root = toast.shadowRoot!;
    const status = root.querySelector('[role="status"]');
    expect(words(status)).toBe('Discarded');
    const button = root.querySelector('button')!;
    expect(status!.contains(button)).toBe(false);
    await expect.element(page.getByRole('status')).toHaveTextContent(/^\s*Discarded\s*$/);
    const undo = page.getByRole('button', { name: 'Undo', exact: true });
    await expect.element(undo).toBeVisible();
    await expect.element(undo).toHaveAttribute('aria-keyshortcuts', 'U');
    // Two decisions: the note, the line and the count are words apart, not run together.
    await undo.click();
    offerUndo({ text: 'Approved', undone: 'Approval undone', undo: async () => undefined });
    offerUndo({ text: 'Sent back', undone: 'Rejection undone', undo: async () => undefined });
    await toast.updateComplete;
    expect(words(status)).toBe('Sent back (1 more)');
  });

  it("goes along with the decision's own move to another page (back to the task board) and with its undo", async () => {
    const status = () => words(toast.shadowRoot!.querySelector('[data-undo-text]')) ?? '';
    offerUndo({
      text: 'Approved',
      undone: 'Approval undone',
      undo: () => goTo('#/tasks/t1/items/i1'),
      moving: () => goTo('#/projects/p1/tasks?task=t1'),
    });
    await expect.poll(() => location.hash).toBe('#/projects/p1/tasks?task=t1');
    await new Promise((r) => setTimeout(r));
    await toast.updateComplete;
    expect(status()).toBe('Approved');
    toast.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="undo"]')!.click();
    await expect.poll(status).toBe('Approval undone');
    expect(location.hash).toBe('#/tasks/t1/items/i1');
    // Left by the user: gone.
    await goTo('#/projects');
    await toast.updateComplete;
    expect(status()).toBe('');
  });

  it('stays while the decision moves on in its list, and goes when the user leaves for another page', async () => {
    offerUndo({ text: 'Discarded', undone: 'Discard undone', undo: async () => undefined });
    await toast.updateComplete;
    // The line's words (not its structure: the test above checks that).
    const status = () => words(toast.shadowRoot!.querySelector('[data-undo-text]')) ?? '';
    expect(status()).toBe('Discarded');
    // The next item of the task, then the task's list: the same page.
    await goTo('#/tasks/t1/items/i2?review=1');
    await goTo('#/tasks/t1/review');
    await toast.updateComplete;
    expect(status()).toBe('Discarded');
    // Undone (the line says so), then off to the task board: the line goes with the page.
    toast.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="undo"]')!.click();
    await expect.poll(status).toBe('Discard undone');
    await goTo('#/projects/p1/tasks?task=t1');
    await toast.updateComplete;
    expect(status()).toBe('');
    expect(toast.shadowRoot!.querySelector('button')).toBeNull();
  });
});
