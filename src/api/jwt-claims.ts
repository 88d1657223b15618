// The claims of a JWT, read without verifying it (as the SDK does: the server verifies; the client
// only needs `exp` to refresh in time and `email` to know who it is).

/** The payload of `token` as an object, or undefined when it is not a readable JWT. */
export function jwtClaims(token: string | null | undefined): Record<string, unknown> | undefined {
  const part = token?.split('.')[1];
  if (!part) return undefined;
  try {
    const b64 = part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '=');
    const claims: unknown = JSON.parse(atob(b64));
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
