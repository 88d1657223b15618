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
  'timeline.track': 'Object {objectId} · {label}',
  'timeline.trackNoId': '{label}',
  'timeline.trackSummary': (p: MessageParams) =>
    `frames ${p.start}–${p.end}, ${p.keys} key frame${Number(p.keys) === 1 ? '' : 's'}`,
  'timeline.keyFrame': 'Key frame {frame}',
  'timeline.hidden': 'Hidden {from}–{to}',
  'timeline.tracked': (p: MessageParams) =>
    p.from === p.to ? `Tracked frame ${p.from}` : `Tracked frames ${p.from}–${p.to}`,
  'timeline.subtitles': 'Subtitles',
  'timeline.actions': 'Key frame actions',
  'timeline.insert': 'Key frame here (I)',
  'timeline.delete': 'Delete key frame (Delete)',
  'timeline.copyNext': 'Copy to next frame (C)',
  'timeline.hide': 'Hide from here (H)',
  'timeline.show': 'Show from here (H)',
  'timeline.end': 'End track here (E)',
  'timeline.split': 'Split here (S)',
  'timeline.merge': 'Merge selected (M)',
  'timeline.prevKey': 'Previous key frame ([)',
  'timeline.nextKey': 'Next key frame (])',
  'timeline.help':
    'Comma and period step one frame, with Shift ten; K plays and pauses. In the track list: arrows move, Enter selects, Ctrl+Enter adds to the selection, brackets jump between key frames, I, Delete, C, H, E, S and M edit key frames.',
});
