import { LitElement, css, html, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { themeStyles } from 'dl-kit/components';
import { currentRoute, go, href, type Route } from './router.js';
import { session, signOut } from './session.js';
import { clearDatasetContexts } from './dataset-context.js';
import { filterFromQuery, type GridFilter } from './item-filters.js';
import { SyncState, type SyncStatus } from './sync-state.js';
import { applyToDocument, onThemeChange, setThemeChoice, themeChoice, type ThemeChoice } from './theme.js';
import type { ItemContext } from './item-context.js';
import './login-screen.js';
import './projects-screen.js';
import './dataset-screen.js';
import './item-screen.js';
import './tasks-screen.js';
import './assignment-screen.js';
import './review-screen.js';
import './undo-toast.js';

/**
 * The demo's shell: header (home, save state, user, theme, sign-out) and the screen of the
 * current route. It carries the theme: `theme` on this element declares dl-kit's light or dark
 * tokens, which inherit into every screen and every dl-* element inside.
 */
@customElement('demo-app')
export class DemoApp extends LitElement {
  static override styles = [
    themeStyles,
    css`
      :host { display: flex; flex-direction: column; height: 100%; background: var(--dl-color-surface); color: var(--dl-color-text); }
      header { display: flex; gap: 12px; align-items: center; padding: 8px 16px; background: var(--dl-color-surface-raised);
        border-bottom: 1px solid var(--dl-color-border); }
      header .home { color: var(--dl-color-text); text-decoration: none; font-weight: 700; }
      header .spacer { flex: 1; }
      header button, header select { font: inherit; background: var(--dl-color-bg); color: var(--dl-color-text);
        border: 1px solid var(--dl-color-border); border-radius: var(--dl-radius-md); padding: 4px 10px; cursor: pointer; }
      header button:hover { background: var(--dl-color-hover); }
      header label { display: inline-flex; gap: 6px; align-items: center; color: var(--dl-color-text-muted); }
      .sync { font-size: 13px; padding: 2px 10px; border-radius: 12px; border: 1px solid currentColor; color: var(--dl-color-success); }
      .sync[data-state='saving'] { color: var(--dl-color-warning); }
      .sync[data-state='offline'], .sync[data-state='error'] { color: var(--dl-color-danger); }
      .who { color: var(--dl-color-text-muted); }
      main { flex: 1; min-height: 0; padding: 16px; overflow: auto; display: flex; flex-direction: column; }
      main > * { flex: 1; min-height: 0; }
    `,
  ];

  /** `light`, `dark` or `auto` (reflected: the attribute is what switches the token set). */
  @property({ reflect: true }) theme: ThemeChoice = themeChoice();
  @state() private route: Route = currentRoute();
  @state() private sync: SyncStatus = { state: 'saved', pending: 0 };
  private syncState?: SyncState;
  private filterKey = '';
  private filterValue: GridFilter = {};
  private contextKey = '';
  private contextValue: ItemContext | null = null;
  private offTheme?: () => void;
  private readonly onHash = () => (this.route = currentRoute());
  /** The path of the screen shown last (its query left out: a filter change is the same page). */
  private shownPath = '';

  /** The route's filter, the same object while the query string is unchanged (no needless re-renders). */
  private filter(query: URLSearchParams): GridFilter {
    const key = query.toString();
    if (key !== this.filterKey) {
      this.filterKey = key;
      this.filterValue = filterFromQuery(query);
    }
    return this.filterValue;
  }

  /** The item page's list context, the same object while the route's list is unchanged. */
  private context(make: () => ItemContext, key: string): ItemContext {
    if (key !== this.contextKey || !this.contextValue) {
      this.contextKey = key;
      this.contextValue = make();
    }
    return this.contextValue;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    applyToDocument(this.theme);
    this.offTheme = onThemeChange((t) => (this.theme = t));
    this.watchSync();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
    this.offTheme?.();
    this.syncState?.dispose();
  }

  /**
   * After a route change the keyboard lands on the new page's heading, so it is not left on <body>
   * (the link or row that was pressed went with the old page) and a screen reader hears where it is.
   * Screens that place it themselves once loaded are left alone: the item page (its image takes the
   * keys) and the review list (its row or "Start review"). Focus the user already put somewhere stays.
   */
  override async updated(changed: Map<string, unknown>): Promise<void> {
    if (!changed.has('route')) return;
    const path = this.route.path.join('/');
    if (path === this.shownPath) return;
    this.shownPath = path;
    const screen = this.renderRoot.querySelector('main')?.firstElementChild as
      | (HTMLElement & { updateComplete?: Promise<unknown> })
      | null;
    if (!screen || screen.localName === 'demo-item' || screen.localName === 'demo-review') return;
    await screen.updateComplete;
    const active = document.activeElement;
    if ((active && active !== document.body) || !screen.isConnected) return;
    const h1 = screen.shadowRoot?.querySelector<HTMLElement>('h1');
    if (!h1) return;
    if (!h1.hasAttribute('tabindex')) h1.tabIndex = -1;
    h1.focus({ preventScroll: true });
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
    const index = Number(query.get('i') ?? -1);
    switch (path[0]) {
      case 'projects':
        if (path[1] && path[2] === 'tasks')
          return html`<demo-tasks .projectId=${path[1]} .taskId=${query.get('task') ?? ''} .assignmentId=${query.get('assignment') ?? ''}
            .draftKey=${query.get('draft') ?? ''}></demo-tasks>`;
        if (path[1]) return html`<demo-project .projectId=${path[1]}></demo-project>`;
        break;
      case 'datasets':
        if (path[1] && path[2] === 'items' && path[3]) {
          const filter = this.filter(query);
          const ctx = this.context(
            () => ({ kind: 'dataset', datasetId: path[1]!, filter }),
            `d:${path[1]}:${this.filterKey}`,
          );
          return html`<demo-item .itemId=${path[3]} .context=${ctx} .index=${index}></demo-item>`;
        }
        if (path[1]) return html`<demo-dataset .datasetId=${path[1]} .filter=${this.filter(query)}></demo-dataset>`;
        break;
      case 'assignments':
        if (path[1] && path[2] === 'items' && path[3]) {
          const ctx = this.context(() => ({ kind: 'assignment', assignmentId: path[1]! }), `a:${path[1]}`);
          return html`<demo-item .itemId=${path[3]} .context=${ctx} .index=${index}></demo-item>`;
        }
        if (path[1]) return html`<demo-assignment .assignmentId=${path[1]}></demo-assignment>`;
        break;
      case 'tasks':
        if (path[1] && path[2] === 'review') return html`<demo-review .taskId=${path[1]}></demo-review>`;
        if (path[1] && path[2] === 'items' && path[3]) {
          const assignmentId = query.get('assignment') || undefined;
          const review = query.get('review') === '1';
          const ctx = this.context(
            () => ({ kind: 'task', taskId: path[1]!, assignmentId, review }),
            `t:${path[1]}:${assignmentId ?? ''}:${review}`,
          );
          return html`<demo-item .itemId=${path[3]} .context=${ctx} .index=${index}></demo-item>`;
        }
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
    const n = this.sync.pending;
    const changes = `${n} change${n === 1 ? '' : 's'}`;
    const labels: Record<SyncStatus['state'], string> = {
      saved: 'All changes saved',
      saving: `Saving… (${n})`,
      offline: `Offline — ${changes} kept locally`,
      error: `${changes} not saved`,
    };
    return html`<header>
        <a class="home" href=${href('projects')}>dl-kit demo</a>
        <span class="spacer"></span>
        ${
          s
            ? html`<span class="sync" role="status" aria-live="polite" data-sync data-state=${this.sync.state}>${labels[this.sync.state]}</span>
              <span class="who" data-user>${s.email}</span>`
            : ''
        }
        <label>Theme
          <select data-theme-select @change=${(e: Event) => setThemeChoice((e.target as HTMLSelectElement).value as ThemeChoice)}>
            ${(['auto', 'light', 'dark'] as const).map((t) => html`<option value=${t} ?selected=${this.theme === t}>${t === 'auto' ? 'System' : t === 'light' ? 'Light' : 'Dark'}</option>`)}
          </select>
        </label>
        ${s ? html`<button @click=${this.logout}>Sign out</button>` : ''}
      </header>
      <main>${this.screen()}</main>
      ${s ? html`<demo-undo-toast></demo-undo-toast>` : ''}`;
  }
}
