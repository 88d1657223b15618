import type { Outbox } from 'dl-kit';

/** What the header shows: every edit saved, being saved, kept offline, or refused. */
export interface SyncStatus {
  state: 'saved' | 'saving' | 'offline' | 'error';
  pending: number;
}

/** Follows the client's outbox events and reports a {@link SyncStatus}. */
export class SyncState {
  private offline = false;
  private readonly handler = () => void this.update();
  private readonly events = ['queued', 'applied', 'conflict', 'failed', 'offline', 'drained'];

  constructor(
    private readonly outbox: Outbox,
    private readonly report: (s: SyncStatus) => void,
  ) {
    for (const e of this.events) outbox.addEventListener(e, this.onEvent);
    window.addEventListener('online', this.handler);
    window.addEventListener('offline', this.handler);
    void this.update();
    // Edits left from an earlier visit (or tab) are sent now.
    void outbox.flush().then(this.handler, this.handler);
  }

  private readonly onEvent = (e: Event) => {
    if (e.type === 'offline') this.offline = true;
    if (e.type === 'applied' || e.type === 'drained') this.offline = false;
    void this.update();
  };

  private async update(): Promise<void> {
    const ops = await this.outbox.pending();
    const stuck = ops.filter((o) => o.state === 'conflict' || o.state === 'failed').length;
    const pending = ops.length;
    const state: SyncStatus['state'] =
      pending === 0 ? 'saved' : stuck ? 'error' : this.offline || !navigator.onLine ? 'offline' : 'saving';
    this.report({ state, pending });
  }

  dispose(): void {
    for (const e of this.events) this.outbox.removeEventListener(e, this.onEvent);
    window.removeEventListener('online', this.handler);
    window.removeEventListener('offline', this.handler);
  }
}
