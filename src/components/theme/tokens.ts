/**
 * The design tokens of every dl-kit component, as plain data: one light and one dark value per
 * CSS custom property. `theme.ts` turns them into CSS; tests and docs read them from here.
 *
 * Hosts restyle by setting any of these properties on a `dl-*` element or on any ancestor
 * (they are registered as inheriting properties), e.g. `body { --dl-color-accent: #7a3cff }`.
 */
export interface ThemeToken {
  /** Light-theme value (also the registered initial value). */
  readonly light: string;
  /** Dark-theme value. */
  readonly dark: string;
  /** CSS syntax for `CSS.registerProperty` (`*` for font stacks). */
  readonly syntax: '<color>' | '<length>' | '*';
}

/** Every token, keyed by its full custom-property name. */
export const themeTokens = Object.freeze({
  '--dl-color-bg': { light: '#ffffff', dark: '#16181d', syntax: '<color>' },
  '--dl-color-surface': { light: '#f6f7f9', dark: '#1f2229', syntax: '<color>' },
  '--dl-color-surface-raised': { light: '#ffffff', dark: '#272b34', syntax: '<color>' },
  '--dl-color-hover': { light: '#eceef3', dark: '#2d323d', syntax: '<color>' },
  '--dl-color-selected': { light: '#e3ecff', dark: '#23355c', syntax: '<color>' },
  '--dl-color-text': { light: '#1b1e24', dark: '#e8eaef', syntax: '<color>' },
  '--dl-color-text-muted': { light: '#5b6270', dark: '#a3aab8', syntax: '<color>' },
  '--dl-color-border': { light: '#d4d8e0', dark: '#3a404c', syntax: '<color>' },
  '--dl-color-accent': { light: '#2f5fd0', dark: '#7ea6ff', syntax: '<color>' },
  '--dl-color-on-accent': { light: '#ffffff', dark: '#0d1424', syntax: '<color>' },
  '--dl-color-focus': { light: '#2f5fd0', dark: '#9dbcff', syntax: '<color>' },
  '--dl-color-success': { light: '#1f7a3d', dark: '#5fd08a', syntax: '<color>' },
  '--dl-color-warning': { light: '#9a5b00', dark: '#f0b454', syntax: '<color>' },
  '--dl-color-danger': { light: '#b3261e', dark: '#ff8a80', syntax: '<color>' },
  '--dl-color-track': { light: '#e1e4ea', dark: '#333946', syntax: '<color>' },
  '--dl-font-family': {
    light: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
    dark: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
    syntax: '*',
  },
  '--dl-font-family-mono': {
    light: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace',
    dark: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace',
    syntax: '*',
  },
  '--dl-font-size-sm': { light: '12px', dark: '12px', syntax: '<length>' },
  '--dl-font-size-md': { light: '14px', dark: '14px', syntax: '<length>' },
  '--dl-font-size-lg': { light: '16px', dark: '16px', syntax: '<length>' },
  '--dl-radius-sm': { light: '3px', dark: '3px', syntax: '<length>' },
  '--dl-radius-md': { light: '6px', dark: '6px', syntax: '<length>' },
  '--dl-radius-lg': { light: '10px', dark: '10px', syntax: '<length>' },
  '--dl-space-1': { light: '4px', dark: '4px', syntax: '<length>' },
  '--dl-space-2': { light: '8px', dark: '8px', syntax: '<length>' },
  '--dl-space-3': { light: '12px', dark: '12px', syntax: '<length>' },
  '--dl-space-4': { light: '16px', dark: '16px', syntax: '<length>' },
} satisfies Record<string, ThemeToken>);

/** Name of one token, e.g. `'--dl-color-accent'`. */
export type ThemeTokenName = keyof typeof themeTokens;

/** Values of a theme: `'light'` or `'dark'`. `'auto'` follows `prefers-color-scheme`. */
export type ThemeMode = 'light' | 'dark' | 'auto';

let registered = false;

/**
 * Registers every token with `CSS.registerProperty` (inheriting, light value as initial value), so
 * tokens reach into every shadow root without any global stylesheet and a host can override them
 * on any ancestor. Idempotent; a no-op where the API is missing (the CSS fallbacks still apply).
 */
export function registerThemeProperties(): void {
  if (registered || typeof CSS === 'undefined' || typeof CSS.registerProperty !== 'function') return;
  registered = true;
  for (const [name, token] of Object.entries(themeTokens) as [string, ThemeToken][]) {
    try {
      CSS.registerProperty({ name, syntax: token.syntax, inherits: true, initialValue: token.light });
    } catch {
      // Already registered (another copy of dl-kit on the page): theirs is equivalent.
    }
  }
}
