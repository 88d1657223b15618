import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';

const SHORTCUTS: [string, string][] = [
  ['?', 'Show / hide this help'],
  ['N  or  PageDown', 'Next item'],
  ['Shift+N  or  PageUp', 'Previous item'],
  ['Ctrl+Enter', 'Complete the item (assignments) and go to the next'],
  ['V', 'Select tool'],
  ['R', 'Box'],
  ['P', 'Polygon (Enter or double-click closes, Esc cancels)'],
  ['L', 'Polyline'],
  ['O', 'Point'],
  ['E', 'Ellipse'],
  ['C', 'Classification'],
  ['B / X', 'Brush / eraser (masks)'],
  ['1 … 9', 'Pick label 1 … 9'],
  ['Delete / Backspace', 'Delete the selection'],
  ['Ctrl+Z / Ctrl+Shift+Z', 'Undo / redo'],
  ['Arrow keys', 'Nudge the selection (Shift: 10 px)'],
  ['[ / ]', 'Smaller / bigger brush'],
  ['Ctrl+C / Ctrl+V, Ctrl+A', 'Copy / paste, select all'],
  ['Wheel, + / -, 0, 1', 'Zoom, fit, 1:1'],
  ['Space + drag', 'Pan'],
];

/** The keyboard shortcuts of the labeling page, as a modal dialog. */
@customElement('demo-help-overlay')
export class DemoHelpOverlay extends LitElement {
  static override styles = css`
    :host { position: fixed; inset: 0; background: rgba(10, 14, 22, 0.55); display: flex; align-items: center; justify-content: center; z-index: 10; }
    .box { background: #fff; color: #1d2330; border-radius: 12px; padding: 20px 24px; max-width: 560px; width: 90%; max-height: 85vh; overflow: auto; }
    h2 { margin: 0 0 12px; font-size: 18px; }
    table { border-collapse: collapse; width: 100%; }
    td { padding: 4px 8px; border-bottom: 1px solid #eceff3; }
    kbd { font: 12px ui-monospace, monospace; background: #eef1f5; border: 1px solid #cfd5df; border-radius: 4px; padding: 1px 6px; }
    button { margin-top: 12px; font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid #b9c0cc; background: #fff; cursor: pointer; }
  `;

  override firstUpdated(): void {
    this.renderRoot.querySelector('button')?.focus();
  }

  override render() {
    return html`<div class="box" role="dialog" aria-modal="true" aria-labelledby="t" @click=${(e: Event) => e.stopPropagation()}>
      <h2 id="t">Keyboard shortcuts</h2>
      <table>
        ${SHORTCUTS.map(([k, what]) => html`<tr><td><kbd>${k}</kbd></td><td>${what}</td></tr>`)}
      </table>
      <button @click=${() => this.dispatchEvent(new Event('close'))}>Close (Esc)</button>
    </div>`;
  }

  constructor() {
    super();
    this.addEventListener('click', () => this.dispatchEvent(new Event('close')));
  }
}
