import { describe, expect, it } from 'vitest';
import { jwtExpiry } from './http.js';
import { jwtClaims } from './jwt-claims.js';

const b64url = (s: string) => Buffer.from(s).toString('base64url');
const jwt = (payload: string) => `${b64url('{"alg":"none"}')}.${b64url(payload)}.sig`;

describe('jwtClaims', () => {
  it('reads a base64url payload without padding, with - and _ in it', () => {
    // "??>" encodes to "Pz8-" and "???" to "Pz8_": both URL-safe characters occur.
    const payload = JSON.stringify({ email: 'a@b.c', exp: 1700000000, note: '??>???' });
    const token = jwt(payload);
    expect(token.split('.')[1]).toMatch(/[-_]/);
    expect(token.split('.')[1]).not.toMatch(/=/);
    expect(jwtClaims(token)).toEqual({ email: 'a@b.c', exp: 1700000000, note: '??>???' });
    expect(jwtExpiry(token)).toBe(1700000000);
  });
  it('answers undefined for anything that is not a JWT with an object payload', () => {
    for (const t of [undefined, null, '', 'abc', 'a.%%%.c', jwt('42'), jwt('null'), jwt('{')])
      expect(jwtClaims(t)).toBeUndefined();
    expect(jwtExpiry(jwt('{"exp":"soon"}'))).toBeUndefined();
  });
});
