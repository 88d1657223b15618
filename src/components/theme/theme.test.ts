import { describe, it, expect, afterEach } from 'vitest';
import { LitElement, html, css } from 'lit';
import { themeStyles, themeTokens } from './theme.js';
import { msg, setStrings, resetStrings, defineStrings, subscribeStrings } from '../strings.js';

class ThemeProbe extends LitElement {
  static override styles = [
    themeStyles,
    css`.box { background: var(--dl-color-bg); color: var(--dl-color-text); padding-inline-start: var(--dl-space-2); }`,
  ];
  override render() {
    return html`<div class="box">x</div><slot></slot>`;
  }
}
if (!customElements.get('dl-theme-probe')) customElements.define('dl-theme-probe', ThemeProbe);

/** Hex `#rrggbb` to the `rgb(r, g, b)` string getComputedStyle reports. */
function rgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

async function probe(markup: string): Promise<HTMLElement> {
  const host = document.createElement('div');
  host.innerHTML = markup;
  document.body.append(host);
  await Promise.all([...host.querySelectorAll('dl-theme-probe')].map((p) => (p as ThemeProbe).updateComplete));
  return host;
}
const boxOf = (el: Element) => (el as ThemeProbe).shadowRoot!.querySelector('.box')!;

afterEach(() => {
  document.body.innerHTML = '';
  resetStrings();
});

describe('themeStyles', () => {
  it('applies the light tokens by default and the dark ones for theme="dark"', async () => {
    const host = await probe('<dl-theme-probe></dl-theme-probe><dl-theme-probe theme="dark"></dl-theme-probe>');
    const [light, dark] = host.querySelectorAll('dl-theme-probe');
    expect(getComputedStyle(boxOf(light)).backgroundColor).toBe(rgb(themeTokens['--dl-color-bg'].light));
    expect(getComputedStyle(boxOf(dark)).backgroundColor).toBe(rgb(themeTokens['--dl-color-bg'].dark));
    expect(getComputedStyle(boxOf(dark)).color).toBe(rgb(themeTokens['--dl-color-text'].dark));
    expect(getComputedStyle(dark).colorScheme).toBe('dark');
  });

  it('theme="auto" follows prefers-color-scheme', async () => {
    const host = await probe('<dl-theme-probe theme="auto"></dl-theme-probe>');
    const mode = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    expect(getComputedStyle(boxOf(host.firstElementChild!)).backgroundColor).toBe(
      rgb(themeTokens['--dl-color-bg'][mode]),
    );
  });

  it('a nested component without a theme inherits the enclosing one; hosts override tokens on an ancestor', async () => {
    const host = await probe(
      '<dl-theme-probe theme="dark"><dl-theme-probe id="inner"></dl-theme-probe></dl-theme-probe>' +
        '<section style="--dl-color-bg: #123456"><dl-theme-probe id="custom"></dl-theme-probe></section>',
    );
    expect(getComputedStyle(boxOf(host.querySelector('#inner')!)).backgroundColor).toBe(
      rgb(themeTokens['--dl-color-bg'].dark),
    );
    expect(getComputedStyle(boxOf(host.querySelector('#custom')!)).backgroundColor).toBe('rgb(18, 52, 86)');
  });

  it('uses logical properties, so spacing mirrors under dir="rtl"', async () => {
    const host = await probe('<div dir="rtl"><dl-theme-probe></dl-theme-probe></div>');
    const style = getComputedStyle(boxOf(host.querySelector('dl-theme-probe')!));
    expect(style.paddingRight).toBe(themeTokens['--dl-space-2'].light);
    expect(style.paddingLeft).toBe('0px');
  });
});

describe('strings', () => {
  it('fills placeholders, supports plural functions, overrides and defaults', () => {
    expect(msg('taskBoard.due', { date: 'May 3' })).toBe('Due May 3');
    expect(msg('taskBoard.itemsCount', { count: 1 })).toBe('1 item');
    expect(msg('taskBoard.itemsCount', { count: 4 })).toBe('4 items');
    setStrings({ 'taskBoard.due': 'Échéance {date}' });
    expect(msg('taskBoard.due', { date: '3 mai' })).toBe('Échéance 3 mai');
    defineStrings({ 'custom.key': 'Hi {who}', 'taskBoard.due': 'ignored' });
    expect(msg('custom.key', { who: 'Ann' })).toBe('Hi Ann');
    expect(msg('taskBoard.due', { date: 'x' })).toBe('Échéance x');
    expect(msg('no.such.key')).toBe('no.such.key');
  });

  it('notifies subscribers on change', () => {
    let calls = 0;
    const off = subscribeStrings(() => calls++);
    setStrings({ 'common.all': 'Tous' });
    resetStrings();
    off();
    setStrings({ 'common.all': 'Alle' });
    expect(calls).toBe(2);
  });
});
