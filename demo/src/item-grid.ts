import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Filters } from 'dl-kit';
import { client } from './session.js';
import { toJson, type Json } from './json.js';
import { openIssueCounts } from 'dl-kit/components';
import { cardStatus } from './item-status.js';

const PAGE = 100;
const CELL_W = 168;
const CELL_H = 168;
const OVERSCAN_ROWS = 2;
const MAX_THUMBS = 600;

/** Scroll positions of grids by list (dataset + filter), so coming back from an item lands where the user was. */
const scrollMemory = new Map<string, { top: number; index: number }>();

/** Remembers which item of a list was opened (the grid shows it again on return). */
export function rememberOpened(key: string, index: number): void {
  const m = scrollMemory.get(key);
  scrollMemory.set(key, { top: m?.top ?? 0, index });
}

/** Thumbnails as object URLs, least recently used evicted (URLs revoked). */
class ThumbCache {
  private map = new Map<string, string | 'error'>();
  private inflight = new Set<string>();
  private queue: { id: string; run: () => void }[] = [];
  private running = 0;
  onLoad: () => void = () => {};

  get(id: string): string | 'error' | undefined {
    const v = this.map.get(id);
    if (v !== undefined) {
      this.map.delete(id);
      this.map.set(id, v);
    }
    return v;
  }

  want(item: Json): void {
    if (this.map.has(item.id) || this.inflight.has(item.id)) return;
    this.inflight.add(item.id);
    this.queue.push({
      id: item.id,
      run: () => {
        client()
          .items.thumbnail(item as never, { as: 'blob' })
          .then((b) => this.put(item.id, URL.createObjectURL(b as Blob)))
          .catch(() => this.put(item.id, 'error'))
          .finally(() => {
            this.inflight.delete(item.id);
            this.running--;
            this.pump();
          });
      },
    });
    this.pump();
  }

  /** Drops queued fetches of items no longer visible (they are asked for again when they are). */
  retain(visible: Set<string>): void {
    const keep = this.queue.filter((q) => visible.has(q.id));
    for (const q of this.queue) if (!visible.has(q.id)) this.inflight.delete(q.id);
    this.queue = keep;
  }

  private pump(): void {
    while (this.running < 6 && this.queue.length) {
      this.running++;
      this.queue.shift()!.run();
    }
  }

  private put(id: string, url: string | 'error'): void {
    this.map.set(id, url);
    while (this.map.size > MAX_THUMBS) {
      const [k, v] = this.map.entries().next().value as [string, string];
      this.map.delete(k);
      if (v !== 'error') URL.revokeObjectURL(v);
    }
    this.onLoad();
  }

  clear(): void {
    for (const v of this.map.values()) if (v !== 'error') URL.revokeObjectURL(v);
    this.map.clear();
    for (const q of this.queue) this.inflight.delete(q.id);
    this.queue = [];
  }
}

/**
 * A virtualised grid of a dataset's items: only the visible rows (plus a small overscan) are in
 * the DOM, pages of 100 items are fetched as they scroll into view through the client (its
 * IndexedDB page cache answers return visits at once and revalidates in the background), and
 * thumbnails load for visible cells only, six at a time. A list of links (`role=list` of
 * `listitem`s, each holding the link and, when `selectable`, a "select" checkbox). The scroll position is kept per
 * `memoryKey`: coming back from an item shows the grid as it was, with that item in view.
 *
 * @fires grid-total - `detail: { total }` when the number of items is known.
 * @fires grid-error - `detail: { error }` when a page failed.
 * @fires grid-select - `detail: { ids }` when the selection changed.
 */
@customElement('demo-item-grid')
export class DemoItemGrid extends LitElement {
  static override styles = css`
    :host { display: block; position: relative; overflow: auto; contain: strict; background: var(--dl-color-bg); border: 1px solid var(--dl-color-border); }
    .spacer { position: relative; }
    .slot { position: absolute; width: ${CELL_W - 8}px; height: ${CELL_H - 8}px; }
    .cell { position: absolute; inset: 0; border-radius: 8px; overflow: hidden;
      background: var(--dl-color-surface); display: flex; flex-direction: column; text-decoration: none; color: inherit;
      border: 1px solid var(--dl-color-border); }
    .cell:focus-visible, .cell:hover { outline: 2px solid var(--dl-color-focus); outline-offset: 1px; }
    .cell.on { outline: 3px solid var(--dl-color-accent); }
    .thumb { flex: 1; min-height: 0; display: flex; align-items: center; justify-content: center; background: var(--dl-color-track); }
    .thumb img { width: 100%; height: 100%; object-fit: cover; display: block; }
    .name { font-size: 12px; padding: 4px 6px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; background: var(--dl-color-surface-raised); }
    .status { position: absolute; left: 6px; bottom: 30px; max-width: calc(100% - 12px); display: inline-flex; align-items: center; gap: 5px;
      font-size: 11px; background: var(--dl-color-surface-raised); color: var(--dl-color-text); border: 1px solid var(--dl-color-border);
      border-radius: 10px; padding: 1px 7px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .status .dot { flex: none; width: 8px; height: 8px; border-radius: 50%; background: var(--chip); }
    .status[data-status='issue'], .status[data-status='returned'] { border-color: var(--dl-color-danger); color: var(--dl-color-danger); font-weight: 600; }
    .badge { position: absolute; top: 6px; right: 6px; font-size: 11px; background: var(--dl-color-surface-raised); color: var(--dl-color-text);
      border: 1px solid var(--dl-color-border); border-radius: 10px; padding: 1px 7px; }
    .pick { position: absolute; top: 6px; left: 6px; width: 18px; height: 18px; margin: 0; accent-color: var(--dl-color-accent); cursor: pointer; }
    .ph { color: var(--dl-color-text-muted); font-size: 12px; }
    .empty { padding: 24px; color: var(--dl-color-text-muted); text-align: center; }
  `;

  @property() datasetId = '';
  @property({ attribute: false }) filters: Filters | null = null;
  /** Link for a cell. */
  @property({ attribute: false }) linkFor: (item: Json, index: number) => string = () => '#';
  /** Key of the list for the kept scroll position (e.g. dataset id + filter). */
  @property() memoryKey = '';
  /** Selected item ids (checkboxes). */
  @property({ attribute: false }) selected: ReadonlySet<string> = new Set();
  /**
   * Whether cards offer a "select" checkbox: only where the page has an action for a selection
   * (a role that may make a task from it); elsewhere a checkbox would select for nothing.
   */
  @property({ type: Boolean }) selectable = false;

  @state() private total: number | null = null;
  @state() private range = { first: 0, last: -1, cols: 1, cellW: CELL_W };
  @state() private version = 0;

  private pages = new Map<number, Json[]>();
  /** Open issues of each loaded page's items (one annotation query per page; absent: unknown). */
  private issues = new Map<number, Record<string, number>>();
  private loading = new Set<number>();
  private thumbs = new ThumbCache();
  private generation = 0;
  private ro?: ResizeObserver;
  private restorePending = false;
  private readonly onScroll = () => {
    this.measure();
    if (this.memoryKey && !this.restorePending) {
      const m = scrollMemory.get(this.memoryKey);
      scrollMemory.set(this.memoryKey, { top: this.scrollTop, index: m?.index ?? -1 });
    }
  };

  /** Total items of the current filter (null while unknown). */
  get totalItems(): number | null {
    return this.total;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.thumbs.onLoad = () => this.version++;
    this.addEventListener('scroll', this.onScroll, { passive: true });
    this.ro = new ResizeObserver(() => this.measure());
    this.ro.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('scroll', this.onScroll);
    this.ro?.disconnect();
    this.thumbs.clear();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('filters') || changed.has('datasetId')) {
      this.generation++;
      this.pages.clear();
      this.issues.clear();
      this.loading.clear();
      this.total = null;
      this.scrollTop = 0;
      this.restorePending = scrollMemory.has(this.memoryKey);
      void this.loadPage(0);
    }
  }

  /** Re-reads every page (after an upload); keeps the scroll position. */
  refresh(): void {
    this.generation++;
    this.pages.clear();
    this.issues.clear();
    this.loading.clear();
    void this.loadPage(0, 'network-first');
    this.measure();
  }

  private measure(): void {
    const cols = Math.max(1, Math.floor(this.clientWidth / CELL_W));
    // Columns share the whole width (no empty band on the right).
    const cellW = Math.max(CELL_W, Math.floor(this.clientWidth / cols));
    const firstRow = Math.max(0, Math.floor(this.scrollTop / CELL_H) - OVERSCAN_ROWS);
    const lastRow = Math.ceil((this.scrollTop + this.clientHeight) / CELL_H) + OVERSCAN_ROWS;
    const total = this.total ?? 0;
    const first = firstRow * cols;
    const last = Math.min(total - 1, (lastRow + 1) * cols - 1);
    if (
      first !== this.range.first ||
      last !== this.range.last ||
      cols !== this.range.cols ||
      cellW !== this.range.cellW
    )
      this.range = { first, last, cols, cellW };
  }

  private async loadPage(page: number, cache?: 'network-first'): Promise<void> {
    if (this.pages.has(page) || this.loading.has(page) || !this.datasetId) return;
    const gen = this.generation;
    this.loading.add(page);
    try {
      const paged = await client()
        .dataset(this.datasetId)
        .items.list(this.filters ?? undefined, { page, pageSize: PAGE, ...(cache ? { cache } : {}) });
      if (gen !== this.generation) return;
      const items = paged.items.map((i: unknown) => toJson(i));
      this.pages.set(page, items);
      // The page's open issues: one more query for the whole page, never one per item.
      void openIssueCounts(
        client(),
        this.datasetId,
        items.map((i: Json) => i.id as string),
      ).then((issues) => {
        if (gen !== this.generation) return;
        this.issues.set(page, issues ?? {}); // Unknown (query failed): statuses without issue counts.
        this.version++;
      });
      if (this.total !== paged.totalItemsCount) {
        this.total = paged.totalItemsCount;
        this.dispatchEvent(new CustomEvent('grid-total', { detail: { total: this.total } }));
        await this.updateComplete;
        this.restoreScroll();
        this.measure();
      }
      this.version++;
    } catch (e) {
      if (gen === this.generation) this.dispatchEvent(new CustomEvent('grid-error', { detail: { error: e } }));
    } finally {
      this.loading.delete(page);
    }
  }

  /** Back on a list seen before: its scroll position, moved if needed so the last opened item shows. */
  private restoreScroll(): void {
    if (!this.restorePending) return;
    this.restorePending = false;
    const m = scrollMemory.get(this.memoryKey);
    if (!m) return;
    let top = m.top;
    if (m.index >= 0) {
      const cols = Math.max(1, Math.floor(this.clientWidth / CELL_W));
      const y = Math.floor(m.index / cols) * CELL_H;
      if (y < top || y + CELL_H > top + this.clientHeight) top = Math.max(0, y - (this.clientHeight - CELL_H) / 2);
    }
    this.scrollTop = top;
  }

  private toggle(id: string, on: boolean): void {
    const ids = new Set(this.selected);
    if (on) ids.add(id);
    else ids.delete(id);
    this.dispatchEvent(new CustomEvent('grid-select', { detail: { ids } }));
  }

  private itemAt(i: number): Json | undefined {
    return this.pages.get(Math.floor(i / PAGE))?.[i % PAGE];
  }

  override render() {
    void this.version;
    if (this.total === 0) return html`<div class="empty" role="status">No items match these filters.</div>`;
    if (this.total === null && !this.pages.size) return html`<div class="empty" role="status">Loading items…</div>`;
    const { first, last, cols, cellW } = this.range;
    const rows = Math.ceil((this.total ?? 0) / cols);
    const cells = [];
    const visible = new Set<string>();
    for (let i = first; i <= last; i++) {
      const page = Math.floor(i / PAGE);
      if (!this.pages.has(page)) void this.loadPage(page);
      const item = this.itemAt(i);
      const x = (i % cols) * cellW;
      const y = Math.floor(i / cols) * CELL_H;
      const style = `transform: translate(${x}px, ${y}px); width: ${cellW - 8}px`;
      if (!item) {
        cells.push(
          html`<div class="slot" style=${style} role="listitem" aria-posinset=${i + 1} aria-setsize=${this.total ?? -1} aria-busy="true">
            <div class="cell"><div class="thumb"><span class="ph">Loading…</span></div></div></div>`,
        );
        continue;
      }
      visible.add(item.id);
      this.thumbs.want(item);
      const t = this.thumbs.get(item.id);
      const on = this.selectable && this.selected.has(item.id);
      const n = item.annotationsCount ?? 0;
      // Shown once the page's issues are known, so a sent-back item never reads "To do" first.
      const issues = this.issues.get(page);
      const st = issues ? cardStatus(item, issues[item.id] ?? 0) : null;
      cells.push(html`<div class="slot" style=${style} role="listitem" aria-posinset=${i + 1} aria-setsize=${this.total ?? -1}>
        <a class="cell ${on ? 'on' : ''}" href=${this.linkFor(item, i)} data-item=${item.id} data-index=${i} title=${item.filename}
          @click=${() => this.memoryKey && rememberOpened(this.memoryKey, i)}>
          <div class="thumb">${t && t !== 'error' ? html`<img alt="" src=${t} loading="lazy" />` : html`<span class="ph">${t === 'error' ? 'No preview' : 'Loading…'}</span>`}</div>
          <div class="name">${item.name}</div>
          ${
            st
              ? html`<span class="status" data-status=${st.status} style="--chip: ${st.color}"><span class="dot" aria-hidden="true"></span>${st.text}${st.issues ? ` · ${st.issues}` : ''}</span>`
              : nothing
          }
          ${item.annotated ? html`<span class="badge">${n === 1 ? '1 annotation' : `${n} annotations`}</span>` : nothing}
        </a>
        ${
          this.selectable
            ? html`<input type="checkbox" class="pick" .checked=${on} aria-label=${`Select ${item.name}`} data-select=${item.id}
          @change=${(e: Event) => this.toggle(item.id, (e.target as HTMLInputElement).checked)} />`
            : nothing
        }
      </div>`);
    }
    this.thumbs.retain(visible);
    return html`<div class="spacer" style="height: ${rows * CELL_H}px" role="list" aria-label="Items">${cells}</div>`;
  }
}
