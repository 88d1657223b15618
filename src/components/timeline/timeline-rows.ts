/**
 * The timeline's lanes as templates of plain inputs: the ruler's ticks, one row per track
 * (name, segments, hidden ranges, interpolated and tracked frames, key-frame diamonds) and the subtitle row. They hold no state:
 * positions come from `timeline-scale.ts`, and pointer input goes to the handlers given.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { msg } from '../strings.js';
import { objectName } from '../object-name.js';
import { trackKeyFrames, type TimelineSubtitle, type TimelineTrack } from './timeline-model.js';
import { frameAtX, framePercent, tickFrames } from './timeline-scale.js';

/** Pointer handlers of a lane (scrubbing). */
export interface LaneHandlers {
  onScrubStart(e: PointerEvent): void;
  onScrubMove(e: PointerEvent): void;
  onScrubEnd(e: PointerEvent): void;
}

/**
 * A track's name, `Car #1` ({@link objectName} of its label's display name and its objectId), as the
 * annotation layer names the same object in its list and on the picture.
 */
export function trackName(t: TimelineTrack, displayName: (tag: string) => string = (tag) => tag): string {
  return objectName(displayName(t.label), t.objectId);
}

/** The ruler's tick labels for a lane `width` px wide. */
export function ticksTemplate(last: number, fps: number, width: number): TemplateResult {
  return html`${tickFrames(last, fps, width).map(
    (f) => html`<span class="tick" style=${styleMap({ left: framePercent(f, last) })}>${f}</span>`,
  )}`;
}

/** Inputs of {@link trackRowsTemplate}. */
export interface TrackRowsInput extends LaneHandlers {
  tracks: readonly TimelineTrack[];
  /** Why the entities cannot read a track, by its key (`trackReadError`): its row says so. */
  unreadable?: ReadonlyMap<string, string>;
  selected: readonly string[];
  /** Index of the active row. */
  active: number;
  last: number;
  /** Colour of a label. */
  color(label: string): string;
  /** Display name of a label tag (the ontology's). */
  displayName(tag: string): string;
  /** A click on a row's name: select row `i` (`add`: toggle it in the selection). */
  onSelectRow(i: number, add: boolean): void;
}

/** Half a key-frame diamond's width in px (the styles' `.key`, 9 px): a pointer this near is on it. */
const KEY_HALF_PX = 4.5;

/**
 * What a pointer at client x `clientX` on track `t`'s lane (box `lane`) points at, as the lane's
 * tooltip: `Car #1 · Key frame 30`, `Car #1 · Hidden 40–49`, `Car #1 · Tracked frames 5–14`,
 * `Car #1 · Interpolated frames 1–19` (the nearest first: a key frame's diamond, then tracked, hidden
 * and interpolated ranges); elsewhere `Car #1, frames 0–60, 5 key frames`. The diamonds and ranges
 * let pointer input through to the lane (its press seeks and selects, its drag scrubs), so their
 * own titles never show: the lane's title says what lies under the pointer instead.
 */
export function laneTip(
  t: TimelineTrack,
  name: string,
  clientX: number,
  lane: Pick<DOMRect, 'left' | 'width'>,
  last: number,
): string {
  const cell = lane.width / (last + 1);
  const x = clientX - lane.left;
  const key = trackKeyFrames(t).find((k) => Math.abs((k + 0.5) * cell - x) <= KEY_HALF_PX);
  if (key !== undefined) return `${name} · ${msg('timeline.keyFrame', { frame: key })}`;
  const f = frameAtX(clientX, lane, last);
  const within = (r: readonly (readonly [number, number])[]) => r.find(([a, b]) => f >= a && f <= b);
  for (const s of t.segments) {
    const trk = within(s.tracked);
    if (trk) return `${name} · ${msg('timeline.tracked', { from: trk[0], to: trk[1] })}`;
    const hid = within(s.hidden);
    if (hid) return `${name} · ${msg('timeline.hidden', { from: hid[0], to: hid[1] })}`;
    const itp = within(s.interpolated);
    if (itp) return `${name} · ${msg('timeline.interpolated', { from: itp[0], to: itp[1] })}`;
  }
  return `${name}, ${msg('timeline.trackSummary', { start: t.start, end: t.end, keys: trackKeyFrames(t).length })}`;
}

/** One row (role option) per track: its name and its lane of segments, hidden ranges and key frames. */
export function trackRowsTemplate(p: TrackRowsInput): TemplateResult {
  const sel = new Set(p.selected);
  const pct = (f: number) => framePercent(f, p.last);
  return html`${p.tracks.map((t, i) => {
    const keys = trackKeyFrames(t);
    const summary = msg('timeline.trackSummary', { start: t.start, end: t.end, keys: keys.length });
    const name = trackName(t, p.displayName);
    // A track the entities cannot read: the host refuses its edits, so the row says why, as text in
    // its lane over the segments (drawn faint) and in its accessible name.
    const why = p.unreadable?.get(t.key);
    const cannot = why === undefined ? '' : msg('timeline.unreadable', { reason: why });
    return html`<div
        part="track"
        class="row track ${sel.has(t.key) ? 'selected' : ''} ${i === p.active ? 'active' : ''} ${cannot ? 'unreadable' : ''}"
        id="track-${i}"
        data-row=${i}
        role="option"
        aria-selected=${sel.has(t.key) ? 'true' : 'false'}
        aria-label="${name}, ${cannot || summary}"
      >
        <div class="head" part="track-label" title=${name} @click=${(e: MouseEvent) => p.onSelectRow(i, e.ctrlKey || e.metaKey)}>
          <span class="swatch" style=${styleMap({ background: p.color(t.label) })}></span>
          <span class="name">${name}</span>
        </div>
        <div
          class="lane"
          title="${name}, ${cannot || summary}"
          @pointerdown=${p.onScrubStart}
          @pointermove=${(e: PointerEvent) => {
            const lane = e.currentTarget as HTMLElement;
            lane.title = cannot
              ? `${name}, ${cannot}`
              : laneTip(t, name, e.clientX, lane.getBoundingClientRect(), p.last);
            p.onScrubMove(e);
          }}
          @pointerup=${p.onScrubEnd}
          @pointercancel=${p.onScrubEnd}
        >
          ${t.segments.map(
            (s) => html`<div
                part="segment"
                class="seg"
                style=${styleMap({ left: pct(s.start), width: pct(s.end - s.start + 1), '--c': p.color(t.label) })}
              ></div>
              ${s.hidden.map(
                ([a, b]) =>
                  html`<div
                    part="hidden"
                    class="hid"
                    title=${msg('timeline.hidden', { from: a, to: b })}
                    style=${styleMap({ left: pct(a), width: pct(b - a + 1) })}
                  ></div>`,
              )}
              ${s.interpolated.map(
                ([a, b]) =>
                  html`<div
                    part="interpolated"
                    class="itp"
                    title=${msg('timeline.interpolated', { from: a, to: b })}
                    style=${styleMap({ left: pct(a), width: pct(b - a + 1), '--c': p.color(t.label) })}
                  ></div>`,
              )}
              ${s.tracked.map(
                ([a, b]) =>
                  html`<div
                    part="tracked"
                    class="trk"
                    title=${msg('timeline.tracked', { from: a, to: b })}
                    style=${styleMap({ left: pct(a), width: pct(b - a + 1), '--c': p.color(t.label) })}
                  ></div>`,
              )}`,
          )}
          ${keys.map(
            (k) =>
              html`<div part="keyframe" class="key" title=${msg('timeline.keyFrame', { frame: k })} style=${styleMap({ left: pct(k + 0.5) })}></div>`,
          )}
          ${cannot ? html`<div part="track-unreadable" class="why" aria-hidden="true">${cannot}</div>` : nothing}
        </div>
      </div>`;
  })}`;
}

/** Inputs of {@link subtitleRowTemplate}. */
export interface SubtitleRowInput extends LaneHandlers {
  subtitles: readonly TimelineSubtitle[];
  /** Index of the active subtitle. */
  active: number;
  last: number;
}

/**
 * The line of each subtitle (in order of start): the first line whose last subtitle ended before it
 * starts, so subtitles that overlap in time sit one above the other instead of over each other.
 */
export function subtitleLines(subtitles: readonly TimelineSubtitle[]): number[] {
  const ends: number[] = [];
  return subtitles.map((s) => {
    let line = ends.findIndex((end) => end < s.start);
    if (line < 0) line = ends.length;
    ends[line] = s.end;
    return line;
  });
}

/** The subtitle row (a listbox of subtitles at their frames), or nothing without subtitles. */
export function subtitleRowTemplate(p: SubtitleRowInput): TemplateResult | typeof nothing {
  if (!p.subtitles.length) return nothing;
  const pct = (f: number) => framePercent(f, p.last);
  // Each subtitle's line and the row's number of lines go to the stylesheet (--line, --lines).
  const lines = subtitleLines(p.subtitles);
  return html`<div class="row subs-row">
      <div class="head" part="track-label">${msg('timeline.subtitles')}</div>
      <div
        part="subtitles"
        class="lane subs"
        role="listbox"
        tabindex="0"
        aria-label=${msg('timeline.subtitles')}
        style=${styleMap({ '--lines': String(Math.max(...lines) + 1) })}
        aria-activedescendant="sub-${p.active}"
        @pointerdown=${p.onScrubStart}
        @pointermove=${p.onScrubMove}
        @pointerup=${p.onScrubEnd}
        @pointercancel=${p.onScrubEnd}
      >
        ${p.subtitles.map(
          (s, i) => html`<div
            part="subtitle"
            class="sub ${i === p.active ? 'active' : ''}"
            id="sub-${i}"
            role="option"
            aria-selected=${i === p.active ? 'true' : 'false'}
            title=${s.text}
            style=${styleMap({ left: pct(s.start), width: pct(s.end - s.start + 1), '--line': String(lines[i]) })}
          >${s.text}</div>`,
        )}
      </div>
    </div>`;
}
