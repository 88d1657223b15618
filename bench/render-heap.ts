// Diagnostic (not part of `npm run bench`): what the render bench page's JS heap holds per shape.
// Runs one target of the render bench page (bench/render-page.ts) with a short pan loop and drag,
// takes a V8 heap snapshot of the page after a forced GC (CDP HeapProfiler, streamed and parsed here
// without keeping the JSON text, so 100,000 polygons fit), computes retained sizes (dominator tree)
// and prints, per shape: self size by constructor, and the retained size of the layer's model /
// render objects (AnnotationStore, ShapeIndex, TileScene, ...) and of the page's own data (the
// `polys` array the bench page built its JSON from and keeps for the drag).
// `RENDER_BENCH_MINIFY=0 npx tsx bench/render-heap.ts [target=dlkit] [n=10000]` (MINIFY=0 keeps
// class names; target `baseline` with `RENDER_BENCH_BASELINE=<ref>`).
import type { CDPSession } from 'playwright';
import { buildPage, ensureImage, launch, runTarget, serve } from './render-harness.js';

const target = process.argv[2] ?? 'dlkit';
const n = Number(process.argv[3] ?? 10000);

/** A heap snapshot's graph as typed arrays (nodes: 7 or 6 fields; edges: 3). */
interface Graph {
  nodeFields: string[];
  edgeFields: string[];
  nodeTypes: string[];
  edgeTypes: string[];
  nodes: Uint32Array;
  edges: Uint32Array;
  strings: string[];
}

/** The snapshot's `meta` with its counts. */
type SnapshotMeta = {
  node_fields: string[];
  edge_fields: string[];
  node_types: [string[]];
  edge_types: [string[]];
  node_count: number;
  edge_count: number;
};

/** Streams HeapProfiler.takeHeapSnapshot's chunks into numbers (the text is never kept whole). */
async function snapshot(cdp: CDPSession): Promise<Graph> {
  let state: 'head' | 'nodes' | 'edges' | 'skip' | 'strings' = 'head';
  let head = '';
  let tail = '';
  let num = -1;
  let nodeArr: Uint32Array | null = null;
  let edgeArr: Uint32Array | null = null;
  let ni = 0;
  let ei = 0;
  let meta: SnapshotMeta | null = null;
  const push = (v: number) => {
    if (state === 'nodes') nodeArr![ni++] = v;
    else edgeArr![ei++] = v;
  };
  const feed = (chunk: string) => {
    let i = 0;
    while (i < chunk.length) {
      if (state === 'head' || state === 'skip') {
        const key = state === 'head' ? (head.includes('"nodes"') ? '"edges":[' : '"nodes":[') : '"strings":[';
        head += chunk.slice(i);
        const at = head.indexOf(key);
        if (at < 0) {
          // keep enough text to find a key cut across chunks
          if (state === 'skip') head = head.slice(-20);
          return;
        }
        if (state === 'head' && key === '"nodes":[') {
          const s = head.slice(head.indexOf('{"snapshot":') + 12, at);
          const m = JSON.parse(s.slice(0, s.lastIndexOf('}') + 1)) as {
            meta: SnapshotMeta;
            node_count: number;
            edge_count: number;
          };
          meta = { ...m.meta, node_count: m.node_count, edge_count: m.edge_count };
          nodeArr = new Uint32Array(m.node_count * meta.node_fields.length);
          edgeArr = new Uint32Array(m.edge_count * meta.edge_fields.length);
          state = 'nodes';
        } else if (state === 'skip') {
          state = 'strings';
          tail = '[';
        } else state = 'edges';
        const rest = head.slice(at + key.length);
        head = '';
        i = chunk.length;
        feed(rest);
        return;
      }
      if (state === 'strings') {
        tail += chunk.slice(i);
        return;
      }
      // numbers of nodes/edges
      const c = chunk.charCodeAt(i);
      if (c >= 48 && c <= 57) num = (num < 0 ? 0 : num * 10) + (c - 48);
      else {
        if (num >= 0) push(num);
        num = -1;
        if (c === 93) {
          // ']'
          if (state === 'nodes') {
            state = 'head';
            head = '"nodes"';
          } else state = 'skip';
          feed(chunk.slice(i + 1));
          return;
        }
      }
      i++;
    }
  };
  const onChunk = (e: { chunk: string }) => feed(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.disable');
  const strings = JSON.parse(tail.slice(0, tail.lastIndexOf(']') + 1)) as string[];
  // (assigned in the chunk handler: TypeScript's narrowing does not see it)
  const m = meta as unknown as SnapshotMeta | null;
  const nodes = nodeArr as unknown as Uint32Array | null;
  const edges = edgeArr as unknown as Uint32Array | null;
  if (!m || !nodes || !edges) throw new Error('no snapshot');
  if (ni !== nodes.length || ei !== edges.length) throw new Error(`parse: ${ni}/${nodes.length} ${ei}/${edges.length}`);
  return {
    nodeFields: m.node_fields,
    edgeFields: m.edge_fields,
    nodeTypes: m.node_types[0],
    edgeTypes: m.edge_types[0],
    nodes,
    edges,
    strings,
  };
}

/** Retained sizes by the dominator tree (Cooper, Harvey & Kennedy's iterative algorithm). */
function analyse(g: Graph, shapes: number): void {
  const NF = g.nodeFields.length;
  const EF = g.edgeFields.length;
  const N = g.nodes.length / NF;
  const fType = g.nodeFields.indexOf('type');
  const fName = g.nodeFields.indexOf('name');
  const fSize = g.nodeFields.indexOf('self_size');
  const fEdges = g.nodeFields.indexOf('edge_count');
  const eType = g.edgeFields.indexOf('type');
  const eTo = g.edgeFields.indexOf('to_node');
  const weak = g.edgeTypes.indexOf('weak');
  const shortcut = g.edgeTypes.indexOf('shortcut');
  const first = new Uint32Array(N + 1);
  for (let i = 0, e = 0; i < N; i++) {
    first[i] = e;
    e += g.nodes[i * NF + fEdges]!;
    first[i + 1] = e;
  }
  const type = (i: number) => g.nodeTypes[g.nodes[i * NF + fType]!]!;
  const name = (i: number) => g.strings[g.nodes[i * NF + fName]!]!;
  const self = (i: number) => g.nodes[i * NF + fSize]!;
  const kids = (i: number, f: (j: number) => void) => {
    for (let e = first[i]!; e < first[i + 1]!; e++) {
      const t = g.edges[e * EF + eType]!;
      if (t === weak || t === shortcut) continue;
      f(g.edges[e * EF + eTo]! / NF);
    }
  };
  // post order from the root (node 0), iteratively
  const post = new Int32Array(N).fill(-1);
  const order: number[] = [];
  const seen = new Uint8Array(N);
  const stack: number[] = [0];
  const it = new Uint32Array(N);
  seen[0] = 1;
  for (let i = 0; i < N; i++) it[i] = first[i]!;
  while (stack.length) {
    const v = stack[stack.length - 1]!;
    let pushed = false;
    while (it[v]! < first[v + 1]!) {
      const e = it[v]!++;
      const t = g.edges[e * EF + eType]!;
      if (t === weak || t === shortcut) continue;
      const w = g.edges[e * EF + eTo]! / NF;
      if (!seen[w]) {
        seen[w] = 1;
        stack.push(w);
        pushed = true;
        break;
      }
    }
    if (!pushed) {
      stack.pop();
      post[v] = order.length;
      order.push(v);
    }
  }
  // predecessors (reachable only)
  const predCount = new Uint32Array(N + 1);
  for (let v = 0; v < N; v++) if (seen[v]) kids(v, (w) => predCount[w + 1]!++);
  for (let i = 0; i < N; i++) predCount[i + 1]! += predCount[i]!;
  const preds = new Uint32Array(predCount[N]!);
  const fill = predCount.slice();
  for (let v = 0; v < N; v++) if (seen[v]) kids(v, (w) => (preds[fill[w]!++] = v));
  const idom = new Int32Array(N).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (post[a]! < post[b]!) a = idom[a]!;
      while (post[b]! < post[a]!) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = order.length - 2; k >= 0; k--) {
      const v = order[k]!;
      let d = -1;
      for (let p = predCount[v]!; p < predCount[v + 1]!; p++) {
        const u = preds[p]!;
        if (idom[u]! < 0) continue;
        d = d < 0 ? u : intersect(u, d);
      }
      if (d >= 0 && idom[v] !== d) {
        idom[v] = d;
        changed = true;
      }
    }
  }
  const retained = new Float64Array(N);
  for (const v of order) retained[v]! += self(v);
  for (const v of order) if (v !== 0 && idom[v]! >= 0) retained[idom[v]!]! += retained[v]!;
  let total = 0;
  for (const v of order) total += self(v);
  const perShape = (b: number) => (b / shapes).toFixed(0).padStart(6);
  console.log(
    `reachable heap ${(total / 1e6).toFixed(1)} MB = ${perShape(total)} B per shape (${order.length} objects)`,
  );
  // self size by constructor
  const byCtor = new Map<string, { self: number; count: number }>();
  for (const v of order) {
    const t = type(v);
    const k = t === 'object' || t === 'native' ? name(v) : `(${t})`;
    const r = byCtor.get(k) ?? { self: 0, count: 0 };
    r.self += self(v);
    r.count++;
    byCtor.set(k, r);
  }
  console.log('\nself size by constructor (B per shape, objects per shape):');
  for (const [k, r] of [...byCtor].sort((a, b) => b[1].self - a[1].self).slice(0, 20))
    console.log(`  ${perShape(r.self)}  ${(r.count / shapes).toFixed(1).padStart(6)}  ${k.slice(0, 80)}`);
  // who owns what: every object counts for its nearest dominator that is an instance of a named class
  // (not Object/Array/system) retaining >= 0.5 % of the heap; the rest for "(shared / roots)"
  const generic =
    /^(Object|Array|Map|Set|Float64Array|Float32Array|Int32Array|Uint8Array|Uint32Array|ArrayBuffer|Window|global|system.*|\(.*\))$/;
  const owner = new Int32Array(N).fill(-1);
  for (let k = order.length - 1; k >= 0; k--) {
    const v = order[k]!;
    const t = type(v);
    const named = (t === 'object' || t === 'native') && !generic.test(name(v)) && retained[v]! >= total * 0.005;
    owner[v] = named ? v : v === 0 ? -1 : owner[idom[v]!]!;
  }
  const byOwner = new Map<string, Map<string, number>>();
  for (const v of order) {
    const o = owner[v]!;
    const k = o < 0 ? '(shared / roots)' : name(o);
    const t = type(v);
    const c = t === 'object' || t === 'native' ? name(v).slice(0, 40) : `(${t})`;
    const m = byOwner.get(k) ?? new Map<string, number>();
    m.set(c, (m.get(c) ?? 0) + self(v));
    byOwner.set(k, m);
  }
  console.log('\nby owner (B per shape; its largest constructors):');
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  for (const [k, m] of [...byOwner].sort((a, b) => sum(b[1]) - sum(a[1])).slice(0, 14))
    console.log(
      `  ${perShape(sum(m))}  ${k.slice(0, 40).padEnd(40)}  ${[...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([c, b]) => `${c} ${(b / shapes).toFixed(0)}`)
        .join(', ')}`,
    );
  // retained size of the biggest instances of named classes (the layer's parts) and big arrays
  console.log('\nlargest retainers (retained B per shape, constructor, dominated by):');
  const big = order.filter((v) => retained[v]! > total * 0.01).sort((a, b) => retained[b]! - retained[a]!);
  for (const v of big.slice(0, 40)) {
    const t = type(v);
    if (t === 'synthetic' || t === 'hidden') continue;
    console.log(
      `  ${perShape(retained[v]!)}  ${(t === 'object' || t === 'native' ? name(v) : `(${t}) ${name(v)}`).slice(0, 60).padEnd(60)}  <- ${name(idom[v]!).slice(0, 40)}`,
    );
  }
}

await buildPage(target === 'baseline' ? process.env.RENDER_BENCH_BASELINE : undefined);
const srv = await serve();
const browser = await launch();
try {
  await ensureImage(browser, srv.url);
  const base = target === 'baseline' ? `${srv.url}baseline/` : srv.url;
  const opts = { loopMs: 200, dragMs: 200, settleMs: 300, settleLimitMs: 10_000 };
  const take = async (page: import('playwright').Page) => {
    const cdp = await page.context().newCDPSession(page);
    const g = await snapshot(cdp);
    analyse(g, n);
    await cdp.detach();
  };
  // RENDER_HEAP_AT=setup: the snapshot when the bench reads its heap column (after the first render)
  const atSetup = process.env.RENDER_HEAP_AT === 'setup';
  const r = await runTarget(browser, base, target, n, opts, {
    heap: atSetup
      ? async (page) => {
          await page.exposeFunction('benchHeapHook', async () => {
            // usedJSHeapSize after one gc() (the bench's reading), a second, and after idle time
            // a string: tsx's named functions (__name) are not defined in the page
            const used = (await page.evaluate(`(async () => {
              const m = () => performance.memory.usedJSHeapSize;
              const out = [m()];
              gc(); out.push(m());
              gc(); out.push(m());
              await new Promise((r) => setTimeout(r, 1000));
              gc(); out.push(m());
              return out.map((x) => (x / 1e6).toFixed(2));
            })()`)) as string[];
            console.log(`usedJSHeapSize MB: as read, gc, gc again, after 1 s + gc: ${used.join(' ')}`);
            if (!process.env.RENDER_HEAP_NOSNAP) await take(page);
          });
        }
      : undefined,
    stop: async (page) => {
      if (!atSetup) await take(page);
    },
  });
  console.log(
    `\nthe bench's own measure: page heap ${(r.heap / 1e6).toFixed(1)} MB, workers ${(r.workerHeap / 1e6).toFixed(1)} MB (subtract the bare viewer's for "per shape")`,
  );
} finally {
  await browser.close();
  srv.close();
}
