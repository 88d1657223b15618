import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { styleMap } from 'lit/directives/style-map.js';
import { themeStyles, type ThemeMode } from '../theme/theme.js';
import { msg } from '../strings.js';
import { StringsController } from '../strings-controller.js';
import { fallbackColor, labelColorMap } from '../annotation-layer/model/label-colors.js';
import { timelineStyles } from './timeline.styles.js';
import { mediaIcon, type MediaIcon } from '../internal/media-icons.js';
import { timelineStrings } from './timeline-strings.js';
import {
  DlKeyframeActionEvent,
  DlPlayChangeEvent,
  DlSeekEvent,
  DlTrackSelectEvent,
  type KeyframeAction,
  type TrackRef,
} from './timeline-events.js';
import {
  formatTime,
  segmentAt,
  tickStep,
  timelineRows,
  trackKeyFrames,
  type TimelineSubtitle,
  type TimelineTrack,
} from './timeline-model.js';

/**
 * What `<dl-timeline>` needs from a viewer to follow and drive it (`<dl-item-viewer>` fits).
 */
export interface TimelineViewer extends EventTarget {
  readonly isVideo: boolean;
  readonly currentFrame: number;
  readonly frameCount: number;
  readonly frameRate: number;
  readonly playing: boolean;
  seekFrame(frame: number, byUser?: boolean): Promise<void>;
  play(): Promise<void>;
  pause(): void;
}

/**
 * A video timeline: play/pause and frame stepping, a scrubbable ruler, one row per track
 * (objectId) with its key frames (diamonds) and hidden ranges (`objectVisible: false`, hatched),
 * and the subtitles on a row of their own. Properties in, events out: it never changes the
 * annotations; the host applies `dl-keyframe-action` (e.g. with `applyKeyframeAction`) and sets
 * `annotations` again. Given a `viewer`, it follows its frames and seeks/plays it.
 *
 * Keyboard (focus anywhere in it): `,` / `.` one frame, with Shift ten; `k` play/pause. On the
 * ruler (a slider): arrows (Shift: ten), PageUp/PageDown (one second), Home/End. In the track list:
 * ArrowUp/ArrowDown move, Enter/Space select (Ctrl adds), `[` / `]` previous/next key frame,
 * `i` key frame here, Delete remove it, `c` copy to the next frame, `h` hide/show from here,
 * `e` end here, `s` split here, `m` merge the two selected tracks.
 *
 * @summary Video timeline with tracks, key frames and subtitles.
 * @fires dl-seek - The user scrubbed, stepped or jumped. `detail: { frame }`. Cancelable (a `viewer` is then not sought).
 * @fires dl-play-change - The user pressed play or pause. `detail: { playing }`. Cancelable.
 * @fires dl-track-select - The user changed the selected tracks. `detail: { tracks: [{ key, objectId, annotationIds, indexes }] }`.
 * @fires dl-keyframe-action - A key-frame action on a track. `detail: { action, frame, track, other? }`.
 * @csspart base - The outer box.
 * @csspart toolbar - Play, step, time and actions.
 * @csspart button - Every toolbar button.
 * @csspart time - The frame / time readout.
 * @csspart actions - The key-frame action buttons.
 * @csspart ruler - The scrubbable ruler (role slider).
 * @csspart playhead - The current-frame line.
 * @csspart tracks - The track list (role listbox).
 * @csspart track - One track row.
 * @csspart track-label - A row's name.
 * @csspart segment - The span of one annotation of a track.
 * @csspart hidden - A range where the object is hidden.
 * @csspart keyframe - A key frame marker.
 * @csspart subtitles - The subtitle row.
 * @csspart subtitle - One subtitle.
 * @cssprop --dl-timeline-label-width - Width of the row names (default 9rem).
 * @cssprop --dl-timeline-max-height - Height after which the track list scrolls (default 14rem).
 *
 * @example
 * <dl-item-viewer id="v" src="clip.mp4"></dl-item-viewer>
 * <dl-timeline id="t"></dl-timeline>
 * <script type="module">
 *   t.viewer = v;                      // follows and drives the viewer
 *   t.annotations = annotationsJson;   // rows per objectId
 *   t.addEventListener('dl-keyframe-action', (e) => save(applyKeyframeAction(collection, e.detail)));
 * </script>
 */
export class DlTimeline extends LitElement {
  static override styles = [themeStyles, timelineStyles];

  /** Annotation JSON (or an `AnnotationCollection`); video tracks and subtitles are shown. */
  @property({ attribute: false }) annotations: unknown = null;
  /** Number of frames of the video. */
  @property({ type: Number, attribute: 'frame-count' }) frameCount = 1;
  /** Frames per second (times and subtitle frames). */
  @property({ type: Number }) fps = 25;
  /** The frame shown. Setting it fires nothing. */
  @property({ type: Number, attribute: 'current-frame' }) currentFrame = 0;
  /** Whether the video plays (the play button's state). */
  @property({ type: Boolean }) playing = false;
  /** Keys of the selected tracks (`o:<objectId>`...). Setting it fires nothing. */
  @property({ attribute: false }) selected: readonly string[] = [];
  /** Ontology JSON for label colours. */
  @property({ attribute: false }) ontology: unknown = null;
  /** Hides the key-frame actions. */
  @property({ type: Boolean }) readonly = false;
  /** `light`, `dark` or `auto`. */
  @property({ reflect: true }) theme?: ThemeMode;
  /** A viewer to follow (frames, playback) and to drive (seek, play) — `<dl-item-viewer>` fits. */
  @property({ attribute: false }) viewer: TimelineViewer | null = null;

  @state() private active = 0;
  @state() private activeSub = 0;
  @state() private rulerWidth = 0;

  private tracks: TimelineTrack[] = [];
  private subtitles: TimelineSubtitle[] = [];
  private colors = new Map<string, string>();
  private scrubbing: { pointerId: number; el: Element } | null = null;
  private detach?: () => void;
  private resizeObserver?: ResizeObserver;

  constructor() {
    super();
    new StringsController(this, timelineStrings);
  }

  /** The rows shown (tracks grouped by objectId), in order. */
  get trackRows(): readonly TimelineTrack[] {
    return this.tracks;
  }

  private get last(): number {
    return Math.max(0, Math.round(this.frameCount) - 1);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('annotations') || changed.has('fps')) {
      const a = this.annotations as { toJsonList?: () => unknown[] } | unknown[] | null;
      const list = Array.isArray(a) ? a : a && typeof a.toJsonList === 'function' ? a.toJsonList() : [];
      ({ tracks: this.tracks, subtitles: this.subtitles } = timelineRows(list, this.fps));
      this.active = Math.min(this.active, Math.max(0, this.tracks.length - 1));
    }
    if (changed.has('ontology')) this.colors = labelColorMap(this.ontology);
    if (changed.has('viewer')) this.attachViewer();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.detach?.();
    this.detach = undefined;
    this.resizeObserver?.disconnect();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.viewer && !this.detach) this.attachViewer();
    const ruler = this.renderRoot?.querySelector?.('.ruler');
    if (ruler) this.resizeObserver?.observe(ruler);
  }

  private attachViewer(): void {
    this.detach?.();
    this.detach = undefined;
    const v = this.viewer;
    if (!v) return;
    const sync = () => {
      if (!v.isVideo) return;
      this.frameCount = v.frameCount;
      this.fps = v.frameRate;
      this.currentFrame = v.currentFrame;
      this.playing = v.playing;
    };
    v.addEventListener('dl-item-load', sync);
    v.addEventListener('dl-frame-change', sync);
    this.detach = () => {
      v.removeEventListener('dl-item-load', sync);
      v.removeEventListener('dl-frame-change', sync);
    };
    sync();
  }

  // ---- user actions -> events ------------------------------------------------------------------

  private clamp(f: number): number {
    return Math.min(this.last, Math.max(0, Math.round(f)));
  }

  /** The user asks for frame `f`: shows it here at once, fires `dl-seek`, seeks the viewer. */
  private seek(f: number): void {
    const frame = this.clamp(f);
    if (frame === this.currentFrame && !this.playing) return;
    this.currentFrame = frame;
    const ok = this.dispatchEvent(new DlSeekEvent({ frame }));
    if (ok && this.viewer) void this.viewer.seekFrame(frame, true);
  }

  private step(n: number): void {
    this.seek(this.currentFrame + n);
  }

  private togglePlay(): void {
    const playing = !this.playing;
    const ok = this.dispatchEvent(new DlPlayChangeEvent({ playing }));
    if (!ok) return;
    this.playing = playing;
    if (this.viewer) {
      if (playing) void this.viewer.play();
      else this.viewer.pause();
    }
  }

  private ref(t: TimelineTrack): TrackRef {
    return {
      key: t.key,
      objectId: t.objectId,
      annotationIds: t.segments.map((s) => s.annotationId),
      indexes: t.segments.map((s) => s.index),
    };
  }

  private select(keys: string[]): void {
    this.selected = keys;
    const refs = this.tracks.filter((t) => keys.includes(t.key)).map((t) => this.ref(t));
    this.dispatchEvent(new DlTrackSelectEvent({ tracks: refs }));
  }

  private selectRow(i: number, add: boolean): void {
    const t = this.tracks[i];
    if (!t) return;
    this.active = i;
    if (!add) this.select([t.key]);
    else if (this.selected.includes(t.key)) this.select(this.selected.filter((k) => k !== t.key));
    else this.select([...this.selected, t.key]);
  }

  /** The track key-frame actions apply to: the active row if selected, else the first selected. */
  private target(): TimelineTrack | undefined {
    const act = this.tracks[this.active];
    if (act && this.selected.includes(act.key)) return act;
    return this.tracks.find((t) => this.selected.includes(t.key)) ?? act;
  }

  private can(action: KeyframeAction, t = this.target()): boolean {
    if (!t || this.readonly) return false;
    const f = this.currentFrame;
    const seg = segmentAt(t, f);
    const keys = trackKeyFrames(t);
    switch (action) {
      case 'insert':
        return !keys.includes(f);
      case 'delete':
        return keys.includes(f);
      case 'copy-next':
        return !!seg && f < this.last;
      case 'hide':
      case 'show': {
        if (!seg || f <= seg.start) return false;
        const hidden = seg.hidden.some(([a, b]) => f >= a && f <= b);
        return action === 'hide' ? !hidden : hidden;
      }
      case 'end':
      case 'split':
        return !!seg && f > seg.start;
      case 'merge':
        return this.selected.length === 2;
    }
  }

  private act(action: KeyframeAction): void {
    const t = this.target();
    if (!t || !this.can(action, t)) return;
    let other: TrackRef | undefined;
    if (action === 'merge') {
      const o = this.tracks.find((x) => this.selected.includes(x.key) && x.key !== t.key);
      if (!o) return;
      other = this.ref(o);
    }
    this.dispatchEvent(
      new DlKeyframeActionEvent({ action, frame: this.currentFrame, track: this.ref(t), ...(other ? { other } : {}) }),
    );
  }

  private jumpKey(dir: 1 | -1): void {
    const t = this.tracks[this.active];
    if (!t) return;
    const keys = trackKeyFrames(t);
    const f = this.currentFrame;
    const k = dir > 0 ? keys.find((x) => x > f) : [...keys].reverse().find((x) => x < f);
    if (k !== undefined) this.seek(k);
  }

  // ---- input ------------------------------------------------------------------------------------

  private onKey = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || e.altKey || e.metaKey) return;
    const target = e.composedPath()[0] as HTMLElement;
    const inList = target.getAttribute?.('role') === 'listbox' && target.classList.contains('tracks');
    const inSubs = target.classList?.contains('subs');
    const onSlider = target.getAttribute?.('role') === 'slider';
    let handled = true;
    const k = e.key;
    if ((k === ',' || k === '<') && !e.ctrlKey) this.step(e.shiftKey || k === '<' ? -10 : -1);
    else if ((k === '.' || k === '>') && !e.ctrlKey) this.step(e.shiftKey || k === '>' ? 10 : 1);
    else if ((k === 'k' || k === 'K') && !e.ctrlKey) this.togglePlay();
    else if (onSlider) handled = this.sliderKey(e);
    else if (inList) handled = this.listKey(e);
    else if (inSubs) handled = this.subsKey(e);
    else handled = false;
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  private sliderKey(e: KeyboardEvent): boolean {
    const big = e.shiftKey ? 10 : 1;
    const second = Math.max(1, Math.round(this.fps));
    switch (e.key) {
      case 'ArrowLeft':
      case 'ArrowDown':
        this.step(-big);
        return true;
      case 'ArrowRight':
      case 'ArrowUp':
        this.step(big);
        return true;
      case 'PageDown':
        this.step(-second);
        return true;
      case 'PageUp':
        this.step(second);
        return true;
      case 'Home':
        this.seek(0);
        return true;
      case 'End':
        this.seek(this.last);
        return true;
    }
    return false;
  }

  private listKey(e: KeyboardEvent): boolean {
    const n = this.tracks.length;
    if (!n) return false;
    switch (e.key) {
      case 'ArrowDown':
        this.active = Math.min(n - 1, this.active + 1);
        break;
      case 'ArrowUp':
        this.active = Math.max(0, this.active - 1);
        break;
      case 'Home':
        this.active = 0;
        break;
      case 'End':
        this.active = n - 1;
        break;
      case 'Enter':
      case ' ':
        this.selectRow(this.active, e.ctrlKey);
        break;
      case '[':
        this.jumpKey(-1);
        break;
      case ']':
        this.jumpKey(1);
        break;
      case 'Delete':
      case 'Backspace':
        this.act('delete');
        break;
      default: {
        const map: Record<string, KeyframeAction> = { i: 'insert', c: 'copy-next', e: 'end', s: 'split', m: 'merge' };
        const key = e.key.toLowerCase();
        if (e.ctrlKey) return false;
        if (key === 'h') {
          const t = this.target();
          this.act(t && this.can('show', t) ? 'show' : 'hide');
        } else if (map[key]) this.act(map[key]);
        else return false;
      }
    }
    this.scrollActiveIntoView();
    return true;
  }

  private subsKey(e: KeyboardEvent): boolean {
    const n = this.subtitles.length;
    if (!n) return false;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') this.activeSub = Math.min(n - 1, this.activeSub + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') this.activeSub = Math.max(0, this.activeSub - 1);
    else if (e.key === 'Home') this.activeSub = 0;
    else if (e.key === 'End') this.activeSub = n - 1;
    else if (e.key === 'Enter' || e.key === ' ') this.seek(this.subtitles[this.activeSub]!.start);
    else return false;
    return true;
  }

  private scrollActiveIntoView(): void {
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector(`#track-${this.active}`)?.scrollIntoView({ block: 'nearest' }),
    );
  }

  /** Frame under client x, from the ruler's box (every lane shares its x range). */
  private frameAt(clientX: number): number {
    const r = this.renderRoot.querySelector('.ruler')!.getBoundingClientRect();
    const x = Math.min(r.width - 0.001, Math.max(0, clientX - r.left));
    return this.clamp(Math.floor((x / Math.max(1, r.width)) * (this.last + 1)));
  }

  private onScrubStart = (e: PointerEvent): void => {
    if (e.button !== 0) return;
    const el = e.currentTarget as Element;
    const sub = (e.target as Element).closest?.('.sub');
    if (sub) {
      // A subtitle: go to its start.
      this.activeSub = Number(sub.id.slice(4));
      this.seek(this.subtitles[this.activeSub]!.start);
      e.preventDefault();
      return;
    }
    const row = (e.target as Element).closest?.('[data-row]');
    if (row) this.selectRow(Number(row.getAttribute('data-row')), e.ctrlKey || e.metaKey);
    this.scrubbing = { pointerId: e.pointerId, el };
    el.setPointerCapture(e.pointerId);
    this.seek(this.frameAt(e.clientX));
    e.preventDefault();
  };

  private onScrubMove = (e: PointerEvent): void => {
    if (this.scrubbing?.pointerId !== e.pointerId) return;
    this.seek(this.frameAt(e.clientX));
  };

  private onScrubEnd = (e: PointerEvent): void => {
    if (this.scrubbing?.pointerId !== e.pointerId) return;
    this.scrubbing.el.releasePointerCapture?.(e.pointerId);
    this.scrubbing = null;
  };

  // ---- rendering --------------------------------------------------------------------------------

  private pct(f: number): string {
    return `${(f / (this.last + 1)) * 100}%`;
  }

  private color(label: string): string {
    return this.colors.get(label) ?? fallbackColor(label);
  }

  private trackName(t: TimelineTrack): string {
    return t.objectId !== null
      ? msg('timeline.track', { objectId: t.objectId, label: t.label })
      : msg('timeline.trackNoId', { label: t.label });
  }

  private renderRows(): TemplateResult {
    const sel = new Set(this.selected);
    return html`${this.tracks.map((t, i) => {
      const keys = trackKeyFrames(t);
      const summary = msg('timeline.trackSummary', { start: t.start, end: t.end, keys: keys.length });
      return html`<div
        part="track"
        class="row track ${sel.has(t.key) ? 'selected' : ''} ${i === this.active ? 'active' : ''}"
        id="track-${i}"
        data-row=${i}
        role="option"
        aria-selected=${sel.has(t.key) ? 'true' : 'false'}
        aria-label="${this.trackName(t)}, ${summary}"
      >
        <div class="head" part="track-label" title=${this.trackName(t)} @click=${(e: MouseEvent) => this.selectRow(i, e.ctrlKey || e.metaKey)}>
          <span class="swatch" style=${styleMap({ background: this.color(t.label) })}></span>
          <span class="name">${t.objectId !== null ? html`<span class="oid">#${t.objectId}</span> ` : nothing}${t.label}</span>
        </div>
        <div class="lane" @pointerdown=${this.onScrubStart} @pointermove=${this.onScrubMove} @pointerup=${this.onScrubEnd} @pointercancel=${this.onScrubEnd}>
          ${t.segments.map(
            (s) => html`<div
                part="segment"
                class="seg"
                style=${styleMap({ left: this.pct(s.start), width: this.pct(s.end - s.start + 1), '--c': this.color(t.label) })}
              ></div>
              ${s.hidden.map(
                ([a, b]) =>
                  html`<div
                    part="hidden"
                    class="hid"
                    title=${msg('timeline.hidden', { from: a, to: b })}
                    style=${styleMap({ left: this.pct(a), width: this.pct(b - a + 1) })}
                  ></div>`,
              )}`,
          )}
          ${keys.map(
            (k) =>
              html`<div part="keyframe" class="key" title=${msg('timeline.keyFrame', { frame: k })} style=${styleMap({ left: this.pct(k + 0.5) })}></div>`,
          )}
        </div>
      </div>`;
    })}`;
  }

  private renderSubtitles(): TemplateResult | typeof nothing {
    if (!this.subtitles.length) return nothing;
    return html`<div class="row subs-row">
      <div class="head" part="track-label">${msg('timeline.subtitles')}</div>
      <div
        part="subtitles"
        class="lane subs"
        role="listbox"
        tabindex="0"
        aria-label=${msg('timeline.subtitles')}
        aria-activedescendant="sub-${this.activeSub}"
        @pointerdown=${this.onScrubStart}
        @pointermove=${this.onScrubMove}
        @pointerup=${this.onScrubEnd}
        @pointercancel=${this.onScrubEnd}
      >
        ${this.subtitles.map(
          (s, i) => html`<div
            part="subtitle"
            class="sub ${i === this.activeSub ? 'active' : ''}"
            id="sub-${i}"
            role="option"
            aria-selected=${i === this.activeSub ? 'true' : 'false'}
            title=${s.text}
            style=${styleMap({ left: this.pct(s.start), width: this.pct(s.end - s.start + 1) })}
          >${s.text}</div>`,
        )}
      </div>
    </div>`;
  }

  private renderTicks(): TemplateResult {
    const width = this.rulerWidth || 600;
    const step = tickStep(this.last + 1, this.fps, width);
    const ticks: number[] = [];
    for (let f = 0; f <= this.last; f += step) ticks.push(f);
    return html`${ticks.map((f) => html`<span class="tick" style=${styleMap({ left: this.pct(f) })}>${f}</span>`)}`;
  }

  private actionButton(action: KeyframeAction, key: string, icon: MediaIcon): TemplateResult {
    const label = msg(key);
    return html`<button part="button" class="action" data-action=${action} aria-label=${label} title=${label} ?disabled=${!this.can(action)} @click=${() => this.act(action)}>${mediaIcon(icon)}</button>`;
  }

  protected override render() {
    const f = this.clamp(this.currentFrame);
    const time = formatTime(f, this.fps);
    const target = this.target();
    const hiddenHere = target ? this.can('show', target) : false;
    return html`<div part="base" class="base" role="group" aria-label=${msg('timeline.label')} aria-describedby="help" @keydown=${this.onKey}>
      <span id="help" class="dl-visually-hidden">${msg('timeline.help')}</span>
      <div part="toolbar" class="toolbar">
        <button part="button" class="play" aria-label=${this.playing ? msg('timeline.pause') : msg('timeline.play')} title=${this.playing ? msg('timeline.pause') : msg('timeline.play')} @click=${() => this.togglePlay()}>${mediaIcon(this.playing ? 'pause' : 'play')}</button>
        <button part="button" class="prev" aria-label=${msg('timeline.prevFrame')} title=${msg('timeline.prevFrame')} @click=${() => this.step(-1)}>${mediaIcon('prev')}</button>
        <button part="button" class="next" aria-label=${msg('timeline.nextFrame')} title=${msg('timeline.nextFrame')} @click=${() => this.step(1)}>${mediaIcon('next')}</button>
        <span part="time" class="time">${msg('timeline.frameTime', { frame: f, last: this.last, time })}</span>
        <span class="spacer"></span>
        ${
          this.readonly
            ? nothing
            : html`<div part="actions" class="actions" role="toolbar" aria-label=${msg('timeline.actions')}>
              ${this.actionButton('insert', 'timeline.insert', 'insert')}
              ${this.actionButton('delete', 'timeline.delete', 'delete')}
              ${this.actionButton('copy-next', 'timeline.copyNext', 'copy-next')}
              ${hiddenHere ? this.actionButton('show', 'timeline.show', 'show') : this.actionButton('hide', 'timeline.hide', 'hide')}
              ${this.actionButton('end', 'timeline.end', 'end')}
              ${this.actionButton('split', 'timeline.split', 'split')}
              ${this.actionButton('merge', 'timeline.merge', 'merge')}
            </div>`
        }
      </div>
      <div class="body" style=${styleMap({ '--p': String((f + 0.5) / (this.last + 1)) })}>
        <div class="row ruler-row">
          <div class="head"></div>
          <div
            part="ruler"
            class="ruler"
            role="slider"
            tabindex="0"
            aria-label=${msg('timeline.scrubber')}
            aria-valuemin="0"
            aria-valuemax=${this.last}
            aria-valuenow=${f}
            aria-valuetext=${msg('timeline.frameValue', { frame: f, last: this.last, time })}
            @pointerdown=${this.onScrubStart}
            @pointermove=${this.onScrubMove}
            @pointerup=${this.onScrubEnd}
            @pointercancel=${this.onScrubEnd}
          >${guard([this.frameCount, this.fps, this.rulerWidth], () => this.renderTicks())}</div>
        </div>
        <div
          part="tracks"
          class="tracks"
          role="listbox"
          tabindex="0"
          aria-label=${msg('timeline.tracks')}
          aria-multiselectable="true"
          aria-activedescendant=${this.tracks.length ? `track-${this.active}` : nothing}
        >
          ${guard([this.tracks, this.selected, this.frameCount, this.colors, this.active], () => this.renderRows())}
          ${this.tracks.length ? nothing : html`<div class="empty">${msg('timeline.noTracks')}</div>`}
        </div>
        ${guard([this.subtitles, this.activeSub, this.frameCount], () => this.renderSubtitles())}
        <div part="playhead" class="playhead" aria-hidden="true"></div>
      </div>
    </div>`;
  }

  protected override firstUpdated(): void {
    const ruler = this.renderRoot.querySelector('.ruler') as HTMLElement;
    this.resizeObserver = new ResizeObserver(() => (this.rulerWidth = ruler.clientWidth));
    this.resizeObserver.observe(ruler);
  }
}
