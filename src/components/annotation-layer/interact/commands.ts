// The edits every tool, key and panel button commits: each is one undo step in the store (the
// element turns the store's changes into dl-annotation-* events), with the announcement a screen
// reader user needs. Geometry enters as shapes and leaves as Dataloop coordinates at the shown frame.
import { coordinatesFor, parseShape } from '../../../entities/annotations/shape-coordinates.js';
import { trackStateAt, type TrackJsonLike } from '../../../entities/annotations/track-state.js';
import type { Shape } from '../../../geometry/shapes/shape.js';
import { mergeRefusalText } from '../../merge-refusal-text.js';
import { msg } from '../../strings.js';
import { newAnnotationJson, withSystem, type AnnotationJson } from '../model/annotation-json.js';
import type { LayerStore } from '../model/layer-store.js';
import { hexToRgb } from '../../internal/label-colors.js';
import type { MaskPatch, StepAction } from '../model/annotation-store.js';
import { encodeMaskUrl } from '../model/mask-raster.js';
import { keepInside } from './inside.js';
import { PendingMasks } from './pending-masks.js';
import { isObjectType } from '../model/shape-index.js';
import {
  editAtFrame,
  endedAt,
  isTrack,
  keyFramesOfJson,
  mergeTracks,
  mergeRefusalOf,
  newTrackSystem,
  relabelTrack,
  trackAction,
  type TrackAction,
  type VideoContext,
} from '../model/video-edit.js';

/** What the commands need from the layer. */
export interface CommandsHost {
  /** The label of new annotations (null: `object`). */
  readonly label: string | null;
  readonly readonly: boolean;
  /** Makes `label` the label of new annotations. */
  setLabel(label: string): void;
  announce(text: string): void;
  /**
   * Announces `text` and shows it for a moment on the layer, as an undo's words are: why a key or a
   * drawing did nothing (no track selected, a merge refused, not a key frame, a shape not made for
   * want of a label) and what else a sighted user must see (a paste that changed labels). Only
   * announced, a sighted user saw no change at all (Shift+O after an Esc had dropped the selection:
   * the object stayed in view, silently). The tools' `ToolContext.notify` is this same call.
   */
  notify(text: string): void;
  /** The ontology's display name of a label tag (the tag when it has none). */
  displayName(tag: string): string;
  /** The word users know for an annotation type (`polygon` for `segment`, `mask` for `binary`...). */
  typeWord(type: string): string;
  /** A mask was re-encoded after a stroke (no undo step: the stroke's patch is it). */
  maskCommitted(next: AnnotationJson, previous: AnnotationJson): void;
  /** A mask shown before its PNG got it (see {@link PendingMasks}): its held-back creation. */
  maskCreated(key: string, annotation: AnnotationJson): void;
  /** The video shown (item, fps, frame count), or null for an image. */
  video(): VideoContext | null;
  /** Shows video frame `frame` (after copying a shape to the next frame). */
  showFrame(frame: number): void;
}

/** The layer's edit commands. */
export class Commands {
  private clientSeq = 0;
  /** Masks in the store whose PNG is still being encoded (their events wait for it). */
  readonly pending = new PendingMasks();

  constructor(
    private readonly store: LayerStore,
    private readonly host: CommandsHost,
  ) {}

  /**
   * Commits new geometry for shapes as one undo step (`mergeable`: nudges within 250 ms merge). On a
   * video, a track's edit makes the shown frame a key frame (see {@link Commands.atFrame}).
   */
  shapes(shapes: Map<string, Shape>, mergeable = false): void {
    const { shapes: index, annotations } = this.store;
    const edits: Array<{ key: string; after: AnnotationJson }> = [];
    for (const [key, s] of shapes) {
      const a = annotations.get(key);
      if (!a) continue;
      const shown = index.states.get(key)?.coordinates;
      const base = shown === undefined ? a.coordinates : shown;
      // The gestures keep their shapes on the image already; this is the guarantee for every caller.
      const inside = keepInside(this.store, s);
      const after = this.atFrame(a, coordinatesFor(inside, base));
      if (after) edits.push({ key, after });
    }
    if (edits.length) annotations.edit(edits, { mergeable });
  }

  /**
   * `a` with `coordinates` at the shown frame: the top-level geometry of an image annotation, and for
   * a track on a video the entities' key-frame edit (`Annotation.setKeyFrame` at the frame, the
   * segments around it written out again). Null, announced, when the entities cannot read the track.
   */
  private atFrame(a: AnnotationJson, coordinates: unknown): AnnotationJson | null {
    const frame = this.store.shapes.frame;
    const video = this.host.video();
    if (frame === null || !video || !isTrack(a)) return { ...a, coordinates };
    try {
      return editAtFrame(a, frame, coordinates, video);
    } catch (e) {
      this.host.notify(msg('annotationLayer.trackEditFailed', { message: (e as Error).message }));
      return null;
    }
  }

  /**
   * `coordinates` of a new `type` shape kept inside the image (see keepInside): the same value when
   * they already are (or are not a shape: `undefined`), else the clamped shape's, in their format.
   */
  private clamped(type: string, coordinates: unknown): unknown {
    const shape = coordinates === undefined ? null : parseShape(type, coordinates);
    const inside = shape && keepInside(this.store, shape);
    return shape && inside !== shape ? coordinatesFor(inside!, coordinates) : coordinates;
  }

  /** Adds an annotation the user made (at the shown frame of a video), selects it; returns its key. */
  create(type: string, coordinates: unknown, key = this.store.annotations.newKey()): string | null {
    const { annotations, shapes } = this.store;
    const label = this.newLabel(this.host.label);
    if (label === null) {
      shapes.masks.delete(key); // a brush's new mask, set under its key before
      return null;
    }
    const frame = shapes.frame;
    const v = this.host.video();
    // On a video a new object is a track from the shown frame (objectId, range: see newTrackSystem).
    const track = frame === null || !v ? {} : newTrackSystem(frame, annotations.list(), v);
    const clientId = `dlkit-${Date.now().toString(36)}-${++this.clientSeq}`;
    const after = newAnnotationJson(type, label, this.clamped(type, coordinates), clientId, track);
    annotations.edit([{ key, after }]);
    this.select([key], true);
    this.host.announce(
      msg('annotationLayer.created', { label: this.host.displayName(label), type: this.host.typeWord(type) }),
    );
    return key;
  }

  /**
   * The label a new annotation gets for `wanted` (the current label, or the one a draft began with):
   * the store's rule (LayerStore.newLabel); null, said, when the ontology lacks it or has no labels.
   */
  newLabel(wanted: string | null): string | null {
    const label = this.store.newLabel(wanted);
    if (label === null) {
      const why =
        this.store.labels.length && wanted !== null
          ? msg('annotationLayer.notMade.label', { label: wanted })
          : msg('annotationLayer.notMade.noLabels');
      // Shown too: the shape just drawn vanishes, and only a screen reader heard why.
      this.host.notify(why);
    }
    return label;
  }

  /**
   * Adds several annotations as one undo step (an assisted tool's results: a mask per label), each
   * with its own label (default: the label of new annotations), and selects them; returns their keys.
   * `action` names the step when it is more than a create (a conversion: its undo says so). Items
   * whose label new annotations may not carry (LayerStore.newLabel) are not made, save a conversion's
   * (the label of the annotation converted).
   */
  createMany(
    items: ReadonlyArray<{ type: string; coordinates: unknown; key?: string; label?: string }>,
    action?: StepAction,
  ): string[] {
    const { annotations, shapes } = this.store;
    const frame = shapes.frame;
    const v = this.host.video();
    const made: AnnotationJson[] = [];
    const kept: Array<(typeof items)[number] & { label: string }> = [];
    for (const it of items) {
      const label =
        action?.kind === 'convert'
          ? (it.label ?? this.host.label ?? 'object')
          : this.newLabel(it.label ?? this.host.label);
      if (label !== null) kept.push({ ...it, label });
      else if (it.key) {
        shapes.masks.delete(it.key);
        this.pending.take(it.key);
      }
    }
    const edits = kept.map((it) => {
      const key = it.key ?? annotations.newKey();
      const label = it.label;
      // On a video each result is a new track from the shown frame, as in create(): the objectIds
      // count the results made before it in this batch.
      const track = frame === null || !v ? {} : newTrackSystem(frame, [...annotations.list(), ...made], v);
      const clientId = `dlkit-${Date.now().toString(36)}-${++this.clientSeq}`;
      // clamped to the image as create() does: a conversion's or an assisted tool's result too
      const after = newAnnotationJson(it.type, label, this.clamped(it.type, it.coordinates), clientId, track);
      made.push(after);
      return { key, after };
    });
    if (!edits.length) return [];
    annotations.edit(edits, { action });
    const keys = edits.map((e) => e.key);
    this.select(keys, true);
    const first = edits[0]!.after;
    this.host.announce(
      edits.length === 1
        ? msg('annotationLayer.created', {
            label: this.host.displayName(first.label),
            type: this.host.typeWord(first.type),
          })
        : msg('annotationLayer.converted', { count: edits.length }),
    );
    return keys;
  }

  /** Changes the selection; `byUser` fires dl-selection-change when it changed. */
  select(keys: Iterable<string>, byUser: boolean): void {
    this.store.selection.set(keys, byUser);
  }

  /** Deletes the selection (locked annotations stay) as one undo step. */
  deleteSelection(): void {
    const keys = this.store.editableSelection();
    if (this.host.readonly || !keys.length) return;
    this.store.annotations.edit(keys.map((key) => ({ key, after: null })));
    this.host.announce(msg('annotationLayer.deleted', { count: keys.length }));
  }

  /**
   * A key-frame action ({@link TrackAction}) at the shown frame on every selected track, as one undo
   * step; `copy-next` then shows the next frame. False when it does not apply (no video, no track
   * selected); true when done or refused by the entities there (the reason is announced, nothing changed).
   */
  track(action: TrackAction): boolean {
    const { annotations, shapes } = this.store;
    const video = this.host.video();
    const frame = shapes.frame;
    if (this.host.readonly || !video || frame === null) return false;
    const edits: Array<{ key: string; after: AnnotationJson | null }> = [];
    const created: string[] = [];
    for (const key of this.store.editableSelection()) {
      const a = annotations.get(key);
      if (!a || !isTrack(a)) continue;
      try {
        const r = trackAction(a, action, frame, video, [...annotations.list(), ...edits.flatMap((e) => e.after ?? [])]);
        edits.push({ key, after: r.after });
        if (r.created) {
          const k = annotations.newKey();
          const clientId = `dlkit-${Date.now().toString(36)}-${++this.clientSeq}`;
          edits.push({ key: k, after: withSystem(r.created, { clientId }) });
          created.push(k);
        }
      } catch (e) {
        this.host.notify(msg('annotationLayer.trackEditFailed', { message: (e as Error).message }));
        return true;
      }
    }
    if (!edits.length) {
      this.host.notify(msg('annotationLayer.noTrackSelected'));
      return false;
    }
    annotations.edit(edits, { action: { kind: 'track', action, frame } });
    if (created.length) this.select(created, true);
    else
      this.select(
        edits.filter((e) => e.after).map((e) => e.key),
        true,
      );
    // Shown as well as said: the picture kept the last undo's words otherwise ("Undone: edit Car box").
    this.host.notify(msg(`annotationLayer.track.${action}`, { frame: action === 'copy-next' ? frame + 1 : frame }));
    if (action === 'copy-next') this.host.showFrame(frame + 1);
    return true;
  }

  /**
   * `[` / `]` on a video: shows the previous (-1) / next (1) key frame of the selected tracks, or of
   * every track when none is selected, and says so ("Next key frame: 40"; "No next key frame").
   * False on an image (the key goes on).
   */
  jumpKeyFrame(dir: 1 | -1): boolean {
    const frame = this.store.shapes.frame;
    if (!this.host.video() || frame === null) return false;
    const { annotations, selection } = this.store;
    const tracks = (a: AnnotationJson | undefined): a is AnnotationJson => !!a && isTrack(a) && isObjectType(a.type);
    const chosen = [...selection].map((k) => annotations.get(k)).filter(tracks);
    let to: number | undefined;
    for (const a of chosen.length ? chosen : annotations.list().filter(tracks))
      for (const f of keyFramesOfJson(a))
        if (dir > 0 ? f > frame && (to === undefined || f < to) : f < frame && (to === undefined || f > to)) to = f;
    const which = dir > 0 ? 'next' : 'prev';
    if (to === undefined) {
      this.host.notify(msg(`annotationLayer.keyFrame.${which}None`));
      return true;
    }
    this.host.notify(msg(`annotationLayer.keyFrame.${which}`, { frame: to }));
    this.host.showFrame(to);
    return true;
  }

  /**
   * The selected track leaves the view from the shown frame on (`objectVisible: false`, dtlpy's
   * `setObjectVisible`), or comes back into view when it is out of view here. False when it does
   * not apply (no video, no track selected).
   */
  toggleVisible(): boolean {
    const frame = this.store.shapes.frame;
    if (this.host.readonly || !this.host.video() || frame === null) return false;
    const first = this.store
      .editableSelection()
      .map((k) => this.store.annotations.get(k))
      .find((a) => a && isTrack(a));
    if (!first) return this.track('hide');
    const visible = trackStateAt(first as unknown as TrackJsonLike, frame)?.objectVisible ?? true;
    // Out of view here because it ended here or before (Shift+E): it resumes (the panel's "Resume
    // track here"), not made visible on its end frame only.
    const ended = !visible && endedAt(first as unknown as TrackJsonLike, frame, this.host.video()!.frameCount);
    return this.track(visible ? 'hide' : ended ? 'resume' : 'show');
  }

  /** Merges the two selected tracks into the one that starts first (one undo step). */
  mergeSelection(): boolean {
    const { annotations } = this.store;
    const video = this.host.video();
    if (this.host.readonly || !video) return false;
    const keys = this.store.editableSelection().filter((k) => {
      const a = annotations.get(k);
      return a && isTrack(a);
    });
    if (keys.length !== 2) {
      this.host.notify(msg('annotationLayer.mergeNeedsTwo'));
      return false;
    }
    const [ka, kb] = keys as [string, string];
    try {
      // Another label or shape, or both seen on one frame: two objects (a person's track merged into
      // a car's would become the car's frames; two tracks at once would interleave, the box jumping
      // between them). The model's rule, said in the words the timeline uses.
      const no = mergeRefusalOf(annotations.get(ka)!, annotations.get(kb)!, video);
      if (no) {
        this.host.notify(mergeRefusalText(no, (l) => this.host.displayName(l)));
        return true;
      }
      const { keep, after } = mergeTracks(annotations.get(ka)!, annotations.get(kb)!, video);
      const [kept, gone] = keep === 'a' ? [ka, kb] : [kb, ka];
      annotations.edit(
        [
          { key: kept, after },
          { key: gone, after: null },
        ],
        { action: { kind: 'merge' } },
      );
      this.select([kept], true);
      this.host.announce(msg('annotationLayer.track.merge'));
      return true;
    } catch (e) {
      this.host.notify(msg('annotationLayer.trackEditFailed', { message: (e as Error).message }));
      return true;
    }
  }

  /**
   * Makes `label` the label of the next shapes and relabels the selection with it (one undo step;
   * locked annotations keep theirs). So label-first (pick, then draw) and label-after (draw, then
   * pick) both work, and a run of shapes of one label needs the label once. With
   * `{ selection: false }` only the next shapes' label is set.
   */
  relabel(label: string, options: { selection?: boolean } = {}): void {
    const keys = this.host.readonly || options.selection === false ? [] : this.store.editableSelection();
    this.host.setLabel(label);
    const name = this.host.displayName(label);
    const video = this.host.video();
    const edits: Array<{ key: string; after: AnnotationJson }> = [];
    for (const key of keys) {
      const a = this.store.json(key)!;
      if (!video || !isTrack(a)) {
        if (a.label !== label) edits.push({ key, after: { ...a, label } });
        continue;
      }
      // A track's frames may carry other labels: relabel every frame of it.
      try {
        edits.push({ key, after: relabelTrack(a, label, video) });
      } catch (e) {
        this.host.notify(msg('annotationLayer.trackEditFailed', { message: (e as Error).message }));
        return;
      }
    }
    if (edits.length) this.store.annotations.edit(edits);
    this.host.announce(
      msg(keys.length ? 'annotationLayer.relabelled' : 'annotationLayer.nextLabel', {
        label: name,
        count: keys.length,
      }),
    );
  }

  /** Sets the v2 attributes of one annotation (edits in a burst merge into one step). */
  setAttributes(key: string, attributes: Record<string, unknown>): void {
    this.store.annotations.edit([{ key, after: withSystem(this.store.json(key)!, { attributes }) }], {
      mergeable: true,
    });
  }

  /**
   * Re-encodes a mask after an edit of its pixels and stores it (no undo step: the patch is it); on an
   * image, pixels whose PNG is the annotation's already change nothing and fire no event.
   * `encoded`: the new pixels' PNG data URL when the caller has it already (an assisted tool's
   * result, encoded in the worker).
   */
  async mask(key: string, encoded?: string): Promise<void> {
    const { shapes, annotations } = this.store;
    const m = shapes.masks.get(key);
    const a = annotations.get(key);
    if (!m || !a) return;
    const url = encoded ?? (await encodeMaskUrl(m.raster.toMask(), hexToRgb(shapes.colorOf(a.label))));
    const cur = annotations.get(key);
    if (!cur) return;
    shapes.setMask(key, url, m.raster);
    // the pixels are back to what the annotation holds (the undo of a Shift / Alt wand edit whose PNG
    // had not arrived yet): nothing to store or tell
    if (shapes.frame === null && cur.coordinates === url) return;
    const next = this.atFrame(cur, url);
    if (!next) return;
    annotations.sync(key, next);
    this.host.maskCommitted(next, cur);
  }

  /**
   * Gives pending mask `key` its PNG data URL (no undo step): its JSON here and in the history gets
   * the URL, and when it exists now the layer emits its creation (held back until this moment).
   */
  resolveMask(key: string, url: string): void {
    const placeholder = this.pending.take(key);
    if (placeholder === undefined) return;
    const { shapes, annotations } = this.store;
    const m = shapes.masks.get(key);
    if (m && m.url === placeholder) shapes.setMask(key, url, m.raster);
    const now = annotations.replaceCoordinates(key, placeholder, url);
    if (now) this.host.maskCreated(key, now);
  }

  /** Undo / redo of a brush stroke: writes the patch's pixels back and re-encodes the mask. */
  async applyPatch(p: MaskPatch): Promise<void> {
    const m = this.store.shapes.masks.get(p.key);
    if (!m) return;
    m.raster.write({ x: p.x, y: p.y, width: p.width, height: p.height }, p.after);
    await this.mask(p.key);
  }
}
