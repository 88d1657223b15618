// The layer's keys on a video: key-frame actions on the selected tracks at the shown frame and the
// tracker. keymap.ts adds these rows to THE key table (group `video`); each applies only on a video
// with a track selected (else the key goes on to the viewer and the page). Letters that the tools
// and the viewer (K play, `,` `.` frames) use alone take Shift here.
import type { Commands } from './commands.js';
import type { TrackForward } from './track-forward.js';

/** What the video keys act on. */
export interface VideoKeyContext {
  readonly commit: Commands;
  readonly tracker: TrackForward;
}

/** One video shortcut. */
export interface VideoKey {
  /** Stable id; `annotationLayer.key.<id>` is its (translatable) description. */
  id: string;
  /** The keys as users read them (`Shift+E`); the first is the one tooltips show. */
  keys: readonly string[];
  /** English description. */
  what: string;
  /** The action; false when it does not apply now. */
  run(k: VideoKeyContext): boolean;
}

/** The video keys, in help order. */
export const VIDEO_KEYS: readonly VideoKey[] = [
  { id: 'keyFrame', keys: ['I'], what: 'Key frame here (the shape shown)', run: (k) => k.commit.track('insert') },
  {
    id: 'deleteKeyFrame',
    keys: ['Shift+Delete', 'Shift+Backspace'],
    what: 'Delete the key frame shown',
    run: (k) => k.commit.track('delete'),
  },
  {
    id: 'copyNext',
    keys: ['Shift+C'],
    what: 'Copy the shape to the next frame and go there',
    run: (k) => k.commit.track('copy-next'),
  },
  {
    id: 'endTrack',
    keys: ['Shift+E'],
    what: 'The object leaves here (end the track)',
    run: (k) => k.commit.track('end'),
  },
  {
    id: 'toggleVisible',
    keys: ['Shift+O'],
    what: 'Out of view from here (objectVisible false); again: back in view (an ended track: resume it)',
    run: (k) => k.commit.toggleVisible(),
  },
  { id: 'splitTrack', keys: ['Shift+S'], what: 'Split the track here', run: (k) => k.commit.track('split') },
  {
    id: 'mergeTracks',
    keys: ['Shift+M'],
    what: 'Merge the two selected tracks',
    run: (k) => k.commit.mergeSelection(),
  },
  {
    id: 'trackForward',
    keys: ['Shift+T'],
    what: 'Track the selected box forward the chosen number of frames (Esc cancels)',
    run: (k) => {
      if (k.tracker.running) return false;
      void k.tracker.run();
      return true;
    },
  },
];
