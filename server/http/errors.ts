/**
 * An error that becomes an HTTP answer `{ message }` with `status`. Routes throw it; the app's
 * error handler turns it into JSON and never leaks a stack trace.
 */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 500 | 503,
    message: string,
    /** Extra JSON merged into the body (e.g. the current annotation on 409). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/**
 * 503 `{ message, code: 'store-unavailable' }`: the database cannot be reached (down, connection
 * lost mid-request). Nothing of the request was written; the answer carries `retry-after`.
 */
export class StoreUnavailableError extends HttpError {
  override name = 'StoreUnavailableError';
  constructor(message = 'the database is unavailable; nothing was written, retry shortly') {
    super(503, message, { code: 'store-unavailable' });
  }
}

/** 400 with a message. */
export const badRequest = (m: string, extra?: Record<string, unknown>) => new HttpError(400, m, extra);
/** 404 naming what was not found. */
export const notFound = (what: string) => new HttpError(404, `${what} not found`);
/** 403 with a message. */
export const forbidden = (m = 'Forbidden') => new HttpError(403, m);
