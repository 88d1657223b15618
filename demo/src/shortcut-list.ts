import { css, html } from 'lit';
import { annotationShortcuts, type ShortcutGroup } from 'dl-kit/components';

/**
 * The shortcut list of the item page: the page's own keys first, then dl-kit's (tools, labels,
 * editing, objects, view) read from the same key tables the layer and the viewer dispatch from.
 * Sections flow into columns, each whole in one (the whole list fits 1024x700 without scrolling);
 * `filter` keeps the rows whose keys or words hold every typed word. `video`
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
  // The filter: rows whose keys or words hold every typed word ("ctrl z", "zoom", "alt+m"); a
  // section without such rows is left out.
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = groups
    .map((g) => ({
      ...g,
      shortcuts: words.length
        ? g.shortcuts.filter((s) => {
            const text = `${s.keys.join(' ')} ${s.description} ${g.title}`.toLowerCase();
            return words.every((w) => text.includes(w));
          })
        : g.shortcuts,
    }))
    .filter((g) => g.shortcuts.length);
  if (!shown.length) return html`<p class="no-match" role="status">No shortcut matches “${filter.trim()}”</p>`;
  return html`<div class="shortcut-groups">
    ${shown.map(
      (g) => html`<section class="shortcut-group" data-group=${g.title} aria-label=${g.title}>
        <h3>${g.title}</h3>
        <table>
          ${g.shortcuts.map(
            (s) =>
              html`<tr data-keys=${s.keys.join(' ')}><td><span class="keys">${s.keys.map((k, i) => html`${i ? html`<span class="or">/</span><wbr />` : ''}<kbd>${k}</kbd>`)}</span></td><td>${s.description}</td></tr>`,
          )}
        </table>
      </section>`,
    )}
  </div>`;
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
  .no-match { margin: 8px 0; color: var(--dl-color-text-muted, #555d6b); }
  kbd { font: 12px ui-monospace, monospace; color: var(--dl-color-text, inherit); background: var(--dl-color-surface, #eef1f5); border: 1px solid var(--dl-color-border, #cfd5df); border-radius: 4px; padding: 1px 6px; }
`;
