import type { Hono } from 'hono';
import type { AppEnv, Deps } from '../context.js';

/**
 * `POST /sdk/check`: the dtlpy SDK's background version check (form fields `version`, `email`).
 * The platform answers `{level, msg}`, which the SDK logs at that level; this server never has a
 * newer SDK to recommend, so it answers "up to date" at `debug` (the SDK stays quiet).
 */
export function registerSdkRoutes(app: Hono<AppEnv>, _deps: Deps): void {
  app.post('/sdk/check', async (c) => {
    const ct = c.req.header('content-type') ?? '';
    const form = /form/i.test(ct) ? await c.req.parseBody() : {};
    const version = typeof form.version === 'string' ? form.version.slice(0, 40) : 'this version';
    return c.json({ level: 'debug', msg: `dtlpy ${version} is up to date for this server` });
  });
}
