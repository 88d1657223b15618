import { css, html } from 'lit';
import { annotationShortcuts, type ShortcutGroup } from 'dl-kit/components';

/**
 * The shortcut list of the item page: the page's own keys first, then dl-kit's (tools, labels,
 * editing, objects, view) read from the same key tables the layer and the viewer dispatch from.
 * Sections flow into columns, each whole in one (the whole list fits 1024x700 without scrolling);
 * `filter` keeps the rows that match every typed word ({@link shortcutMatches}). `video`
 * adds the viewer's video keys (play/pause, step): on a video page they are the way to the one
 * transport under the viewer (the timeline's) without the mouse.
 */
export function renderShortcuts(page: Array<[keys: string, what: string]>, video = false, filter = '') {
  const own = page.map(([keys, description]) => ({ keys: keys.split(/\s+or\s+/), description }));
  // A key of this page (under review `I` rejects) is not also listed as dl-kit's (`I`, key frame on
  // a video): the page takes it first, so each key is listed once, for what it does here.
  const taken = new Set(own.flatMap((s) => s.keys));
  const groups: ShortcutGroup[] = [
    { id: 'view', title: 'This page', shortcuts: own },
    ...annotationShortcuts({ video }).map((g) => ({
      ...g,
      shortcuts: g.shortcuts.filter((s) => !s.keys.every((k) => taken.has(k))),
    })),
  ];
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = groups
    .map((g) => ({
      ...g,
      shortcuts: words.length
        ? g.shortcuts.filter((s) => shortcutMatches(words, s.keys, `${s.description} ${g.title}`))
        : g.shortcuts,
    }))
    .filter((g) => g.shortcuts.length);
  const count = shown.reduce((n, g) => n + g.shortcuts.length, 0);
  // One polite live region, there from the first render, its text changing inside it (a region
  // inserted with its text is not read by many screen readers): while filtering it says how many
  // rows match (to a screen reader only), or, seen by all, that none does.
  const status = !words.length
    ? ''
    : count
      ? `${count} ${count === 1 ? 'shortcut' : 'shortcuts'}`
      : `No shortcut matches “${filter.trim()}”`;
  // Sections are groups named by their heading, not labelled regions (eight landmarks in a dialog).
  return html`<p class="no-match ${words.length && !count ? 'none' : ''}" role="status" aria-live="polite">${status}</p>
    ${
      count
        ? html`<div class="shortcut-groups">
    ${shown.map(
      (g) => html`<section class="shortcut-group" data-group=${g.title}>
        <h3>${g.title}</h3>
        <table>
          ${g.shortcuts.map(
            (s) =>
              html`<tr data-keys=${s.keys.join(' ')}><td><span class="keys">${s.keys.map((k, i) => html`${i ? html`<span class="or">/</span><wbr />` : ''}<kbd>${k}</kbd>`)}</span></td><td>${s.description}</td></tr>`,
          )}
        </table>
      </section>`,
    )}
  </div>`
        : ''
    }`;
}

/**
 * Whether a row matches every typed word (lower case): a word matches a key by its name, whole
 * (`alt+m`) or one of its parts (`ctrl`, `z`), or a word of the description or section title that
 * starts with it (`zoom`, `sel`). So a single letter finds its key (`h`: H, Shift+H) and the words
 * that start with it, not every row with an h somewhere in it.
 */
export function shortcutMatches(words: readonly string[], keys: readonly string[], text: string): boolean {
  const keyNames = new Set<string>();
  for (const k of keys) {
    const key = k.toLowerCase();
    keyNames.add(key);
    for (const part of key.split('+')) if (part) keyNames.add(part);
  }
  const textWords = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return words.every((w) => keyNames.has(w) || textWords.some((t) => t.startsWith(w)));
}

/** Styles of {@link renderShortcuts} (theme tokens with light fallbacks). */
export const shortcutStyles = css`
  .shortcut-groups { columns: 3 320px; column-gap: 28px; }
  /* A section stays whole in one column (its rows never continue in the next without their heading). */
  .shortcut-group { margin-block-end: 12px; break-inside: avoid; }
  .shortcut-group tr { break-inside: avoid; }
  .shortcut-group h3 { margin: 0 0 4px; font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; color: var(--dl-color-text-muted, #555d6b); break-after: avoid; }
  .shortcut-group table { border-collapse: collapse; width: 100%; }
  .shortcut-group td { padding: 3px 6px; border-bottom: 1px solid var(--dl-color-border, #eceff3); font-size: 13px; vertical-align: top; }
  .shortcut-group td:first-child { white-space: nowrap; width: 1%; }
  .shortcut-group .or { padding-inline: 3px; color: var(--dl-color-text-muted, #555d6b); }
  /* Keys with alternatives ("Ctrl+Shift+Z / Ctrl+Y") wrap after a "/" rather than widen their column
     past 8rem: the descriptions beside them keep their room, so a narrow column stays short. */
  .shortcut-group .keys { display: inline-block; inline-size: max-content; max-inline-size: 8rem; white-space: normal; }
  .shortcut-group kbd { white-space: nowrap; }
  /* The filter's status: the count is for screen readers only (the rows show it); "no match" shows. */
  .no-match { margin: 0; color: var(--dl-color-text-muted, #555d6b); }
  .no-match:not(.none) { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .no-match.none { margin: 8px 0; }
  kbd { font: 12px ui-monospace, monospace; color: var(--dl-color-text, inherit); background: var(--dl-color-surface, #eef1f5); border: 1px solid var(--dl-color-border, #cfd5df); border-radius: 4px; padding: 1px 6px; }
`;
