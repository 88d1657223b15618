// The streaming multipart reader against bodies built from known parts and cut into chunks at
// random places (a delimiter split across chunks, CR/LF and boundary look-alikes inside values):
// it must return exactly the parts that were put in, and Node's own (buffering) FormData parser
// must agree on the same bodies.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { multipartBoundary, readMultipart } from '../http/multipart.js';

const dir = mkdtempSync(join(tmpdir(), 'dlkit-mp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const tempPath = () => join(dir, `t${n++}.part`);

function streamOf(body: Buffer, cuts: number[]): ReadableStream<Uint8Array> {
  const points = [...new Set(cuts.map((c) => c % (body.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let at = 0;
  for (const p of [...points, body.length]) {
    if (p > at) pieces.push(body.subarray(at, p));
    at = Math.max(at, p);
  }
  return new ReadableStream({
    pull(c) {
      const next = pieces.shift();
      if (next) c.enqueue(new Uint8Array(next));
      else c.close();
    },
  });
}

const B = 'dlkit-boundary-XyZ';
/** Values may hold CR, LF, dashes and pieces of the boundary (never the whole delimiter). */
const tricky = fc
  .array(fc.constantFrom('a', 'é', '\r', '\n', '-', '--', `--${B.slice(0, 6)}`, `\r\n--${B.slice(0, 12)}`, 'x', ' '), {
    maxLength: 40,
  })
  .map((a) => a.join(''));
const bytes = fc.uint8Array({ maxLength: 3000 });

function build(fields: [string, string][], file: Uint8Array | undefined, fileFirst: boolean): Buffer {
  const parts: Buffer[] = [];
  const fieldParts = fields.map(([k, v]) =>
    Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
  );
  const filePart = file
    ? [
        Buffer.from(
          `--${B}\r\nContent-Disposition: form-data; name="file"; filename="f.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        Buffer.from(file),
        Buffer.from('\r\n'),
      ]
    : [];
  if (fileFirst) parts.push(...filePart, ...fieldParts);
  else parts.push(...fieldParts, ...filePart);
  parts.push(Buffer.from(`--${B}--\r\n`));
  return Buffer.concat(parts);
}

describe('readMultipart', () => {
  it("returns exactly the fields and file bytes put in, however the body is cut into chunks; Node's FormData agrees", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(fc.constantFrom('path', 'type', 'metadata', 'description', 'x'), tricky), {
          selector: (t) => t[0],
          maxLength: 4,
        }),
        fc.option(bytes, { nil: undefined }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 12 }),
        async (fields, file, fileFirst, cuts) => {
          const body = build(fields, file, fileFirst);
          const got = await readMultipart(streamOf(body, cuts), {
            boundary: B,
            maxBytes: 1 << 20,
            maxFieldBytes: 1 << 20,
            tempPath,
            headBytes: 100,
          });
          expect(got.fields).toEqual(Object.fromEntries(fields));
          if (file) {
            const stored = readFileSync(got.file!.path);
            expect(Buffer.compare(stored, Buffer.from(file))).toBe(0);
            expect(got.file!.size).toBe(file.length);
            expect(got.file!.sha256).toBe(createHash('sha256').update(file).digest('hex'));
            expect(Buffer.from(got.file!.head).equals(Buffer.from(file).subarray(0, 100))).toBe(true);
            expect([got.file!.filename, got.file!.type]).toEqual(['f.bin', 'application/octet-stream']);
            rmSync(got.file!.path);
          } else expect(got.file).toBeUndefined();
          // Second method: the platform's buffering parser on the same bytes.
          const fd = await new Response(new Uint8Array(body), {
            headers: { 'content-type': `multipart/form-data; boundary=${B}` },
          }).formData();
          for (const [k, v] of fields) expect(fd.get(k)).toBe(v);
          if (file)
            expect(Buffer.from(await (fd.get('file') as Blob).arrayBuffer()).equals(Buffer.from(file))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('counts every byte: one byte over maxBytes is a 413 and the temp file is removed', async () => {
    const body = build([['path', '/a']], new Uint8Array(5000), false);
    await expect(
      readMultipart(streamOf(body, [100, 2000]), {
        boundary: B,
        maxBytes: body.length - 1,
        maxFieldBytes: 1000,
        tempPath,
      }),
    ).rejects.toMatchObject({ status: 413 });
    expect(readdirSync(dir)).toEqual([]);
    await expect(
      readMultipart(streamOf(body, []), { boundary: B, maxBytes: body.length, maxFieldBytes: 1000, tempPath }).then(
        (f) => rmSync(f.file!.path),
      ),
    ).resolves.toBeUndefined();
  });

  it('reads quoted and unquoted boundaries from the content type', () => {
    expect(multipartBoundary('multipart/form-data; boundary=abc')).toBe('abc');
    expect(multipartBoundary('multipart/form-data; charset=utf-8; boundary="a b:c"')).toBe('a b:c');
    expect(multipartBoundary('multipart/form-data')).toBeUndefined();
  });
});
