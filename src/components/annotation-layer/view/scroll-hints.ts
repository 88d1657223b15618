// Scroll hints of the side panel: a scroll area with more content below (or above) than it shows
// carries `data-more-below` (`data-more-above`), and the layer's styles fade that edge, so a panel
// cut short by a small window says it scrolls (headless and overlay scrollbars show no bar).
// Layout is read only on scroll and on resize, never per render (a video frame re-renders the
// layer and must not force a layout).

/** Whether `el` has content past its bottom / top edge (1 px slack for rounding). */
export function scrollState(el: Element): { above: boolean; below: boolean } {
  return {
    above: el.scrollTop > 1,
    below: el.scrollTop + el.clientHeight < el.scrollHeight - 1,
  };
}

/** Sets or clears `data-more-above` / `data-more-below` on `target`; writes only on change. */
function mark(target: Element, s: { above: boolean; below: boolean }): void {
  if (target.hasAttribute('data-more-above') !== s.above) target.toggleAttribute('data-more-above', s.above);
  if (target.hasAttribute('data-more-below') !== s.below) target.toggleAttribute('data-more-below', s.below);
}

/**
 * Keeps the hints of the panel's scroll areas (the panel itself, the attribute editor's box, the
 * object list, and the label picker's tree, marked on the picker) up to date. `watch` is cheap
 * (selectors, no layout) and is called after each render: new areas get a scroll listener, and a
 * ResizeObserver watches each area and the content whose growth changes what it hides (the
 * panel's sections, the attribute editor, the object list's spacer).
 */
export class ScrollHints {
  /** Scroll area -> element the hint goes on. */
  private readonly areas = new Map<Element, Element>();
  /** Observed element -> the scroll areas it sizes (the object list is an area and the panel's content). */
  private readonly observed = new Map<Element, Set<Element>>();
  private readonly ro =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver((entries) => {
          const areas = new Set<Element>();
          for (const e of entries) for (const a of this.observed.get(e.target) ?? []) areas.add(a);
          for (const a of areas) this.update(a);
        });
  private readonly onScroll = (e: Event) => this.update(e.currentTarget as Element);

  /** Finds the panel's scroll areas under `root`, watches new ones and new content; forgets removed ones. */
  watch(root: ParentNode): void {
    for (const el of this.areas.keys())
      if (!el.isConnected) {
        el.removeEventListener('scroll', this.onScroll);
        this.areas.delete(el);
      }
    for (const [o, areas] of this.observed) {
      for (const a of areas) if (!this.areas.has(a)) areas.delete(a);
      if (!o.isConnected || !areas.size) {
        this.ro?.unobserve(o);
        this.observed.delete(o);
      }
    }
    const panel = root.querySelector('.panel');
    if (!panel) return;
    const picker = panel.querySelector(':scope > dl-label-picker');
    const list = panel.querySelector(':scope > .list');
    const tree = picker?.shadowRoot?.querySelector('[part~="tree"]');
    this.add(panel, panel, [...panel.children]);
    if (list) this.add(list, list, [...list.querySelectorAll(':scope > :not(.row)')]);
    if (tree && picker) this.add(tree, picker, []);
  }

  private add(area: Element, target: Element, content: Element[]): void {
    if (!this.areas.has(area)) {
      this.areas.set(area, target);
      area.addEventListener('scroll', this.onScroll, { passive: true });
    }
    for (const o of [area, ...content]) {
      const areas = this.observed.get(o);
      if (!areas) {
        this.observed.set(o, new Set([area]));
        this.ro?.observe(o);
      } else if (!areas.has(area)) {
        areas.add(area);
        // Observed again: a fresh first callback reads the new area too (no layout read here).
        this.ro?.unobserve(o);
        this.ro?.observe(o);
      }
    }
  }

  /** Re-reads one area's scroll state and marks its target. */
  private update(area: Element): void {
    const target = this.areas.get(area);
    if (target && area.isConnected) mark(target, scrollState(area));
  }

  /** Stops every listener and observer. */
  disconnect(): void {
    for (const el of this.areas.keys()) el.removeEventListener('scroll', this.onScroll);
    this.areas.clear();
    this.observed.clear();
    this.ro?.disconnect();
  }
}
