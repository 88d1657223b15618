// Reading a prepared DQL body back into Filters state (Filters.fromJson), with typed errors.
import { copyJson } from '../resources/copy-json.js';
import { DlParseError } from '../errors.js';
import { FiltersOrderByDirection, FiltersResource } from '../enums.js';
import { isObject, readArray, readBoolean, readObject, readString, type JsonObject } from '../json-read.js';
import type { SingleFilter } from './single-filter.js';
import type { BulkOperation, DqlJoin, DqlReferences } from './types.js';

const RESOURCES: ReadonlySet<string> = new Set(Object.values(FiltersResource));
const TOP_LEVEL_KEYS: ReadonlySet<string> = new Set([
  'filter',
  'sort',
  'page',
  'pageSize',
  'resource',
  'join',
  'references',
  'update',
  'delete',
  'context',
  'systemSpace',
]);

/** What `parseDqlBody` reads out of a body. */
export interface ParsedDqlBody {
  resource: string;
  page: number;
  pageSize: number | null;
  orFilterList: SingleFilter[];
  andFilterList: SingleFilter[];
  sort: Record<string, FiltersOrderByDirection>;
  join: DqlJoin | null;
  context: JsonObject | null;
  systemSpace: boolean | null;
  references: DqlReferences | null;
  bulk: BulkOperation | null;
  /** Set when the body cannot be expressed by the lists exactly: the whole body, kept as-is. */
  customFilter: JsonObject | null;
}

function readInteger(v: unknown, path: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new DlParseError(path, min === 0 ? 'a non-negative integer' : `an integer >= ${min}`, v);
  }
  return v;
}

/** One condition: a single-key object becomes a SingleFilter; anything else returns null (=> custom). */
function readCondition(v: unknown, path: string): SingleFilter | null {
  const obj = readObject(v, path);
  const keys = Object.keys(obj);
  if (keys.length !== 1) return null;
  const field = keys[0]!;
  const value = obj[field];
  if (isObject(value)) {
    const inner = Object.keys(value);
    if (inner.length === 1 && inner[0]!.startsWith('$') && inner[0]!.length > 1) {
      return { field, values: copyJson(value[inner[0]!]), operator: inner[0]!.slice(1) };
    }
  }
  return { field, values: copyJson(value) };
}

function readConditionList(v: unknown, path: string): SingleFilter[] | null {
  const list = readArray(v, path);
  const out: SingleFilter[] = [];
  let exact = true;
  list.forEach((c, i) => {
    const single = readCondition(c, `${path}[${i}]`);
    if (single === null) exact = false;
    else out.push(single);
  });
  return exact ? out : null;
}

function readJoin(v: unknown, path: string): DqlJoin {
  const join = readObject(v, path);
  if ('on' in join) {
    const on = readObject(join.on, `${path}.on`);
    for (const k of ['resource', 'local', 'forigen']) readString(on[k], `${path}.on.${k}`);
  }
  if ('filter' in join) {
    const filter = readObject(join.filter, `${path}.filter`);
    for (const k of ['$and', '$or']) {
      if (k in filter)
        readArray(filter[k], `${path}.filter.${k}`).forEach((c, i) => readObject(c, `${path}.filter.${k}[${i}]`));
    }
  }
  return copyJson(join) as DqlJoin;
}

function readReferences(v: unknown, path: string): DqlReferences {
  const refs = readObject(v, path);
  const operation = refs.operation === null ? null : readString(refs.operation, `${path}.operation`);
  const list = readArray(refs.refs, `${path}.refs`).map((r, i) => {
    const ref = readObject(r, `${path}.refs[${i}]`);
    const type = readString(ref.type, `${path}.refs[${i}].type`);
    if (type !== 'task' && type !== 'assignment')
      throw new DlParseError(`${path}.refs[${i}].type`, '"task" or "assignment"', type);
    return { type, id: readString(ref.id, `${path}.refs[${i}].id`) } as DqlReferences['refs'][number];
  });
  return { operation, refs: list };
}

/** `update` -> bulk; null when its shape is not the SDK's (=> custom). */
function readUpdate(v: unknown, path: string): BulkOperation | null {
  const update = readObject(v, path);
  if (Object.keys(update).some((k) => k !== 'metadata')) return null;
  if (!('metadata' in update)) return { operation: 'update', update: null, systemUpdate: null };
  const metadata = readObject(update.metadata, `${path}.metadata`);
  if (Object.keys(metadata).some((k) => k !== 'user' && k !== 'system')) return null;
  const user = 'user' in metadata ? readObject(metadata.user, `${path}.metadata.user`) : null;
  const system = 'system' in metadata ? readObject(metadata.system, `${path}.metadata.system`) : null;
  return { operation: 'update', update: copyJson(user), systemUpdate: copyJson(system) };
}

/**
 * Validates a DQL body and reads its parts. Throws DlParseError with the JSON path of the first
 * malformed part. Shapes the structured form cannot reproduce exactly set `customFilter`.
 */
export function parseDqlBody(body: unknown): ParsedDqlBody {
  const json = readObject(body, '$');
  let custom = Object.keys(json).some((k) => !TOP_LEVEL_KEYS.has(k));

  let resource: string = FiltersResource.ITEM;
  if ('resource' in json) {
    resource = readString(json.resource, '$.resource');
    if (!RESOURCES.has(resource)) throw new DlParseError('$.resource', `one of ${[...RESOURCES].join(', ')}`, resource);
  }
  const page = 'page' in json ? readInteger(json.page, '$.page', 0) : 0;
  const pageSize = 'pageSize' in json ? readInteger(json.pageSize, '$.pageSize', 1) : null;

  let orFilterList: SingleFilter[] = [];
  let andFilterList: SingleFilter[] = [];
  if ('filter' in json) {
    const filter = readObject(json.filter, '$.filter');
    if (Object.keys(filter).some((k) => k !== '$and' && k !== '$or')) custom = true;
    if ('$or' in filter) {
      const list = readConditionList(filter.$or, '$.filter.$or');
      if (list === null) custom = true;
      else orFilterList = list;
    }
    if ('$and' in filter) {
      const list = readConditionList(filter.$and, '$.filter.$and');
      if (list === null) custom = true;
      else andFilterList = list;
    }
  }

  const sort: Record<string, FiltersOrderByDirection> = {};
  if ('sort' in json) {
    for (const [field, dir] of Object.entries(readObject(json.sort, '$.sort'))) {
      if (dir !== FiltersOrderByDirection.ASCENDING && dir !== FiltersOrderByDirection.DESCENDING) {
        throw new DlParseError(`$.sort.${field}`, '"ascending" or "descending"', dir);
      }
      sort[field] = dir;
    }
  }

  const join = 'join' in json ? readJoin(json.join, '$.join') : null;
  const references = 'references' in json ? readReferences(json.references, '$.references') : null;
  let bulk: BulkOperation | null = null;
  if ('update' in json) {
    bulk = readUpdate(json.update, '$.update');
    if (bulk === null) custom = true;
  }
  if ('delete' in json) {
    if (json.delete !== true) throw new DlParseError('$.delete', 'true', json.delete);
    if (bulk !== null) custom = true;
    bulk = { operation: 'delete' };
  }
  const context = 'context' in json ? copyJson(readObject(json.context, '$.context')) : null;
  const systemSpace = 'systemSpace' in json ? readBoolean(json.systemSpace, '$.systemSpace') : null;

  return {
    resource,
    page,
    pageSize,
    orFilterList,
    andFilterList,
    sort,
    join,
    context,
    systemSpace,
    references,
    bulk,
    customFilter: custom ? copyJson(json) : null,
  };
}
