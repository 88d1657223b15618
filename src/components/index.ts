// Public exports of the components entry point (`dl-kit/components`).
export {};
export { DlItemViewer } from './item-viewer/define.js';
