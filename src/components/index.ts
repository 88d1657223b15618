export { DlItemViewer, defineItemViewer } from './item-viewer/define.js';
export {
  DlItemLoadEvent,
  DlItemErrorEvent,
  DlViewChangeEvent,
  DlFrameChangeEvent,
  type ItemLoadDetail,
  type ItemErrorDetail,
  type ItemErrorCode,
  type ViewChangeDetail,
  type FrameChangeDetail,
} from './item-viewer/item-viewer-events.js';
export type { DlItemViewerClient } from './item-viewer/item-viewer.js';
export type { DlView } from './internal/view.js';
// Theme, strings, event base (shared by every component).
export {
  themeStyles,
  themeTokens,
  registerThemeProperties,
  type ThemeMode,
  type ThemeToken,
  type ThemeTokenName,
} from './theme/theme.js';
export {
  msg,
  setStrings,
  resetStrings,
  defineStrings,
  subscribeStrings,
  defaultStrings,
  type DlStringKey,
  type Message,
  type MessageParams,
} from './strings.js';
export { StringsController } from './strings-controller.js';
export { objectName } from './object-name.js';
export { DlEvent, emit, cloneJson } from './events.js';
// <dl-label-picker>, <dl-attribute-editor>, <dl-task-board>.
export { DlLabelPicker, defineLabelPicker } from './label-picker/define.js';
export { DlLabelSelectEvent, type LabelSelectDetail } from './label-picker/label-select-event.js';
export { ontologyLabels, defaultDisplayLabel, type LabelEntry } from './label-picker/ontology-labels.js';
export { DlAttributeEditor, defineAttributeEditor } from './attribute-editor/define.js';
export { DlAttributesChangeEvent, type AttributesChangeDetail } from './attribute-editor/attributes-change-event.js';
export {
  readAttributeDefinitions,
  inScope,
  hasValue,
  type AttributeDefinition,
  type AttributeDefinitions,
} from './attribute-editor/attribute-definitions.js';
export { DlTaskBoard, defineTaskBoard } from './task-board/define.js';
export { NO_STATUS, SENT_BACK } from './task-board/task-board.js';
export {
  DlItemOpenEvent,
  DlItemStatusChangeEvent,
  type ItemOpenDetail,
  type ItemStatusChangeDetail,
} from './task-board/task-board-events.js';
export {
  jsonSource,
  itemStatusIn,
  countOpenIssues,
  countSentBack,
  sentBackIn,
  itemReviewState,
  isSentBackOrOpen,
  effectiveStatusLog,
  itemRefs,
  withItemStatus,
  assignmentTaskId,
  type TaskBoardSource,
  type TaskBoardData,
  type ItemsQuery,
  type ItemsPage,
  type StatusChange,
  type TaskJson,
  type AssignmentJson,
  type ItemJson,
} from './task-board/task-board-source.js';
export {
  clientSource,
  openIssueCounts,
  sentBackCounts,
  isTaskBoardClient,
  type TaskBoardClient,
  type PagedLike,
} from './task-board/client-source.js';
export { statsFromJson, progressPercent, type StatusStats } from './task-board/task-stats.js';
export { statusName, statusColor, type TaskAction } from './task-board/task-board-views.js';
export { DlAnnotationLayer, defineAnnotationLayer } from './annotation-layer/define.js';
export {
  DlAnnotationCreateEvent,
  DlAnnotationUpdateEvent,
  DlAnnotationDeleteEvent,
  DlSelectionChangeEvent,
  type AnnotationDetail,
  type AnnotationUpdateDetail,
  type SelectionChangeDetail,
} from './annotation-layer/annotation-layer-events.js';
export type { LayerTool } from './annotation-layer/interact/tools/registry.js';
export { DlTimeline, defineTimeline } from './timeline/define.js';
export type { TimelineViewer } from './timeline/timeline.js';
export {
  DlSeekEvent,
  DlPlayChangeEvent,
  DlTrackSelectEvent,
  DlKeyframeActionEvent,
  type SeekDetail,
  type PlayChangeDetail,
  type TrackSelectDetail,
  type KeyframeActionDetail,
  type KeyframeAction,
  type TrackRef,
} from './timeline/timeline-events.js';
export { applyKeyframeAction, trackAnnotationAt, type KeyframeActionResult } from './timeline/keyframe-actions.js';
export {
  timelineRows,
  trackKey,
  type TimelineTrack,
  type TimelineSegment,
  type TimelineSubtitle,
} from './timeline/timeline-model.js';
export type { VideoDecoderChoice, PlaybackStats, DecodedVideoFrame } from './item-viewer/video-source.js';
export { annotationShortcuts, type ShortcutGroup, type Shortcut } from './annotation-layer/shortcuts.js';
export { viewerShortcuts } from './item-viewer/viewer-keys.js';
