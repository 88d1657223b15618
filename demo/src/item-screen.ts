import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { prewarm } from 'dl-kit';
import { client } from './session.js';
import { screenStyles } from './styles.js';
import { go, href } from './router.js';
import { errorText, toJson } from './json.js';
import { datasetContext } from './dataset-context.js';
import { itemAnnotations } from './annotations-io.js';
import { buildFilters, filterToQuery, type GridFilter } from './item-filters.js';
import { neighbour, type Neighbour } from './item-navigation.js';
import './help-overlay.js';

type Json = Record<string, any>;

/** What the viewer needs from a client: the item's bytes, through the dl-kit client's cache. */
const viewerClient = {
  fetchItemBlob: (item: unknown, kind: 'stream' | 'thumbnail', signal?: AbortSignal) =>
    client().items.stream(item as never, { thumbnail: kind === 'thumbnail', signal, as: 'blob' }) as Promise<Blob>,
};

/**
 * The labeling page: `<dl-item-viewer>` with `<dl-annotation-layer>` (toolbar, label picker and
 * object list in its panel). Every edit goes to the client's outbox, which saves it (and keeps
 * it in IndexedDB while offline). Previous / next follow the grid's filter or the assignment.
 */
@customElement('demo-item')
export class DemoItem extends LitElement {
  static override styles = [
    screenStyles,
    css`
      :host { display: flex; flex-direction: column; height: 100%; min-height: 0; }
      .bar { margin-bottom: 8px; }
      .name { font-weight: 600; max-width: 40ch; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      .stage { flex: 1; min-height: 0; display: flex; border-radius: 10px; overflow: hidden; border: 1px solid #dde1e8; }
      dl-item-viewer { flex: 1; min-width: 0; height: 100%; }
      .status-done { color: #2e7d32; font-weight: 600; }
    `,
  ];

  @property() itemId = '';
  @property() datasetId = '';
  @property() assignmentId = '';
  @property({ attribute: false }) filter: GridFilter = {};
  @property({ type: Number }) index = -1;

  @state() private item: Json | null = null;
  @state() private ontology: Json | null = null;
  /**
   * What the server had when the item loaded. The layer owns the annotations from then on (Lit
   * re-sets object properties on every render; the viewer and layer ignore a re-set of the same value).
   */
  @state() private annotations: Json[] | null = null;
  @state() private error = '';
  @state() private help = false;
  @state() private total: number | null = null;
  @state() private busy = false;
  @state() private itemStatus = '';

  private readonly onKey = (e: KeyboardEvent) => {
    const t = e.composedPath()[0] as HTMLElement | undefined;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    if (e.key === '?') {
      this.help = !this.help;
      e.preventDefault();
    } else if (e.key === 'Escape' && this.help) this.help = false;
    else if (e.key === 'PageDown' || (e.key === 'n' && !e.ctrlKey && !e.metaKey)) void this.step(1);
    else if (e.key === 'PageUp' || (e.key === 'N' && !e.ctrlKey && !e.metaKey)) void this.step(-1);
    else if (e.key === 'Enter' && e.ctrlKey && this.assignmentId) void this.setStatus('completed');
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKey);
    // The labeling page may convert masks: start the OpenCV worker when the page is idle.
    const idle =
      (globalThis as { requestIdleCallback?: (cb: () => void) => void }).requestIdleCallback ??
      ((cb: () => void) => setTimeout(cb, 500));
    idle(() => void prewarm().catch(() => undefined));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKey);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('itemId')) void this.load();
  }

  private async load(): Promise<void> {
    const id = this.itemId;
    this.item = null;
    this.annotations = null;
    this.error = '';
    const c = client();
    try {
      const item = toJson<Json>(await c.items.get(id, { cache: 'network-first' }));
      if (id !== this.itemId) return;
      const ds = item.datasetId as string;
      if (this.assignmentId) {
        const ref = (item.metadata?.system?.refs ?? []).find((r: Json) => r.id === this.assignmentId);
        this.itemStatus = ref?.metadata?.status ?? '';
      }
      const [ctx, anns] = await Promise.all([datasetContext(ds), itemAnnotations(ds, id)]);
      if (id !== this.itemId) return;
      this.ontology = ctx.ontology;
      this.item = item;
      this.annotations = anns;
      // How many items the list has (for "#3 of 40" and the Next button); usually a cached page.
      if (this.index >= 0 && this.total === null)
        void neighbour({
          datasetId: ds,
          assignmentId: this.assignmentId,
          filters: buildFilters(this.filter),
          index: this.index,
        })
          .then((n) => n && id === this.itemId && (this.total = n.total))
          .catch(() => undefined);
    } catch (e) {
      if (id !== this.itemId) return;
      const status = (e as { status?: number }).status;
      this.error =
        status === 403 || status === 404
          ? 'You cannot open this item: it is not in your assignment (or it does not exist). Ask your task manager for access.'
          : errorText(e);
    }
  }

  private get datasetOf(): string {
    return (this.item?.datasetId as string) ?? this.datasetId;
  }

  // ---- edits -> outbox ------------------------------------------------------------------------

  private async onCreate(e: CustomEvent<{ annotation: Json }>): Promise<void> {
    await client().outbox.create(this.itemId, this.datasetOf, {
      ...e.detail.annotation,
      itemId: this.itemId,
      datasetId: this.datasetOf,
    });
  }

  private async onUpdate(e: CustomEvent<{ annotation: Json; previous: Json }>): Promise<void> {
    await client().outbox.update(e.detail.annotation, e.detail.previous, {
      itemId: this.itemId,
      datasetId: this.datasetOf,
    });
  }

  private async onDelete(e: CustomEvent<{ annotation: Json }>): Promise<void> {
    const a = e.detail.annotation;
    await client().outbox.delete({
      id: a.id ?? undefined,
      clientId: a.metadata?.system?.clientId,
      itemId: this.itemId,
      datasetId: this.datasetOf,
    });
  }

  // ---- navigation and status ------------------------------------------------------------------

  private linkTo(n: Neighbour): string {
    if (this.assignmentId) return href('assignments', this.assignmentId, 'items', n.id, { i: String(n.index) });
    return href('datasets', this.datasetOf, 'items', n.id, { ...filterToQuery(this.filter), i: String(n.index) });
  }

  private async step(delta: number): Promise<void> {
    if (this.busy || this.index < 0) return;
    this.busy = true;
    try {
      const n = await neighbour({
        datasetId: this.datasetOf,
        assignmentId: this.assignmentId,
        filters: buildFilters(this.filter),
        index: this.index + delta,
      });
      if (n) {
        this.total = n.total;
        go(this.linkTo(n));
      }
    } catch (e) {
      this.error = errorText(e);
    } finally {
      this.busy = false;
    }
  }

  private async setStatus(status: string): Promise<void> {
    if (!this.assignmentId) return;
    this.busy = true;
    try {
      await client().assignments.setItemStatus(this.assignmentId, this.itemId, status, { datasetId: this.datasetOf });
      this.itemStatus = status;
    } catch (e) {
      this.error = errorText(e);
    } finally {
      this.busy = false;
    }
    await this.step(1);
  }

  private back(): string {
    if (this.assignmentId) return href('assignments', this.assignmentId);
    if (!this.datasetOf) return href('projects');
    return href('datasets', this.datasetOf, filterToQuery(this.filter));
  }

  override render() {
    const item = this.item;
    return html`
      <div class="row bar">
        <a href=${this.back()}>← Back</a>
        <span class="name" data-filename title=${item?.filename ?? ''}>${item?.filename ?? ''}</span>
        <span class="muted">${this.index >= 0 ? `#${this.index + 1}${this.total ? ` of ${this.total}` : ''}` : ''}</span>
        <span class="spacer"></span>
        ${
          this.assignmentId
            ? html`${this.itemStatus ? html`<span class="status-done" data-item-status>${this.itemStatus}</span>` : nothing}
              <button class="primary" data-action="complete" ?disabled=${this.busy || !item} @click=${() => this.setStatus('completed')}>Complete</button>
              <button data-action="discard" ?disabled=${this.busy || !item} @click=${() => this.setStatus('discard')}>Discard</button>`
            : nothing
        }
        <button data-action="prev" ?disabled=${this.busy || this.index <= 0} @click=${() => this.step(-1)} title="Previous item (PageUp, Shift+N)">‹ Prev</button>
        <button data-action="next" ?disabled=${this.busy || this.index < 0 || (this.total !== null && this.index >= this.total - 1)} @click=${() => this.step(1)} title="Next item (PageDown, N)">Next ›</button>
        <button data-action="help" @click=${() => (this.help = true)} title="Keyboard shortcuts (?)">?</button>
      </div>
      ${this.error ? html`<p class="error" role="alert" data-item-error>${this.error}</p>` : nothing}
      ${
        item && this.annotations
          ? html`<div class="stage">
            <dl-item-viewer .client=${viewerClient} .item=${item}>
              <dl-annotation-layer
                panel
                show-labels
                .ontology=${this.ontology}
                .annotations=${this.annotations}
                @dl-annotation-create=${this.onCreate}
                @dl-annotation-update=${this.onUpdate}
                @dl-annotation-delete=${this.onDelete}
              ></dl-annotation-layer>
            </dl-item-viewer>
          </div>`
          : !this.error
            ? html`<p class="muted">Loading…</p>`
            : nothing
      }
      ${this.help ? html`<demo-help-overlay @close=${() => (this.help = false)}></demo-help-overlay>` : nothing}
    `;
  }
}
