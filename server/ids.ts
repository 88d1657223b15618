import { randomBytes } from 'node:crypto';

const processRandom = randomBytes(5).toString('hex');
let counter = randomBytes(3).readUIntBE(0, 3);
let lastSeconds = 0;

/**
 * A new 24-hex id shaped like a Mongo ObjectId (4 bytes seconds, 5 bytes per-process random,
 * 3 bytes counter). Ids made by one process sort in creation order, which keyset paging
 * (`id $gt last`) relies on.
 */
export function newId(): string {
  let seconds = Math.floor(Date.now() / 1000);
  if (seconds < lastSeconds) seconds = lastSeconds;
  lastSeconds = seconds;
  counter = (counter + 1) % 0x1000000;
  return seconds.toString(16).padStart(8, '0') + processRandom + counter.toString(16).padStart(6, '0');
}

/** True when `s` is a 24-hex id (the only id shape the server hands out). */
export function isId(s: unknown): s is string {
  return typeof s === 'string' && /^[0-9a-f]{24}$/.test(s);
}

let lastIso = '';
/**
 * Current time as ISO-8601, strictly increasing within the process, so `updatedAt` works as an
 * optimistic-concurrency version even for two writes in the same millisecond.
 */
export function nowIso(): string {
  let t = Date.now();
  let iso = new Date(t).toISOString();
  while (iso <= lastIso) {
    t = Date.parse(lastIso) + 1;
    iso = new Date(t).toISOString();
  }
  lastIso = iso;
  return iso;
}

/**
 * {@link nowIso}, but later than `previous` (a document's `updatedAt`): another server instance
 * may have written it in this very millisecond, and `updatedAt` must still change with every write.
 */
export function nowIsoAfter(previous: unknown): string {
  const now = nowIso();
  if (typeof previous !== 'string' || now > previous) return now;
  const t = Date.parse(previous);
  return Number.isNaN(t) ? now : new Date(t + 1).toISOString();
}
