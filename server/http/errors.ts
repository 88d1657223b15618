/**
 * An error that becomes an HTTP answer `{ message }` with `status`. Routes throw it; the app's
 * error handler turns it into JSON and never leaks a stack trace.
 */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 500,
    message: string,
    /** Extra JSON merged into the body (e.g. the current annotation on 409). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** 400 with a message. */
export const badRequest = (m: string, extra?: Record<string, unknown>) => new HttpError(400, m, extra);
/** 404 naming what was not found. */
export const notFound = (what: string) => new HttpError(404, `${what} not found`);
/** 403 with a message. */
export const forbidden = (m = 'Forbidden') => new HttpError(403, m);
