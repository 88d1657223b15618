// The shortcuts of an item page as a help dialog lists them: the layer's key table (tools, labels,
// editing, objects) and the viewer's (zoom, pan, video frames), in the current language. Read from
// the same tables the keys are dispatched from, so the help cannot drift from what the keys do.
import type { Shortcut } from '../internal/key-spec.js';
import { viewerShortcuts } from '../item-viewer/viewer-keys.js';
import { msg } from '../strings.js';
import { KEY_FRAME_JUMP, LAYER_KEYS, type KeyGroup } from './interact/keymap.js';

export type { Shortcut } from '../internal/key-spec.js';

/** A titled section of shortcuts. */
export interface ShortcutGroup {
  /** `tools`, `labels`, `edit`, `objects` or `view`. */
  id: KeyGroup | 'view';
  title: string;
  shortcuts: Shortcut[];
}

/**
 * Every shortcut of `<dl-annotation-layer>` inside `<dl-item-viewer>`, grouped for a help list.
 * `video` adds the layer's track keys and the viewer's frame keys.
 *
 * @example
 * for (const g of annotationShortcuts()) console.log(g.title, g.shortcuts.map((s) => `${s.keys[0]}: ${s.description}`));
 */
export function annotationShortcuts(o: { video?: boolean } = {}): ShortcutGroup[] {
  const ids: KeyGroup[] = ['tools', 'labels', 'edit', 'objects', ...(o.video ? (['video'] as const) : [])];
  const groups: ShortcutGroup[] = ids.map((id) => ({
    id,
    title: msg(`annotationLayer.keys.${id}`),
    shortcuts: LAYER_KEYS.filter((k) => k.group === id).map((k) => ({
      keys: k.display ? [k.display] : k.keys,
      description: msg(`annotationLayer.key.${k.id}`),
    })),
  }));
  // `[` / `]` belong to the brush row, but away from the brush they step through the key frames.
  groups
    .find((g) => g.id === 'video')
    ?.shortcuts.unshift({
      keys: [KEY_FRAME_JUMP.display],
      description: msg(`annotationLayer.key.${KEY_FRAME_JUMP.id}`),
    });
  groups.push({ id: 'view', title: msg('annotationLayer.keys.view'), shortcuts: viewerShortcuts(!!o.video) });
  return groups;
}
