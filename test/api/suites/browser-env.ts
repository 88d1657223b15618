// ApiEnv for Chromium tests: URLs and tokens provided by test/setup/server.global.ts.
import { inject } from 'vitest';
import { httpControl } from '../control.js';
import type { ApiEnv } from './env.js';

/** The environment handed over by the browser project's globalSetup. */
export function browserEnv(): ApiEnv {
  const p = inject('dlApi');
  return { proxyUrl: p.proxyUrl, url: p.url, token: p.tokens.owner, control: httpControl(p.controlUrl) };
}
