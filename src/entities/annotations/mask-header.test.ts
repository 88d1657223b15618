// Binary masks from someone else: the reader checks base64, the PNG signature and the IHDR size
// (equal to the item's when it is known, at most MAX_MASK_PIXELS otherwise) before anything decodes.
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DlParseError } from '../errors.js';
import { Annotation } from './annotation.js';
import { MAX_MASK_PIXELS, readMaskHeader } from './mask-header.js';
import { pngDataUrl, rawPng } from './test-utils/raw-png.js';

const item = { id: 'i1', datasetId: 'd1', metadata: { system: { mimetype: 'image/png', width: 64, height: 48 } } };
const binary = (coordinates: unknown) => ({
  id: 'a1',
  type: 'binary',
  label: 'road',
  coordinates,
  metadata: { system: {} },
  creator: null,
  createdAt: null,
  updatedBy: null,
  updatedAt: null,
});

/** The DlParseError `Annotation.fromJson` throws, or undefined. */
function parseError(json: unknown, withItem = true): DlParseError | undefined {
  try {
    Annotation.fromJson(json, withItem ? { item } : { isVideo: false });
    return undefined;
  } catch (e) {
    if (e instanceof DlParseError) return e;
    throw e;
  }
}

describe('readMaskHeader', () => {
  it('reads width, height, depth and colour type from the first 33 bytes', () => {
    expect(readMaskHeader(pngDataUrl(rawPng({ width: 64, height: 48 })))).toEqual({
      width: 64,
      height: 48,
      bitDepth: 8,
      colorType: 6,
      interlace: 0,
    });
  });

  it.each([
    ['another prefix', 'data:image/jpeg;base64,iVBORw0KGgo=', /data URL/],
    ['not base64', 'data:image/png;base64,@@@@not base64@@@@', /not base64/],
    ['base64 of text', `data:image/png;base64,${btoa('hello, this is not a PNG at all, no')}`, /PNG signature/],
    ['a cut header', pngDataUrl(rawPng({ width: 4, height: 4 }).subarray(0, 20)), /PNG signature/],
    ['a zero size', pngDataUrl(rawPng({ width: 0, height: 5 })), /empty image/],
    [
      '20000 x 20000',
      pngDataUrl(rawPng({ width: 20000, height: 20000, idat: zlibSync(new Uint8Array(10)) })),
      /more than/,
    ],
  ])('%s is refused with a sentence', (_name, url, message) => {
    const h = readMaskHeader(url);
    expect(typeof h).toBe('string');
    expect(h).toMatch(message);
  });

  it('allows exactly MAX_MASK_PIXELS', () => {
    const side = Math.sqrt(MAX_MASK_PIXELS);
    const h = readMaskHeader(pngDataUrl(rawPng({ width: side, height: side, idat: zlibSync(new Uint8Array(1)) })));
    expect(h).toMatchObject({ width: side, height: side });
  });
});

describe('Annotation.fromJson of a binary annotation', () => {
  it('accepts a PNG of the item size', () => {
    expect(parseError(binary(pngDataUrl(rawPng({ width: 64, height: 48 }))))).toBeUndefined();
  });

  it('refuses coordinates that are not base64 or not a PNG, naming $.coordinates', () => {
    for (const bad of [
      'data:image/png;base64,!!!!',
      `data:image/png;base64,${btoa('GIF89a................................')}`,
    ]) {
      const e = parseError(binary(bad));
      expect(e?.path).toBe('$.coordinates');
      expect(e?.message).toMatch(/base64 PNG mask/);
    }
    expect(parseError(binary({ data: 'data:image/png;base64,!!!!' }))?.path).toBe('$.coordinates.data');
  });

  it("refuses a PNG whose header declares 20000x20000 on a 64x48 item, and any size but the item's", () => {
    const huge = pngDataUrl(rawPng({ width: 20000, height: 20000, idat: zlibSync(new Uint8Array(10)) }));
    expect(parseError(binary(huge))?.message).toMatch(/more than/);
    const e = parseError(binary(pngDataUrl(rawPng({ width: 65, height: 48 }))));
    expect(e?.path).toBe('$.coordinates');
    expect(e?.message).toMatch(/item's size 64x48.*65x48/);
  });

  it('without an item size, a mask up to the pixel limit is read', () => {
    expect(parseError(binary(pngDataUrl(rawPng({ width: 640, height: 10 }))), false)).toBeUndefined();
  });
});
