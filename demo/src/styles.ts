import { css } from 'lit';

/** Shared look of the demo's screens (the components bring their own styles). */
export const screenStyles = css`
  :host { display: block; box-sizing: border-box; color: inherit; }
  * { box-sizing: border-box; }
  h1 { font-size: 20px; margin: 0 0 12px; }
  h2 { font-size: 16px; margin: 16px 0 8px; }
  a { color: #2457c5; }
  button, select, input { font: inherit; }
  button { padding: 6px 12px; border-radius: 6px; border: 1px solid #b9c0cc; background: #fff; color: #1d2330; cursor: pointer; }
  button.primary { background: #2457c5; border-color: #2457c5; color: #fff; }
  button:disabled { opacity: 0.55; cursor: default; }
  button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible { outline: 2px solid #2457c5; outline-offset: 2px; }
  input, select { padding: 6px 8px; border-radius: 6px; border: 1px solid #b9c0cc; background: #fff; color: #1d2330; }
  .card { background: #fff; border: 1px solid #dde1e8; border-radius: 10px; padding: 16px; }
  .list { display: grid; gap: 10px; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); }
  .list a.card { display: block; text-decoration: none; color: inherit; }
  .list a.card:hover { border-color: #2457c5; }
  .muted { color: #687385; }
  .error { color: #b42318; background: #fef3f2; border: 1px solid #fecdca; border-radius: 8px; padding: 10px 12px; }
  .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
  .spacer { flex: 1; }
  progress { width: 220px; }
  @media (prefers-color-scheme: dark) {
    .card { background: #1e232b; border-color: #323947; }
    button, input, select { background: #262c36; color: #e4e7ec; border-color: #465063; }
    a { color: #8fb0ff; }
    .muted { color: #9aa4b5; }
  }
`;
