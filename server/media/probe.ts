// What an uploaded video is: container type, size, frame rate, frame count and duration, read in
// Node by mediabunny (the demuxer the viewer uses in the browser). No ffmpeg at run time: only the
// container's indexes and packet headers are read, nothing is decoded.
import { FilePathSource, Input, MATROSKA, MP4, QTFF, WEBM, type InputFormat } from 'mediabunny';

/** What {@link probeVideo} found. */
export interface VideoProbe {
  /** `video/mp4`, `video/webm` or `video/quicktime` (null for other containers mediabunny reads, e.g. Matroska). */
  mimetype: string | null;
  /** mediabunny's codec name (`avc`, `vp9`, `vp8`, `hevc`, `av1`...) or null. */
  codec: string | null;
  /** Display size: the stored frames turned by `rotation` (what a viewer shows). */
  width: number;
  height: number;
  /** Size of the stored (coded) frames, before the turn; default `width` × `height`. */
  storedWidth?: number;
  storedHeight?: number;
  /** Clockwise turn of the stored frames for display, degrees (0, 90, 180, 270); default 0. */
  rotation?: number;
  /** Frames per second from the frame timestamps (`bestGuessFrameRate`). */
  fps: number;
  /** Video packets = frames. */
  frames: number;
  /** Seconds, end of the last frame. */
  duration: number;
}

/** ffmpeg's codec names for mediabunny's (the platform's `metadata.system.ffmpeg.codec_name`). */
const FFMPEG_CODEC: Record<string, string> = { avc: 'h264', hevc: 'hevc', vp8: 'vp8', vp9: 'vp9', av1: 'av1' };

function mimetypeOf(format: InputFormat): string | null {
  if (format === MP4) return 'video/mp4';
  if (format === QTFF) return 'video/quicktime';
  if (format === WEBM) return 'video/webm';
  return null;
}

/**
 * True when the first bytes are an ISO-BMFF (`ftyp` box) or EBML (WebM/Matroska) container, or the
 * declared type is a video: only those are probed.
 */
export function looksLikeVideo(head: Uint8Array, declaredType = ''): boolean {
  const ftyp = head.length >= 8 && head[4] === 0x66 && head[5] === 0x74 && head[6] === 0x79 && head[7] === 0x70;
  const ebml = head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3;
  return ftyp || ebml || /^video\//i.test(declaredType);
}

/**
 * Reads the video track of the file at `path`. Resolves null when it is not a video mediabunny
 * reads or has no video track (never throws: a file the probe cannot read is stored as declared).
 */
export async function probeVideo(path: string): Promise<VideoProbe | null> {
  let input: Input | null = null;
  try {
    input = new Input({ source: new FilePathSource(path), formats: [MP4, QTFF, WEBM, MATROSKA] });
    const format = await input.getFormat();
    const track = await input.getPrimaryVideoTrack();
    if (!track) return null;
    const [codec, width, height, storedWidth, storedHeight, rotation, metrics, stats, first, duration] =
      await Promise.all([
        track.getCodec(),
        track.getDisplayWidth(),
        track.getDisplayHeight(),
        track.getCodedWidth(),
        track.getCodedHeight(),
        track.getRotation(),
        track.computeFrameRateMetrics(),
        track.computePacketStats(),
        track.getFirstTimestamp(),
        input.computeDuration([track]),
      ]);
    const fps = metrics.bestGuessFrameRate;
    if (!(fps > 0) || !(width > 0) || !(height > 0)) return null;
    return {
      mimetype: mimetypeOf(format),
      codec,
      width,
      height,
      storedWidth,
      storedHeight,
      rotation,
      fps,
      frames: stats.packetCount,
      duration: Math.max(0, duration - Math.min(0, first)),
    };
  } catch {
    return null;
  } finally {
    input?.dispose();
  }
}

/** `30/1`, `30000/1001`, else thousandths: the platform writes ffmpeg's rational frame rates. */
export function frameRateRational(fps: number): string {
  const whole = Math.round(fps);
  if (Math.abs(fps - whole) < 1e-3) return `${whole}/1`;
  const ntsc = Math.round((fps * 1001) / 1000);
  if (Math.abs(fps - (ntsc * 1000) / 1001) < 1e-3) return `${ntsc * 1000}/1001`;
  return `${Math.round(fps * 1000)}/1000`;
}

/**
 * ffprobe's `rotation` of a display matrix for a clockwise turn: counter-clockwise degrees in
 * (-180, 180] (a file tagged `rotate=90` shows turned 270° clockwise, and ffprobe says 90).
 */
export function ffprobeRotation(clockwise: number): number {
  const ccw = (((-clockwise % 360) + 360) % 360) + 0;
  return ccw > 180 ? ccw - 360 : ccw;
}

/**
 * The item metadata the platform keeps for a video (spec §7.1): top-level `fps` and `startTime`, and
 * in `system` `fps`, `duration`, `nb_frames`, `width`, `height` (the display size, turned),
 * `startTime`, and the probe's `ffmpeg` keys clients read as ffprobe dumps them (`width`, `height`
 * of the stored frames, `codec_name`, `avg_frame_rate`, `r_frame_rate`, `nb_read_frames` as a
 * string, `duration`, and for a turned video the display matrix's `rotation` in `side_data_list`)
 * — filled from mediabunny, not by running ffmpeg.
 */
export function videoItemMetadata(p: VideoProbe): { fps: number; startTime: number; system: Record<string, unknown> } {
  const rate = frameRateRational(p.fps);
  const rotation = p.rotation ?? 0;
  return {
    fps: p.fps,
    startTime: 0,
    system: {
      fps: p.fps,
      duration: p.duration,
      nb_frames: p.frames,
      width: p.width,
      height: p.height,
      startTime: 0,
      ffmpeg: {
        codec_name: p.codec ? (FFMPEG_CODEC[p.codec] ?? p.codec) : null,
        width: p.storedWidth ?? p.width,
        height: p.storedHeight ?? p.height,
        avg_frame_rate: rate,
        r_frame_rate: rate,
        nb_read_frames: String(p.frames),
        duration: p.duration.toFixed(6),
        ...(rotation
          ? { side_data_list: [{ side_data_type: 'Display Matrix', rotation: ffprobeRotation(rotation) }] }
          : {}),
      },
    },
  };
}
