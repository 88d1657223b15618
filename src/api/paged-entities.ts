import { DlAbortError, DlBadRequestError } from './errors.js';

/** Response of a query endpoint (spec §5). */
export interface PageResponse<J = unknown> {
  totalItemsCount: number;
  totalPagesCount: number;
  hasNextPage: boolean;
  items: J[];
  page_offset?: number;
  page_size?: number;
}

/** A filter body as `Filters.prepare()` returns it (spec §4.1). */
export type QueryBody = Record<string, unknown> & {
  filter?: Record<string, unknown>;
  sort?: Record<string, string>;
  page?: number;
  pageSize?: number;
  resource?: string;
};

/** Anything with `prepare()` (the entity layer's `Filters`). */
export interface FiltersLike {
  prepare(): Record<string, unknown>;
  /** Set when the user gave a raw DQL dict (the SDK then never uses keyset paging). */
  customFilter?: unknown;
}

/** A normalized query: the body, whether it is a custom filter, and the resource. */
export interface QuerySpec {
  body: QueryBody;
  custom: boolean;
  resource: string;
}

/**
 * Normalizes what callers pass as a filter: a `Filters` (has `prepare()`) or a prepared body.
 * A plain body is treated as a custom filter (offset paging) unless `custom: false` is given.
 */
export function toQuerySpec(
  f: FiltersLike | QueryBody | undefined,
  defaults: { resource: string; body: QueryBody },
  custom?: boolean,
): QuerySpec {
  if (!f) return { body: structuredClone(defaults.body), custom: false, resource: defaults.resource };
  if (typeof (f as FiltersLike).prepare === 'function') {
    const fl = f as FiltersLike;
    const body = structuredClone(fl.prepare()) as QueryBody;
    const isCustom = custom ?? (fl.customFilter !== undefined && fl.customFilter !== null);
    return { body, custom: isCustom, resource: String(body.resource ?? defaults.resource) };
  }
  const raw = structuredClone(f) as QueryBody;
  const body: QueryBody = 'filter' in raw ? raw : { filter: raw };
  body.resource ??= defaults.resource;
  return { body, custom: custom ?? true, resource: String(body.resource) };
}

const KEYSET_RESOURCES = new Set(['items', 'annotations', 'feature_vectors']);

/** Options of {@link PagedEntities}. */
export interface PagedEntitiesOptions<T, J> {
  query: QuerySpec;
  /** Sends one body to the query endpoint. */
  fetchPage: (body: QueryBody, signal?: AbortSignal) => Promise<PageResponse<J>>;
  /** Builds an entity from its JSON (binds repositories for client-made entities). */
  build: (json: J) => T;
  page?: number;
  pageSize?: number;
  signal?: AbortSignal;
  /** Called when a page fetch got a 400 (the SDK logs a warning and yields an empty page). */
  onWarning?: (message: string, error: unknown) => void;
}

/**
 * Paged results of a query (spec §5), as dtlpy's `PagedEntities`: `items` holds the current page,
 * `for await (const page of pages)` walks every page from page 0, `all()` every entity.
 * Keyset paging (`sort id` + `id $gt lastSeen`) is used exactly where the SDK uses it: page 0,
 * resource items/annotations/feature_vectors, no custom filter, no sort on another field first.
 *
 * @example
 * const pages = await dataset.items.list(filters);
 * console.log(pages.totalItemsCount);
 * for await (const page of pages) for (const item of page) render(item);
 */
export class PagedEntities<T, J = unknown> implements AsyncIterable<T[]> {
  pageOffset: number;
  pageSize: number;
  hasNextPage = false;
  totalPagesCount = 0;
  /** `len(pages)` in the SDK. */
  totalItemsCount = 0;
  useIdBasedPaging = false;
  lastSeenId: string | undefined;
  /** Entities of the current page. */
  items: T[] = [];
  /**
   * Entries of the current page that could not be built (e.g. `DlParseError` from `fromJson`),
   * with their index in the page; the rest of the page is still delivered.
   */
  errors: { index: number; error: unknown; json: J }[] = [];
  private readonly opts: PagedEntitiesOptions<T, J>;
  private forceOffset = false;
  /**
   * The position of the page the pages show: only a fetch that answered moves it. Every fetch
   * starts from it (not from the position an earlier fetch still in flight moved to), and a fetch
   * that throws puts it back, so aborting a page and asking again at once never skips one.
   */
  private settled: Position;
  /** Fetches started; a fetch knows it is the newest when its number is still `seq`. */
  private seq = 0;
  /** Number of the fetch whose answer the pages show (an older answer arriving later is dropped). */
  private shown = 0;
  /** Fetches in flight. */
  private pending = 0;
  /** Calls not settled yet: in flight, or (`nextPage`/`prevPage`) waiting for the one before them. */
  private unsettled = 0;
  /** Settles when the last call made has settled (answered or failed). */
  private tail: Promise<void> = Promise.resolve();

  constructor(opts: PagedEntitiesOptions<T, J>) {
    this.opts = opts;
    this.pageOffset = opts.page ?? Number(opts.query.body.page ?? 0);
    this.pageSize = opts.pageSize ?? Number(opts.query.body.pageSize ?? 1000);
    this.settled = this.position();
  }

  private position(): Position {
    return {
      pageOffset: this.pageOffset,
      pageSize: this.pageSize,
      lastSeenId: this.lastSeenId,
      useIdBasedPaging: this.useIdBasedPaging,
    };
  }

  /** Same as `totalItemsCount`. */
  get length(): number {
    return this.totalItemsCount;
  }

  /** Whether the next fetch will use keyset paging (spec §5 hybrid rules). */
  shouldUseKeyset(): boolean {
    if (this.pageOffset !== 0) return false;
    const q = this.opts.query;
    if (q.custom) return false;
    if (!KEYSET_RESOURCES.has(q.resource)) return false;
    const first = Object.keys(q.body.sort ?? {})[0];
    return first === undefined || first === 'id' || first === 'createdAt';
  }

  /** The exact body the next fetch sends. */
  requestBody(): QueryBody {
    const body = structuredClone(this.opts.query.body);
    body.page = this.pageOffset;
    body.pageSize = this.pageSize;
    this.useIdBasedPaging = !this.forceOffset && this.shouldUseKeyset();
    if (this.useIdBasedPaging) {
      const sort = (body.sort ??= {});
      const order = Object.values(sort)[0] ?? 'ascending';
      sort.id = order;
      body.page = 0;
      if (this.lastSeenId !== undefined) {
        const filter = (body.filter ??= {});
        const and = (filter.$and ??= []) as unknown[];
        and.push({ id: { [order === 'descending' ? '$lt' : '$gt']: this.lastSeenId } });
      }
    }
    return reorderBody(body);
  }

  /**
   * Fetches the page at `pageOffset` into `items`, or page `page` when given. An explicit page is
   * a fresh request from the start of the query (the SDK's `go_to_page`): page 0 restarts keyset
   * paging instead of continuing after the last id seen. A 400 yields an empty page, as in the SDK.
   * `opts.signal` aborts this fetch (instead of the `signal` the pages were created with), so a
   * caller that moves between pages can abort a page it no longer wants and keep the pages.
   * A fetch that throws (aborted, network error, 5xx) leaves the pages exactly as they were before
   * it (`pageOffset`, `pageSize`, `items`, `hasNextPage`, the keyset position), so the next fetch
   * asks for the same page again instead of skipping one, even when it starts before the
   * rejection arrives (abort, then ask again at once).
   */
  async getPage(page?: number, pageSize?: number, opts: { signal?: AbortSignal } = {}): Promise<T[]> {
    return this.fetchInto(() => {
      if (pageSize !== undefined) this.pageSize = pageSize;
      if (page !== undefined) {
        this.pageOffset = page;
        this.lastSeenId = undefined;
      }
    }, opts.signal);
  }

  /**
   * Applies `move` (the position change a fetch asks for) to the settled position, then fetches.
   * With no fetch in flight the settled position is the current one (so a caller's own
   * `pageOffset = n` counts); while one is in flight it is the last position a fetch answered for,
   * not the one the fetch in flight moved to. If the fetch throws and no newer fetch has started
   * since, the settled position is put back before the error is rethrown. An answer older than the
   * one the pages show is returned to its caller but not shown.
   */
  private fetchInto(move: () => void, signal: AbortSignal | undefined, chain = false): Promise<T[]> {
    const seq = ++this.seq;
    // A relative move (next, previous) made while another call has not settled waits for it and
    // moves from where it left the pages: two quick nextPage() calls ask for pages n+1 and n+2 (in
    // keyset mode the second needs the first's last id anyway), not both for n+1. An absolute page
    // starts at once. A call that failed or was aborted left the pages where they were, so the one
    // after it asks for the same page again.
    const before = chain && this.unsettled > 0 ? this.tail : null;
    this.unsettled++;
    const run = before
      ? waitTurn(before, signal ?? this.opts.signal).then(() => this.fetchNow(seq, move, signal))
      : this.fetchNow(seq, move, signal);
    const done = run.then(
      () => {},
      () => {},
    );
    // a call aborted while it waited settles at once; the one after it still waits for the one before
    this.tail = before ? Promise.all([before, done]).then(() => {}) : done;
    void done.then(() => this.unsettled--);
    return run;
  }

  private async fetchNow(seq: number, move: () => void, signal: AbortSignal | undefined): Promise<T[]> {
    // A call that waited its turn after a newer one was made moves from the settled position but
    // leaves the fields showing where the newer one is going.
    const now = this.position();
    const shownNow = seq === this.seq ? null : now;
    if (this.pending === 0) this.settled = now;
    else Object.assign(this, this.settled);
    let body: QueryBody;
    let pos: Position;
    try {
      move();
      body = this.requestBody();
      pos = this.position();
    } catch (e) {
      // a move refused (prevPage once keyset paging): the fields show what they showed, not the
      // settled position while a fetch in flight is going elsewhere (review32 #6)
      Object.assign(this, now);
      throw e;
    }
    if (shownNow) Object.assign(this, shownNow);
    let res: PageResponse<J>;
    this.pending++;
    try {
      res = await this.opts.fetchPage(body, signal ?? this.opts.signal);
    } catch (e) {
      // The newest call, or the only fetch in flight (a later nextPage may be waiting for it: it
      // then starts from here), puts the position back; else a newer fetch in flight keeps its own.
      const restore = seq === this.seq || this.pending === 1;
      if (!(e instanceof DlBadRequestError)) {
        if (restore) Object.assign(this, this.settled);
        throw e;
      }
      this.opts.onWarning?.(`query returned 400: ${e.message}`, e);
      if (seq > this.shown) {
        this.shown = seq;
        this.settled = pos;
        this.items = [];
        if (restore) Object.assign(this, pos);
      }
      return [];
    } finally {
      this.pending--;
    }
    if (!pos.useIdBasedPaging && typeof res.page_offset === 'number') pos.pageOffset = res.page_offset;
    if (typeof res.page_size === 'number') pos.pageSize = res.page_size;
    const jsons = Array.isArray(res.items) ? res.items : [];
    const errors: PagedEntities<T, J>['errors'] = [];
    const built: T[] = [];
    jsons.forEach((j, index) => {
      try {
        built.push(this.opts.build(j));
      } catch (error) {
        errors.push({ index, error, json: j });
      }
    });
    if (pos.useIdBasedPaging) {
      const last = jsons[jsons.length - 1] as { id?: unknown } | undefined;
      pos.lastSeenId = last && typeof last.id === 'string' ? last.id : undefined;
    }
    if (seq < this.shown) return built;
    this.shown = seq;
    this.settled = pos;
    this.hasNextPage = Boolean(res.hasNextPage);
    if (typeof res.totalItemsCount === 'number') this.totalItemsCount = res.totalItemsCount;
    if (typeof res.totalPagesCount === 'number') this.totalPagesCount = res.totalPagesCount;
    this.errors = errors;
    this.items = built;
    // A newer fetch still in flight keeps the position it moved to; if it fails, it comes back here.
    if (seq === this.seq || this.pending === 0) Object.assign(this, pos);
    return this.items;
  }

  /** Goes to page `n` (page 0 restarts keyset paging); `opts.signal` aborts this fetch (see `getPage`). */
  async goToPage(n = 0, opts: { signal?: AbortSignal } = {}): Promise<T[]> {
    return this.getPage(n, undefined, opts);
  }

  /**
   * Next page: keyset continues after the last id; offset mode moves the offset by one.
   * `opts.signal` aborts this fetch; an aborted or failed fetch leaves the pages where they were,
   * so calling `nextPage()` again asks for the same next page. Called while an earlier page fetch
   * has not settled, it waits for it and asks for the page after the one that fetch brought (two
   * quick calls: pages n+1 and n+2), or the same page again when that fetch failed.
   */
  async nextPage(opts: { signal?: AbortSignal } = {}): Promise<T[]> {
    // `move` runs on the settled position, so this is the keyset mode of the page shown.
    return this.fetchInto(
      () => {
        if (!this.useIdBasedPaging) this.pageOffset += 1;
      },
      opts.signal,
      true,
    );
  }

  /**
   * Previous page; offset mode only, as in the SDK. `opts.signal`, a failed fetch and a call while
   * another has not settled: as `nextPage`.
   */
  async prevPage(opts: { signal?: AbortSignal } = {}): Promise<T[]> {
    const shown = this.pending ? this.settled : this.position();
    if (shown.useIdBasedPaging) throw new Error('prevPage is not supported while keyset paging; use goToPage(n)');
    return this.fetchInto(
      () => {
        if (this.useIdBasedPaging) throw new Error('prevPage is not supported while keyset paging; use goToPage(n)');
        this.pageOffset -= 1;
      },
      opts.signal,
      true,
    );
  }

  /**
   * Every page from page 0 until `hasNextPage` is false or a page comes back empty.
   *
   * Iteration starts again from page 0, as dtlpy's does: it asks for page 0 again even though
   * `list()` (and `getItems()`) returned the pages with page 0 already loaded in `items`. Iterating
   * right after `list()` therefore sends the same query twice; {@link PagedEntities.fromLoaded}
   * walks every page without that.
   */
  async *[Symbol.asyncIterator](): AsyncIterator<T[]> {
    await this.getPage(0);
    yield* this.fromLoaded();
  }

  /**
   * Every page from the one loaded now: `items` as they are, then each next page until
   * `hasNextPage` is false or a page comes back empty. Right after `list()` (or `getItems()`), which
   * return with page 0 loaded, this asks no page twice (iteration starts again from page 0).
   *
   * @example
   * const pages = await dataset.annotations.list(filters); // page 0 is loaded
   * for await (const page of pages.fromLoaded()) show(page);
   */
  async *fromLoaded(): AsyncGenerator<T[]> {
    if (!this.items.length) return;
    yield this.items;
    while (this.hasNextPage) {
      await this.nextPage();
      if (!this.items.length) return;
      yield this.items;
    }
  }

  /**
   * Pages from the last to the first with offset paging (page 0 included, so its order matches
   * the pages after it), as the SDK's `reversed(pages)`.
   */
  async *reversed(): AsyncGenerator<T[]> {
    if (!this.totalPagesCount) await this.goToPage(0);
    this.forceOffset = true;
    try {
      for (let p = this.totalPagesCount - 1; p >= 0; p--) {
        await this.getPage(p);
        yield this.items;
      }
    } finally {
      this.forceOffset = false;
    }
  }

  /** Every entity of every page. */
  async *all(): AsyncGenerator<T> {
    for await (const page of this) yield* page;
  }
}

/** Where the pages stand: the fields a fetch moves and a failed fetch puts back. */
interface Position {
  pageOffset: number;
  pageSize: number;
  lastSeenId: string | undefined;
  useIdBasedPaging: boolean;
}

/** Puts body keys in the spec's order (spec §4.1): filter, sort, page, pageSize, resource, then the rest. */
function reorderBody(b: QueryBody): QueryBody {
  const out: QueryBody = {};
  for (const k of ['filter', 'sort', 'page', 'pageSize', 'resource']) if (b[k] !== undefined) out[k] = b[k];
  for (const k of Object.keys(b)) if (!(k in out)) out[k] = b[k];
  return out;
}

/**
 * Settles when `before` (a call ahead, never rejecting) has; rejects at once with a
 * {@link DlAbortError} when `signal` aborts first (or already has), so a waiting call that is
 * aborted never sends its request.
 */
function waitTurn(before: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return before;
  const aborted = () =>
    new DlAbortError({ status: 0, code: 'abort', message: 'page fetch aborted while waiting its turn' });
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    void before.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
