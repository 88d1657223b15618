import { LitElement, type PropertyValues, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { screenStyles } from './styles.js';
import { issueFrame } from './issue-frame.js';
import type { OpenIssue } from './review-io.js';

/**
 * The open issues of an item, above the image, one line each list: the count, one issue (the
 * reviewer's message, cut to the line with its whole text in a tooltip and shown on focus, and what
 * it is pinned to), its Show / Mark fixed, and "1 of 3" with previous / next when there are several;
 * and, for the reviewer, the issues the annotator marked fixed (to check before approving).
 *
 * @fires issue-show - `detail: { issue }`: select the issue's shape on the image.
 * @fires issue-fixed - `detail: { issue }`: the annotator says it is fixed.
 */
/** What an issue is, across re-reads: its note's id, else its shape's (an issue without a note). */
function issueId(i: OpenIssue): string | undefined {
  return (i.note?.id ?? i.shape?.id) as string | undefined;
}

/**
 * Keys on the focused note scroll its whole-note box (the box shows while the note has the focus, so
 * it cannot take the focus by Tab), and so do they in the box once clicked into (the page's own keys
 * do not get them): the arrows by a line, Page Up / Down by a box, Home / End to the ends.
 */
function scrollNote(e: KeyboardEvent): void {
  const at = e.currentTarget as HTMLElement;
  const full = at.classList.contains('full') ? at : at.parentElement?.querySelector<HTMLElement>('.full');
  if (!full || full.scrollHeight <= full.clientHeight || e.ctrlKey || e.metaKey || e.altKey) return;
  const page = Math.max(20, full.clientHeight - 24);
  const by: Record<string, number> = {
    ArrowDown: 20,
    ArrowUp: -20,
    PageDown: page,
    PageUp: -page,
    Home: -full.scrollHeight,
    End: full.scrollHeight,
  };
  if (!(e.key in by)) return;
  full.scrollTop += by[e.key]!;
  e.preventDefault();
  e.stopPropagation();
}

@customElement('demo-issues')
export class DemoIssues extends LitElement {
  static override styles = [
    screenStyles,
    css`
      /* Above the image (positioned, with a z-index) so the note's expansion overlays the canvas. */
      :host { display: block; position: relative; z-index: 5; }
      /* One line (the canvas keeps its height): the count, the issue shown (its note cut with an
         ellipsis; the whole note in its tooltip, and on focus in a box over the image, not pushing it),
         its buttons, "1 of 3" to go through. 32 px targets, the banner at most 40 px high. */
      section { display: flex; align-items: center; gap: 8px; min-height: 36px; box-sizing: border-box;
        border: 1px solid var(--dl-color-danger); border-radius: var(--dl-radius-lg); padding: 2px 4px 2px 12px; margin-bottom: 6px;
        background: color-mix(in srgb, var(--dl-color-danger) 6%, var(--dl-color-surface-raised)); }
      h2 { margin: 0; font-size: 13px; color: var(--dl-color-danger); white-space: nowrap; flex: none; }
      section[data-fixed], section[data-marked] { border-color: var(--dl-color-success);
        background: color-mix(in srgb, var(--dl-color-success) 6%, var(--dl-color-surface-raised)); }
      section[data-fixed] h2, section[data-marked] h2 { color: var(--dl-color-success); }
      .issue { display: flex; gap: 8px; align-items: center; flex: 1; min-width: 0; position: relative; }
      .msg { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-size: 13px; border-radius: 4px; }
      .msg:focus-visible { outline: 2px solid var(--dl-color-focus); outline-offset: 2px; }
      /* The keyboard's way to the whole note: focus it and it shows whole, wrapped, in a box just
         under the line, over the image (the banner keeps its height). A very long note scrolls in
         the box: by the arrows / Page / Home / End keys on the focused note, by the wheel under the
         pointer (the box stays while hovered) and by keys once clicked into (it takes the focus). */
      .full { display: none; position: absolute; left: 0; right: 0; top: calc(100% + 6px); z-index: 1;
        box-sizing: border-box; max-height: min(40vh, 240px); overflow: auto; padding: 6px 10px;
        font-size: 13px; white-space: pre-wrap; overflow-wrap: anywhere;
        color: var(--dl-color-text); background: var(--dl-color-surface-raised);
        border: 1px solid var(--dl-color-danger); border-radius: var(--dl-radius-lg);
        box-shadow: 0 4px 12px rgb(0 0 0 / 0.25); }
      .msg:focus ~ .full, .full:hover, .full:focus-within { display: block; }
      .full:focus { outline: none; }
      .nav { display: flex; align-items: center; gap: 2px; flex: none; font-size: 12px; white-space: nowrap; }
      .nav button { padding: 0 6px; min-width: 32px; font-size: 16px; line-height: 1; }
      button { min-height: 32px; padding: 3px 10px; flex: none; white-space: nowrap; }
    `,
  ];
  @property({ attribute: false }) issues: OpenIssue[] = [];
  /** Issues the annotator marked fixed (annotation status `review`): shown for the reviewer to check. */
  @property({ attribute: false }) fixed: OpenIssue[] = [];
  /** Display names of labels by tag (the ontology's). */
  @property({ attribute: false }) labelNames: Map<string, string> = new Map();
  /**
   * What the annotator marked fixed on this item ("Car box"): once no issue is open, the banner says
   * so in the room the issues left (the page keeps that room: the picture does not move).
   */
  @property({ attribute: false }) marked: string[] = [];
  /** Show "Mark fixed" (the annotator's answer). */
  @property({ type: Boolean }) canFix = false;
  /** The issue shown of each list (open, fixed): "2 of 3". */
  @state() private at = { open: 0, fixed: 0 };

  /**
   * The banner is reused across items (and re-reads): when a list changes, "k of n" follows the issue
   * shown if the new list still holds it (same note / shape id), else goes back to the first issue,
   * so the next item does not open at "3 of 4".
   */
  protected override willUpdate(changed: PropertyValues<this>): void {
    const follow = (which: 'open' | 'fixed', before: OpenIssue[] | undefined, now: OpenIssue[]): number => {
      const shown = before?.[Math.min(this.at[which], before.length - 1)];
      const id = shown && issueId(shown);
      const k = id ? now.findIndex((i) => issueId(i) === id) : -1;
      return Math.max(k, 0);
    };
    const at = { ...this.at };
    if (changed.has('issues')) at.open = follow('open', changed.get('issues'), this.issues);
    if (changed.has('fixed')) at.fixed = follow('fixed', changed.get('fixed'), this.fixed);
    if (at.open !== this.at.open || at.fixed !== this.at.fixed) this.at = at;
  }

  /** Brings the open issues into view and focuses the first one's first button (an issue without a shape). */
  focusFirst(): void {
    this.at = { ...this.at, open: 0 };
    void this.updateComplete.then(() => {
      const section = this.renderRoot.querySelector<HTMLElement>('[data-issues]');
      section?.scrollIntoView({ block: 'nearest' });
      (
        section?.querySelector<HTMLElement>('[data-issue] button') ?? section?.querySelector<HTMLElement>('.msg')
      )?.focus();
    });
  }

  private name(i: OpenIssue): string {
    if (!i.shape) return 'the whole item';
    const label = this.labelNames.get(i.shape.label) ?? i.shape.label;
    const kind = i.shape.type === 'segment' ? 'polygon' : i.shape.type === 'binary' ? 'mask' : i.shape.type;
    return `${label} ${kind}`;
  }

  private fire(type: string, issue: OpenIssue): void {
    this.dispatchEvent(new CustomEvent(type, { detail: { issue }, bubbles: true, composed: true }));
  }

  private step(which: 'open' | 'fixed', by: number, n: number): void {
    this.at = { ...this.at, [which]: (this.at[which] + by + n) % n };
  }

  /** One list's line: the issue shown, its buttons, and "k of n" with previous / next when several. */
  private line(issues: OpenIssue[], open: boolean) {
    const which = open ? 'open' : 'fixed';
    const n = issues.length;
    const k = Math.min(this.at[which], n - 1);
    const i = issues[k]!;
    const text = i.message || 'Marked as an issue';
    const about = ` — on ${this.name(i)}${i.author ? `, from ${i.author}` : ''}`;
    // On a video, the frame the reviewer saw first: "drifts" alone does not say where to look.
    const frame = issueFrame(i);
    const on = frame === null ? '' : `On frame ${frame}: `;
    const where = on ? html`<span data-issue-frame>${on}</span>` : nothing;
    return html`<div class="issue" data-issue=${which}>
        <span class="msg" tabindex="0" title=${on + text + about} @keydown=${scrollNote}>${where}<strong>${text}</strong><span class="muted">${about}</span></span>
        <div class="full" data-issue-full aria-hidden="true" tabindex="-1" @keydown=${scrollNote}>${where}<strong>${text}</strong><span class="muted">${about}</span></div>
        ${i.shape ? html`<button @click=${() => this.fire('issue-show', i)} title="Select its shape on the image">Show</button>` : nothing}
        ${open && this.canFix ? html`<button class="primary" data-action="mark-fixed" @click=${() => this.fire('issue-fixed', i)}>Mark fixed</button>` : nothing}
      </div>
      ${
        n > 1
          ? html`<span class="nav" data-issue-nav>
            <button aria-label="Previous issue" title="Previous issue" @click=${() => this.step(which, -1, n)}>‹</button>
            <span data-issue-at aria-live="polite">${k + 1} of ${n}</span>
            <button aria-label="Next issue" title="Next issue" @click=${() => this.step(which, 1, n)}>›</button>
          </span>`
          : nothing
      }`;
  }

  override render() {
    const n = this.issues.length;
    const f = this.fixed.length;
    if (!n && !f)
      return this.marked.length
        ? html`<section data-marked><h2>${this.marked.length === 1 ? 'Issue marked fixed' : `${this.marked.length} issues marked fixed`}</h2>
            <span class="msg">on ${this.marked.join(', ')}<span class="muted"> — the reviewer checks it</span></span></section>`
        : nothing;
    return html`${
      n
        ? html`<section aria-labelledby="h" data-issues>
          <h2 id="h">${n === 1 ? '1 open issue' : `${n} open issues`}</h2>
          ${this.line(this.issues, true)}
        </section>`
        : nothing
    }${
      f
        ? html`<section aria-labelledby="hf" data-fixed>
          <h2 id="hf">${f === 1 ? '1 issue marked fixed: check it' : `${f} issues marked fixed: check them`}</h2>
          ${this.line(this.fixed, false)}
        </section>`
        : nothing
    }`;
  }
}
