// The label tags on the picture (show-labels): every labelled shape carries one, an issue's tag does
// not cover the tag of the object it is pinned over, tags stay on the canvas, and every tag's text
// reads on its fill (WCAG AA, computed here, not read off the layer's own helper).
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { frames } from '../internal/test-utils.js';
import { ann, layerPixel, mountLayer } from './layer-test-utils.js';
import { labelTags, type LabelTag } from './render/live-overlay.js';
import type { DlAnnotationLayer } from './annotation-layer.js';
import { LayerStore } from './model/layer-store.js';

afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));

/** WCAG 2 contrast ratio of two `#rrggbb` colours, written out here independently of the layer. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const n = parseInt(hex.slice(1), 16);
    const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
      const s = c / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * ch[0]! + 0.7152 * ch[1]! + 0.0722 * ch[2]!;
  };
  const [x, y] = [lum(a), lum(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

const box = (label: string, [x0, y0, x1, y1]: number[], id: string, status: string | null = null) =>
  ann(
    'box',
    label,
    [
      { x: x0, y: y0, z: 0 },
      { x: x1, y: y1, z: 0 },
    ],
    id,
    { metadata: { system: { attributes: {}, status } } },
  );

/** The seeded review scene in small: a 19 px wide person, a car with an open issue pinned over it, a box at the top edge. */
function scene() {
  return [
    box('person', [158, 133, 177, 200], 'p1'),
    box('car', [60, 220, 190, 280], 'c1', 'issue'),
    box('car', [240, 0, 330, 40], 'c2'),
    // Label "note" is in no ontology: its colour is the layer's fallback for notes.
    ann(
      'note',
      'note',
      {
        box: [
          { x: 60, y: 220, z: 0 },
          { x: 190, y: 280, z: 0 },
        ],
        note: { messages: [{ id: 'm1', body: 'The box is loose: fit it to the car.' }], status: 'open' },
      },
      'n1',
      { metadata: { system: { attributes: {}, status: 'issue', parentId: 'c1' } } },
    ),
  ];
}

function tagsOf(layer: DlAnnotationLayer): Map<string, LabelTag> {
  const store = layer.store;
  const keys = [...store.annotations.keys()];
  const ctx = document.createElement('canvas').getContext('2d')!;
  ctx.font = '12px system-ui, sans-serif';
  const tags = labelTags(
    {
      store,
      view: { scale: 1, x: 0, y: 0 },
      dpr: 1,
      showLabels: true,
      overlay: null,
      overlayCovers: false,
      visibleKeys: () => keys,
      maskOpacity: 1,
    },
    (t) => ctx.measureText(t).width,
  );
  return new Map(tags.map((t) => [store.json(t.key)!.id as string, t]));
}

const overlap = (a: LabelTag, b: LabelTag) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('label tags', () => {
  for (const theme of ['light', 'dark'])
    it(`every labelled shape shows its tag, the issue's beside its object's, on the canvas, text at AA contrast (${theme})`, async () => {
      const { layer } = await mountLayer(scene(), { theme, iw: 400, ih: 300 });
      layer.showLabels = true;
      await layer.updateComplete;
      await frames(3);
      const tags = tagsOf(layer);
      // A 19 px wide person carries its tag like every other shape.
      expect([...tags.keys()].sort()).toEqual(['c1', 'c2', 'n1', 'p1']);
      const person = tags.get('p1')!;
      expect(person.text).toBe('Person');
      // ... and it is drawn: the tag's fill (the person's colour, green) just inside its left end.
      const px = layerPixel(layer, person.x + 1, person.y + 2);
      expect(px[1]!, `person tag pixel ${px}`).toBeGreaterThan(200);
      expect(px[0]!, `person tag pixel ${px}`).toBeLessThan(60);
      // The issue's tag reads "Issue" and lies beside the tag of the car it is pinned over.
      const issue = tags.get('n1')!;
      expect(issue.text).toBe('Issue');
      expect(overlap(issue, tags.get('c1')!), JSON.stringify([issue, tags.get('c1')])).toBe(false);
      // A shape at the top of the image keeps its tag inside the canvas.
      expect(tags.get('c2')!.y).toBeGreaterThanOrEqual(0);
      // Every tag's text at WCAG AA on its fill; the issue's fill a deep red, not a bright label colour.
      for (const [id, t] of tags)
        expect(contrast(t.color, t.background), `${id}: ${t.color} on ${t.background}`).toBeGreaterThanOrEqual(4.5);
      expect(contrast(issue.background, '#ffffff')).toBeGreaterThanOrEqual(4.5);
      expect(issue.color).toBe('#ffffff');
      const ip = layerPixel(layer, issue.x + 1, issue.y + 2);
      expect(ip[0]!, `issue tag pixel ${ip}`).toBeGreaterThan(150);
      expect(ip[1]!, `issue tag pixel ${ip}`).toBeLessThan(60);
    });
});

describe('an issue on a narrow object', () => {
  // A 30 px wide green object (a tree at fit) with an issue pinned over it (the same box): its
  // "Person" tag is wider than the box, and the issue's tag on the box's top right corner lay over
  // it ("Per" left, as "Tre" for the demo's Tree).
  const narrow = () => [
    box('person', [100, 120, 130, 200], 'p1', 'issue'),
    box('car', [200, 120, 330, 200], 'c1'),
    ann(
      'note',
      'note',
      {
        box: [
          { x: 100, y: 120, z: 0 },
          { x: 130, y: 200, z: 0 },
        ],
        note: { messages: [{ id: 'm1', body: 'Wrong label: this is a sign.' }], status: 'open' },
      },
      'n1',
      { metadata: { system: { attributes: {}, status: 'issue', parentId: 'p1' } } },
    ),
  ];
  for (const theme of ['light', 'dark'])
    it(`puts the issue's tag beside the object's, both whole on the canvas (${theme})`, async () => {
      const { layer } = await mountLayer(narrow(), { theme, iw: 400, ih: 300 });
      layer.showLabels = true;
      await layer.updateComplete;
      await frames(3);
      const tags = tagsOf(layer);
      const person = tags.get('p1')!;
      const issue = tags.get('n1')!;
      expect(person.width, 'the tag is wider than its 30 px box').toBeGreaterThan(30);
      expect(overlap(issue, person), JSON.stringify([issue, person])).toBe(false);
      // the object's tag stays on its box's top left corner; the issue's on the same line, after it
      expect(person.x).toBe(100);
      expect(issue.y).toBe(person.y);
      expect(issue.x).toBeGreaterThanOrEqual(person.x + person.width);
      // Drawn so: the object's tag's fill (green) at both its ends, the issue red on its own tag.
      for (const x of [person.x + 1, person.x + person.width - 2]) {
        const px = layerPixel(layer, x, person.y + 2);
        expect(px[1]!, `person tag at ${x}: ${px}`).toBeGreaterThan(200);
        expect(px[0]!, `person tag at ${x}: ${px}`).toBeLessThan(60);
      }
      const ip = layerPixel(layer, issue.x + issue.width - 2, issue.y + 2);
      expect(ip[0]!, `issue tag pixel ${ip}`).toBeGreaterThan(150);
      expect(ip[1]!, `issue tag pixel ${ip}`).toBeLessThan(60);
    });
});

describe('label tags at the edges of the view', () => {
  it("a shape cut off at the left or right keeps its tag whole on the canvas, slid along the shape's top", async () => {
    const { layer } = await mountLayer(scene(), { iw: 400, ih: 300 });
    const store = layer.store;
    const ids = ['c1', 'n1', 'p1'];
    const keys = [...store.annotations.keys()].filter((k) => ids.includes(store.json(k)!.id as string));
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = '12px system-ui, sans-serif';
    // The view scrolled 100 px right, an 80 px wide canvas: the car and its issue (60..190) run off
    // both edges (-40..90), the person (158..177 -> 58..77) ends 3 px inside the right edge.
    const tags = labelTags(
      {
        store,
        view: { scale: 1, x: -100, y: 0 },
        dpr: 1,
        showLabels: true,
        overlay: null,
        overlayCovers: false,
        visibleKeys: () => keys,
        maskOpacity: 1,
      },
      (t) => ctx.measureText(t).width,
      80,
    );
    expect(tags.map((t) => store.json(t.key)!.id).sort()).toEqual(ids);
    for (const t of tags) {
      const id = store.json(t.key)!.id;
      expect(t.x, `${id} tag's left`).toBeGreaterThanOrEqual(0);
      expect(t.x + t.width, `${id} tag's right`).toBeLessThanOrEqual(80);
    }
    // the car's tag at the canvas's left edge, over the car's visible part
    expect(tags.find((t) => store.json(t.key)!.id === 'c1')!.x).toBe(0);
  });
});

describe("an issue's tag on a narrow object: after, before or below the object's tag, never over a tag", () => {
  const issueOn = ([x0, y0, x1, y1]: number[], id: string, parentId: string) =>
    ann(
      'note',
      'note',
      {
        box: [
          { x: x0, y: y0, z: 0 },
          { x: x1, y: y1, z: 0 },
        ],
        note: { messages: [{ id: 'm1', body: 'Fit it.' }], status: 'open' },
      },
      id,
      { metadata: { system: { attributes: {}, status: 'issue', parentId } } },
    );

  /** The tags of every annotation on a `width` px wide canvas at scale 1, by annotation id. */
  function tagsAt(layer: DlAnnotationLayer, width: number): Map<string, LabelTag> {
    const store = layer.store;
    const keys = [...store.annotations.keys()];
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = '12px system-ui, sans-serif';
    const scene = {
      store,
      view: { scale: 1, x: 0, y: 0 },
      dpr: 1,
      showLabels: true,
      overlay: null,
      overlayCovers: false,
      visibleKeys: () => keys,
      maskOpacity: 1,
    };
    const tags = labelTags(scene, (t) => ctx.measureText(t).width, width);
    return new Map(tags.map((t) => [store.json(t.key)!.id as string, t]));
  }

  const expectApart = (tags: Map<string, LabelTag>) => {
    const all = [...tags];
    for (const [i, [a, x]] of all.entries())
      for (const [b, y] of all.slice(i + 1))
        expect(overlap(x, y), `${a} over ${b}: ${JSON.stringify([x, y])}`).toBe(false);
  };

  it('near the canvas’s right edge it goes just before the object’s tag', async () => {
    // A 10 px wide person 40 px from the right edge of a 400 px canvas: no room after its tag.
    const { layer } = await mountLayer(
      [box('person', [360, 100, 370, 150], 'p1'), issueOn([360, 100, 370, 150], 'n1', 'p1')],
      {
        iw: 400,
        ih: 300,
      },
    );
    const tags = tagsAt(layer, 400);
    const [person, issue] = [tags.get('p1')!, tags.get('n1')!];
    expect(issue.x + issue.width, JSON.stringify([issue, person])).toBeLessThanOrEqual(person.x);
    expect(issue.y).toBe(person.y);
    expect(issue.x).toBeGreaterThanOrEqual(0);
    expectApart(tags);
  });

  it('crowded (tags after and before it), it goes on the line below; with that line taken too, further down', async () => {
    // Cars whose tags sit right after and right before the person's, on its line.
    const row = [
      box('person', [200, 100, 210, 150], 'p1'),
      box('car', [170, 100, 180, 150], 'c1'),
      box('car', [250, 100, 260, 150], 'c2'),
      issueOn([200, 100, 210, 150], 'n1', 'p1'),
    ];
    const first = await mountLayer(row, { iw: 400, ih: 300 });
    const tags = tagsAt(first.layer, 400);
    const [person, issue] = [tags.get('p1')!, tags.get('n1')!];
    expect(issue.y, JSON.stringify([issue, person])).toBeGreaterThan(person.y);
    expectApart(tags);
    first.layer.closest('dl-item-viewer')?.remove();
    // A third car whose tag lies on that line below: the issue goes further down, over no tag.
    const below = person.y + 2 * 16 + 2; // the car's top: its tag sits one line (16 px) above it
    const second = await mountLayer([...row, box('car', [200, below, 240, below + 30], 'c3')], { iw: 400, ih: 300 });
    const crowded = tagsAt(second.layer, 400);
    expect(crowded.get('n1')!.y, JSON.stringify([...crowded])).toBeGreaterThan(crowded.get('c3')!.y);
    expectApart(crowded);
  });
});

describe('a note in the side panel', () => {
  const LONG =
    'The box is loose on every side: fit it to the car, wheels and mirrors included, and check the two cars behind it as well <b>not bold</b>';
  it('shows its whole text, wrapped and bounded, as text, once selected', async () => {
    const notes = scene();
    const n1 = notes[3]!;
    (n1.coordinates as any).note.messages = [
      { id: 'm1', creator: 'manager@x.y', body: LONG },
      { id: 'm2', creator: 'annotator@x.y', body: 'Fixed?' },
    ];
    const { layer } = await mountLayer(notes, { w: 900, h: 500, panel: true });
    const root = layer.shadowRoot!;
    const noteRow = root.querySelector<HTMLElement>('.row[data-key="n1"]')!;
    expect(root.querySelector('[data-note-full]')).toBeNull();
    noteRow.click();
    await layer.updateComplete;
    await frames(2);
    const full = root.querySelector<HTMLElement>('[data-note-full]')!;
    expect(full, 'the note box').toBeTruthy();
    const text = full.querySelector<HTMLElement>('.note-text')!;
    // Every message whole, the markup in it as text.
    expect(text.textContent).toContain(`manager@x.y: ${LONG}`);
    expect(text.textContent).toContain('annotator@x.y: Fixed?');
    expect(full.querySelector('b')).toBeNull();
    // Wrapped (nothing cut at the side), several lines, bounded in height, inside the panel.
    expect(text.scrollWidth).toBeLessThanOrEqual(text.clientWidth);
    const lineHeight = Number.parseFloat(getComputedStyle(full).lineHeight);
    expect(text.getBoundingClientRect().height).toBeGreaterThan(2 * lineHeight);
    expect(full.getBoundingClientRect().height).toBeLessThanOrEqual(6 * lineHeight + 12);
    const panel = root.querySelector<HTMLElement>('.panel')!.getBoundingClientRect();
    const box = full.getBoundingClientRect();
    expect(box.left).toBeGreaterThanOrEqual(panel.left);
    expect(box.right).toBeLessThanOrEqual(panel.right);
    // The row stays one line (the list's rows keep their grid).
    expect(noteRow.getBoundingClientRect().height).toBeLessThanOrEqual(28);
    // Another selection: the box goes.
    root.querySelector<HTMLElement>('.row[data-key="c2"]')!.click();
    await layer.updateComplete;
    expect(root.querySelector('[data-note-full]')).toBeNull();
  });
});

describe("a polygon's tag", () => {
  // A diagonal band from the bottom left up to the top right: its bounding box's top left corner
  // (60, 40) lies in empty space 230 px from the band's top end.
  const band = (id = 'g1') =>
    ann(
      'segment',
      'person',
      [
        [
          { x: 60, y: 200 },
          { x: 80, y: 215 },
          { x: 320, y: 55 },
          { x: 300, y: 40 },
        ],
      ],
      id,
    );
  // A flat-topped polygon: two vertices on its top line, the tag at the left one.
  const flat = ann(
    'segment',
    'sign',
    [
      [
        { x: 200, y: 230 },
        { x: 150, y: 150 },
        { x: 110, y: 150 },
        { x: 90, y: 230 },
      ],
    ],
    'f1',
  );

  it('sits on its topmost vertex (ties: the leftmost), not its bounding box corner, drawn there', async () => {
    const { layer } = await mountLayer([band(), flat], { iw: 400, ih: 300 });
    layer.showLabels = true;
    await layer.updateComplete;
    await frames(3);
    const tags = tagsOf(layer);
    const g = tags.get('g1')!;
    expect([g.x, g.y + g.height]).toEqual([300, 40]);
    const f = tags.get('f1')!;
    expect([f.x, f.y + f.height]).toEqual([110, 150]);
    // Drawn there: the person's green at the tag's left end, the empty corner (60, 30) not painted.
    const px = layerPixel(layer, g.x + 1, g.y + 2);
    expect(px[1]!, `polygon tag pixel ${px}`).toBeGreaterThan(200);
    expect(px[0]!, `polygon tag pixel ${px}`).toBeLessThan(60);
    const corner = layerPixel(layer, 61, 30);
    expect(corner[1]! > 200 && corner[0]! < 60, `no tag at the empty corner: ${corner}`).toBe(false);
    await page.screenshot({ element: layer, path: '../../../test-results/screenshots/polygon-tag-top-vertex.png' });
  });

  it("moves off another object's tag there, as an issue's tag does, and stays on the canvas", async () => {
    // A car box whose corner tag lies where the band's top vertex puts its tag.
    const { layer } = await mountLayer([box('car', [295, 40, 340, 90], 'c1'), band()], { iw: 400, ih: 300 });
    const tags = tagsOf(layer);
    const car = tags.get('c1')!;
    const g = tags.get('g1')!;
    expect([car.x, car.y], "the box's tag stays on its corner").toEqual([295, 24]);
    expect(overlap(car, g), JSON.stringify([car, g])).toBe(false);
    expect(g.y, 'beside the car tag on its line').toBe(car.y);
    // At the top edge of a 320 px wide canvas: inside it, whole.
    const store = layer.store;
    const keys = [...store.annotations.keys()];
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = '12px system-ui, sans-serif';
    const edge = labelTags(
      {
        store,
        view: { scale: 1, x: 0, y: -45 },
        dpr: 1,
        showLabels: true,
        overlay: null,
        overlayCovers: false,
        visibleKeys: () => keys,
        maskOpacity: 1,
      },
      (t) => ctx.measureText(t).width,
      320,
    );
    for (const t of edge) {
      expect(t.x).toBeGreaterThanOrEqual(0);
      expect(t.y).toBeGreaterThanOrEqual(0);
      expect(t.x + t.width).toBeLessThanOrEqual(320);
    }
    for (const [i, a] of edge.entries())
      for (const b of edge.slice(i + 1)) expect(overlap(a, b), JSON.stringify([a, b])).toBe(false);
  });
});

describe('a crowd of polygon tags', () => {
  // Polygons sharing their top vertex (a crowd at fit): each tag tries a few places near the tag it
  // covers and stays put when none is free, so a frame's placement is about linear in its tags, and
  // none is pushed below the canvas (before: 2·placed+1 lines tried against every placed tag, 84 ms
  // a frame at 400 tags, tags hundreds of lines down).
  const crowd = (n: number) => {
    const store = new LayerStore();
    store.annotations.reset(
      Array.from({ length: n }, (_, i) =>
        ann(
          'segment',
          'person',
          [
            [
              { x: 200, y: 150 },
              { x: 220 + (i % 7), y: 250 },
              { x: 180 - (i % 5), y: 250 },
            ],
          ],
          `g${i}`,
        ),
      ),
    );
    const keys = [...store.annotations.keys()];
    const stats = { checks: 0 };
    const tags = labelTags(
      {
        store,
        view: { scale: 1, x: 0, y: 0 },
        dpr: 1,
        showLabels: true,
        overlay: null,
        overlayCovers: false,
        visibleKeys: () => keys,
        maskOpacity: 1,
      },
      (t) => 7 * t.length,
      400,
      300,
      stats,
    );
    return { tags, checks: stats.checks };
  };

  it('400 tags at one peak: a bounded number of overlap checks, every tag on the canvas', () => {
    const big = crowd(400);
    expect(big.tags).toHaveLength(400);
    expect(big.checks, 'overlap checks for 400 tags').toBeLessThanOrEqual(30 * 400);
    // Twice the tags, about twice the work (not four or eight times).
    const half = crowd(200);
    expect(big.checks).toBeLessThanOrEqual(2.5 * half.checks);
    for (const t of big.tags) {
      expect(t.y, JSON.stringify(t)).toBeGreaterThanOrEqual(0);
      expect(t.y + t.height, JSON.stringify(t)).toBeLessThanOrEqual(300);
      expect(t.x).toBeGreaterThanOrEqual(0);
      expect(t.x + t.width).toBeLessThanOrEqual(400);
    }
    // Tags did move off the first one where there was room: beside it and on the lines below.
    expect(new Set(big.tags.map((t) => `${t.x},${t.y}`)).size).toBeGreaterThan(3);
  });
});
