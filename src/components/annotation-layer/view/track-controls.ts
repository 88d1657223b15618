// The selected track's video controls in the side panel: "out of view from here" / "back in view"
// (the Shift+O key: `objectVisible` from the shown frame on), and for a box track how many frames
// "track forward" follows (the layer's `trackFrames`, what Shift+T uses) with a button that runs it.
import { html, nothing } from 'lit';
import { trackStateAt, type TrackJsonLike } from '../../../entities/annotations/track-state.js';
import { withKey } from '../../internal/key-spec.js';
import { msg } from '../../strings.js';
import type { Commands } from '../interact/commands.js';
import { layerKeysOf } from '../interact/keymap.js';
import type { TrackForward } from '../interact/track-forward.js';
import type { LayerStore } from '../model/layer-store.js';
import { endedAt, isTrack, type VideoContext } from '../model/video-edit.js';

/** What the track controls show and call. */
export interface TrackControlsInput {
  commit: Commands;
  tracker: TrackForward;
  /** The selected track is out of view at the shown frame. */
  hiddenHere: boolean;
  /**
   * It is out of view here because it ended (Shift+E: its last frame, out of view, at or before
   * this one): the toggle resumes it here rather than bringing it "back in view".
   */
  endedHere?: boolean;
  /** The selected track is a box (the tracker follows boxes). */
  box: boolean;
  /** Frames "track forward" follows. */
  frames: number;
  /** Most frames there are to follow (to the clip's end). */
  maxFrames: number;
  setFrames(n: number): void;
}

/** The track controls template. */
export function renderTrackControls(t: TrackControlsInput) {
  // At an ended track's end frame the toggle is no visibility switch to the eye: it un-ends the
  // track (walk 35: "Back in view from here" there read like one). Same key, one undo step.
  const visibility = t.hiddenHere
    ? msg(t.endedHere ? 'annotationLayer.resumeTrack' : 'annotationLayer.backInView')
    : msg('annotationLayer.outOfView');
  const setFrames = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const n = Math.round(Number(input.value));
    if (Number.isFinite(n) && n >= 1) t.setFrames(Math.min(n, Math.max(1, t.maxFrames)));
    else input.value = String(t.frames);
  };
  return html`<div class="actions track-controls" role="group" aria-label=${msg('annotationLayer.videoTrack')}>
    <button type="button" data-action="toggle-visible" aria-pressed=${t.hiddenHere}
      title=${withKey(visibility, layerKeysOf('toggleVisible'))} @click=${() => t.commit.toggleVisible()}>${visibility}</button>
    ${
      t.box
        ? // One row: the field and the button it sets, as CVAT's compact track controls (the
          // button's title and description say the count: "Track forward 30 frames (Shift+T)").
          html`<div class="track-row">
            <label class="setting">
              <span>${msg('annotationLayer.trackFrames')}</span>
              <input type="number" inputmode="numeric" min="1" max=${Math.max(1, t.maxFrames)} step="1" data-setting="track-frames"
                .value=${String(t.frames)} @change=${setFrames} />
            </label>
            <button type="button" data-action="track-forward" ?disabled=${t.tracker.running}
              title=${withKey(msg('annotationLayer.trackForward', { count: t.frames }), layerKeysOf('trackForward'))}
              @click=${() => void t.tracker.run()}>${msg('annotationLayer.trackGo')}</button>
          </div>`
        : nothing
    }
  </div>`;
}

/** The controls of the one selected track at the shown frame, or nothing (no video, not one track). */
export function selectedTrackControls(x: {
  store: LayerStore;
  commit: Commands;
  tracker: TrackForward;
  video: VideoContext | null;
  frames: number;
  setFrames(n: number): void;
}) {
  const frame = x.store.shapes.frame;
  const sel = [...x.store.selection];
  const a = sel.length === 1 ? x.store.annotations.get(sel[0]!) : undefined;
  if (!x.video || frame === null || !a || !isTrack(a)) return nothing;
  const hiddenHere = trackStateAt(a as unknown as TrackJsonLike, frame)?.objectVisible === false;
  return renderTrackControls({
    commit: x.commit,
    tracker: x.tracker,
    hiddenHere,
    endedHere: hiddenHere && endedAt(a as unknown as TrackJsonLike, frame, x.video.frameCount),
    box: a.type === 'box',
    frames: x.frames,
    maxFrames: x.video.frameCount - 1 - frame,
    setFrames: x.setFrames,
  });
}
