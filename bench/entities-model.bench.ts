// Entity model throughput (Filters, Item pages, Ontology maps) vs a deep JSON clone of the same data:
// the floor for any reader that looks at every value. Synthetic data built here; prints medians and ratios.
import { Filters } from '../src/entities/filters/index.js';
import { Ontology } from '../src/entities/ontology/index.js';
import { Item, readPagedResponse } from '../src/entities/resources/index.js';

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

function bodies(n: number): unknown[] {
  return Array.from({ length: n }, (_, i) => {
    const f = new Filters();
    f.add('dir', `/folder${i % 50}`);
    f.add('metadata.user.tag', ['a', 'b', `t${i}`], { operator: 'in', method: 'or' });
    f.add('createdAt', `2024-01-${(i % 28) + 1}`, { operator: 'gt' });
    f.addJoin('label', `label${i % 20}`);
    f.sortBy('id', i % 2 ? 'ascending' : 'descending');
    f.page = i % 7;
    return f.prepare();
  });
}

function itemPage(n: number): unknown {
  return {
    totalItemsCount: n,
    totalPagesCount: 1,
    hasNextPage: false,
    items: Array.from({ length: n }, (_, i) => ({
      id: `id${i}`,
      datasetId: 'ds',
      url: 'u',
      dataset: 'du',
      createdAt: '2024-01-01T00:00:00.000Z',
      dir: '/d',
      filename: `/d/img${i}.jpg`,
      type: 'file',
      hidden: false,
      name: `img${i}.jpg`,
      creator: 'me@x',
      stream: 's',
      thumbnail: 't',
      annotations: 'a',
      annotationsCount: i % 9,
      annotated: i % 2 === 0,
      metadata: {
        system: {
          mimetype: 'image/jpeg',
          size: 1000 + i,
          width: 640,
          height: 480,
          isBinary: true,
          channels: 3,
          refs: [{ type: 'task', id: 't1', metadata: { status: 'completed' } }],
          taskStatusLog: [],
        },
        user: { k: i },
      },
    })),
  };
}

function ontologyRoots(parents: number, kids: number): unknown[] {
  return Array.from({ length: parents }, (_, p) => ({
    value: {
      tag: `label_${p}`,
      displayLabel: `L${p}`,
      color: `#${((p * 2654435761) % 0xffffff).toString(16).padStart(6, '0')}`,
      attributes: [],
    },
    children: Array.from({ length: kids }, (_, k) => ({
      value: { tag: `c${k}`, color: `rgb(${k},${p % 255},9)` },
      children: [],
    })),
  }));
}

console.log('case'.padEnd(44), 'JSON clone ms', 'dl-kit ms', 'dl-kit / clone');
const row = (name: string, clone: number, ours: number): void =>
  console.log(
    name.padEnd(44),
    clone.toFixed(2).padStart(13),
    ours.toFixed(2).padStart(9),
    `${(ours / clone).toFixed(1)}x`.padStart(14),
  );

const dql = bodies(2000);
row(
  '2000 DQL bodies: fromJson + canonicalKey',
  median(() => JSON.parse(JSON.stringify(dql))),
  median(() => {
    for (const b of dql) Filters.fromJson(b).canonicalKey();
  }),
);
const page = itemPage(1000);
row(
  '1000-item page: read + toJson',
  median(() => JSON.parse(JSON.stringify(page))),
  median(() => {
    const { page: p } = readPagedResponse(page, (j) => Item.fromJson(j));
    for (const item of p.items) item.toJson();
  }),
);
const roots = ontologyRoots(200, 10);
row(
  '2200-label ontology: fromJson + maps',
  median(() => JSON.parse(JSON.stringify(roots))),
  median(() => {
    const o = Ontology.fromRoots(roots);
    void o.instanceMap;
    void o.colorMap;
  }),
);
