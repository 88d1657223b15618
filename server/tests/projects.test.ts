// Projects and the app without a socket: health, 401s, the caller's projects, form-encoded create.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

describe('app.request (no socket)', () => {
  it('answers health without a token and 401 JSON without one elsewhere', async () => {
    const app = srv.server.app;
    const h = await app.request('/health');
    expect(h.status).toBe(200);
    expect((await app.request('/api/v1/health')).status).toBe(200);
    const r = await app.request('/api/v1/projects');
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({
      message: 'missing bearer token',
      code: 'missing-token',
      requestId: r.headers.get('x-request-id'),
    });
    const bad = await app.request('/api/v1/projects', { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
  });

  it('lists the caller projects with their role', async () => {
    const r = await srv.server.app.request('/api/v1/projects', {
      headers: { authorization: `Bearer ${srv.tokens.annotator1}` },
    });
    const body = (await r.json()) as any[];
    expect(body.map((p) => [p.id, p.role])).toEqual([[srv.projectId, 'annotator']]);
  });

  it('creates a project from a form-encoded body', async () => {
    const r = await srv.server.app.request('/projects', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${srv.tokens.annotator2}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'name=Mine',
    });
    expect(r.status).toBe(201);
    const p = (await r.json()) as any;
    expect([p.name, p.role, p.creator]).toEqual(['Mine', 'owner', srv.users.annotator2.email]);
  });
});
