import type { DlHttp } from './http.js';
import { apiErrorForStatus, DlAbortError, DlNetworkError, DlTimeoutError, type DlApiError } from './errors.js';

/** Upload progress in bytes of the request body. */
export interface UploadProgress {
  transferredBytes: number;
  totalBytes: number;
  percent: number;
}

/**
 * Sends a multipart form with progress. Browsers: XMLHttpRequest (`upload.onprogress`), because
 * streamed fetch bodies need HTTP/2 in Chromium. Elsewhere (Node): ky's streamed request body,
 * whose progress counts bytes handed to the socket.
 */
export async function sendForm<T>(
  http: DlHttp,
  path: string,
  form: FormData,
  opts: { signal?: AbortSignal; onProgress?: (p: UploadProgress) => void; searchParams?: Record<string, string> },
): Promise<T> {
  const useXhr = typeof XMLHttpRequest !== 'undefined' && opts.onProgress !== undefined;
  if (!useXhr) {
    return http.json<T>({
      method: 'POST',
      path,
      body: form,
      searchParams: opts.searchParams,
      signal: opts.signal,
      onUploadProgress: opts.onProgress,
    });
  }
  const token = await http.currentToken();
  const qs = opts.searchParams ? `?${new URLSearchParams(opts.searchParams)}` : '';
  const url = `${http.baseUrl}${path}${qs}`;
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) =>
      opts.onProgress?.({ transferredBytes: e.loaded, totalBytes: e.total, percent: e.total ? e.loaded / e.total : 0 });
    const fail = (err: DlApiError) => reject(err);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = xhr.responseText;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      const m = (body as { message?: unknown } | undefined)?.message;
      fail(
        apiErrorForStatus(xhr.status, {
          method: 'POST',
          url,
          body,
          message: typeof m === 'string' ? m : `upload failed with ${xhr.status}`,
          requestId: xhr.getResponseHeader('x-request-id') ?? undefined,
        }),
      );
    };
    xhr.onerror = () =>
      fail(
        new DlNetworkError({
          status: 0,
          code: 'network',
          method: 'POST',
          url,
          message: `POST ${url}: server unreachable`,
        }),
      );
    xhr.ontimeout = () =>
      fail(new DlTimeoutError({ status: 0, code: 'timeout', method: 'POST', url, message: `POST ${url} timed out` }));
    xhr.onabort = () =>
      fail(new DlAbortError({ status: 0, code: 'abort', method: 'POST', url, message: `POST ${url} aborted` }));
    if (opts.signal) {
      if (opts.signal.aborted) return xhr.onabort?.(new ProgressEvent('abort'));
      opts.signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    xhr.send(form);
  });
}
