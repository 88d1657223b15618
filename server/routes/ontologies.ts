import type { Context, Hono } from 'hono';
import { bestRole, myProjectIds, requireRoleInAll } from '../access.js';
import { type Caller, EDITORS, requireRole } from '../auth/roles.js';
import { type AppEnv, apiBase, csvParam, type Deps, isObject, jsonObject, listPaging } from '../context.js';
import { HttpError } from '../http/errors.js';
import { newId, nowIso } from '../ids.js';
import { checkAttribute, checkRoots, flattenLabels, removeLabels, upsertLabels } from '../labels.js';
import { type EntityJson, paged, withUrl } from '../present.js';
import { ontologyAttributes, ontologyProjectIds } from '../store/docs.js';
import { pageOf } from '../store/paging.js';
import type { OntologyDoc, Store } from '../store/types.js';

/** Ontology JSON: stored document, `url`, and the SDK's flat `labels` list. */
export function ontologyJson(o: OntologyDoc, base: string): EntityJson {
  return { ...withUrl(o, base, 'ontologies'), labels: flattenLabels(o.roots ?? []) };
}

/** Load an ontology the caller can read (any project of it); `write` needs an editor role there. */
export async function loadOntology(store: Store, caller: Caller, id: string, write: boolean): Promise<OntologyDoc> {
  const o = await store.get('ontologies', id);
  if (!o) throw new HttpError(404, `ontology ${id} not found`);
  const role = await bestRole(store, caller, ontologyProjectIds(o));
  if (write) requireRole(role, EDITORS, 'change ontologies');
  return o;
}

/** Ontologies, their labels (tree and flat) and v2 attributes. */
export function registerOntologyRoutes(app: Hono<AppEnv>, { store }: Deps): void {
  const load = (c: Context<AppEnv>, write: boolean) => loadOntology(store, c.get('caller'), c.req.param('id')!, write);
  const save = async (c: Context<AppEnv>, o: OntologyDoc) => {
    o.updatedAt = nowIso();
    await store.replace('ontologies', o);
    return c.json(ontologyJson(o, apiBase(c)));
  };

  app.get('/ontologies/:id', async (c) => c.json(ontologyJson(await load(c, false), apiBase(c))));
  app.get('/ontologies/:id/labels', async (c) => c.json(flattenLabels((await load(c, false)).roots ?? [])));

  app.get('/ontologies', async (c) => {
    const mine = new Set(await myProjectIds(store, c.get('caller')));
    const wanted = csvParam(c, 'projects');
    const ids = csvParam(c, 'ids');
    const all = (await store.list('ontologies')).filter(
      (o) =>
        ontologyProjectIds(o).some((p) => mine.has(p) && (!wanted || wanted.includes(p))) &&
        (!ids || ids.includes(o.id)),
    );
    const paging = listPaging(c);
    return c.json(
      paged(
        all.length,
        paging,
        pageOf(all, paging).map((o) => ontologyJson(o, apiBase(c))),
      ),
    );
  });

  app.post('/ontologies', async (c) => {
    const caller = c.get('caller');
    const body = await jsonObject(c);
    const projectIds = await requireRoleInAll(store, caller, body.projectIds, EDITORS, 'create ontologies');
    const roots = checkRoots(body.roots ?? []);
    const attributes = Array.isArray(body.attributes)
      ? body.attributes.map((a, i) => checkAttribute(a, `attributes[${i}]`))
      : [];
    const now = nowIso();
    const o: OntologyDoc = {
      id: newId(),
      creator: caller.email,
      title: typeof body.title === 'string' ? body.title : 'Ontology',
      metadata: { system: { projectIds }, attributes },
      attributes: [],
      roots,
      createdAt: now,
      updatedAt: now,
    };
    await store.insert('ontologies', o);
    return c.json(ontologyJson(o, apiBase(c)), 201);
  });

  app.put('/ontologies/:id', async (c) => {
    const caller = c.get('caller');
    const o = await load(c, true);
    const body = await jsonObject(c);
    if (body.roots !== undefined) o.roots = checkRoots(body.roots);
    if (typeof body.title === 'string') o.title = body.title;
    if (Array.isArray(body.attributes)) o.attributes = body.attributes;
    if (isObject(body.metadata) && Array.isArray(body.metadata.attributes))
      o.metadata.attributes = body.metadata.attributes.map((a, i) => checkAttribute(a, `metadata.attributes[${i}]`));
    if (c.req.query('system') === 'true' && isObject(body.metadata) && isObject(body.metadata.system)) {
      const pids = body.metadata.system.projectIds;
      if (pids !== undefined)
        o.metadata.system.projectIds = await requireRoleInAll(store, caller, pids, EDITORS, 'move ontologies');
    }
    return save(c, o);
  });

  app.delete('/ontologies/:id', async (c) => {
    await load(c, true);
    await store.remove('ontologies', c.req.param('id'));
    return c.json({ message: 'deleted' });
  });

  const patchLabels = (forceUpsert: boolean) => async (c: Context<AppEnv>) => {
    const o = await load(c, true);
    const body = await jsonObject(c);
    const roots = o.roots ?? [];
    upsertLabels(roots, body.labelsNode, forceUpsert || body.upsert === true);
    o.roots = roots;
    return save(c, o);
  };
  app.patch('/ontologies/:id/labels', patchLabels(false));
  app.patch('/ontologies/:id/addLabels', patchLabels(false));

  app.delete('/ontologies/:id/labels', async (c) => {
    const o = await load(c, true);
    const body = await jsonObject(c);
    if (!Array.isArray(body.labels) || !body.labels.every((l) => typeof l === 'string'))
      throw new HttpError(400, 'labels: expected a list of label names');
    const n = removeLabels(o.roots ?? [], body.labels);
    o.updatedAt = nowIso();
    await store.replace('ontologies', o);
    return c.json({ ...ontologyJson(o, apiBase(c)), removed: n });
  });

  app.patch('/ontologies/:id/attributes', async (c) => {
    const o = await load(c, true);
    const body = await jsonObject(c);
    if (!Array.isArray(body.items)) throw new HttpError(400, 'items: expected a list of attribute definitions');
    const list = ontologyAttributes(o);
    body.items.forEach((raw, i) => {
      const a = checkAttribute(raw, `items[${i}]`);
      const at = list.findIndex((x) => x.key === a.key);
      if (at >= 0 && body.upsert === false)
        throw new HttpError(409, `items[${i}]: attribute "${a.key}" already exists`);
      if (at >= 0) list[at] = a;
      else list.push(a);
    });
    return save(c, o);
  });

  app.delete('/ontologies/:id/attributes', async (c) => {
    const o = await load(c, true);
    const body = await jsonObject(c);
    if (!Array.isArray(body.keys)) throw new HttpError(400, 'keys: expected a list of attribute keys');
    const keys = new Set(body.keys);
    o.metadata.attributes = ontologyAttributes(o).filter((a) => !keys.has(a.key));
    return save(c, o);
  });
}
