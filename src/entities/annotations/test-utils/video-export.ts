// A video item export built by hand with the structure of a real platform export of SDK-made box
// tracks (spec §2.1, §7.1): the item JSON with `annotations` as an array, keys in sorted order as
// the platform's export writes them, webm item metadata (fps, duration, ffmpeg probe), and per
// track `objectId`, `frame`/`endFrame`/`startTime`/`endTime`, one fixed snapshot per frame with
// `attributes: []` and no `namedAttributes`, coordinates moving by non-binary fractions.
import type { JsonObject } from '../../json-read.js';

const API = 'https://gate.dataloop.ai/api/v1';
const ITEM_ID = '70a1b2c3d4e5f60718293a4b';
const DATASET_ID = '70a1b2c3d4e5f60718293a00';

/** Sorts object keys recursively (the export's key order). */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, sortKeys(o[k])]),
    );
  }
  return v;
}

/** A box at frame `f` of track `i`: starts at an integer corner, drifts by 0.775 / 0.225 px per frame. */
function box(i: number, f: number) {
  const x = 400 + 150 * i - 0.775 * f;
  const y = 420 - 0.225 * f + (i ? 0.5 : 0);
  return [
    { x, y, z: 0 },
    { x: x + 138.75, y: y + 221.25, z: 0 },
  ];
}

/** The export: `{item keys..., annotations: [2 box tracks with 50 fixed snapshots each]}`. */
export function videoExportJson(): JsonObject {
  const fps = 25;
  const annotations = [0, 1].map((i) => {
    const id = `70a1b2c3d4e5f60718293b0${i}`;
    return {
      attributes: [],
      coordinates: box(i, 0),
      createdAt: '2024-05-26T15:20:09.313Z',
      creator: 'maker@example.com',
      dataset: `${API}/datasets/${DATASET_ID}`,
      datasetId: DATASET_ID,
      hash: `0f1e2d3c4b5a69788796a5b4c3d2e1f0a1b2c3d${i}`,
      id,
      item: `${API}/items/${ITEM_ID}`,
      itemId: ITEM_ID,
      label: i ? 'person' : 'car',
      metadata: {
        system: {
          automated: true,
          coordinateVersion: 'v2',
          endFrame: 50,
          endTime: 2,
          frame: 0,
          objectId: String(i + 1),
          snapshots_: Array.from({ length: 50 }, (_, k) => ({
            attributes: [],
            data: box(i, k + 1),
            fixed: true,
            frame: k + 1,
            label: i ? 'person' : 'car',
            objectVisible: true,
            type: 'box',
          })),
          startTime: 0,
        },
      },
      source: 'sdk',
      type: 'box',
      updatedAt: '2024-05-26T15:20:09.313Z',
      updatedBy: 'maker@example.com',
      url: `${API}/annotations/${id}`,
    };
  });
  return sortKeys({
    annotated: true,
    annotations,
    annotationsCount: 2,
    createdAt: '2024-05-26T15:20:08.483Z',
    creator: 'maker@example.com',
    dataset: `${API}/datasets/${DATASET_ID}`,
    datasetId: DATASET_ID,
    dir: '/',
    filename: '/street.webm',
    hidden: false,
    id: ITEM_ID,
    metadata: {
      fps,
      startTime: 0,
      system: {
        duration: 5,
        encoding: '7bit',
        ffmpeg: { avg_frame_rate: '25/1', codec_name: 'vp8', height: 720, nb_read_frames: '125', width: 1280 },
        fps,
        height: 720,
        isBinary: true,
        mimetype: 'video/webm',
        nb_frames: null,
        nb_frames_estimation: 125,
        originalname: 'street.webm',
        refs: [],
        size: 234017,
        startTime: 0,
        width: 1280,
      },
    },
    name: 'street.webm',
    stream: `${API}/items/${ITEM_ID}/stream`,
    thumbnail: `${API}/items/${ITEM_ID}/thumbnail`,
    type: 'file',
    updatedAt: '2024-05-26T15:20:09.862Z',
    updatedBy: 'maker@example.com',
    url: `${API}/items/${ITEM_ID}`,
  }) as JsonObject;
}
