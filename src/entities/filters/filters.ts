// Filters: the DQL query builder of the SDK (spec §4), producing exactly the bodies dtlpy sends.
import { copyJson } from '../resources/copy-json.js';
import { DlError } from '../errors.js';
import { FiltersMethod, FiltersOperations, FiltersOrderByDirection, FiltersResource } from '../enums.js';
import type { JsonObject } from '../json-read.js';
import { defaultFiltersOf, defaultPageSizeOf, joinOnOf, maxPageSizeOf, uniqueFieldsOf } from './filters-defaults.js';
import { parseDqlBody } from './filters-parse.js';
import { canonicalStringify } from './canonical-key.js';
import { pyStr } from './python-str.js';
import { prepareSingleFilter, type SingleFilter } from './single-filter.js';
import type { BulkOperation, DqlBody, DqlFilter, DqlJoin, DqlReferences } from './types.js';

const KNOWN_OPERATORS: ReadonlySet<string> = new Set(Object.values(FiltersOperations));

/** Options of `new Filters(...)`, mirroring the SDK's constructor arguments. */
export interface FiltersOptions {
  /** First condition's field (SDK `field=`). */
  field?: string;
  /** First condition's value(s) (SDK `values=`). */
  values?: unknown;
  /** First condition's operator. */
  operator?: FiltersOperations;
  /** First condition's method. @default 'and' */
  method?: FiltersMethod;
  /** A raw DQL dict used as-is by `prepare()` (wrapped as `{filter: custom}` when it lacks `filter`). */
  customFilter?: JsonObject;
  /** @default 'items' */
  resource?: FiltersResource | (string & {});
  /** Add the resource's default conditions (items: not hidden, type file...). @default true */
  useDefaults?: boolean;
  /** `context` of the body: tasks `{projectIds: [...]}`, datasets `{projects: [...]}`. */
  context?: JsonObject | null;
  /** @default 1000; 100 for executions, pipelineState and dpks */
  pageSize?: number;
}

/** Options of `add`/`addFilter`/`addJoin`. */
export interface AddFilterOptions {
  /** Operator; undefined = implicit equality (`{"field": value}`). */
  operator?: FiltersOperations;
  /** `and` appends to `$and`, `or` to `$or`. @default the filter's `method` ('and') */
  method?: FiltersMethod;
}

/** Options of `prepare()`, mirroring the SDK's `prepare(operation, update, query_only, system_update, system_metadata)`. */
export interface PrepareOptions {
  /** Bulk operation on `POST /datasets/{id}/query`. Default: the one `fromJson` read, if any. */
  operation?: 'update' | 'delete';
  /** User-metadata update: becomes `update.metadata.user`. */
  update?: JsonObject | null;
  /** System-metadata update (needs `systemMetadata: true`): `update.metadata.system` plus `systemSpace: true`. */
  systemUpdate?: JsonObject | null;
  /** Allow `systemUpdate`. @default false */
  systemMetadata?: boolean;
  /** Only `filter` (+ join, references/operation, context): no sort, page, pageSize, resource. @default false */
  queryOnly?: boolean;
}

/**
 * A DQL query, built like dtlpy's `dl.Filters`: `prepare()` returns the body the SDK would send,
 * byte for byte in key order (`filter, [sort], page, pageSize, resource, [join], [references|update|delete],
 * [context], [systemSpace]`, `$or` before `$and`).
 *
 * Faithful SDK quirks: unique fields (a later `$and` condition on items' `type`/`hidden`, annotations'
 * `type`, services'/packages' `global` replaces the earlier one) apply only while `useDefaults` is on;
 * the `/**` filename rule applies to items only, to `$and` and `$or` but never to join conditions;
 * a custom filter ignores every other setting except join.
 *
 * @example
 * const f = new Filters(); // items, defaults on
 * f.addFilter('dir', '/train');
 * f.addFilter('metadata.system.mimetype', 'image*');
 * f.sortBy('filename', 'descending');
 * f.prepare();
 * // {"filter":{"$and":[{"hidden":false},{"type":"file"},{"dir":"/train"},{"metadata.system.mimetype":"image*"}]},
 * //  "sort":{"filename":"descending"},"page":0,"pageSize":1000,"resource":"items"}
 */
export class Filters {
  /** Conditions joined by `$or`, in insertion order. */
  orFilterList: SingleFilter[] = [];
  /** Conditions joined by `$and`, in insertion order. */
  andFilterList: SingleFilter[] = [];
  /** Raw DQL used instead of the lists when set. */
  customFilter: JsonObject | null;
  /** Zero-based page. @default 0 */
  page = 0;
  /** Page size, clamped by `prepare()` to the resource's maximum. */
  pageSize: number;
  /** Method used by `add` when none is given. @default 'and' */
  method: FiltersMethod = FiltersMethod.AND;
  /** Sort keys in insertion order. */
  sort: Record<string, FiltersOrderByDirection> = {};
  /** The join (items<->annotations), built by `addJoin`. */
  join: DqlJoin | null = null;
  /** Apply the `/**` rule to `filename` values (items only). @default true */
  recursive = true;
  /** `context` of the body (tasks `{projectIds}`, datasets `{projects}`). */
  context: JsonObject | null;
  /** `systemSpace` of the body when not null. */
  systemSpace: boolean | null = null;
  /** Bulk operation carried by the body this filter was read from (`fromJson`); used by `prepare()` by default. */
  bulk: BulkOperation | null = null;
  /** Task/assignment membership change; when set, `prepare()` emits `references` instead of an operation. */
  references: DqlReferences | null = null;

  private _resource: string;
  private _useDefaults: boolean;
  private _uniqueFields: string[] = [];

  constructor(options: FiltersOptions = {}) {
    this._resource = options.resource ?? FiltersResource.ITEM;
    this.pageSize = options.pageSize ?? defaultPageSizeOf(this._resource);
    this.customFilter = options.customFilter ?? null;
    this._useDefaults = options.useDefaults ?? true;
    this.addDefaults();
    this.context = options.context ?? null;
    if (options.field !== undefined) {
      this.add(options.field, options.values, { operator: options.operator, method: options.method });
    }
  }

  /** The resource queried (`items`, `annotations`...). Setting it resets the filter and re-adds defaults. */
  get resource(): string {
    return this._resource;
  }

  set resource(resource: string) {
    this._resource = resource;
    this.reset();
    this.addDefaults();
  }

  /** Whether the resource's default conditions were added. */
  get useDefaults(): boolean {
    return this._useDefaults;
  }

  /** Unique fields in force (empty when defaults are off, as in the SDK). */
  get uniqueFields(): readonly string[] {
    return this._uniqueFields;
  }

  /** Clears conditions, custom filter, sort, join and references; page 0, page size back to the resource default. */
  reset(): void {
    this.orFilterList = [];
    this.andFilterList = [];
    this._uniqueFields = [];
    this.customFilter = null;
    this.page = 0;
    this.pageSize = defaultPageSizeOf(this._resource);
    this.method = FiltersMethod.AND;
    this.sort = {};
    this.join = null;
    this.recursive = true;
    this.references = null;
    this.bulk = null;
  }

  /**
   * Adds a condition (SDK `filters.add(field=, values=, operator=, method=)`).
   * @throws DlError on an unknown operator or method.
   * @example
   * filters.add('metadata.user.tag', ['a', 'b'], { operator: 'in' });
   * filters.add('dir', '/a', { method: 'or' });
   */
  add(field: string, values: unknown, options: AddFilterOptions = {}): this {
    const method = options.method ?? this.method;
    const single = makeSingle(field, values, options.operator);
    if (method === FiltersMethod.OR) {
      this.orFilterList.push(single);
    } else if (method === FiltersMethod.AND) {
      if (this._uniqueFields.includes(field)) this.andFilterList = this.andFilterList.filter((s) => s.field !== field);
      this.andFilterList.push(single);
    } else {
      throw new DlError(`Unknown method ${String(method)}, please select from: or/and`);
    }
    return this;
  }

  /** Same as {@link Filters.add}: the name used by dl-kit's docs. */
  addFilter(field: string, values: unknown, options: AddFilterOptions = {}): this {
    return this.add(field, values, options);
  }

  /** Adds an `$and` condition; chainable. */
  and(field: string, values: unknown, operator?: FiltersOperations): this {
    return this.add(field, values, { operator, method: FiltersMethod.AND });
  }

  /** Adds an `$or` condition; chainable. */
  or(field: string, values: unknown, operator?: FiltersOperations): this {
    return this.add(field, values, { operator, method: FiltersMethod.OR });
  }

  /** Whether any `$or`/`$and` condition is on `field`. */
  hasField(field: string): boolean {
    return this.orFilterList.some((s) => s.field === field) || this.andFilterList.some((s) => s.field === field);
  }

  /** Removes every `$or`/`$and` condition on `field`. */
  pop(field: string): void {
    this.orFilterList = this.orFilterList.filter((s) => s.field !== field);
    this.andFilterList = this.andFilterList.filter((s) => s.field !== field);
  }

  /**
   * Adds a condition on the joined resource (SDK `add_join`); items join annotations and vice versa.
   * Join conditions never get the `/**` filename rule.
   * @throws DlError when the resource is neither items nor annotations.
   * @example
   * const f = new Filters();
   * f.addJoin('label', 'car');
   * // join: {"on":{"resource":"annotations","local":"itemId","forigen":"id"},"filter":{"$and":[{"label":"car"}]}}
   */
  addJoin(field: string, values: unknown, options: AddFilterOptions = {}): this {
    if (this._resource !== FiltersResource.ITEM && this._resource !== FiltersResource.ANNOTATION) {
      throw new DlError(`Cannot join to ${this._resource} filters`);
    }
    const method = options.method ?? FiltersMethod.AND;
    if (method !== FiltersMethod.AND && method !== FiltersMethod.OR)
      throw new DlError(`Unknown join method ${String(method)}`);
    const join: DqlJoin = this.join ?? {};
    this.join = join;
    if (!('on' in join)) join.on = joinOnOf(this._resource);
    if (!('filter' in join)) join.filter = {};
    const filter = join.filter as DqlFilter;
    const key = `$${method}` as '$and' | '$or';
    (filter[key] ??= []).push(prepareSingleFilter(makeSingle(field, values, options.operator)));
    return this;
  }

  /** Removes join `$and` conditions that mention `field` (SDK `pop_join`). */
  popJoin(field: string): void {
    const and = this.join?.filter?.$and;
    if (and) this.join!.filter!.$and = and.filter((c) => !(field in c));
  }

  /**
   * Sorts by `field` (SDK `sort_by`); several keys keep insertion order.
   * @throws DlError for a direction other than ascending/descending.
   */
  sortBy(field: string, direction: FiltersOrderByDirection = FiltersOrderByDirection.ASCENDING): this {
    if (direction !== FiltersOrderByDirection.ASCENDING && direction !== FiltersOrderByDirection.DESCENDING) {
      throw new DlError('Sort can be by ascending or descending order only');
    }
    this.sort[field] = direction;
    return this;
  }

  /**
   * Sets a task/assignment membership change (`references` of the body): items matching the filter are
   * added to (`create`) or removed from (`delete`) the tasks and assignments. Task refs come first.
   */
  setReferences(
    operation: 'create' | 'delete',
    ids: { taskIds?: string | string[]; assignmentIds?: string | string[] },
  ): this {
    const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
    const refs: DqlReferences['refs'] = [
      ...list(ids.taskIds).map((id) => ({ type: 'task' as const, id })),
      ...list(ids.assignmentIds).map((id) => ({ type: 'assignment' as const, id })),
    ];
    this.references = { operation, refs };
    return this;
  }

  /**
   * The body for the platform (SDK `prepare()`), a fresh object each call.
   * @example
   * new Filters().prepare({ operation: 'delete' });
   * // {"filter":{"$and":[{"hidden":false},{"type":"file"}]},"resource":"items","delete":true}
   */
  prepare(options: PrepareOptions = {}): DqlBody {
    if (this.customFilter !== null) return this.prepareCustom();
    const recursive = this.recursive && this._resource === FiltersResource.ITEM;
    const filter: DqlFilter = {};
    if (this.orFilterList.length > 0) filter.$or = this.orFilterList.map((s) => prepareSingleFilter(s, recursive));
    if (this.andFilterList.length > 0) filter.$and = this.andFilterList.map((s) => prepareSingleFilter(s, recursive));
    const json: DqlBody = { filter };
    if (!options.queryOnly) {
      if (Object.keys(this.sort).length > 0) json.sort = { ...this.sort };
      this.pageSize = Math.min(this.pageSize, maxPageSizeOf(this._resource));
      json.page = this.page;
      json.pageSize = this.pageSize;
      json.resource = this._resource;
    }
    if (this.join !== null) json.join = copyJson(this.join);
    const bulk = bulkFromOptions(options) ?? this.bulk;
    if (this.references !== null) {
      json.references = copyJson(this.references);
    } else if (bulk?.operation === 'update') {
      const update: NonNullable<DqlBody['update']> = isNonEmpty(bulk.update)
        ? { metadata: { user: copyJson(bulk.update!) } }
        : {};
      json.update = update;
      const systemMetadata = options.operation ? Boolean(options.systemMetadata) : true;
      if (systemMetadata && isNonEmpty(bulk.systemUpdate)) {
        json.systemSpace = true;
        update.metadata ??= {};
        update.metadata.system = copyJson(bulk.systemUpdate!);
      }
    } else if (bulk?.operation === 'delete') {
      json.delete = true;
      delete json.sort;
      if (this._resource === FiltersResource.ITEM) {
        delete json.page;
        delete json.pageSize;
      }
    }
    if (this.context !== null) json.context = copyJson(this.context);
    if (this.systemSpace !== null) json.systemSpace = this.systemSpace;
    return json;
  }

  /**
   * The query-string form used by `GET /recipes` (SDK `generate_url_query_params`): only `$and`
   * conditions, values as Python `str()` (`True`/`False`, lists comma-joined), then
   * `&pageOffset=N&pageSize=M` (hence the `&&`). Values are not URL-encoded, as in the SDK.
   * @example
   * new Filters({ resource: 'recipe', field: 'projects', values: 'p1' }).generateUrlQueryParams('/recipes');
   * // '/recipes?projects=p1&&pageOffset=0&pageSize=1000'
   */
  generateUrlQueryParams(url: string): string {
    let out = `${url}?`;
    for (const f of this.andFilterList) {
      const value = Array.isArray(f.values) ? f.values.map(pyStr).join(',') : pyStr(f.values);
      out += `${f.field}=${value}&`;
    }
    return `${out}&pageOffset=${this.page}&pageSize=${this.pageSize}`;
  }

  /**
   * A stable string for caching: the prepared body with object keys sorted (except `sort`, whose key
   * order is meaningful); arrays keep their order. Equal queries written with different key orders
   * get the same key.
   */
  canonicalKey(options: PrepareOptions = {}): string {
    return canonicalStringify(this.prepare(options));
  }

  /**
   * Reads a prepared body back (the server parses DQL bodies with it; the cache derives keys from it).
   * `prepare()` of the result returns the same body in canonical key order. Conditions are kept as
   * written (no defaults added, no unique fields); a filter the lists cannot express exactly (a condition
   * with several keys, keys besides `$and`/`$or`, unknown top-level keys) is kept as a custom filter,
   * which `prepare()` returns as written (only a missing `resource`/`page`/`pageSize` is appended, the
   * SDK's custom-filter rule). Missing `page`/`pageSize`/`resource` take their defaults.
   * @throws DlParseError naming the JSON path when the body is malformed.
   */
  static fromJson(body: unknown): Filters {
    const parsed = parseDqlBody(body);
    const f = new Filters({ resource: parsed.resource, useDefaults: false });
    f.page = parsed.page;
    f.pageSize = parsed.pageSize ?? defaultPageSizeOf(parsed.resource);
    f.orFilterList = parsed.orFilterList;
    f.andFilterList = parsed.andFilterList;
    f.sort = parsed.sort;
    f.join = parsed.join;
    f.context = parsed.context;
    f.systemSpace = parsed.systemSpace;
    f.references = parsed.references;
    f.bulk = parsed.bulk;
    // Values are kept as written: re-applying the `/**` rule would change a hand-written `filename`.
    f.recursive = false;
    f.customFilter = parsed.customFilter;
    if (f.customFilter === null && !reproduces(f, body as JsonObject)) f.customFilter = copyJson(body as JsonObject);
    return f;
  }

  /** Same as `prepare()`: lets `JSON.stringify(filters)` give the body. */
  toJSON(): DqlBody {
    return this.prepare();
  }

  private addDefaults(): void {
    if (!this._useDefaults) return;
    this._uniqueFields = uniqueFieldsOf(this._resource);
    for (const d of defaultFiltersOf(this._resource))
      this.add(d.field, d.values, { operator: d.operator as FiltersOperations | undefined, method: FiltersMethod.AND });
  }

  private prepareCustom(): DqlBody {
    const custom = copyJson(this.customFilter!);
    const json: JsonObject = 'filter' in custom ? custom : { filter: custom };
    if (!('resource' in json)) json.resource = this._resource;
    if (!('page' in json)) json.page = this.page;
    if (!('pageSize' in json)) json.pageSize = this.pageSize;
    if (this.join !== null && !('join' in json)) json.join = copyJson(this.join);
    const join = json.join;
    if (join !== null && typeof join === 'object' && !('on' in join)) (join as DqlJoin).on = joinOnOf(this._resource);
    return json as DqlBody;
  }
}

function makeSingle(field: string, values: unknown, operator: FiltersOperations | undefined): SingleFilter {
  if (typeof field !== 'string' || field === '')
    throw new DlError(`Filter field must be a non-empty string, got ${String(field)}`);
  if (operator === undefined || operator === null) return { field, values };
  if (!KNOWN_OPERATORS.has(operator)) {
    throw new DlError(
      `Unknown filter operator ${String(operator)}, expected one of ${[...KNOWN_OPERATORS].join(', ')}`,
    );
  }
  return { field, values, operator };
}

/** Whether `prepare()` gives `body` back (keys the body omitted and prepare fills, and page-size clamping, aside). */
function reproduces(f: Filters, body: JsonObject): boolean {
  const prepared: JsonObject = f.prepare();
  for (const k of ['filter', 'page', 'pageSize', 'resource']) if (!(k in body)) delete prepared[k];
  if ('pageSize' in body && 'pageSize' in prepared) prepared.pageSize = body.pageSize;
  return canonicalStringify(prepared) === canonicalStringify(body);
}

function bulkFromOptions(o: PrepareOptions): BulkOperation | null {
  if (o.operation === undefined) return null;
  if (o.operation === 'delete') return { operation: 'delete' };
  if (o.operation === 'update')
    return { operation: 'update', update: o.update ?? null, systemUpdate: o.systemUpdate ?? null };
  throw new DlError(`Unknown operation: ${String(o.operation)}`);
}

/** Python truthiness of a dict: present and not empty. */
function isNonEmpty(v: JsonObject | null | undefined): boolean {
  return v !== null && v !== undefined && Object.keys(v).length > 0;
}
