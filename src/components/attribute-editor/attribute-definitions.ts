import { DlParseError } from '../../entities/errors.js';

/**
 * v2 attribute definitions (`ontology.metadata.attributes`) as the editor uses them. Both the
 * stored names (`options` + `multi`, `range`, `boolean`, `freeText`) and the SDK's
 * `AttributesTypes` names (`checkbox`, `radio_button`, `range`, `boolean`, `freeText`) are read.
 */
export interface AttributeDefinition {
  readonly key: string;
  readonly title: string;
  /** `checkbox` = several options, `radio` = one option. */
  readonly kind: 'checkbox' | 'radio' | 'range' | 'boolean' | 'freeText';
  /** Options of `checkbox`/`radio`: the stored value and its display text. */
  readonly values: readonly { readonly value: string; readonly label: string }[];
  /** `range` bounds (defaults 0..100 step 1 when the definition has none). */
  readonly range: { readonly min: number; readonly max: number; readonly step: number };
  /** `['*']` or the label names the attribute applies to. */
  readonly scope: readonly string[];
  readonly optional: boolean;
  /** The definition's JSON, untouched. */
  readonly json: Readonly<Record<string, unknown>>;
}

/** What `readAttributeDefinitions` found: the usable definitions and one error per bad one. */
export interface AttributeDefinitions {
  readonly definitions: AttributeDefinition[];
  readonly errors: DlParseError[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const KINDS: Record<string, AttributeDefinition['kind']> = {
  checkbox: 'checkbox',
  radio_button: 'radio',
  range: 'range',
  slider: 'range',
  boolean: 'boolean',
  yes_no: 'boolean',
  freeText: 'freeText',
  free_text: 'freeText',
};

function definitionsJson(ontology: unknown): unknown {
  if (Array.isArray(ontology)) return ontology;
  if (!isObject(ontology)) return [];
  if (typeof ontology.toJson === 'function') return definitionsJson((ontology.toJson as () => unknown)());
  const md = ontology.metadata;
  return isObject(md) ? (md.attributes ?? []) : [];
}

/**
 * Reads the v2 attribute definitions of an ontology JSON (`metadata.attributes`), an Ontology
 * entity (`toJson()`), or a bare array of definitions. A bad definition becomes a
 * `DlParseError` naming its JSON path; the others are still returned.
 */
export function readAttributeDefinitions(ontology: unknown): AttributeDefinitions {
  const raw = definitionsJson(ontology);
  const definitions: AttributeDefinition[] = [];
  const errors: DlParseError[] = [];
  const base = Array.isArray(ontology) ? '$' : '$.metadata.attributes';
  if (!Array.isArray(raw))
    return { definitions, errors: [new DlParseError(base, 'an array of attribute definitions', raw)] };
  raw.forEach((d, i) => {
    const path = `${base}[${i}]`;
    if (!isObject(d)) return errors.push(new DlParseError(path, 'an attribute definition object', d));
    if (typeof d.key !== 'string' || d.key === '')
      return errors.push(new DlParseError(`${path}.key`, 'a non-empty string', d.key));
    let kind: AttributeDefinition['kind'] | undefined;
    if (d.type === 'options') kind = d.multi === true ? 'checkbox' : 'radio';
    else if (typeof d.type === 'string') kind = KINDS[d.type];
    if (!kind)
      return errors.push(
        new DlParseError(`${path}.type`, 'one of options, range, boolean, freeText, checkbox, radio_button', d.type),
      );
    const values: { value: string; label: string }[] = [];
    if (kind === 'checkbox' || kind === 'radio') {
      if (!Array.isArray(d.values))
        return errors.push(new DlParseError(`${path}.values`, 'an array of option values', d.values));
      for (const v of d.values) {
        if (typeof v === 'string' || typeof v === 'number') values.push({ value: String(v), label: String(v) });
        else if (isObject(v) && (typeof v.value === 'string' || typeof v.value === 'number')) {
          const label = v.displayValue ?? v.label ?? v.value;
          values.push({ value: String(v.value), label: String(label) });
        }
      }
    }
    const r = isObject(d.range) ? d.range : {};
    const num = (x: unknown, dflt: number) => (typeof x === 'number' && Number.isFinite(x) ? x : dflt);
    const min = num(r.min, 0);
    const max = num(r.max, 100);
    const step = num(r.step, 1);
    if (kind === 'range' && (max < min || step <= 0))
      return errors.push(new DlParseError(`${path}.range`, 'min <= max and step > 0', d.range));
    const scope = Array.isArray(d.scope) ? d.scope.filter((s): s is string => typeof s === 'string') : ['*'];
    definitions.push({
      key: d.key,
      title: typeof d.title === 'string' && d.title !== '' ? d.title : d.key,
      kind,
      values,
      range: { min, max, step },
      scope,
      optional: d.optional === true,
      json: d,
    });
  });
  return { definitions, errors };
}

/** Whether a definition applies to `label` (scope `*`, or the label's full name listed). */
export function inScope(def: AttributeDefinition, label: string | null | undefined): boolean {
  return def.scope.includes('*') || (label != null && def.scope.includes(label));
}

/** Whether `value` counts as set for `def` (an empty selection or empty text does not). */
export function hasValue(def: AttributeDefinition, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (def.kind === 'checkbox') return Array.isArray(value) && value.length > 0;
  if (def.kind === 'freeText') return typeof value === 'string' && value !== '';
  return true;
}

/**
 * The required (non-optional) definitions of `label` that `attributes` leaves unset, in the
 * ontology's order: what the attribute editor marks "required", the object list flags and a
 * completing page asks about. `attributes` is an annotation's `metadata.system.attributes`.
 */
export function missingRequired(
  defs: readonly AttributeDefinition[],
  label: string | null | undefined,
  attributes: Readonly<Record<string, unknown>> | null | undefined,
): AttributeDefinition[] {
  return defs.filter((d) => !d.optional && inScope(d, label) && !hasValue(d, attributes?.[d.key]));
}
