// Ontology attributes: v2 definitions (metadata.attributes) and the v1/v2 rule (spec §1.4, §7.4).
import { copyJson } from '../resources/copy-json.js';
import { DlParseError } from '../errors.js';
import { AttributesTypes } from '../enums.js';
import { isObject, readArray, readObject, readString, type JsonObject } from '../json-read.js';

/** Range of a `range` (slider) attribute. */
export interface AttributeRange {
  min: number;
  max: number;
  step: number;
  [key: string]: unknown;
}

/**
 * A v2 attribute definition as the platform stores it in ontology `metadata.attributes`.
 * `type` is `options` (with `multi` true for checkboxes, false for radio buttons), `range`, `boolean`
 * or `freeText`; `scope` is `["*"]` or label names. Unknown keys (`scriptData`...) are kept.
 */
export interface AttributeDefinition {
  key: string;
  title?: string;
  type: 'options' | 'range' | 'boolean' | 'freeText' | (string & {});
  multi?: boolean;
  values?: unknown[];
  range?: AttributeRange;
  scope?: string[];
  optional?: boolean;
  [key: string]: unknown;
}

/**
 * Reads one v2 attribute definition.
 * @throws DlParseError naming the path (`$.metadata.attributes[2].key`).
 */
export function readAttributeDefinition(json: unknown, path: string): AttributeDefinition {
  const obj = readObject(json, path);
  readString(obj.key, `${path}.key`);
  readString(obj.type, `${path}.type`);
  const optionalKinds: Array<[string, (v: unknown) => boolean, string]> = [
    ['title', (v) => typeof v === 'string', 'a string'],
    ['multi', (v) => typeof v === 'boolean', 'a boolean'],
    ['optional', (v) => typeof v === 'boolean', 'a boolean'],
    ['values', (v) => Array.isArray(v), 'an array'],
    ['scope', (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'), 'an array of strings'],
    ['range', (v) => isObject(v), 'an object'],
  ];
  for (const [k, ok, what] of optionalKinds) {
    if (obj[k] !== undefined && obj[k] !== null && !ok(obj[k])) throw new DlParseError(`${path}.${k}`, what, obj[k]);
  }
  if (isObject(obj.range)) {
    for (const k of ['min', 'max', 'step']) {
      const v = obj.range[k];
      if (v !== undefined && v !== null && typeof v !== 'number')
        throw new DlParseError(`${path}.range.${k}`, 'a number', v);
    }
  }
  return copyJson(obj) as AttributeDefinition;
}

/** Reads a list of v2 definitions (`metadata.attributes`). */
export function readAttributeDefinitions(json: unknown, path: string): AttributeDefinition[] {
  return readArray(json, path).map((a, i) => readAttributeDefinition(a, `${path}[${i}]`));
}

/**
 * The SDK's `Ontology._use_attributes_2` rule: ontology `metadata` is an object and its `attributes` is
 * present and not null (even `[]`) => v2; else a non-empty top-level `attributes` list => v1; else v2.
 * SDK detail kept: when `metadata` itself is missing or not an object the answer is v2.
 */
export function usesAttributes2(ontologyJson: JsonObject): boolean {
  const metadata = ontologyJson.metadata;
  if (isObject(metadata)) {
    if (metadata.attributes !== undefined && metadata.attributes !== null) return true;
    const v1 = ontologyJson.attributes;
    if (Array.isArray(v1) && v1.length > 0) return false;
  }
  return true;
}

/** Arguments of an attribute upsert (SDK `ontology.update_attributes`). */
export interface AttributeUpsert {
  title: string;
  key: string;
  type: AttributesTypes;
  /** Label names or `['*']`. @default ['*'] */
  scope?: string[];
  optional?: boolean;
  /** Values of checkbox/radio attributes. */
  values?: unknown[];
  /** Range of a slider. */
  range?: { min: number; max: number; step: number };
}

/**
 * One entry of `PATCH /ontologies/{id}/attributes` `{"items": [...], "upsert": true}` (spec §6):
 * checkbox => `options` + `multi: true`, radio => `options` + `multi: false`; `range`, `boolean`,
 * `freeText` keep their type.
 * @example
 * attributeUpsertItem({ title: 'Color', key: 'color', type: 'radio_button', values: ['red', 'blue'] });
 * // {"title":"Color","key":"color","type":"options","scope":["*"],"multi":false,"values":["red","blue"]}
 */
export function attributeUpsertItem(a: AttributeUpsert): AttributeDefinition {
  const item: AttributeDefinition = { title: a.title, key: a.key, type: a.type, scope: a.scope ?? ['*'] };
  if (a.optional !== undefined) item.optional = a.optional;
  if (a.type === AttributesTypes.CHECKBOX || a.type === AttributesTypes.RADIO_BUTTON) {
    item.type = 'options';
    item.multi = a.type === AttributesTypes.CHECKBOX;
    item.values = [...(a.values ?? [])];
  }
  if (a.type === AttributesTypes.SLIDER && a.range)
    item.range = { min: a.range.min, max: a.range.max, step: a.range.step };
  return item;
}
