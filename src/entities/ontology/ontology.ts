// Ontology (spec §7.4): label tree, flat names, instance and colour maps (§3.5), attributes (§1.4).
import { copyJson } from '../resources/copy-json.js';
import { DlError, DlParseError } from '../errors.js';
import { isObject, readArray, readObject, type JsonObject } from '../json-read.js';
import { readAttributeDefinitions, usesAttributes2, type AttributeDefinition } from './attributes.js';
import { Label, type LabelCreateOptions, type LabelRoot, type RgbColor } from './label.js';

/** Key of the background entry in `instanceMap` / `colorMap` (INSTANCE/OBJECT_ID and MASK renders). */
export const DEFAULT_MAP_KEY = '$default';

/** Plain code-point string order (uppercase before lowercase), never `localeCompare`. */
function codePointCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * An ontology: labels (`roots`) and attributes.
 *
 * `instanceMap` / `colorMap` are computed once from the flat label names and can be replaced by the
 * user (SDK setters); both may carry a `$default` key for the render background.
 *
 * Note: JavaScript objects list integer-like keys (`"7"`) first; use {@link Ontology.instanceMapEntries}
 * when iteration order matters for such label names.
 *
 * @example
 * const ontology = Ontology.fromJson(json);
 * ontology.instanceMap; // {Person: 1, animal: 2, vehicle: 3, 'vehicle.bus': 4, 'vehicle.car': 5}
 * ontology.colorMap['vehicle.car']; // [r, g, b]
 */
export class Ontology {
  /** Root labels. */
  labels: Label[];
  /** Ontology metadata (`system.projectIds`, v2 `attributes`), or null when absent. */
  metadata: JsonObject | null;

  private readonly json: JsonObject;
  private _instanceMap: Record<string, number> | null = null;
  private _instanceEntries: Array<[string, number]> | null = null;
  private _colorMap: Record<string, RgbColor | null> | null = null;

  private constructor(json: JsonObject, labels: Label[]) {
    this.json = json;
    this.labels = labels;
    this.metadata = isObject(json.metadata) ? json.metadata : null;
  }

  /**
   * Reads ontology JSON (`roots` required; `id`, `title`, `metadata`, `attributes` optional).
   * @throws DlParseError naming the JSON path.
   */
  static fromJson(json: unknown): Ontology {
    const raw = readObject(json, '$');
    const roots = readArray(raw.roots, '$.roots');
    // Labels copy what they keep; the rest is copied here once (roots keeps its key position).
    const obj: JsonObject = {};
    for (const k of Object.keys(raw)) {
      Object.defineProperty(obj, k, {
        value: k === 'roots' ? [] : copyJson(raw[k]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    const labels = roots.map((r, i) => Label.fromRoot(r, `$.roots[${i}]`));
    for (const k of ['id', 'title', 'creator', 'url']) {
      if (obj[k] !== undefined && obj[k] !== null && typeof obj[k] !== 'string')
        throw new DlParseError(`$.${k}`, 'a string', obj[k]);
    }
    if (obj.metadata !== undefined && obj.metadata !== null && !isObject(obj.metadata)) {
      throw new DlParseError('$.metadata', 'an object', obj.metadata);
    }
    if (obj.attributes !== undefined && obj.attributes !== null) readArray(obj.attributes, '$.attributes');
    if (isObject(obj.metadata) && obj.metadata.attributes !== undefined && obj.metadata.attributes !== null) {
      readAttributeDefinitions(obj.metadata.attributes, '$.metadata.attributes');
    }
    return new Ontology(obj, labels);
  }

  /** An ontology from a bare `roots` array (legacy label files). */
  static fromRoots(roots: unknown): Ontology {
    readArray(roots, '$');
    return Ontology.fromJson({ roots });
  }

  /** Ontology id, or null. */
  get id(): string | null {
    return typeof this.json.id === 'string' ? this.json.id : null;
  }

  /** Title, or null. */
  get title(): string | null {
    return typeof this.json.title === 'string' ? this.json.title : null;
  }

  /** Creator email, or null. */
  get creator(): string | null {
    return typeof this.json.creator === 'string' ? this.json.creator : null;
  }

  /** API url, or null. */
  get url(): string | null {
    return typeof this.json.url === 'string' ? this.json.url : null;
  }

  /** `metadata.system.projectIds`. */
  get projectIds(): string[] {
    const ids = isObject(this.metadata?.system) ? (this.metadata!.system as JsonObject).projectIds : undefined;
    return Array.isArray(ids) ? ids.filter((s): s is string => typeof s === 'string') : [];
  }

  /** Top-level v1 attribute list (legacy), `[]` when absent. */
  get attributesV1(): unknown[] {
    return Array.isArray(this.json.attributes) ? this.json.attributes : [];
  }

  /** v2 attribute definitions (`metadata.attributes`), `[]` when absent. */
  get attributesV2(): AttributeDefinition[] {
    const a = this.metadata?.attributes;
    return Array.isArray(a) ? (a as AttributeDefinition[]) : [];
  }

  /** The SDK's `attributes`: the v2 definitions when non-empty, else the v1 list. */
  get attributes(): unknown[] {
    return this.attributesV2.length > 0 ? this.attributesV2 : this.attributesV1;
  }

  /** Whether annotations of this ontology use v2 attributes (SDK `_use_attributes_2`, spec §1.4). */
  get useAttributes2(): boolean {
    return usesAttributes2({ metadata: this.metadata ?? undefined, attributes: this.json.attributes });
  }

  /** Flat names -> labels, depth-first, a child's name is `parent.child` (a Map keeps the order exactly). */
  get labelsFlatDict(): Map<string, Label> {
    const flat = new Map<string, Label>();
    const add = (name: string, label: Label): void => {
      flat.set(name, label);
      for (const child of label.children) add(`${name}.${child.tag}`, child);
    };
    for (const label of this.labels) add(label.tag, label);
    return flat;
  }

  /** Flat label names in depth-first order. */
  get labelNames(): string[] {
    return [...this.labelsFlatDict.keys()];
  }

  /** The label of a flat name (`vehicle.car`), or undefined. */
  getLabel(name: string): Label | undefined {
    return this.labelsFlatDict.get(name);
  }

  /**
   * `{name: id}`: flat names sorted by code point, ids 1-based (SDK `instance_map`). Computed once;
   * settable (may include `$default`).
   */
  get instanceMap(): Record<string, number> {
    if (this._instanceMap === null) {
      const entries = this.instanceMapEntries();
      this._instanceMap = Object.fromEntries(entries);
    }
    return this._instanceMap;
  }

  set instanceMap(value: Record<string, number>) {
    if (!isObject(value)) throw new DlError('instanceMap must be an object of {labelName: instanceId}');
    this._instanceMap = value;
    this._instanceEntries = Object.entries(value);
  }

  /** `instanceMap` as ordered entries (exact order even for integer-like names). */
  instanceMapEntries(): Array<[string, number]> {
    if (this._instanceEntries === null) {
      const names = this.labelNames.sort(codePointCompare);
      this._instanceEntries = names.map((name, i) => [name, i + 1]);
    }
    return this._instanceEntries.map(([k, v]) => [k, v]);
  }

  /** `{name: [r, g, b] | null}` for every flat name (SDK `color_map`). Computed once; settable. */
  get colorMap(): Record<string, RgbColor | null> {
    if (this._colorMap === null) {
      const map: Record<string, RgbColor | null> = {};
      for (const [name, label] of this.labelsFlatDict) map[name] = label.rgb;
      this._colorMap = map;
    }
    return this._colorMap;
  }

  set colorMap(value: Record<string, RgbColor | null>) {
    if (!isObject(value)) throw new DlError('colorMap must be an object of {labelName: [r, g, b]}');
    this._colorMap = value;
  }

  /**
   * Adds a root label locally, as SDK `add_label` without `update_ontology`: no `.` in the name,
   * random colour when none is given, default display label. The maps are not recomputed when the
   * user already read them (SDK behaviour: they are cached).
   * @throws DlError for a nested name (`a.b`).
   */
  addLabel(tag: string, options: LabelCreateOptions = {}): Label {
    if (tag.includes('.'))
      throw new DlError('Invalid parameters - nested label can work with update_ontology option only');
    const label = Label.create(tag, options);
    this.labels.push(label);
    return label;
  }

  /** Removes labels by flat name (`vehicle.car` removes that child). Unknown names are ignored. */
  deleteLabels(names: string | readonly string[]): void {
    for (const name of typeof names === 'string' ? [names] : names) {
      if (!this.labelsFlatDict.has(name)) continue;
      const chain = name.split('.');
      let siblings = this.labels;
      for (const part of chain.slice(0, -1)) siblings = siblings.find((l) => l.tag === part)?.children ?? [];
      const i = siblings.findIndex((l) => l.tag === chain[chain.length - 1]);
      if (i >= 0) siblings.splice(i, 1);
    }
  }

  /** The `roots` array of the current labels. */
  toRoots(): LabelRoot[] {
    return this.labels.map((l) => l.toRoot());
  }

  /**
   * The SDK's `Ontology.to_json()` (what `PUT /ontologies/{id}` sends), quirks kept on purpose:
   * keys `id, creator, url, title, labels, metadata, attributes, roots`; `labels` is the snake_case
   * `attr.asdict` form of the labels (`display_label`, `display_data`...); `attributes` holds the v2
   * definitions when there are any, else the v1 list (so v2 definitions appear at top level too).
   * Other keys of the source JSON are dropped, as in the SDK; use {@link Ontology.toPlatformJson} to keep them.
   */
  toJson(): JsonObject {
    return {
      id: this.id,
      creator: this.creator,
      url: this.url,
      title: this.title,
      labels: this.labels.map((l) => l.toSnakeJson()),
      metadata: copyJson(this.metadata),
      attributes: copyJson(this.attributes),
      roots: this.toRoots(),
    };
  }

  /** The source JSON with `roots` (and `metadata`) updated: every other key unchanged and in place. */
  toPlatformJson(): JsonObject {
    const out = copyJson(this.json);
    out.roots = this.toRoots();
    if (this.metadata !== null || 'metadata' in out) out.metadata = copyJson(this.metadata);
    return out;
  }
}
