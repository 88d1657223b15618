import type { Collection } from '../docs.js';

/** Generated (indexed) columns per collection: [column, JSON path, DQL field name]. */
export const COLUMNS: Record<Collection, [string, string, string][]> = {
  users: [['email', '$.email', 'email']],
  projects: [['name', '$.name', 'name']],
  members: [
    ['project_id', '$.projectId', 'projectId'],
    ['user_id', '$.userId', 'userId'],
  ],
  datasets: [
    ['project_id', '$.projects[0]', 'projectId'],
    ['name', '$.name', 'name'],
  ],
  items: [
    ['dataset_id', '$.datasetId', 'datasetId'],
    ['filename', '$.filename', 'filename'],
    ['dir', '$.dir', 'dir'],
    ['name', '$.name', 'name'],
    ['type', '$.type', 'type'],
    ['hidden', '$.hidden', 'hidden'],
    ['created_at', '$.createdAt', 'createdAt'],
  ],
  annotations: [
    ['item_id', '$.itemId', 'itemId'],
    ['dataset_id', '$.datasetId', 'datasetId'],
    ['label', '$.label', 'label'],
    ['type', '$.type', 'type'],
    ['created_at', '$.createdAt', 'createdAt'],
  ],
  recipes: [['project_id', '$.projectIds[0]', 'projectId']],
  ontologies: [['project_id', '$.metadata.system.projectIds[0]', 'projectId']],
  tasks: [
    ['project_id', '$.projectId', 'projectId'],
    ['dataset_id', '$.datasetId', 'datasetId'],
  ],
  assignments: [
    ['task_id', '$.metadata.system.taskId', 'taskId'],
    ['project_id', '$.projectId', 'projectId'],
  ],
  commands: [],
};

const INDEXES: string[] = [
  'CREATE UNIQUE INDEX IF NOT EXISTS users_email ON users(email)',
  'CREATE INDEX IF NOT EXISTS members_project ON members(project_id, user_id)',
  'CREATE INDEX IF NOT EXISTS datasets_project ON datasets(project_id)',
  'CREATE INDEX IF NOT EXISTS items_ds_id ON items(dataset_id, id)',
  // Covers the default item filter (type=file, hidden=false) in id order: counts and pages without the documents.
  'CREATE INDEX IF NOT EXISTS items_ds_visible ON items(dataset_id, type, hidden, id)',
  'CREATE INDEX IF NOT EXISTS items_ds_filename ON items(dataset_id, filename)',
  'CREATE INDEX IF NOT EXISTS items_ds_dir ON items(dataset_id, dir)',
  'CREATE INDEX IF NOT EXISTS items_ds_created ON items(dataset_id, created_at)',
  'CREATE INDEX IF NOT EXISTS ann_ds_id ON annotations(dataset_id, id)',
  'CREATE INDEX IF NOT EXISTS ann_item ON annotations(item_id, id)',
  'CREATE INDEX IF NOT EXISTS ann_ds_label ON annotations(dataset_id, label)',
  'CREATE INDEX IF NOT EXISTS tasks_project ON tasks(project_id)',
  'CREATE INDEX IF NOT EXISTS assignments_task ON assignments(task_id)',
  'CREATE INDEX IF NOT EXISTS item_refs_item ON item_refs(item_id)',
];

/**
 * Bring an older database up to {@link schemaSql}: `item_refs.ref_status` (a ref's
 * `metadata.status`, for DQL) was added later and is filled from the item documents once.
 */
export function migrateSql(hasColumn: (table: string, column: string) => boolean): string[] {
  const out: string[] = [];
  if (!hasColumn('item_refs', 'ref_status'))
    out.push(
      'ALTER TABLE item_refs ADD COLUMN ref_status TEXT',
      `UPDATE item_refs SET ref_status = (SELECT json_extract(j.value, '$.metadata.status') FROM items i, json_each(i.doc, '$.metadata.system.refs') j
         WHERE i.id = item_refs.item_id AND json_extract(j.value, '$.id') = item_refs.ref_id AND json_type(j.value, '$.metadata.status') = 'text' LIMIT 1)`,
    );
  return out;
}

/** The whole schema, idempotent. Documents are JSON text; indexed fields are generated columns. */
export function schemaSql(): string {
  const out: string[] = [];
  for (const [table, cols] of Object.entries(COLUMNS)) {
    // STORED: filters on these columns (and counts over them) never re-parse the JSON document.
    const gen = cols
      .map(([col, path]) => `, ${col} GENERATED ALWAYS AS (json_extract(doc, '${path}')) STORED`)
      .join('');
    // Rowid tables: measured here, index-only counts over a WITHOUT ROWID table were 5-8x slower.
    out.push(`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, doc TEXT NOT NULL${gen})`);
  }
  out.push(
    'CREATE TABLE IF NOT EXISTS item_refs (ref_id TEXT NOT NULL, item_id TEXT NOT NULL, ref_type TEXT, ref_status TEXT, PRIMARY KEY (ref_id, item_id)) WITHOUT ROWID',
  );
  // Answers of requests sent with `x-idempotency-key`, per user; pruned by age.
  out.push(
    'CREATE TABLE IF NOT EXISTS idempotency_keys (user_id TEXT NOT NULL, key TEXT NOT NULL, scope TEXT NOT NULL, fingerprint TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL, etag TEXT, created_at INTEGER NOT NULL, PRIMARY KEY (user_id, key)) WITHOUT ROWID',
    'CREATE INDEX IF NOT EXISTS idempotency_created ON idempotency_keys(created_at)',
  );
  // Token revocation: one row per signed-out token (kept until the token would have expired anyway),
  // and a per-user generation that "revoke all" increments (tokens carry the generation they were issued in).
  out.push(
    'CREATE TABLE IF NOT EXISTS revoked_tokens (token_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID',
    'CREATE INDEX IF NOT EXISTS revoked_tokens_expiry ON revoked_tokens(expires_at)',
    'CREATE TABLE IF NOT EXISTS token_generations (user_id TEXT PRIMARY KEY, generation INTEGER NOT NULL) WITHOUT ROWID',
  );
  out.push(...INDEXES);
  return out.join(';\n') + ';';
}
