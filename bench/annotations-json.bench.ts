// Annotation JSON read/write throughput vs a deep JSON clone of the same data (the floor for any
// reader that looks at every value). Synthetic data built here; prints medians and ratios.
import { Annotation, AnnotationCollection } from '../src/entities/annotations/index.js';

function imageList(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    id: `a${i}`,
    url: null,
    creator: 'u',
    metadata: { system: { attributes: { k: i % 3 }, automated: false, clientId: `c${i}` }, user: {} },
    hash: null,
    itemId: 'it',
    item: null,
    label: `label.${i % 17}`,
    dataset: null,
    createdAt: 't',
    updatedBy: 'u',
    updatedAt: 't',
    source: 'ui',
    datasetId: 'ds',
    type: i % 2 ? 'box' : 'segment',
    coordinates:
      i % 2
        ? [
            { x: i, y: i, z: 0 },
            { x: i + 10, y: i + 20, z: 0 },
          ]
        : [Array.from({ length: 40 }, (_, k) => ({ x: Math.cos(k) * 50 + i, y: Math.sin(k) * 50 }))],
    attributes: [],
  }));
}

function videoList(tracks: number, snaps: number) {
  return Array.from({ length: tracks }, (_, t) => ({
    id: `v${t}`,
    url: null,
    creator: 'u',
    hash: null,
    itemId: 'it',
    item: null,
    label: 'car',
    dataset: null,
    createdAt: 't',
    updatedBy: 'u',
    updatedAt: 't',
    source: 'sdk',
    datasetId: 'ds',
    type: 'box',
    coordinates: [
      { x: 0, y: 0, z: 0 },
      { x: 5, y: 5, z: 0 },
    ],
    attributes: [],
    metadata: {
      system: {
        objectId: String(t + 1),
        frame: 0,
        startTime: 0,
        endFrame: snaps,
        endTime: snaps / 25,
        attributes: {},
        snapshots_: Array.from({ length: snaps }, (_, s) => ({
          frame: s + 1,
          fixed: true,
          label: 'car',
          type: 'box',
          objectVisible: true,
          data: [
            { x: s, y: s, z: 0 },
            { x: s + 5, y: s + 5, z: 0 },
          ],
          namedAttributes: {},
        })),
      },
    },
  }));
}

function median(fn: () => void, runs = 15): number {
  fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)]!;
}

const cases: Array<[string, unknown[], { isVideo: boolean }]> = [
  ['5000 image annotations (box/polygon)', imageList(5000), { isVideo: false }],
  ['100 video tracks x 100 snapshots', videoList(100, 100), { isVideo: true }],
];
console.log('case'.padEnd(40), 'JSON clone ms', 'fromJson ms', 'toJson ms', 'read+write / clone');
for (const [name, list, opts] of cases) {
  const clone = median(() => JSON.parse(JSON.stringify(list)));
  const read = median(() => AnnotationCollection.fromJson(list, opts));
  const coll = AnnotationCollection.fromJson(list, opts);
  const write = median(() => coll.toJsonList());
  console.log(
    name.padEnd(40),
    clone.toFixed(1).padStart(13),
    read.toFixed(1).padStart(11),
    write.toFixed(1).padStart(9),
    `${((read + write) / clone).toFixed(1)}x`.padStart(19),
  );
}
void Annotation;
