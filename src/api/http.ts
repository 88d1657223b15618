import ky, { HTTPError, TimeoutError, type KyInstance, type Options as KyOptions, type RetryOptions } from 'ky';
import {
  apiErrorForStatus,
  DlAbortError,
  DlApiError,
  DlNetworkError,
  DlTimeoutError,
  DlUnauthorizedError,
} from './errors.js';
import { jwtClaims } from './jwt-claims.js';

/** Supplies a bearer token; called before the first request, when the JWT is about to expire and once after a 401. */
export type GetToken = (ctx: { reason: 'initial' | 'expired' | 'unauthorized' }) => string | Promise<string>;

/** Connection options shared by every call of one client. */
export interface HttpConfig {
  /** API base, e.g. `http://127.0.0.1:4000/api/v1`. Paths such as `/items/{id}` are appended. */
  baseUrl: string;
  /** A fixed bearer JWT. */
  token?: string;
  /** Token provider; enables the refresh-once-on-401 behaviour. */
  getToken?: GetToken;
  /** A fetch implementation (tests, service workers, proxies). @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Milliseconds per attempt before a call fails with {@link DlTimeoutError}. @default 30000 */
  timeout?: number;
  /** Attempts after the first for idempotent calls and query POSTs; a number or ky retry options. @default 2 */
  retry?: number | RetryOptions;
}

/** One HTTP call. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the base URL, starting with `/`. */
  path: string;
  json?: unknown;
  body?: BodyInit;
  searchParams?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Retry this POST like an idempotent call (safe for reads such as `POST /datasets/{id}/query`). */
  idempotent?: boolean;
  /** How to read a 2xx body. @default 'json' */
  responseType?: 'json' | 'blob' | 'none';
  /** Progress of bytes sent (Node: streamed request body). */
  onUploadProgress?: (p: { percent: number; transferredBytes: number; totalBytes: number }) => void;
  timeout?: number;
}

/** What a call returns: parsed body plus status and headers (ETag, x-request-id). */
export interface HttpResponse<T> {
  data: T;
  status: number;
  headers: Headers;
}

/** Reads the `exp` claim (seconds) of a JWT without verifying it, as the SDK does. */
export function jwtExpiry(token: string): number | undefined {
  const exp = jwtClaims(token)?.exp;
  return typeof exp === 'number' ? exp : undefined;
}

const IDEMPOTENT = ['get', 'put', 'head', 'delete', 'options', 'trace'] as const;

/**
 * The transport under every repository: ky with bearer auth, refresh on 401, timeouts,
 * retry with backoff and `Retry-After`, and typed {@link DlApiError}s instead of raw HTTP errors.
 */
export class DlHttp {
  readonly baseUrl: string;
  readonly fetchImpl: typeof fetch;
  private readonly ky: KyInstance;
  private readonly retryBase: RetryOptions;
  private token: string | undefined;
  private refreshing: Promise<string> | undefined;
  private readonly getToken: GetToken | undefined;
  private readonly timeout: number;

  constructor(cfg: HttpConfig) {
    this.baseUrl = cfg.baseUrl.replace(/\/+$/, '');
    this.token = cfg.token;
    this.getToken = cfg.getToken;
    this.timeout = cfg.timeout ?? 30_000;
    this.fetchImpl = cfg.fetch ?? globalThis.fetch.bind(globalThis);
    const r = typeof cfg.retry === 'number' ? { limit: cfg.retry } : (cfg.retry ?? {});
    this.retryBase = {
      limit: 2,
      backoffLimit: 30_000,
      maxRetryAfter: 60_000,
      jitter: (d: number) => d * (0.8 + Math.random() * 0.4),
      ...r,
    };
    this.ky = ky.create({
      prefixUrl: this.baseUrl,
      fetch: this.fetchImpl,
      timeout: this.timeout,
      throwHttpErrors: (status) => status !== 304,
      hooks: {
        beforeRequest: [
          async (request) => {
            const t = await this.currentToken();
            if (t) request.headers.set('authorization', `Bearer ${t}`);
          },
        ],
      },
    });
  }

  /** The token the next request will carry (refreshing it first when it expires within 60 s). */
  async currentToken(): Promise<string | undefined> {
    if (this.refreshing) return this.refreshing;
    if (!this.getToken) return this.token;
    if (this.token === undefined) return this.refresh('initial');
    const exp = jwtExpiry(this.token);
    if (exp !== undefined && exp * 1000 - 60_000 < Date.now()) return this.refresh('expired');
    return this.token;
  }

  /** Calls `getToken` once for all concurrent callers. */
  private refresh(reason: 'initial' | 'expired' | 'unauthorized'): Promise<string> {
    if (!this.getToken) return Promise.reject(new Error('no getToken'));
    this.refreshing ??= Promise.resolve(this.getToken({ reason }))
      .then((t) => (this.token = t))
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Sends one request; on 401 with `getToken` set, refreshes the token and sends it once more. */
  async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    const sentWith = await this.currentToken();
    try {
      return await this.send<T>(req);
    } catch (e) {
      if (e instanceof DlUnauthorizedError && this.getToken) {
        // Someone else may have refreshed while this call was in flight; only call getToken if not.
        if (this.token === sentWith) await this.refresh('unauthorized');
        return this.send<T>(req);
      }
      throw e;
    }
  }

  /** Shortcut returning only the parsed body. */
  async json<T = unknown>(req: HttpRequest): Promise<T> {
    return (await this.request<T>(req)).data;
  }

  private async send<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    const method = req.method.toLowerCase();
    const retry: RetryOptions = {
      ...this.retryBase,
      methods: req.idempotent ? [...IDEMPOTENT, 'post', 'patch'] : [...(this.retryBase.methods ?? IDEMPOTENT)],
    };
    const opts: KyOptions = {
      method,
      retry,
      headers: req.headers,
      signal: req.signal,
      timeout: req.timeout ?? this.timeout,
    };
    if (req.json !== undefined) opts.json = req.json;
    else if (req.body !== undefined) opts.body = req.body;
    if (req.searchParams)
      opts.searchParams = Object.fromEntries(
        Object.entries(req.searchParams).filter(([, v]) => v !== undefined),
      ) as Record<string, string>;
    if (req.onUploadProgress) opts.onUploadProgress = req.onUploadProgress;
    const url = req.path.replace(/^\/+/, '');
    let res: Response;
    try {
      res = await this.ky(url, opts);
    } catch (e) {
      throw await toApiError(e, req, `${this.baseUrl}/${url}`);
    }
    const type = req.responseType ?? 'json';
    let data: unknown;
    try {
      if (res.status === 304 || res.status === 204 || type === 'none') data = undefined;
      else if (type === 'blob') data = await res.blob();
      else {
        const text = await res.text();
        data = text === '' ? undefined : JSON.parse(text);
      }
    } catch (e) {
      throw await toApiError(e, req, `${this.baseUrl}/${url}`);
    }
    return { data: data as T, status: res.status, headers: res.headers };
  }
}

/** Turns whatever ky/fetch threw into a typed {@link DlApiError}. */
async function toApiError(e: unknown, req: Pick<HttpRequest, 'method' | 'signal'>, url: string): Promise<DlApiError> {
  const base = { method: req.method, url, cause: e };
  if (e instanceof DlApiError) return e;
  if (e instanceof HTTPError) {
    const res = e.response;
    let body: unknown;
    let message = `${req.method} ${url} failed with ${res.status} ${res.statusText}`;
    try {
      const text = await res.clone().text();
      body = text ? JSON.parse(text) : undefined;
      const m = (body as { message?: unknown } | undefined)?.message;
      if (typeof m === 'string' && m) message = m;
    } catch {
      /* non-JSON error body: keep the status text */
    }
    return apiErrorForStatus(res.status, {
      ...base,
      message,
      body,
      requestId: res.headers.get('x-request-id') ?? undefined,
    });
  }
  if (req.signal?.aborted)
    return new DlAbortError({ ...base, status: 0, code: 'abort', message: `${req.method} ${url} aborted` });
  if (e instanceof TimeoutError)
    return new DlTimeoutError({ ...base, status: 0, code: 'timeout', message: `${req.method} ${url} timed out` });
  if (e instanceof Error && e.name === 'AbortError')
    return new DlAbortError({ ...base, status: 0, code: 'abort', message: `${req.method} ${url} aborted` });
  const why = e instanceof Error ? e.message : String(e);
  return new DlNetworkError({
    ...base,
    status: 0,
    code: 'network',
    message: `${req.method} ${url}: server unreachable (${why})`,
  });
}
