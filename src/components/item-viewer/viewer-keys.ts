// THE key table of <dl-item-viewer>: the keydown dispatch, the help list (`viewerShortcuts`), the
// zoom buttons' tooltips and the viewer's accessible description all read it. Digits 1–9 are left
// free for the annotation layer's labels: 1:1 and fit are Shift+1 and Shift+2.
import { findKey, parseKeySpec, type Shortcut } from '../internal/key-spec.js';
import { defineStrings, msg } from '../strings.js';
import type { DlView } from '../internal/view.js';

const KEY_PAN = 60;

/** The viewer as its keys drive it (the members of `<dl-item-viewer>` they call; no import of it). */
export interface ViewerKeyTarget {
  readonly view: DlView;
  readonly isVideo: boolean;
  setView(v: DlView, byUser: boolean): void;
  zoomBy(factor: number, sx?: number, sy?: number, byUser?: boolean): void;
  zoomTo(scale: number, byUser?: boolean): void;
  fit(byUser?: boolean): void;
  togglePlay(): void;
  stepFrame(n: number, byUser?: boolean): Promise<void>;
  seekFrame(f: number, byUser?: boolean): Promise<void>;
  /** A video's frame count (1 for an image). */
  readonly frameCount: number;
}

/** One viewer shortcut. */
export interface ViewerKey {
  id: string;
  keys: readonly string[];
  /** English description (`itemViewer.key.<id>`, translatable). */
  what: string;
  /** Video only (listed, and handled, only when the viewer shows a video). */
  video?: boolean;
  /** Listed in the help but not a key of this table (a mouse gesture). */
  gesture?: boolean;
  run?(v: ViewerKeyTarget, e: KeyboardEvent): boolean;
}

/** An action that always applies. */
const always =
  (f: (v: ViewerKeyTarget) => void) =>
  (v: ViewerKeyTarget): boolean => {
    f(v);
    return true;
  };

const pan = (v: ViewerKeyTarget, dx: number, dy: number) => {
  const view = v.view;
  v.setView({ ...view, x: view.x + dx, y: view.y + dy }, true);
  return true;
};

/** The viewer's keys, in help order. */
export const VIEWER_KEYS: readonly ViewerKey[] = [
  { id: 'zoomIn', keys: ['+', '='], what: 'Zoom in', run: always((v) => v.zoomBy(1.25, undefined, undefined, true)) },
  {
    id: 'zoomOut',
    keys: ['-', '_'],
    what: 'Zoom out',
    run: always((v) => v.zoomBy(1 / 1.25, undefined, undefined, true)),
  },
  { id: 'actualSize', keys: ['Shift+1'], what: 'Zoom to 1:1', run: always((v) => v.zoomTo(1, true)) },
  { id: 'fit', keys: ['Shift+2', '0'], what: 'Fit the image', run: always((v) => v.fit(true)) },
  { id: 'wheel', keys: ['Wheel'], what: 'Zoom at the pointer', gesture: true },
  { id: 'panLeft', keys: ['ArrowLeft'], what: 'Pan (when nothing is selected)', run: (v) => pan(v, KEY_PAN, 0) },
  { id: 'panRight', keys: ['ArrowRight'], what: 'Pan right', run: (v) => pan(v, -KEY_PAN, 0) },
  { id: 'panUp', keys: ['ArrowUp'], what: 'Pan up', run: (v) => pan(v, 0, KEY_PAN) },
  { id: 'panDown', keys: ['ArrowDown'], what: 'Pan down', run: (v) => pan(v, 0, -KEY_PAN) },
  { id: 'panDrag', keys: ['Space+drag'], what: 'Pan with the mouse', gesture: true },
  { id: 'play', keys: ['K'], what: 'Play / pause', video: true, run: always((v) => v.togglePlay()) },
  { id: 'prevFrame', keys: [','], what: 'Previous frame', video: true, run: (v) => step(v, -1) },
  { id: 'nextFrame', keys: ['.'], what: 'Next frame', video: true, run: (v) => step(v, 1) },
  // `<` `>` where Shift turns , . into them (US layouts); Shift+, Shift+. elsewhere.
  { id: 'back10', keys: ['Shift+,', '<'], what: '10 frames back', video: true, run: (v) => step(v, -10) },
  { id: 'forward10', keys: ['Shift+.', '>'], what: '10 frames forward', video: true, run: (v) => step(v, 10) },
  // From the picture too (the timeline's ruler has them only when focused): Shift+, nine times took
  // an annotator back to frame 0 (walk 35 finding 7).
  { id: 'firstFrame', keys: ['Home'], what: 'First frame', video: true, run: (v) => seek(v, 0) },
  { id: 'lastFrame', keys: ['End'], what: 'Last frame', video: true, run: (v) => seek(v, v.frameCount - 1) },
];

function seek(v: ViewerKeyTarget, f: number): boolean {
  void v.seekFrame(Math.max(0, f));
  return true;
}

function step(v: ViewerKeyTarget, n: number): boolean {
  void v.stepFrame(n);
  return true;
}

const specs = new Map(VIEWER_KEYS.map((k) => [k, k.gesture ? [] : k.keys.map(parseKeySpec)]));

/** Runs the viewer shortcut keydown `e` means; true when one ran. */
export function runViewerKey(v: ViewerKeyTarget, e: KeyboardEvent): boolean {
  const usable = VIEWER_KEYS.filter((k) => k.run && (!k.video || v.isVideo));
  const k = findKey(usable, (x) => specs.get(x)!, e);
  return !!k?.run?.(v, e);
}

/** The viewer's default strings: one description per key, and the accessible description. */
export const viewerKeyStrings = defineStrings({
  ...Object.fromEntries(VIEWER_KEYS.map((k) => [`itemViewer.key.${k.id}`, k.what])),
});

/** The viewer's shortcuts as the help lists them (`video`: include the video keys). */
export function viewerShortcuts(video = true): Shortcut[] {
  const rows: Shortcut[] = [];
  const arrows = ['panLeft', 'panRight', 'panUp', 'panDown'];
  for (const k of VIEWER_KEYS) {
    if ((k.video && !video) || (arrows.includes(k.id) && k.id !== 'panLeft')) continue;
    rows.push(
      k.id === 'panLeft'
        ? { keys: ['Arrow keys'], description: msg('itemViewer.key.panLeft') }
        : { keys: k.keys, description: msg(`itemViewer.key.${k.id}`) },
    );
  }
  return rows;
}

/** The keys of viewer shortcut `id` (for a control's tooltip). */
export function viewerKeysOf(id: string): readonly string[] | undefined {
  return VIEWER_KEYS.find((k) => k.id === id)?.keys;
}
