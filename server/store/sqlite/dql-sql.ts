import { HttpError } from '../../http/errors.js';
import { compileUserRegex } from '../user-regex.js';

/** How one DQL field maps to SQL for a table. */
export interface FieldMap {
  /** field name -> SQL column (indexed, generated from the JSON document). */
  columns: Record<string, string>;
  /** Fields that are matched through the `item_refs` side table (items only). */
  refs?: boolean;
  /** SQL alias of the table being filtered. */
  alias: string;
  /**
   * Path fields: there `*` stops at `/` and `**` crosses it. In every other string field `*`
   * matches anything (`"metadata.system.mimetype": "image*"` matches `image/png`).
   */
  pathFields?: string[];
  /** Fields stored in Unicode NFC (item names and paths): string values are normalised before comparing. */
  nfcFields?: string[];
}

/** A piece of SQL and its parameters. */
export interface Sql {
  sql: string;
  params: unknown[];
}

export const OPS = new Set(['$eq', '$ne', '$gt', '$lt', '$gte', '$lte', '$in', '$nin', '$exists', '$match']);
export const MAX_DEPTH = 32;

/** Longest field name accepted in a filter or sort. */
const MAX_FIELD_LENGTH = 200;
/** Most bound values one filter may carry (SQLite's limit is 32766 per statement). */
export const MAX_PARAMS = 30000;
/** Characters a field name may use (no quotes, brackets or backslashes: nothing that could end a SQL or JSON-path literal). */
const FIELD_RE = /^[\w.\- $@:]+$/;

/**
 * JSON path for SQLite's json functions: `metadata.user.a-b` -> `$.metadata.user."a-b"`.
 * The field name is validated here (400 otherwise), so the result is safe inside a SQL string literal.
 */
export function jsonPath(field: string): string {
  if (typeof field !== 'string' || !field || field.length > MAX_FIELD_LENGTH || !FIELD_RE.test(field))
    throw new HttpError(400, `DQL: unsupported field name "${String(field).slice(0, MAX_FIELD_LENGTH)}"`);
  return (
    '$' +
    field
      .split('.')
      .map((s) => (/^\d{1,9}$/.test(s) ? `[${s}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? `.${s}` : `."${s}"`))
      .join('')
  );
}

/** `json_extract`/`json_type` of a validated field path on a table alias. */
function jsonCall(fn: 'json_extract' | 'json_type', alias: string, field: string): string {
  return `${fn}(${alias}.doc, '${jsonPath(field)}')`;
}

/** The indexed column of `field`, if any (own keys only: `constructor` is not a column). */
function columnOf(field: string, map: FieldMap): string | undefined {
  return Object.hasOwn(map.columns, field) ? map.columns[field] : undefined;
}

/**
 * Join SQL terms with AND/OR as a balanced tree: SQLite refuses expression trees deeper than
 * 1000, which a flat `a OR b OR ...` of 1000 terms would be.
 */
export function joinBalanced(terms: string[], op: 'AND' | 'OR'): string {
  const CHUNK = 64;
  if (terms.length <= CHUNK) return terms.join(` ${op} `);
  const groups: string[] = [];
  for (let i = 0; i < terms.length; i += CHUNK) groups.push(`(${terms.slice(i, i + CHUNK).join(` ${op} `)})`);
  return joinBalanced(groups, op);
}

/** SQLite value for a JSON scalar (booleans are stored by json_extract as 1/0). */
function bindable(v: unknown, where: string): unknown {
  if (v === true) return 1;
  if (v === false) return 0;
  if (v === null || typeof v === 'number' || typeof v === 'string') return v;
  throw new HttpError(
    400,
    `DQL: ${where} must be a string, number, boolean or null, got ${Array.isArray(v) ? 'an array' : typeof v}`,
  );
}

/** Escape a literal for GLOB. */
function globLiteral(s: string): string {
  return s.replace(/[[\]*?]/g, (c) => `[${c}]`);
}

/**
 * Wildcard string -> JS regex source. `**` matches anything (slashes too); `*` anything but `/`
 * in path fields, anything elsewhere.
 * A trailing `/**` also matches nothing more than the folder's contents (`/a/**` matches `/a/x`, `/a/x/y`).
 */
export function wildcardToRegex(pattern: string, pathLike = true): string {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        re += '.*';
        i++;
      } else re += pathLike ? '[^/]*' : '.*';
    } else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return re + '$';
}

function fieldExpr(field: string, map: FieldMap): string {
  const col = columnOf(field, map);
  if (col) return `${map.alias}.${col}`;
  return jsonCall('json_extract', map.alias, field);
}

function existsExpr(field: string, map: FieldMap): string {
  const col = columnOf(field, map);
  if (col) return `${map.alias}.${col} IS NOT NULL`;
  return `${jsonCall('json_type', map.alias, field)} IS NOT NULL`;
}

function compileEq(expr: string, field: string, v: unknown, map: FieldMap, params: unknown[]): string {
  if (v === null) return `${expr} IS NULL`;
  if (typeof v === 'string' && map.nfcFields?.includes(field)) v = v.normalize('NFC');
  if (typeof v === 'string' && v.includes('*')) {
    const prefix = v.slice(0, v.indexOf('*'));
    params.push(globLiteral(prefix) + '*', wildcardToRegex(v, map.pathFields?.includes(field) ?? false));
    // The GLOB prefix lets SQLite use the column's index; the regex decides.
    return `(${expr} GLOB ? AND regexp(?, ${expr}))`;
  }
  if (typeof v === 'object') {
    params.push(JSON.stringify(v));
    return `${expr} = json(?)`;
  }
  params.push(bindable(v, field));
  return `${expr} = ?`;
}

/** Item fields answered from the `item_refs` side table: one row per ref of an item. */
const REF_COLUMNS: Record<string, string> = {
  'metadata.system.refs.id': 'ref_id',
  'metadata.system.refs.type': 'ref_type',
  'metadata.system.refs.metadata.status': 'ref_status',
};
const isRefField = (field: string) => Object.hasOwn(REF_COLUMNS, field);

/**
 * Conditions on refs fields, all about the SAME ref: `EXISTS (a ref of this item that satisfies
 * every condition)`. `$ne`/`$nin` match a ref whose value differs or is missing; `$exists` on
 * `id`/`type` asks whether the item has any ref, on `metadata.status` whether that ref has a status.
 */
function compileRefConditions(conds: [string, unknown][], map: FieldMap, params: unknown[], depth: number): string {
  const refMap: FieldMap = { columns: { 'metadata.system.refs.metadata.status': 'ref_status' }, alias: 'r' };
  const inner = conds.map(([field, cond]) => {
    const col = `r.${REF_COLUMNS[field]}`;
    return compileFieldCondition(
      col,
      field,
      cond,
      refMap,
      params,
      depth,
      field === 'metadata.system.refs.metadata.status' ? undefined : col,
    );
  });
  return `EXISTS (SELECT 1 FROM item_refs r WHERE r.item_id = ${map.alias}.id AND ${inner.join(' AND ')})`;
}

/**
 * `{"metadata.system.refs": {"$match": {id, type, metadata: {status: {...}}}}}`: one ref that
 * satisfies every condition of the object (what the SDK sends for a QA task's source items,
 * MongoDB's `$elemMatch`). Nested keys become refs fields; operator objects stay conditions.
 */
export function refMatch(value: unknown): [string, unknown][] {
  const obj = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  const m = obj && Object.keys(obj).length === 1 ? (obj as Record<string, unknown>).$match : undefined;
  if (m === null || typeof m !== 'object' || Array.isArray(m))
    throw new HttpError(400, 'DQL: "metadata.system.refs" takes {"$match": {id, type, metadata: {status}}}');
  const out: [string, unknown][] = [];
  const walk = (o: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(o)) {
      const field = `${prefix}.${k}`;
      const isOps =
        v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((x) => x.startsWith('$'));
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && !isOps) walk(v as Record<string, unknown>, field);
      else if (!isRefField(field))
        throw new HttpError(
          400,
          `DQL: $match on "metadata.system.refs" cannot test "${field.slice(21)}" (id, type, metadata.status)`,
        );
      else out.push([field, v]);
    }
  };
  walk(m as Record<string, unknown>, 'metadata.system.refs');
  if (!out.length) throw new HttpError(400, 'DQL: $match on "metadata.system.refs" needs at least one condition');
  return out;
}

function compileFieldCondition(
  expr: string,
  field: string,
  cond: unknown,
  map: FieldMap,
  params: unknown[],
  depth: number,
  fixedExpr?: string,
): string {
  if (
    cond === null ||
    typeof cond !== 'object' ||
    Array.isArray(cond) ||
    !Object.keys(cond).some((k) => k.startsWith('$'))
  ) {
    return compileEq(expr, field, cond, map, params);
  }
  const parts: string[] = [];
  for (const [op, v] of Object.entries(cond as Record<string, unknown>)) {
    if (!OPS.has(op)) throw new HttpError(400, `DQL: unknown operator "${op}" on field "${field}"`);
    switch (op) {
      case '$eq':
        parts.push(compileEq(expr, field, v, map, params));
        break;
      case '$ne':
        if (v === null) parts.push(`${expr} IS NOT NULL`);
        else {
          parts.push(`(${expr} IS NULL OR NOT ${compileEq(expr, field, v, map, params)})`);
        }
        break;
      case '$gt':
      case '$lt':
      case '$gte':
      case '$lte': {
        const sym = { $gt: '>', $lt: '<', $gte: '>=', $lte: '<=' }[op];
        params.push(bindable(v, `${field}.${op}`));
        parts.push(`${expr} ${sym} ?`);
        break;
      }
      case '$in':
      case '$nin': {
        if (!Array.isArray(v)) throw new HttpError(400, `DQL: ${op} on "${field}" needs an array`);
        if (v.length > 10000) throw new HttpError(400, `DQL: ${op} on "${field}" has more than 10000 values`);
        // Plain scalars go into one IN list (indexed, no expression depth); wildcards, null and
        // objects keep their own equality terms.
        const isPlain = (x: unknown) =>
          typeof x === 'number' || typeof x === 'boolean' || (typeof x === 'string' && !x.includes('*'));
        const nfc = map.nfcFields?.includes(field);
        const plain = v.filter(isPlain).map((x) => (nfc && typeof x === 'string' ? x.normalize('NFC') : x));
        const ors: string[] = [];
        if (plain.length) {
          params.push(...plain.map((x) => bindable(x, field)));
          ors.push(`${expr} IN (${plain.map(() => '?').join(',')})`);
        }
        for (const x of v) if (!isPlain(x)) ors.push(compileEq(expr, field, x, map, params));
        const any = ors.length ? `(${joinBalanced(ors, 'OR')})` : '0';
        // $nin matches a missing or null field, unless null is itself one of the excluded values.
        if (op === '$in') parts.push(any);
        else parts.push(v.includes(null) ? `NOT ${any}` : `(${expr} IS NULL OR NOT ${any})`);
        break;
      }
      case '$exists':
        if (fixedExpr) parts.push(v ? '1' : '0');
        else parts.push(v ? existsExpr(field, map) : `NOT ${existsExpr(field, map)}`);
        break;
      case '$match': {
        if (typeof v !== 'string')
          throw new HttpError(400, `DQL: $match on "${field}" needs a regular-expression string`);
        compileUserRegex(v, `$match on "${field}"`);
        params.push(v);
        parts.push(`regexp_raw(?, ${expr})`);
        break;
      }
    }
  }
  void depth;
  return parts.length ? `(${parts.join(' AND ')})` : '1';
}

/**
 * Compile a DQL `filter` object (spec §4) into a SQL boolean expression.
 * `$and`/`$or` nest; any other key is a field whose value is a literal (equality) or an
 * operator object (`$eq $ne $gt $lt $gte $lte $in $nin $exists $match`). `$match` is a
 * JavaScript regular expression tested against the string value (case-sensitive).
 * Fields not mapped to a column are read with `json_extract` from the document.
 */
export function compileFilter(filter: unknown, map: FieldMap, params: unknown[], depth = 0): string {
  if (depth > MAX_DEPTH) throw new HttpError(400, 'DQL: filter nested too deeply');
  if (filter === undefined || filter === null) return '1';
  if (typeof filter !== 'object' || Array.isArray(filter)) throw new HttpError(400, 'DQL: filter must be an object');
  const parts: string[] = [];
  // Refs conditions written in ONE object describe one ref (a compound condition). Separate `$and`
  // members stay independent, as MongoDB reads conditions on array elements: the SDK's Filters puts
  // every condition in its own member, so `$and: [{refs.id: A}, {refs.id: T}]` means "has a ref A
  // and a ref T" (an assignment's items within its task), never "one ref that is both".
  const refConds: [string, unknown][] = [];
  for (const [key, value] of Object.entries(filter as Record<string, unknown>)) {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value)) throw new HttpError(400, `DQL: ${key} must be an array`);
      if (!value.length) continue;
      const subs = value.map((f) => compileFilter(f, map, params, depth + 1));
      parts.push(`(${joinBalanced(subs, key === '$and' ? 'AND' : 'OR')})`);
      if (params.length > MAX_PARAMS) throw new HttpError(400, `DQL: filter has more than ${MAX_PARAMS} values`);
    } else if (key.startsWith('$')) {
      throw new HttpError(400, `DQL: unknown top-level operator "${key}"`);
    } else if (map.refs && isRefField(key)) {
      refConds.push([key, value]);
    } else if (map.refs && key === 'metadata.system.refs') {
      parts.push(compileRefConditions(refMatch(value), map, params, depth));
    } else {
      parts.push(compileFieldCondition(fieldExpr(key, map), key, value, map, params, depth));
    }
  }
  if (refConds.length) parts.push(compileRefConditions(refConds, map, params, depth));
  if (params.length > MAX_PARAMS) throw new HttpError(400, `DQL: filter has more than ${MAX_PARAMS} values`);
  return parts.length ? joinBalanced(parts, 'AND') : '1';
}

/**
 * The fields and directions of a DQL sort, in order (400 when it is not an object of "ascending" /
 * "descending"). Both stores' compilers read it; each appends `id` as the last tie-breaker when absent.
 */
export function dqlSortKeys(sort: unknown): Array<{ field: string; dir: 'ASC' | 'DESC' }> {
  if (sort === undefined || sort === null) return [];
  if (!sort || typeof sort !== 'object' || Array.isArray(sort)) throw new HttpError(400, 'DQL: sort must be an object');
  return Object.entries(sort as Record<string, unknown>).map(([field, dir]) => {
    if (dir !== 'ascending' && dir !== 'descending')
      throw new HttpError(400, `DQL: sort direction of "${field}" must be "ascending" or "descending"`);
    return { field, dir: dir === 'ascending' ? 'ASC' : 'DESC' };
  });
}

/** Compile a DQL sort into ORDER BY terms; `id` is always the last tie-breaker. */
export function compileSort(sort: unknown, map: FieldMap): string {
  const keys = dqlSortKeys(sort);
  const terms = keys.map((k) => `${fieldExpr(k.field, map)} ${k.dir}`);
  if (!keys.some((k) => k.field === 'id')) terms.push(`${map.alias}.id ASC`);
  return terms.join(', ');
}
