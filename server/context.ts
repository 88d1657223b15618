import type { Context } from 'hono';
import type { Caller } from './auth/roles.js';
import type { Store } from './store/types.js';
import { HttpError } from './http/errors.js';

/** Size limits (bytes). */
export interface Limits {
  /** Largest JSON body. @default 64 MiB */
  jsonBytes: number;
  /** Largest multipart upload. @default 1 GiB */
  uploadBytes: number;
}

/** What every route handler needs. */
export interface Deps {
  store: Store;
  jwtSecret: string;
  limits: Limits;
}

/** Hono environment of the app. */
export type AppEnv = { Variables: { caller: Caller } };

/** The API base URL of the request (`http://host:port/api/v1`), used in entity `url` fields. */
export function apiBase(c: Context): string {
  return `${new URL(c.req.url).origin}/api/v1`;
}

/** Read a JSON body; a missing or malformed body is a 400, not a 500. */
export async function jsonBody<T = unknown>(c: Context): Promise<T> {
  const text = await c.req.text();
  if (!text.trim()) return {} as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
}

/** Plain object check. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
