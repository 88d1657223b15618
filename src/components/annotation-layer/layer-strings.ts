import { defineStrings } from '../strings.js';

/** One or many by `count`; every `{name}` placeholder is filled (not only `{count}`). */
const plural = (one: string, many: string) => (p: Readonly<Record<string, string | number>>) =>
  (Number(p.count) === 1 ? one : many).replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in p ? String(p[name]) : whole,
  );

/**
 * Default messages of <dl-annotation-layer> (translate with `setStrings`). The tool names and the
 * layer's accessible description come from the tool table (`interact/tools/registry.ts`).
 */
export const layerStrings = defineStrings({
  'annotationLayer.tools': 'Tools',
  'annotationLayer.objects': 'Objects',
  'annotationLayer.objectsToggle': 'Objects ({count})',
  'annotationLayer.objectsToggleVideo': 'Objects {count} · {shown} in this frame',
  'annotationLayer.classifications': 'Classifications',
  'annotationLayer.noObjects': 'No annotations',
  'annotationLayer.created': 'Created {label} {type}',
  'annotationLayer.deleted': plural('Deleted {count} annotation', 'Deleted {count} annotations'),
  'annotationLayer.selected': plural('{count} object selected', '{count} objects selected'),
  'annotationLayer.selectedOne': 'Selected {label} {type}',
  'annotationLayer.selectedNote': 'Selected {kind}: {text}',
  'annotationLayer.selectionCleared': 'Selection cleared',
  // Ctrl+Z / Ctrl+Shift+Z say what they undid or redid ({what}: one of the annotationLayer.step.* below).
  'annotationLayer.undone': 'Undone: {what}',
  'annotationLayer.redone': 'Redone: {what}',
  'annotationLayer.nothingToUndo': 'Nothing to undo',
  'annotationLayer.nothingToRedo': 'Nothing to redo',
  // Ctrl+Shift+Z inside a polygon / polyline draft put back the vertex Ctrl+Z took ({count}: the draft's vertices now).
  'annotationLayer.vertexPutBack': 'Vertex put back, {count} in the draft',
  'annotationLayer.strokePutBack': plural('Stroke put back, {count} stroke', 'Stroke put back, {count} strokes'),
  // Ctrl+Shift+Z right after Ctrl+Z cancelled a magic wand click: the click runs again ({count}: clicks).
  'annotationLayer.clickPutBack': plural('Click put back', '{count} clicks put back'),
  // ...unless the viewer shows another item since, or the click's label left the ontology ({label}: its tag).
  'annotationLayer.clickNotPutBack.item': 'Click not put back: another image is shown',
  'annotationLayer.clickNotPutBack.label': 'Click not put back: label {label} is gone',
  // Nothing made: a draft's label left the ontology since it began ({label}: its tag), or the
  // ontology the host gave has no labels (the picker says "No labels in this ontology").
  'annotationLayer.notMade.label': 'Not made: label {label} is gone',
  'annotationLayer.notMade.noLabels': 'Not made: the ontology has no labels',
  'annotationLayer.step.create': 'create {label} {type}',
  'annotationLayer.step.createMany': plural('create {count} object', 'create {count} objects'),
  'annotationLayer.step.delete': 'delete {label} {type}',
  'annotationLayer.step.deleteMany': plural('delete {count} object', 'delete {count} objects'),
  'annotationLayer.step.relabel': 'relabel {type} as {label}',
  'annotationLayer.step.relabelMany': plural('relabel {count} object', 'relabel {count} objects'),
  'annotationLayer.step.attributes': 'edit attributes of {label} {type}',
  'annotationLayer.step.edit': 'edit {label} {type}',
  // steps that changed only a mask's pixels
  'annotationLayer.step.paint': 'paint {label} {type}',
  'annotationLayer.step.erase': 'erase from {label} {type}',
  'annotationLayer.step.refine': 'refine {label} {type}',
  'annotationLayer.step.add': 'add to {label} {type}',
  'annotationLayer.step.subtract': 'subtract from {label} {type}',
  'annotationLayer.step.pixels': 'edit mask pixels',
  'annotationLayer.step.editMany': plural('edit {count} object', 'edit {count} objects'),
  // {count} tracks merged into the one that starts first ({label} {type}); a conversion's source
  // ({label} {type}) and what it made ({to}: "polygon", or with {count} > 1 "polygons").
  'annotationLayer.step.paste': plural('paste {count} object', 'paste {count} objects'),
  // A key-frame action ({what}), of the one track it changed: "delete key frame 40 of Car box".
  'annotationLayer.step.trackOf': '{what} of {label} {type}',
  'annotationLayer.step.track.insert': 'add key frame {frame}',
  'annotationLayer.step.track.delete': 'delete key frame {frame}',
  'annotationLayer.step.track.copy-next': 'copy frame {frame} to the next',
  'annotationLayer.step.track.end': 'end track at frame {frame}',
  'annotationLayer.step.track.hide': 'hide from frame {frame}',
  'annotationLayer.step.track.show': 'show from frame {frame}',
  'annotationLayer.step.track.resume': 'resume from frame {frame}',
  'annotationLayer.step.track.split': 'split track at frame {frame}',
  'annotationLayer.step.merge': 'merge {count} tracks into {label} {type}',
  'annotationLayer.step.convert': ({ count, label, type, to }: Readonly<Record<string, string | number>>) =>
    Number(count) === 1 ? `convert ${label} ${type} to ${to}` : `convert ${label} ${type} to ${count} ${to}`,
  'annotationLayer.copied': plural('Copied {count} annotation', 'Copied {count} annotations'),
  'annotationLayer.pasted': plural('Pasted {count} annotation', 'Pasted {count} annotations'),
  // A paste from another ontology: {from} the copied label(s) this ontology lacks, {label} the
  // display name of the label they took instead (the current one).
  'annotationLayer.pastedRelabelled': 'Pasted {count}: {from} not in this ontology, made {label}',
  'annotationLayer.pastedSkipped': 'Pasted {count}: {from} not in this ontology, not pasted (no label to give)',
  'annotationLayer.foreignLabels': plural('label {labels}', 'labels {labels}'),
  'annotationLayer.moved': 'Moved',
  'annotationLayer.toolChanged': 'Tool: {tool}',
  'annotationLayer.polygonPoints': '{count} points; Enter closes, Escape cancels',
  'annotationLayer.delete': 'Delete',
  'annotationLayer.label.active': 'Label for new annotations',
  'annotationLayer.toPolygons': 'Mask to polygons',
  'annotationLayer.boxFromMask': 'Box from mask',
  'annotationLayer.toMask': 'Polygon to mask',
  'annotationLayer.converting': 'Converting…',
  'annotationLayer.converted': plural('Created {count} annotation', 'Created {count} annotations'),
  'annotationLayer.conversionFailed': 'Conversion failed: {message}',
  'annotationLayer.relabelled': plural('{label}: {count} object relabelled', '{label}: {count} objects relabelled'),
  'annotationLayer.objectSelected': '{name} selected ({n} of {count})',
  'annotationLayer.nextLabel': 'Next shapes: {label}',
  'annotationLayer.activeVertex': 'Vertex {index} of {count}',
  // Alt+. on a box: its corners, top left first, clockwise.
  'annotationLayer.activeCorner': (p) =>
    `${['Top left', 'Top right', 'Bottom right', 'Bottom left'][Number(p.index) - 1] ?? 'Corner'} corner (${p.index} of ${p.count})`,
  'annotationLayer.ellipseNoVertices': 'An ellipse has no vertices — drag its handles',
  'annotationLayer.lockedNoEdit': 'Locked: unlock it first (Shift+L)',
  'annotationLayer.hidden': plural('{count} object hidden', '{count} objects hidden'),
  'annotationLayer.shown': plural('{count} object shown', '{count} objects shown'),
  'annotationLayer.locked': plural('{count} object locked', '{count} objects locked'),
  'annotationLayer.unlocked': plural('{count} object unlocked', '{count} objects unlocked'),
  'annotationLayer.broughtToFront': plural('{count} object brought to front', '{count} objects brought to front'),
  'annotationLayer.sentToBack': plural('{count} object sent to back', '{count} objects sent to back'),
  'annotationLayer.objectCount': plural('{count} object', '{count} objects'),
  'annotationLayer.hiddenCount': plural('{count} hidden', '{count} hidden'),
  // Note annotations (Dataloop's issues and comments) are listed after the objects, not counted as objects.
  'annotationLayer.noteCount': plural('{count} note', '{count} notes'),
  // A video's subtitles are listed after the objects too, and counted apart.
  'annotationLayer.subtitleCount': plural('{count} subtitle', '{count} subtitles'),
  'annotationLayer.note': 'Note',
  'annotationLayer.issue': 'Issue',
  'annotationLayer.noteStatus': '{kind} ({status})',
  'annotationLayer.hide': 'Hide',
  'annotationLayer.show': 'Show',
  'annotationLayer.lock': 'Lock',
  'annotationLayer.unlock': 'Unlock',
  'annotationLayer.front': 'Bring to front',
  'annotationLayer.back': 'Send to back',
  'annotationLayer.hideRow': 'Hide {name}',
  'annotationLayer.showRow': 'Show {name}',
  'annotationLayer.lockRow': 'Lock {name}',
  'annotationLayer.unlockRow': 'Unlock {name}',
  'annotationLayer.brushSize': 'Brush size',
  'annotationLayer.maskOpacity': 'Mask opacity',
  'annotationLayer.selectionActions': 'Selection',
  'annotationLayer.selectionLabel': 'Label',
  'annotationLayer.mixedLabels': 'Several labels',
  'annotationLayer.hiddenState': 'hidden',
  'annotationLayer.lockedState': 'locked',
  // An object row's mark (its title, and a part of the row's accessible name): required attributes unset.
  'annotationLayer.missingRequired': 'Missing: {names}',
  'annotationLayer.noneMissing': 'No required attribute is missing',
  // Where Alt+M took the focus: the object as its row names it and the attribute ("Car box 1 · Parked").
  'annotationLayer.wentToField': '{name} {kind} · {field}',
  // An object row's type word with its ordinal where two listed objects read the same ("box 2").
  'annotationLayer.rowKind': '{type} {n}',
  // An object named as its row reads, in missingRequired(): "Car #1 · box", "Car · box 2".
  'annotationLayer.rowName': '{name} · {kind}',
  // The words users know for Dataloop's annotation types.
  'annotationLayer.type.box': 'box',
  'annotationLayer.type.segment': 'polygon',
  'annotationLayer.type.polyline': 'polyline',
  'annotationLayer.type.point': 'point',
  'annotationLayer.type.ellipse': 'ellipse',
  'annotationLayer.type.cube': 'cuboid',
  'annotationLayer.type.cube_3d': '3D cuboid',
  'annotationLayer.type.binary': 'mask',
  'annotationLayer.type.class': 'classification',
  'annotationLayer.type.note': 'note',
  'annotationLayer.type.pose': 'pose',
  'annotationLayer.type.subtitle': 'subtitle',
  // Plurals where a count goes before the type word ("convert Car mask to 3 polygons").
  'annotationLayer.types.box': 'boxes',
  'annotationLayer.types.segment': 'polygons',
  'annotationLayer.types.binary': 'masks',
});
