import type { Context } from 'hono';
import type { Caller } from './auth/roles.js';
import { clampPaging, type Paging } from './store/paging.js';
import type { Store } from './store/types.js';
import { HttpError } from './http/errors.js';

/** Size limits (bytes). */
export interface Limits {
  /** Largest JSON body. @default 64 MiB */
  jsonBytes: number;
  /** Largest upload body (streamed to disk while counted). @default 256 MiB */
  uploadBytes: number;
}

/** What every route handler needs. */
export interface Deps {
  store: Store;
  jwtSecret: string;
  limits: Limits;
}

/** The bearer token of the request, as the auth check read it. */
export interface PresentedToken {
  /** Id it is revoked under (`jti`, or a hash for older tokens without one). */
  id: string;
  /** Expiry, epoch seconds. */
  exp: number;
}

/** Hono environment of the app. */
export type AppEnv = { Variables: { caller: Caller; token: PresentedToken } };

/** The API base URL of the request (`http://host:port/api/v1`), used in entity `url` fields. */
export function apiBase(c: Context): string {
  return `${new URL(c.req.url).origin}/api/v1`;
}

/** Deepest nesting a JSON body may have (SQLite's JSON functions stop at 1000; real bodies need < 20). */
export const MAX_JSON_DEPTH = 100;

/** Nesting depth of a parsed JSON value, without recursion (a hostile body cannot overflow the stack). */
export function jsonDepth(value: unknown, limit = Infinity): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v))
      if (typeof child === 'object' && child !== null) stack.push([child, d + 1]);
  }
  return max;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decode UTF-8 strictly: invalid bytes are a 400 naming `what`, never replacement characters
 * stored in place of what the client sent.
 */
export function utf8(bytes: Uint8Array, what: string): string {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    throw new HttpError(400, `${what} is not valid UTF-8`);
  }
}

/**
 * Read a JSON body; a missing or malformed body, one that is not UTF-8, or one nested deeper than
 * {@link MAX_JSON_DEPTH}, is a 400, not a 500.
 */
export async function jsonBody<T = unknown>(c: Context): Promise<T> {
  const text = utf8(new Uint8Array(await c.req.arrayBuffer()), 'body');
  if (!text.trim()) return {} as T;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
  if (jsonDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    throw new HttpError(400, `body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  return value as T;
}

/** Read a JSON body that must be an object (400 `body: expected a JSON object` otherwise). */
export async function jsonObject(c: Context): Promise<Record<string, unknown>> {
  const body = await jsonBody(c);
  if (!isObject(body)) throw new HttpError(400, 'body: expected a JSON object');
  return body;
}

/** Plain object check. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Paging of a list route from its query string (`pageOffset`, `pageSize`; the SDK's names),
 * clamped like DQL paging.
 */
export function listPaging(c: Context, defaultSize?: number): Paging {
  return clampPaging(c.req.query('pageOffset'), c.req.query('pageSize'), defaultSize);
}

/** A comma-separated query parameter as a list (`undefined` when absent or empty). */
export function csvParam(c: Context, name: string): string[] | undefined {
  const list = (c.req.query(name) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length ? list : undefined;
}
