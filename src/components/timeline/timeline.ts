import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { styleMap } from 'lit/directives/style-map.js';
import { themeStyles, type ThemeMode } from '../theme/theme.js';
import { msg } from '../strings.js';
import { StringsController } from '../strings-controller.js';
import { fallbackColor, labelColorMap } from '../internal/label-colors.js';
import { ontologyLabels } from '../label-picker/ontology-labels.js';
import { timelineStyles } from './timeline.styles.js';
import { withKey } from '../internal/key-spec.js';
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
import { formatTime } from '../internal/media-time.js';
import {
  segmentAt,
  timelineRows,
  trackKeyFrames,
  type TimelineSubtitle,
  type TimelineTrack,
} from './timeline-model.js';
import { clampFrame, frameAtX, lastFrame } from './timeline-scale.js';
import { mergeRefusalText } from '../merge-refusal-text.js';
import { actedSegment, keyframeActionAllowed, mergeRefusalAt, trackReadError } from './keyframe-rules.js';
import { TimelineInput } from './timeline-input.js';
import { subtitleRowTemplate, ticksTemplate, trackName, trackRowsTemplate } from './timeline-rows.js';

/** A tooltip closed with Esc opens again once the pointer or the focus leaves its button. */
function reopenTip(e: Event): void {
  (e.currentTarget as Element).removeAttribute('data-tip-closed');
}

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
 * (objectId) with its key frames (diamonds), hidden ranges (`objectVisible: false`, hatched),
 * interpolated ranges (a dashed line) and frames a tracker wrote (a solid line),
 * and the subtitles on a row of their own. Properties in, events out: it never changes the
 * annotations; the host applies `dl-keyframe-action` (e.g. with `applyKeyframeAction`) and sets
 * `annotations` again. Given a `viewer`, it follows its frames and seeks/plays it.
 *
 * Keyboard (focus anywhere in it): `,` / `.` one frame, with Shift ten; `k` play/pause. On the
 * ruler (a slider): arrows (Shift: ten), PageUp/PageDown (one second), Home/End. In the track list:
 * ArrowUp/ArrowDown move, Enter/Space select (Ctrl adds), `[` / `]` previous/next key frame,
 * `i` key frame here, Delete remove it, `c` copy to the next frame, `o` (or `h`) out of view / back
 * in view from here, `e` end here, `s` split here, `m` merge the two selected tracks (each also with
 * Shift, the annotation layer's keys for the same actions). Every button names its key in its
 * accessible name and in a tooltip shown on hover and on keyboard focus; with room, the key-frame
 * actions also show a short text. Rows are named as the layer names the object (`Car #1`, `objectName`).
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
 * @csspart track-unreadable - On a track the entities cannot read (its edits refused): why, over its lane.
 * @csspart segment - The span of one annotation of a track.
 * @csspart hidden - A range where the object is hidden.
 * @csspart tracked - A range of frames a tracker wrote (stored, not key frames, not interpolation).
 * @csspart interpolated - A range of frames interpolated between two visible key frames.
 * @csspart keyframe - A key frame marker.
 * @csspart subtitles - The subtitle row.
 * @csspart subtitle - One subtitle.
 * @cssprop --dl-timeline-label-width - Width of the row names (default 9rem).
 * @cssprop --dl-timeline-max-height - Height after which the track list scrolls (default 14rem).
 * @cssprop --dl-timeline-min-height - Height the track list keeps however few its tracks (default 0,
 *   at most the max height): a host that reserves it keeps its layout still as tracks are added.
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
  /** Keys of the selected tracks (`o:<objectId>`...). Setting it fires nothing; a newly selected row scrolls whole into the track list. */
  @property({ attribute: false }) selected: readonly string[] = [];
  /** Ontology JSON for label colours. */
  @property({ attribute: false }) ontology: unknown = null;
  /** Hides the key-frame actions. */
  @property({ type: Boolean }) readonly = false;
  /**
   * The page gives `I` another meaning (a review's Reject): the key-frame button names no key, and
   * `i` on the track list is left to the page.
   */
  @property({ type: Boolean, attribute: 'insert-key-taken' }) insertKeyTaken = false;
  /** `light`, `dark` or `auto`. */
  @property({ reflect: true }) theme?: ThemeMode;
  /** A viewer to follow (frames, playback) and to drive (seek, play) — `<dl-item-viewer>` fits. */
  @property({ attribute: false }) viewer: TimelineViewer | null = null;

  @state() private active = 0;
  @state() private activeSub = 0;
  @state() private rulerWidth = 0;
  /** What the last key-frame action did, for the live region (`Key frame added at 45`). */
  @state() private announcement = '';

  private tracks: TimelineTrack[] = [];
  private subtitles: TimelineSubtitle[] = [];
  /** The annotation JSON the rows were made of (a segment's `index` is into it). */
  private list: readonly unknown[] = [];
  /**
   * Why the entities cannot read a track, by its key (tracks they read are not in it). Only for a
   * JSON array: an `AnnotationCollection` holds only what they read.
   */
  private unreadable: ReadonlyMap<string, string> = new Map();
  /** Each annotation's read verdict (null: read), by its JSON object, at this `fps`. */
  private readMemo = new WeakMap<object, string | null>();
  /** The last {@link refusal} asked: its two annotations (JSON objects) and answer. */
  private refusalMemo: { a: unknown; b: unknown; fps: number; r: ReturnType<typeof mergeRefusalAt> } | null = null;
  private colors = new Map<string, string>();
  /** Display names of the ontology's labels by tag (rows read `Car #1`, as the layer names the object). */
  private names = new Map<string, string>();
  private detach?: () => void;
  private resizeObserver?: ResizeObserver;

  /** Keys and scrubbing, turned into the calls below. */
  private readonly input = new TimelineInput({
    trackCount: () => this.tracks.length,
    subtitleStarts: () => this.subtitles.map((s) => s.start),
    active: () => this.active,
    setActive: (i) => (this.active = i),
    activeSub: () => this.activeSub,
    setActiveSub: (i) => (this.activeSub = i),
    fps: () => this.fps,
    last: () => this.last,
    frameAt: (clientX) =>
      frameAtX(clientX, this.renderRoot.querySelector('.ruler')!.getBoundingClientRect(), this.last),
    seek: (f) => this.seek(f),
    step: (n) => this.step(n),
    togglePlay: () => this.togglePlay(),
    selectRow: (i, add) => this.selectRow(i, add),
    jumpKey: (dir) => this.jumpKey(dir),
    can: (action) => this.can(action),
    keyFree: (action) => action !== 'insert' || !this.insertKeyTaken,
    act: (action) => this.act(action),
    revealActive: () => void this.updateComplete.then(() => this.revealRow(this.active)),
  });

  /** Re-renders on `setStrings`; its `version` keys the guarded row templates, which hold strings too. */
  private readonly strings: StringsController;

  constructor() {
    super();
    this.strings = new StringsController(this, timelineStrings);
  }

  /**
   * Esc closes the tooltip shown (of the button hovered or focused) without moving the pointer or
   * the focus (WCAG 1.4.13); it opens again once the pointer or focus leaves that button. Listened
   * to on the window (capture) so it works while the keyboard is elsewhere; the key goes on to the
   * page unless the focus is on that very button.
   */
  private readonly onEscape = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape') return;
    const open = [...this.renderRoot.querySelectorAll('button')].find(
      (b) => !b.hasAttribute('data-tip-closed') && (b.matches(':hover') || b.matches(':focus-visible')),
    );
    if (!open) return;
    open.setAttribute('data-tip-closed', '');
    if (e.composedPath()[0] === open) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  /** The rows shown (tracks grouped by objectId), in order. */
  get trackRows(): readonly TimelineTrack[] {
    return this.tracks;
  }

  private get last(): number {
    return lastFrame(this.frameCount);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('annotations') || changed.has('fps')) {
      const a = this.annotations as { toJsonList?: () => unknown[] } | unknown[] | null;
      const list = Array.isArray(a) ? a : a && typeof a.toJsonList === 'function' ? a.toJsonList() : [];
      this.list = list;
      this.refusalMemo = null;
      ({ tracks: this.tracks, subtitles: this.subtitles } = timelineRows(list, this.fps));
      // Tracks the entities cannot read (the host refuses their edits): each row says so and why.
      // A collection was read by them (it holds only what they read; its toJsonList makes new objects
      // on every update, so a check there would read every annotation again each time): no check.
      if (changed.has('fps')) this.readMemo = new WeakMap();
      const video = { item: null, fps: this.fps, frameCount: this.frameCount };
      const unreadable = new Map<string, string>();
      if (Array.isArray(a))
        for (const t of this.tracks) {
          const why = trackReadError(t, list, video, this.readMemo);
          if (why !== undefined) unreadable.set(t.key, why);
        }
      this.unreadable = unreadable;
      this.active = Math.min(this.active, Math.max(0, this.tracks.length - 1));
    }
    if (changed.has('ontology')) {
      this.colors = labelColorMap(this.ontology);
      this.names = new Map(ontologyLabels(this.ontology).map((l) => [l.tag, l.displayLabel]));
    }
    if (changed.has('viewer')) this.attachViewer();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onEscape, true);
    this.detach?.();
    this.detach = undefined;
    this.resizeObserver?.disconnect();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onEscape, true);
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

  /** The user asks for frame `f`: shows it here at once, fires `dl-seek`, seeks the viewer. */
  private seek(f: number): void {
    const frame = clampFrame(f, this.last);
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
    return keyframeActionAllowed(action, {
      track: t,
      frame: this.currentFrame,
      last: this.last,
      selectedCount: this.selected.length,
      ...(action === 'merge' ? { refusal: this.refusal(t) } : {}),
      unreadable: this.unreadableWhy(action, t) !== undefined,
      readonly: this.readonly,
    });
  }

  /**
   * Why `action` cannot edit track `t` (or, for a merge, the other selected track) because the
   * entities cannot read it (the host would refuse), in the row's words; undefined when they can.
   */
  private unreadableWhy(action: KeyframeAction, t = this.target()): string | undefined {
    if (!this.unreadable.size || !t) return undefined;
    const why =
      this.unreadable.get(t.key) ??
      (action === 'merge' ? this.unreadable.get(this.otherSelected(t)?.key ?? '') : undefined);
    return why === undefined ? undefined : msg('timeline.unreadable', { reason: why });
  }

  /**
   * Why the model refuses to merge the two selected tracks (the annotations a merge at the frame
   * shown would take), or undefined: `mergeRefusalAt`. Remembered for the last pair, so a render per
   * frame while playing does not read the tracks again.
   */
  private refusal(t = this.target()): ReturnType<typeof mergeRefusalAt> {
    const o = this.otherSelected(t);
    if (!t || !o) return undefined;
    const f = this.currentFrame;
    const [a, b] = [actedSegment(t, f), actedSegment(o, f)].map((s) => s && this.list[s.index]);
    const m = this.refusalMemo;
    if (m && m.a === a && m.b === b && m.fps === this.fps) return m.r;
    const r = mergeRefusalAt(t, o, f, this.list, { item: null, fps: this.fps, frameCount: this.frameCount });
    this.refusalMemo = { a, b, fps: this.fps, r };
    return r;
  }

  /** The other of two selected tracks (the one merge would take into `t`). */
  private otherSelected(t: TimelineTrack | undefined): TimelineTrack | undefined {
    if (!t || this.selected.length !== 2) return undefined;
    return this.tracks.find((x) => this.selected.includes(x.key) && x.key !== t.key);
  }

  /** Why Merge is refused (another label or shape, or seen on one frame), in the layer's words, or undefined. */
  private mergeRefusal(t = this.target()): string | undefined {
    const r = this.refusal(t);
    return r && mergeRefusalText(r, (tag) => this.names.get(tag) ?? tag);
  }

  private act(action: KeyframeAction): void {
    const t = this.target();
    if (!t) return;
    if (!this.can(action, t)) {
      // A merge the model refuses (two labels or shapes, two tracks seen on one frame): say why (the key gives no other sign), never 'merged'.
      const why = this.unreadableWhy(action, t) ?? (action === 'merge' ? this.mergeRefusal(t) : undefined);
      if (why) this.announce(why);
      return;
    }
    let other: TrackRef | undefined;
    if (action === 'merge') {
      const o = this.tracks.find((x) => this.selected.includes(x.key) && x.key !== t.key);
      if (!o) return;
      other = this.ref(o);
    }
    const frame = this.currentFrame;
    const resume = action === 'show' && this.endedHere(t);
    this.dispatchEvent(
      new DlKeyframeActionEvent({ action, frame, track: this.ref(t), last: this.last, ...(other ? { other } : {}) }),
    );
    // Say what happened (the key, or a button, gives no other sign to a screen reader); re-set even
    // when equal so it is repeated.
    const name = (x: TimelineTrack) => trackName(x, (tag) => this.names.get(tag) ?? tag);
    const o = other && this.tracks.find((x) => x.key === other.key);
    this.announce(
      msg(`timeline.did.${resume ? 'resume' : action}`, {
        name: name(t),
        frame,
        next: frame + 1,
        other: o ? name(o) : '',
      }),
    );
  }

  /**
   * Track `t` is out of view here because it ended (Shift+E: its segment here ends at or before
   * the frame, out of view): `show` resumes it then, and its button says so.
   */
  private endedHere(t = this.target()): boolean {
    if (!t || !this.can('show', t)) return false;
    const seg = segmentAt(t, this.currentFrame);
    return !!seg && seg.end <= this.currentFrame && seg.end < this.last;
  }

  private announce(text: string): void {
    this.announcement = '';
    queueMicrotask(() => (this.announcement = text));
  }

  /** The key frame of track `t` before (-1) or after (1) the frame shown, if any. */
  private keyAt(dir: 1 | -1, t: TimelineTrack | undefined): number | undefined {
    if (!t) return undefined;
    const keys = trackKeyFrames(t);
    const f = this.currentFrame;
    return dir > 0 ? keys.find((x) => x > f) : [...keys].reverse().find((x) => x < f);
  }

  /**
   * Seeks track `t`'s previous or next key frame: the keys (`[` `]` in the list) jump on the active
   * row, the buttons on the track the actions apply to (the selected one).
   */
  private jumpKey(dir: 1 | -1, t = this.tracks[this.active]): void {
    const k = this.keyAt(dir, t);
    if (k !== undefined) this.seek(k);
  }

  // ---- rendering --------------------------------------------------------------------------------

  private color(label: string): string {
    return this.colors.get(label) ?? fallbackColor(label);
  }

  /**
   * A toolbar button: its icon, its name (with its key) as the accessible name and as a tooltip shown
   * on hover and on keyboard focus alike (a `title` shows to mouse users only, and late), and an
   * optional short text shown when the timeline is wide enough (timeline.styles.ts).
   */
  private button(
    cls: string,
    name: string,
    icon: MediaIcon,
    onClick: () => void,
    opts: { short?: string; disabled?: boolean; action?: KeyframeAction } = {},
  ) {
    const disabled = opts.disabled ?? false;
    // aria-disabled, not disabled: the button stays focusable, so a keyboard user reaches its name
    // and tooltip (and learns the key) where it does not apply; a click on it does nothing.
    return html`<button part="button" class=${cls} data-action=${opts.action ?? nothing} aria-label=${name} aria-disabled=${disabled ? 'true' : nothing} @click=${() => {
      if (!disabled) onClick();
    }} @pointerleave=${reopenTip} @focusout=${reopenTip}>${mediaIcon(icon)}${
      opts.short ? html`<span class="text" aria-hidden="true">${opts.short}</span>` : nothing
    }<span class="tip" aria-hidden="true">${name}</span></button>`;
  }

  private actionButton(action: KeyframeAction, key: string, icon: MediaIcon) {
    let name = action === 'insert' && this.insertKeyTaken ? msg(`${key}.noKey`) : msg(key);
    // Disabled with its reason in its name and tooltip: the track cannot be read, or merge is refused.
    const why = this.unreadableWhy(action) ?? (action === 'merge' ? this.mergeRefusal() : undefined);
    if (why) name = `${name}. ${why}`;
    return this.button('action', name, icon, () => this.act(action), {
      action,
      short: msg(`${key}.short`),
      disabled: !this.can(action),
    });
  }

  protected override render() {
    const f = clampFrame(this.currentFrame, this.last);
    const time = formatTime(f, this.fps);
    const target = this.target();
    const hiddenHere = target ? this.can('show', target) : false;
    const { onScrubStart, onScrubMove, onScrubEnd } = this.input;
    const lane = { onScrubStart, onScrubMove, onScrubEnd };
    return html`<div part="base" class="base" role="group" aria-label=${msg('timeline.label')} aria-describedby="help" @keydown=${this.input.onKey}>
      <span id="help" class="dl-visually-hidden">${msg(this.insertKeyTaken ? 'timeline.help.noKey' : 'timeline.help')}</span>
      <span class="dl-visually-hidden" role="status" aria-live="polite" data-announce>${this.announcement}</span>
      <div part="toolbar" class="toolbar">
        ${this.button('play', withKey(this.playing ? msg('timeline.pause') : msg('timeline.play'), ['K']), this.playing ? 'pause' : 'play', () => this.togglePlay())}
        ${this.button('prev', msg('timeline.prevFrame'), 'prev', () => this.step(-1))}
        ${this.button('next', msg('timeline.nextFrame'), 'next', () => this.step(1))}
        ${this.button('prev-key', msg('timeline.prevKey'), 'prev-key', () => this.jumpKey(-1, target), { disabled: this.keyAt(-1, target) === undefined })}
        ${this.button('next-key', msg('timeline.nextKey'), 'next-key', () => this.jumpKey(1, target), { disabled: this.keyAt(1, target) === undefined })}
        <span part="time" class="time">${msg('timeline.frameTime', { frame: f, last: this.last, time })}</span>
        <span class="spacer"></span>
        ${
          this.readonly
            ? nothing
            : html`<div part="actions" class="actions" role="toolbar" aria-label=${msg('timeline.actions')}>
              ${this.actionButton('insert', 'timeline.insert', 'insert')}
              ${this.actionButton('delete', 'timeline.delete', 'delete')}
              ${this.actionButton('copy-next', 'timeline.copyNext', 'copy-next')}
              ${hiddenHere ? this.actionButton('show', this.endedHere(target) ? 'timeline.resume' : 'timeline.show', 'show') : this.actionButton('hide', 'timeline.hide', 'hide')}
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
            @pointerdown=${onScrubStart}
            @pointermove=${onScrubMove}
            @pointerup=${onScrubEnd}
            @pointercancel=${onScrubEnd}
          >${guard([this.frameCount, this.fps, this.rulerWidth], () => ticksTemplate(this.last, this.fps, this.rulerWidth || 600))}</div>
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
          ${guard(
            [
              this.tracks,
              this.unreadable,
              this.selected,
              this.frameCount,
              this.colors,
              this.names,
              this.active,
              this.strings.version,
            ],
            () =>
              trackRowsTemplate({
                ...lane,
                tracks: this.tracks,
                unreadable: this.unreadable,
                selected: this.selected,
                active: this.active,
                last: this.last,
                color: (label) => this.color(label),
                displayName: (tag) => this.names.get(tag) ?? tag,
                onSelectRow: (i, add) => this.selectRow(i, add),
              }),
          )}
          ${this.tracks.length ? nothing : html`<div class="empty">${msg('timeline.noTracks')}</div>`}
        </div>
        ${guard([this.subtitles, this.activeSub, this.frameCount, this.strings.version], () =>
          subtitleRowTemplate({ ...lane, subtitles: this.subtitles, active: this.activeSub, last: this.last }),
        )}
        <div part="playhead" class="playhead" aria-hidden="true"></div>
      </div>
    </div>`;
  }

  /** Keys newly selected whose rows did not exist yet (a host that sets `annotations` after `selected`). */
  private pendingReveal: readonly string[] = [];

  /**
   * A track newly selected from outside (its box picked on the picture, a row of the object list)
   * comes into the track list's view: a host that caps the list low (the demo's video page: about
   * three rows at 700 px high) would otherwise leave the selected track's row scrolled away. A key
   * with no row yet (a newly drawn or restored track whose annotations the host sets a moment later)
   * is revealed when its row comes, unless the selection changed meanwhile.
   */
  protected override updated(changed: PropertyValues): void {
    if (changed.has('selected')) {
      const before = (changed.get('selected') as readonly string[] | undefined) ?? [];
      this.pendingReveal = this.selected.filter((k) => !before.includes(k));
    } else if (!this.pendingReveal.length || !changed.has('annotations')) return;
    const keys = this.pendingReveal;
    const i = this.tracks.findIndex((t) => keys.includes(t.key));
    if (i < 0) return;
    this.pendingReveal = [];
    this.revealRow(i);
  }

  /** Scrolls row `i` whole into the track list when it is not: only the list, never the page (as scrollIntoView would). */
  private revealRow(i: number): void {
    const list = this.renderRoot.querySelector<HTMLElement>('.tracks');
    const row = this.renderRoot.querySelector<HTMLElement>(`#track-${i}`);
    if (!list || !row) return;
    const l = list.getBoundingClientRect();
    const r = row.getBoundingClientRect();
    if (r.top < l.top + list.clientTop) list.scrollTop -= l.top + list.clientTop - r.top;
    else if (r.bottom > l.top + list.clientTop + list.clientHeight)
      list.scrollTop += r.bottom - (l.top + list.clientTop + list.clientHeight);
  }

  protected override firstUpdated(): void {
    const ruler = this.renderRoot.querySelector('.ruler') as HTMLElement;
    this.resizeObserver = new ResizeObserver(() => (this.rulerWidth = ruler.clientWidth));
    this.resizeObserver.observe(ruler);
  }
}
