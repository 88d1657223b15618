import type { Context, Hono } from 'hono';
import { isRole, projectRole, requireRole, ROLES, type Role } from '../auth/roles.js';
import { type AppEnv, apiBase, type Deps, jsonObject } from '../context.js';
import { HttpError } from '../http/errors.js';
import { newId, nowIso } from '../ids.js';
import { withUrl } from '../present.js';
import type { MemberDoc, ProjectDoc, Store } from '../store/types.js';
import { ensureUser } from './users.js';

/** Add or change a member's role in a project. */
export async function setMember(store: Store, projectId: string, userId: string, role: Role): Promise<void> {
  const id = `${projectId}:${userId}`;
  const doc: MemberDoc = { id, projectId, userId, role };
  await store.transaction(async () => {
    if (await store.get('members', id)) await store.replace('members', doc);
    else await store.insert('members', doc);
  });
}

/** 409 when `userId` is the project's only owner (demoting or removing them would orphan it). */
async function keepAnOwner(store: Store, projectId: string, userId: string): Promise<void> {
  const owners = (await store.list('members', { projectId })).filter((m) => m.role === 'owner');
  if (owners.length === 1 && owners[0]!.userId === userId)
    throw new HttpError(409, 'the last owner of a project cannot be demoted or removed');
}

/** Create a project owned by `owner`. */
export async function createProject(
  store: Store,
  owner: { id: string; email: string },
  name: string,
): Promise<ProjectDoc> {
  const now = nowIso();
  const project: ProjectDoc = {
    id: newId(),
    name,
    creator: owner.email,
    createdAt: now,
    updatedAt: now,
    org: null,
    account: null,
    isBlocked: false,
    archived: false,
    featureConstraints: [],
  };
  await store.transaction(async () => {
    await store.insert('projects', project);
    await setMember(store, project.id, owner.id, 'owner');
  });
  return project;
}

async function contributors(store: Store, projectId: string) {
  const out = [];
  for (const m of await store.list('members', { projectId })) {
    const u = await store.get('users', m.userId);
    out.push({ id: m.userId, email: u?.email, username: u?.email, role: m.role });
  }
  return out;
}

/** Projects and their members. */
export function registerProjectRoutes(app: Hono<AppEnv>, { store }: Deps): void {
  const out = async (c: Context, p: ProjectDoc, role: Role) => ({
    ...withUrl(p, apiBase(c), 'projects'),
    role,
    contributors: await contributors(store, p.id),
  });

  app.get('/projects', async (c) => {
    const caller = c.get('caller');
    const answer = [];
    for (const m of await store.list('members', { userId: caller.id })) {
      const p = await store.get('projects', m.projectId);
      if (p) answer.push(await out(c, p, m.role));
    }
    return c.json(answer);
  });

  app.post('/projects', async (c) => {
    const caller = c.get('caller');
    const ct = c.req.header('content-type') ?? '';
    let name: unknown;
    if (ct.includes('application/x-www-form-urlencoded') || ct.includes('multipart/form-data'))
      name = (await c.req.parseBody()).name;
    else name = (await jsonObject(c)).name;
    if (typeof name !== 'string' || !name.trim() || name.length > 256)
      throw new HttpError(400, 'name: expected a non-empty string');
    await ensureUser(store, caller.email);
    const p = await createProject(store, caller, name.trim());
    return c.json(await out(c, p, 'owner'), 201);
  });

  app.get('/projects/:name/name', async (c) => {
    const caller = c.get('caller');
    const name = c.req.param('name');
    const found = [];
    for (const p of await store.list('projects', { name })) {
      const m = await store.get('members', `${p.id}:${caller.id}`);
      if (p.name === name && m) found.push(await out(c, p, m.role));
    }
    return c.json(found);
  });

  app.get('/projects/:id', async (c) => {
    const id = c.req.param('id');
    const role = await projectRole(store, c.get('caller'), id);
    return c.json(await out(c, (await store.get('projects', id))!, role));
  });

  app.patch('/projects/:id', async (c) => {
    const id = c.req.param('id');
    requireRole(await projectRole(store, c.get('caller'), id), ['owner'], 'change the project');
    const body = await jsonObject(c);
    if (body.name !== undefined && (typeof body.name !== 'string' || !body.name.trim()))
      throw new HttpError(400, 'name: expected a non-empty string');
    const p = await store.transaction(async () => {
      const p = (await store.get('projects', id))!;
      if (body.name !== undefined) p.name = body.name as string;
      p.updatedAt = nowIso();
      await store.replace('projects', p);
      return p;
    });
    return c.json(await out(c, p, 'owner'));
  });

  app.delete('/projects/:id', async (c) => {
    const id = c.req.param('id');
    requireRole(await projectRole(store, c.get('caller'), id), ['owner'], 'delete the project');
    await store.transaction(async () => {
      if ((await store.list('datasets', { projectId: id })).length)
        throw new HttpError(409, 'delete the project datasets first');
      for (const m of await store.list('members', { projectId: id })) await store.remove('members', m.id);
      await store.remove('projects', id);
    });
    return c.json({ message: 'deleted' });
  });

  app.get('/projects/:id/members', async (c) => {
    const id = c.req.param('id');
    await projectRole(store, c.get('caller'), id);
    return c.json(await contributors(store, id));
  });

  const putMember = (status: 200 | 201) => async (c: Context<AppEnv>) => {
    const id = c.req.param('id')!;
    requireRole(await projectRole(store, c.get('caller'), id), ['owner'], 'manage members');
    const body = await jsonObject(c);
    const role = body.role ?? 'annotator';
    if (!isRole(role)) throw new HttpError(400, `role: expected one of ${ROLES.join(', ')}`);
    const email = c.req.param('email')!;
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new HttpError(400, 'email: not an email address');
    // PATCH changes a member; it does not add one.
    if (status === 200) {
      let found = false;
      for (const u of await store.list('users', { email }))
        if (await store.get('members', `${id}:${u.id}`)) found = true;
      if (!found) throw new HttpError(404, 'member not found');
    }
    const user = await ensureUser(store, email);
    await store.transaction(
      async () => {
        if (role !== 'owner') await keepAnOwner(store, id, user.id);
        await setMember(store, id, user.id, role);
      },
      { serializeOn: [`project:${id}:members`] }, // the last-owner rule reads every member
    );
    return c.json({ id: user.id, email, role }, status);
  };
  // POST adds (or changes) a member, PATCH changes the role (the SDK's update_member).
  app.post('/projects/:id/members/:email', putMember(201));
  app.patch('/projects/:id/members/:email', putMember(200));

  app.delete('/projects/:id/members/:email', async (c) => {
    const id = c.req.param('id');
    requireRole(await projectRole(store, c.get('caller'), id), ['owner'], 'manage members');
    const user = (await store.list('users', { email: c.req.param('email') }))[0];
    await store.transaction(
      async () => {
        if (user) await keepAnOwner(store, id, user.id);
        if (!user || !(await store.remove('members', `${id}:${user.id}`))) throw new HttpError(404, 'member not found');
      },
      { serializeOn: [`project:${id}:members`] },
    );
    return c.json({ message: 'deleted' });
  });
}
