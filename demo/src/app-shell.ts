import { LitElement, css, html, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { currentRoute, go, href, type Route } from './router.js';
import { session, signOut } from './session.js';
import { clearDatasetContexts } from './dataset-context.js';
import { filterFromQuery, type GridFilter } from './item-filters.js';
import { SyncState, type SyncStatus } from './sync-state.js';
import './login-screen.js';
import './projects-screen.js';
import './dataset-screen.js';
import './item-screen.js';
import './tasks-screen.js';
import './assignment-screen.js';

/** The demo's shell: header (breadcrumb, save state, user), and the screen of the current route. */
@customElement('demo-app')
export class DemoApp extends LitElement {
  static override styles = css`
    :host { display: flex; flex-direction: column; height: 100%; }
    header { display: flex; gap: 12px; align-items: center; padding: 8px 16px; background: #1d2330; color: #fff; }
    header a { color: #fff; text-decoration: none; font-weight: 600; }
    header .spacer { flex: 1; }
    header button { font: inherit; background: transparent; color: #fff; border: 1px solid #5b6477; border-radius: 6px; padding: 4px 10px; cursor: pointer; }
    .sync { font-size: 13px; padding: 2px 10px; border-radius: 12px; background: #2e7d32; }
    .sync[data-state='saving'] { background: #b26a00; }
    .sync[data-state='offline'] { background: #b42318; }
    .sync[data-state='error'] { background: #b42318; }
    main { flex: 1; min-height: 0; padding: 16px; overflow: auto; display: flex; flex-direction: column; }
    main > * { flex: 1; min-height: 0; }
  `;

  @state() private route: Route = currentRoute();
  @state() private sync: SyncStatus = { state: 'saved', pending: 0 };
  private syncState?: SyncState;
  private filterKey = '';
  private filterValue: GridFilter = {};
  private readonly onHash = () => (this.route = currentRoute());

  /** The route's filter, the same object while the query string is unchanged (no needless re-renders). */
  private filter(query: URLSearchParams): GridFilter {
    const key = query.toString();
    if (key !== this.filterKey) {
      this.filterKey = key;
      this.filterValue = filterFromQuery(query);
    }
    return this.filterValue;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    this.watchSync();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
    this.syncState?.dispose();
  }

  private watchSync(): void {
    this.syncState?.dispose();
    const s = session();
    if (!s) return;
    this.syncState = new SyncState(s.client.outbox, (st) => (this.sync = st));
  }

  private logout(): void {
    this.syncState?.dispose();
    this.syncState = undefined;
    signOut();
    clearDatasetContexts();
    go(href('login'));
  }

  private screen(): TemplateResult {
    const { path, query } = this.route;
    const s = session();
    if (!s || path[0] === 'login') {
      return html`<demo-login></demo-login>`;
    }
    if (!this.syncState) this.watchSync();
    switch (path[0]) {
      case 'projects':
        if (path[1] && path[2] === 'tasks') return html`<demo-tasks .projectId=${path[1]}></demo-tasks>`;
        if (path[1]) return html`<demo-project .projectId=${path[1]}></demo-project>`;
        break;
      case 'datasets':
        if (path[1] && path[2] === 'items' && path[3])
          return html`<demo-item .datasetId=${path[1]} .itemId=${path[3]} .filter=${this.filter(query)} .index=${Number(query.get('i') ?? -1)}></demo-item>`;
        if (path[1]) return html`<demo-dataset .datasetId=${path[1]} .filter=${this.filter(query)}></demo-dataset>`;
        break;
      case 'assignments':
        if (path[1] && path[2] === 'items' && path[3])
          return html`<demo-item .assignmentId=${path[1]} .itemId=${path[3]} .index=${Number(query.get('i') ?? -1)}></demo-item>`;
        if (path[1]) return html`<demo-assignment .assignmentId=${path[1]}></demo-assignment>`;
        break;
      case 'items':
        // A bare item link: the item page finds its dataset (and refuses items the user may not see).
        if (path[1]) return html`<demo-item .itemId=${path[1]}></demo-item>`;
        break;
    }
    return html`<demo-projects></demo-projects>`;
  }

  override render() {
    const s = session();
    const labels: Record<SyncStatus['state'], string> = {
      saved: 'All changes saved',
      saving: `Saving… (${this.sync.pending})`,
      offline: `Offline — ${this.sync.pending} change${this.sync.pending === 1 ? '' : 's'} kept locally`,
      error: `${this.sync.pending} change${this.sync.pending === 1 ? '' : 's'} not saved`,
    };
    return html`<header>
        <a href=${href('projects')}>dl-kit demo</a>
        <span class="spacer"></span>
        ${
          s
            ? html`<span class="sync" role="status" aria-live="polite" data-sync data-state=${this.sync.state}>${labels[this.sync.state]}</span>
              <span data-user>${s.email}</span>
              <button @click=${this.logout}>Sign out</button>`
            : ''
        }
      </header>
      <main>${this.screen()}</main>`;
  }
}
