import { DlError } from '../entities/errors.js';

/** Machine-readable kind of an API failure; mirrors the SDK's exception classes plus transport failures. */
export type DlApiErrorCode =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'request-timeout'
  | 'conflict'
  | 'payload-too-large'
  | 'failed-dependency'
  | 'too-many-requests'
  | 'server-error'
  | 'http-error'
  | 'timeout'
  | 'network'
  | 'abort';

/** What a {@link DlApiError} is built from. */
export interface DlApiErrorInit {
  /** HTTP status, 0 when no response arrived (timeout, network, abort). */
  status: number;
  code: DlApiErrorCode;
  message: string;
  /** `x-request-id` of the response, when the server sent one. */
  requestId?: string;
  /** HTTP method and URL of the failed call. */
  method?: string;
  url?: string;
  /** Parsed JSON body of the error response (for a 409: the server's current version). */
  body?: unknown;
  cause?: unknown;
}

/**
 * Every failure of a dl-kit API call. `status` is the HTTP status (0 when none arrived),
 * `code` the kind, `message` the server's `{ message }` when it sent one.
 *
 * @example
 * try { await client.items.get(id) } catch (e) {
 *   if (e instanceof DlNotFoundError) showMissing();
 *   else if (e instanceof DlApiError && e.code === 'network') showOffline();
 * }
 */
export class DlApiError extends DlError {
  override name = 'DlApiError';
  readonly status: number;
  readonly code: DlApiErrorCode;
  readonly requestId: string | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly body: unknown;

  constructor(init: DlApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.method = init.method;
    this.url = init.url;
    this.body = init.body;
  }
}

/** 400: the server rejected the request body or query. */
export class DlBadRequestError extends DlApiError {
  override name = 'DlBadRequestError';
}
/** 401: missing, invalid or expired token (after one refresh attempt when `getToken` is set). */
export class DlUnauthorizedError extends DlApiError {
  override name = 'DlUnauthorizedError';
}
/** 403: the user may not do this. */
export class DlForbiddenError extends DlApiError {
  override name = 'DlForbiddenError';
}
/** 404: no such entity. */
export class DlNotFoundError extends DlApiError {
  override name = 'DlNotFoundError';
}
/** 409: the write was based on a stale version; `body` holds what the server has now. */
export class DlConflictError extends DlApiError {
  override name = 'DlConflictError';
}
/**
 * 413: the body or upload is larger than the server accepts. The message is the server's (e.g.
 * `upload larger than 268435456 bytes`); `limit` is the bound in bytes when the server names it.
 */
export class DlPayloadTooLargeError extends DlApiError {
  override name = 'DlPayloadTooLargeError';
  /** The server's limit in bytes (the body's `limit`), when it sent one. */
  get limit(): number | undefined {
    const l = (this.body as { limit?: unknown } | undefined)?.limit;
    return typeof l === 'number' ? l : undefined;
  }
}
/** 5xx after retries were exhausted. */
export class DlServerError extends DlApiError {
  override name = 'DlServerError';
}
/** No response within the client's `timeout`. */
export class DlTimeoutError extends DlApiError {
  override name = 'DlTimeoutError';
}
/** The server could not be reached (connection refused, DNS, CORS, offline). */
export class DlNetworkError extends DlApiError {
  override name = 'DlNetworkError';
}
/** The caller's AbortSignal fired. */
export class DlAbortError extends DlApiError {
  override name = 'DlAbortError';
}

const byStatus: Record<number, [DlApiErrorCode, new (i: DlApiErrorInit) => DlApiError]> = {
  400: ['bad-request', DlBadRequestError],
  401: ['unauthorized', DlUnauthorizedError],
  403: ['forbidden', DlForbiddenError],
  404: ['not-found', DlNotFoundError],
  408: ['request-timeout', DlApiError],
  409: ['conflict', DlConflictError],
  413: ['payload-too-large', DlPayloadTooLargeError],
  424: ['failed-dependency', DlApiError],
  429: ['too-many-requests', DlApiError],
};

/** Builds the typed error for an HTTP status. */
export function apiErrorForStatus(status: number, init: Omit<DlApiErrorInit, 'status' | 'code'>): DlApiError {
  const hit = byStatus[status];
  if (hit) return new hit[1]({ ...init, status, code: hit[0] });
  if (status >= 500) return new DlServerError({ ...init, status, code: 'server-error' });
  return new DlApiError({ ...init, status, code: 'http-error' });
}

/** True for failures where the request may never have reached the server (worth queueing offline). */
export function isUnreachable(e: unknown): boolean {
  return (
    e instanceof DlNetworkError ||
    e instanceof DlTimeoutError ||
    (e instanceof DlServerError && (e.status === 502 || e.status === 503 || e.status === 504))
  );
}
