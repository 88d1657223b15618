import { defineStrings } from '../strings.js';

/** Default messages of <dl-annotation-layer> on a video (translate with `setStrings`). */
export const layerVideoStrings = defineStrings({
  'annotationLayer.trackEditFailed': 'Cannot edit this track: {message}',
  'annotationLayer.noTrackSelected': 'Select a track first',
  'annotationLayer.mergeNeedsTwo': 'Select two tracks to merge',
  // Why two tracks do not merge: `merge.refused.*` (merge-refusal-text.ts), shared with <dl-timeline>.
  'annotationLayer.track.insert': 'Key frame at frame {frame}',
  'annotationLayer.track.delete': 'Key frame {frame} deleted',
  'annotationLayer.track.copy-next': 'Copied to frame {frame}',
  'annotationLayer.track.end': 'Track ends at frame {frame}',
  'annotationLayer.track.hide': 'Hidden from frame {frame}',
  'annotationLayer.track.show': 'Shown from frame {frame}',
  'annotationLayer.track.resume': 'Resumed from frame {frame}',
  'annotationLayer.track.split': 'Track split at frame {frame}',
  'annotationLayer.track.merge': 'Tracks merged',
  // `[` / `]` on a video (away from the brush): where they went, or why they stayed.
  'annotationLayer.keyFrame.prev': 'Previous key frame: {frame}',
  'annotationLayer.keyFrame.next': 'Next key frame: {frame}',
  'annotationLayer.keyFrame.prevNone': 'No previous key frame',
  'annotationLayer.keyFrame.nextNone': 'No next key frame',
  'annotationLayer.tracking': 'Tracking: frame {done} of {total} (Esc cancels)',
  'annotationLayer.trackingDecode': 'Reading frames: {done} of {total} (Esc cancels)',
  'annotationLayer.trackingLabel': 'Tracking',
  'annotationLayer.trackingCancel': 'Cancel',
  'annotationLayer.tracked': (p) => `Tracked ${p.count} frame${Number(p.count) === 1 ? '' : 's'}`,
  'annotationLayer.trackedRange': (p) =>
    `Tracked ${p.count} frame${Number(p.count) === 1 ? '' : 's'} (${p.from === p.to ? p.from : `${p.from}–${p.to}`})`,
  'annotationLayer.trackLost': (p) =>
    `Stopped at frame ${p.frame}: object lost. Tracked ${p.count} frame${Number(p.count) === 1 ? '' : 's'} (${p.from === p.to ? p.from : `${p.from}–${p.to}`})`,
  'annotationLayer.trackLostAtOnce': 'Stopped at frame {frame}: object lost. Nothing tracked',
  'annotationLayer.trackCancelled': 'Tracking cancelled: the track is unchanged',
  'annotationLayer.trackingClose': 'Close',
  'annotationLayer.trackFailed': 'Tracking failed: {message}',
  'annotationLayer.trackNeedsBox': 'Select one box track to track',
  'annotationLayer.videoTrack': 'Video track',
  'annotationLayer.outOfView': 'Out of view from here',
  'annotationLayer.backInView': 'Back in view from here',
  // The same toggle at an ended track's end frame: it continues the track from there.
  'annotationLayer.resumeTrack': 'Resume track here',
  'annotationLayer.trackFrames': 'Frames to track',
  'annotationLayer.trackForward': 'Track forward {count} frames',
  'annotationLayer.trackGo': 'Track forward',
});
