import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp, DEFAULT_LIMITS } from '../app.js';
import { parseByteSize } from '../byte-size.js';

describe('upload limit', () => {
  it('defaults to 256 MiB', () => {
    expect(DEFAULT_LIMITS.uploadBytes).toBe(256 * 1024 * 1024);
  });

  it('parseByteSize reads plain bytes and binary/decimal units; junk is an error naming the input', () => {
    expect(parseByteSize('1048576')).toBe(1048576);
    expect(parseByteSize('512KiB')).toBe(512 * 1024);
    expect(parseByteSize('256 MiB')).toBe(268435456);
    expect(parseByteSize('2g')).toBe(2 * 1024 ** 3); // single letters are binary, as in `ulimit`/nginx
    expect(parseByteSize('1.5MB')).toBe(1_500_000);
    for (const bad of ['', 'abc', '-1', '10XB', '0', 'NaN'])
      expect(() => parseByteSize(bad)).toThrow(/max-upload|size/);
  });

  it('the CLI takes --max-upload and refuses a bigger upload with 413', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dlkit-limit-'));
    const h = createApp({ dataDir });
    const token = await h.issueToken('limit@dlkit.test');
    h.close();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/cli.ts', '--data', dataDir, '--port', '0', '--max-upload', '1KiB'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const m = /on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`cli exited ${code}: ${out}`)));
      });
      const fd = new FormData();
      fd.append('type', 'file');
      fd.append('file', new Blob([new Uint8Array(4096)], { type: 'image/png' }), 'big.png');
      const r = await fetch(`${url}/datasets/000000000000000000000000/items`, {
        method: 'POST',
        body: fd,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(r.status).toBe(413);
      expect((await r.json()).message).toMatch(/1024 bytes/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('the CLI rejects a malformed --max-upload with exit code 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', '--max-upload', 'lots'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(2);
    expect(err).toMatch(/--max-upload/);
  }, 30_000);
});
