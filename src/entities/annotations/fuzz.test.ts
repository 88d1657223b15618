// Property-based tests: valid annotations round-trip; thousands of mutated ones either parse (and
// write JSON that parses again) or fail with a DlParseError naming a JSON path. Nothing untyped
// (TypeError, RangeError...) may escape the readers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DlParseError } from '../errors.js';
import { Annotation, AnnotationCollection, type AnnotationFromJsonOptions } from './index.js';
import { SPEC_SAMPLES, annotationJson } from './test-utils/sample-json.js';
import type { JsonObject } from '../json-read.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** fast-check dictionaries have a null prototype; JSON from the wire never does. */
const plain = (v: unknown): Json => JSON.parse(JSON.stringify(v)) as Json;

const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
const label = fc.constantFrom('car', 'vehicle.car', 'Person', 'a b', '');
const attrs = fc.dictionary(fc.constantFrom('color', 'occluded', 'score'), fc.oneof(fc.string(), fc.boolean(), finite));

/** A valid image annotation built from one spec sample with random label, attributes and box corners. */
const imageAnnotation = fc
  .record({
    sample: fc.constantFrom(...SPEC_SAMPLES),
    label,
    attrs,
    l: finite,
    t: finite,
    w: fc.nat(1000),
    h: fc.nat(1000),
    objectId: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ sample, label: lb, attrs: at, l, t, w, h, objectId }) => {
    let coords = sample.coordinates;
    let lab = sample.label ?? lb;
    if (sample.type === 'box')
      coords = [
        { x: l, y: t, z: 0 },
        { x: l + w, y: t + h, z: 0 },
      ];
    if (sample.type === 'text_mark') lab = (coords as { label: string }).label;
    const j = annotationJson(sample.type, structuredClone(coords), {
      label: lab,
      system: { ...(sample.system ?? {}), ...(objectId !== undefined ? { objectId: String(objectId) } : {}) },
    });
    (j['metadata'] as { system: Record<string, unknown> }).system['attributes'] = at;
    return { json: plain(j), options: { isVideo: false } as AnnotationFromJsonOptions };
  });

/** A valid video box track: first frame at top level, key frames (increasing) in snapshots_. */
const videoAnnotation = fc
  .record({
    start: fc.nat(50),
    steps: fc.array(
      fc.record({ gap: fc.integer({ min: 1, max: 10 }), fixed: fc.boolean(), visible: fc.boolean(), x: finite, attrs }),
      { maxLength: 6 },
    ),
    tail: fc.nat(5),
    fps: fc.constantFrom(25, 30, 10),
  })
  .map(({ start, steps, tail, fps }) => {
    let frame = start;
    const snaps = steps.map((s) => {
      frame += s.gap;
      return {
        frame,
        fixed: s.fixed,
        label: 'car',
        type: 'box',
        objectVisible: s.visible,
        data: [
          { x: s.x, y: 1, z: 0 },
          { x: s.x + 5, y: 9, z: 0 },
        ],
        namedAttributes: s.attrs,
      };
    });
    const endFrame = frame + tail;
    const j = annotationJson(
      'box',
      [
        { x: 0, y: 0, z: 0 },
        { x: 1, y: 1, z: 0 },
      ],
      {
        label: 'car',
        system: {
          objectId: '3',
          frame: start,
          startTime: start / fps,
          endTime: endFrame / fps,
          endFrame,
          snapshots_: snaps,
        },
      },
    );
    return {
      json: plain(j),
      options: {
        item: { id: j['itemId'] as string, metadata: { fps, system: { mimetype: 'video/mp4' } } },
      } as AnnotationFromJsonOptions,
    };
  });

const validAnnotation = fc.oneof(imageAnnotation, videoAnnotation);

/** Every path (list of keys/indices) in a JSON tree, the root excluded. */
function paths(v: Json, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  if (Array.isArray(v)) v.forEach((c, i) => (out.push([...prefix, i]), paths(c, [...prefix, i], out)));
  else if (v !== null && typeof v === 'object')
    for (const k of Object.keys(v)) out.push([...prefix, k]), paths(v[k]!, [...prefix, k], out);
  return out;
}

type Mutation = { pick: number; op: 'delete' | 'replace' | 'retype'; value: Json };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom('delete', 'replace', 'retype'),
  // Through JSON text, as values arrive from the wire: fast-check's jsonValue can make -0, which
  // JSON.stringify writes as 0, so a -0 kept by the reader would fail the plain-JSON check below for
  // a value no sender's JSON text carries (1 in ~190,000 runs: seed -202388457 found one).
  value: fc
    .oneof(
      fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
      fc.constantFrom<Json>(
        null,
        '',
        0,
        -1,
        1.5,
        'segment',
        'box',
        [],
        {},
        '__proto__',
        'constructor',
        'data:image/png;base64,',
      ),
    )
    .map(plain),
});

function retype(v: Json): Json {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v.length;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (Array.isArray(v)) return { ...v } as Json;
  if (v === null) return false;
  return Object.values(v) as Json;
}

function mutate(json: Json, muts: Mutation[]): Json {
  const root = structuredClone(json);
  for (const m of muts) {
    const all = paths(root);
    if (all.length === 0) break;
    const path = all[m.pick % all.length]!;
    let parent: Json = root;
    for (const k of path.slice(0, -1)) parent = (parent as Record<string, Json>)[k as string]!;
    const key = path[path.length - 1]!;
    const container = parent as Record<string | number, Json>;
    if (m.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete container[key];
    } else if (m.op === 'replace') container[key] = m.value;
    else container[key] = retype(container[key]!);
  }
  return root;
}

/** How many video snapshots of a (mutated) annotation are at or before its start frame (or have no frame number). */
function snapshotsBeforeStart(json: Json): number {
  const sys = (json as { metadata?: { system?: { frame?: unknown; snapshots_?: unknown } } })?.metadata?.system;
  if (!sys || !Array.isArray(sys.snapshots_)) return 0;
  const start = typeof sys.frame === 'number' ? sys.frame : 0;
  return sys.snapshots_.filter((s) => {
    const f = (s as { frame?: unknown } | null)?.frame;
    return typeof f !== 'number' || f <= start;
  }).length;
}

/** Writes `json` read back `times` times over. */
function rewrite(json: JsonObject, opts: AnnotationFromJsonOptions, times: number): JsonObject {
  let out = json;
  for (let i = 0; i < times; i++) out = Annotation.fromJson(out, opts).toJson();
  return out;
}

describe('fuzz: annotation readers', () => {
  it('valid annotations round-trip unchanged', () => {
    fc.assert(
      fc.property(validAnnotation, ({ json, options }) => {
        const out = Annotation.fromJson(structuredClone(json), options).toJson();
        expect(out).toStrictEqual(json);
      }),
      { numRuns: 1000 },
    );
  });

  it('mutated annotations parse or throw DlParseError with a JSON path; parsed ones write re-readable JSON', () => {
    let failures = 0;
    let parsed = 0;
    fc.assert(
      fc.property(
        validAnnotation,
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.constantFrom<AnnotationFromJsonOptions | null>(null, { isVideo: true }, {}),
        ({ json, options }, muts, override) => {
          const bad = mutate(json, muts);
          const opts = override ?? options;
          let ann: Annotation;
          try {
            ann = Annotation.fromJson(bad, opts);
          } catch (e) {
            if (!(e instanceof DlParseError)) throw e;
            expect(e.path.startsWith('$')).toBe(true);
            failures++;
            return;
          }
          parsed++;
          const out = ann.toJson();
          const text = JSON.stringify(out);
          expect(JSON.parse(text)).toStrictEqual(out); // plain JSON (no undefined, NaN, functions)
          // Its own output reads back to the same JSON. Except one case the SDK shares: a snapshot
          // before the start frame becomes the first frame's geometry while `frame` stays, so each
          // write normalises one such snapshot away; after as many writes as there were of them, the
          // JSON is stable (a fuzz run found two of them, which the old single write missed).
          const settled = rewrite(out, opts, snapshotsBeforeStart(bad));
          expect(Annotation.fromJson(settled, opts).toJson()).toStrictEqual(settled);
        },
      ),
      { numRuns: 4000 },
    );
    // both outcomes must actually be exercised
    expect(failures).toBeGreaterThan(200);
    expect(parsed).toBeGreaterThan(200);
  });

  it('a track with two snapshots before its start frame settles after two writes, as the SDK writes it', () => {
    const box = (x: number) => [
      { x, y: 0, z: 0 },
      { x: x + 1, y: 1, z: 0 },
    ];
    const snap = (frame: number, x: number) => ({ frame, fixed: false, label: 'car', type: 'box', data: box(x) });
    const json = plain(
      annotationJson('box', box(20), {
        label: 'car',
        system: {
          objectId: '1',
          frame: 2,
          startTime: 0.08,
          endTime: 0.2,
          endFrame: 5,
          snapshots_: [snap(0, 0), snap(1, 10), snap(4, 40)],
        },
      }),
    ) as JsonObject;
    const opts: AnnotationFromJsonOptions = { isVideo: true };
    const xs = (j: JsonObject) => {
      const sys = (
        j['metadata'] as { system: { frame: number; snapshots_: Array<{ frame: number; data: Array<{ x: number }> }> } }
      ).system;
      return {
        frame: sys.frame,
        first: (j['coordinates'] as Array<{ x: number }>)[0]!.x,
        snaps: sys.snapshots_.map((q) => `${q.frame}:${q.data[0]!.x}`).join(' '),
      };
    };
    // Each write takes the lowest frame's box as the coordinates and drops that frame from the snapshots.
    const writes = [
      { first: 0, snaps: '1:10 2:20 4:40' },
      { first: 10, snaps: '2:20 4:40' },
      { first: 20, snaps: '4:40' },
    ];
    let w = json;
    for (const want of writes) {
      w = rewrite(w, opts, 1);
      expect(xs(w)).toEqual({ frame: 2, ...want });
    }
    expect(rewrite(w, opts, 1)).toStrictEqual(w);
  });

  it('a collection of mutated annotations never throws: every failure is reported with its index', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(validAnnotation, fc.array(mutation, { maxLength: 2 })), { maxLength: 6 }),
        (entries) => {
          const list = entries.map(([{ json }, muts]) => mutate(json, muts));
          const coll = AnnotationCollection.fromJson(list, { isVideo: false });
          expect(coll.length + coll.errors.length).toBe(list.length);
          for (const e of coll.errors) {
            expect(e.error).toBeInstanceOf(DlParseError);
            expect(list[e.index]).toBe(e.json);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
