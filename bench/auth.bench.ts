// `npm run bench -- auth`: what token revocation costs per request. The auth check reads
// the user, their token generation and the token's denylist row in one query (`authLookup`);
// the reference row is the user read alone (the check before revocation existed). A denylist of
// 10k signed-out tokens is in place. Medians of batches; the machine is shared: read the ratios.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../server/app.js';

const dataDir = mkdtempSync(join(tmpdir(), 'dlkit-authbench-'));
const h = await createApp({ dataDir });
const token = await h.issueToken('bench@dlkit.local');
const user = (await h.store.list('users', { email: 'bench@dlkit.local' }))[0]!;
const exp = Math.floor(Date.now() / 1000) + 3600;
await h.store.transaction(async () => {
  for (let i = 0; i < 10_000; i++) await h.store.revokeToken(`revoked-${i}`, user.id, exp);
});

async function medianAsync(batches: number, perBatch: number, fn: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t = performance.now();
    for (let i = 0; i < perBatch; i++) await fn();
    times.push(((performance.now() - t) * 1000) / perBatch);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const headers = { authorization: `Bearer ${token}` };
const rows: [string, number][] = [
  [
    'reference: store.get(users) (the check before revocation)',
    await medianAsync(9, 20_000, () => h.store.get('users', user.id)),
  ],
  [
    'store.authLookup (user + generation + denylist, one query)',
    await medianAsync(9, 20_000, () => h.store.authLookup(user.id, 'not-revoked')),
  ],
  [
    'store.authLookup of a revoked token',
    await medianAsync(9, 20_000, () => h.store.authLookup(user.id, 'revoked-5000')),
  ],
  ['GET /health (no auth), app.request', await medianAsync(9, 2_000, () => h.app.request('/health'))],
  [
    'GET /users/me (JWT verify + authLookup), app.request',
    await medianAsync(9, 2_000, () => h.app.request('/api/v1/users/me', { headers })),
  ],
];
const ref = rows[0]![1];
for (const [name, us] of rows)
  console.log(`${name.padEnd(62)} ${us.toFixed(2).padStart(8)} µs   x${(us / ref).toFixed(2)}`);
await h.close();
rmSync(dataDir, { recursive: true, force: true });
