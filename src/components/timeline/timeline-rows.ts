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
import { framePercent, tickFrames } from './timeline-scale.js';

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

/** One row (role option) per track: its name and its lane of segments, hidden ranges and key frames. */
export function trackRowsTemplate(p: TrackRowsInput): TemplateResult {
  const sel = new Set(p.selected);
  const pct = (f: number) => framePercent(f, p.last);
  return html`${p.tracks.map((t, i) => {
    const keys = trackKeyFrames(t);
    const summary = msg('timeline.trackSummary', { start: t.start, end: t.end, keys: keys.length });
    const name = trackName(t, p.displayName);
    return html`<div
        part="track"
        class="row track ${sel.has(t.key) ? 'selected' : ''} ${i === p.active ? 'active' : ''}"
        id="track-${i}"
        data-row=${i}
        role="option"
        aria-selected=${sel.has(t.key) ? 'true' : 'false'}
        aria-label="${name}, ${summary}"
      >
        <div class="head" part="track-label" title=${name} @click=${(e: MouseEvent) => p.onSelectRow(i, e.ctrlKey || e.metaKey)}>
          <span class="swatch" style=${styleMap({ background: p.color(t.label) })}></span>
          <span class="name">${name}</span>
        </div>
        <div class="lane" @pointerdown=${p.onScrubStart} @pointermove=${p.onScrubMove} @pointerup=${p.onScrubEnd} @pointercancel=${p.onScrubEnd}>
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
