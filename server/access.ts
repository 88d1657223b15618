import { HttpError } from './http/errors.js';
import { ROLES, type Caller, type Role } from './auth/roles.js';
import type { Store } from './store/types.js';

/**
 * The strongest role the caller holds in any of `projectIds` (recipes and ontologies may be
 * shared by several projects). 403 when a member of none.
 */
export async function bestRole(store: Store, caller: Caller, projectIds: readonly string[]): Promise<Role> {
  let best: Role | undefined;
  for (const p of Array.isArray(projectIds) ? projectIds : []) {
    const m = await store.get('members', `${p}:${caller.id}`);
    if (m && (!best || ROLES.indexOf(m.role) < ROLES.indexOf(best))) best = m.role;
  }
  if (!best) throw new HttpError(403, 'not a member of this project');
  return best;
}

/**
 * Throw unless the caller holds one of `allowed` in EVERY project of `projectIds` (creating or
 * moving a shared recipe/ontology into a project needs the right there, not just somewhere).
 * Returns the checked list.
 */
export async function requireRoleInAll(
  store: Store,
  caller: Caller,
  projectIds: unknown,
  allowed: readonly Role[],
  action: string,
): Promise<string[]> {
  if (!Array.isArray(projectIds) || !projectIds.length || !projectIds.every((p) => typeof p === 'string'))
    throw new HttpError(400, 'projectIds: expected a non-empty list of project ids');
  for (const p of projectIds) {
    const m = await store.get('members', `${p}:${caller.id}`);
    if (!m) throw new HttpError(403, `not a member of project ${p}`);
    if (!allowed.includes(m.role)) throw new HttpError(403, `role ${m.role} may not ${action} in project ${p}`);
  }
  return projectIds;
}

/** Project ids where the caller is a member. */
export async function myProjectIds(store: Store, caller: Caller): Promise<string[]> {
  return (await store.list('members', { userId: caller.id })).map((m) => m.projectId);
}
