/**
 * JSON from the server as the demo's screens read it: an open object whose keys the screens know from the
 * Dataloop format (docs/dataloop-format.md §7) and read without narrowing each one.
 */
// biome-ignore lint/suspicious/noExplicitAny: open server JSON, read key by key in templates (see above).
export type Json = Record<string, any>;

/** Plain JSON of whatever the client returned (entity classes have `toJson()`; plain JSON passes through). */
export function toJson<T = Json>(x: unknown): T {
  const e = x as { toJson?: () => unknown } | null;
  return (e && typeof e.toJson === 'function' ? e.toJson() : x) as T;
}

/** A human message for an error from the client (typed API errors carry `status`). */
export function errorText(e: unknown): string {
  const err = e as { status?: number; message?: string; name?: string };
  if (err?.status === 403 || err?.status === 404) return 'You do not have access to this, or it does not exist.';
  if (err?.status === 401) return 'Your session expired: sign in again.';
  return err?.message ?? String(e);
}
