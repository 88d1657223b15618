import { css } from 'lit';

/**
 * Shared look of the demo's screens. Colours are dl-kit's theme tokens only, so every screen
 * follows the theme the app shell declares (light, dark or the system's), like the components.
 */
export const screenStyles = css`
  :host { display: block; box-sizing: border-box; color: var(--dl-color-text); }
  * { box-sizing: border-box; }
  h1 { font-size: 20px; margin: 0 0 12px; }
  h2 { font-size: 16px; margin: 16px 0 8px; }
  a { color: var(--dl-color-accent); }
  button, select, input, textarea { font: inherit; }
  button, a.button {
    display: inline-flex; align-items: center; gap: 6px; padding: 6px 12px; min-height: 32px;
    border-radius: var(--dl-radius-md); border: 1px solid var(--dl-color-border);
    background: var(--dl-color-surface-raised); color: var(--dl-color-text); cursor: pointer;
    text-decoration: none; line-height: 1.2; box-shadow: 0 1px 0 color-mix(in srgb, var(--dl-color-text) 8%, transparent);
  }
  button:hover:not(:disabled), a.button:hover { background: var(--dl-color-hover); }
  button.primary { background: var(--dl-color-accent); border-color: var(--dl-color-accent); color: var(--dl-color-on-accent); }
  button.primary:hover:not(:disabled) { background: color-mix(in srgb, var(--dl-color-accent) 85%, var(--dl-color-text)); }
  button.danger { color: var(--dl-color-danger); border-color: var(--dl-color-danger); }
  button.success { background: var(--dl-color-success); border-color: var(--dl-color-success); color: var(--dl-color-on-accent); }
  button:disabled { opacity: 0.55; cursor: default; }
  /* A disabled main (or success) button is not one: it was the accent's fill at 55 %, read as the
     screen's action ("Nothing to review", walk 36). It takes a plain button's look, its text muted. */
  button.primary:disabled, button.success:disabled {
    background: var(--dl-color-surface); border-color: var(--dl-color-border); color: var(--dl-color-text-muted); box-shadow: none;
  }
  button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible {
    outline: 2px solid var(--dl-color-focus); outline-offset: 2px;
  }
  input, select, textarea {
    padding: 6px 8px; border-radius: var(--dl-radius-md); border: 1px solid var(--dl-color-border);
    background: var(--dl-color-bg); color: var(--dl-color-text);
  }
  .card { background: var(--dl-color-surface-raised); border: 1px solid var(--dl-color-border); border-radius: var(--dl-radius-lg); padding: 16px; }
  .list { display: grid; gap: 10px; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); list-style: none; margin: 0; padding: 0; }
  .list a.card { display: block; text-decoration: none; color: inherit; }
  .list a.card:hover { border-color: var(--dl-color-accent); }
  .muted { color: var(--dl-color-text-muted); }
  .error { color: var(--dl-color-danger); background: color-mix(in srgb, var(--dl-color-danger) 8%, var(--dl-color-bg));
    border: 1px solid var(--dl-color-danger); border-radius: var(--dl-radius-md); padding: 10px 12px; }
  .empty { color: var(--dl-color-text-muted); padding: 24px; text-align: center; border: 1px dashed var(--dl-color-border); border-radius: var(--dl-radius-lg); }
  .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
  .spacer { flex: 1; }
  .chip { font-size: 12px; border-radius: 999px; padding: 1px 8px; border: 1px solid var(--dl-color-border); background: var(--dl-color-surface); white-space: nowrap; }
  .chip[data-s='completed'] { color: var(--dl-color-success); border-color: var(--dl-color-success); }
  .chip[data-s='approved'] { color: var(--dl-color-accent); border-color: var(--dl-color-accent); }
  .chip[data-s='discard'], .chip[data-s='issue'], .chip[data-s='rejected'] { color: var(--dl-color-danger); border-color: var(--dl-color-danger); }
  progress { width: 220px; accent-color: var(--dl-color-accent); }
  kbd { font: 12px var(--dl-font-family-mono); background: var(--dl-color-surface); border: 1px solid var(--dl-color-border); border-radius: 4px; padding: 1px 6px; }
`;

/** `1 item`, `2 items`, `1,234 items`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
