import { DlEvent } from '../events.js';

/** `detail` of `dl-seek`. */
export interface SeekDetail {
  /** The frame the user asked for (clamped to the video). */
  readonly frame: number;
}

/** Fired by `<dl-timeline>` when the user scrubs, steps or jumps to a frame. The host seeks the viewer. */
export class DlSeekEvent extends DlEvent<SeekDetail> {
  static readonly type = 'dl-seek';
  constructor(detail: SeekDetail) {
    super(DlSeekEvent.type, detail, { cancelable: true });
  }
}

/** `detail` of `dl-play-change`. */
export interface PlayChangeDetail {
  /** What the user asked for: `true` = play, `false` = pause. */
  readonly playing: boolean;
}

/** Fired by `<dl-timeline>` when the user presses play or pause. The host plays or pauses the viewer. */
export class DlPlayChangeEvent extends DlEvent<PlayChangeDetail> {
  static readonly type = 'dl-play-change';
  constructor(detail: PlayChangeDetail) {
    super(DlPlayChangeEvent.type, detail, { cancelable: true });
  }
}

/** A track as events name it. */
export interface TrackRef {
  /** The row key (`o:<objectId>`, `a:<annotation id>` or `i:<index>`). */
  readonly key: string;
  readonly objectId: string | null;
  /** Ids of the track's annotations (null for one not saved yet). */
  readonly annotationIds: ReadonlyArray<string | null>;
  /** Indexes of the track's annotations in the `annotations` the timeline was given. */
  readonly indexes: readonly number[];
}

/** `detail` of `dl-track-select`. */
export interface TrackSelectDetail {
  /** The selected tracks, in row order (empty = none). */
  readonly tracks: readonly TrackRef[];
}

/** Fired by `<dl-timeline>` when the user selects tracks (click, Enter/Space, Ctrl to add). */
export class DlTrackSelectEvent extends DlEvent<TrackSelectDetail> {
  static readonly type = 'dl-track-select';
  constructor(detail: TrackSelectDetail) {
    super(DlTrackSelectEvent.type, detail);
  }
}

/**
 * What the user asked to do to a track at a frame:
 * `insert` make the frame a key frame (what it shows), `delete` remove the key frame there,
 * `copy-next` copy the shape to the next frame, `hide` / `show` the object from the frame on,
 * `end` the object leaves at the frame, `split` the track at the frame, `merge` the track with `other`.
 */
export type KeyframeAction = 'insert' | 'delete' | 'copy-next' | 'hide' | 'show' | 'end' | 'split' | 'merge';

/** `detail` of `dl-keyframe-action`. */
export interface KeyframeActionDetail {
  readonly action: KeyframeAction;
  readonly frame: number;
  readonly track: TrackRef;
  /** `merge` only: the track merged into `track`. */
  readonly other?: TrackRef;
  /**
   * The video's last frame: `show` at an ended track's end frame (its last frame, out of view)
   * resumes the track there, to this frame (`applyKeyframeAction`).
   */
  readonly last?: number;
}

/**
 * Fired by `<dl-timeline>` for a key-frame action on a track. The timeline changes nothing
 * itself: the host applies it to its annotations (e.g. with `applyKeyframeAction`) and sets them back.
 */
export class DlKeyframeActionEvent extends DlEvent<KeyframeActionDetail> {
  static readonly type = 'dl-keyframe-action';
  constructor(detail: KeyframeActionDetail) {
    super(DlKeyframeActionEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dl-seek': DlSeekEvent;
    'dl-play-change': DlPlayChangeEvent;
    'dl-track-select': DlTrackSelectEvent;
    'dl-keyframe-action': DlKeyframeActionEvent;
  }
}
