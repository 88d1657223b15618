import { createHash } from 'node:crypto';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { utf8 } from '../context.js';
import { HttpError } from './errors.js';

/** A file part, written to a temp file while it arrived. */
export interface UploadedFile {
  /** Form field name (`file`). */
  field: string;
  /** The part's file name (WHATWG rules: `%22`, `%0A`, `%0D` decoded; UTF-8). */
  filename: string;
  /** The part's `content-type` ('' when absent). */
  type: string;
  /** Temp file holding the bytes (the caller moves or removes it). */
  path: string;
  size: number;
  /** SHA-256 (hex) of the bytes. */
  sha256: string;
  /** The first bytes (up to `headBytes`), for type sniffing. */
  head: Uint8Array;
}

/** What {@link readMultipart} returns. */
export interface MultipartForm {
  fields: Record<string, string>;
  /** The file part named `fileField`, if any. */
  file?: UploadedFile;
}

/** Limits and places of {@link readMultipart}. */
export interface MultipartOptions {
  /** Boundary from the content type. */
  boundary: string;
  /** Largest whole body (bytes); one byte more is a 413 at once. */
  maxBytes: number;
  /** Largest total of the text fields (they are held in memory). */
  maxFieldBytes: number;
  /** A fresh temp file path for the file part. */
  tempPath: () => string;
  /** Name of the one file field that is stored. @default 'file' */
  fileField?: string;
  /** Bytes of the file kept in memory for sniffing. @default 1 MiB */
  headBytes?: number;
}

/** The boundary of a `multipart/form-data` content type (RFC 2046: 1..70 characters, may be quoted). */
export function multipartBoundary(contentType: string): string | undefined {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 16 * 1024;
const MAX_PREAMBLE = 64 * 1024;

/** A quoted multipart name: UTF-8, `%0A`, `%0D`, `%22` decoded (what browsers and undici send and read). */
const decodeName = (raw: string) => raw.replace(/%0A/gi, '\n').replace(/%0D/gi, '\r').replace(/%22/g, '"');

/** Parse one part's header block: `content-disposition: form-data; name="…"[; filename="…"]` and `content-type`. */
function parsePartHeaders(block: Buffer): { name: string; filename?: string; type: string } {
  let name: string | undefined;
  let filename: string | undefined;
  let type = '';
  for (const line of block.toString('utf8').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new HttpError(400, 'malformed form body: bad part header');
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-disposition') {
      if (!/^form-data\s*(;|$)/i.test(value)) throw new HttpError(400, 'malformed form body: part is not form-data');
      const n = /;\s*name="([^"\r\n]*)"/i.exec(value);
      name = n ? decodeName(n[1]!) : undefined;
      const f = /;\s*filename="([^"\r\n]*)"/i.exec(value);
      // RFC 5987 `filename*=utf-8''<percent-encoded>` (aiohttp, which dtlpy uses, sends it next to `filename`) wins.
      const fStar = /;\s*filename\*=utf-8''([^;\s]*)/i.exec(value);
      if (fStar) {
        try {
          filename = decodeURIComponent(fStar[1]!);
        } catch {
          throw new HttpError(400, 'malformed form body: bad filename*');
        }
      } else if (f) filename = decodeName(f[1]!);
    } else if (key === 'content-type') type = value;
  }
  if (name === undefined) throw new HttpError(400, 'malformed form body: a part has no name');
  return { name, filename, type };
}

/**
 * Read a `multipart/form-data` body as it arrives: text fields into memory (bounded by
 * `maxFieldBytes`), the one file part (`fileField`) into a temp file with its size, SHA-256 and
 * first bytes; other file parts are read and dropped. Every byte is counted: the moment the body
 * passes `maxBytes` the stream is cancelled and a 413 thrown, so nothing over the limit is ever
 * buffered. On any failure the temp file is removed. Errors are `HttpError` (400 malformed, 413).
 */
export async function readMultipart(body: ReadableStream<Uint8Array>, opts: MultipartOptions): Promise<MultipartForm> {
  const fileField = opts.fileField ?? 'file';
  const headBytes = opts.headBytes ?? 1024 * 1024;
  const dashBoundary = Buffer.from(`--${opts.boundary}`);
  const delimiter = Buffer.from(`\r\n--${opts.boundary}`);
  const reader = body.getReader();
  const fields: Record<string, string> = {};
  let fieldBytes = 0;
  let total = 0;
  let buf: Buffer = Buffer.alloc(0);
  let ended = false;
  let file: UploadedFile | undefined;
  let fh: FileHandle | undefined;

  /** Pull one more chunk into `buf`; false at the end of the body. */
  const more = async (): Promise<boolean> => {
    if (ended) return false;
    let r: ReadableStreamReadResult<Uint8Array>;
    try {
      r = await reader.read();
    } catch {
      throw new HttpError(400, 'upload aborted: the connection closed before the body was complete');
    }
    const { done, value } = r;
    if (done) {
      ended = true;
      return false;
    }
    total += value.byteLength;
    if (total > opts.maxBytes)
      throw new HttpError(413, `upload larger than ${opts.maxBytes} bytes`, { limit: opts.maxBytes });
    buf = buf.length ? Buffer.concat([buf, value]) : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return true;
  };
  const malformed = (why: string) => new HttpError(400, `malformed form body: ${why}`);

  try {
    // Preamble, then the first boundary line.
    let at: number;
    while ((at = buf.indexOf(dashBoundary)) < 0 || buf.length < at + dashBoundary.length + 2) {
      if (buf.length > MAX_PREAMBLE) throw malformed('no boundary found');
      if (!(await more())) throw malformed('no boundary found');
    }
    if (at > 0 && !(at >= 2 && buf[at - 2] === 0x0d && buf[at - 1] === 0x0a)) throw malformed('no boundary found');
    buf = buf.subarray(at + dashBoundary.length);
    for (;;) {
      // After a boundary: `--` closes the body, CRLF starts a part (transport padding allowed before it).
      while (buf.length < 2) if (!(await more())) throw malformed('body ends inside a boundary');
      if (buf[0] === 0x2d && buf[1] === 0x2d) break;
      let eol: number;
      while ((eol = buf.indexOf(CRLF)) < 0) {
        if (buf.length > 256) throw malformed('bad boundary line');
        if (!(await more())) throw malformed('body ends inside a boundary');
      }
      if (buf.subarray(0, eol).toString('latin1').trim() !== '') throw malformed('bad boundary line');
      buf = buf.subarray(eol + 2);
      // Part headers.
      let end: number;
      while ((end = buf.indexOf(HEADER_END)) < 0) {
        if (buf.length >= 2 && buf[0] === 0x0d && buf[1] === 0x0a) throw malformed('a part has no headers');
        if (buf.length > MAX_HEADER_BYTES) throw malformed('part headers too long');
        if (!(await more())) throw malformed('body ends inside part headers');
      }
      const part = parsePartHeaders(buf.subarray(0, end));
      buf = buf.subarray(end + 4);
      // Part body, up to the next delimiter; bytes that may start a delimiter are held back.
      const isFile = part.filename !== undefined;
      const keep = isFile && part.name === fileField;
      if (keep && file) throw malformed(`more than one "${fileField}" part`);
      const text: Buffer[] = [];
      const hash = keep ? createHash('sha256') : undefined;
      const head: Buffer[] = [];
      let headLen = 0;
      let size = 0;
      if (keep) {
        const path = opts.tempPath();
        fh = await open(path, 'wx', 0o600);
        file = {
          field: part.name,
          filename: part.filename!,
          type: part.type,
          path,
          size: 0,
          sha256: '',
          head: new Uint8Array(0),
        };
      }
      const emit = async (data: Buffer) => {
        if (!data.length) return;
        if (keep) {
          size += data.length;
          hash!.update(data);
          if (headLen < headBytes) {
            const take = data.subarray(0, headBytes - headLen);
            head.push(Buffer.from(take));
            headLen += take.length;
          }
          await fh!.write(data);
        } else if (!isFile) {
          fieldBytes += data.length;
          if (fieldBytes > opts.maxFieldBytes)
            throw new HttpError(413, `form fields larger than ${opts.maxFieldBytes} bytes`);
          text.push(Buffer.from(data));
        }
      };
      for (;;) {
        const d = buf.indexOf(delimiter);
        if (d >= 0) {
          await emit(buf.subarray(0, d));
          buf = buf.subarray(d + delimiter.length);
          break;
        }
        const safe = buf.length - (delimiter.length - 1);
        if (safe > 0) {
          await emit(buf.subarray(0, safe));
          buf = Buffer.from(buf.subarray(safe)); // a small copy: the big chunk can be freed
        }
        if (!(await more())) throw malformed('body ends before the closing boundary');
      }
      if (keep) {
        await fh!.close();
        fh = undefined;
        Object.assign(file!, { size, sha256: hash!.digest('hex'), head: Buffer.concat(head) });
      } else if (!isFile) fields[part.name] = utf8(Buffer.concat(text), `form field "${part.name}"`);
    }
    // The epilogue is read (and counted) but ignored.
    while (await more()) buf = Buffer.alloc(0);
    return { fields, file };
  } catch (e) {
    await endBody(reader, e);
    if (fh) await fh.close().catch(() => {});
    if (file) await rm(file.path, { force: true });
    throw e;
  }
}

/** Read a whole (small) body, refusing more than `maxBytes` (413) as soon as it is passed. */
export async function readLimited(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  what = 'body',
): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(parts);
    total += value.byteLength;
    if (total > maxBytes) {
      const e = new HttpError(413, `${what} larger than ${maxBytes} bytes`, { limit: maxBytes });
      await endBody(reader, e);
      throw e;
    }
    parts.push(value);
  }
}

/**
 * How long, and how much, the rest of a refused body is read and dropped ({@link discardRest}):
 * as nginx's `lingering_time` / `lingering_timeout` (30 s in all, 5 s without a byte), and at most
 * 1 GiB. Dropped bytes are neither kept nor written: only time and bandwidth are bounded here.
 */
export const LINGER = { ms: 30_000, idleMs: 5_000, bytes: 1024 * 1024 * 1024 };

/**
 * Stop reading a body after `error`. After a 413 the stream is only released, not cancelled (a
 * cancel closes the connection at once): the caller answers, then lets {@link discardRest} read
 * the rest. Any other error cancels the stream.
 */
async function endBody(reader: ReadableStreamDefaultReader<Uint8Array>, error: unknown): Promise<void> {
  if (error instanceof HttpError && error.status === 413) reader.releaseLock();
  else await reader.cancel().catch(() => {});
}

/**
 * Read and drop what a client is still sending after its body was refused, for at most
 * `LINGER.ms` (and `LINGER.idleMs` without a byte) and `LINGER.bytes`, then cancel (which closes
 * the connection if the body is not complete). Call it once the refusal has been sent. Closing at once resets the connection while
 * the client is still writing, and a client that writes its whole body before it reads a response
 * (Python's `requests`, Node's `http`) then sees a broken pipe instead of the 413 and its message;
 * nginx and Go's `net/http` linger the same way (`startServer` keeps `@hono/node-server`'s own
 * 500 ms drain off such a body: see `cleanupUnreadBody`). Nothing is kept: memory stays flat.
 * Never throws.
 */
export async function discardRest(
  body: ReadableStream<Uint8Array>,
  limit: { ms: number; idleMs?: number; bytes: number } = LINGER,
): Promise<void> {
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = body.getReader();
  } catch {
    return; // locked or gone: someone else has it
  }
  const stop = () => void reader.cancel().catch(() => {});
  const timer = setTimeout(stop, limit.ms);
  timer.unref?.();
  let idle: ReturnType<typeof setTimeout> | undefined;
  const quiet = () => {
    clearTimeout(idle);
    if (limit.idleMs === undefined) return;
    idle = setTimeout(stop, limit.idleMs);
    idle.unref?.();
  };
  try {
    quiet();
    for (let n = 0; n <= limit.bytes; ) {
      const { done, value } = await reader.read();
      if (done) return; // the whole body came: the connection stays usable
      n += value.byteLength;
      quiet();
    }
    await reader.cancel();
  } catch {
    // cancelled by a timer, or the client went away: nothing left to do
  } finally {
    clearTimeout(timer);
    clearTimeout(idle);
  }
}
