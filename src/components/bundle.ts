/**
 * The all-in-one entry (`dist/bundle/dl-kit.bundle.js`): registers every dl-kit element and
 * re-exports the components API, with Lit bundled in, so a page with no build step can use
 * `<script type="module" src=".../dl-kit.bundle.js"></script>` and the tags directly.
 *
 * @example
 * <script type="module" src="https://unpkg.com/dl-kit/dist/bundle/dl-kit.bundle.js"></script>
 * <dl-label-picker theme="auto"></dl-label-picker>
 */
import './label-picker/define.js';
import './attribute-editor/define.js';
import './task-board/define.js';
import './item-viewer/define.js';
import './annotation-layer/define.js';
import './timeline/define.js';

export * from './index.js';
