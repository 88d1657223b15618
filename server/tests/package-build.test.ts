// The published package runs the server without tsx: tsconfig.server.json compiles server/ (and
// the entity code it imports) to plain JS, package.json's `bin` and `./server` export point there,
// and the compiled CLI starts, answers /health and refuses an unauthenticated call.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
// Inside the repo (gitignored dist-*/) so the compiled files resolve node_modules like the package would.
const out = mkdtempSync(join(root, 'dist-server-test-'));
let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(out, { recursive: true, force: true });
});

describe('compiled server', () => {
  it('package.json points bin and ./server at the tsconfig.server.json output', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const cfg = JSON.parse(readFileSync(join(root, 'tsconfig.server.json'), 'utf8'));
    expect(pkg.bin['dl-kit-server']).toBe(`./${cfg.compilerOptions.outDir}/server/cli.js`);
    expect(pkg.exports['./server'].import).toBe(`./${cfg.compilerOptions.outDir}/server/index.js`);
    expect(pkg.files).toContain('dist');
    expect(cfg.compilerOptions.outDir.startsWith('dist/')).toBe(true);
    expect(readFileSync(join(root, 'scripts/build.mjs'), 'utf8')).toContain('tsconfig.server.json');
  });

  it('compiles with tsc and the CLI starts with node alone', async () => {
    const tsc = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/typescript/bin/tsc'),
        '-p',
        join(root, 'tsconfig.server.json'),
        '--outDir',
        join(out, 'build'),
        '--declaration',
        'false',
        '--declarationMap',
        'false',
        '--sourceMap',
        'false',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    const cli = join(out, 'build/server/cli.js');
    expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    expect(existsSync(join(out, 'build/src/entities/annotations/index.js'))).toBe(true);
    child = spawn(process.execPath, [cli, '--data', join(out, 'data'), '--port', '0'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((res, rej) => {
      let text = '';
      const timer = setTimeout(() => rej(new Error(`no start line: ${text}`)), 60_000);
      child!.stdout!.on('data', (d) => {
        text += d;
        const m = /on (http:\/\/\S+)/.exec(text);
        if (m) {
          clearTimeout(timer);
          res(m[1]!);
        }
      });
      child!.stderr!.on('data', (d) => (text += d));
      child!.on('exit', (code) => rej(new Error(`exited ${code}: ${text}`)));
    });
    expect((await (await fetch(`${url}/health`)).json()).status).toBe('ok');
    expect((await fetch(`${url}/projects`)).status).toBe(401);
  }, 180_000);
});
