import type { Context, Hono } from 'hono';
import { isRole, projectRole, requireRole, ROLES, type Role } from '../auth/roles.js';
import { type AppEnv, apiBase, type Deps, jsonObject } from '../context.js';
import { HttpError } from '../http/errors.js';
import { newId, nowIso } from '../ids.js';
import { withUrl } from '../present.js';
import type { MemberDoc, ProjectDoc, Store } from '../store/types.js';
import { ensureUser } from './users.js';

/** Add or change a member's role in a project. */
export function setMember(store: Store, projectId: string, userId: string, role: Role): void {
  const id = `${projectId}:${userId}`;
  const doc: MemberDoc = { id, projectId, userId, role };
  if (store.get('members', id)) store.replace('members', doc);
  else store.insert('members', doc);
}

/** 409 when `userId` is the project's only owner (demoting or removing them would orphan it). */
function keepAnOwner(store: Store, projectId: string, userId: string): void {
  const owners = store.list('members', { projectId }).filter((m) => m.role === 'owner');
  if (owners.length === 1 && owners[0]!.userId === userId)
    throw new HttpError(409, 'the last owner of a project cannot be demoted or removed');
}

/** Create a project owned by `owner`. */
export function createProject(store: Store, owner: { id: string; email: string }, name: string): ProjectDoc {
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
  store.transaction(() => {
    store.insert('projects', project);
    setMember(store, project.id, owner.id, 'owner');
  });
  return project;
}

function contributors(store: Store, projectId: string) {
  return store.list('members', { projectId }).map((m) => {
    const u = store.get('users', m.userId);
    return { id: m.userId, email: u?.email, username: u?.email, role: m.role };
  });
}

/** Projects and their members. */
export function registerProjectRoutes(app: Hono<AppEnv>, { store }: Deps): void {
  const out = (c: Context, p: ProjectDoc, role: Role) => ({
    ...withUrl(p, apiBase(c), 'projects'),
    role,
    contributors: contributors(store, p.id),
  });

  app.get('/projects', (c) => {
    const caller = c.get('caller');
    const mine = store.list('members', { userId: caller.id });
    return c.json(
      mine
        .map((m) => ({ p: store.get('projects', m.projectId), role: m.role }))
        .filter((x) => x.p)
        .map((x) => out(c, x.p!, x.role)),
    );
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
    ensureUser(store, caller.email);
    const p = createProject(store, caller, name.trim());
    return c.json(out(c, p, 'owner'), 201);
  });

  app.get('/projects/:name/name', (c) => {
    const caller = c.get('caller');
    const name = c.req.param('name');
    const found = store
      .list('projects')
      .filter((p) => p.name === name && store.get('members', `${p.id}:${caller.id}`))
      .map((p) => out(c, p, store.get('members', `${p.id}:${caller.id}`)!.role));
    return c.json(found);
  });

  app.get('/projects/:id', (c) => {
    const id = c.req.param('id');
    const role = projectRole(store, c.get('caller'), id);
    return c.json(out(c, store.get('projects', id)!, role));
  });

  app.patch('/projects/:id', async (c) => {
    const id = c.req.param('id');
    requireRole(projectRole(store, c.get('caller'), id), ['owner'], 'change the project');
    const body = await jsonObject(c);
    const p = store.get('projects', id)!;
    if (body.name !== undefined) {
      if (typeof body.name !== 'string' || !body.name.trim())
        throw new HttpError(400, 'name: expected a non-empty string');
      p.name = body.name;
    }
    p.updatedAt = nowIso();
    store.replace('projects', p);
    return c.json(out(c, p, 'owner'));
  });

  app.delete('/projects/:id', (c) => {
    const id = c.req.param('id');
    requireRole(projectRole(store, c.get('caller'), id), ['owner'], 'delete the project');
    if (store.list('datasets', { projectId: id }).length) throw new HttpError(409, 'delete the project datasets first');
    store.transaction(() => {
      for (const m of store.list('members', { projectId: id })) store.remove('members', m.id);
      store.remove('projects', id);
    });
    return c.json({ message: 'deleted' });
  });

  app.get('/projects/:id/members', (c) => {
    const id = c.req.param('id');
    projectRole(store, c.get('caller'), id);
    return c.json(contributors(store, id));
  });

  const putMember = (status: 200 | 201) => async (c: Context<AppEnv>) => {
    const id = c.req.param('id')!;
    requireRole(projectRole(store, c.get('caller'), id), ['owner'], 'manage members');
    const body = await jsonObject(c);
    const role = body.role ?? 'annotator';
    if (!isRole(role)) throw new HttpError(400, `role: expected one of ${ROLES.join(', ')}`);
    const email = c.req.param('email')!;
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new HttpError(400, 'email: not an email address');
    // PATCH changes a member; it does not add one.
    if (status === 200 && !store.list('users', { email }).some((u) => store.get('members', `${id}:${u.id}`)))
      throw new HttpError(404, 'member not found');
    const user = ensureUser(store, email);
    if (role !== 'owner') keepAnOwner(store, id, user.id);
    setMember(store, id, user.id, role);
    return c.json({ id: user.id, email, role }, status);
  };
  // POST adds (or changes) a member, PATCH changes the role (the SDK's update_member).
  app.post('/projects/:id/members/:email', putMember(201));
  app.patch('/projects/:id/members/:email', putMember(200));

  app.delete('/projects/:id/members/:email', (c) => {
    const id = c.req.param('id');
    requireRole(projectRole(store, c.get('caller'), id), ['owner'], 'manage members');
    const user = store.list('users', { email: c.req.param('email') })[0];
    if (user) keepAnOwner(store, id, user.id);
    if (!user || !store.remove('members', `${id}:${user.id}`)) throw new HttpError(404, 'member not found');
    return c.json({ message: 'deleted' });
  });
}
