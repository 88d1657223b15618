import { css, unsafeCSS, type CSSResult } from 'lit';
import { registerThemeProperties, themeTokens, type ThemeToken } from './tokens.js';

registerThemeProperties();

function declarations(mode: 'light' | 'dark'): CSSResult {
  const lines = (Object.entries(themeTokens) as [string, ThemeToken][]).map(([name, t]) => `${name}: ${t[mode]};`);
  return unsafeCSS(lines.join('\n'));
}

/**
 * Styles every dl-kit component includes first in its `static styles`: the light and dark token
 * sets switched by the host's `theme` attribute (`light`, `dark`, `auto` = follow
 * `prefers-color-scheme`; absent = inherit from the page or an enclosing dl-kit element), the
 * base typography, `box-sizing`, a visible focus ring, and the `.dl-visually-hidden` utility.
 * Layout uses logical properties only, so `dir="rtl"` mirrors every component.
 *
 * @example
 * class MyPart extends LitElement {
 *   static override styles = [themeStyles, css`:host { background: var(--dl-color-surface); }`];
 * }
 */
export const themeStyles: CSSResult = css`
  :host {
    font-family: var(--dl-font-family);
    font-size: var(--dl-font-size-md);
    line-height: 1.4;
    color: var(--dl-color-text);
    box-sizing: border-box;
  }
  :host([theme='light']) {
    ${declarations('light')}
    color-scheme: light;
  }
  :host([theme='dark']) {
    ${declarations('dark')}
    color-scheme: dark;
  }
  :host([theme='auto']) {
    ${declarations('light')}
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${declarations('dark')}
      color-scheme: dark;
    }
  }
  :host([hidden]),
  [hidden] {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--dl-color-focus);
    outline-offset: 1px;
  }
  .dl-visually-hidden {
    position: absolute !important;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  button {
    font: inherit;
    color: inherit;
  }
`;

export {
  themeTokens,
  registerThemeProperties,
  type ThemeMode,
  type ThemeToken,
  type ThemeTokenName,
} from './tokens.js';
