import { createClient, type DlClient } from 'dl-kit';

/** Who is signed in (kept in localStorage so a reload stays signed in). */
export interface Session {
  email: string;
  token: string;
  client: DlClient;
  /**
   * The label this user last drew with (a shape made in the layer), on any item: the next item
   * starts on it (`startLabel`). Gone with the session: a sign-out forgets it.
   */
  drawnLabel: string | null;
  /**
   * The tool this user last drew with (a shape made in the layer), `select` when they went back to
   * Select since, per page type: the next item of that type starts with it (`startTool`). Gone with
   * the session.
   */
  drawnTool: { image: string | null; video: string | null };
}

const KEY = 'dl-kit-demo:session';
let current: Session | undefined;

/** The API of the server that served this page (same origin: no CORS). */
export const API_URL = new URL('/api/v1', location.href).href.replace(/\/$/, '');

function open(email: string, token: string): Session {
  // One IndexedDB per user: a cached page one user may see is never shown to another.
  const client = createClient({
    baseUrl: API_URL,
    token,
    cache: { dbName: `dl-kit-demo:${email}` },
    timeout: 15_000,
    retry: 1,
  });
  return { email, token, client, drawnLabel: null, drawnTool: { image: null, video: null } };
}

/** The current session, restored from localStorage once. */
export function session(): Session | undefined {
  if (current) return current;
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as { email: string; token: string } | null;
    if (saved?.email && saved.token) current = open(saved.email, saved.token);
  } catch {
    /* corrupt entry: treated as signed out */
  }
  return current;
}

/** Signs in against the demo server's `/demo/login` (the seeded users; see README). */
export async function signIn(email: string, password: string): Promise<Session> {
  const res = await fetch(new URL('/demo/login', location.href), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json().catch(() => ({}))) as { token?: string; message?: string };
  if (!res.ok || !body.token) throw new Error(body.message ?? `Sign-in failed (${res.status})`);
  signOut();
  localStorage.setItem(KEY, JSON.stringify({ email, token: body.token }));
  current = open(email, body.token);
  return current;
}

/**
 * Forgets the session and revokes its token on the server (`POST /users/me/logout`; best effort:
 * offline, the token simply expires). The per-user cache and outbox stay for the next sign-in.
 */
export function signOut(): void {
  const token = current?.token;
  if (token) {
    void fetch(`${API_URL}/users/me/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      keepalive: true,
    }).catch(() => {});
  }
  current?.client.close();
  current = undefined;
  localStorage.removeItem(KEY);
}

/** The signed-in client, or throws (screens are only shown when signed in). */
export function client(): DlClient {
  const s = session();
  if (!s) throw new Error('not signed in');
  return s.client;
}
