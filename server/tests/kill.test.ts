// "kill, start, data intact": the CLI runs as a child process, takes acknowledged writes, is
// killed with SIGKILL (no shutdown code runs), and a new server on the same folder has them all.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../index.js';
import { box, client, pngForm } from './helpers.js';

const dataDir = mkdtempSync(join(tmpdir(), 'dlkit-kill-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('kill -9 and restart', () => {
  it('keeps every acknowledged write', async () => {
    const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const token = execFileSync(tsx, ['server/cli.ts', '--data', dataDir, '--token', 'killer@dlkit.test'], {
      encoding: 'utf8',
    }).trim();
    const child = spawn(tsx, ['server/cli.ts', '--data', dataDir, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const m = /on (http:\/\/127\.0\.0\.1:\d+\/api\/v1)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
      });
      const c = client(url, token);
      const project = await c.post('/projects', { name: 'k' });
      const ds = await c.post('/datasets', { name: 'k', projects: [project.json.id] });
      const item = await c.post(`/datasets/${ds.json.id}/items`, pngForm('/k.png'));
      const acked: string[] = [];
      for (let i = 0; i < 30; i++) {
        const r = await c.post(`/items/${item.json.id}/annotations`, [box(`k${i}`)]);
        if (r.status === 201) acked.push(r.json[0].id);
      }
      expect(acked).toHaveLength(30);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));

      const again = await startServer({ dataDir });
      try {
        const c2 = client(again.url, token);
        const q = await c2.post(`/datasets/${ds.json.id}/query`, { resource: 'annotations', filter: {} });
        expect(q.json.items.map((a: any) => a.id).sort()).toEqual([...acked].sort());
        expect((await c2.get(`/items/${item.json.id}`)).json.annotationsCount).toBe(30);
        const bytes = await fetch(`${again.url}/items/${item.json.id}/stream`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(bytes.status).toBe(200);
      } finally {
        await again.close();
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 120_000);
});
