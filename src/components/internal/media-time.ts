// The one way dl-kit's video parts write a time: `m:ss.cc` (`h:mm:ss.cc` from an hour on), as the
// timeline's readout, ruler and the viewer's own readout show it, so a viewer used alone and one
// under a timeline never disagree on the format (they once showed `1.50s` and `0:01.50`).

/**
 * `m:ss.cc` (or `h:mm:ss.cc`) of frame `frame` at `fps` frames a second; `0:00.00` when `fps` is not
 * positive. Rounded to the hundredth first, so a time just under a minute never reads `0:60.00`.
 */
export function formatTime(frame: number, fps: number): string {
  const t = fps > 0 ? frame / fps : 0;
  const cs = Math.max(0, Math.round(t * 100));
  const h = Math.floor(cs / 360_000);
  const m = Math.floor(cs / 6000) % 60;
  const ss = ((cs % 6000) / 100).toFixed(2).padStart(5, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
