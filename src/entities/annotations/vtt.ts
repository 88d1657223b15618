// WebVTT export and import of subtitle annotations (spec §2.4), as dtlpy does it with webvtt-py 0.4.3.
import { DlParseError } from '../errors.js';

/** One caption: start and end in seconds and its text. */
export interface VttCue {
  start: number;
  end: number;
  text: string;
}

/**
 * A time as it lands in dtlpy's VTT file. dtlpy formats seconds with Python's `timedelta` (rounded
 * to microseconds, `H:MM:SS.ffffff`, `.000` appended when whole); webvtt-py 0.4.3 then reads the
 * first three fraction digits (truncating to milliseconds) and writes `HH:MM:SS.mmm`.
 *
 * @example
 * vttTimestamp(1.5); // "00:00:01.500"
 * vttTimestamp(3725.0339); // "01:02:05.033"
 */
export function vttTimestamp(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new RangeError(`vttTimestamp: expected seconds >= 0, got ${seconds}`);
  const ms = Math.floor(timedeltaMicros(seconds) / 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const pad = (v: number, n: number) => String(v).padStart(n, '0');
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(ms % 1000, 3)}`;
}

/**
 * Whole microseconds of `timedelta(seconds=s)` for a float `s >= 0`, with CPython's arithmetic: the
 * integer part exactly, the fraction times 1e6 in floating point, the leftover rounded half to even
 * on the parity of the running total.
 */
function timedeltaMicros(s: number): number {
  const whole = Math.trunc(s);
  const us = (s - whole) * 1e6;
  const usWhole = Math.trunc(us);
  const left = us - usWhole;
  const sum = whole * 1e6 + usWhole;
  let r = Math.round(left);
  if (Math.abs(r - left) === 0.5) {
    const odd = sum % 2;
    r = 2 * Math.round((left + odd) * 0.5) - odd;
  }
  return sum + r;
}

/**
 * A VTT file of `cues`, sorted by start time (stable): `WEBVTT`, then per cue a blank line,
 * `start --> end` and the text lines, as webvtt-py writes it.
 */
export function writeVtt(cues: Iterable<VttCue>): string {
  const sorted = [...cues].sort((a, b) => a.start - b.start);
  const out = ['WEBVTT'];
  for (const c of sorted) out.push('', `${vttTimestamp(c.start)} --> ${vttTimestamp(c.end)}`, ...c.text.split(/\r?\n/));
  return out.join('\n') + '\n';
}

const TIME = /^(?:(\d+):)?([0-5]\d):([0-5]\d)[.,](\d{3})$/;

function parseTime(s: string, path: string): number {
  const m = TIME.exec(s);
  if (!m) throw new DlParseError(path, 'a WebVTT timestamp (HH:MM:SS.mmm or MM:SS.mmm)', s);
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000;
}

/**
 * Reads a WebVTT file into cues: the `WEBVTT` header, then blocks separated by blank lines; a cue
 * block is an optional identifier line, `start --> end [settings]` and its text lines. `NOTE`,
 * `STYLE` and `REGION` blocks are skipped. Throws {@link DlParseError} naming the line of a bad
 * timestamp or a missing header.
 *
 * @example
 * readVtt('WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHello\n'); // [{ start: 1, end: 2.5, text: 'Hello' }]
 */
export function readVtt(text: string): VttCue[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) throw new DlParseError('line 1', 'a "WEBVTT" header', lines[0]);
  const cues: VttCue[] = [];
  // Header lines after "WEBVTT" run to the first blank line.
  let i = 1;
  while (i < lines.length && lines[i]!.trim() !== '') i++;
  while (i < lines.length) {
    while (i < lines.length && lines[i]!.trim() === '') i++;
    const blockStart = i;
    const block: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '') block.push(lines[i++]!);
    if (block.length === 0) break;
    if (/^(NOTE|STYLE|REGION)(\s|$)/.test(block[0]!)) continue;
    const t = block[0]!.includes('-->') ? 0 : 1;
    const timing = block[t];
    if (timing === undefined || !timing.includes('-->'))
      throw new DlParseError(`line ${blockStart + 1}`, 'a cue timing "start --> end"', block.join('\n'));
    const [a, rest] = timing.split('-->') as [string, string];
    const b = rest.trim().split(/\s+/)[0] ?? '';
    const line = `line ${blockStart + t + 1}`;
    cues.push({ start: parseTime(a.trim(), line), end: parseTime(b, line), text: block.slice(t + 1).join('\n') });
  }
  return cues;
}
