// The demo's shared screen styles (real Chromium, both themes): a disabled main button does not look
// like the main one ("Nothing to review" had the accent's fill, walk 36).
import { afterEach, describe, expect, it } from 'vitest';
import { LitElement, html } from 'lit';
import { themeStyles } from 'dl-kit/components';
import { screenStyles } from './styles.js';

class StylesProbe extends LitElement {
  static override styles = [themeStyles, screenStyles];
  override render() {
    return html`<button class="primary">Start review</button><button class="primary" disabled>Nothing to review</button>
      <button class="success" disabled>Approve</button><button>Plain</button>`;
  }
}
customElements.define('demo-styles-probe', StylesProbe);

let probe: StylesProbe | undefined;
afterEach(() => probe?.remove());

describe('screenStyles', () => {
  for (const theme of ['light', 'dark'] as const)
    it(`a disabled primary or success button has no accent fill (${theme})`, async () => {
      probe = document.createElement('demo-styles-probe') as StylesProbe;
      probe.setAttribute('theme', theme);
      document.body.append(probe);
      await probe.updateComplete;
      const [main, off, success, plain] = [...probe.shadowRoot!.querySelectorAll('button')].map((b) =>
        getComputedStyle(b),
      );
      const accent = getComputedStyle(probe).getPropertyValue('--dl-color-accent').trim();
      expect(accent).not.toBe('');
      // The enabled main button is filled with the accent; the disabled ones are not.
      expect(main!.backgroundColor).not.toBe(plain!.backgroundColor);
      for (const s of [off!, success!]) {
        expect(s.backgroundColor).not.toBe(main!.backgroundColor);
        expect(s.borderColor).toBe(plain!.borderColor);
        expect(s.color).not.toBe(main!.color);
      }
    });
});
