import { HttpError } from '../http/errors.js';
import { datasetProjectId, type MemberRole, refsOf } from '../store/docs.js';
import type { DatasetDoc, ItemDoc, Store } from '../store/types.js';

/** Project roles (spec §8 MemberRole). */
export type Role = MemberRole;
export const ROLES: readonly Role[] = ['owner', 'engineer', 'annotationManager', 'annotator'];

/** Whether a value names a role. */
export const isRole = (v: unknown): v is Role => (ROLES as readonly unknown[]).includes(v);

/** Roles allowed to change datasets, items, ontologies, recipes and tasks. */
export const EDITORS: readonly Role[] = ['owner', 'engineer'];
/** Roles that manage assignments (reassign, redistribute, item status for any assignment). */
export const MANAGERS: readonly Role[] = ['owner', 'engineer', 'annotationManager'];

/** The authenticated caller. */
export interface Caller {
  id: string;
  email: string;
}

/** Role of `caller` in a project; 403 when not a member, 404 when the project does not exist. */
export async function projectRole(store: Store, caller: Caller, projectId: string): Promise<Role> {
  if (!(await store.get('projects', projectId))) throw new HttpError(404, `project ${projectId} not found`);
  const m = await store.get('members', `${projectId}:${caller.id}`);
  if (!m) throw new HttpError(403, 'not a member of this project');
  return m.role;
}

/** Throw 403 unless `role` is one of `allowed`. */
export function requireRole(role: Role, allowed: readonly Role[], action: string): void {
  if (!allowed.includes(role)) throw new HttpError(403, `role ${role} may not ${action}`);
}

/** Assignment ids of `caller` in a project (what an annotator may see). */
export async function annotatorRefIds(store: Store, caller: Caller, projectId: string): Promise<string[]> {
  return (await store.list('assignments', { projectId })).filter((a) => a.annotator === caller.email).map((a) => a.id);
}

/**
 * Throw 403 `{ code: 'dataset-readonly' }` when the dataset is read-only (`readonly: true`): no
 * item or annotation of it may be created, changed or deleted. Reads the dataset afresh, so call
 * it after the last `await` of a handler, right before writing (nothing can toggle it in between).
 */
export async function requireWritable(store: Store, datasetId: string): Promise<void> {
  checkWritable(await store.get('datasets', datasetId), datasetId);
}

/** {@link requireWritable} on a dataset already read (`undefined`: not found, nothing to refuse). */
export function checkWritable(dataset: DatasetDoc | undefined, datasetId: string): void {
  if (dataset?.readonly === true)
    throw new HttpError(403, `dataset ${datasetId} is read-only`, { code: 'dataset-readonly' });
}

/** Load a dataset and the caller's role in its project. */
export async function datasetAccess(
  store: Store,
  caller: Caller,
  datasetId: string,
): Promise<{ dataset: DatasetDoc; role: Role; projectId: string }> {
  const dataset = await store.get('datasets', datasetId);
  if (!dataset) throw new HttpError(404, `dataset ${datasetId} not found`);
  const projectId = datasetProjectId(dataset);
  return { dataset, role: await projectRole(store, caller, projectId), projectId };
}

/**
 * Load an item and check the caller may see it: annotators only see items that carry a ref to
 * one of their own assignments (403 otherwise).
 */
export async function itemAccess(
  store: Store,
  caller: Caller,
  itemId: string,
): Promise<{ item: ItemDoc; role: Role; projectId: string }> {
  const item = await store.get('items', itemId);
  if (!item) throw new HttpError(404, `item ${itemId} not found`);
  const { role, projectId } = await datasetAccess(store, caller, item.datasetId);
  if (role === 'annotator') {
    const mine = new Set(await annotatorRefIds(store, caller, projectId));
    if (!refsOf(item).some((r) => mine.has(r.id))) throw new HttpError(403, 'item is not in your assignments');
  }
  return { item, role, projectId };
}
