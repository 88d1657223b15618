import { DlParseError } from '../../errors.js';
import { isObject } from '../../json-read.js';
import { getGeometryBackend, type Mask, type XY } from '../../geometry-backend.js';
import { AnnotationDefinition, type DefinitionOptions } from '../base-definition.js';
import type { Attributes } from '../types.js';
import { MASK_DATA_URL_PREFIX, type MaskHeader, readMaskHeader } from '../mask-header.js';
import { Box } from './box.js';

/** The prefix of every segmentation data URL (the SDK strips exactly its 22 characters). */
export const PNG_DATA_URL_PREFIX = MASK_DATA_URL_PREFIX;

/** Constructor options of {@link Segmentation}. */
export interface SegmentationOptions extends DefinitionOptions {
  /** `data:image/png;base64,...` RGBA PNG at item size. */
  dataUrl: string;
}

/** RGB colour triple. */
export type Rgb = [number, number, number];

/**
 * Pixel mask (`type: "binary"`). JSON `coordinates` is the PNG data URL string; the string is kept
 * byte-identical until the mask is changed, so an untouched annotation round-trips exactly.
 * Pixels are decoded/encoded on demand through the registered geometry backend (alpha > 127 = set).
 *
 * @example
 * const seg = await Segmentation.fromMask(mask, 'road', [0, 255, 0]);
 * const again = await seg.getMask();
 */
export class Segmentation extends AnnotationDefinition {
  readonly type: string = 'binary';
  private _dataUrl: string;
  private decoded: Promise<{ mask: Mask; color: [number, number, number, number] | null }> | null = null;

  constructor(options: SegmentationOptions) {
    super(options);
    this._dataUrl = options.dataUrl;
  }

  /** The stored PNG data URL (the JSON `coordinates`). */
  get dataUrl(): string {
    return this._dataUrl;
  }

  /** The PNG header of the stored mask (size, depth, colour type), or a sentence when it is not a PNG. */
  get maskHeader(): MaskHeader | string {
    return readMaskHeader(this._dataUrl);
  }

  toCoordinates(): unknown {
    return this._dataUrl;
  }

  clone(): Segmentation {
    return this.copyBaseTo(new Segmentation({ label: this.label, dataUrl: this._dataUrl }));
  }

  private decode(signal?: AbortSignal) {
    if (!this.decoded) {
      const p = getGeometryBackend().decodeSegmentation(this._dataUrl, signal ? { signal } : undefined);
      this.decoded = p;
      // A failed decode (e.g. aborted) must not stick.
      p.catch(() => {
        if (this.decoded === p) this.decoded = null;
      });
    }
    return this.decoded;
  }

  /** Decoded mask (1 where alpha > 127), cached until the mask is replaced. */
  async getMask(options?: { signal?: AbortSignal }): Promise<Mask> {
    return (await this.decode(options?.signal)).mask;
  }

  /** Colour of the first non-zero pixel as RGBA, or null for an empty mask. */
  async getColor(options?: { signal?: AbortSignal }): Promise<[number, number, number, number] | null> {
    return (await this.decode(options?.signal)).color;
  }

  /** Replaces the mask: re-encodes it as an RGBA PNG in `color` (default white, as the SDK without an ontology). */
  async setMask(mask: Mask, color: Rgb = [255, 255, 255], options?: { signal?: AbortSignal }): Promise<void> {
    this._dataUrl = await getGeometryBackend().encodeSegmentation(mask, color, options);
    this.decoded = null;
  }

  /** Bounding boxes of the mask's contours (the SDK's `to_box`, same rule as {@link Box.fromSegmentation}). */
  async toBox(options?: { signal?: AbortSignal }): Promise<Box[]> {
    return Box.fromSegmentation(await this.getMask(options), this.label ?? '', this.attributes, options);
  }

  /** Reads the data URL string, or the `{data: "<dataurl>"}` form the SDK also accepts. */
  static fromCoordinates(coordinates: unknown, base: DefinitionOptions, path: string): Segmentation {
    let url = coordinates;
    let urlPath = path;
    if (isObject(coordinates)) {
      url = coordinates['data'];
      urlPath = `${path}.data`;
    }
    if (typeof url !== 'string' || !url.startsWith(PNG_DATA_URL_PREFIX)) {
      throw new DlParseError(urlPath, `a PNG data URL string ("${PNG_DATA_URL_PREFIX}...")`, url);
    }
    // The header is checked before anyone decodes it: a mask that is not a PNG, or declares more
    // pixels than a mask may have, is refused here, not when a viewer allocates for it.
    const header = readMaskHeader(url);
    if (typeof header === 'string') throw new DlParseError(urlPath, `a base64 PNG mask (${header})`, url);
    return new Segmentation(Object.assign({}, base, { dataUrl: url }));
  }

  /** Encodes a mask in `color` (RGB, default white) into a new Segmentation. */
  static async fromMask(
    mask: Mask,
    label: string,
    color: Rgb = [255, 255, 255],
    options?: { attributes?: Attributes | null; signal?: AbortSignal },
  ): Promise<Segmentation> {
    const dataUrl = await getGeometryBackend().encodeSegmentation(
      mask,
      color,
      options?.signal ? { signal: options.signal } : undefined,
    );
    return new Segmentation({ label, attributes: options?.attributes, dataUrl });
  }

  /**
   * Filled polygon mask of `shape = [height, width]` (vertices truncated, boundary included), as
   * dtlpy's `Segmentation.from_polygon`, encoded in `color` (default white).
   */
  static async fromPolygon(
    points: XY[],
    label: string,
    shape: [height: number, width: number],
    options?: { attributes?: Attributes | null; color?: Rgb; signal?: AbortSignal },
  ): Promise<Segmentation> {
    const backend = getGeometryBackend();
    const signalOpt = options?.signal ? { signal: options.signal } : undefined;
    const mask = await backend.maskFromPolygon(points, shape[0], shape[1], signalOpt);
    const dataUrl = await backend.encodeSegmentation(mask, options?.color ?? [255, 255, 255], signalOpt);
    return new Segmentation({ label, attributes: options?.attributes, dataUrl });
  }
}
