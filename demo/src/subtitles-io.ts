// The item page's WebVTT buttons on a video item: the item's subtitle annotations as a `.vtt` download,
// and a `.vtt` file read into new subtitle annotations (spec §2.4, the entities' `toVtt` / `fromVtt`).
// The page applies an import like any edit: into the layer and the timeline, then to the outbox.
import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { AnnotationCollection } from 'dl-kit';
import { plural, screenStyles } from './styles.js';
import { errorText, toJson, type Json } from './json.js';

/** The subtitles of `annotations` (an item's JSON list) as a WebVTT file, sorted by start time. */
export function subtitlesVtt(annotations: readonly Json[], item: Json): string {
  const subs = annotations.filter((a) => a.type === 'subtitle');
  return AnnotationCollection.fromJson(subs as never, { item: item as never }).toVtt();
}

/**
 * New subtitle annotations, one per cue of the WebVTT `text`, for `item` (frames from its fps), each
 * with a `clientId` so the layer and the outbox name it before the server gives it an id. Throws the
 * entities' `DlParseError` (its message names the line) for a malformed file; nothing is made then.
 */
export function subtitlesFromVtt(text: string, item: Json): Json[] {
  const added = AnnotationCollection.fromJson([], { item: item as never }).fromVtt(text);
  return added.map((a) => {
    const json = toJson<Json>(a);
    const system = ((json.metadata ??= {}).system ??= {});
    system.clientId = `dlkit-vtt-${crypto.randomUUID()}`;
    return json;
  });
}

/** Asks the page to add imported annotations (`detail.annotations`): the layer, the timeline, the outbox. */
export type VttImportEvent = CustomEvent<{ annotations: Json[] }>;

/**
 * "Export VTT" and "Import VTT…" for a video item, on a row of their own above the viewer. Export reads the annotations the page shows now
 * (`annotations()`, edits not yet saved included); import fires `vtt-import` with the new subtitles.
 * Results and errors are shown as text (a status line; an alert naming the bad line).
 */
@customElement('demo-subtitles-io')
export class DemoSubtitlesIo extends LitElement {
  static override styles = [
    screenStyles,
    css`
      :host { display: block; }
      .row { gap: 6px; flex-wrap: wrap; }
      .title { font-size: 13px; }
      .error { margin: 0; padding: 4px 8px; }
      input[type=file] { position: absolute; width: 1px; height: 1px; opacity: 0; pointer-events: none; }
    `,
  ];
  /** The video item (its filename names the download; its fps sets the cues' frames). */
  @property({ attribute: false }) item: Json | null = null;
  /** The annotations shown now. */
  @property({ attribute: false }) annotations: () => readonly Json[] = () => [];
  @state() private message = '';
  @state() private error = '';
  @query('input[type=file]') private input!: HTMLInputElement;

  private get base(): string {
    return (
      String(this.item?.filename ?? 'subtitles')
        .split('/')
        .pop()!
        .replace(/\.[^.]+$/, '') || 'subtitles'
    );
  }

  private export(): void {
    this.message = this.error = '';
    if (!this.item) return;
    try {
      const list = this.annotations();
      const n = list.filter((a) => a.type === 'subtitle').length;
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([subtitlesVtt(list, this.item)], { type: 'text/vtt' }));
      a.download = `${this.base}.vtt`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      this.message = `Exported ${plural(n, 'subtitle')}`;
    } catch (e) {
      this.error = `VTT export failed: ${errorText(e)}`;
    }
  }

  private async import(): Promise<void> {
    const file = this.input.files?.[0];
    // The same file can be chosen again after a fix.
    this.input.value = '';
    if (!file || !this.item) return;
    this.message = this.error = '';
    try {
      const added = subtitlesFromVtt(await file.text(), this.item);
      if (!added.length) {
        this.error = `${file.name}: no cues in the file; nothing imported`;
        return;
      }
      this.dispatchEvent(
        new CustomEvent('vtt-import', { detail: { annotations: added }, bubbles: true, composed: true }),
      );
      this.message = `Imported ${plural(added.length, 'subtitle')} from ${file.name}`;
    } catch (e) {
      this.error = `${file.name} was not imported (nothing changed): ${errorText(e)}`;
    }
  }

  override render() {
    return html`<div class="row" role="group" aria-labelledby="vtt-title">
      <span class="muted title" id="vtt-title">Subtitles (WebVTT)</span>
      <button data-action="vtt-export" @click=${this.export} title="Download the subtitles as a WebVTT file">Export VTT</button>
      <button data-action="vtt-import" @click=${() => this.input.click()} title="Add the cues of a WebVTT file as subtitles">Import VTT…</button>
      <input type="file" accept=".vtt,text/vtt" aria-label="WebVTT file to import" tabindex="-1" @change=${this.import} />
      ${this.message ? html`<span role="status" data-vtt-message>${this.message}</span>` : ''}
      ${this.error ? html`<span class="error" role="alert" data-vtt-error>${this.error}</span>` : ''}
    </div>`;
  }
}
