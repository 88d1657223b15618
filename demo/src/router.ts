/** A parsed hash route: `#/datasets/abc?dir=/train` -> `{ path: ['datasets','abc'], query }`. */
export interface Route {
  path: string[];
  query: URLSearchParams;
}

/** The current route from `location.hash`. */
export function currentRoute(): Route {
  const raw = location.hash.replace(/^#\/?/, '');
  const [p = '', q = ''] = raw.split('?');
  return { path: p.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(q) };
}

/** Builds a hash link: `href('datasets', id, { dir: '/train' })`. */
export function href(...parts: (string | Record<string, string | undefined>)[]): string {
  const q =
    parts.length && typeof parts[parts.length - 1] === 'object'
      ? (parts.pop() as Record<string, string | undefined>)
      : undefined;
  const path = (parts as string[]).map(encodeURIComponent).join('/');
  const qs = q
    ? new URLSearchParams(
        Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
      ).toString()
    : '';
  return `#/${path}${qs ? `?${qs}` : ''}`;
}

/** Navigates (adds a history entry). */
export function go(link: string): void {
  location.hash = link.replace(/^#/, '');
}
