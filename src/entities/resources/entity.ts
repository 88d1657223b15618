// The one base of every platform resource (Item, Dataset, Task...): the JSON is the model.
// An entity wraps its platform JSON; typed getters/setters read and write that JSON, so keys the
// model does not know survive fromJson -> toJson unchanged, in their original relative order.
import { copyJson } from './copy-json.js';
import { DlParseError } from '../errors.js';
import { isObject, readObject, type JsonObject } from '../json-read.js';

/** Expected JSON type of a field (null is accepted for every field: the platform sends nulls freely). */
export type FieldKind =
  | 'string'
  | 'number'
  | 'boolean'
  | 'object'
  | 'array'
  | 'string[]'
  | 'object[]'
  | 'string|number';

/**
 * Field types checked by `fromJson`, by dotted path from the entity root (`metadata.system.width`).
 * Only present, non-null values are checked; a missing intermediate object skips the nested checks.
 */
export type EntitySchema = Readonly<Record<string, FieldKind>>;

const KIND_TEXT: Record<FieldKind, string> = {
  string: 'a string',
  number: 'a finite number',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  'string[]': 'an array of strings',
  'object[]': 'an array of objects',
  'string|number': 'a string or a number',
};

function matches(kind: FieldKind, v: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    case 'string[]':
    case 'object[]':
      return Array.isArray(v);
    case 'string|number':
      return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
  }
}

const COMPILED = new WeakMap<EntitySchema, Array<[string[], FieldKind]>>();

/** The schema's paths split once (validation runs for every entity of every page). */
function compiled(schema: EntitySchema): Array<[string[], FieldKind]> {
  let c = COMPILED.get(schema);
  if (!c) {
    c = Object.entries(schema).map(([dotted, kind]) => [dotted.split('.'), kind]);
    COMPILED.set(schema, c);
  }
  return c;
}

/**
 * Checks `json` against `schema`; throws DlParseError at the first mismatch with its JSON path
 * (`$.metadata.system.refs[1]`).
 */
export function validateSchema(json: JsonObject, schema: EntitySchema, root = '$'): void {
  for (const [parts, kind] of compiled(schema)) {
    let node: unknown = json;
    let path = root;
    let found = true;
    for (let i = 0; i < parts.length - 1; i++) {
      const next = (node as JsonObject)[parts[i]!];
      path += `.${parts[i]}`;
      if (next === undefined || next === null) {
        found = false;
        break;
      }
      if (!isObject(next)) throw new DlParseError(path, 'an object', next);
      node = next;
    }
    if (!found) continue;
    const last = parts[parts.length - 1]!;
    const value = (node as JsonObject)[last];
    path += `.${last}`;
    if (value === undefined || value === null) continue;
    if (!matches(kind, value)) throw new DlParseError(path, KIND_TEXT[kind], value);
    if (kind === 'string[]' || kind === 'object[]') {
      (value as unknown[]).forEach((el, i) => {
        const ok = kind === 'string[]' ? typeof el === 'string' : isObject(el);
        if (!ok) throw new DlParseError(`${path}[${i}]`, kind === 'string[]' ? 'a string' : 'an object', el);
      });
    }
  }
}

/** A class deriving from {@link Entity}: what the static `fromJson` needs. */
export interface EntityClass<T extends Entity> {
  new (json?: JsonObject): T;
  /** Field types checked by `fromJson`. */
  readonly schema: EntitySchema;
}

/**
 * Base of every resource entity. Holds the platform JSON; `toJson()` returns a copy with the keys the
 * class knows first in its documented order (`keyOrder`, only those present), then every other key in
 * its original order.
 *
 * @example
 * const item = Item.fromJson(json); // throws DlParseError on a malformed shape
 * item.name = 'b.jpg';
 * item.toJson(); // same JSON, name changed, unknown keys kept
 */
export class Entity {
  /** Field types checked by `fromJson` (subclasses extend it). */
  static readonly schema: EntitySchema = { id: 'string' };
  /** Order of known keys in `toJson()` (spec §7); empty = keep the input order. */
  static readonly keyOrder: readonly string[] = [];

  /** The entity's JSON (owned: a deep copy of what was passed in). Prefer the typed accessors. */
  protected readonly json: JsonObject;

  constructor(json: JsonObject = {}) {
    this.json = copyJson(json);
  }

  /**
   * Validates and wraps platform JSON.
   * @throws DlParseError naming the JSON path and the expected type.
   */
  static fromJson<T extends Entity>(this: EntityClass<T>, json: unknown): T {
    const obj = readObject(json, '$');
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass whose schema applies.
    validateSchema(obj, this.schema);
    return new this(obj);
  }

  /** The platform id, or null for an entity not created yet. */
  get id(): string | null {
    return this.getString('id');
  }

  set id(value: string | null) {
    this.json.id = value;
  }

  /** `metadata` (live object, created on first access so `entity.metadata.user = ...` works). */
  get metadata(): JsonObject {
    if (!isObject(this.json.metadata)) this.json.metadata = {};
    return this.json.metadata as JsonObject;
  }

  set metadata(value: JsonObject) {
    this.json.metadata = value;
  }

  /** `url` of the entity on the API, or null. */
  get url(): string | null {
    return this.getString('url');
  }

  /** `createdAt` (ISO string on most resources), or null. */
  get createdAt(): string | null {
    const v = this.get('createdAt');
    return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
  }

  /** `updatedAt`, or null. */
  get updatedAt(): string | null {
    const v = this.get('updatedAt');
    return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
  }

  /** `creator` (an email on most resources), or null. */
  get creator(): string | null {
    return this.getString('creator');
  }

  /** A deep copy of the JSON, known keys in the documented order, unknown keys kept. */
  toJson(): JsonObject {
    const order = (this.constructor as typeof Entity).keyOrder;
    const out: JsonObject = {};
    for (const k of order) if (k in this.json) out[k] = copyJson(this.json[k]);
    for (const [k, v] of Object.entries(this.json)) if (!(k in out)) out[k] = copyJson(v);
    return out;
  }

  /** `JSON.stringify(entity)` gives `toJson()`. */
  toJSON(): JsonObject {
    return this.toJson();
  }

  /** Raw value at a dotted path (`metadata.system.width`), undefined when absent. */
  get(path: string): unknown {
    let node: unknown = this.json;
    for (const part of path.split('.')) {
      if (!isObject(node)) return undefined;
      node = node[part];
    }
    return node;
  }

  /**
   * Sets the value at a dotted path, creating intermediate objects; `undefined` deletes the key.
   */
  set(path: string, value: unknown): void {
    const parts = path.split('.');
    let node: JsonObject = this.json;
    for (const part of parts.slice(0, -1)) {
      if (!isObject(node[part])) node[part] = {};
      node = node[part] as JsonObject;
    }
    const last = parts[parts.length - 1]!;
    if (value === undefined) delete node[last];
    else node[last] = value;
  }

  /** String at a path, null when absent or not a string. */
  protected getString(path: string): string | null {
    const v = this.get(path);
    return typeof v === 'string' ? v : null;
  }

  /** Number at a path, null when absent or not a number. */
  protected getNumber(path: string): number | null {
    const v = this.get(path);
    return typeof v === 'number' ? v : null;
  }

  /** Boolean at a path, null when absent or not a boolean. */
  protected getBoolean(path: string): boolean | null {
    const v = this.get(path);
    return typeof v === 'boolean' ? v : null;
  }

  /** Object at a path (live, not a copy), null when absent. */
  protected getObject(path: string): JsonObject | null {
    const v = this.get(path);
    return isObject(v) ? v : null;
  }

  /** Array of strings at a path (a copy), `[]` when absent. */
  protected getStrings(path: string): string[] {
    const v = this.get(path);
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
  }
}
