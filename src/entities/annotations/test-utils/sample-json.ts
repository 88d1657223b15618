// Hand-made annotation JSON for tests, written from the spec tables (spec §1.1–§1.3, §2.1), not copied
// from any export or from this implementation's output.
import type { JsonObject } from '../../json-read.js';

export const ANN_ID = '65f0c0ffee00000000000a01';
export const ITEM_ID = '65f0c0ffee00000000000b01';
export const DATASET_ID = '65f0c0ffee00000000000c01';
const API = 'https://gate.dataloop.ai/api/v1';

/**
 * A full platform annotation in the SDK's top-level key order. `coordinates === undefined` leaves the
 * key out (classification). `system` is merged into `metadata.system`.
 */
export function annotationJson(
  type: string,
  coordinates: unknown,
  options: { label?: string; system?: JsonObject; top?: JsonObject } = {},
): JsonObject {
  const j: JsonObject = {
    id: ANN_ID,
    url: `${API}/annotations/${ANN_ID}`,
    creator: 'annotator@example.com',
    metadata: { system: { attributes: { color: 'red' }, ...(options.system ?? {}) }, user: {} },
    hash: '0123456789abcdef0123456789abcdef01234567',
    itemId: ITEM_ID,
    item: `${API}/items/${ITEM_ID}`,
    label: options.label ?? 'vehicle.car',
    dataset: `${API}/datasets/${DATASET_ID}`,
    createdAt: '2024-05-26T15:46:02.369Z',
    updatedBy: 'annotator@example.com',
    updatedAt: '2024-05-26T15:46:03.000Z',
    source: 'ui',
    datasetId: DATASET_ID,
    type,
  };
  if (coordinates !== undefined) j['coordinates'] = coordinates;
  j['attributes'] = [];
  Object.assign(j, options.top ?? {});
  return j;
}

/** A 1x1 transparent PNG data URL (the reader checks the PNG signature and IHDR header, not the pixels). */
export const TINY_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** Another valid mask: 2x2 RGBA, a checkerboard of white alpha (differs from TINY_PNG in size and pixels). */
export const TINY_PNG_2X2 =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAEUlEQVR4nGP4DwEMDCACxAIAgJEN837B/94AAAAASUVORK5CYII=';

/** One entry per definition of spec §1.3: [type, coordinates, extra options]. */
export const SPEC_SAMPLES: Array<{
  name: string;
  type: string;
  coordinates: unknown;
  label?: string;
  system?: JsonObject;
}> = [
  {
    name: 'Box',
    type: 'box',
    coordinates: [
      { x: 10, y: 20, z: 0 },
      { x: 110.5, y: 220.25, z: 0 },
    ],
  },
  { name: 'Box rotated', type: 'box', coordinates: [{ x: 10, y: 20, z: 0 }, { x: 110, y: 220, z: 0 }, 30] },
  { name: 'Classification', type: 'class', coordinates: undefined },
  {
    name: 'Cube',
    type: 'cube',
    coordinates: {
      front_tl: { x: 10, y: 10, z: 0 },
      front_tr: { x: 50, y: 10, z: 0 },
      front_br: { x: 50, y: 50, z: 0 },
      front_bl: { x: 10, y: 50, z: 0 },
      back_tl: { x: 20, y: 5, z: 0 },
      back_tr: { x: 60, y: 5, z: 0 },
      back_br: { x: 60, y: 45, z: 0 },
      back_bl: { x: 20, y: 45, z: 0 },
      angle: 0,
    },
  },
  {
    name: 'Cube3d',
    type: 'cube_3d',
    coordinates: {
      position: { x: 1, y: 2, z: 3 },
      scale: { x: 4, y: 5, z: 6 },
      rotation: { x: 0, y: 0.5, z: 1.5707963 },
    },
  },
  { name: 'Ellipse', type: 'ellipse', coordinates: { angle: 30, center: { x: 50, y: 60, z: 0 }, rx: 20.5, ry: 10 } },
  { name: 'Point', type: 'point', coordinates: { x: 5.5, y: 6, z: 0 } },
  {
    name: 'Polygon',
    type: 'segment',
    coordinates: [
      [
        { x: 1, y: 1 },
        { x: 10, y: 1 },
        { x: 10, y: 10 },
        { x: 1, y: 10 },
      ],
    ],
  },
  {
    name: 'Polygon with a hole ring',
    type: 'segment',
    coordinates: [
      [
        { x: 0, y: 0 },
        { x: 20, y: 0 },
        { x: 20, y: 20 },
        { x: 0, y: 20 },
      ],
      [
        { x: 5, y: 5 },
        { x: 5, y: 10 },
        { x: 10, y: 10 },
      ],
    ],
  },
  {
    name: 'Polyline',
    type: 'polyline',
    coordinates: [
      [
        { x: 0, y: 0 },
        { x: 3.25, y: 4 },
        { x: 8, y: 1 },
      ],
    ],
  },
  {
    name: 'Pose',
    type: 'pose',
    coordinates: { templateId: '65f0c0ffee00000000000d01', instanceId: 'c0ffee00-1111-11ef-8000-000000000001' },
  },
  { name: 'Segmentation', type: 'binary', coordinates: TINY_PNG },
  {
    name: 'Note',
    type: 'note',
    coordinates: {
      box: [
        { x: 1, y: 2, z: 0 },
        { x: 30, y: 40, z: 0 },
      ],
      note: {
        messages: [{ id: 'm1', creator: 'qa@example.com', time: 1716738362369, body: 'wrong label' }],
        status: 'issue',
        createTime: 1716738362369,
        creator: 'qa@example.com',
        assignee: 'annotator@example.com',
      },
    },
    system: { status: 'issue' },
  },
  { name: 'Subtitle', type: 'subtitle', coordinates: { text: 'Hello there' } },
  {
    name: 'Description',
    type: 'item_description',
    coordinates: { text: 'A sunny street' },
    label: 'item.description',
    system: { system: true },
  },
  {
    name: 'Text',
    type: 'text_mark',
    coordinates: { type: 'block', label: 'PERSON', start: 3, end: 9 },
    label: 'PERSON',
  },
  {
    name: 'Text with top/left',
    type: 'text_mark',
    coordinates: { type: 'block', label: 'ORG', start: 0, end: 4, top: 12, left: 40 },
    label: 'ORG',
  },
  { name: 'FreeText', type: 'text', coordinates: 'The answer is 42', label: 'free-text' },
  {
    name: 'RefImage',
    type: 'ref_image',
    coordinates: { ref: 'https://example.com/ref.png', refType: 'url', mimetype: 'image/png' },
    label: 'ref-image',
  },
  {
    name: 'Gis',
    type: 'gis',
    coordinates: {
      geo_type: 'polygon',
      wgs84_geo_coordinates: [
        [
          [34.78, 32.08],
          [34.79, 32.08],
          [34.79, 32.09],
        ],
      ],
    },
  },
  { name: 'Comparison', type: 'comparison', coordinates: { left: 'a', right: ['b', 1] } },
  { name: 'Undefined (ref_semantic_3d)', type: 'ref_semantic_3d', coordinates: { ref: 'x', labels: [1, 2] } },
  { name: 'Undefined (future type)', type: 'hologram', coordinates: [1, 'two', { three: null }] },
];
