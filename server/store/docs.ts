/**
 * The documents the server keeps, typed. Stored JSON keeps every key a client sent (the platform's
 * entities carry more than the server reads), so each type lists what the server writes and reads
 * and allows the rest through its index signature. The accessors at the end read nested metadata
 * defensively: a document written by an older version, or changed through `?system=true`, may
 * lack a key the types promise.
 */

/** Collections the server keeps. Each holds JSON documents with a 24-hex `id`. */
export type Collection =
  | 'users'
  | 'projects'
  | 'members'
  | 'datasets'
  | 'items'
  | 'annotations'
  | 'recipes'
  | 'ontologies'
  | 'tasks'
  | 'assignments'
  | 'commands';

/** A stored JSON document of any collection. */
export type Doc = { id: string; [key: string]: unknown };

/** Project roles (spec §8 MemberRole). */
export type MemberRole = 'owner' | 'engineer' | 'annotationManager' | 'annotator';

/** A user (one per email). */
export interface UserDoc extends Doc {
  email: string;
  name?: string;
  createdAt?: string;
}

/** Membership of a user in a project; the id is `<projectId>:<userId>`. */
export interface MemberDoc extends Doc {
  projectId: string;
  userId: string;
  role: MemberRole;
}

/** A project. */
export interface ProjectDoc extends Doc {
  name: string;
  creator: string;
  createdAt: string;
  updatedAt: string;
}

/** `metadata` of a dataset. */
export interface DatasetMetadata {
  system: { recipes?: string[]; [key: string]: unknown };
  [key: string]: unknown;
}

/** A dataset; `projects[0]` is its project. */
export interface DatasetDoc extends Doc {
  name: string;
  creator: string;
  projects: string[];
  metadata: DatasetMetadata;
  readonly: boolean;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

/** One entry of an item's `metadata.system.refs`: membership in a task or an assignment. */
export interface ItemRef {
  type: 'task' | 'assignment';
  id: string;
  metadata?: { status?: string | null; [key: string]: unknown };
}

/** One entry of `metadata.system.taskStatusLog`. */
export interface TaskStatusLogEntry {
  status: string | null;
  previousStatus: string | null;
  operation: 'create' | 'delete';
  creator: string;
  timestamp: string;
  taskId: string;
  assignmentId: string | null;
}

/** `metadata.system` of an item. */
export interface ItemSystem {
  refs?: ItemRef[];
  mimetype?: string;
  size?: number;
  width?: number;
  height?: number;
  originalname?: string;
  taskStatusLog?: TaskStatusLogEntry[];
  [key: string]: unknown;
}

/** `metadata` of an item. */
export interface ItemMetadata {
  system: ItemSystem;
  [key: string]: unknown;
}

/** An item: a file or a folder (`type: 'dir'`, whose `filename` is the folder path). */
export interface ItemDoc extends Doc {
  datasetId: string;
  /** Full remote path, `/dir/name`. */
  filename: string;
  dir: string;
  name: string;
  type: 'file' | 'dir';
  hidden: boolean;
  metadata: ItemMetadata;
  annotationsCount: number;
  annotated: boolean;
  creator: string;
  createdAt: string;
  updatedAt: string;
  updatedBy?: string;
  description?: string;
}

/** `metadata` of an annotation. */
export interface AnnotationMetadata {
  system: { attributes?: unknown; objectId?: string; status?: string | null; [key: string]: unknown };
  [key: string]: unknown;
}

/** An annotation (spec §2). `version` counts writes (the ETag); it is never sent to clients. */
export interface AnnotationDoc extends Doc {
  itemId: string;
  datasetId: string;
  type: string;
  label: string | null;
  metadata: AnnotationMetadata;
  coordinates?: unknown;
  creator: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
  version: number;
}

/** A recipe; `projectIds[0]` indexes it. */
export interface RecipeDoc extends Doc {
  title: string;
  creator: string;
  projectIds: string[];
  ontologyIds: string[];
  metadata: { system: Record<string, unknown>; [key: string]: unknown };
  createdAt: string;
  updatedAt: string;
}

/** One node of an ontology `roots` tree (spec §7.4). */
export interface LabelNode {
  value: {
    tag: string;
    displayLabel: string;
    color: string;
    attributes: unknown[];
    displayData: Record<string, unknown>;
    [key: string]: unknown;
  };
  children: LabelNode[];
}

/** A v2 attribute definition of an ontology (spec §6), as `checkAttribute` normalised it. */
export type AttributeDef = { key: string; type: string; [key: string]: unknown };

/** An ontology: the label tree and v2 attributes. */
export interface OntologyDoc extends Doc {
  title: string;
  creator: string;
  roots: LabelNode[];
  attributes: unknown[];
  metadata: {
    system: { projectIds: string[]; [key: string]: unknown };
    attributes: AttributeDef[];
    [key: string]: unknown;
  };
  createdAt: string;
  updatedAt: string;
}

/** A status action of a task (`completed`, `approved`, `discard` or custom). */
export interface TaskAction {
  action: string;
  displayName?: string;
  color?: string;
  [key: string]: unknown;
}

/** An annotation or QA task. */
export interface TaskDoc extends Doc {
  name: string;
  status: string;
  projectId: string;
  datasetId: string;
  creator: string;
  spec: { type: 'annotation' | 'qa'; parentTaskId?: string; [key: string]: unknown };
  assignmentIds: string[];
  availableActions: TaskAction[];
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** `metadata` of an assignment. */
export interface AssignmentMetadata {
  system: { taskId: string; datasetId: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** One annotator's share of a task. */
export interface AssignmentDoc extends Doc {
  name: string;
  annotator: string;
  status: string;
  projectId: string;
  metadata: AssignmentMetadata;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

/** A Command: the record of an operation (run synchronously, or by a background job). */
export interface CommandDoc extends Doc {
  status: 'created' | 'in-progress' | 'success' | 'failed';
  type: string;
  progress: number;
  spec: Record<string, unknown>;
  error: string | null;
  creator: string;
  createdAt: string;
  updatedAt: string;
}

/** The document type of each collection. */
export interface DocOf {
  users: UserDoc;
  projects: ProjectDoc;
  members: MemberDoc;
  datasets: DatasetDoc;
  items: ItemDoc;
  annotations: AnnotationDoc;
  recipes: RecipeDoc;
  ontologies: OntologyDoc;
  tasks: TaskDoc;
  assignments: AssignmentDoc;
  commands: CommandDoc;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An item's refs as stored (empty when missing or malformed). Read-only: use {@link itemRefs} to change them. */
export function refsOf(item: ItemDoc): readonly ItemRef[] {
  const refs = isRecord(item.metadata) && isRecord(item.metadata.system) ? item.metadata.system.refs : undefined;
  return Array.isArray(refs) ? refs.filter((r): r is ItemRef => isRecord(r) && typeof r.id === 'string') : [];
}

/** An item's `metadata.system`, created when missing (for writers). */
export function itemSystem(item: ItemDoc): ItemSystem {
  if (!isRecord(item.metadata)) item.metadata = { system: {} };
  if (!isRecord(item.metadata.system)) item.metadata.system = {};
  return item.metadata.system;
}

/** The live refs array of an item (created when missing): changes to it change the document. */
export function itemRefs(item: ItemDoc): ItemRef[] {
  const sys = itemSystem(item);
  if (!Array.isArray(sys.refs)) sys.refs = [];
  return sys.refs;
}

/** The stored media type of an item (`''` when unknown). */
export function itemMimetype(item: ItemDoc): string {
  const t = isRecord(item.metadata) && isRecord(item.metadata.system) ? item.metadata.system.mimetype : undefined;
  return typeof t === 'string' ? t : '';
}

/** The task an assignment belongs to. */
export function assignmentTaskId(a: AssignmentDoc): string {
  return a.metadata.system.taskId;
}

/** Projects an ontology belongs to (shared ontologies name several). */
export function ontologyProjectIds(o: OntologyDoc): string[] {
  const ids = isRecord(o.metadata) && isRecord(o.metadata.system) ? o.metadata.system.projectIds : undefined;
  return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
}

/** The v2 attribute definitions of an ontology (created when missing, for writers). */
export function ontologyAttributes(o: OntologyDoc): AttributeDef[] {
  if (!isRecord(o.metadata)) o.metadata = { system: { projectIds: [] }, attributes: [] };
  if (!Array.isArray(o.metadata.attributes)) o.metadata.attributes = [];
  return o.metadata.attributes;
}

/** The recipe ids of a dataset (the first is its default recipe). */
export function datasetRecipeIds(ds: DatasetDoc): string[] {
  const ids = isRecord(ds.metadata) && isRecord(ds.metadata.system) ? ds.metadata.system.recipes : undefined;
  return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
}

/** The project a dataset belongs to. */
export function datasetProjectId(ds: DatasetDoc): string {
  return ds.projects[0]!;
}
