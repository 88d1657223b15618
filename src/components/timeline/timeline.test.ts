import { afterEach, describe, expect, it, vi } from 'vitest';
import axe from 'axe-core';
import { page, userEvent } from 'vitest/browser';
import './define.js';
import '../item-viewer/define.js';
import type { DlTimeline } from './timeline.js';
import type {
  DlKeyframeActionEvent,
  DlSeekEvent,
  DlTrackSelectEvent,
  KeyframeActionDetail,
} from './timeline-events.js';
import { applyKeyframeAction, trackAnnotationAt } from './keyframe-actions.js';
import { actedSegment } from './keyframe-rules.js';
import { timelineRows } from './timeline-model.js';
import { objectName } from '../object-name.js';
import { AnnotationCollection } from '../../entities/annotations/annotation-collection.js';
import { Annotation } from '../../entities/annotations/annotation.js';
import { nextEvent, realClick, realClickOn, realDrag, realPointer } from '../internal/test-utils.js';
import { resetStrings, setStrings } from '../strings.js';
import { CLIP_H264, clipItem, shownFrame } from '../item-viewer/video-test-utils.js';
import type { DlItemLoadEvent } from '../item-viewer/item-viewer-events.js';

afterEach(() => {
  document.querySelectorAll('dl-timeline, dl-item-viewer').forEach((e) => e.remove());
});

const box = (x: number) => [
  { x, y: 10, z: 0 },
  { x: x + 20, y: 30, z: 0 },
];
const snap = (frame: number, fixed: boolean, x: number, objectVisible = true) => ({
  frame,
  fixed,
  label: 'car',
  type: 'box',
  objectVisible,
  data: box(x),
});
function ann(
  id: string,
  objectId: string | null,
  frame: number,
  endFrame: number,
  snapshots: unknown[],
  label = 'car',
) {
  return {
    id,
    type: 'box',
    label,
    coordinates: box(0),
    creator: null,
    createdAt: null,
    updatedBy: null,
    updatedAt: null,
    attributes: null,
    metadata: {
      system: {
        frame,
        endFrame,
        startTime: frame / 30,
        endTime: endFrame / 30,
        ...(objectId ? { objectId } : {}),
        snapshots_: snapshots,
      },
    },
  };
}
const subtitle = (id: string, text: string, start: number, end: number) => ({
  id,
  type: 'subtitle',
  label: 'Text',
  coordinates: { text },
  creator: null,
  createdAt: null,
  updatedBy: null,
  updatedAt: null,
  metadata: { system: { frame: 0, startTime: start, endTime: end, endFrame: Math.round(end * 30) } },
});

/** Track 2 (0..60, key frames 0, 30, 60, hidden 40..49), track 10 (20..80), an image annotation, two subtitles. */
function sample() {
  return [
    ann('a10', '10', 20, 80, [snap(80, true, 80)], 'person'),
    ann('a2', '2', 0, 60, [
      snap(30, true, 30),
      snap(40, true, 40, false),
      snap(50, true, 50),
      snap(55, false, 57), // off the line from key frame 50 to 60: a tracker's box
      snap(60, true, 60),
    ]),
    { ...ann('img', null, 0, 0, []), metadata: { system: {} } },
    subtitle('s1', 'Hello', 1, 2),
    subtitle('s2', 'World & <b>you</b>', 2.5, 2.9),
  ];
}

/** The sample without its image annotation (a video collection reads every annotation as a track). */
const videoOnly = () => sample().filter((a) => a.id !== 'img');

async function mount(props: Partial<DlTimeline> = {}): Promise<DlTimeline> {
  const t = document.createElement('dl-timeline');
  t.style.cssText = 'position:fixed;left:0;top:0;width:410px';
  Object.assign(t, { frameCount: 90, fps: 30, annotations: sample(), ...props });
  document.body.append(t);
  await t.updateComplete;
  return t;
}
const $ = (t: DlTimeline, sel: string) => t.shadowRoot!.querySelector(sel) as HTMLElement;
const $$ = (t: DlTimeline, sel: string) => [...t.shadowRoot!.querySelectorAll(sel)] as HTMLElement[];

describe('<dl-timeline> rows', () => {
  it('subtitles that overlap in time sit on separate lines of the row; the others share the first', async () => {
    // Frames at 30 fps: s1 30–60, s3 45–54 (inside s1), s4 75–87 (after both), s2 75–87 again.
    const t = await mount({
      annotations: [
        subtitle('s1', 'One', 1, 2),
        subtitle('s3', 'Inside one', 1.5, 1.8),
        subtitle('s4', 'Later', 2.5, 2.9),
        subtitle('s2', 'Same time', 2.5, 2.9),
      ],
    });
    const lane = $(t, '.subs').getBoundingClientRect();
    const box = (text: string) =>
      $$(t, '.sub')
        .find((e) => e.textContent === text)!
        .getBoundingClientRect();
    // Two lines (26 px each): One and Later on the first; Inside one and Same time on the second.
    expect(lane.height).toBe(52);
    for (const text of ['One', 'Later']) expect(box(text).top - lane.top, text).toBe(3);
    for (const text of ['Inside one', 'Same time']) expect(box(text).top - lane.top, text).toBe(29);
    for (const text of ['One', 'Inside one', 'Later', 'Same time']) expect(box(text).height, text).toBe(20);
    // One line when nothing overlaps (the sample's subtitles): the row keeps its single-line height.
    t.annotations = sample();
    await t.updateComplete;
    expect($(t, '.subs').getBoundingClientRect().height).toBe(26);
    expect(box('Hello').height).toBe(20);
  });

  it('one row per objectId in objectId order, key frames, hidden ranges; subtitles on their own row as text', async () => {
    const t = await mount();
    const rows = $$(t, '.track');
    expect(rows.map((r) => r.getAttribute('aria-label'))).toEqual([
      'car #2, frames 0–60, 5 key frames',
      'person #10, frames 20–80, 2 key frames',
    ]);
    const keys = $$(t, '#track-0 .key').map((k) => k.getAttribute('title'));
    expect(keys).toEqual(['Key frame 0', 'Key frame 30', 'Key frame 40', 'Key frame 50', 'Key frame 60']);
    expect($$(t, '#track-0 .hid').map((h) => h.title)).toEqual(['Hidden 40–49']);
    // Positions are fractions of the lane: the segment of track 10 starts at 20/90 of it.
    const lane = $(t, '#track-1 .lane').getBoundingClientRect();
    const seg = $(t, '#track-1 .seg').getBoundingClientRect();
    expect((seg.left - lane.left) / lane.width).toBeCloseTo(20 / 90, 2);
    expect(seg.width / lane.width).toBeCloseTo(61 / 90, 2);
    const subs = $$(t, '.sub');
    expect(subs.map((s) => s.textContent)).toEqual(['Hello', 'World & <b>you</b>']);
    expect(t.shadowRoot!.querySelector('.sub b')).toBeNull(); // user text renders as text
    // An AnnotationCollection works too.
    t.annotations = AnnotationCollection.fromJson(videoOnly(), { fps: 30, isVideo: true });
    await t.updateComplete;
    expect($$(t, '.track').length).toBe(2);
    t.annotations = [];
    await t.updateComplete;
    expect($(t, '.empty').textContent).toBe('No tracks on this video');
  });
});

describe('<dl-timeline> a capped track list', () => {
  it('a track selected from outside scrolls its row whole into the list (only the list); one already whole stays put', async () => {
    // A host caps the list at two rows and a part (the demo's video page caps it low on a short
    // window): selecting the eighth track's box on the picture left its row scrolled away.
    const many = Array.from({ length: 8 }, (_, i) => ann(`m${i}`, String(i + 1), 0, 60, [snap(60, true, 60)]));
    const t = await mount({ annotations: many });
    t.style.setProperty('--dl-timeline-max-height', '60px');
    await t.updateComplete;
    const list = $(t, '.tracks');
    expect(list.scrollHeight).toBeGreaterThan(list.clientHeight + 100);
    const whole = (i: number) => {
      const l = list.getBoundingClientRect();
      const r = $(t, `#track-${i}`).getBoundingClientRect();
      return r.top >= l.top + list.clientTop - 0.5 && r.bottom <= l.top + list.clientTop + list.clientHeight + 0.5;
    };
    expect(whole(7)).toBe(false);
    t.selected = [t.trackRows[7]!.key];
    await t.updateComplete;
    expect(whole(7)).toBe(true);
    const end = list.scrollTop;
    expect(end).toBeGreaterThan(0);
    // The same selection set again (a host re-sets a new array): nothing moves.
    list.scrollTop = 0;
    t.selected = [t.trackRows[7]!.key];
    await t.updateComplete;
    expect(list.scrollTop).toBe(0);
    // Back up to the first.
    list.scrollTop = end;
    t.selected = [t.trackRows[0]!.key];
    await t.updateComplete;
    expect(whole(0)).toBe(true);
    expect(list.scrollTop).toBe(0);
    expect(document.scrollingElement!.scrollTop).toBe(0);
  });

  it('a track selected before its row exists (the host sets annotations a moment later) is revealed when the row comes', async () => {
    // The demo's video page sets the annotations in a microtask after the selection: a newly drawn
    // or undo-restored track was selected while it had no row yet and stayed scrolled away.
    const many = Array.from({ length: 8 }, (_, i) => ann(`m${i}`, String(i + 1), 0, 60, [snap(60, true, 60)]));
    const t = await mount({ annotations: many });
    t.style.setProperty('--dl-timeline-max-height', '60px');
    await t.updateComplete;
    const list = $(t, '.tracks');
    t.selected = ['o:99'];
    await t.updateComplete;
    expect(list.scrollTop).toBe(0);
    t.annotations = [...many, ann('m99', '99', 0, 60, [snap(60, true, 60)])];
    await t.updateComplete;
    const i = t.trackRows.findIndex((r) => r.key === 'o:99');
    expect(i).toBe(8);
    const l = list.getBoundingClientRect();
    const r = $(t, `#track-${i}`).getBoundingClientRect();
    expect(r.top).toBeGreaterThanOrEqual(l.top + list.clientTop - 0.5);
    expect(r.bottom).toBeLessThanOrEqual(l.top + list.clientTop + list.clientHeight + 0.5);
    // Revealed once: a later refresh of the same annotations leaves the user's scroll alone.
    list.scrollTop = 0;
    t.annotations = [...many, ann('m99', '99', 0, 60, [snap(60, true, 60)])];
    await t.updateComplete;
    expect(list.scrollTop).toBe(0);
    expect(document.scrollingElement!.scrollTop).toBe(0);
  });
});

describe('<dl-timeline> tracked frames', () => {
  it("frames a tracker wrote (fixed: false snapshots) show as a line on the track's row over their span; key frames stay diamonds", async () => {
    const tracked = Array.from({ length: 10 }, (_, i) => snap(5 + i, false, 8 + i)); // off the 0→20 line
    const t = await mount({
      annotations: [
        ann('a3', '3', 0, 60, [
          ...tracked,
          snap(20, true, 20),
          snap(21, false, 21),
          snap(22, false, 22),
          snap(30, false, 30, false), // hidden: not a tracked box
        ]),
      ],
    });
    expect($$(t, '#track-0 .key').map((k) => k.title)).toEqual(['Key frame 0', 'Key frame 20']);
    const lines = $$(t, '#track-0 .trk');
    expect(lines.map((l) => l.title)).toEqual(['Tracked frames 5–14', 'Tracked frames 21–22']);
    const lane = $(t, '#track-0 .lane').getBoundingClientRect();
    const r = lines[0]!.getBoundingClientRect();
    expect((r.left - lane.left) / lane.width).toBeCloseTo(5 / 90, 2);
    expect(r.width / lane.width).toBeCloseTo(10 / 90, 2);
    expect(r.height).toBeGreaterThan(2); // seen, not a hairline
    // A track of key frames only has no line.
    t.annotations = sample();
    await t.updateComplete;
    expect($$(t, '#track-1 .trk')).toEqual([]);
    expect($$(t, '#track-0 .trk').map((l) => l.title)).toEqual(['Tracked frame 55']);
  });
});

describe('<dl-timeline> interpolated frames and out of view (Shift+O)', () => {
  it('at an ended track\'s end frame the button reads "Resume track here" (not "In view") and resumes the track to the video\'s end', async () => {
    // After Shift+E it read "Back in view from here" / "In view": a visibility toggle to the eye, and
    // applied it made the end frame visible only, the track still ended there (walk 35).
    const coll = AnnotationCollection.fromJson([ann('a1', '1', 0, 89, [snap(20, true, 20)])], {
      fps: 30,
      isVideo: true,
    });
    const t = await mount({ annotations: coll.toJsonList(), currentFrame: 30, selected: ['o:1'] });
    const act = async (key: string) => {
      const e = nextEvent<DlKeyframeActionEvent>(t, 'dl-keyframe-action');
      $(t, '.tracks').focus();
      await userEvent.keyboard(key);
      const detail = (await e).detail;
      applyKeyframeAction(coll, detail);
      t.annotations = coll.toJsonList();
      await t.updateComplete;
      return detail;
    };
    await act('e');
    expect(coll.annotations[0]!.endFrame).toBe(30);
    const toggle = () => $(t, 'button[data-action=show]');
    expect(toggle().getAttribute('aria-label')).toBe('Resume track here (Shift+O)');
    expect(toggle().querySelector('.text')!.textContent).toBe('Resume');
    const detail = await act('o');
    expect([detail.action, detail.frame, detail.last]).toEqual(['show', 30, 89]);
    expect(coll.annotations[0]!.endFrame).toBe(89);
    expect($(t, '#track-0').getAttribute('aria-label')).toMatch(/frames 0–89/);
    expect($$(t, '#track-0 .hid')).toEqual([]);
    // Out of view by Shift+O (the track goes on): "Back in view from here", as before.
    await act('o');
    expect(toggle().getAttribute('aria-label')).toBe('Back in view from here (Shift+O)');
  });

  it('out of view between two key frames: interpolated up to the frame before (a dashed line, not tracker output), hidden from the frame on', async () => {
    // Key frames 0 (x 0) and 20 (x 20): frames 1..19 interpolate.
    const coll = AnnotationCollection.fromJson([ann('a1', '1', 0, 40, [snap(20, true, 20)])], {
      fps: 30,
      isVideo: true,
    });
    const t = await mount({ annotations: coll.toJsonList(), currentFrame: 10, selected: ['o:1'] });
    expect($$(t, '#track-0 .itp').map((l) => l.title)).toEqual(['Interpolated frames 1–19']);
    const e = nextEvent<DlKeyframeActionEvent>(t, 'dl-keyframe-action');
    $(t, '.tracks').focus();
    await userEvent.keyboard('o'); // the timeline's key for Shift+O
    const detail = (await e).detail;
    expect([detail.action, detail.frame]).toEqual(['hide', 10]);
    applyKeyframeAction(coll, detail);
    t.annotations = coll.toJsonList();
    await t.updateComplete;
    // The frames before 10 still show what they showed: 9 keeps its interpolated box as a key frame
    // (the written-out frames 1..8 are interpolation, not a tracker's boxes); 10.. is hidden until 20.
    expect($$(t, '#track-0 .trk')).toEqual([]);
    expect($$(t, '#track-0 .itp').map((l) => l.title)).toEqual(['Interpolated frames 1–8']);
    expect($$(t, '#track-0 .hid').map((l) => l.title)).toEqual(['Hidden 10–19']);
    expect($$(t, '#track-0 .key').map((k) => k.title)).toEqual([
      'Key frame 0',
      'Key frame 9',
      'Key frame 10',
      'Key frame 20',
    ]);
    // The dashed line spans frames 1..8 of the lane.
    const lane = $(t, '#track-0 .lane').getBoundingClientRect();
    const r = $(t, '#track-0 .itp').getBoundingClientRect();
    expect((r.left - lane.left) / lane.width).toBeCloseTo(1 / 90, 2);
    expect(r.width / lane.width).toBeCloseTo(8 / 90, 2);
  });
});

describe('<dl-timeline> says what its key-frame keys did (live region)', () => {
  it('I and O on the track list announce "car #1: key frame added at 10", then "car #1 out of view from 10"', async () => {
    const coll = AnnotationCollection.fromJson([ann('a1', '1', 0, 40, [snap(20, true, 20)])], {
      fps: 30,
      isVideo: true,
    });
    const t = await mount({ annotations: coll.toJsonList(), currentFrame: 10, selected: ['o:1'] });
    const status = () => t.shadowRoot!.querySelector('[role="status"][aria-live]')?.textContent?.trim() ?? null;
    const name = objectName('car', '1');
    $(t, '.tracks').focus();
    const e = nextEvent<DlKeyframeActionEvent>(t, 'dl-keyframe-action');
    await userEvent.keyboard('i');
    expect((await e).detail.action).toBe('insert');
    await expect.poll(status).toBe(`${name}: key frame added at 10`);
    await userEvent.keyboard('o');
    await expect.poll(status).toBe(`${name} out of view from 10`);
  });
});

describe('<dl-timeline> strings at runtime', () => {
  afterEach(() => resetStrings());

  it('rows, their lines and the subtitle row follow setStrings', async () => {
    const t = await mount();
    expect($$(t, '#track-0 .key')[0]!.title).toBe('Key frame 0');
    setStrings({
      'timeline.keyFrame': 'Schlüsselbild {frame}',
      'timeline.tracked': 'Verfolgt {from}–{to}',
      'timeline.subtitles': 'Untertitel',
      'timeline.trackSummary': 'Bilder {start}–{end}',
    });
    await t.updateComplete;
    expect($$(t, '#track-0 .key')[0]!.title).toBe('Schlüsselbild 0');
    expect($(t, '#track-0 .trk').title).toBe('Verfolgt 55–55');
    expect($(t, '#track-0').getAttribute('aria-label')).toBe(`${objectName('car', '2')}, Bilder 0–60`);
    expect($(t, '.subs-row .head').textContent).toBe('Untertitel');
  });
});

describe('<dl-timeline> tooltips and disabled buttons (keyboard)', () => {
  it('Esc closes the tooltip of the focused button without moving focus; it shows again after focus leaves and comes back', async () => {
    const t = await mount({ currentFrame: 30, selected: ['o:2'] });
    const next = $(t, 'button.next');
    const tip = next.querySelector('.tip')!;
    next.focus();
    await userEvent.keyboard('{Tab}{Shift>}{Tab}{/Shift}'); // keyboard focus: :focus-visible
    expect(t.shadowRoot!.activeElement).toBe(next);
    expect(getComputedStyle(tip).visibility).toBe('visible');
    await userEvent.keyboard('{Escape}');
    expect(t.shadowRoot!.activeElement).toBe(next);
    expect(getComputedStyle(tip).visibility).toBe('hidden');
    await userEvent.keyboard('{Tab}{Shift>}{Tab}{/Shift}');
    expect(t.shadowRoot!.activeElement).toBe(next);
    expect(getComputedStyle(tip).visibility).toBe('visible');
  });

  it('a button that does not apply stays in the tab order with its name and tooltip; activating it does nothing', async () => {
    const t = await mount({ currentFrame: 30, selected: ['o:2'] });
    const insert = $(t, 'button[data-action=insert]'); // frame 30 is a key frame: nothing to insert
    expect(insert.getAttribute('aria-disabled')).toBe('true');
    const actions: KeyframeActionDetail[] = [];
    t.addEventListener('dl-keyframe-action', (e) => actions.push(e.detail));
    $(t, 'button.next-key').focus();
    // Tab from the transport reaches the first action button although it does not apply.
    let guard = 0;
    while (t.shadowRoot!.activeElement !== insert && guard++ < 10) await userEvent.keyboard('{Tab}');
    expect(t.shadowRoot!.activeElement).toBe(insert);
    expect(insert.getAttribute('aria-label')).toBe('Key frame here (I)');
    expect(getComputedStyle(insert.querySelector('.tip')!).visibility).toBe('visible');
    await userEvent.keyboard('{Enter}');
    await realClickOn(insert);
    expect(actions).toEqual([]);
  });
});

describe('<dl-timeline> keyboard and events', () => {
  it('the ruler is a slider: arrows, Shift, PageUp/PageDown, Home/End fire dl-seek and move aria-valuenow', async () => {
    const t = await mount({ currentFrame: 5 });
    const ruler = $(t, '[role=slider]');
    expect([ruler.getAttribute('aria-valuenow'), ruler.getAttribute('aria-valuemax')]).toEqual(['5', '89']);
    expect(ruler.getAttribute('aria-valuetext')).toBe('Frame 5 of 89, 0:00.17');
    const seen: number[] = [];
    t.addEventListener('dl-seek', (e) => seen.push(e.detail.frame));
    ruler.focus();
    await userEvent.keyboard(
      '{ArrowRight}{Shift>}{ArrowRight}{/Shift}{PageUp}{ArrowLeft}{End}{ArrowRight}{Home}{PageDown}',
    );
    expect(seen).toEqual([6, 16, 46, 45, 89, 0]);
    await t.updateComplete;
    expect(ruler.getAttribute('aria-valuenow')).toBe('0');
  });

  it('`,` `.` (Shift: ten) step and `k` plays from anywhere inside; programmatic sets fire nothing', async () => {
    const t = await mount({ currentFrame: 20 });
    const seen: number[] = [];
    const plays: boolean[] = [];
    t.addEventListener('dl-seek', (e) => seen.push(e.detail.frame));
    t.addEventListener('dl-play-change', (e) => plays.push(e.detail.playing));
    $(t, 'button.next').focus();
    await userEvent.keyboard('.{Shift>}.{/Shift},{Shift>},{/Shift}k');
    expect(seen).toEqual([21, 31, 30, 20]);
    expect(plays).toEqual([true]);
    await t.updateComplete;
    expect($(t, 'button.play').getAttribute('aria-label')).toBe('Pause (K)');
    // The names and tooltips name the keys (the timeline is the page's one transport beside a viewer without its bar).
    expect(['play', 'prev', 'next'].map((c) => $(t, `button.${c} .tip`).textContent)).toEqual([
      'Pause (K)',
      'Previous frame (,)',
      'Next frame (.)',
    ]);
    t.currentFrame = 50;
    t.playing = false;
    t.selected = ['o:2'];
    await t.updateComplete;
    expect([seen.length, plays.length]).toEqual([4, 1]);
    expect($(t, '.time').textContent).toBe('Frame 50 / 89 · 0:01.67');
  });

  it('the track list: arrows, Enter selects, Ctrl+Enter adds, brackets jump between key frames, letters act', async () => {
    const t = await mount({ currentFrame: 30 });
    const list = $(t, '[role=listbox].tracks');
    const selects: DlTrackSelectEvent['detail'][] = [];
    const actions: KeyframeActionDetail[] = [];
    const seeks: number[] = [];
    t.addEventListener('dl-track-select', (e) => selects.push(e.detail));
    t.addEventListener('dl-keyframe-action', (e) => actions.push(e.detail));
    t.addEventListener('dl-seek', (e) => seeks.push(e.detail.frame));
    list.focus();
    expect(list.getAttribute('aria-activedescendant')).toBe('track-0');
    await userEvent.keyboard('{Enter}');
    expect(selects.at(-1)!.tracks).toEqual([{ key: 'o:2', objectId: '2', annotationIds: ['a2'], indexes: [1] }]);
    await t.updateComplete;
    expect($(t, '#track-0').getAttribute('aria-selected')).toBe('true');
    await userEvent.keyboard(']]');
    expect(seeks).toEqual([40, 50]);
    await userEvent.keyboard('[[');
    expect(seeks.at(-1)).toBe(40);
    // Frame 40 is a key frame (hidden): Delete removes it; `h` shows the object again there.
    await userEvent.keyboard('{Delete}h');
    expect(actions.map((a) => [a.action, a.frame, a.track.objectId])).toEqual([
      ['delete', 40, '2'],
      ['show', 40, '2'],
    ]);
    await userEvent.keyboard('{ArrowDown}{Control>}{Enter}{/Control}');
    expect(selects.at(-1)!.tracks.map((x) => x.objectId)).toEqual(['2', '10']);
    expect(list.getAttribute('aria-activedescendant')).toBe('track-1');
    // Person #10 and car #2 are two objects: `m` dispatches nothing and says why (never "merged").
    const before = actions.length;
    await userEvent.keyboard('m');
    const status = () => t.shadowRoot!.querySelector('[role="status"][aria-live]')?.textContent?.trim() ?? null;
    await expect.poll(status).toBe('Only tracks of one label merge: person and car are two objects');
    expect(actions.length).toBe(before);
    await userEvent.keyboard('{Enter}ics');
    expect(actions.slice(-3).map((a) => [a.action, a.frame, a.track.objectId])).toEqual([
      ['insert', 40, '10'],
      ['copy-next', 40, '10'],
      ['split', 40, '10'],
    ]);
    // `e` ends track 10 here; not on its first frame: at 20 nothing fires.
    await userEvent.keyboard('e');
    expect(actions.at(-1)!.action).toBe('end');
    const n = actions.length;
    t.currentFrame = 20;
    await t.updateComplete;
    await userEvent.keyboard('es');
    expect(actions.length).toBe(n);
  });

  it('Merge is off for two labels, with the reason on the button; two tracks of one label merge by `m`', async () => {
    const person = (id: string, from: number, to: number) =>
      ann(
        `p${id}`,
        id,
        from,
        to,
        [snap(to, true, to)].map((x) => ({ ...x, label: 'person' })),
        'person',
      );
    const t = await mount({
      currentFrame: 30,
      annotations: [...sample(), person('11', 81, 89)],
      selected: ['o:2', 'o:10'],
      ontology: {
        roots: [
          { value: { tag: 'car', displayLabel: 'Car', color: '#f00' }, children: [] },
          { value: { tag: 'person', displayLabel: 'Person', color: '#00f' }, children: [] },
        ],
      },
    });
    const merge = () => $(t, 'button[data-action=merge]');
    expect(merge().getAttribute('aria-disabled')).toBe('true');
    const why = 'Merge selected tracks (Shift+M). Only tracks of one label merge: Car and Person are two objects';
    expect([merge().getAttribute('aria-label'), merge().querySelector('.tip')!.textContent]).toEqual([why, why]);
    const actions: KeyframeActionDetail[] = [];
    t.addEventListener('dl-keyframe-action', (e) => actions.push(e.detail));
    await realClickOn(merge());
    expect(actions).toEqual([]);
    t.selected = ['o:10', 'o:11'];
    await t.updateComplete;
    expect([merge().getAttribute('aria-disabled'), merge().getAttribute('aria-label')]).toEqual([
      null,
      'Merge selected tracks (Shift+M)',
    ]);
    $(t, '[role=listbox].tracks').focus();
    await userEvent.keyboard('m');
    expect(actions.map((a) => [a.action, a.track.objectId, a.other?.objectId])).toEqual([['merge', '10', '11']]);
    const status = () => t.shadowRoot!.querySelector('[role="status"][aria-live]')?.textContent?.trim() ?? null;
    await expect.poll(status).toBe('Person #10 and Person #11 merged');
  });

  it('Merge is off for two tracks of one label seen on one frame or of two shapes, as the model refuses them (hidden frames and an ended track are apart)', async () => {
    const person = (x: ReturnType<typeof snap>) => ({ ...x, label: 'person' });
    const p10 = ann('a10', '10', 20, 80, [person(snap(80, true, 80))], 'person'); // shown 20..80
    const others = {
      // shown 70..89: both on 70..80
      overlap: ann('p12', '12', 70, 89, [person(snap(89, true, 89))], 'person'),
      // shown 0..20: both on frame 20
      oneFrame: ann('p15', '15', 0, 20, [person(snap(20, true, 20))], 'person'),
      // on 0..89 but out of view 10..84: never shown with #10
      hidden: ann('p13', '13', 0, 89, [person(snap(10, true, 10, false)), person(snap(85, true, 85))], 'person'),
      // ended at 19, the frame before #10 starts
      ended: ann('p14', '14', 0, 19, [person(snap(19, true, 19))], 'person'),
      // a polygon of the same label, apart in time: another shape, which Annotation.mergeTrack refuses
      type: {
        ...ann('g16', '16', 0, 10, [], 'person'),
        type: 'polygon',
        coordinates: [
          [
            { x: 0, y: 0, z: 0 },
            { x: 20, y: 0, z: 0 },
            { x: 10, y: 20, z: 0 },
          ],
        ],
      },
    };
    const overlapError = /cannot merge two tracks that both show an object/;
    const refusals: Record<keyof typeof others, [string, RegExp] | null> = {
      overlap: ['Both tracks show an object on frames 70–80: end one before the other starts', overlapError],
      oneFrame: ['Both tracks show an object on frame 20: end one before the other starts', overlapError],
      hidden: null,
      ended: null,
      type: ['Only tracks of one shape merge: box and polygon differ', /cannot merge a "(polygon|box)" track/],
    };
    const t = await mount({ currentFrame: 30, annotations: [] });
    const merge = () => $(t, 'button[data-action=merge]');
    const status = () => t.shadowRoot!.querySelector('[role="status"][aria-live]')?.textContent?.trim() ?? null;
    const actions: KeyframeActionDetail[] = [];
    t.addEventListener('dl-keyframe-action', (e) => actions.push(e.detail));
    for (const [name, other] of Object.entries(others) as unknown as Array<[keyof typeof others, typeof p10]>) {
      const coll = AnnotationCollection.fromJson([p10, other], { fps: 30, isVideo: true });
      t.annotations = coll.toJsonList();
      t.selected = ['o:10', `o:${other.metadata.system.objectId}`];
      await t.updateComplete;
      $(t, '[role=listbox].tracks').focus();
      const before = actions.length;
      await userEvent.keyboard('m');
      // What the host's applyKeyframeAction (Annotation.mergeTrack) would do with the same merge.
      const detail: KeyframeActionDetail = {
        action: 'merge',
        frame: 30,
        track: actions[before]?.track ?? { key: 'o:10', objectId: '10', annotationIds: ['a10'], indexes: [0] },
        other: actions[before]?.other ?? {
          key: `o:${other.metadata.system.objectId}`,
          objectId: other.metadata.system.objectId!,
          annotationIds: [other.id],
          indexes: [1],
        },
      };
      let hostError: string | null = null;
      try {
        applyKeyframeAction(coll, detail);
      } catch (e) {
        hostError = (e as Error).message;
      }
      const [why, hostRefusal] = refusals[name] ?? [];
      if (why) {
        expect([name, merge().getAttribute('aria-disabled'), merge().getAttribute('aria-label')]).toEqual([
          name,
          'true',
          `Merge selected tracks (Shift+M). ${why}`,
        ]);
        expect(merge().querySelector('.tip')!.textContent).toBe(`Merge selected tracks (Shift+M). ${why}`);
        expect([name, actions.length]).toEqual([name, before]);
        await expect.poll(status).toBe(why);
        expect([name, hostError]).toEqual([name, expect.stringMatching(hostRefusal!)]);
      } else {
        expect([name, actions.length, hostError]).toEqual([name, before + 1, null]);
        expect(actions.at(-1)).toMatchObject({ action: 'merge', other: { objectId: other.metadata.system.objectId } });
        await expect.poll(status).toBe(`person #10 and person #${other.metadata.system.objectId} merged`);
      }
    }
  });

  it('a split track: Merge is decided for the annotation the host merges, on every frame (one picker)', async () => {
    const person = (x: ReturnType<typeof snap>) => ({ ...x, label: 'person' });
    // Track #10 split in two: 0..20 (with a stored frame at 55, past its endFrame: the entities read
    // it as covering 0..55) and 50..70; the gap 21..49 between. Track #12 is shown 15..45.
    const list = [
      ann('a', '10', 0, 20, [person(snap(55, true, 55))], 'person'),
      ann('b', '10', 50, 70, [person(snap(70, true, 70))], 'person'),
      ann('p12', '12', 15, 45, [person(snap(45, true, 45))], 'person'),
    ];
    const coll = () => AnnotationCollection.fromJson(structuredClone(list), { fps: 30, isVideo: true });
    const ref = (objectId: string, ids: string[], indexes: number[]) => ({
      key: `o:${objectId}`,
      objectId,
      annotationIds: ids,
      indexes,
    });
    const [t10, t12] = [ref('10', ['a', 'b'], [0, 1]), ref('12', ['p12'], [2])];
    const rows = timelineRows(list, 30).tracks;
    const row10 = rows.find((r) => r.key === 'o:10')!;
    const t = await mount({ currentFrame: 0, annotations: list, selected: ['o:10', 'o:12'] });
    const merge = () => $(t, 'button[data-action=merge]');
    const seen = { enabled: 0, disabled: 0 };
    for (let f = 0; f < 90; f++) {
      const c = coll();
      // The same annotation (by id: the collection orders its annotations by start, the rows index the list).
      const acted = list[actedSegment(row10, f)!.index]!.id;
      expect([f, acted]).toEqual([f, trackAnnotationAt(c, t10, f).id]);
      t.currentFrame = f;
      await t.updateComplete;
      let throws = false;
      try {
        applyKeyframeAction(c, { action: 'merge', frame: f, track: t10, other: t12 });
      } catch {
        throws = true;
      }
      const disabled = merge().getAttribute('aria-disabled') === 'true';
      expect([f, disabled]).toEqual([f, throws]);
      seen[disabled ? 'disabled' : 'enabled']++;
    }
    // Both answers occur: the first part (0..55) is seen with #12, the second (from 56) is apart.
    expect(seen.enabled > 0 && seen.disabled > 0).toBe(true);
  });

  it('action buttons are labelled and enabled only where they apply; readonly hides them', async () => {
    const t = await mount({ currentFrame: 30, selected: ['o:2'] });
    const state = () =>
      Object.fromEntries(
        $$(t, 'button.action').map((b) => [b.dataset['action'], b.getAttribute('aria-disabled') !== 'true']),
      );
    expect(state()).toEqual({
      insert: false,
      delete: true,
      'copy-next': true,
      hide: true,
      end: true,
      split: true,
      merge: false,
    });
    expect($(t, 'button[data-action=insert]').getAttribute('aria-label')).toBe('Key frame here (I)');
    const acted = nextEvent<DlKeyframeActionEvent>(t, 'dl-keyframe-action');
    await realClickOn($(t, 'button[data-action=split]'));
    expect((await acted).detail).toMatchObject({ action: 'split', frame: 30, track: { key: 'o:2' } });
    t.currentFrame = 45;
    await t.updateComplete;
    expect($(t, 'button[data-action=show]')).not.toBeNull(); // hidden there: the button shows it again
    t.readonly = true;
    await t.updateComplete;
    expect($$(t, 'button.action')).toEqual([]);
  });
});

describe('<dl-timeline> insert-key-taken (a review: I is Reject)', () => {
  it('the key-frame button names no key and `i` on the track list is left to the page; the button and the other letters still act', async () => {
    const t = await mount({ currentFrame: 35, selected: ['o:2'], insertKeyTaken: true });
    const insert = $(t, 'button[data-action=insert]');
    expect(insert.getAttribute('aria-label')).toBe('Key frame here');
    expect(insert.querySelector('.tip')!.textContent).toBe('Key frame here');
    const actions: KeyframeActionDetail[] = [];
    t.addEventListener('dl-keyframe-action', (e) => actions.push(e.detail));
    const seen: string[] = [];
    const onPage = (e: KeyboardEvent) => seen.push(`${e.key}:${e.defaultPrevented}`);
    document.addEventListener('keydown', onPage);
    try {
      $(t, '[role=listbox].tracks').focus();
      await userEvent.keyboard('i');
      expect(actions).toEqual([]);
      // The page gets the key, not taken (a review's window listener opens Reject with it).
      expect(seen).toEqual(['i:false']);
      await realClickOn(insert);
      $(t, '[role=listbox].tracks').focus();
      await userEvent.keyboard('c');
      expect(actions.map((a) => [a.action, a.frame])).toEqual([
        ['insert', 35],
        ['copy-next', 35],
      ]);
    } finally {
      document.removeEventListener('keydown', onPage);
    }
    // The hidden help read with the timeline says nothing of I (in a review, I is Reject).
    const help = () => $(t, '#help').textContent!;
    expect(help()).not.toMatch(/\bI\b/);
    expect(help()).toContain('Delete, C, O, E, S and M');
    // Back off: the key is named again.
    t.insertKeyTaken = false;
    await t.updateComplete;
    expect($(t, 'button[data-action=insert]').getAttribute('aria-label')).toBe('Key frame here (I)');
    expect(help()).toContain('I makes a key frame');
  });
});

describe('<dl-timeline> names: buttons with their keys, rows as the layer names objects', () => {
  const tipShown = (b: HTMLElement) => getComputedStyle(b.querySelector('.tip')!).visibility === 'visible';

  it('every button states its key in its name and shows it on hover and on keyboard focus; with room the actions show a short text', async () => {
    const t = await mount({ currentFrame: 30, selected: ['o:2'] });
    const buttons = $$(t, 'button');
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual([
      'Play (K)',
      'Previous frame (,)',
      'Next frame (.)',
      'Previous key frame ([)',
      'Next key frame (])',
      'Key frame here (I)',
      'Delete key frame (Shift+Delete)',
      'Copy to next frame (Shift+C)',
      'Out of view from here (Shift+O)',
      'End track here (Shift+E)',
      'Split track here (Shift+S)',
      'Merge selected tracks (Shift+M)',
    ]);
    // The tooltip is the name (no title: it shows to the mouse only, late); none shows at rest.
    for (const b of buttons)
      expect([b.querySelector('.tip')!.textContent, b.title]).toEqual([b.getAttribute('aria-label'), '']);
    expect(buttons.filter(tipShown)).toEqual([]);
    // Keyboard focus shows the tip (Tab from a button before the timeline onto Play, then on).
    const before = document.createElement('button');
    before.textContent = 'before';
    before.style.cssText = 'position:fixed;left:0;top:600px';
    document.body.prepend(before);
    try {
      await userEvent.hover(before); // the mouse off the buttons (an earlier test left it on one)
      before.focus();
      await userEvent.tab();
      expect(t.shadowRoot!.activeElement).toBe($(t, 'button.play'));
      expect(buttons.filter(tipShown)).toEqual([$(t, 'button.play')]);
      await userEvent.tab();
      expect(buttons.filter(tipShown)).toEqual([$(t, 'button.prev')]);
    } finally {
      before.remove();
    }
    // The mouse over a key-frame action shows its tip too, and the tip stays inside the timeline's box.
    const split = $(t, 'button[data-action=split]');
    await userEvent.hover(split);
    expect(tipShown(split)).toBe(true);
    const box = $(t, '.base').getBoundingClientRect();
    const tip = split.querySelector('.tip')!.getBoundingClientRect();
    expect([tip.left >= box.left, tip.right <= box.right, tip.bottom <= split.getBoundingClientRect().top]).toEqual([
      true,
      true,
      true,
    ]);
    // 410 px wide: icons only. Wide: the actions' short texts show, on one toolbar line.
    const texts = () => $$(t, 'button.action .text').filter((x) => getComputedStyle(x).display !== 'none');
    expect(texts()).toEqual([]);
    t.style.width = '1100px';
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    expect(texts().map((x) => x.textContent)).toEqual([
      'Add key',
      'Delete key',
      'Copy',
      'Out of view',
      'End',
      'Split',
      'Merge',
    ]);
    const tops = new Set($$(t, '.toolbar button').map((b) => Math.round(b.getBoundingClientRect().top)));
    expect(tops.size).toBe(1);
  });

  it('previous / next key frame buttons jump on the selected track and are disabled where it has none; `o` in the list toggles out of view', async () => {
    const t = await mount({ currentFrame: 30, selected: ['o:10'] });
    const seeks: number[] = [];
    t.addEventListener('dl-seek', (e) => seeks.push(e.detail.frame));
    // Track 10 has key frames 20 and 80 (track 2, the first row, has 0, 30, 40, 50, 60).
    await realClickOn($(t, 'button.next-key'));
    expect(seeks).toEqual([80]);
    await t.updateComplete;
    expect([
      $(t, 'button.prev-key').getAttribute('aria-disabled') === 'true',
      $(t, 'button.next-key').getAttribute('aria-disabled') === 'true',
    ]).toEqual([false, true]);
    await realClickOn($(t, 'button.prev-key'));
    await t.updateComplete;
    expect(seeks).toEqual([80, 20]);
    expect($(t, 'button.prev-key').getAttribute('aria-disabled')).toBe('true');
    const actions: KeyframeActionDetail[] = [];
    t.addEventListener('dl-keyframe-action', (e) => actions.push(e.detail));
    t.currentFrame = 50;
    await t.updateComplete;
    $(t, '[role=listbox].tracks').focus();
    await userEvent.keyboard('{ArrowDown}{Enter}o{Shift>}O{/Shift}');
    expect(actions.map((a) => [a.action, a.track.objectId])).toEqual([
      ['hide', '10'],
      ['hide', '10'],
    ]);
  });

  it("rows read objectName: the label's display name from the ontology, then #objectId (as the layer names the object)", async () => {
    const ontology = { roots: [{ value: { tag: 'car', displayLabel: 'Car', color: '#ff0000' }, children: [] }] };
    const t = await mount({ ontology });
    expect($$(t, '.track .name').map((n) => n.textContent)).toEqual(['Car #2', 'person #10']);
    expect($(t, '#track-0').getAttribute('aria-label')).toBe('Car #2, frames 0–60, 5 key frames');
    expect([objectName('Car', '2'), objectName('Car', 2), objectName('Car', null), objectName('Car', '')]).toEqual([
      'Car #2',
      'Car #2',
      'Car',
      'Car',
    ]);
  });
});

describe('<dl-timeline> scrubbing with the real mouse', () => {
  it('press and drag on the ruler and on a lane seeks frame by frame; a press on a lane selects its track', async () => {
    const t = await mount();
    const seen: number[] = [];
    t.addEventListener('dl-seek', (e) => seen.push(e.detail.frame));
    const r = $(t, '.ruler').getBoundingClientRect();
    const x = (f: number) => r.left + ((f + 0.5) / 90) * r.width;
    await realDrag(
      Math.round(x(10)),
      Math.round(r.top + r.height / 2),
      Math.round(x(70)),
      Math.round(r.top + r.height / 2),
      6,
    );
    expect(seen[0]).toBe(10);
    expect(seen.at(-1)).toBe(70);
    expect(seen.every((f, i) => i === 0 || f > seen[i - 1]!)).toBe(true);
    expect(t.currentFrame).toBe(70);
    const sel = nextEvent<DlTrackSelectEvent>(t, 'dl-track-select');
    const lane = $(t, '#track-1 .lane').getBoundingClientRect();
    await realClick(Math.round(x(33)), Math.round(lane.top + lane.height / 2));
    expect((await sel).detail.tracks.map((x) => x.key)).toEqual(['o:10']);
    expect(seen.at(-1)).toBe(33);
    // A subtitle: its start.
    const sub = $$(t, '.sub')[1]!.getBoundingClientRect();
    await realClick(Math.round(sub.left + sub.width / 2), Math.round(sub.top + sub.height / 2));
    expect(seen.at(-1)).toBe(75);
  });
});

describe('<dl-timeline> track rows: tooltips on the element under the pointer', () => {
  // The key frames' diamonds and the hidden / tracked / interpolated ranges let pointer input through
  // to the lane (pointer-events: none), so their titles never showed; the lane, the element under the
  // pointer, says what lies there (a native title: what the mouse hovers).
  it('hovering a lane: the element under the pointer has a title naming the track and what lies at that frame; press and drag still scrub and select', async () => {
    const t = await mount();
    const lane = $(t, '#track-0 .lane').getBoundingClientRect();
    const y = Math.round(lane.top + lane.height / 2);
    const x = (f: number) => Math.round(lane.left + ((f + 0.5) / 90) * lane.width);
    /** The title the browser would show: the nearest one on the element under (x, y) or its ancestors. */
    const tipAt = (px: number) => {
      let el: Element | null = t.shadowRoot!.elementFromPoint(px, y);
      while (el && !el.getAttribute('title')) el = el.parentElement;
      return el?.getAttribute('title') ?? null;
    };
    const cases: Array<[number, string]> = [
      [30, 'car #2 · Key frame 30'],
      [45, 'car #2 · Hidden 40–49'],
      [55, 'car #2 · Tracked frame 55'],
      [20, 'car #2 · Interpolated frames 1–29'],
      [75, 'car #2, frames 0–60, 5 key frames'],
    ];
    const seen: string[] = [];
    for (const [f] of cases) {
      await realPointer('move', x(f), y);
      seen.push(tipAt(x(f)) ?? '(none)');
    }
    expect(seen).toEqual(cases.map(([, tip]) => tip));
    // The lane's input is as before: a press seeks and selects the track, a drag scrubs.
    const seeks: number[] = [];
    t.addEventListener('dl-seek', (e) => seeks.push(e.detail.frame));
    const sel = nextEvent<DlTrackSelectEvent>(t, 'dl-track-select');
    await realDrag(x(10), y, x(50), y, 4);
    expect((await sel).detail.tracks.map((k) => k.key)).toEqual(['o:2']);
    expect(seeks[0]).toBe(10);
    expect(seeks.at(-1)).toBe(50);
    expect(seeks.length).toBeGreaterThan(2);
  });
});

describe('<dl-timeline> with a viewer and the entities', () => {
  it('follows and drives a real <dl-item-viewer>: frame count, fps, seeking and playback', async () => {
    const v = document.createElement('dl-item-viewer');
    v.style.cssText = 'position:fixed;left:0;top:160px;width:400px;height:300px';
    v.item = clipItem('video/mp4');
    v.src = CLIP_H264;
    const loaded = nextEvent<DlItemLoadEvent>(v, 'dl-item-load');
    document.body.append(v);
    await loaded;
    const t = await mount({ viewer: v, frameCount: 1, fps: 1 });
    expect([t.frameCount, t.fps, t.currentFrame]).toEqual([90, 30, 0]);
    const changed = nextEvent(v, 'dl-frame-change');
    await realClickOn($(t, 'button.next'));
    await changed;
    expect([v.currentFrame, shownFrame(v), t.currentFrame]).toEqual([1, 1, 1]);
    t.focus();
    $(t, '[role=slider]').focus();
    const tenth = new Promise<void>((res) =>
      v.addEventListener('dl-frame-change', (e) => e.detail.frame === 11 && res()),
    );
    await userEvent.keyboard('{Shift>}{ArrowRight}{/Shift}');
    await tenth;
    expect(shownFrame(v)).toBe(11);
    // A host can cancel: the viewer then stays.
    t.addEventListener('dl-seek', (e: DlSeekEvent) => e.preventDefault(), { once: true });
    await userEvent.keyboard('{End}');
    await new Promise((r) => setTimeout(r, 100));
    expect(v.currentFrame).toBe(11);
    await realClickOn($(t, 'button.play'));
    await new Promise((r) => setTimeout(r, 400));
    expect(v.playing).toBe(true);
    expect(t.currentFrame).toBeGreaterThan(11);
    await realClickOn($(t, 'button.play'));
    expect(v.playing).toBe(false);
    await t.updateComplete;
    expect($(t, 'button.play').getAttribute('aria-label')).toBe('Play (K)');
  });

  it('one transport: a viewer with no-video-controls has no bar and the timeline drives it; alone it keeps its bar; one time format', async () => {
    const open = async (left: number, hidden: boolean) => {
      const v = document.createElement('dl-item-viewer');
      v.style.cssText = `position:fixed;left:${left}px;top:160px;width:400px;height:300px`;
      if (hidden) v.setAttribute('no-video-controls', '');
      v.item = clipItem('video/mp4');
      v.src = CLIP_H264;
      const loaded = nextEvent<DlItemLoadEvent>(v, 'dl-item-load');
      document.body.append(v);
      await loaded;
      await v.updateComplete;
      return v;
    };
    const transport = (v: HTMLElement) =>
      [...v.shadowRoot!.querySelectorAll('button')]
        .map((b) => b.getAttribute('aria-label'))
        .filter((l) => l === 'Play' || l === 'Pause' || l === 'Previous frame' || l === 'Next frame');
    // 400×300 box, 320×240 clip, fit's 8 px margin: with no bar the frame fits the whole height,
    // scale (300 - 16) / 240; a bar over the bottom would leave it less.
    const wholeBox = 284 / 240;

    // Under a timeline: no bar, no readout, no transport buttons; the fitted frame uses the whole box.
    const v = await open(0, true);
    expect(v.noVideoControls).toBe(true);
    expect(v.shadowRoot!.querySelector('[part=video-controls]')).toBeNull();
    expect(v.shadowRoot!.querySelector('.time')).toBeNull();
    expect(transport(v)).toEqual([]);
    expect(v.freeArea.height).toBe(300);
    expect(v.view.scale).toBeCloseTo(wholeBox, 6);
    // The zoom buttons stay (that is `no-controls`).
    expect(v.shadowRoot!.querySelector('[part=controls]')).not.toBeNull();

    // The timeline steps and plays it: its buttons, its keys; the viewer's own keys still work.
    const t = await mount({ viewer: v });
    let changed = nextEvent(v, 'dl-frame-change');
    await realClickOn($(t, 'button.next'));
    await changed;
    expect([v.currentFrame, shownFrame(v), t.currentFrame]).toEqual([1, 1, 1]);
    changed = nextEvent(v, 'dl-frame-change');
    await userEvent.keyboard('.');
    await changed;
    expect([v.currentFrame, shownFrame(v)]).toEqual([2, 2]);
    (v.shadowRoot!.querySelector('.base') as HTMLElement).focus();
    changed = nextEvent(v, 'dl-frame-change');
    await userEvent.keyboard('{Shift>}.{/Shift}');
    await changed;
    expect([v.currentFrame, shownFrame(v), t.currentFrame]).toEqual([12, 12, 12]);
    await realClickOn($(t, 'button.play'));
    await expect.poll(() => v.playing).toBe(true);
    await expect.poll(() => t.currentFrame).toBeGreaterThan(12);
    await realClickOn($(t, 'button.play'));
    await expect.poll(() => v.playing).toBe(false);
    expect(v.shadowRoot!.querySelector('[part=video-controls]')).toBeNull();

    // Alone: its own bar with play, step and seek, named as before.
    const alone = await open(420, false);
    await expect.poll(() => alone.shadowRoot!.querySelector('[part=video-controls]')).not.toBeNull();
    expect(transport(alone)).toEqual(['Previous frame', 'Play', 'Next frame']);
    expect(alone.shadowRoot!.querySelector('[part=video-controls] input[type=range]')!.getAttribute('aria-label')).toBe(
      'Frame',
    );
    expect(alone.freeArea.height).toBeLessThan(300);

    // One time format: frame 45 at 30 fps is 1.5 s, written 0:01.50 by both readouts.
    await alone.seekFrame(45, false);
    await v.seekFrame(45);
    await alone.updateComplete;
    await t.updateComplete;
    const viewerText = alone.shadowRoot!.querySelector('.time')!.textContent;
    expect(viewerText).toBe('Frame 45 / 89 · 0:01.50');
    expect($(t, '.time').textContent).toBe(viewerText);

    // The property switches the bar at run time, and the fitted frame follows the free height.
    alone.noVideoControls = true;
    await alone.updateComplete;
    expect(alone.shadowRoot!.querySelector('[part=video-controls]')).toBeNull();
    expect(alone.freeArea.height).toBe(300);
    expect(alone.view.scale).toBeCloseTo(wholeBox, 6);
    alone.noVideoControls = false;
    await alone.updateComplete;
    expect(transport(alone)).toEqual(['Previous frame', 'Play', 'Next frame']);
    expect(alone.freeArea.height).toBeLessThan(300);
  });

  it('applyKeyframeAction changes the collection with the entity methods; the rows follow', async () => {
    const coll = AnnotationCollection.fromJson(videoOnly(), { fps: 30, isVideo: true });
    const t = await mount({ annotations: coll.toJsonList(), currentFrame: 45, selected: ['o:10'] });
    const apply = async (act: () => Promise<void>) => {
      const e = nextEvent<DlKeyframeActionEvent>(t, 'dl-keyframe-action');
      await act();
      const r = applyKeyframeAction(coll, (await e).detail);
      t.annotations = coll.toJsonList();
      await t.updateComplete;
      return r;
    };
    let r = await apply(() => realClickOn($(t, 'button[data-action=insert]')));
    expect(r.updated.map((a) => a.objectId)).toEqual(['10']);
    expect($$(t, '#track-1 .key').map((k) => k.title)).toEqual(['Key frame 20', 'Key frame 45', 'Key frame 80']);
    r = await apply(() => realClickOn($(t, 'button[data-action=split]')));
    expect(r.created.map((a) => [a.objectId, a.startFrame])).toEqual([['11', 45]]);
    expect($$(t, '.track').map((x) => x.getAttribute('aria-label'))).toEqual([
      'car #2, frames 0–60, 5 key frames',
      'person #10, frames 20–44, 1 key frame', // 21..44 were written out when 45 became a key frame
      'person #11, frames 45–80, 2 key frames',
    ]);
    t.selected = ['o:10', 'o:11'];
    await t.updateComplete;
    r = await apply(() => realClickOn($(t, 'button[data-action=merge]')));
    expect(r.removed.map((a) => a.objectId)).toEqual(['11']);
    expect($$(t, '.track').length).toBe(2);
    expect($(t, '#track-1').getAttribute('aria-label')).toBe('person #10, frames 20–80, 3 key frames');
  });
});

describe('<dl-timeline> looks', () => {
  it('light and dark themes (screenshots) use the theme tokens', async () => {
    const colors: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      const t = await mount({ theme, currentFrame: 45, selected: ['o:2'] });
      t.style.cssText =
        'position:fixed;left:0;top:0;width:410px;padding:8px;background:' + (theme === 'dark' ? '#000' : '#fff');
      await t.updateComplete;
      colors.push(getComputedStyle($(t, '.base')).backgroundColor);
      await page.screenshot({ element: t, path: `../../../test-results/screenshots/timeline-${theme}.png` });
      t.remove();
    }
    expect(colors[0]).toBe('rgb(246, 247, 249)');
    expect(colors[1]).toBe('rgb(31, 34, 41)');
  });
});

describe('<dl-timeline> a track the entities cannot read', () => {
  /** The sample with track 10's coordinates a string: the entities' reader throws, the host refuses its edits. */
  const broken = () => sample().map((a) => (a.id === 'a10' ? { ...a, coordinates: 'oops' } : a));

  it('its row says so, with the reason as text and in its accessible name; the readable rows are as before', async () => {
    const t = await mount({ annotations: broken() });
    const rows = $$(t, '.track');
    expect(rows.map((r) => r.getAttribute('aria-label')?.split(',')[0])).toEqual(['car #2', 'person #10']);
    const [car, person] = rows as [HTMLElement, HTMLElement];
    // the host refuses it: the entities' reader throws for the same JSON
    const bad = videoOnly().map((a) => (a.id === 'a10' ? { ...a, coordinates: 'oops' } : a));
    const coll = AnnotationCollection.fromJson(bad, { isVideo: true, fps: 30 });
    expect(coll.errors.map((e) => [bad[e.index]!.id, e.error.message])).toEqual([
      ['a10', '$.coordinates: expected an array, got "oops"'],
    ]);
    expect(
      () => trackAnnotationAt(coll, { key: 'o:10', objectId: '10', annotationIds: ['a10'], indexes: [0] }, 30),
      'the host finds no annotation to edit',
    ).toThrow();
    expect(person.classList.contains('unreadable')).toBe(true);
    const why = person.querySelector<HTMLElement>('[part="track-unreadable"]')!;
    expect(why.textContent).toBe('cannot be read, not editable: $.coordinates: expected an array, got "oops"');
    expect(why.checkVisibility(), 'the reason shows').toBe(true);
    expect(person.getAttribute('aria-label')).toBe(`person #10, ${why.textContent}`);
    expect(person.querySelector('.lane')!.getAttribute('title')).toBe(`person #10, ${why.textContent}`);
    // the readable track says nothing of the kind
    expect(car.classList.contains('unreadable')).toBe(false);
    expect(car.querySelector('[part="track-unreadable"]')).toBeNull();
    expect(car.getAttribute('aria-label')).toBe('car #2, frames 0–60, 5 key frames');
    // Fixed JSON: the row is a track like the others again.
    t.annotations = sample();
    await t.updateComplete;
    const again = $$(t, '.track')[1]!;
    expect(again.classList.contains('unreadable')).toBe(false);
    expect(again.querySelector('[part="track-unreadable"]')).toBeNull();
    expect(again.getAttribute('aria-label')).toBe('person #10, frames 20–80, 2 key frames');
  });

  for (const theme of ['light', 'dark'] as const)
    it(`${theme}: the unreadable row passes axe-core (its reason readable over the faint segments)`, async () => {
      const t = await mount({ theme, annotations: broken() });
      t.style.background = theme === 'dark' ? '#000' : '#fff';
      await t.updateComplete;
      const result = await axe.run(t, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      });
      const bad = result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
      expect(bad, bad.join('\n')).toEqual([]);
    });
});

describe('<dl-timeline> accessibility', () => {
  for (const theme of ['light', 'dark'] as const)
    it(`${theme}: axe-core finds no serious or critical WCAG 2.1 AA violation (track selected, actions shown)`, async () => {
      const t = await mount({ theme, currentFrame: 45, selected: ['o:2'] });
      t.style.background = theme === 'dark' ? '#000' : '#fff';
      await t.updateComplete;
      const result = await axe.run(t, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      });
      const bad = result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
      expect(bad, bad.join('\n')).toEqual([]);
      // It looked inside the shadow root (a shadow node's target is [host, selector inside]), and the
      // ARIA rules that check the slider and the listbox of tracks ran.
      const inside = result.passes.flatMap((p) => p.nodes.map((n) => n.target[0] as unknown));
      expect(inside.some((x) => Array.isArray(x) && x.length > 1 && x[0] === 'dl-timeline')).toBe(true);
      const ids = new Set(result.passes.map((p) => p.id));
      expect([...ids]).toEqual(expect.arrayContaining(['aria-allowed-attr', 'aria-required-children']));
    });
});

describe('<dl-timeline> the unreadable-track check, its cost and its controls', () => {
  afterEach(() => vi.restoreAllMocks());

  it('an AnnotationCollection is not read again on its updates (it holds only what the entities read)', async () => {
    const coll = () => AnnotationCollection.fromJson(videoOnly(), { isVideo: true, fps: 30 });
    const first = coll();
    const second = coll();
    const read = vi.spyOn(Annotation, 'fromJson');
    const t = await mount({ annotations: first });
    expect($$(t, '.track').length).toBe(2);
    t.annotations = second;
    await t.updateComplete;
    t.annotations = first;
    await t.updateComplete;
    // Before, each update read every annotation again (toJsonList makes new objects: the memo never hit).
    expect(read).not.toHaveBeenCalled();
    expect($$(t, '.track.unreadable')).toEqual([]);
    // A JSON array is still checked (that is where unreadable JSON comes from).
    t.annotations = videoOnly().map((a) => (a.id === 'a10' ? { ...a, coordinates: 'oops' } : a));
    await t.updateComplete;
    expect(read).toHaveBeenCalled();
    expect($$(t, '.track.unreadable').length).toBe(1);
  });

  it('on an unreadable track the key-frame actions are disabled, saying why, and its keys do nothing', async () => {
    const broken = sample().map((a) => (a.id === 'a10' ? { ...a, coordinates: 'oops' } : a));
    const t = await mount({ annotations: broken, currentFrame: 50, selected: ['o:10'] });
    const why = 'cannot be read, not editable: $.coordinates: expected an array, got "oops"';
    t.style.background = '#fff';
    await page.screenshot({ element: t, path: '../../../test-results/screenshots/timeline-unreadable-row.png' });
    const actions = $$(t, 'button[data-action]');
    expect(actions.length).toBeGreaterThan(3);
    for (const b of actions) {
      expect(b.getAttribute('aria-disabled'), b.dataset.action).toBe('true');
      expect(b.getAttribute('aria-label'), b.dataset.action).toContain(why);
      expect(b.querySelector('.tip')!.textContent, b.dataset.action).toContain(why);
    }
    const sent: KeyframeActionDetail[] = [];
    t.addEventListener('dl-keyframe-action', (e) => sent.push(e.detail));
    await realClickOn($(t, 'button[data-action=insert]'));
    $(t, '[role=listbox].tracks').focus();
    await userEvent.keyboard('i');
    expect(sent).toEqual([]);
    // The key says why (it gives no other sign).
    await expect.poll(() => t.shadowRoot!.querySelector('[role="status"][aria-live]')?.textContent?.trim()).toBe(why);
    // The readable track's actions are as before.
    t.selected = ['o:2'];
    await t.updateComplete;
    const copy = $(t, 'button[data-action=copy-next]');
    expect(copy.hasAttribute('aria-disabled')).toBe(false);
    for (const b of $$(t, 'button[data-action]')) expect(b.getAttribute('aria-label')).not.toContain(why);
  });
});
