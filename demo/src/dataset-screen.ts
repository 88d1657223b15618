import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { Filters } from 'dl-kit';
import { ontologyLabels } from 'dl-kit/components';
import { client } from './session.js';
import { plural, screenStyles } from './styles.js';
import { go, href } from './router.js';
import { errorText, toJson, type Json } from './json.js';
import { datasetContext } from './dataset-context.js';
import { buildFilters, filterToQuery, type GridFilter } from './item-filters.js';
import type { DemoItemGrid } from './item-grid.js';
import { saveTaskDraft } from './tasks-screen.js';
import './item-grid.js';
import './export-panel.js';

const MANAGERS = new Set(['owner', 'engineer', 'annotationManager']);
/**
 * Roles the server lets upload items and export datasets (server/auth/roles.ts EDITORS, checked by
 * POST /items and POST /datasets/{id}/export): others see neither action.
 */
const EDITORS = new Set(['owner', 'engineer']);

/** A dataset: filters, the virtualised item grid, drag-and-drop upload, export. */
@customElement('demo-dataset')
export class DemoDataset extends LitElement {
  static override styles = [
    screenStyles,
    css`
      :host { display: flex; flex-direction: column; height: 100%; min-height: 0; }
      demo-item-grid { flex: 1; min-height: 0; margin-top: 10px; border-radius: 10px; }
      .drop { border: 2px dashed var(--dl-color-border); border-radius: 10px; padding: 8px 12px; }
      :host([dragging]) .drop { border-color: var(--dl-color-accent); background: var(--dl-color-selected); }
      .filters label { display: inline-flex; gap: 4px; align-items: center; }
      .tasks { margin-top: 8px; }
    `,
  ];

  @property() datasetId = '';
  @property({ attribute: false }) filter: GridFilter = {};
  @state() private ds: Json | null = null;
  @state() private labels: { tag: string; displayLabel: string }[] = [];
  @state() private dirs: string[] = [];
  @state() private total: number | null = null;
  @state() private error = '';
  @state() private upload: { done: number; total: number; percent: number; failed: string[] } | null = null;
  @state() private selected: ReadonlySet<string> = new Set();
  @state() private manager = false;
  /** May upload and export (the project role is one of EDITORS); false until the role is known. */
  @state() private editor = false;
  /** Settles once the role is known (or loading failed): a drop before then waits for it. */
  private roleKnown: Promise<unknown> = Promise.resolve();
  @query('demo-item-grid') private grid!: DemoItemGrid;
  private filters: Filters | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.roleKnown = this.load();
    this.addEventListener('dragover', this.onDragOver);
    this.addEventListener('dragleave', this.onDragLeave);
    this.addEventListener('drop', this.onDrop);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('filter')) this.filters = buildFilters(this.filter);
  }

  private async load(): Promise<void> {
    try {
      const ctx = await datasetContext(this.datasetId);
      this.ds = ctx.dataset;
      const projectId = ctx.dataset.projects?.[0];
      const roleLoad = projectId
        ? client()
            .projects.get(projectId)
            .then((p) => {
              const role = toJson(p).role;
              this.manager = MANAGERS.has(role);
              this.editor = EDITORS.has(role);
            })
            .catch(() => undefined)
        : undefined;
      this.labels = ctx.ontology
        ? ontologyLabels(ctx.ontology).map((l) => ({ tag: l.tag, displayLabel: l.displayLabel }))
        : [];
      const f = new Filters();
      f.addFilter('type', 'dir');
      const dirs = await client().dataset(this.datasetId).items.list(f, { pageSize: 1000 });
      this.dirs = dirs.items.map((d: unknown) => toJson(d).filename as string).sort();
      await roleLoad;
    } catch (e) {
      this.error = errorText(e);
    }
  }

  /**
   * The Folder choices: the dataset's folders, and always the one the URL selects. An annotator
   * is served only the items of their assignment, no folder items, so without it the filter read
   * "all" over a grid that shows one folder.
   */
  private folderChoices(): string[] {
    const dir = this.filter.dir;
    return dir && !this.dirs.includes(dir) ? [...this.dirs, dir].sort() : this.dirs;
  }

  private setFilter(patch: Partial<GridFilter>): void {
    go(href('datasets', this.datasetId, filterToQuery({ ...this.filter, ...patch })));
  }

  private readonly onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    this.toggleAttribute('dragging', true);
  };
  private readonly onDragLeave = () => this.toggleAttribute('dragging', false);
  private readonly onDrop = (e: DragEvent) => {
    e.preventDefault();
    this.toggleAttribute('dragging', false);
    const files = [...(e.dataTransfer?.files ?? [])].filter((f) => f.type.startsWith('image/'));
    // Only a role that may upload (the server refuses the others); a drop before the role is known waits for it.
    if (files.length)
      void this.roleKnown.then(() => {
        if (this.editor) void this.uploadFiles(files);
      });
  };

  /** Uploads one file at a time; the bar shows bytes of all files. */
  async uploadFiles(files: File[]): Promise<void> {
    const totalBytes = files.reduce((s, f) => s + f.size, 0) || 1;
    let doneBytes = 0;
    this.upload = { done: 0, total: files.length, percent: 0, failed: [] };
    const items = client().dataset(this.datasetId).items;
    for (const file of files) {
      try {
        await items.upload(file, {
          remotePath: this.filter.dir ?? '/uploads',
          onProgress: (p) =>
            (this.upload = {
              ...this.upload!,
              percent: Math.round(((doneBytes + p.transferredBytes) / totalBytes) * 100),
            }),
        });
      } catch (e) {
        this.upload = { ...this.upload!, failed: [...this.upload!.failed, `${file.name}: ${errorText(e)}`] };
      }
      doneBytes += file.size;
      this.upload = {
        ...this.upload!,
        done: this.upload!.done + 1,
        percent: Math.round((doneBytes / totalBytes) * 100),
      };
    }
    this.grid?.refresh();
  }

  /** Opens the task board's "New task" form with these items: the grid's query, or the selected items. */
  private newTask(fromSelection: boolean): void {
    const ds = this.ds;
    if (!ds) return;
    const f = this.filter;
    const where = [
      f.dir ? `in ${f.dir}` : '',
      f.annotated ? (f.annotated === 'yes' ? 'annotated' : 'not annotated') : '',
      f.label ? `with ${f.label}` : '',
      f.status ? `status ${f.status}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    const draft = fromSelection
      ? {
          datasetId: ds.id,
          itemIds: [...this.selected],
          description: `${plural(this.selected.size, 'selected item')} of ${ds.name}`,
          name: `${ds.name}: ${plural(this.selected.size, 'item')}`,
        }
      : {
          datasetId: ds.id,
          query: this.filters?.prepare() as Record<string, unknown>,
          description: `${plural(this.total ?? 0, 'item')} of ${ds.name}${where ? ` (${where})` : ''}`,
          name: `${ds.name}${f.dir ? ` ${f.dir}` : ''}`,
        };
    go(href('projects', ds.projects[0], 'tasks', { draft: saveTaskDraft(draft) }));
  }

  private pick(): void {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.accept = 'image/*';
    input.onchange = () => void this.uploadFiles([...(input.files ?? [])]);
    input.click();
  }

  override render() {
    const f = this.filter;
    const q = filterToQuery(f);
    return html`
      <div class="row">
        <h1 style="margin: 0">${this.ds?.name ?? 'Dataset'}</h1>
        <span class="muted" data-total>${this.total === null ? '' : plural(this.total, 'item')}</span>
        <span class="spacer"></span>
        ${this.editor ? html`<demo-export-panel .datasetId=${this.datasetId} .filters=${this.filters}></demo-export-panel>` : ''}
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <div class="row filters" style="margin-top: 10px">
        <label>Folder
          <select aria-label="Folder" @change=${(e: Event) => this.setFilter({ dir: (e.target as HTMLSelectElement).value || undefined })}>
            <option value="" ?selected=${!f.dir}>all</option>
            ${this.folderChoices().map((d) => html`<option value=${d} ?selected=${f.dir === d}>${d}</option>`)}
          </select>
        </label>
        <label>Annotated
          <select aria-label="Annotated" @change=${(e: Event) => this.setFilter({ annotated: ((e.target as HTMLSelectElement).value || undefined) as GridFilter['annotated'] })}>
            <option value="" ?selected=${!f.annotated}>any</option>
            <option value="yes" ?selected=${f.annotated === 'yes'}>yes</option>
            <option value="no" ?selected=${f.annotated === 'no'}>no</option>
          </select>
        </label>
        <label>Label
          <select aria-label="Label" @change=${(e: Event) => this.setFilter({ label: (e.target as HTMLSelectElement).value || undefined })}>
            <option value="" ?selected=${!f.label}>any</option>
            ${this.labels.map((l) => html`<option value=${l.tag} ?selected=${f.label === l.tag}>${l.displayLabel}</option>`)}
          </select>
        </label>
        <label>Status
          <select aria-label="Status" @change=${(e: Event) => this.setFilter({ status: (e.target as HTMLSelectElement).value || undefined })}>
            <option value="" ?selected=${!f.status}>any</option>
            ${['completed', 'approved', 'discard'].map((s) => html`<option value=${s} ?selected=${f.status === s}>${s}</option>`)}
          </select>
        </label>
        <span class="spacer"></span>
        ${
          this.editor
            ? html`<div class="drop row" aria-label="Upload">
          <span>Drop images here or</span>
          <button @click=${this.pick}>Upload…</button>
          ${
            this.upload
              ? html`<progress max="100" .value=${this.upload.percent} aria-label="Upload progress"></progress>
                <span data-upload-status>${this.upload.done}/${this.upload.total}${this.upload.failed.length ? ` · ${this.upload.failed.length} failed` : ''}</span>`
              : ''
          }
        </div>`
            : ''
        }
      </div>
      ${this.upload?.failed.length ? html`<p class="error">${this.upload.failed.join('; ')}</p>` : ''}
      ${
        this.manager
          ? html`<div class="row tasks">
            <button data-action="task-from-query" ?disabled=${!this.total} @click=${() => this.newTask(false)}>New task from these ${plural(this.total ?? 0, 'item')}…</button>
            <button data-action="task-from-selection" ?disabled=${!this.selected.size} @click=${() => this.newTask(true)}>New task from ${plural(this.selected.size, 'selected item')}…</button>
            ${this.selected.size ? html`<button @click=${() => (this.selected = new Set())}>Clear selection</button>` : ''}
          </div>`
          : ''
      }
      <demo-item-grid
        .datasetId=${this.datasetId}
        .filters=${this.filters}
        .memoryKey=${`${this.datasetId}?${new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1])).toString()}`}
        .selected=${this.selected}
        ?selectable=${this.manager}
        @grid-select=${(e: CustomEvent<{ ids: Set<string> }>) => (this.selected = e.detail.ids)}
        .linkFor=${(item: Json, i: number) => href('datasets', this.datasetId, 'items', item.id, { ...q, i: String(i) })}
        @grid-total=${(e: CustomEvent) => (this.total = e.detail.total)}
        @grid-error=${(e: CustomEvent) => (this.error = errorText(e.detail.error))}
      ></demo-item-grid>
    `;
  }
}
