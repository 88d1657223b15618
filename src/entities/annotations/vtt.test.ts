import { describe, expect, it } from 'vitest';
import { DlParseError } from '../errors.js';
import { AnnotationCollection } from './index.js';
import { annotationJson } from './test-utils/sample-json.js';
import { readVtt, vttTimestamp, writeVtt } from './vtt.js';

const item = { id: 'v', metadata: { fps: 30, system: { mimetype: 'video/mp4', fps: 30 } } };

describe('VTT (spec §2.4)', () => {
  it('timestamps: timedelta microseconds, truncated to milliseconds as webvtt-py reads them', () => {
    expect(vttTimestamp(0)).toBe('00:00:00.000');
    expect(vttTimestamp(1.5)).toBe('00:00:01.500');
    expect(vttTimestamp(2 / 3)).toBe('00:00:00.666'); // 0:00:00.666667 -> .666
    expect(vttTimestamp(3725.0339)).toBe('01:02:05.033');
    // CPython: timedelta(seconds=1.0009995) is 0:00:01.001000 (the fraction times 1e6 is 999.5 in
    // floating point, rounded half to even on the odd total); 12.3456785 gives .345678.
    expect(vttTimestamp(1.0009995)).toBe('00:00:01.001');
    expect(vttTimestamp(12.3456785)).toBe('00:00:12.345');
    expect(vttTimestamp(1.5e-6)).toBe('00:00:00.000');
    expect(vttTimestamp(360000)).toBe('100:00:00.000');
    expect(() => vttTimestamp(-1)).toThrow(RangeError);
  });

  it('exports the subtitles of a collection sorted by start, with their text; other types are left out', () => {
    const sub = (text: string, startTime: number, endTime: number) =>
      annotationJson(
        'subtitle',
        { text },
        {
          system: { frame: Math.round(startTime * 30), startTime, endTime, endFrame: Math.round(endTime * 30) },
        },
      );
    const coll = AnnotationCollection.fromJson(
      [
        sub('second', 2, 3.25),
        annotationJson('box', [
          { x: 0, y: 0, z: 0 },
          { x: 1, y: 1, z: 0 },
        ]),
        sub('first\nline two', 0.5, 1),
      ],
      { item },
    );
    expect(coll.errors).toEqual([]);
    const vtt = coll.toVtt();
    expect(vtt).toBe(
      'WEBVTT\n\n00:00:00.500 --> 00:00:01.000\nfirst\nline two\n\n00:00:02.000 --> 00:00:03.250\nsecond\n',
    );
  });

  it('import then export gives the file back; frames from times (round half even), label "Text"', () => {
    const text =
      'WEBVTT - made by hand\nKind: captions\n\nNOTE a comment\nspanning lines\n\n1\n00:00:01.000 --> 00:00:02.550 align:start\nHello\n\n00:05.050 --> 00:06.000\nWorld\nagain\n';
    const coll = new AnnotationCollection({ item });
    const added = coll.fromVtt(text);
    expect(added.map((a) => [a.label, a.startFrame, a.endFrame, a.startTime, a.endTime])).toEqual([
      ['Text', 30, 76, 1, 2.55],
      ['Text', 152, 180, 5.05, 6],
    ]);
    const j = added[0]!.toJson() as any;
    expect(j.type).toBe('subtitle');
    expect(j.coordinates).toEqual({ text: 'Hello' });
    expect(j.metadata.system).toMatchObject({ frame: 30, startTime: 1, endTime: 2.55, endFrame: 76 });
    expect(j.metadata.system.snapshots_).toBeUndefined();
    expect(coll.toVtt()).toBe(
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.550\nHello\n\n00:00:05.050 --> 00:00:06.000\nWorld\nagain\n',
    );
    // And the exported file reads back to the same cues.
    expect(readVtt(coll.toVtt())).toEqual([
      { start: 1, end: 2.55, text: 'Hello' },
      { start: 5.05, end: 6, text: 'World\nagain' },
    ]);
    // JSON round trip keeps the times.
    const back = AnnotationCollection.fromJson(coll.toJsonList(), { item });
    expect(back.toVtt()).toBe(coll.toVtt());
  });

  it('bad files name the line; a collection without fps refuses', () => {
    expect(() => readVtt('00:00:01.000 --> 00:00:02.000\nx')).toThrow(DlParseError);
    let err: unknown;
    try {
      readVtt('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n00:00:0x.000 --> 00:00:03.000\nbad\n');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DlParseError);
    expect(String((err as Error).message)).toContain('line 6');
    expect(() => new AnnotationCollection().fromVtt('WEBVTT\n')).toThrow(/fps/);
    expect(writeVtt([])).toBe('WEBVTT\n');
  });
});
