// Definitions whose coordinates are small fixed-key objects or strings: Subtitle, Description,
// Text (text_mark), FreeText (text), RefImage. The SDK's reader treats all but Subtitle as
// "undefined" types and keeps coordinates verbatim; dl-kit reads them typed only when the shape
// is exactly the documented one (so writing back cannot change it) and otherwise falls back to
// UndefinedAnnotation.
import { DlParseError } from '../../errors.js';
import { readNumber, readObject, readString } from '../../json-read.js';
import { AnnotationDefinition, type DefinitionOptions } from '../base-definition.js';

/** Throws unless `o` has only the listed keys (a typed reader must not drop unknown keys). */
function onlyKeys(o: Record<string, unknown>, keys: readonly string[], path: string): void {
  for (const k of Object.keys(o)) {
    if (!keys.includes(k)) throw new DlParseError(`${path}.${k}`, `no other keys than ${keys.join(', ')}`, o[k]);
  }
}

/** Constructor options of {@link Subtitle} and {@link Description}. */
export interface TextOnlyOptions extends Omit<DefinitionOptions, 'label'> {
  text: string;
  label?: string | null;
}

/** Subtitle / caption (`type: "subtitle"`): `{text}`. On video it carries frame/time keys but no snapshots. */
export class Subtitle extends AnnotationDefinition {
  readonly type: string = 'subtitle';
  /** Caption text. */
  text: string;

  constructor(options: TextOnlyOptions) {
    super(Object.assign({}, options, { label: options.label ?? 'Text' }));
    this.text = options.text;
  }

  toCoordinates(): unknown {
    return { text: this.text };
  }

  clone(): Subtitle {
    return this.copyBaseTo(new Subtitle({ label: this.label, text: this.text }));
  }

  /** Reads `{text}`. */
  static fromCoordinates(coordinates: unknown, base: DefinitionOptions, path: string): Subtitle {
    const o = readObject(coordinates, path);
    return new Subtitle(Object.assign({}, base, { text: readString(o['text'], `${path}.text`) }));
  }
}

/**
 * Item description (`type: "item_description"`): `{text}`, label fixed `"item.description"`, and
 * the annotation is written with `metadata.system.system = true`.
 */
export class Description extends AnnotationDefinition {
  readonly type: string = 'item_description';
  /** Description text. */
  text: string;

  constructor(options: TextOnlyOptions) {
    super(Object.assign({}, options, { label: options.label ?? 'item.description' }));
    this.text = options.text;
  }

  toCoordinates(): unknown {
    return { text: this.text };
  }

  clone(): Description {
    return this.copyBaseTo(new Description({ label: this.label, text: this.text }));
  }

  /** Reads exactly `{text}`. */
  static fromCoordinates(coordinates: unknown, base: DefinitionOptions, path: string): Description {
    const o = readObject(coordinates, path);
    onlyKeys(o, ['text'], path);
    return new Description(Object.assign({}, base, { text: readString(o['text'], `${path}.text`) }));
  }
}

/** Constructor options of {@link Text}. */
export interface TextOptions extends DefinitionOptions {
  /** `coordinates.type`: the text type (e.g. the NER block type). */
  textType: string;
  start: number;
  end: number;
  top?: number | null;
  left?: number | null;
}

/**
 * Text marking / NER span (`type: "text_mark"`): `{type, label, start, end[, top, left]}`
 * (`top`/`left` only when both are set).
 */
export class Text extends AnnotationDefinition {
  readonly type: string = 'text_mark';
  /** `coordinates.type`. */
  textType: string;
  /** Start offset. */
  start: number;
  /** End offset. */
  end: number;
  /** Optional position (written only with `left`). */
  top: number | null;
  /** Optional position (written only with `top`). */
  left: number | null;

  constructor(options: TextOptions) {
    super(options);
    this.textType = options.textType;
    this.start = options.start;
    this.end = options.end;
    this.top = options.top ?? null;
    this.left = options.left ?? null;
  }

  toCoordinates(): unknown {
    const out: Record<string, unknown> = { type: this.textType, label: this.label, start: this.start, end: this.end };
    if (this.top !== null && this.left !== null) {
      out['top'] = this.top;
      out['left'] = this.left;
    }
    return out;
  }

  clone(): Text {
    return this.copyBaseTo(
      new Text({
        label: this.label,
        textType: this.textType,
        start: this.start,
        end: this.end,
        top: this.top,
        left: this.left,
      }),
    );
  }

  /** Reads exactly `{type, label, start, end[, top, left]}` whose `label` equals the annotation label. */
  static fromCoordinates(coordinates: unknown, base: DefinitionOptions, path: string): Text {
    const o = readObject(coordinates, path);
    onlyKeys(o, ['type', 'label', 'start', 'end', 'top', 'left'], path);
    if (o['label'] !== base.label)
      throw new DlParseError(`${path}.label`, `the annotation label ${JSON.stringify(base.label)}`, o['label']);
    const hasTop = 'top' in o;
    if (hasTop !== 'left' in o) throw new DlParseError(`${path}`, 'both top and left, or neither', o);
    return new Text(
      Object.assign({}, base, {
        textType: readString(o['type'], `${path}.type`),
        start: readNumber(o['start'], `${path}.start`),
        end: readNumber(o['end'], `${path}.end`),
        top: hasTop ? readNumber(o['top'], `${path}.top`) : null,
        left: hasTop ? readNumber(o['left'], `${path}.left`) : null,
      }),
    );
  }
}

/** Constructor options of {@link FreeText}. */
export interface FreeTextOptions extends Omit<DefinitionOptions, 'label'> {
  text: string;
  /** @default "free-text" */
  label?: string | null;
}

/** Free text answer (`type: "text"`): `coordinates` is the **bare string**. */
export class FreeText extends AnnotationDefinition {
  readonly type: string = 'text';
  /** The answer text. */
  text: string;

  constructor(options: FreeTextOptions) {
    super(Object.assign({}, options, { label: options.label === undefined ? 'free-text' : options.label }));
    this.text = options.text;
  }

  toCoordinates(): unknown {
    return this.text;
  }

  clone(): FreeText {
    return this.copyBaseTo(new FreeText({ label: this.label, text: this.text }));
  }

  /** Reads the bare string. */
  static fromCoordinates(coordinates: unknown, base: DefinitionOptions, path: string): FreeText {
    return new FreeText(Object.assign({}, base, { text: readString(coordinates, path) }));
  }
}

/** Constructor options of {@link RefImage}. */
export interface RefImageOptions extends Omit<DefinitionOptions, 'label'> {
  /** URL or item id of the referenced image. */
  ref: string;
  /** `"url"` or `"id"`; default `url` when `ref` starts with `http`, else `id`. */
  refType?: string;
  mimetype?: string | null;
  /** @default "ref-image" */
  label?: string | null;
}

/** Reference image (`type: "ref_image"`): `{ref, refType, mimetype}`. */
export class RefImage extends AnnotationDefinition {
  readonly type: string = 'ref_image';
  /** URL or item id. */
  ref: string;
  /** `url` or `id`. */
  refType: string;
  /** MIME type of the referenced image, or null. */
  mimetype: string | null;

  constructor(options: RefImageOptions) {
    super(Object.assign({}, options, { label: options.label === undefined ? 'ref-image' : options.label }));
    this.ref = options.ref;
    this.refType = options.refType ?? (options.ref.startsWith('http') ? 'url' : 'id');
    this.mimetype = options.mimetype ?? null;
  }

  toCoordinates(): unknown {
    return { ref: this.ref, refType: this.refType, mimetype: this.mimetype };
  }

  clone(): RefImage {
    return this.copyBaseTo(
      new RefImage({ label: this.label, ref: this.ref, refType: this.refType, mimetype: this.mimetype }),
    );
  }

  /** Reads exactly `{ref, refType, mimetype}`. */
  static fromCoordinates(coordinates: unknown, base: DefinitionOptions, path: string): RefImage {
    const o = readObject(coordinates, path);
    onlyKeys(o, ['ref', 'refType', 'mimetype'], path);
    for (const k of ['ref', 'refType', 'mimetype']) {
      if (!(k in o)) throw new DlParseError(`${path}.${k}`, 'a value (required key)', undefined);
    }
    const mimetype = o['mimetype'];
    if (mimetype !== null && typeof mimetype !== 'string')
      throw new DlParseError(`${path}.mimetype`, 'a string or null', mimetype);
    return new RefImage(
      Object.assign({}, base, {
        ref: readString(o['ref'], `${path}.ref`),
        refType: readString(o['refType'], `${path}.refType`),
        mimetype,
      }),
    );
  }
}
