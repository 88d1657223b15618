import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state, query } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { themeStyles, type ThemeMode } from '../theme/theme.js';
import { msg } from '../strings.js';
import { StringsController } from '../strings-controller.js';
import { labelTitle, ontologyLabels, type LabelEntry } from './ontology-labels.js';
import { DlLabelSelectEvent } from './label-select-event.js';
import { labelPickerStyles } from './label-picker.styles.js';

const TYPEAHEAD_RESET_MS = 600;

/**
 * A searchable, keyboard-driven picker over the labels of a Dataloop ontology, nested labels
 * shown as a tree with their colours.
 *
 * Keyboard: in the search box, typing filters, ArrowUp/ArrowDown move, Enter picks, Escape
 * clears. In the tree: arrows move, ArrowRight/ArrowLeft expand/collapse (or go to child/parent),
 * Home/End, Enter or Space picks, letters jump to the next label starting with what was typed,
 * digits 1–9 pick the n-th visible label (when `hotkeys` is on).
 *
 * @summary Label picker for a Dataloop ontology.
 * @fires dl-label-select - The user picked a label. `detail: { label, displayLabel, color }`.
 * @csspart base - The outer box.
 * @csspart search - The search input.
 * @csspart tree - The label list (role tree).
 * @csspart option - One label row.
 * @csspart swatch - A label's colour square.
 * @csspart label - A label's text.
 * @csspart hotkey - The digit badge of the first nine visible labels.
 * @cssprop --dl-label-picker-max-height - Height after which the list scrolls (default 18rem; inside
 *   `<dl-annotation-layer>`'s panel no cap by default, the panel shares its height between this list
 *   and the object list, and the variable, set on the layer, caps the list there too).
 *
 * @example
 * <dl-label-picker></dl-label-picker>
 * <script type="module">
 *   const picker = document.querySelector('dl-label-picker');
 *   picker.ontology = ontologyJson; // { roots: [...] }
 *   picker.addEventListener('dl-label-select', (e) => console.log(e.detail.label));
 * </script>
 */
export class DlLabelPicker extends LitElement {
  static override styles = [themeStyles, labelPickerStyles];
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  /** The ontology JSON (`{ roots }`), an array of root nodes, or an Ontology entity. */
  @property({ attribute: false }) ontology: unknown = null;

  /** Full tag of the selected label, `null` for none. Setting it never fires an event. */
  @property() value: string | null = null;

  /** `light`, `dark` or `auto`; absent inherits from the page or an enclosing dl-kit element. */
  @property({ reflect: true }) theme?: ThemeMode;

  /** Digits 1–9 pick the n-th visible label while the list has focus. */
  @property({ type: Boolean }) hotkeys = true;

  /** Current search text. */
  @state() private query = '';
  /** Full tag of the keyboard-active row. */
  @state() private activeTag: string | null = null;
  @state() private collapsed = new Set<string>();

  @query('input') private input!: HTMLInputElement;

  private labels: LabelEntry[] = [];
  private byTag = new Map<string, LabelEntry>();
  private typeahead = '';
  private typeaheadTimer?: ReturnType<typeof setTimeout>;

  constructor() {
    super();
    new StringsController(this);
  }

  /** Every label of the current ontology in display order (flattened tree). */
  get allLabels(): readonly LabelEntry[] {
    return this.labels;
  }

  /** Labels currently shown, in order (filter and collapsed branches applied). */
  get visibleLabels(): readonly LabelEntry[] {
    const q = this.query.trim().toLowerCase();
    if (q) {
      const keep = new Set<string>();
      for (const l of this.labels) {
        if (l.displayLabel.toLowerCase().includes(q) || l.tag.toLowerCase().includes(q)) {
          for (let t: string | null = l.tag; t && !keep.has(t); t = this.byTag.get(t)?.parent ?? null) keep.add(t);
        }
      }
      return this.labels.filter((l) => keep.has(l.tag));
    }
    return this.labels.filter((l) => {
      for (let p = l.parent; p; p = this.byTag.get(p)?.parent ?? null) if (this.collapsed.has(p)) return false;
      return true;
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ontology')) {
      this.labels = ontologyLabels(this.ontology);
      this.byTag = new Map(this.labels.map((l) => [l.tag, l]));
    }
    const visible = this.visibleLabels;
    // The keyboard-active row follows a new value set from outside (another shape selected in an
    // annotation layer): the arrows and Enter start from the label shown as picked, and the tree
    // scrolls to it. Before, the active row stayed where the last selection had left it.
    if (changed.has('value') && this.value !== null && visible.some((l) => l.tag === this.value)) {
      this.activeTag = this.value;
    } else if (!this.activeTag || !visible.some((l) => l.tag === this.activeTag)) {
      this.activeTag = (visible.find((l) => l.tag === this.value) ?? visible[0])?.tag ?? null;
    }
  }

  /**
   * The tree's height as last seen. A host's layout can shrink the tree after the picker scrolled
   * its active row in (the annotation layer's side panel gives the selection's controls room once a
   * relabelled shape's panel rendered): the row was then cut at the tree's bottom ("Road 4" half
   * shown). A tree that got shorter scrolls the active row back in; one that grew is left alone.
   */
  private treeHeight = 0;
  private treeSeen: Element | null = null;
  private readonly treeResize =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver(() => {
          const tree = this.treeSeen as HTMLElement | null;
          if (!tree) return;
          const was = this.treeHeight;
          this.treeHeight = tree.clientHeight;
          if (tree.clientHeight < was) this.revealActive();
        });

  override connectedCallback(): void {
    super.connectedCallback();
    // Back on the page (moved): observe the tree again.
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.treeResize?.disconnect();
    this.treeSeen = null;
  }

  protected override updated(): void {
    const tree = this.renderRoot.querySelector<HTMLElement>('[role="tree"]');
    if (tree !== this.treeSeen) {
      this.treeResize?.disconnect();
      this.treeSeen = tree;
      this.treeHeight = tree?.clientHeight ?? 0;
      if (tree) this.treeResize?.observe(tree);
    }
    this.revealActive();
  }

  /** Scrolls the tree (nearest) so the active row is wholly in view. */
  private revealActive(): void {
    // Only the tree scrolls to the active row. scrollIntoView scrolled every ancestor too: each
    // update (a shape selected in an annotation layer sets a new value) pulled the side panel the
    // picker sits in back up to the label list, over the selection's controls it had scrolled to.
    const tree = this.renderRoot.querySelector<HTMLElement>('[role="tree"]');
    const row = tree?.querySelector<HTMLElement>('[role="treeitem"].active');
    if (!tree || !row) return;
    const t = tree.getBoundingClientRect();
    const r = row.getBoundingClientRect();
    const top = t.top + tree.clientTop;
    const bottom = top + tree.clientHeight;
    if (r.top < top) tree.scrollTop -= top - r.top;
    else if (r.bottom > bottom) tree.scrollTop += Math.min(r.bottom - bottom, r.top - top);
  }

  override render() {
    const visible = this.visibleLabels;
    const activeIndex = visible.findIndex((l) => l.tag === this.activeTag);
    const activeId = activeIndex >= 0 ? `opt-${activeIndex}` : nothing;
    const searching = this.query.trim() !== '';
    return html`
      <div part="base" class="base">
        <input
          part="search"
          type="search"
          role="combobox"
          aria-expanded="true"
          aria-controls="tree"
          aria-autocomplete="list"
          aria-activedescendant=${activeId}
          aria-label=${msg('labelPicker.search')}
          placeholder=${msg('labelPicker.search')}
          autocomplete="off"
          spellcheck="false"
          .value=${this.query}
          @input=${this.onInput}
          @keydown=${this.onSearchKeydown}
        />
        <div
          part="tree"
          id="tree"
          role="tree"
          tabindex="0"
          aria-label=${msg('labelPicker.labels')}
          aria-activedescendant=${activeId}
          @keydown=${this.onTreeKeydown}
        >
          ${visible.map((l, i) => this.renderRow(l, i, searching))}
        </div>
        ${
          visible.length === 0
            ? html`<div class="empty" role="status">
              ${searching ? msg('labelPicker.noMatch', { query: this.query }) : msg('labelPicker.empty')}
            </div>`
            : nothing
        }
      </div>
    `;
  }

  private renderRow(l: LabelEntry, i: number, searching: boolean) {
    const hasKids = l.children.length > 0;
    const expanded = searching || !this.collapsed.has(l.tag);
    const hotkey = this.hotkeys && i < 9 ? String(i + 1) : '';
    return html`<div
      part="option"
      id="opt-${i}"
      role="treeitem"
      class=${l.tag === this.activeTag ? 'active' : ''}
      aria-level=${l.depth + 1}
      aria-selected=${l.tag === this.value ? 'true' : 'false'}
      aria-expanded=${hasKids ? String(expanded) : nothing}
      aria-keyshortcuts=${hotkey || nothing}
      data-tag=${l.tag}
      style=${styleMap({ '--depth': String(l.depth), '--swatch': l.color || 'transparent' })}
      @click=${(e: MouseEvent) => this.onRowClick(e, l)}
    >
      <span class="toggle" data-expanded=${String(expanded)} aria-hidden="true" @click=${(e: MouseEvent) => this.onToggleClick(e, l)}
        >${hasKids ? '▼' : ''}</span
      >
      <span part="swatch" class="swatch" aria-hidden="true"></span>
      <span part="label" class="text" title=${labelTitle(l.displayLabel, l.tag)}>${l.displayLabel}</span>
      ${searching && l.parent ? html`<span class="path">${l.parent}</span>` : nothing}
      ${hotkey ? html`<kbd part="hotkey" aria-hidden="true">${hotkey}</kbd>` : nothing}
    </div>`;
  }

  /**
   * Picks the n-th visible label (1-based, as the digit hotkeys do) and fires `dl-label-select`,
   * for hosts that route their own hotkeys to the picker (e.g. digits pressed over a canvas).
   * Returns the label picked, or `null` when there is no such row.
   */
  pickVisible(n: number): string | null {
    const l = this.visibleLabels[n - 1];
    if (!l) return null;
    this.pick(l);
    return l.tag;
  }

  /** Focuses the search box. */
  override focus(options?: FocusOptions): void {
    (this.input ?? this).focus(options);
  }

  private onInput(e: Event): void {
    this.query = (e.target as HTMLInputElement).value;
    const visible = this.visibleLabels;
    // While searching, the best match is the first label that matches itself (not an ancestor).
    const q = this.query.trim().toLowerCase();
    const first = visible.find((l) => l.displayLabel.toLowerCase().includes(q) || l.tag.toLowerCase().includes(q));
    this.activeTag = first?.tag ?? null;
  }

  private onSearchKeydown(e: KeyboardEvent): void {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      this.move(e.key === 'ArrowDown' ? 1 : -1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      this.pickActive();
    } else if (e.key === 'Escape' && this.query) {
      e.preventDefault();
      this.query = '';
    }
  }

  private onTreeKeydown(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const visible = this.visibleLabels;
    const active = this.activeTag ? this.byTag.get(this.activeTag) : undefined;
    const searching = this.query.trim() !== '';
    switch (e.key) {
      case 'ArrowDown':
        return this.handled(e, () => this.move(1));
      case 'ArrowUp':
        return this.handled(e, () => this.move(-1));
      case 'Home':
        return this.handled(e, () => (this.activeTag = visible[0]?.tag ?? null));
      case 'End':
        return this.handled(e, () => (this.activeTag = visible.at(-1)?.tag ?? null));
      case 'Enter':
      case ' ':
        return this.handled(e, () => this.pickActive());
      case 'ArrowRight':
        return this.handled(e, () => {
          if (!active || active.children.length === 0) return;
          if (!searching && this.collapsed.has(active.tag)) this.setCollapsed(active.tag, false);
          else this.activeTag = active.children[0] ?? active.tag;
        });
      case 'ArrowLeft':
        return this.handled(e, () => {
          if (!active) return;
          if (!searching && active.children.length > 0 && !this.collapsed.has(active.tag))
            this.setCollapsed(active.tag, true);
          else if (active.parent) this.activeTag = active.parent;
        });
      case 'Escape':
        if (this.query) this.handled(e, () => (this.query = ''));
        return;
    }
    if (this.hotkeys && /^[1-9]$/.test(e.key)) {
      const target = visible[Number(e.key) - 1];
      if (target) this.handled(e, () => this.pick(target));
      return;
    }
    if (e.key.length === 1 && e.key.trim() !== '') this.handled(e, () => this.typeAhead(e.key));
  }

  private handled(e: Event, action: () => void): void {
    e.preventDefault();
    e.stopPropagation();
    action();
  }

  private move(delta: number): void {
    const visible = this.visibleLabels;
    if (visible.length === 0) return;
    const i = visible.findIndex((l) => l.tag === this.activeTag);
    const next = i < 0 ? (delta > 0 ? 0 : visible.length - 1) : Math.min(visible.length - 1, Math.max(0, i + delta));
    this.activeTag = visible[next]!.tag;
  }

  /** Type-ahead: jump to the next visible label whose display text starts with the typed prefix. */
  private typeAhead(char: string): void {
    clearTimeout(this.typeaheadTimer);
    this.typeaheadTimer = setTimeout(() => (this.typeahead = ''), TYPEAHEAD_RESET_MS);
    this.typeahead += char.toLowerCase();
    const visible = this.visibleLabels;
    const start = Math.max(
      0,
      visible.findIndex((l) => l.tag === this.activeTag),
    );
    // A fresh single letter searches after the current row (repeat to cycle); a longer prefix includes it.
    const offset = this.typeahead.length === 1 ? 1 : 0;
    for (let k = 0; k < visible.length; k++) {
      const l = visible[(start + offset + k) % visible.length]!;
      if (l.displayLabel.toLowerCase().startsWith(this.typeahead) || l.name.toLowerCase().startsWith(this.typeahead)) {
        this.activeTag = l.tag;
        return;
      }
    }
  }

  private setCollapsed(tag: string, collapsed: boolean): void {
    const next = new Set(this.collapsed);
    if (collapsed) next.add(tag);
    else next.delete(tag);
    this.collapsed = next;
  }

  private onToggleClick(e: MouseEvent, l: LabelEntry): void {
    if (l.children.length === 0 || this.query.trim()) return;
    e.stopPropagation();
    this.setCollapsed(l.tag, !this.collapsed.has(l.tag));
    this.activeTag = l.tag;
  }

  private onRowClick(_e: MouseEvent, l: LabelEntry): void {
    this.activeTag = l.tag;
    this.pick(l);
  }

  private pickActive(): void {
    const l = this.activeTag ? this.byTag.get(this.activeTag) : undefined;
    if (l) this.pick(l);
  }

  private pick(l: LabelEntry): void {
    this.activeTag = l.tag;
    this.value = l.tag;
    this.dispatchEvent(new DlLabelSelectEvent({ label: l.tag, displayLabel: l.displayLabel, color: l.color }));
  }
}
