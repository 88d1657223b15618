import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { client } from './session.js';
import { plural, screenStyles } from './styles.js';
import { href } from './router.js';
import { errorText, toJson, type Json } from './json.js';
import { buildFilters } from './item-filters.js';

/** Projects the user belongs to, with their role. */
@customElement('demo-projects')
export class DemoProjects extends LitElement {
  static override styles = [screenStyles];
  @state() private projects: Json[] | null = null;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    client()
      .projects.list()
      .then((p) => (this.projects = p.map((x) => toJson(x))))
      .catch((e) => (this.error = errorText(e)));
  }

  override render() {
    return html`<h1>Projects</h1>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${this.projects === null && !this.error ? html`<p class="muted" role="status">Loading your projects…</p>` : ''}
      ${this.projects?.length === 0 ? html`<p class="empty" role="status">You are not a member of any project yet.</p>` : ''}
      <div class="list">
        ${(this.projects ?? []).map(
          (p) => html`<a class="card" href=${href('projects', p.id)} data-project=${p.id}>
            <strong>${p.name}</strong>
            <div class="muted">your role: ${p.role ?? 'member'}</div>
          </a>`,
        )}
      </div>`;
  }
}

/** One project: its datasets, plus the task board (managers) or "my assignments" (annotators). */
@customElement('demo-project')
export class DemoProject extends LitElement {
  static override styles = [screenStyles];
  @property() projectId = '';
  @state() private project: Json | null = null;
  @state() private datasets: Json[] | null = null;
  /** Items (files, not folders) per dataset id, counted as the dataset page counts them. */
  @state() private itemCounts: ReadonlyMap<string, number> = new Map();
  @state() private assignments: Json[] = [];
  @state() private loaded = false;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const c = client();
    try {
      this.project = toJson(await c.projects.get(this.projectId));
      const ds = await c.datasets.list({ projectId: this.projectId });
      this.datasets = ds.map((d) => toJson(d));
      if (this.myRole !== 'annotator') void this.countItems(this.datasets);
      const me = (await c.http.json<{ email: string }>({ method: 'GET', path: '/users/me' })).email;
      const all = await c.assignments.list({ projectIds: [this.projectId] });
      this.assignments = all.map((a) => toJson(a)).filter((a) => a.annotator === me);
      this.loaded = true;
    } catch (e) {
      this.error = errorText(e);
    }
  }

  /**
   * The card's count is the dataset page's: the total of its default query (files that are not
   * hidden). The dataset's `itemsCount` counts folders too, so it read "47" where the page said
   * "42 items".
   */
  private async countItems(datasets: Json[]): Promise<void> {
    const counts = await Promise.all(
      datasets.map(async (d) => {
        try {
          const paged = await client()
            .dataset(d.id)
            .items.list(buildFilters({}), { page: 0, pageSize: 1, cache: 'network-first' });
          return [d.id as string, paged.totalItemsCount] as const;
        } catch {
          return null; // The card then shows no count rather than a wrong one.
        }
      }),
    );
    this.itemCounts = new Map(counts.filter((c) => c !== null));
  }

  private get myRole(): string {
    return this.project?.role ?? '';
  }

  override render() {
    const p = this.project;
    const manager = this.myRole === 'owner' || this.myRole === 'annotationManager' || this.myRole === 'developer';
    return html`<div class="row"><a class="button" href=${href('projects')}>← Projects</a><h1 style="margin: 0">${p?.name ?? 'Project'}</h1></div>
      ${!p && !this.error ? html`<p class="muted" role="status">Loading the project…</p>` : ''}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${
        this.assignments.length
          ? html`<h2>My assignments</h2>
            <div class="list">
              ${this.assignments.map(
                (a) => html`<a class="card" href=${href('assignments', a.id)} data-assignment=${a.id}>
                  <strong>${a.name ?? 'Assignment'}</strong>
                  <div class="muted">${plural(a.totalItems ?? 0, 'item')} · ${a.progress ?? 0}% done</div>
                </a>`,
              )}
            </div>`
          : ''
      }
      ${manager ? html`<p><a class="button" href=${href('projects', this.projectId, 'tasks')} data-link="task-board">Task board and review →</a></p>` : ''}
      ${this.project && !manager && this.loaded && !this.assignments.length ? html`<p class="empty" role="status">No assignments for you in this project yet.</p>` : ''}
      ${
        this.myRole === 'annotator'
          ? ''
          : html`<h2>Datasets</h2>
            ${this.datasets === null && !this.error ? html`<p class="muted" role="status">Loading datasets…</p>` : ''}
            ${this.datasets?.length === 0 ? html`<p class="empty" role="status">This project has no datasets yet.</p>` : ''}
            <div class="list">
              ${(this.datasets ?? []).map(
                (d) => html`<a class="card" href=${href('datasets', d.id)} data-dataset=${d.id}>
                  <strong>${d.name}</strong>
                  <div class="muted" data-items>${this.itemCounts.has(d.id) ? plural(this.itemCounts.get(d.id)!, 'item') : '\u00a0'}</div>
                </a>`,
              )}
            </div>`
      }`;
  }
}
