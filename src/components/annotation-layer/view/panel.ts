// The side panel: label picker (the label of the selection and of the next shapes), the selection's
// actions (its label as a compact select, conversions, z-order, lock, hide, delete), the attribute
// editor of the selected annotation (whole, one of the selection's controls: view/panel-fit.ts), the display
// settings, and the object list — the keyboard-driven, accessible equivalent of the canvas
// (virtualised: only visible rows exist in the DOM). Rows and shapes highlight each other on hover.
import { html, nothing, svg, type SVGTemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { styleMap } from 'lit/directives/style-map.js';
import '../../attribute-editor/define.js';
import type { DlAttributesChangeEvent } from '../../attribute-editor/attributes-change-event.js';
import { withKey } from '../../internal/key-spec.js';
import '../../label-picker/define.js';
import type { DlLabelSelectEvent } from '../../label-picker/label-select-event.js';
import { labelTitle, type LabelEntry } from '../../label-picker/ontology-labels.js';
import { msg } from '../../strings.js';
import type { Commands } from '../interact/commands.js';
import type { Conversion } from '../interact/convert.js';
import { layerKeysOf } from '../interact/keymap.js';
import { attributesOf } from '../model/annotation-json.js';
import type { LayerStore } from '../model/layer-store.js';
import { isNote, noteWords } from '../model/note-words.js';
import { rowKind } from './words.js';
import { LIST_HEIGHT_UNKNOWN, NOTE_LINE, ROW } from './list-room.js';

export { ROW };

/** An open note row's padding above and below its text, in px (the styles' `padding-block: 5px`). */
const NOTE_PAD = 5;

/** What the panel shows and what its controls call. */
export interface PanelInput {
  store: LayerStore;
  commit: Commands;
  ontology: unknown;
  /** The label of new annotations. */
  label: string | null;
  /**
   * A label chosen now is the next shape's only (a drawing tool was just picked over the selection):
   * the picker shows the current label, not the selected shape's.
   */
  nextOnly: boolean;
  /** The user chose a label in the picker: the layer's one rule (as a digit). */
  chooseLabel(tag: string): void;
  readonly: boolean;
  /** A conversion's progress, or null. */
  progress: number | null;
  /** The object list's keyboard-focused row. */
  activeRow: string | null;
  setActiveRow(key: string | null): void;
  /** The object list element of the last render (its scroll position picks the rows to render). */
  list: HTMLElement | null;
  /** An object row's height in px for the list's font ({@link ROW} at the default font). */
  row: number;
  /** An open note row's line height in px for the list's font ({@link NOTE_LINE} at the default font). */
  noteLine: number;
  /** Mask fill opacity, 0–1. */
  maskOpacity: number;
  setMaskOpacity(v: number): void;
  convert(key: string, kind: Conversion): void;
  zoomToSelection(): void;
  setHidden(keys: string[], hidden: boolean): void;
  setLocked(keys: string[], locked: boolean): void;
  restack(front: boolean): void;
  /** Highlights `key`'s shape on the canvas (null: none). */
  hover(key: string | null): void;
  /** Re-renders (scroll, active row). */
  refresh(): void;
  /** The selected track's video controls (view/track-controls.ts), when one track is selected on a video. */
  trackControls?: unknown;
  /**
   * The labels digits 1–9 pick, in order (the picker's visible rows): shown as a compact key row
   * under the Label select while a video's selection hides the picker (see `renderLabelKeys`);
   * absent on an image page, whose panel is left as it was.
   */
  labelKeys?: readonly LabelEntry[];
}

/** `Name (K)` from the layer's key table. */
const tip = (name: string, id: string) => withKey(name, layerKeysOf(id));

/** The row the list's keyboard starts from: the active one, else the first selected, else the first. */
function startRow(l: PanelInput, keys: readonly string[]): number {
  const i = keys.indexOf(l.activeRow ?? '');
  if (i >= 0) return i;
  const s = keys.findIndex((k) => l.store.selection.has(k));
  return s >= 0 ? s : -1;
}

const MOVE_KEYS = new Set(['ArrowDown', 'ArrowUp', 'Home', 'End']);

function listKey(l: PanelInput, e: KeyboardEvent, keys: readonly string[]): void {
  const sel = l.store.selection;
  const at = startRow(l, keys);
  const i = Math.max(0, at);
  let next = i;
  // Alt/Ctrl/Meta with an arrow, Home or End is the layer's key (Alt+↓/↑ select the next/previous
  // object), not a move of the active row: before, the list took Alt+↓ as ↓ and kept it from the layer.
  if ((e.altKey || e.ctrlKey || e.metaKey) && MOVE_KEYS.has(e.key)) return;
  switch (e.key) {
    case 'ArrowDown':
      // With no row active yet, the first ArrowDown lands on the first row (it does not skip it).
      next = at < 0 ? 0 : Math.min(keys.length - 1, i + 1);
      break;
    case 'ArrowUp':
      next = Math.max(0, i - 1);
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = keys.length - 1;
      break;
    case ' ':
    case 'Enter': {
      const k = keys[i];
      if (k) l.commit.select(e.shiftKey || e.ctrlKey || e.metaKey ? new Set([...sel, k]) : [k], true);
      break;
    }
    default:
      // Every other key (Delete, F, H, labels, tools) is the layer's: it acts on the selection.
      return;
  }
  e.preventDefault();
  e.stopPropagation();
  l.setActiveRow(keys[next] ?? null);
  scrollToRow(e.currentTarget as HTMLElement, next, l.row);
  l.refresh();
}

/**
 * The height of the object list's edge fades (its `::after` overlay), at most what leaves a row
 * clear between the two: a row under a fade reads as disabled, so "in view" means clear of them.
 */
function fadeOf(list: HTMLElement, row: number): number {
  const fade = Number.parseFloat(getComputedStyle(list, '::after').blockSize) || 0;
  return Math.max(0, Math.min(fade, (list.clientHeight - row) / 2));
}

/**
 * Whether row `i` of the object list lies whole in view and clear of the edge fades that show now
 * (a fade shows only where more rows hide: none above at the top, none below at the bottom).
 */
export function rowClear(list: HTMLElement, i: number, row = ROW): boolean {
  const fade = fadeOf(list, row);
  const top = list.scrollTop + (list.scrollTop > 0 ? fade : 0);
  const moreBelow = list.scrollTop + list.clientHeight < list.scrollHeight - 1;
  const bottom = list.scrollTop + list.clientHeight - (moreBelow ? fade : 0);
  return i * row >= top - 1 && (i + 1) * row <= bottom + 1;
}

/**
 * Scrolls the object list the least that shows row `i` whole and clear of the edge fades (`row`:
 * the rows' height in px).
 */
export function scrollToRow(list: HTMLElement, i: number, row = ROW): void {
  if (rowClear(list, i, row)) return;
  const fade = fadeOf(list, row);
  if (i * row < list.scrollTop + fade) list.scrollTop = Math.max(0, i * row - fade);
  else list.scrollTop = (i + 1) * row - list.clientHeight + fade;
}

function renderActions(l: PanelInput, sel: string[]) {
  const { store, commit } = l;
  const one = sel.length === 1 ? store.json(sel[0]!) : undefined;
  const allLocked = sel.every((k) => store.locked.has(k));
  const editable = store.editableSelection().length > 0;
  return html`<div class="actions" role="group" aria-label=${msg('annotationLayer.selectionActions')}>
    ${editable && store.labels.length ? renderRelabel(l, sel) : nothing}
    ${editable && l.labelKeys?.length ? renderLabelKeys(l, sel) : nothing}
    ${
      one?.type === 'binary' && editable
        ? html`<button type="button" @click=${() => l.convert(sel[0]!, 'polygons')}>${msg('annotationLayer.toPolygons')}</button>
          <button type="button" @click=${() => l.convert(sel[0]!, 'box')}>${msg('annotationLayer.boxFromMask')}</button>`
        : one?.type === 'segment' && editable
          ? html`<button type="button" @click=${() => l.convert(sel[0]!, 'mask')}>${msg('annotationLayer.toMask')}</button>`
          : nothing
    }
    ${orderButton(l, true)}${orderButton(l, false)}
    <button type="button" data-action="lock" aria-pressed=${allLocked} title=${tip(msg('annotationLayer.lock'), 'lock')} @click=${() => l.setLocked(sel, !allLocked)}>${msg('annotationLayer.lock')}</button>
    <button type="button" data-action="hide" title=${tip(msg('annotationLayer.hide'), 'hide')} @click=${() => l.setHidden(sel, true)}>${msg('annotationLayer.hide')}</button>
    <button type="button" data-action="delete" class="danger" ?disabled=${!editable} title=${tip(msg('annotationLayer.delete'), 'delete')} @click=${() => commit.deleteSelection()}>${msg('annotationLayer.delete')}</button>
  </div>`;
}

/**
 * "Bring to front" / "Send to back" as compact icon buttons on the selection's one row of actions,
 * before Lock, Hide and Delete (as the arrange icons of Figma's or Label Studio's panels): as text
 * buttons they took a row of their own, which a 1024x700 video page's panel has no room for. The
 * name is the aria-label; the title shows it with its key to the mouse, aria-keyshortcuts to
 * assistive technology; Tab reaches them as before.
 */
function orderButton(l: PanelInput, front: boolean) {
  const id = front ? 'front' : 'back';
  const name = msg(front ? 'annotationLayer.front' : 'annotationLayer.back');
  const key = layerKeysOf(id)?.[0];
  return html`<button type="button" class="icon" data-action=${id} aria-label=${name} title=${tip(name, id)}
    aria-keyshortcuts=${key ? key.replace(/\bCtrl\b/g, 'Control') : nothing} @click=${() => l.restack(front)}>${front ? TO_FRONT : TO_BACK}</button>`;
}

/**
 * The selection's label as a compact select at the top of its actions, as the label dropdown of a
 * CVAT object card: on a short panel the label picker above scrolls out of view under the
 * selection's controls, and this keeps the label readable and changeable beside them. Options are
 * the ontology's labels in picker order, nested ones indented; several labels selected show
 * "Several labels" until one is chosen.
 */
function renderRelabel(l: PanelInput, sel: string[]) {
  const { store } = l;
  // A track out of view (or ended) on the shown frame has no shape here: its label is the track's
  // (it said "Several labels" for one selected object, walk 35).
  const labels = new Set(sel.map((k) => store.shapes.states.get(k)?.label ?? store.json(k)?.label));
  const current = labels.size === 1 ? [...labels][0] : undefined;
  const known = current !== undefined && store.labels.some((x) => x.tag === current);
  // A new select for each selection and label: an option's selected attribute no longer moves the
  // choice once the user has changed it (HTML's option dirtiness).
  return html`<label class="setting relabel">
    <span>${msg('annotationLayer.selectionLabel')}</span>
    ${keyed(
      `${sel.join('\n')}\n${current ?? ''}`,
      html`<select data-setting="relabel" style="--swatch:${current ? store.shapes.colorOf(current) : 'transparent'}"
      @change=${(e: Event) => {
        const v = (e.target as HTMLSelectElement).value;
        if (v) l.commit.relabel(v);
      }}>
      ${known ? nothing : html`<option value="" disabled selected>${current ?? msg('annotationLayer.mixedLabels')}</option>`}
      ${store.labels.map(
        (x) =>
          html`<option value=${x.tag} ?selected=${x.tag === current}>${'\u00a0\u00a0'.repeat(x.depth)}${x.displayLabel}</option>`,
      )}
    </select>`,
    )}
  </label>`;
}

/**
 * The labels with their digits as one compact row of keys under the Label select (a video page):
 * there a track is selected almost all the time, and its controls push the label picker out of
 * view (1024x700 and 1280x800), so a digit relabelled blind (walk 35). As the label keys of CVAT's
 * or Label Studio's compact label bars: digit, colour, name; the selection's label marked. A click
 * is the digit. Mouse shortcuts only (out of the Tab order, hidden from assistive technology): the
 * Label select beside them and the digits are their accessible equivalent.
 */
function renderLabelKeys(l: PanelInput, sel: string[]) {
  const { store } = l;
  const labels = new Set(sel.map((k) => store.shapes.states.get(k)?.label ?? store.json(k)?.label));
  const current = labels.size === 1 ? [...labels][0] : undefined;
  return html`<div class="label-keys" data-label-keys aria-hidden="true">
    ${l.labelKeys!.slice(0, 9).map(
      (x, i) =>
        html`<button type="button" tabindex="-1" class="label-key ${x.tag === current ? 'current' : ''}" data-label=${x.tag}
          title=${labelTitle(x.displayLabel, x.tag)} style="--swatch:${store.shapes.colorOf(x.tag)}"
          @click=${() => l.chooseLabel(x.tag)}><kbd>${i + 1}</kbd><span class="name">${x.displayLabel}</span></button>`,
    )}
  </div>`;
}

/** Lines of an open note row's note at most (it scrolls beyond). */
const OPEN_NOTE_LINES = 8;

/**
 * Where an open note row goes in the list's visible area (`top`, `h`: its scroll offset and
 * height): down over the rows below while a whole note (eight lines) fits below its top, else
 * toward the side with more room (a last row opens up over the rows above), and never taller than
 * that room (its note scrolls inside). A row partly scrolled above the visible top opens down from
 * that top (`shift` px below its closed place, with the whole height as room), so its first line and
 * its tools are in view. So the row stays in view and in the list, and never grows the list's
 * scroll room (opened down past the last row, it did: End then left "more below"). `row` and
 * `line`: the rows' height and a note line's in px (the list's font).
 */
export function openNotePlace(
  i: number,
  top: number,
  h: number,
  row = ROW,
  line = NOTE_LINE,
): { up: boolean; room: number; shift: number } {
  const shift = Math.max(0, top - i * row);
  if (shift > 0) return { up: false, room: Math.max(row, Math.floor(h)), shift };
  const below = top + h - i * row;
  const above = (i + 1) * row - top;
  const up = below < OPEN_NOTE_LINES * line + 2 * NOTE_PAD && above > below;
  return { up, room: Math.max(row, Math.floor(up ? above : below)), shift: 0 };
}

function renderRow(
  l: PanelInput,
  k: string,
  i: number,
  total: number,
  firstNote: boolean,
  seen: { top: number; h: number },
) {
  const { store, commit } = l;
  const st = store.shapes.states.get(k)!;
  // "Car #1" for an object with an objectId (a track), as its tag on the picture and its timeline row.
  const label = store.objectName(k);
  // The tag too where the display name hides it ("Car #1 (vehicle_car)"), as the label picker's title.
  const display = store.displayName(st.label);
  const title = labelTitle(display, st.label) === display ? label : `${label} (${st.label})`;
  // A note reads as what it says ("The box is loose…", marked Issue), not as "note note".
  const note = st.type === 'note' ? noteWords(store.json(k) ?? {}) : null;
  // "box 2" where another listed Car box reads the same (rowKind), else "box".
  const kind = note ? '' : rowKind(store, k);
  const name = note ? `${note.kind}: ${note.text}` : `${label} ${kind}`;
  const hidden = store.shapes.hidden.has(k);
  const locked = store.locked.has(k);
  // Required attributes left unset (as the attribute editor marks them "required"): a mark after
  // the name, in view without opening the object, and part of the row's name for a screen reader.
  const missing = note ? [] : store.missingRequired(k);
  const missingText = missing.length ? msg('annotationLayer.missingRequired', { names: missing.join(', ') }) : '';
  const state = [
    hidden ? msg('annotationLayer.hiddenState') : '',
    locked ? msg('annotationLayer.lockedState') : '',
    missingText,
  ]
    .filter(Boolean)
    .join(', ');
  // The row's eye and lock are mouse shortcuts (aria-hidden: an option may not hold controls); the
  // keys H / Shift+H / Shift+L and the selection's buttons are their accessible equivalent. They lie
  // over the row's end, shown on hover, on the keyboard's active row and on selected rows, so they
  // keep no room from the text while out of sight and showing them moves nothing.
  const toggle = (on: boolean, kind: 'hide' | 'lock', label: string, act: () => void) =>
    html`<span class="toggle ${kind} ${on ? 'on' : ''}" aria-hidden="true" title=${label} data-toggle=${kind}
      @click=${(e: MouseEvent) => {
        e.stopPropagation();
        act();
      }}>${kind === 'hide' ? (on ? EYE_OFF : EYE) : on ? LOCK : UNLOCK}</span>`;
  // A note's row opens over the rows next to it (its place in the list and theirs unchanged, so the
  // virtual list's fixed rows stay) to show the whole note wrapped, while it is hovered (here or on
  // the canvas) or the keyboard's active row (CSS: while the list has the keyboard's focus): an
  // annotator reads what a reviewer wrote from the list (once selected, the note box shows it too).
  // It opens down, or up where the list's visible area ends below it, within that area.
  const active = l.activeRow === k;
  const open = !!note && store.hover.key === k;
  const place = note && (open || active) ? openNotePlace(i, seen.top, seen.h, l.row, l.noteLine) : null;
  return html`<div
    id="row-${i}"
    class="row ${active ? 'active' : ''} ${store.hover.key === k ? 'hover' : ''} ${hidden ? 'is-hidden' : ''} ${note ? 'note' : ''} ${note?.issue ? 'issue' : ''} ${open ? 'open' : ''} ${place?.up ? 'up' : ''} ${firstNote ? 'first-note' : ''}"
    role="option"
    data-key=${k}
    aria-selected=${store.selection.has(k)}
    aria-setsize=${total}
    aria-posinset=${i + 1}
    aria-label=${state ? `${name}, ${state}` : name}
    style="inset-block-start:${i * l.row}px${place ? `;--_open-room:${place.room}px;--_open-shift:${place.shift}px` : ''}"
    @pointerenter=${() => l.hover(k)}
    @pointerleave=${() => l.hover(null)}
    @click=${(e: MouseEvent) => {
      l.setActiveRow(k);
      if (!hidden) commit.select(e.shiftKey || e.ctrlKey || e.metaKey ? new Set([...store.selection, k]) : [k], true);
    }}
  >
    ${
      note
        ? // The badge ("Issue") before the message: the row's tools, shown over the row's end on a
          // selected or hovered row, cover the message's cut end, never the badge.
          html`<span class="note-mark" aria-hidden="true">${NOTE_ICON}</span>
          <span class="kind">${note.kind}</span>
          <span class="name" title=${note.full}>${open || active ? note.full : note.text}</span>`
        : html`<span class="swatch" style="background:${store.shapes.colorOf(st.label)}"></span>
          <span class="name" title=${title}>${label}</span>
          ${missingText ? html`<span class="row-missing" data-missing title=${missingText} aria-hidden="true">${MISSING}</span>` : nothing}
          <span class="type">${kind}</span>`
    }
    ${
      // The state stays in view without a hover (in the row's flow, so the text gives it room): a
      // lock while locked, a crossed eye while hidden. Rows without a state give all their width to
      // the text.
      locked || hidden
        ? html`<span class="row-state" aria-hidden="true">${locked ? html`<span data-state="lock">${LOCK}</span>` : nothing}${hidden ? html`<span data-state="hide">${EYE_OFF}</span>` : nothing}</span>`
        : nothing
    }
    <span class="row-tools">
      ${toggle(locked, 'lock', msg(locked ? 'annotationLayer.unlockRow' : 'annotationLayer.lockRow', { name }), () => l.setLocked([k], !locked))}
      ${toggle(hidden, 'hide', msg(hidden ? 'annotationLayer.showRow' : 'annotationLayer.hideRow', { name }), () => l.setHidden([k], !hidden))}
    </span>
  </div>`;
}

/**
 * "2 objects · 1 subtitle · 1 note · 1 hidden": each part kept on one line (a narrow panel wraps
 * between parts, never inside one: not "1" at a line's end and "hidden" below).
 */
function countParts(objects: number, subtitles: number, notes: number, hidden: number) {
  const parts = [
    msg('annotationLayer.objectCount', { count: objects }),
    subtitles ? msg('annotationLayer.subtitleCount', { count: subtitles }) : '',
    notes ? msg('annotationLayer.noteCount', { count: notes }) : '',
    hidden ? msg('annotationLayer.hiddenCount', { count: hidden }) : '',
  ].filter(Boolean);
  return parts.map((p, i) => html`${i ? ' · ' : ''}<span>${p}</span>`);
}

/** The panel template. */
export function renderPanel(l: PanelInput) {
  const { store, commit } = l;
  const { keys, objects, subtitles } = store.listedRows();
  const notes = keys.length - objects - subtitles;
  const sel = [...store.selection];
  const one = sel.length === 1 ? store.json(sel[0]!) : undefined;
  const oneNote = one && isNote(one) ? noteWords(one) : undefined;
  const list = l.list;
  const top = list?.scrollTop ?? 0;
  const h = list?.clientHeight ?? LIST_HEIGHT_UNKNOWN;
  const row = l.row;
  const first = Math.max(0, Math.floor(top / row) - 5);
  const last = Math.min(keys.length, Math.ceil((top + h) / row) + 5);
  const hiddenCount = keys.reduce((n, k) => n + (store.shapes.hidden.has(k) ? 1 : 0), 0);
  const active = l.activeRow && keys.includes(l.activeRow) ? keys.indexOf(l.activeRow) : -1;
  const stop = (e: Event) => e.stopPropagation();
  // The rows' and a note line's heights for the styles (.row, an open note row, the list's floor),
  // as the arithmetic here uses them; only set apart from the default font's (their fallbacks).
  const sizes = {
    '--_row-h': row === ROW ? undefined : `${row}px`,
    '--_note-line': l.noteLine === NOTE_LINE ? undefined : `${l.noteLine}px`,
  };
  return html`<aside part="panel" class="panel" style=${styleMap(sizes)} @pointerdown=${stop} @wheel=${stop} @pointerenter=${() => l.hover(null)}>
    <dl-label-picker
      .ontology=${l.ontology}
      .value=${l.nextOnly ? l.label : (one?.label ?? l.label)}
      aria-label=${msg('annotationLayer.label.active')}
      @dl-label-select=${(e: DlLabelSelectEvent) => l.chooseLabel(e.detail.label)}
    ></dl-label-picker>
    ${sel.length && !l.readonly ? renderActions(l, sel) : nothing}
    ${
      // A selected note's whole text (its row cuts it to a line): every message wrapped, at most a
      // few lines high (scrolls beyond), as text (never markup); one of the selection's control
      // groups (.actions), so the panel keeps it in view above the stuck object list.
      oneNote
        ? html`<div class="actions note-full ${oneNote.issue ? 'issue' : ''}" data-note-full role="group" aria-label=${oneNote.kind}>
          <span class="kind">${oneNote.kind}</span><span class="note-text">${oneNote.full}</span>
        </div>`
        : nothing
    }
    ${l.readonly ? nothing : (l.trackControls ?? nothing)}
    ${
      // A note (an issue or a comment) is no object: a '*' scope covers every label, the note's
      // too, but its attributes are never marked or counted missing, so it gets no editor.
      one && !oneNote && !l.readonly && (store.hasAttributes(one.label) || Object.keys(attributesOf(one)).length)
        ? html`<div class="attrs"><dl-attribute-editor
          .ontology=${l.ontology}
          .label=${one.label}
          .value=${attributesOf(one)}
          @dl-attributes-change=${(e: DlAttributesChangeEvent) => commit.setAttributes(sel[0]!, e.detail.attributes as Record<string, unknown>)}
        ></dl-attribute-editor></div>`
        : nothing
    }
    ${l.progress !== null ? html`<progress aria-label=${msg('annotationLayer.converting')}></progress>` : nothing}
    <label class="setting">
      <span>${msg('annotationLayer.maskOpacity')}</span>
      <input type="range" min="0" max="100" step="5" data-setting="mask-opacity" .value=${String(Math.round(l.maskOpacity * 100))}
        @input=${(e: Event) => l.setMaskOpacity(Number((e.target as HTMLInputElement).value) / 100)} />
      <output>${Math.round(l.maskOpacity * 100)}%</output>
    </label>
    <h2 id="objects-h">${msg('annotationLayer.objects')}
      <span class="count" data-count>${countParts(objects, subtitles, notes, hiddenCount)}</span>
    </h2>
    <div
      part="object-list"
      class="list"
      role="listbox"
      aria-multiselectable="true"
      aria-labelledby="objects-h"
      tabindex="0"
      aria-activedescendant=${active >= 0 && active >= first && active < last ? `row-${active}` : nothing}
      @focus=${() => {
        // The list starts with an active row (the selection's, else the first), so a screen reader
        // announces a row at once and the arrows start from it.
        if (active < 0 && keys.length) {
          const s = startRow(l, keys);
          l.setActiveRow(keys[Math.max(s, 0)]!);
          l.refresh();
        }
      }}
      @scroll=${() => l.refresh()}
      @keydown=${(e: KeyboardEvent) => listKey(l, e, keys)}
    >
      ${keys.length ? nothing : html`<p class="empty">${msg('annotationLayer.noObjects')}</p>`}
      <div style="block-size:${keys.length * row}px"></div>
      ${
        // The list's font's line boxes, measured by view/list-room.ts once per font change (a
        // ResizeObserver sees this box resize): a row's text line and an open note's line.
        html`<div class="row-probe" aria-hidden="true"><span data-probe="row">Mg</span><span data-probe="note">Mg</span></div>`
      }
      ${keys.slice(first, last).map((k, j) => renderRow(l, k, first + j, keys.length, first + j === objects && objects > 0, { top, h }))}
    </div>
  </aside>`;
}

const icon = (body: SVGTemplateResult, size = 14) =>
  html`<svg viewBox="0 0 16 16" width=${size} height=${size} fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;
const EYE = icon(
  svg`<path d="M1.5 8s2.5-4.5 6.5-4.5S14.5 8 14.5 8 12 12.5 8 12.5 1.5 8 1.5 8z"></path><circle cx="8" cy="8" r="2"></circle>`,
);
const EYE_OFF = icon(
  svg`<path d="M2 2l12 12"></path><path d="M6.3 3.8A6.6 6.6 0 0 1 8 3.5C12 3.5 14.5 8 14.5 8a12 12 0 0 1-1.9 2.5M4.1 5A12 12 0 0 0 1.5 8S4 12.5 8 12.5c.9 0 1.8-.2 2.5-.6"></path>`,
);
const LOCK = icon(
  svg`<rect x="3.5" y="7" width="9" height="7" rx="1"></rect><path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2"></path>`,
);
/**
 * Bring to front: two overlapping squares, the filled one (the selection) in front of the outlined
 * one, as the arrange icons of slide and drawing tools.
 */
const TO_FRONT = icon(
  svg`<path d="M6 10.5H2.5v-8h8V6"></path><rect x="6" y="6" width="7.5" height="7.5" rx="0.5" fill="currentColor"></rect>`,
  18,
);
/** Send to back: the filled square (the selection) behind the outlined one. */
const TO_BACK = icon(
  svg`<path d="M2.5 2.5h8V6H6v4.5H2.5z" fill="currentColor"></path><rect x="6" y="6" width="7.5" height="7.5" rx="0.5"></rect>`,
  18,
);
/** A circled "!": an object row with required attributes unset. */
const MISSING = icon(
  svg`<circle cx="8" cy="8" r="6.5"></circle><path d="M8 4.5v4"></path><circle cx="8" cy="11.3" r="0.5" fill="currentColor"></circle>`,
);
/** A speech bubble: the mark of a note row. */
const NOTE_ICON = icon(svg`<path d="M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z"></path>`);
const UNLOCK = icon(
  svg`<rect x="3.5" y="7" width="9" height="7" rx="1"></rect><path d="M5.5 7V5a2.5 2.5 0 0 1 4.8-1"></path>`,
);
