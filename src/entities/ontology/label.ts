// Label: one node of an ontology's label tree (spec §7.4), with the SDK's colour parsing (§3.5).
import { copyJson } from '../resources/copy-json.js';
import { DlParseError } from '../errors.js';
import { isObject, readArray, readObject, type JsonObject } from '../json-read.js';

/** An RGB triple, each 0..255. */
export type RgbColor = [number, number, number];

/** A label colour as stored: `"#rrggbb"`, `"rgb(r,g,b)"`, an `[r,g,b]` array, or null. */
export type LabelColor = string | number[] | null;

/** The `roots` node shape: `{"value": {...}, "children": [...]}`. */
export interface LabelRoot {
  value: {
    tag: string;
    displayLabel?: string | null;
    color?: LabelColor;
    attributes?: unknown[] | null;
    displayData?: JsonObject;
    [key: string]: unknown;
  };
  children: LabelRoot[];
  [key: string]: unknown;
}

/** Options of {@link Label.create} (SDK `ontology.add_label` arguments). */
export interface LabelCreateOptions {
  /** Colour; when omitted a random RGB triple is drawn (see `random`). */
  color?: LabelColor;
  /** Display name; default: the tag with `_`-separated words capitalised (`big_car` -> `Big Car`). */
  displayLabel?: string;
  /** v1 attribute list. @default [] */
  attributes?: unknown[];
  /** `displayData` (`{displayImage: {itemId, datasetId}}`). @default {} */
  displayData?: JsonObject;
  /** Children labels (their tags are leaf names). */
  children?: Label[];
  /** Random source in [0, 1) for the colour; inject a fixed one in tests. @default Math.random */
  random?: () => number;
}

/** Known keys of a label value, in the SDK's `Label.to_root` order. */
const VALUE_KEYS = ['tag', 'attributes', 'displayLabel', 'displayData', 'color'] as const;

/**
 * The SDK's display-label default: one word => first letter upper-cased; several `_`-separated words =>
 * each word's first letter upper-cased, joined by spaces (empty words stay empty).
 * @example
 * defaultDisplayLabel('big_red_car'); // 'Big Red Car'
 */
export function defaultDisplayLabel(tag: string): string {
  const cap = (w: string): string => (w.length > 0 ? w[0]!.toUpperCase() + w.slice(1) : w);
  const words = tag.split('_');
  return words.length === 1 ? cap(tag) : words.map(cap).join(' ');
}

/**
 * `Label.rgb` of the SDK: `"#rrggbb"` and `"rgb(r,g,b)"` strings and `[r,g,b]` arrays are parsed;
 * missing => null; anything else => `[255, 0, 0]`. (Where the SDK would raise on a malformed string,
 * e.g. `"#12"` or `"rgb(a)"`, this returns `[255, 0, 0]`; `"#abc"` is expanded as in CSS.)
 */
export function parseLabelColor(color: unknown): RgbColor | null {
  if (color === null || color === undefined) return null;
  const unknown: RgbColor = [255, 0, 0];
  if (Array.isArray(color)) {
    if (color.length < 3 || !color.slice(0, 3).every((c) => typeof c === 'number')) return unknown;
    return [color[0] as number, color[1] as number, color[2] as number];
  }
  if (typeof color !== 'string') return unknown;
  if (color.startsWith('rgb')) {
    const m = /^rgba?\(\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*(?:,[^)]*)?\)$/.exec(
      color.trim(),
    );
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : unknown;
  }
  if (color.startsWith('#')) {
    let hex = color.slice(1);
    if (/^[0-9a-fA-F]{3}$/.test(hex)) hex = [...hex].map((h) => h + h).join('');
    if (!/^[0-9a-fA-F]{6}/.test(hex)) return unknown;
    return [parseInt(hex.slice(0, 2), 16), parseInt(hex.slice(2, 4), 16), parseInt(hex.slice(4, 6), 16)];
  }
  return unknown;
}

/** `#rrggbb` of an RGB triple (lowercase, like Python's `'#%02x%02x%02x'`). */
export function rgbToHex(rgb: readonly number[]): string {
  return `#${rgb
    .slice(0, 3)
    .map((c) => Math.round(c).toString(16).padStart(2, '0'))
    .join('')}`;
}

/**
 * One label of the ontology tree. `tag` is the leaf name; the full name (`vehicle.car`) is built by the
 * ontology's flat dict. Unknown keys of the JSON node are kept and written back by `toRoot()`.
 *
 * @example
 * const label = Label.fromRoot({ value: { tag: 'car', color: '#ff0000' }, children: [] });
 * label.rgb; // [255, 0, 0]
 */
export class Label {
  /** Leaf name. */
  tag: string;
  /** Display name, or null when the JSON had none. */
  displayLabel: string | null;
  /** Colour as stored. */
  color: LabelColor;
  /** v1 attribute list (legacy), or null when absent. */
  attributes: unknown[] | null;
  /** `displayData` (`{}` or `{displayImage: {itemId, datasetId}}`). */
  displayData: JsonObject;
  /** Child labels. */
  children: Label[];

  /** Keys of the source value, in order (known and unknown), and the unknown ones' values. */
  private readonly valueKeys: string[];
  private readonly extraValue: JsonObject;
  private readonly extraRoot: JsonObject;

  private constructor(init: {
    tag: string;
    displayLabel: string | null;
    color: LabelColor;
    attributes: unknown[] | null;
    displayData: JsonObject;
    children: Label[];
    valueKeys?: string[];
    extraValue?: JsonObject;
    extraRoot?: JsonObject;
  }) {
    this.tag = init.tag;
    this.displayLabel = init.displayLabel;
    this.color = init.color;
    this.attributes = init.attributes;
    this.displayData = init.displayData;
    this.children = init.children;
    this.valueKeys = init.valueKeys ?? [...VALUE_KEYS];
    this.extraValue = init.extraValue ?? {};
    this.extraRoot = init.extraRoot ?? {};
  }

  /**
   * A new label, as `ontology.add_label` makes it: random colour when none is given (each channel
   * uniform in 0..255), default display label, empty attributes and displayData.
   */
  static create(tag: string, options: LabelCreateOptions = {}): Label {
    const random = options.random ?? Math.random;
    const channel = (): number => Math.min(255, Math.floor(random() * 256));
    return new Label({
      tag,
      displayLabel: options.displayLabel ?? defaultDisplayLabel(tag),
      color: options.color === undefined ? [channel(), channel(), channel()] : options.color,
      attributes: options.attributes ?? [],
      displayData: options.displayData ?? {},
      children: options.children ?? [],
    });
  }

  /**
   * Reads a `roots` node `{value, children}` or a flat label dict (`tag` | `label_name`,
   * `displayLabel` | `display_label`, `children` beside them).
   * @throws DlParseError naming the JSON path (e.g. `$.children[2].value.tag`).
   */
  static fromRoot(root: unknown, path = '$'): Label {
    const node = readObject(root, path);
    const hasValue = 'value' in node;
    const valuePath = hasValue ? `${path}.value` : path;
    const value = hasValue ? readObject(node.value, valuePath) : node;

    const children: Label[] = [];
    if (node.children !== undefined && node.children !== null) {
      readArray(node.children, `${path}.children`).forEach((c, i) =>
        children.push(Label.fromRoot(c, `${path}.children[${i}]`)),
      );
    }

    let tag: unknown;
    if ('tag' in value) tag = value.tag;
    else if ('label_name' in value) tag = value.label_name;
    if (typeof tag !== 'string') throw new DlParseError(`${valuePath}.tag`, 'a string (tag or label_name)', tag);

    let displayLabel = value.displayLabel ?? null;
    if (displayLabel === null) displayLabel = value.display_label ?? null;
    if (displayLabel !== null && typeof displayLabel !== 'string') {
      throw new DlParseError(`${valuePath}.displayLabel`, 'a string or null', displayLabel);
    }
    const color = value.color ?? null;
    if (color !== null && typeof color !== 'string' && !Array.isArray(color)) {
      throw new DlParseError(`${valuePath}.color`, 'a colour string, an [r, g, b] array or null', color);
    }
    const attributes = value.attributes ?? null;
    if (attributes !== null && !Array.isArray(attributes))
      throw new DlParseError(`${valuePath}.attributes`, 'an array or null', attributes);
    const displayData = value.displayData ?? {};
    if (!isObject(displayData)) throw new DlParseError(`${valuePath}.displayData`, 'an object', displayData);

    // Known keys keep their source position; the snake_case flat-dict spellings map onto them.
    const rename: Record<string, string> = { label_name: 'tag', display_label: 'displayLabel' };
    const valueKeys: string[] = [];
    const extraValue: JsonObject = {};
    for (const k of Object.keys(value)) {
      if (!hasValue && k === 'children') continue;
      const known = rename[k] ?? k;
      if ((VALUE_KEYS as readonly string[]).includes(known)) {
        if (!valueKeys.includes(known)) valueKeys.push(known);
      } else {
        valueKeys.push(k);
        extraValue[k] = copyJson(value[k]);
      }
    }
    const extraRoot: JsonObject = {};
    if (hasValue)
      for (const k of Object.keys(node)) if (k !== 'value' && k !== 'children') extraRoot[k] = copyJson(node[k]);

    return new Label({
      tag,
      displayLabel,
      color: copyJson(color) as LabelColor,
      attributes: copyJson(attributes) as unknown[] | null,
      displayData: copyJson(displayData),
      children,
      valueKeys,
      extraValue,
      extraRoot,
    });
  }

  /** Colour as `[r, g, b]` (SDK `Label.rgb`): see {@link parseLabelColor}. */
  get rgb(): RgbColor | null {
    return parseLabelColor(this.color);
  }

  /**
   * Colour as `#rrggbb` (SDK `Label.hex`): arrays are converted, strings returned as stored, null stays
   * null. (The SDK returns a tuple for `rgb(...)` strings and fails on null; here `rgb(...)` is converted.)
   */
  get hex(): string | null {
    if (this.color === null) return null;
    if (Array.isArray(this.color)) return rgbToHex(this.color);
    if (this.color.startsWith('rgb')) {
      const rgb = parseLabelColor(this.color);
      return rgb ? rgbToHex(rgb) : null;
    }
    return this.color;
  }

  /**
   * The `roots` node. Keys keep their source order (unknown keys included); keys the source lacked are
   * added in the SDK's order `tag, attributes, displayLabel, displayData, color` when they have a value
   * (not null, and for `displayData` not `{}`).
   * An array colour is written as `#rrggbb` (as the SDK does); a string colour is written as stored.
   */
  toRoot(): LabelRoot {
    const known: Record<string, unknown> = {
      tag: this.tag,
      attributes: this.attributes === null ? null : copyJson(this.attributes),
      displayLabel: this.displayLabel,
      displayData: copyJson(this.displayData),
      color: Array.isArray(this.color) ? rgbToHex(this.color) : this.color,
    };
    const value: JsonObject = {};
    for (const k of this.valueKeys) {
      if (k in known) value[k] = known[k];
      else value[k] = copyJson(this.extraValue[k]);
    }
    for (const k of VALUE_KEYS) {
      const v = known[k];
      const empty = v === null || (k === 'displayData' && Object.keys(v as JsonObject).length === 0);
      if (!(k in value) && !empty) value[k] = v;
    }
    return {
      ...copyJson(this.extraRoot),
      value: value as LabelRoot['value'],
      children: this.children.map((c) => c.toRoot()),
    };
  }

  /**
   * The SDK's `attr.asdict(label)` shape, used inside `Ontology.toJson()`'s snake_case `labels` array:
   * `{tag, display_data, color, display_label, attributes, children}`.
   */
  toSnakeJson(): JsonObject {
    return {
      tag: this.tag,
      display_data: copyJson(this.displayData),
      color: copyJson(this.color),
      display_label: this.displayLabel,
      attributes: copyJson(this.attributes),
      children: this.children.map((c) => c.toSnakeJson()),
    };
  }
}
