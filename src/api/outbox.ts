import type { ClientContext } from './context.js';
import { dsScope, queryDataset } from './context.js';
import type { KvStore, OutboxRecord } from './cache/store.js';
import { DlApiError, DlConflictError, DlNotFoundError, isUnreachable } from './errors.js';
import {
  AnnotationsRepository,
  annotationToJson,
  touchesSystem,
  type AnnotationJson,
} from './repositories/annotations.js';
import { applyDiff, diffHolds, jsonDiff } from './json-diff.js';
import { DlError } from '../entities/errors.js';

/** Header carrying each outbox op's idempotency key. */
export const IDEMPOTENCY_HEADER = 'x-idempotency-key';

/** Detail of the outbox events. */
export interface OutboxEventDetail {
  op: OutboxRecord;
  /** `applied`: the server's JSON (create/update). */
  result?: unknown;
  /** `conflict`: what this client wanted (base + diff) and what the server has. */
  mine?: unknown;
  theirs?: unknown;
  error?: unknown;
}

/** Result of one {@link Outbox.flush}. */
export interface FlushResult {
  applied: number;
  conflicts: number;
  failed: number;
  /** Ops still waiting because the server is unreachable. */
  remaining: number;
  offline: boolean;
}

/** Options of {@link Outbox}. */
export interface OutboxOptions {
  /** Flush on the `online` event and retry with backoff while ops remain. @default true in browsers */
  autoFlush?: boolean;
  /** First retry delay when the server is unreachable. @default 1000 */
  retryDelay?: number;
  /** @default 30000 */
  maxRetryDelay?: number;
  /**
   * Header carrying each op's idempotency key, or `false` (for a server whose CORS does not allow
   * it; replays then stay safe through `clientId` lookups alone).
   * @default 'x-idempotency-key'
   */
  idempotencyHeader?: string | false;
}

const uuid = () =>
  globalThis.crypto?.randomUUID
    ? globalThis.crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/**
 * Write-behind queue of annotation edits, persisted in IndexedDB: every create, update and delete
 * is stored first (with an idempotency key) and then sent in order. While the server is
 * unreachable ops stay queued (surviving reloads) and are retried with backoff. A replayed create
 * is never applied twice: creates carry `metadata.system.clientId`, and a create that may have
 * reached the server is looked up by it before being sent again. 409s become `conflict` events
 * with both versions. Events: `queued`, `applied`, `conflict`, `failed`, `offline`, `drained`.
 *
 * @example
 * client.outbox.addEventListener('conflict', (e) => ask((e as CustomEvent).detail));
 * await client.outbox.create(item.id, item.datasetId, box.toJson());
 */
export class Outbox extends EventTarget {
  private flushing: Promise<FlushResult> | undefined;
  /** A flush() joined the running one: run again if the queue was last read before that call. */
  private rerun = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private delay: number;
  private readonly opts: Required<OutboxOptions>;
  private readonly onOnline = () => void this.flush();

  constructor(
    private readonly ctx: ClientContext,
    private readonly store: KvStore,
    opts: OutboxOptions = {},
    private readonly lockName = 'dl-kit',
  ) {
    super();
    this.opts = {
      autoFlush: opts.autoFlush ?? typeof window !== 'undefined',
      retryDelay: opts.retryDelay ?? 1000,
      maxRetryDelay: opts.maxRetryDelay ?? 30_000,
      idempotencyHeader: opts.idempotencyHeader ?? IDEMPOTENCY_HEADER,
    };
    this.delay = this.opts.retryDelay;
    if (this.opts.autoFlush && typeof window !== 'undefined') window.addEventListener('online', this.onOnline);
  }

  /** Stops timers and listeners (the queue stays in IndexedDB). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (typeof window !== 'undefined') window.removeEventListener('online', this.onOnline);
  }

  /** Every op not yet acknowledged, in order (pending, conflict and failed). */
  async pending(): Promise<OutboxRecord[]> {
    return (await this.store.outboxAll()).sort((a, b) => a.seq! - b.seq!);
  }

  private async enqueue(rec: Omit<OutboxRecord, 'key' | 'attempts' | 'createdAt' | 'state'>): Promise<OutboxRecord> {
    const full: OutboxRecord = { ...rec, key: uuid(), attempts: 0, createdAt: Date.now(), state: 'pending' };
    full.seq = await this.store.outboxAdd(full);
    this.emit('queued', { op: full });
    if (this.opts.autoFlush) void this.flush();
    return full;
  }

  /**
   * Queues a create. The annotation gets `metadata.system.clientId` (kept if present), which
   * identifies it until the server id is known.
   * @returns the op and the JSON as queued (with its clientId).
   */
  async create(
    itemId: string,
    datasetId: string,
    annotation: unknown,
  ): Promise<{ op: OutboxRecord; annotation: AnnotationJson; clientId: string }> {
    const json = annotationToJson(annotation);
    const metadata = (json.metadata ??= {});
    const system = (metadata.system ??= {});
    const clientId: string = typeof system.clientId === 'string' ? system.clientId : uuid();
    system.clientId = clientId;
    delete json.id;
    const op = await this.enqueue({ op: 'create', itemId, datasetId, clientId, body: json });
    return { op, annotation: json, clientId };
  }

  /**
   * Queues an update of `annotation` against `original` (the last server JSON, or the queued
   * create's JSON). The annotation is named by `id` or, before the create is applied, by
   * `metadata.system.clientId`.
   */
  async update(
    annotation: unknown,
    original: unknown,
    opts: { itemId?: string; datasetId?: string } = {},
  ): Promise<OutboxRecord | undefined> {
    const next = annotationToJson(annotation);
    const base = annotationToJson(original);
    const diff = jsonDiff(base, next);
    if (!diff) return undefined;
    const clientId = next.metadata?.system?.clientId ?? base.metadata?.system?.clientId;
    return this.enqueue({
      op: 'update',
      itemId: opts.itemId ?? String(next.itemId ?? base.itemId ?? ''),
      datasetId: opts.datasetId ?? (next.datasetId as string | undefined) ?? (base.datasetId as string | undefined),
      annotationId: (next.id ?? base.id) as string | undefined,
      clientId,
      body: diff,
      base,
      system: touchesSystem(diff),
    });
  }

  /** Queues a delete by server id, or by clientId for an annotation whose create is still queued. */
  async delete(ref: { id?: string; clientId?: string; itemId: string; datasetId?: string }): Promise<OutboxRecord> {
    return this.enqueue({
      op: 'delete',
      itemId: ref.itemId,
      datasetId: ref.datasetId,
      annotationId: ref.id,
      clientId: ref.clientId,
    });
  }

  /**
   * Sends queued ops in order, including ops queued while it runs: the returned promise settles
   * once the queue holds no pending op (or the server is unreachable). Stops at the first
   * "unreachable" failure (keeping order) and, with `autoFlush`, retries later with backoff.
   * Concurrent calls share one run.
   */
  flush(): Promise<FlushResult> {
    if (this.flushing) {
      // Joining a run: it re-reads the queue before it ends, and if this call came after its last
      // read, one more run follows before the shared promise settles.
      this.rerun = true;
      return this.flushing;
    }
    const go = async (): Promise<FlushResult> => {
      const total: FlushResult = { applied: 0, conflicts: 0, failed: 0, remaining: 0, offline: false };
      try {
        do {
          this.rerun = false;
          const r = await this.locked(() => this.run());
          total.applied += r.applied;
          total.conflicts += r.conflicts;
          total.failed += r.failed;
          total.remaining = r.remaining;
          total.offline = r.offline;
          if (r.offline) break; // the backoff timer takes it from here
        } while (this.rerun);
        return total;
      } finally {
        // Same synchronous step as the loop's last `rerun` check: no flush() can fall in between.
        this.flushing = undefined;
      }
    };
    this.flushing = go();
    return this.flushing;
  }

  /**
   * Runs `fn` under an exclusive Web Lock where available, so two tabs sharing the database
   * never send the same queued op at once.
   */
  private locked<T>(fn: () => Promise<T>): Promise<T> {
    const locks = (
      globalThis.navigator as { locks?: { request(name: string, cb: () => Promise<T>): Promise<T> } } | undefined
    )?.locks;
    return locks ? locks.request(`dl-kit-outbox:${this.lockName}`, fn) : fn();
  }

  private async run(): Promise<FlushResult> {
    const result: FlushResult = { applied: 0, conflicts: 0, failed: 0, remaining: 0, offline: false };
    // Ops queued while this run sends are picked up by reading the queue again until it has no
    // pending op. Every op handled below leaves the pending state (deleted, conflict, failed) or
    // ends the run, so a re-read never returns an op this run already sent.
    for (;;) {
      this.rerun = false;
      const ops = (await this.pending()).filter((o) => o.state === 'pending');
      if (!ops.length) break;
      const stop = await this.sendBatch(ops, result);
      if (stop) return result;
    }
    this.delay = this.opts.retryDelay;
    this.emit('drained', { op: undefined as unknown as OutboxRecord });
    return result;
  }

  /** Sends `ops` in order; `true` when the server became unreachable (the rest stays queued). */
  private async sendBatch(ops: OutboxRecord[], result: FlushResult): Promise<boolean> {
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      try {
        const r = await this.apply(op);
        await this.store.outboxDelete(op.seq!);
        result.applied++;
        this.emit('applied', { op, result: r });
      } catch (e) {
        if (e instanceof DlConflictError) {
          const theirs = (e.body as { annotation?: unknown } | undefined)?.annotation ?? e.body;
          await this.store.outboxPut({ ...op, state: 'conflict', theirs, lastError: e.message });
          result.conflicts++;
          this.emit('conflict', {
            op,
            mine: op.base ? applyDiff(op.base, op.body as Record<string, unknown>) : op.body,
            theirs,
            error: e,
          });
        } else if (isUnreachable(e) || (e instanceof DlApiError && e.status >= 500) || !(e instanceof DlError)) {
          await this.store.outboxPut({
            ...op,
            attempts: op.attempts + 1,
            lastError: e instanceof Error ? e.message : String(e),
          });
          result.offline = true;
          result.remaining = (await this.pending()).filter((o) => o.state === 'pending').length;
          this.emit('offline', { op, error: e });
          this.schedule();
          return true;
        } else {
          await this.store.outboxPut({ ...op, state: 'failed', lastError: e.message });
          result.failed++;
          this.emit('failed', { op, error: e });
        }
      }
    }
    return false;
  }

  private schedule(): void {
    if (!this.opts.autoFlush || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.delay);
    this.delay = Math.min(this.delay * 2, this.opts.maxRetryDelay);
  }

  private async resolveId(op: OutboxRecord): Promise<string | undefined> {
    if (op.annotationId) return op.annotationId;
    return op.clientId ? this.store.idmapGet(op.clientId) : undefined;
  }

  private repo(op: OutboxRecord): AnnotationsRepository {
    return new AnnotationsRepository(this.ctx, op.datasetId, op.itemId);
  }

  private async apply(op: OutboxRecord): Promise<unknown> {
    const h = this.opts.idempotencyHeader;
    const headers: Record<string, string> = h ? { [h]: op.key } : {};
    if (op.op === 'create') {
      if (op.sent) {
        const existing = await this.findByClientId(op);
        if (existing) {
          await this.store.idmapPut(op.clientId!, String(existing.id));
          return existing;
        }
      }
      // Mark before sending: if this page dies mid-request, the next run checks before re-creating.
      await this.store.outboxPut({ ...op, sent: true });
      op.sent = true;
      const [created] = await this.repo(op).create([op.body], { itemId: op.itemId, headers });
      const json = annotationToJson(created);
      await this.store.idmapPut(op.clientId!, String(json.id));
      return json;
    }
    const id = await this.resolveId(op);
    if (!id)
      throw new DlError(
        `outbox ${op.op}: annotation ${op.clientId ?? '?'} has no server id (its create failed or was discarded)`,
      );
    if (op.op === 'update') {
      try {
        // If-Match with the base's updatedAt (an entity tag the server accepts for that version)
        // makes the server answer 409 when someone else changed it since. Versions this outbox itself
        // produced are followed (t0 -> t1 -> t2), so a chain of queued edits of one annotation does
        // not conflict with itself.
        let since = (op.base as { updatedAt?: unknown } | undefined)?.updatedAt;
        for (
          let hop = 0, next: string | undefined;
          typeof since === 'string' && hop < 1000 && (next = await this.store.idmapGet(`v:${id}:${since}`));
          hop++
        )
          since = next;
        const body = op.body as Record<string, unknown>;
        const ifMatch: Record<string, string> = typeof since === 'string' ? { 'if-match': JSON.stringify(since) } : {};
        const res = annotationToJson(
          await this.repo(op).updateRaw(id, body, { system: op.system, headers: { ...headers, ...ifMatch } }),
        );
        if (typeof since === 'string' && typeof res.updatedAt === 'string' && res.updatedAt !== since)
          await this.store.idmapPut(`v:${id}:${since}`, res.updatedAt);
        return res;
      } catch (e) {
        // A replay of an update that already landed: the server's version already holds the diff.
        const theirs =
          e instanceof DlConflictError
            ? ((e.body as { annotation?: unknown } | undefined)?.annotation ?? e.body)
            : undefined;
        if (theirs && diffHolds(theirs, op.body as Record<string, unknown>)) return theirs;
        throw e;
      }
    }
    try {
      await this.repo(op).delete(id, { headers });
    } catch (e) {
      if (!(e instanceof DlNotFoundError)) throw e; // already gone: the earlier attempt landed
    }
    return undefined;
  }

  private async findByClientId(op: OutboxRecord): Promise<AnnotationJson | undefined> {
    if (!op.datasetId || !op.clientId) return undefined;
    const body = {
      filter: { $and: [{ itemId: op.itemId }, { 'metadata.system.clientId': op.clientId }] },
      page: 0,
      pageSize: 10,
      resource: 'annotations',
    };
    const res = await queryDataset<AnnotationJson>(this.ctx, op.datasetId, body, { cache: 'no-cache' });
    return res.items?.[0];
  }

  /**
   * Settles a conflict: `mine` re-queues this client's version on top of the server's (same
   * place in the order), `theirs` drops the edit.
   */
  async resolveConflict(seq: number, choice: 'mine' | 'theirs'): Promise<void> {
    const op = (await this.pending()).find((o) => o.seq === seq);
    if (op?.state !== 'conflict') return;
    if (choice === 'theirs') {
      await this.store.outboxDelete(seq);
      if (op.datasetId) await this.ctx.cache.invalidateScope(dsScope(op.datasetId));
      return;
    }
    const theirs = op.theirs as Record<string, unknown>;
    const mine = op.base ? applyDiff(op.base, op.body as Record<string, unknown>) : op.body;
    const diff = jsonDiff(theirs, mine) ?? {};
    await this.store.outboxPut({
      ...op,
      state: 'pending',
      base: theirs,
      body: diff,
      system: touchesSystem(diff),
      key: uuid(),
      theirs: undefined,
    });
    if (this.opts.autoFlush) void this.flush();
  }

  private emit(type: string, detail: OutboxEventDetail): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
