/**
 * The timeline's keyboard and pointer input: which key does what where (anywhere, on the ruler,
 * in the track list, on the subtitles) and scrubbing with a captured pointer. It turns input into
 * calls on a small context (seek, step, select a row, act) and keeps only the scrub in progress,
 * so the element holds the state and the rules of the keys are read in one place.
 */
import type { KeyframeAction } from './timeline-events.js';

/** What the input reads from and asks of the timeline. */
export interface TimelineInputContext {
  /** Number of track rows. */
  trackCount(): number;
  /** Start frames of the subtitles, in order. */
  subtitleStarts(): readonly number[];
  /** Index of the active track row. */
  active(): number;
  setActive(i: number): void;
  /** Index of the active subtitle. */
  activeSub(): number;
  setActiveSub(i: number): void;
  fps(): number;
  /** The last frame. */
  last(): number;
  /** The frame under client x (from the ruler's box: every lane shares its x range). */
  frameAt(clientX: number): number;
  seek(frame: number): void;
  step(frames: number): void;
  togglePlay(): void;
  /** Selects row `i` (`add`: toggles it in the selection). */
  selectRow(i: number, add: boolean): void;
  /** Seeks the active track's previous (-1) or next (1) key frame. */
  jumpKey(dir: 1 | -1): void;
  can(action: KeyframeAction): boolean;
  /** Whether the action's letter on the track list is the timeline's (not taken by the page). */
  keyFree(action: KeyframeAction): boolean;
  act(action: KeyframeAction): void;
  /** Scrolls the active row into view once rendered. */
  revealActive(): void;
}

const LETTER_ACTIONS: Record<string, KeyframeAction> = {
  i: 'insert',
  c: 'copy-next',
  e: 'end',
  s: 'split',
  m: 'merge',
};

/** Keyboard and scrub handlers of `<dl-timeline>`; bind `onKey` and the `onScrub*` handlers in its template. */
export class TimelineInput {
  private scrubbing: { pointerId: number; el: Element } | null = null;

  constructor(private readonly ctx: TimelineInputContext) {}

  /** `keydown` anywhere in the timeline. */
  readonly onKey = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || e.altKey || e.metaKey) return;
    const target = e.composedPath()[0] as HTMLElement;
    const inList = target.getAttribute?.('role') === 'listbox' && target.classList.contains('tracks');
    const inSubs = target.classList?.contains('subs');
    const onSlider = target.getAttribute?.('role') === 'slider';
    let handled = true;
    const k = e.key;
    if ((k === ',' || k === '<') && !e.ctrlKey) this.ctx.step(e.shiftKey || k === '<' ? -10 : -1);
    else if ((k === '.' || k === '>') && !e.ctrlKey) this.ctx.step(e.shiftKey || k === '>' ? 10 : 1);
    else if ((k === 'k' || k === 'K') && !e.ctrlKey) this.ctx.togglePlay();
    else if (onSlider) handled = this.sliderKey(e);
    else if (inList) handled = this.listKey(e);
    else if (inSubs) handled = this.subsKey(e);
    else handled = false;
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  /** `pointerdown` on a lane or the ruler: a subtitle seeks its start, elsewhere scrubbing starts. */
  readonly onScrubStart = (e: PointerEvent): void => {
    if (e.button !== 0) return;
    const el = e.currentTarget as Element;
    const sub = (e.target as Element).closest?.('.sub');
    if (sub) {
      // A subtitle: go to its start.
      const i = Number(sub.id.slice(4));
      this.ctx.setActiveSub(i);
      this.ctx.seek(this.ctx.subtitleStarts()[i]!);
      e.preventDefault();
      return;
    }
    const row = (e.target as Element).closest?.('[data-row]');
    if (row) this.ctx.selectRow(Number(row.getAttribute('data-row')), e.ctrlKey || e.metaKey);
    this.scrubbing = { pointerId: e.pointerId, el };
    el.setPointerCapture(e.pointerId);
    this.ctx.seek(this.ctx.frameAt(e.clientX));
    e.preventDefault();
  };

  /** `pointermove`: follows the scrubbing pointer. */
  readonly onScrubMove = (e: PointerEvent): void => {
    if (this.scrubbing?.pointerId !== e.pointerId) return;
    this.ctx.seek(this.ctx.frameAt(e.clientX));
  };

  /** `pointerup` / `pointercancel`: ends the scrub. */
  readonly onScrubEnd = (e: PointerEvent): void => {
    if (this.scrubbing?.pointerId !== e.pointerId) return;
    this.scrubbing.el.releasePointerCapture?.(e.pointerId);
    this.scrubbing = null;
  };

  private sliderKey(e: KeyboardEvent): boolean {
    const big = e.shiftKey ? 10 : 1;
    const second = Math.max(1, Math.round(this.ctx.fps()));
    switch (e.key) {
      case 'ArrowLeft':
      case 'ArrowDown':
        this.ctx.step(-big);
        return true;
      case 'ArrowRight':
      case 'ArrowUp':
        this.ctx.step(big);
        return true;
      case 'PageDown':
        this.ctx.step(-second);
        return true;
      case 'PageUp':
        this.ctx.step(second);
        return true;
      case 'Home':
        this.ctx.seek(0);
        return true;
      case 'End':
        this.ctx.seek(this.ctx.last());
        return true;
    }
    return false;
  }

  private listKey(e: KeyboardEvent): boolean {
    const n = this.ctx.trackCount();
    if (!n) return false;
    const active = this.ctx.active();
    switch (e.key) {
      case 'ArrowDown':
        this.ctx.setActive(Math.min(n - 1, active + 1));
        break;
      case 'ArrowUp':
        this.ctx.setActive(Math.max(0, active - 1));
        break;
      case 'Home':
        this.ctx.setActive(0);
        break;
      case 'End':
        this.ctx.setActive(n - 1);
        break;
      case 'Enter':
      case ' ':
        this.ctx.selectRow(active, e.ctrlKey);
        break;
      case '[':
        this.ctx.jumpKey(-1);
        break;
      case ']':
        this.ctx.jumpKey(1);
        break;
      case 'Delete':
      case 'Backspace':
        this.ctx.act('delete');
        break;
      default: {
        const key = e.key.toLowerCase();
        if (e.ctrlKey) return false;
        // `o` (as Shift+O on the layer; `h` too) shows where the object is out of view, else hides from here.
        if (key === 'o' || key === 'h') this.ctx.act(this.ctx.can('show') ? 'show' : 'hide');
        else if (LETTER_ACTIONS[key] && this.ctx.keyFree(LETTER_ACTIONS[key])) this.ctx.act(LETTER_ACTIONS[key]);
        else return false;
      }
    }
    this.ctx.revealActive();
    return true;
  }

  private subsKey(e: KeyboardEvent): boolean {
    const starts = this.ctx.subtitleStarts();
    const n = starts.length;
    if (!n) return false;
    const i = this.ctx.activeSub();
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') this.ctx.setActiveSub(Math.min(n - 1, i + 1));
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') this.ctx.setActiveSub(Math.max(0, i - 1));
    else if (e.key === 'Home') this.ctx.setActiveSub(0);
    else if (e.key === 'End') this.ctx.setActiveSub(n - 1);
    else if (e.key === 'Enter' || e.key === ' ') this.ctx.seek(starts[i]!);
    else return false;
    return true;
  }
}
