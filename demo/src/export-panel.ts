import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Filters } from 'dl-kit';
import { client } from './session.js';
import { plural, screenStyles } from './styles.js';
import { errorText, toJson } from './json.js';
import { renderExportPng, type ExportKind } from './export-render.js';
import { datasetContext } from './dataset-context.js';
import { zipFiles } from './zip.js';
import { itemAnnotations } from './annotations-io.js';

/**
 * Exports the items of the current filter: Dataloop JSON (one file per item, the platform's
 * export layout), or MASK / INSTANCE PNGs rendered in the geometry worker. Progress and cancel.
 */
@customElement('demo-export-panel')
export class DemoExportPanel extends LitElement {
  static override styles = [screenStyles, css`:host { display: inline-flex; } .row { gap: 6px; }`];
  @property() datasetId = '';
  @property({ attribute: false }) filters: Filters | null = null;
  @state() private kind: ExportKind = 'json';
  @state() private progress: { done: number; total: number } | null = null;
  @state() private message = '';
  private abort?: AbortController;

  private async run(): Promise<void> {
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.message = '';
    const files: { name: string; data: Uint8Array }[] = [];
    try {
      const c = client();
      const { ontology } = await datasetContext(this.datasetId);
      const pages = await c.dataset(this.datasetId).items.list(this.filters ?? undefined, { pageSize: 200, signal });
      const total = pages.totalItemsCount;
      this.progress = { done: 0, total };
      const enc = new TextEncoder();
      for await (const page of pages.fromLoaded()) {
        for (const entity of page) {
          signal.throwIfAborted();
          const item = toJson(entity);
          const list = await itemAnnotations(this.datasetId, item.id, { signal });
          const base = String(item.filename)
            .replace(/^\//, '')
            .replace(/\.[^./]+$/, '');
          if (this.kind === 'json') {
            files.push({
              name: `json/${base}.json`,
              data: enc.encode(JSON.stringify({ ...item, annotations: list }, null, 2)),
            });
          } else {
            const w = item.metadata?.system?.width;
            const h = item.metadata?.system?.height;
            if (w && h)
              files.push({
                name: `${this.kind}/${base}.png`,
                data: await renderExportPng(this.kind, list, ontology, w, h, signal),
              });
          }
          this.progress = { done: this.progress!.done + 1, total };
        }
      }
      const zip = zipFiles(files);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
      a.download = `export-${this.kind}.zip`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      this.message = `Exported ${plural(files.length, 'file')}`;
    } catch (e) {
      this.message = signal.aborted ? 'Export cancelled' : `Export failed: ${errorText(e)}`;
    } finally {
      this.progress = null;
      this.abort = undefined;
    }
  }

  override render() {
    return html`<div class="row">
      <select aria-label="Export format" .value=${this.kind} @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as ExportKind)} ?disabled=${!!this.progress}>
        <option value="json">Dataloop JSON</option>
        <option value="mask">MASK PNGs</option>
        <option value="instance">INSTANCE PNGs</option>
      </select>
      ${
        this.progress
          ? html`<progress max=${this.progress.total || 1} .value=${this.progress.done} aria-label="Export progress"></progress>
            <span data-export-progress>${this.progress.done}/${this.progress.total}</span>
            <button @click=${() => this.abort?.abort()}>Cancel</button>`
          : html`<button @click=${this.run}>Export</button>`
      }
      ${this.message ? html`<span role="status" data-export-message>${this.message}</span>` : ''}
    </div>`;
  }
}
