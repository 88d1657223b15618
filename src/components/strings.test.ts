// Components registering their own default messages through StringsController (not through a
// side-effect import a bundler may drop), in Chromium.
import { afterEach, describe, expect, it } from 'vitest';
import { LitElement, html } from 'lit';
import { StringsController } from './strings-controller.js';
import { defineStrings, msg, resetStrings, setStrings } from './strings.js';

const catalog = { 'stringsTest.hello': 'Hello {who}', 'stringsTest.bye': 'Bye' } as const;

class StringsProbe extends LitElement {
  constructor() {
    super();
    new StringsController(this, catalog);
  }
  override render() {
    return html`<p>${msg('stringsTest.hello', { who: 'Ann' })}</p>`;
  }
}
customElements.define('dl-strings-probe', StringsProbe);

afterEach(() => {
  resetStrings();
  document.body.innerHTML = '';
});

describe("StringsController with the component's own defaults", () => {
  it('the first element created registers its messages: it renders words, not keys', async () => {
    expect(msg('stringsTest.bye')).toBe('stringsTest.bye'); // nothing registered before an element exists
    const el = document.createElement('dl-strings-probe') as StringsProbe;
    document.body.append(el);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('p')!.textContent).toBe('Hello Ann');
    expect(msg('stringsTest.bye')).toBe('Bye');
  });

  it('a translation still wins over the registered defaults and re-renders the element', async () => {
    const el = document.createElement('dl-strings-probe') as StringsProbe;
    document.body.append(el);
    await el.updateComplete;
    setStrings({ 'stringsTest.hello': 'Bonjour {who}' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('p')!.textContent).toBe('Bonjour Ann');
    // Creating another element (registering again) does not undo the translation.
    const el2 = document.createElement('dl-strings-probe') as StringsProbe;
    document.body.append(el2);
    await el2.updateComplete;
    expect(el2.shadowRoot!.querySelector('p')!.textContent).toBe('Bonjour Ann');
  });

  it('defineStrings returns its entries, so a catalog can be a value the component references', () => {
    const mine = { 'stringsTest.value': 'Value' };
    expect(defineStrings(mine)).toBe(mine);
    expect(msg('stringsTest.value')).toBe('Value');
  });
});
