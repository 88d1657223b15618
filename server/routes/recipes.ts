import type { Hono } from 'hono';
import { bestRole, myProjectIds, requireRoleInAll } from '../access.js';
import { type Caller, EDITORS, requireRole } from '../auth/roles.js';
import { type AppEnv, apiBase, csvParam, type Deps, isObject, jsonObject, listPaging } from '../context.js';
import { HttpError } from '../http/errors.js';
import { newId, nowIso } from '../ids.js';
import { paged, withUrl } from '../present.js';
import { pageOf } from '../store/paging.js';
import type { RecipeDoc, Store } from '../store/types.js';
import { loadOntology } from './ontologies.js';

/** Load a recipe the caller can read (any project of it); `write` needs an editor role there. */
async function loadRecipe(store: Store, caller: Caller, id: string, write: boolean): Promise<RecipeDoc> {
  const r = await store.get('recipes', id);
  if (!r) throw new HttpError(404, `recipe ${id} not found`);
  const role = await bestRole(store, caller, r.projectIds);
  if (write) requireRole(role, EDITORS, 'change recipes');
  return r;
}

/** A recipe's `ontologyIds`: a list of ids of ontologies the caller can read (403/404 otherwise). */
async function readableOntologyIds(store: Store, caller: Caller, ids: unknown): Promise<string[]> {
  if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string'))
    throw new HttpError(400, 'ontologyIds: expected a list of ontology ids');
  for (const id of ids) await loadOntology(store, caller, id, false);
  return ids;
}

/** Recipes: get, list, create, update, delete, clone (deep: with copies of its ontologies). */
export function registerRecipeRoutes(app: Hono<AppEnv>, { store }: Deps): void {
  app.get('/recipes/:id', async (c) =>
    c.json(withUrl(await loadRecipe(store, c.get('caller'), c.req.param('id'), false), apiBase(c), 'recipes')),
  );

  app.get('/recipes', async (c) => {
    const mine = new Set(await myProjectIds(store, c.get('caller')));
    const wanted = csvParam(c, 'projects');
    const all = (await store.list('recipes')).filter((r) =>
      r.projectIds.some((p) => mine.has(p) && (!wanted || wanted.includes(p))),
    );
    const paging = listPaging(c);
    return c.json(
      paged(
        all.length,
        paging,
        pageOf(all, paging).map((r) => withUrl(r, apiBase(c), 'recipes')),
      ),
    );
  });

  app.post('/recipes', async (c) => {
    const caller = c.get('caller');
    const body = await jsonObject(c);
    const projectIds = await requireRoleInAll(store, caller, body.projectIds, EDITORS, 'create recipes');
    const ontologyIds = await readableOntologyIds(store, caller, body.ontologyIds ?? []);
    const now = nowIso();
    const r: RecipeDoc = {
      id: newId(),
      creator: caller.email,
      title: typeof body.title === 'string' ? body.title : 'Recipe',
      projectIds,
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
    await store.insert('recipes', r);
    return c.json(withUrl(r, apiBase(c), 'recipes'), 201);
  });

  app.patch('/recipes/:id', async (c) => {
    const caller = c.get('caller');
    const r = await loadRecipe(store, caller, c.req.param('id'), true);
    const body = await jsonObject(c);
    if (body.ontologyIds !== undefined) r.ontologyIds = await readableOntologyIds(store, caller, body.ontologyIds);
    if (body.title !== undefined) {
      if (typeof body.title !== 'string') throw new HttpError(400, 'title: expected a string');
      r.title = body.title;
    }
    for (const k of ['description', 'instructions', 'examples', 'customActions', 'uiSettings'] as const)
      if (body[k] !== undefined) r[k] = body[k];
    if (isObject(body.metadata)) r.metadata = { ...r.metadata, ...body.metadata, system: r.metadata.system };
    r.updatedAt = nowIso();
    r.updatedBy = caller.email;
    await store.replace('recipes', r);
    return c.json(withUrl(r, apiBase(c), 'recipes'));
  });

  app.delete('/recipes/:id', async (c) => {
    await loadRecipe(store, c.get('caller'), c.req.param('id'), true);
    await store.remove('recipes', c.req.param('id'));
    return c.json({ message: 'deleted' });
  });

  app.post('/recipes/:id/clone', async (c) => {
    const caller = c.get('caller');
    const r = await loadRecipe(store, caller, c.req.param('id'), true);
    const body = await jsonObject(c);
    const now = nowIso();
    const copy = await store.transaction(async () => {
      let ontologyIds = r.ontologyIds;
      if (body.shallow !== true) {
        const copies: string[] = [];
        for (const oid of ontologyIds) {
          const o = await store.get('ontologies', oid);
          if (!o) {
            copies.push(oid);
            continue;
          }
          await loadOntology(store, caller, oid, false);
          const oc = { ...structuredClone(o), id: newId(), createdAt: now, updatedAt: now };
          await store.insert('ontologies', oc);
          copies.push(oc.id);
        }
        ontologyIds = copies;
      }
      const rc: RecipeDoc = {
        ...structuredClone(r),
        id: newId(),
        ontologyIds,
        title: `${r.title} (clone)`,
        createdAt: now,
        updatedAt: now,
        creator: caller.email,
      };
      await store.insert('recipes', rc);
      return rc;
    });
    return c.json(withUrl(copy, apiBase(c), 'recipes'), 201);
  });
}
