// The item page's video parts: <dl-timeline> under the viewer, following and driving it, showing the
// layer's tracks, and applying key-frame actions with the entities' track methods. Every change goes
// to the outbox like the layer's own edits.
import { AnnotationCollection } from 'dl-kit';
import {
  applyKeyframeAction,
  type DlAnnotationLayer,
  type DlItemViewer,
  type DlKeyframeActionEvent,
  type DlTimeline,
  type DlTrackSelectEvent,
  trackKey,
} from 'dl-kit/components';
import { client } from './session.js';
import { errorText, toJson } from './json.js';

// biome-ignore lint/suspicious/noExplicitAny: annotation and item JSON as the REST API returns it.
type Json = Record<string, any>;

/** True for a video item (its stored mimetype). */
export function isVideoItem(item: Json | null): boolean {
  return String(item?.metadata?.system?.mimetype ?? '').startsWith('video/');
}

const keyOf = (a: Json): string | undefined => a.id ?? a.metadata?.system?.clientId;

/**
 * Wires a timeline to the viewer and the layer of the item page. `attach` again after a re-render
 * replaced an element; `detach` when the page goes.
 */
export class VideoTracks {
  private parts: { viewer: DlItemViewer; layer: DlAnnotationLayer; timeline: DlTimeline } | null = null;
  private seq = 0;

  constructor(
    private readonly ids: () => { itemId: string; datasetId: string; item: Json | null },
    private readonly onError: (message: string) => void,
  ) {}

  attach(viewer: DlItemViewer, layer: DlAnnotationLayer, timeline: DlTimeline): void {
    const p = this.parts;
    if (p && p.viewer === viewer && p.layer === layer && p.timeline === timeline) return;
    this.detach();
    this.parts = { viewer, layer, timeline };
    timeline.viewer = viewer;
    timeline.annotations = layer.annotations;
    for (const t of ['dl-annotation-create', 'dl-annotation-update', 'dl-annotation-delete'])
      layer.addEventListener(t, this.refresh);
    timeline.addEventListener('dl-keyframe-action', this.onAction);
    layer.addEventListener('dl-selection-change', this.layerSelected);
    timeline.addEventListener('dl-track-select', this.tracksSelected);
    this.layerSelected();
  }

  detach(): void {
    const p = this.parts;
    if (!p) return;
    for (const t of ['dl-annotation-create', 'dl-annotation-update', 'dl-annotation-delete'])
      p.layer.removeEventListener(t, this.refresh);
    p.timeline.removeEventListener('dl-keyframe-action', this.onAction);
    p.layer.removeEventListener('dl-selection-change', this.layerSelected);
    p.timeline.removeEventListener('dl-track-select', this.tracksSelected);
    p.timeline.viewer = null;
    this.parts = null;
  }

  /**
   * Adds new annotations made outside the layer (subtitles from a VTT file): into the layer and the
   * timeline, then to the outbox, which saves them. Each carries a `clientId`. False when no video is shown.
   */
  async add(annotations: Json[]): Promise<boolean> {
    const p = this.parts;
    if (!p) return false;
    const { itemId, datasetId } = this.ids();
    const made = annotations.map((a) => ({ ...a, itemId, datasetId }));
    const after = [...(p.layer.annotations as Json[]), ...made];
    p.layer.annotations = after as never;
    p.timeline.annotations = after;
    try {
      for (const a of made) await client().outbox.create(itemId, datasetId, a);
    } catch (err) {
      this.onError(errorText(err));
    }
    return true;
  }

  /** The layer changed an annotation: the timeline shows the layer's list (after it has applied the edit). */
  private refresh = (): void => {
    const p = this.parts;
    if (p) queueMicrotask(() => (p.timeline.annotations = p.layer.annotations));
  };

  /**
   * The selection is one: the shapes selected on the picture select their tracks' rows, so the
   * timeline's key-frame buttons act on the box the user sees selected. Before, the rows stayed
   * unselected and the buttons acted on the timeline's first row (another object) without a word.
   */
  private layerSelected = (): void => {
    const p = this.parts;
    if (!p) return;
    const keys = new Set<string>();
    for (const a of p.layer.selected as Json[]) {
      const k = trackKey(a);
      if (k) keys.add(k);
    }
    p.timeline.selected = [...keys];
  };

  /** Rows selected on the timeline select their annotations on the picture (the shown frame's). */
  private tracksSelected = (e: DlTrackSelectEvent): void => {
    const p = this.parts;
    if (!p) return;
    const list = p.timeline.annotations as Json[];
    const ids: string[] = [];
    for (const t of e.detail.tracks)
      for (const i of t.indexes) {
        const k = list[i] ? keyOf(list[i]) : undefined;
        if (k) ids.push(k);
      }
    p.layer.select(ids);
  };

  private onAction = async (e: DlKeyframeActionEvent): Promise<void> => {
    const p = this.parts;
    if (!p) return;
    const { itemId, datasetId, item } = this.ids();
    const before = p.layer.annotations as Json[];
    const collection = AnnotationCollection.fromJson(before, { item: item as never });
    let result: ReturnType<typeof applyKeyframeAction>;
    try {
      result = applyKeyframeAction(collection, e.detail);
    } catch (err) {
      this.onError(errorText(err));
      return;
    }
    // A new track (a split) needs a clientId so the layer and the outbox can name it before it has an id.
    for (const a of result.created) {
      const sys = (a.metadata['system'] ??= {}) as Json;
      sys['clientId'] = `dlkit-split-${Date.now().toString(36)}-${++this.seq}`;
    }
    const after = collection.toJsonList() as Json[];
    p.layer.annotations = after as never;
    p.timeline.annotations = after;
    const outbox = client().outbox;
    const where = { itemId, datasetId };
    try {
      for (const a of result.updated) {
        const next = toJson<Json>(a);
        const prev = before.find((b) => keyOf(b) === keyOf(next));
        if (prev) await outbox.update(next, prev, where);
      }
      for (const a of result.created) await outbox.create(itemId, datasetId, toJson<Json>(a));
      for (const a of result.removed) {
        const j = toJson<Json>(a);
        await outbox.delete({ id: j.id ?? undefined, clientId: j.metadata?.system?.clientId, ...where });
      }
    } catch (err) {
      this.onError(errorText(err));
    }
  };
}
