// The demo app's entry: registers the dl-kit elements and the demo's own screens.
import {
  DlAnnotationLayer,
  DlAttributeEditor,
  DlItemViewer,
  DlLabelPicker,
  DlTaskBoard,
  DlTimeline,
} from 'dl-kit/components';
import {
  createWorkerBackend,
  getAssist,
  getGeometryBackend,
  getGeometryPool,
  setAssistProvider,
  setGeometryBackend,
} from 'dl-kit';
import './app-shell.js';

// Importing the entry registers the tags; naming the classes also keeps bundlers from dropping the
// registration as an unused import, and registers them here if it was dropped anyway.
const TAGS: [string, CustomElementConstructor][] = [
  ['dl-item-viewer', DlItemViewer],
  ['dl-annotation-layer', DlAnnotationLayer],
  ['dl-label-picker', DlLabelPicker],
  ['dl-attribute-editor', DlAttributeEditor],
  ['dl-task-board', DlTaskBoard],
  ['dl-timeline', DlTimeline],
];
for (const [tag, cls] of TAGS) if (!customElements.get(tag)) customElements.define(tag, cls);

// The geometry worker backend registers itself when `dl-kit` is imported in a page; make sure of it
// (a bundler that trusts the package's side-effect list too far could drop that registration).
try {
  getGeometryBackend();
} catch {
  setGeometryBackend(createWorkerBackend(getGeometryPool));
}
// The same for the annotation layer's assisted tools (magic wand, box to object, scissors, watershed):
// the demo's build drops that registration, and without it the tools say they need dl-kit's workers.
setAssistProvider(getAssist);
