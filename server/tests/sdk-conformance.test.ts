// The platform's own client as proof of the contract: the real dtlpy 1.124.2 SDK (kept outside the
// repository, see server/README.md) runs the workflows in server/sdk-conformance/wf_*.py against a
// server on a loopback port. Each workflow asserts what it reads back through the SDK; here each
// one is a test that passes when its script finished without an error.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SUITE = resolve(HERE, '../sdk-conformance');
const SDK_DIR = 'dtlpy-1.124.2';

/** The vendored SDK: `DTLPY_SDK_PATH`, else the nearest `shared/vendor/dtlpy-1.124.2` above the repository. */
function findSdk(): string | undefined {
  const given = process.env.DTLPY_SDK_PATH;
  if (given) return existsSync(join(given, 'dtlpy', '__init__.py')) ? given : undefined;
  for (let dir = resolve(HERE, '../..'); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'vendor', SDK_DIR);
    if (existsSync(join(candidate, 'dtlpy', '__init__.py'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The Python with Debian's packages (`DTLPY_PYTHON`, else /usr/bin/python3, else python3 on PATH). */
const PYTHON = process.env.DTLPY_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

/** Why the suite cannot run here, or undefined when it can. */
function missing(sdk: string | undefined): string | undefined {
  if (!sdk) return `the dtlpy SDK was not found (set DTLPY_SDK_PATH or put it at ../shared/vendor/${SDK_DIR})`;
  const probe = spawnSync(PYTHON, ['-c', 'import requests, numpy, cv2, PIL, aiohttp, attr, jwt, tqdm, pandas'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (probe.error) return `${PYTHON} cannot run (${probe.error.message})`;
  if (probe.status !== 0)
    return `${PYTHON} lacks the SDK's packages (.ci/run installs them): ${probe.stderr.trim().split('\n').pop()}`;
  return undefined;
}

/** Workflow names, read from the scripts (`def wf_<name>(`) so every workflow is a test of its own. */
const WORKFLOWS = readdirSync(SUITE)
  .filter((f) => /^wf_.*\.py$/.test(f))
  .sort()
  .flatMap((f) => [...readFileSync(join(SUITE, f), 'utf8').matchAll(/^def wf_(\w+)\(/gm)].map((m) => m[1]!));

interface Outcome {
  name: string;
  ok: boolean;
  error: string | null;
  seconds: number;
}

const SDK = findSdk();
const SKIP = missing(SDK);
if (SKIP) console.log(`[sdk-conformance] skipped: ${SKIP}`);

describe.skipIf(SKIP !== undefined)('dtlpy 1.124.2 against the local server', () => {
  let srv: TestServer;
  let child: ChildProcess | undefined;
  const outcomes = new Map<string, Outcome>();
  let log = '';

  beforeAll(async () => {
    srv = await startTestServer();
    const roles = ['owner', 'manager', 'annotator1', 'annotator2'] as const;
    child = spawn(PYTHON, [join(SUITE, 'run.py')], {
      cwd: SUITE,
      env: {
        ...process.env,
        PYTHONPATH: [SDK, join(SDK!, 'pydeps')].join(':'),
        PYTHONDONTWRITEBYTECODE: '1',
        DLKIT_URL: srv.url,
        DLKIT_TOKENS: roles.map((r) => `${r}=${srv.tokens[r]}`).join(','),
        DLKIT_EMAILS: roles.map((r) => `${r}=${srv.users[r].email}`).join(','),
        DLKIT_PROJECT_NAME: 'Test project',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      log += d;
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      log += d;
    });
    const code = await new Promise<number | null>((done) => child!.on('close', done));
    child = undefined;
    for (const line of log.split('\n'))
      if (line.startsWith('@@dlkit ')) {
        const o = JSON.parse(line.slice(8)) as Outcome;
        outcomes.set(o.name, o);
      }
    if (code !== 0 && !outcomes.size) throw new Error(`run.py exited ${code}:\n${log.slice(-4000)}`);
  }, 300_000);

  afterAll(async () => {
    child?.kill('SIGKILL');
    await srv?.close();
  });

  it('finds the workflows', () => {
    expect(WORKFLOWS.length).toBeGreaterThan(15);
    expect(new Set(WORKFLOWS).size).toBe(WORKFLOWS.length);
  });

  it.each(WORKFLOWS)('%s', (name) => {
    const o = outcomes.get(name);
    expect(o, `workflow ${name} did not report (run.py output:\n${log.slice(-3000)})`).toBeDefined();
    expect(o!.error ?? '', name).toBe('');
    expect(o!.ok).toBe(true);
  });
});
