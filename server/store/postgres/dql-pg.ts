import { HttpError } from '../../http/errors.js';
import {
  dqlSortKeys,
  jsonPath,
  joinBalanced,
  MAX_DEPTH,
  MAX_PARAMS,
  OPS,
  refMatch,
  wildcardToRegex,
} from '../sqlite/dql-sql.js';
import { compileUserRegex } from '../user-regex.js';
import { toPostgresRegex } from './regex.js';
import { pathLiteral, type PgColumn } from './schema.js';

/**
 * DQL (spec §4) compiled to PostgreSQL: the same language, validation and error messages as the
 * SQLite compiler (`sqlite/dql-sql.ts`), over jsonb documents. Indexed fields are generated
 * columns; any other field is read with `#>` from the document, equality on plain values as
 * containment (`doc @> {...}`, served by the GIN index). Comparisons are type-bracketed: a number
 * only compares with numbers, a string with strings (in code-point order), as in MongoDB.
 */

/** How DQL fields map to SQL for one table. */
export interface PgFieldMap {
  /** field name -> generated column. */
  columns: Record<string, PgColumn>;
  /** SQL alias of the table being filtered. */
  alias: string;
  /** Fields matched through the `item_refs` side table (items only). */
  refs?: boolean;
  /** Path fields: there `*` stops at `/` and `**` crosses it; elsewhere `*` matches anything. */
  pathFields?: string[];
  /** Fields stored in Unicode NFC: string values are normalised before comparing. */
  nfcFields?: string[];
  /** Whether `doc @> ...` can use an index on this table. */
  containment?: boolean;
}

/** Bound values of one statement (`$1`, `$2`, …) and the count of DQL values, which the limits apply to. */
export class PgParams {
  readonly values: unknown[] = [];
  /** DQL values bound so far (an `$in` list counts each), as the SQLite compiler counts its parameters. */
  count = 0;
  constructor(values: unknown[] = []) {
    this.values = values;
  }
  /** Bind a value and return its placeholder, optionally with a cast. */
  add(v: unknown, cast = ''): string {
    this.values.push(v);
    return `$${this.values.length}${cast}`;
  }
}

/** The SQL operand of a field: a typed column, or a jsonb path in the document. */
type Operand =
  | { kind: 'column'; sql: string; type: 'text' | 'bool'; json?: JsonOperand }
  | { kind: 'pure'; sql: string } // a text column with no document behind it (item_refs)
  | JsonOperand;
interface JsonOperand {
  kind: 'json';
  /** `t.doc #> '{a,b}'`: jsonb, SQL NULL when missing. */
  raw: string;
  /** The field as a nested object key path, when containment can express it (no array index). */
  keys?: string[];
}

const isPlainScalar = (x: unknown) =>
  typeof x === 'number' || typeof x === 'boolean' || (typeof x === 'string' && !x.includes('*'));

/** Validate a field name (the SQLite compiler's rules and messages) and split it into path segments. */
function segments(field: string): string[] {
  jsonPath(field); // 400 for anything unsafe
  return field.split('.');
}

function jsonOperand(alias: string, path: string[]): JsonOperand {
  return {
    kind: 'json',
    raw: `(${alias}.doc #> ${pathLiteral(path)})`,
    keys: path.some((s) => /^\d{1,9}$/.test(s)) ? undefined : path,
  };
}

function operandOf(field: string, map: PgFieldMap): Operand {
  const col = Object.hasOwn(map.columns, field) ? map.columns[field] : undefined;
  if (field === 'id' || field === 'annotationId')
    return { kind: 'column', sql: `${map.alias}.id`, type: 'text', json: jsonOperand(map.alias, ['id']) };
  if (col)
    return { kind: 'column', sql: `${map.alias}.${col.col}`, type: col.type, json: jsonOperand(map.alias, col.path) };
  return jsonOperand(map.alias, segments(field));
}

/** SQL NULL when the value is missing or JSON null (SQLite's json_extract reads both as NULL). */
const nullable = (raw: string) => `NULLIF(${raw}, 'null'::jsonb)`;
/** The string inside a jsonb scalar. */
const textOf = (raw: string) => `(${raw} #>> '{}')`;

/** Escape a literal for LIKE (backslash is the escape character). */
const likeLiteral = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Nested object for containment: `['a','b']`, 5 -> `{"a":{"b":5}}`. */
function nest(keys: string[], v: unknown): unknown {
  return keys.reduceRight<unknown>((acc, k) => ({ [k]: acc }), v);
}

/** The value a range or `$in` compares with, checked as the SQLite compiler checks it (400 for objects). */
function scalar(v: unknown, where: string): string | number | boolean | null {
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  throw new HttpError(
    400,
    `DQL: ${where} must be a string, number, boolean or null, got ${Array.isArray(v) ? 'an array' : typeof v}`,
  );
}

/** Does the column's type hold values like `v`? (Otherwise compare through the document.) */
const fits = (type: 'text' | 'bool', v: unknown) => (type === 'text' ? typeof v === 'string' : typeof v === 'boolean');

function compileEq(op: Operand, field: string, v: unknown, map: PgFieldMap, p: PgParams): string {
  if (typeof v === 'string' && map.nfcFields?.includes(field)) v = v.normalize('NFC');
  if (op.kind === 'column' && v !== null && !fits(op.type, v)) return compileEq(op.json!, field, v, map, p);
  if (op.kind === 'pure' && v !== null && typeof v !== 'string' && typeof v !== 'object') return 'FALSE';
  if (v === null) return op.kind === 'json' ? `${nullable(op.raw)} IS NULL` : `${op.sql} IS NULL`;
  p.count += typeof v === 'string' && v.includes('*') ? 2 : 1;
  if (typeof v === 'string' && v.includes('*')) {
    const prefix = likeLiteral(v.slice(0, v.indexOf('*'))) + '%';
    const re = toPostgresRegex(wildcardToRegex(v, map.pathFields?.includes(field) ?? false), 'wildcard');
    // The LIKE prefix can use the column's index; the regex decides.
    if (op.kind === 'json')
      return `(jsonb_typeof(${op.raw}) = 'string' AND ${textOf(op.raw)} LIKE ${p.add(prefix)} AND ${textOf(op.raw)} ~ ${p.add(re)})`;
    return `(${op.sql} LIKE ${p.add(prefix)} AND ${op.sql} ~ ${p.add(re)})`;
  }
  if (op.kind === 'json') {
    if (typeof v === 'object') return `${op.raw} = ${p.add(JSON.stringify(v), '::jsonb')}`;
    if (op.keys && map.containment) return `${map.alias}.doc @> ${p.add(JSON.stringify(nest(op.keys, v)), '::jsonb')}`;
    return `${op.raw} = ${p.add(JSON.stringify(v), '::jsonb')}`;
  }
  if (typeof v === 'object') return 'FALSE'; // a column never holds an object
  return `${op.sql} = ${p.add(v, op.kind === 'column' && op.type === 'bool' ? '::boolean' : '')}`;
}

function compileRange(op: Operand, field: string, sym: string, v0: unknown, p: PgParams): string {
  const v = scalar(v0, field);
  p.count++;
  if (v === null) return 'FALSE';
  if (op.kind === 'column' && !fits(op.type, v)) return compileRange(op.json!, field, sym, v, p);
  if (op.kind === 'pure') return typeof v === 'string' ? `${op.sql} ${sym} ${p.add(v)}` : 'FALSE';
  if (op.kind === 'column') return `${op.sql} ${sym} ${p.add(v, op.type === 'bool' ? '::boolean' : '')}`;
  if (typeof v === 'string')
    return `(jsonb_typeof(${op.raw}) = 'string' AND (${textOf(op.raw)} COLLATE "C") ${sym} ${p.add(v)})`;
  const type = typeof v === 'number' ? 'number' : 'boolean';
  return `(jsonb_typeof(${op.raw}) = '${type}' AND ${op.raw} ${sym} ${p.add(JSON.stringify(v), '::jsonb')})`;
}

function compileIn(op: Operand, field: string, list: unknown[], map: PgFieldMap, p: PgParams): string {
  const nfc = map.nfcFields?.includes(field);
  const plain = list.filter(isPlainScalar).map((x) => (nfc && typeof x === 'string' ? x.normalize('NFC') : x));
  p.count += plain.length;
  const ors: string[] = [];
  const asJson = (xs: unknown[]) =>
    p.add(
      xs.map((x) => JSON.stringify(x)),
      '::jsonb[]',
    );
  if (plain.length) {
    if (op.kind === 'json') ors.push(`${op.raw} = ANY(${asJson(plain)})`);
    else if (op.kind === 'pure') {
      const strings = plain.filter((x) => typeof x === 'string');
      if (strings.length) ors.push(`${op.sql} = ANY(${p.add(strings, '::text[]')})`);
    } else {
      // Values of the column's type use its index; others compare through the document.
      const fitting = plain.filter((x) => fits(op.type, x));
      const other = plain.filter((x) => !fits(op.type, x));
      if (fitting.length)
        ors.push(`${op.sql} = ANY(${p.add(fitting, op.type === 'bool' ? '::boolean[]' : '::text[]')})`);
      if (other.length) ors.push(`${op.json!.raw} = ANY(${asJson(other)})`);
    }
  }
  for (const x of list) if (!isPlainScalar(x)) ors.push(compileEq(op, field, x, map, p));
  return ors.length ? `(${joinBalanced(ors, 'OR')})` : 'FALSE';
}

/** `IS NULL` test of an operand (missing or JSON null). */
const isNull = (op: Operand) => (op.kind === 'json' ? `${nullable(op.raw)} IS NULL` : `${op.sql} IS NULL`);

function compileFieldCondition(
  op: Operand,
  field: string,
  cond: unknown,
  map: PgFieldMap,
  p: PgParams,
  fixed = false,
): string {
  if (
    cond === null ||
    typeof cond !== 'object' ||
    Array.isArray(cond) ||
    !Object.keys(cond).some((k) => k.startsWith('$'))
  ) {
    return compileEq(op, field, cond, map, p);
  }
  const parts: string[] = [];
  for (const [o, v] of Object.entries(cond as Record<string, unknown>)) {
    if (!OPS.has(o)) throw new HttpError(400, `DQL: unknown operator "${o}" on field "${field}"`);
    switch (o) {
      case '$eq':
        parts.push(compileEq(op, field, v, map, p));
        break;
      case '$ne':
        if (v === null) parts.push(`NOT (${isNull(op)})`);
        else parts.push(`(${isNull(op)} OR NOT ${compileEq(op, field, v, map, p)})`);
        break;
      case '$gt':
      case '$lt':
      case '$gte':
      case '$lte':
        parts.push(compileRange(op, `${field}.${o}`, { $gt: '>', $lt: '<', $gte: '>=', $lte: '<=' }[o], v, p));
        break;
      case '$in':
      case '$nin': {
        if (!Array.isArray(v)) throw new HttpError(400, `DQL: ${o} on "${field}" needs an array`);
        if (v.length > 10000) throw new HttpError(400, `DQL: ${o} on "${field}" has more than 10000 values`);
        const any = compileIn(op, field, v, map, p);
        // $nin matches a missing or null field, unless null is itself one of the excluded values.
        if (o === '$in') parts.push(any);
        else parts.push(v.includes(null) ? `NOT ${any}` : `(${isNull(op)} OR NOT ${any})`);
        break;
      }
      case '$exists': {
        if (fixed) parts.push(v ? 'TRUE' : 'FALSE');
        else {
          const present = op.kind === 'json' ? `${op.raw} IS NOT NULL` : `${op.sql} IS NOT NULL`;
          parts.push(v ? present : `NOT (${present})`);
        }
        break;
      }
      case '$match': {
        if (typeof v !== 'string')
          throw new HttpError(400, `DQL: $match on "${field}" needs a regular-expression string`);
        compileUserRegex(v, `$match on "${field}"`);
        const re = p.add(toPostgresRegex(v, `$match on "${field}"`));
        p.count++;
        // Only strings match (a boolean column never does, as SQLite's regexp() sees only text).
        if (op.kind === 'json') parts.push(`(jsonb_typeof(${op.raw}) = 'string' AND ${textOf(op.raw)} ~ ${re})`);
        else if (op.kind === 'column' && op.type === 'bool') parts.push('FALSE');
        else parts.push(`${op.sql} ~ ${re}`);
        break;
      }
    }
  }
  return parts.length ? `(${parts.join(' AND ')})` : 'TRUE';
}

/** Item fields answered from the `item_refs` side table: one row per ref of an item. */
const REF_COLUMNS: Record<string, string> = {
  'metadata.system.refs.id': 'ref_id',
  'metadata.system.refs.type': 'ref_type',
  'metadata.system.refs.metadata.status': 'ref_status',
};
const isRefField = (field: string) => Object.hasOwn(REF_COLUMNS, field);

/** Conditions on refs fields, all about the SAME ref (see the SQLite compiler). */
function compileRefConditions(conds: [string, unknown][], map: PgFieldMap, p: PgParams): string {
  const inner = conds.map(([field, cond]) =>
    compileFieldCondition(
      { kind: 'pure', sql: `r.${REF_COLUMNS[field]}` },
      field,
      cond,
      { columns: {}, alias: 'r' },
      p,
      field !== 'metadata.system.refs.metadata.status',
    ),
  );
  return `EXISTS (SELECT 1 FROM item_refs r WHERE r.item_id = ${map.alias}.id AND ${inner.join(' AND ')})`;
}

/**
 * Compile a DQL `filter` object into a PostgreSQL boolean expression, values bound in `p`. Same
 * rules as the SQLite compiler: `$and`/`$or` nest, refs conditions in one object describe one ref.
 */
export function compileFilterPg(filter: unknown, map: PgFieldMap, p: PgParams, depth = 0): string {
  if (depth > MAX_DEPTH) throw new HttpError(400, 'DQL: filter nested too deeply');
  if (filter === undefined || filter === null) return 'TRUE';
  if (typeof filter !== 'object' || Array.isArray(filter)) throw new HttpError(400, 'DQL: filter must be an object');
  const parts: string[] = [];
  const refConds: [string, unknown][] = [];
  for (const [key, value] of Object.entries(filter as Record<string, unknown>)) {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value)) throw new HttpError(400, `DQL: ${key} must be an array`);
      if (!value.length) continue;
      const subs = value.map((f) => compileFilterPg(f, map, p, depth + 1));
      parts.push(`(${joinBalanced(subs, key === '$and' ? 'AND' : 'OR')})`);
      if (p.count > MAX_PARAMS) throw new HttpError(400, `DQL: filter has more than ${MAX_PARAMS} values`);
    } else if (key.startsWith('$')) {
      throw new HttpError(400, `DQL: unknown top-level operator "${key}"`);
    } else if (map.refs && isRefField(key)) {
      refConds.push([key, value]);
    } else if (map.refs && key === 'metadata.system.refs') {
      parts.push(compileRefConditions(refMatch(value), map, p));
    } else {
      parts.push(compileFieldCondition(operandOf(key, map), key, value, map, p));
    }
  }
  if (refConds.length) parts.push(compileRefConditions(refConds, map, p));
  if (p.count > MAX_PARAMS) throw new HttpError(400, `DQL: filter has more than ${MAX_PARAMS} values`);
  return parts.length ? joinBalanced(parts, 'AND') : 'TRUE';
}

/**
 * ORDER BY terms for a DQL sort; `id` is always the last tie-breaker. Missing values sort first
 * ascending (as in SQLite); document fields order numbers (and booleans as 0/1) before strings
 * before objects.
 */
export function compileSortPg(sort: unknown, map: PgFieldMap): string {
  const keys = dqlSortKeys(sort);
  const terms: string[] = [];
  for (const { field, dir: d } of keys) {
    const nulls = d === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST';
    const op = operandOf(field, map);
    if (op.kind !== 'json') terms.push(`${op.sql} ${d} ${nulls}`);
    else {
      const t = `jsonb_typeof(${op.raw})`;
      terms.push(
        `(CASE ${t} WHEN 'number' THEN 1 WHEN 'boolean' THEN 1 WHEN 'string' THEN 2 WHEN 'object' THEN 3 WHEN 'array' THEN 3 ELSE 0 END) ${d}`,
        `(CASE ${t} WHEN 'number' THEN (${op.raw} #>> '{}')::numeric WHEN 'boolean' THEN (CASE WHEN ${op.raw} = 'true'::jsonb THEN 1 ELSE 0 END) END) ${d} ${nulls}`,
        `(CASE ${t} WHEN 'string' THEN ${textOf(op.raw)} WHEN 'object' THEN ${op.raw}::text WHEN 'array' THEN ${op.raw}::text END) COLLATE "C" ${d} ${nulls}`,
      );
    }
  }
  if (!keys.some((k) => k.field === 'id')) terms.push(`${map.alias}.id ASC`);
  return terms.join(', ');
}
