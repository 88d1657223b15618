import type { Context, Hono } from 'hono';
import { bestRole, myProjectIds, requireRoleInAll } from '../access.js';
import { EDITORS, requireRole, type Caller } from '../auth/roles.js';
import { apiBase, isObject, jsonObject, type AppEnv, type Deps } from '../context.js';
import { HttpError } from '../http/errors.js';
import { newId, nowIso } from '../ids.js';
import { checkAttribute, checkRoots, flattenLabels, removeLabels, upsertLabels, type LabelNode } from '../labels.js';
import { paged, withUrl } from '../present.js';
import type { Doc, Store } from '../store/types.js';

const ontologyProjects = (o: Doc) => ((o.metadata as any)?.system?.projectIds ?? []) as string[];

/** Ontology JSON: stored document, `url`, and the SDK's flat `labels` list. */
export function ontologyJson(o: Doc, base: string): Doc {
  return { ...withUrl(o, base, 'ontologies'), labels: flattenLabels((o.roots ?? []) as LabelNode[]) };
}

function load(store: Store, caller: Caller, id: string, write: boolean): Doc {
  const o = store.get('ontologies', id);
  if (!o) throw new HttpError(404, `ontology ${id} not found`);
  const role = bestRole(store, caller, ontologyProjects(o));
  if (write) requireRole(role, EDITORS, 'change ontologies');
  return o;
}

function paging(c: Context) {
  const pageSize = Math.max(1, Math.min(1000, Number(c.req.query('pageSize') ?? 1000) || 1000));
  const page = Math.max(0, Number(c.req.query('pageOffset') ?? 0) || 0);
  return { page, pageSize };
}

const csv = (v: string | undefined) =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

/** Recipes, ontologies, labels and v2 attributes. */
export function registerOntologyRoutes(app: Hono<AppEnv>, { store }: Deps): void {
  // ---- recipes
  /** A recipe's `ontologyIds`: a list of ids of ontologies the caller can read (403/404 otherwise). */
  const readableOntologyIds = (caller: Caller, ids: unknown): string[] => {
    if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string'))
      throw new HttpError(400, 'ontologyIds: expected a list of ontology ids');
    for (const id of ids) load(store, caller, id, false);
    return ids as string[];
  };
  const loadRecipe = (caller: Caller, id: string, write: boolean) => {
    const r = store.get('recipes', id);
    if (!r) throw new HttpError(404, `recipe ${id} not found`);
    const role = bestRole(store, caller, r.projectIds);
    if (write) requireRole(role, EDITORS, 'change recipes');
    return r;
  };
  app.get('/recipes/:id', (c) =>
    c.json(withUrl(loadRecipe(c.get('caller'), c.req.param('id'), false), apiBase(c), 'recipes')),
  );
  app.get('/recipes', (c) => {
    const mine = new Set(myProjectIds(store, c.get('caller')));
    const wanted = csv(c.req.query('projects'));
    const all = store
      .list('recipes')
      .filter((r) => (r.projectIds as string[]).some((p) => mine.has(p) && (!wanted || wanted.includes(p))));
    const { page, pageSize } = paging(c);
    return c.json(
      paged(
        all.length,
        page,
        pageSize,
        all.slice(page * pageSize, (page + 1) * pageSize).map((r) => withUrl(r, apiBase(c), 'recipes')),
      ),
    );
  });
  app.post('/recipes', async (c) => {
    const caller = c.get('caller');
    const body = await jsonObject(c);
    requireRoleInAll(store, caller, body.projectIds, EDITORS, 'create recipes');
    const ontologyIds = readableOntologyIds(caller, body.ontologyIds ?? []);
    const now = nowIso();
    const r: Doc = {
      id: newId(),
      creator: caller.email,
      title: typeof body.title === 'string' ? body.title : 'Recipe',
      projectIds: body.projectIds,
      description: body.description ?? null,
      ontologyIds,
      instructions: [],
      examples: [],
      customActions: [],
      metadata: { system: {} },
      uiSettings: isObject(body.uiSettings) ? body.uiSettings : { allowObjectIdAutoAssign: true, studioV2App: true },
      createdAt: now,
      updatedAt: now,
      updatedBy: caller.email,
    };
    store.insert('recipes', r);
    return c.json(withUrl(r, apiBase(c), 'recipes'), 201);
  });
  app.patch('/recipes/:id', async (c) => {
    const caller = c.get('caller');
    const r = loadRecipe(caller, c.req.param('id'), true);
    const body = await jsonObject(c);
    if (body.ontologyIds !== undefined) r.ontologyIds = readableOntologyIds(caller, body.ontologyIds);
    for (const k of ['title', 'description', 'instructions', 'examples', 'customActions', 'uiSettings'] as const)
      if (body[k] !== undefined) r[k] = body[k];
    if (isObject(body.metadata))
      r.metadata = { ...(r.metadata as object), ...body.metadata, system: (r.metadata as any).system };
    r.updatedAt = nowIso();
    r.updatedBy = caller.email;
    store.replace('recipes', r);
    return c.json(withUrl(r, apiBase(c), 'recipes'));
  });
  app.delete('/recipes/:id', (c) => {
    loadRecipe(c.get('caller'), c.req.param('id'), true);
    store.remove('recipes', c.req.param('id'));
    return c.json({ message: 'deleted' });
  });
  app.post('/recipes/:id/clone', async (c) => {
    const caller = c.get('caller');
    const r = loadRecipe(caller, c.req.param('id'), true);
    const body = await jsonObject(c);
    const now = nowIso();
    const copy: Doc = store.transaction(() => {
      let ontologyIds = r.ontologyIds as string[];
      if (body.shallow !== true) {
        ontologyIds = ontologyIds.map((oid) => {
          const o = store.get('ontologies', oid);
          if (!o) return oid;
          load(store, caller, oid, false);
          const oc = { ...structuredClone(o), id: newId(), createdAt: now, updatedAt: now };
          store.insert('ontologies', oc);
          return oc.id;
        });
      }
      const rc: Doc = {
        ...structuredClone(r),
        id: newId(),
        ontologyIds,
        title: `${r.title} (clone)`,
        createdAt: now,
        updatedAt: now,
        creator: caller.email,
      };
      store.insert('recipes', rc);
      return rc;
    });
    return c.json(withUrl(copy, apiBase(c), 'recipes'), 201);
  });

  // ---- ontologies
  app.get('/ontologies/:id', (c) =>
    c.json(ontologyJson(load(store, c.get('caller'), c.req.param('id'), false), apiBase(c))),
  );
  app.get('/ontologies/:id/labels', (c) =>
    c.json(flattenLabels((load(store, c.get('caller'), c.req.param('id'), false).roots ?? []) as LabelNode[])),
  );
  app.get('/ontologies', (c) => {
    const mine = new Set(myProjectIds(store, c.get('caller')));
    const wanted = csv(c.req.query('projects'));
    const ids = csv(c.req.query('ids'));
    const all = store
      .list('ontologies')
      .filter(
        (o) =>
          ontologyProjects(o).some((p) => mine.has(p) && (!wanted || wanted.includes(p))) &&
          (!ids || ids.includes(o.id)),
      );
    const { page, pageSize } = paging(c);
    return c.json(
      paged(
        all.length,
        page,
        pageSize,
        all.slice(page * pageSize, (page + 1) * pageSize).map((o) => ontologyJson(o, apiBase(c))),
      ),
    );
  });
  app.post('/ontologies', async (c) => {
    const caller = c.get('caller');
    const body = await jsonObject(c);
    requireRoleInAll(store, caller, body.projectIds, EDITORS, 'create ontologies');
    const roots = checkRoots(body.roots ?? []);
    const attributes = Array.isArray(body.attributes)
      ? body.attributes.map((a, i) => checkAttribute(a, `attributes[${i}]`))
      : [];
    const now = nowIso();
    const o: Doc = {
      id: newId(),
      creator: caller.email,
      title: typeof body.title === 'string' ? body.title : 'Ontology',
      metadata: { system: { projectIds: body.projectIds }, attributes },
      attributes: [],
      roots,
      createdAt: now,
      updatedAt: now,
    };
    store.insert('ontologies', o);
    return c.json(ontologyJson(o, apiBase(c)), 201);
  });
  app.put('/ontologies/:id', async (c) => {
    const caller = c.get('caller');
    const o = load(store, caller, c.req.param('id'), true);
    const body = await jsonObject(c);
    if (body.roots !== undefined) o.roots = checkRoots(body.roots);
    if (typeof body.title === 'string') o.title = body.title;
    if (Array.isArray(body.attributes)) o.attributes = body.attributes;
    if (isObject(body.metadata) && Array.isArray(body.metadata.attributes))
      (o.metadata as any).attributes = body.metadata.attributes.map((a, i) =>
        checkAttribute(a, `metadata.attributes[${i}]`),
      );
    if (c.req.query('system') === 'true' && isObject(body.metadata) && isObject(body.metadata.system)) {
      const pids = body.metadata.system.projectIds;
      if (pids !== undefined) {
        requireRoleInAll(store, caller, pids, EDITORS, 'move ontologies');
        (o.metadata as any).system.projectIds = pids;
      }
    }
    o.updatedAt = nowIso();
    store.replace('ontologies', o);
    return c.json(ontologyJson(o, apiBase(c)));
  });
  app.delete('/ontologies/:id', (c) => {
    load(store, c.get('caller'), c.req.param('id'), true);
    store.remove('ontologies', c.req.param('id'));
    return c.json({ message: 'deleted' });
  });
  const patchLabels = (forceUpsert: boolean) => async (c: Context<AppEnv>) => {
    const o = load(store, c.get('caller'), c.req.param('id')!, true);
    const body = await jsonObject(c);
    const roots = (o.roots ?? []) as LabelNode[];
    upsertLabels(roots, body.labelsNode, forceUpsert || body.upsert === true);
    o.roots = roots;
    o.updatedAt = nowIso();
    store.replace('ontologies', o);
    return c.json(ontologyJson(o, apiBase(c)));
  };
  app.patch('/ontologies/:id/labels', patchLabels(false));
  app.patch('/ontologies/:id/addLabels', patchLabels(false));
  app.delete('/ontologies/:id/labels', async (c) => {
    const o = load(store, c.get('caller'), c.req.param('id'), true);
    const body = await jsonObject(c);
    if (!Array.isArray(body.labels) || !body.labels.every((l) => typeof l === 'string'))
      throw new HttpError(400, 'labels: expected a list of label names');
    const n = removeLabels(o.roots as LabelNode[], body.labels);
    o.updatedAt = nowIso();
    store.replace('ontologies', o);
    return c.json({ ...ontologyJson(o, apiBase(c)), removed: n });
  });
  app.patch('/ontologies/:id/attributes', async (c) => {
    const o = load(store, c.get('caller'), c.req.param('id'), true);
    const body = await jsonObject(c);
    if (!Array.isArray(body.items)) throw new HttpError(400, 'items: expected a list of attribute definitions');
    const list = ((o.metadata as any).attributes ?? []) as Record<string, unknown>[];
    body.items.forEach((raw, i) => {
      const a = checkAttribute(raw, `items[${i}]`);
      const at = list.findIndex((x) => x.key === a.key);
      if (at >= 0 && body.upsert === false)
        throw new HttpError(409, `items[${i}]: attribute "${a.key}" already exists`);
      if (at >= 0) list[at] = a;
      else list.push(a);
    });
    (o.metadata as any).attributes = list;
    o.updatedAt = nowIso();
    store.replace('ontologies', o);
    return c.json(ontologyJson(o, apiBase(c)));
  });
  app.delete('/ontologies/:id/attributes', async (c) => {
    const o = load(store, c.get('caller'), c.req.param('id'), true);
    const body = await jsonObject(c);
    if (!Array.isArray(body.keys)) throw new HttpError(400, 'keys: expected a list of attribute keys');
    const keys = new Set(body.keys);
    (o.metadata as any).attributes = (((o.metadata as any).attributes ?? []) as Record<string, unknown>[]).filter(
      (a) => !keys.has(a.key),
    );
    o.updatedAt = nowIso();
    store.replace('ontologies', o);
    return c.json(ontologyJson(o, apiBase(c)));
  });
}
