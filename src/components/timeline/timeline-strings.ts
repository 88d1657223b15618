import { defineStrings, type MessageParams } from '../strings.js';

/** Default messages of <dl-timeline> (translate with `setStrings`). */
export const timelineStrings = defineStrings({
  'timeline.label': 'Timeline',
  'timeline.play': 'Play',
  'timeline.pause': 'Pause',
  'timeline.prevFrame': 'Previous frame (,)',
  'timeline.nextFrame': 'Next frame (.)',
  'timeline.scrubber': 'Frame',
  'timeline.frameValue': 'Frame {frame} of {last}, {time}',
  'timeline.frameTime': 'Frame {frame} / {last} · {time}',
  'timeline.tracks': 'Tracks',
  'timeline.noTracks': 'No tracks on this video',
  'timeline.trackSummary': (p: MessageParams) =>
    `frames ${p.start}–${p.end}, ${p.keys} key frame${Number(p.keys) === 1 ? '' : 's'}`,
  // A track whose JSON the entities cannot read (the host refuses its edits): `{reason}` is their error.
  'timeline.unreadable': 'cannot be read, not editable: {reason}',
  'timeline.keyFrame': 'Key frame {frame}',
  'timeline.hidden': 'Hidden {from}–{to}',
  'timeline.tracked': (p: MessageParams) =>
    p.from === p.to ? `Tracked frame ${p.from}` : `Tracked frames ${p.from}–${p.to}`,
  'timeline.interpolated': (p: MessageParams) =>
    p.from === p.to ? `Interpolated frame ${p.from}` : `Interpolated frames ${p.from}–${p.to}`,
  'timeline.subtitles': 'Subtitles',
  'timeline.actions': 'Key frame actions',
  // A button's name states the key that does the same (on the timeline's track list, and with
  // Shift on the annotation layer's picture: the same letters); its short text shows when there is room.
  'timeline.insert': 'Key frame here (I)',
  'timeline.delete': 'Delete key frame (Shift+Delete)',
  'timeline.copyNext': 'Copy to next frame (Shift+C)',
  'timeline.hide': 'Out of view from here (Shift+O)',
  'timeline.show': 'Back in view from here (Shift+O)',
  // The same button at an ended track's end frame (Shift+E): it continues the track from there.
  'timeline.resume': 'Resume track here (Shift+O)',
  'timeline.end': 'End track here (Shift+E)',
  'timeline.split': 'Split track here (Shift+S)',
  'timeline.merge': 'Merge selected tracks (Shift+M)',
  // Why Merge is off: `merge.refused.*` (merge-refusal-text.ts), the layer's words too.
  // The same, where the page gives `I` another meaning (`insert-key-taken`: a review's Reject).
  'timeline.insert.noKey': 'Key frame here',
  'timeline.insert.short': 'Add key',
  'timeline.delete.short': 'Delete key',
  'timeline.copyNext.short': 'Copy',
  'timeline.hide.short': 'Out of view',
  'timeline.show.short': 'In view',
  'timeline.resume.short': 'Resume',
  'timeline.end.short': 'End',
  'timeline.split.short': 'Split',
  'timeline.merge.short': 'Merge',
  // Said (live region) after a key-frame action: `{name}` is the track's (`Car #1`), `{frame}` the frame shown.
  'timeline.did.insert': '{name}: key frame added at {frame}',
  'timeline.did.delete': '{name}: key frame at {frame} deleted',
  'timeline.did.copy-next': '{name} copied to frame {next}',
  'timeline.did.hide': '{name} out of view from {frame}',
  'timeline.did.show': '{name} back in view from {frame}',
  'timeline.did.resume': '{name} resumed from {frame}',
  'timeline.did.end': '{name} ends at {frame}',
  'timeline.did.split': '{name} split at {frame}',
  'timeline.did.merge': '{name} and {other} merged',
  'timeline.prevKey': 'Previous key frame ([)',
  'timeline.nextKey': 'Next key frame (])',
  'timeline.help':
    'Comma and period step one frame, with Shift ten; K plays and pauses. In the track list: arrows move, Enter selects, Ctrl+Enter adds to the selection, brackets jump to the previous or next key frame, I makes a key frame; Delete, C, O, E, S and M (Shift optional) delete a key frame, copy to the next frame, toggle out of view, end, split and merge.',
  // `timeline.help` with `insert-key-taken` (the host owns I; the button still makes a key frame).
  'timeline.help.noKey':
    'Comma and period step one frame, with Shift ten; K plays and pauses. In the track list: arrows move, Enter selects, Ctrl+Enter adds to the selection, brackets jump to the previous or next key frame; Delete, C, O, E, S and M (Shift optional) delete a key frame, copy to the next frame, toggle out of view, end, split and merge.',
});
