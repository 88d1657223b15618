// THE key table of the layer: the keydown dispatch (keyboard.ts), the help list (`layerShortcuts`),
// the tooltips of the toolbar and the panel buttons, and the layer's accessible description all
// read these rows, so what the help says is what the keys do. The tool rows come from the tool
// table (tools/registry.ts); the viewer's own keys (zoom, pan, frames) are item-viewer/viewer-keys.ts.
import { eventKey, parseKeySpec, type KeySpec } from '../../internal/key-spec.js';
import { defineStrings } from '../../strings.js';
import { copySelection, paste } from './clipboard.js';
import {
  brushSize,
  deleteKey,
  escapeKey,
  hideSelection,
  labelKey,
  nudge,
  restack,
  selectNextObject,
  showAll,
  stepVertex,
  toggleLock,
} from './key-actions.js';
import type { KeyContext } from './key-context.js';
import { TOOLS } from './tools/registry.js';
import { VIDEO_KEYS } from './video-keys.js';

/** The help's sections. */
export type KeyGroup = 'tools' | 'labels' | 'edit' | 'objects' | 'video';

/** One shortcut of the layer. */
export interface LayerKey {
  /** Stable id; `annotationLayer.key.<id>` is its (translatable) description. */
  id: string;
  group: KeyGroup;
  /** The keys, as users read them (`Ctrl` is Cmd on a Mac); the first is the one tooltips show. */
  keys: readonly string[];
  /** How the help writes the keys when not one by one (`1 … 9`, `Arrow keys`). */
  display?: string;
  /** English description. */
  what: string;
  /**
   * Also from a text field or a select (which keep every other key): for a key no field types
   * (`Alt+M`), so it works again from the field it moved the focus to.
   */
  fromFields?: boolean;
  /** The action; false when it does not apply now (the key then goes on to the viewer and the page). */
  run(k: KeyContext, e: KeyboardEvent): boolean;
}

/** An action that always applies. */
const always =
  (f: (k: KeyContext) => void) =>
  (k: KeyContext): boolean => {
    f(k);
    return true;
  };

const ARROWS = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'];
const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** The layer's keys, in help order. */
export const LAYER_KEYS: readonly LayerKey[] = [
  ...TOOLS.map(
    (t): LayerKey => ({
      id: `tool.${t.id}`,
      group: 'tools',
      keys: [t.key.toUpperCase()],
      what: t.name,
      run: (k) => {
        if (k.settings.readonly && !('readonly' in t && t.readonly)) return false;
        k.setTool(t.id, true);
        return true;
      },
    }),
  ),
  {
    id: 'label',
    group: 'labels',
    keys: DIGITS,
    display: '1 … 9',
    what: 'Label of the selection, or of the next shape',
    run: (k, e) => labelKey(k, Number(eventKey(e))),
  },
  {
    id: 'finish',
    group: 'edit',
    keys: ['Enter'],
    what: 'Finish the polygon, polyline or scissors path (watershed: make the masks)',
    run: (k, e) => !!k.tool().key?.('Enter', e),
  },
  {
    id: 'strokeKind',
    group: 'edit',
    keys: ['Q'],
    what: 'Box to object, watershed: switch strokes between object and background',
    run: (k, e) => !!k.tool().key?.('q', e),
  },
  {
    id: 'escape',
    group: 'edit',
    keys: ['Escape'],
    display: 'Esc',
    what: 'Stop tracking or drawing, clear selection, then back to Select',
    run: escapeKey,
  },
  {
    id: 'delete',
    group: 'edit',
    keys: ['Delete', 'Backspace'],
    what: 'Delete the selection (or its active vertex; while drawing, the last vertex)',
    run: deleteKey,
  },
  {
    id: 'nudge',
    group: 'edit',
    keys: [...ARROWS, ...ARROWS.map((a) => `Shift+${a}`)],
    display: 'Arrow keys',
    what: 'Move the selection or its active vertex 1 px (Shift: 10 px)',
    run: nudge,
  },
  {
    id: 'nextVertex',
    group: 'edit',
    keys: ['Alt+.', 'Alt+,'],
    what: "Next / previous vertex of the selection, or a box's corner (then arrows move it, Delete removes a vertex)",
    run: (k, e) => stepVertex(k, eventKey(e) === ',' ? -1 : 1),
  },
  {
    id: 'undo',
    group: 'edit',
    keys: ['Ctrl+Z'],
    what: 'Undo (in a draft: its last vertex or stroke; a drag or a running tool: cancel it)',
    run: always((k) => k.undo()),
  },
  {
    id: 'redo',
    group: 'edit',
    keys: ['Ctrl+Shift+Z', 'Ctrl+Y'],
    what: 'Redo (in a draft: put it back)',
    run: always((k) => k.redo()),
  },
  { id: 'copy', group: 'edit', keys: ['Ctrl+C'], what: 'Copy the selection', run: copySelection },
  {
    id: 'paste',
    group: 'edit',
    keys: ['Ctrl+V'],
    what: 'Paste',
    run: (k) => !k.settings.readonly && paste(k),
  },
  {
    id: 'selectAll',
    group: 'edit',
    keys: ['Ctrl+A'],
    what: 'Select all',
    run: (k) => {
      const { store } = k;
      k.commit.select(
        store.annotations.keys().filter((x) => store.shapes.states.has(x) && !store.shapes.hidden.has(x)),
        true,
      );
      return true;
    },
  },
  {
    id: 'zoomSelection',
    group: 'objects',
    keys: ['F'],
    what: 'Zoom to the selection',
    run: always((k) => k.zoomToSelection()),
  },
  {
    // Required attributes are ~11 Tabs from the image: one key to the first unset one, again to the
    // object's next unset one (CVAT's attribute mode), then to the next object missing some. Alt: it must work from the text field or select it focused.
    id: 'fixMissing',
    group: 'objects',
    keys: ['Alt+M'],
    what: "Go to a missing required attribute (again: the object's next one, then the next object)",
    fromFields: true,
    run: (k) => {
      if (k.settings.readonly) return false;
      k.fixMissing();
      return true;
    },
  },
  {
    // A keyboard way back to an object from the picture (the list's ↑/↓ are many Tabs away).
    id: 'nextObject',
    group: 'objects',
    keys: ['Alt+ArrowDown', 'Alt+ArrowUp'],
    display: 'Alt+↓ / Alt+↑',
    what: 'Select the next / previous object (object list order)',
    run: (k, e) => selectNextObject(k, e.key === 'ArrowUp' ? -1 : 1),
  },
  { id: 'hide', group: 'objects', keys: ['H'], what: 'Hide the selection', run: hideSelection },
  { id: 'showAll', group: 'objects', keys: ['Shift+H'], what: 'Show all hidden objects', run: showAll },
  { id: 'lock', group: 'objects', keys: ['Shift+L'], what: 'Lock / unlock the selection', run: toggleLock },
  { id: 'front', group: 'objects', keys: ['Ctrl+]'], what: 'Bring to front', run: (k) => restack(k, true) },
  { id: 'back', group: 'objects', keys: ['Ctrl+['], what: 'Send to back', run: (k) => restack(k, false) },
  {
    id: 'brushSize',
    group: 'objects',
    keys: ['[', ']'],
    what: 'Smaller / bigger brush, with the brush or the eraser (magic wand: lower / higher tolerance)',
    // The active tool first (the magic wand's tolerance); the brush size only where a brush shows
    // (it resized a hidden brush silently before); otherwise, on a video, the key frames (the
    // timeline's "Previous key frame ([)" buttons): KEY_FRAME_JUMP in the help's video section.
    run: (k, e) => {
      const bigger = eventKey(e) === ']';
      if (k.tool().key?.(eventKey(e), e)) return true;
      if (BRUSH_TOOLS.has(k.toolId())) return brushSize(k, bigger);
      return k.commit.jumpKeyFrame(bigger ? 1 : -1);
    },
  },
  // On a video, with a track selected (else these keys go on): key frames, tracks, the tracker.
  ...VIDEO_KEYS.map((r): LayerKey => ({ ...r, group: 'video', run: (k) => r.run(k) })),
];

/** The tools whose size `[` / `]` change. */
const BRUSH_TOOLS = new Set(['brush', 'eraser']);

/**
 * `[` / `]` away from the brush on a video (the `brushSize` row runs them): the help lists them in
 * its video section under this id.
 */
export const KEY_FRAME_JUMP = {
  id: 'keyFrameJump',
  keys: ['[', ']'],
  display: '[ / ]',
  what: 'Previous / next key frame of the selected track (none selected: of any track)',
} as const;

/** The parsed shortcuts of each row (parsed once). */
export const LAYER_KEY_SPECS: ReadonlyMap<LayerKey, readonly KeySpec[]> = new Map(
  LAYER_KEYS.map((k) => [k, k.keys.map(parseKeySpec)]),
);

/** The keys of row `id` (for a control's tooltip). */
export function layerKeysOf(id: string): readonly string[] | undefined {
  return LAYER_KEYS.find((k) => k.id === id)?.keys;
}

/** The rows' default strings: `annotationLayer.key.<id>` and the group titles. */
export const keyStrings = defineStrings({
  ...Object.fromEntries(LAYER_KEYS.map((k) => [`annotationLayer.key.${k.id}`, k.what])),
  [`annotationLayer.key.${KEY_FRAME_JUMP.id}`]: KEY_FRAME_JUMP.what,
  'annotationLayer.keys.tools': 'Tools',
  'annotationLayer.keys.labels': 'Labels',
  'annotationLayer.keys.edit': 'Drawing and editing',
  'annotationLayer.keys.objects': 'Objects',
  'annotationLayer.keys.video': 'Video tracks',
  'annotationLayer.keys.view': 'View',
});
