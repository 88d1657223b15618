import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { plural } from './styles.js';

/** An object the dialog names: as the object list shows it, and the required attributes it leaves unset. */
export interface MissingObject {
  /** What `<dl-annotation-layer>`'s `focusMissing` takes. */
  id: string;
  name: string;
  missing: string[];
}

/** How many objects the dialog names; the rest are counted ("and 2 more"). */
const SHOWN = 3;

/**
 * Asks before an annotator completes an item whose objects leave required attributes unset (the
 * object list marks them): completing would send it to review incomplete, and the reviewer would
 * find out object by object. Names how many objects and the first few as their object-list rows
 * read ("Car #1 · box: Colour, Parked"; two plain Car boxes "Car · box 1" and "Car · box 2").
 * Focus starts on "Fix first" (the safe choice, so Enter takes it); "Complete anyway" completes
 * (the review still catches it); Escape cancels and changes nothing; focus returns where it was.
 *
 * @fires fix - Go to the first such object's first unset required attribute.
 * @fires complete - Complete anyway.
 * @fires close - Cancelled (Escape, Cancel or a click outside).
 */
@customElement('demo-required-dialog')
export class DemoRequiredDialog extends ConfirmDialog {
  /** The objects with required attributes unset, in list order. */
  @property({ attribute: false }) objects: MissingObject[] = [];
  protected readonly firstAction = 'fix-first';

  override render() {
    const n = this.objects.length;
    const more = n - SHOWN;
    return html`<div class="box" role="dialog" aria-modal="true" aria-labelledby="t" aria-describedby="d" @keydown=${this.onKey}>
      <h2 id="t">Complete with required attributes unset?</h2>
      <div id="d">
        <p data-missing-count>${n === 1 ? '1 object misses' : `${plural(n, 'object')} miss`} required attributes: the reviewer will get ${n === 1 ? 'it' : 'them'} incomplete.</p>
        <ul class="missing" data-missing-list>
          ${this.objects.slice(0, SHOWN).map((o) => html`<li>${o.name}: ${o.missing.join(', ')}</li>`)}
          ${more > 0 ? html`<li>and ${more} more</li>` : nothing}
        </ul>
      </div>
      <div class="actions">
        <button type="button" data-action="cancel" @click=${() => this.fire('close')}>Cancel</button>
        <button type="button" data-action="complete-anyway" @click=${() => this.fire('complete')}>Complete anyway</button>
        <button type="button" class="primary" data-action="fix-first" @click=${() => this.fire('fix')}>Fix first</button>
      </div>
    </div>`;
  }
}
