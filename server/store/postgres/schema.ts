import type { Collection } from '../docs.js';

/** An indexed (generated) column: name, JSON path in the document, DQL field, SQL type. */
export interface PgColumn {
  col: string;
  /** Path of the value in the document, as `#>>` takes it (`['projects', '0']`). */
  path: string[];
  field: string;
  type: 'text' | 'bool';
}

const text = (col: string, path: string, field: string): PgColumn => ({
  col,
  path: path.split('.'),
  field,
  type: 'text',
});

/**
 * Generated (indexed) columns per collection, the same fields as the SQLite store's. Text columns
 * use the "C" collation: strings order by code point, as SQLite's BINARY does.
 */
export const COLUMNS: Record<Collection, PgColumn[]> = {
  users: [text('email', 'email', 'email')],
  projects: [text('name', 'name', 'name')],
  members: [text('project_id', 'projectId', 'projectId'), text('user_id', 'userId', 'userId')],
  datasets: [text('project_id', 'projects.0', 'projectId'), text('name', 'name', 'name')],
  items: [
    text('dataset_id', 'datasetId', 'datasetId'),
    text('filename', 'filename', 'filename'),
    text('dir', 'dir', 'dir'),
    text('name', 'name', 'name'),
    text('type', 'type', 'type'),
    { col: 'hidden', path: ['hidden'], field: 'hidden', type: 'bool' },
    text('created_at', 'createdAt', 'createdAt'),
  ],
  annotations: [
    text('item_id', 'itemId', 'itemId'),
    text('dataset_id', 'datasetId', 'datasetId'),
    text('label', 'label', 'label'),
    text('type', 'type', 'type'),
    text('created_at', 'createdAt', 'createdAt'),
  ],
  recipes: [text('project_id', 'projectIds.0', 'projectId')],
  ontologies: [text('project_id', 'metadata.system.projectIds.0', 'projectId')],
  tasks: [text('project_id', 'projectId', 'projectId'), text('dataset_id', 'datasetId', 'datasetId')],
  assignments: [text('task_id', 'metadata.system.taskId', 'taskId'), text('project_id', 'projectId', 'projectId')],
  commands: [],
};

/** `'{"a","b"}'`: a validated path as a SQL text[] literal (segments never hold quotes or backslashes). */
export const pathLiteral = (path: string[]) => `'{${path.map((s) => `"${s}"`).join(',')}}'`;

function tableSql(table: string, cols: PgColumn[]): string {
  const gen = cols
    .map((c) =>
      c.type === 'bool'
        ? `, ${c.col} boolean GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(doc #> ${pathLiteral(c.path)}) = 'boolean' THEN (doc #> ${pathLiteral(c.path)})::boolean END) STORED`
        : `, ${c.col} text COLLATE "C" GENERATED ALWAYS AS (doc #>> ${pathLiteral(c.path)}) STORED`,
    )
    .join('');
  return `CREATE TABLE ${table} (id text COLLATE "C" PRIMARY KEY, doc jsonb NOT NULL${gen})`;
}

/** RFC 7396 merge patch on jsonb (what SQLite's json_patch does): objects merge, null removes, the rest replaces. */
const MERGE_PATCH = `CREATE OR REPLACE FUNCTION dlkit_merge_patch(target jsonb, patch jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  k text;
  v jsonb;
  result jsonb;
BEGIN
  IF jsonb_typeof(patch) IS DISTINCT FROM 'object' THEN RETURN patch; END IF;
  result := CASE WHEN jsonb_typeof(target) = 'object' THEN target ELSE '{}'::jsonb END;
  FOR k, v IN SELECT * FROM jsonb_each(patch) LOOP
    IF jsonb_typeof(v) = 'null' THEN
      result := result - k;
    ELSE
      result := jsonb_set(result, ARRAY[k], dlkit_merge_patch(result -> k, v), true);
    END IF;
  END LOOP;
  RETURN result;
END $$`;

/**
 * `item_refs` follows the item documents (one row per well-formed ref of `metadata.system.refs`,
 * the first of duplicate ids), written by triggers so that every write path keeps it in step.
 */
const SYNC_REFS = `CREATE OR REPLACE FUNCTION dlkit_sync_item_refs() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM item_refs WHERE item_id = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' AND jsonb_typeof(NEW.doc #> '{metadata,system,refs}') = 'array' THEN
    INSERT INTO item_refs (ref_id, item_id, ref_type, ref_status)
    SELECT r ->> 'id', NEW.id,
      CASE WHEN jsonb_typeof(r -> 'type') = 'string' THEN r ->> 'type' END,
      CASE WHEN jsonb_typeof(r #> '{metadata,status}') = 'string' THEN r #>> '{metadata,status}' END
    FROM jsonb_array_elements(NEW.doc #> '{metadata,system,refs}') WITH ORDINALITY AS e(r, n)
    WHERE jsonb_typeof(r) = 'object' AND jsonb_typeof(r -> 'id') = 'string'
    ORDER BY n
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$`;

/** Schema version 1: every table, index, function and trigger the store uses. */
function version1(): string[] {
  const out = Object.entries(COLUMNS).map(([t, cols]) => tableSql(t, cols));
  out.push(
    'CREATE TABLE item_refs (ref_id text COLLATE "C" NOT NULL, item_id text COLLATE "C" NOT NULL, ref_type text COLLATE "C", ref_status text COLLATE "C", PRIMARY KEY (ref_id, item_id))',
    'CREATE INDEX item_refs_item ON item_refs (item_id)',
    'CREATE TABLE idempotency_keys (user_id text NOT NULL, key text NOT NULL, scope text NOT NULL, fingerprint text NOT NULL, status integer NOT NULL, body text NOT NULL, etag text, created_at bigint NOT NULL, PRIMARY KEY (user_id, key))',
    'CREATE INDEX idempotency_created ON idempotency_keys (created_at)',
    'CREATE TABLE revoked_tokens (token_id text PRIMARY KEY, user_id text NOT NULL, expires_at bigint NOT NULL)',
    'CREATE INDEX revoked_tokens_expiry ON revoked_tokens (expires_at)',
    'CREATE TABLE token_generations (user_id text PRIMARY KEY, generation integer NOT NULL)',
    'CREATE UNIQUE INDEX users_email ON users (email)',
    'CREATE INDEX members_project ON members (project_id, user_id)',
    'CREATE INDEX members_user ON members (user_id)',
    'CREATE INDEX datasets_project ON datasets (project_id)',
    'CREATE INDEX items_ds_id ON items (dataset_id, id)',
    // The default item filter (type=file, hidden=false) in id order: counts and pages from the index.
    'CREATE INDEX items_ds_visible ON items (dataset_id, type, hidden, id)',
    // One item per path in a dataset: what the routes check, guarded against concurrent requests.
    'CREATE UNIQUE INDEX items_ds_filename ON items (dataset_id, filename)',
    // Nothing lands in a dataset or item that a concurrent request is deleting.
    'ALTER TABLE items ADD CONSTRAINT items_dataset FOREIGN KEY (dataset_id) REFERENCES datasets (id)',
    'ALTER TABLE annotations ADD CONSTRAINT annotations_item FOREIGN KEY (item_id) REFERENCES items (id)',
    'CREATE INDEX items_ds_dir ON items (dataset_id, dir)',
    'CREATE INDEX items_ds_created ON items (dataset_id, created_at)',
    // metadata.* equality (`doc @> {...}`) on items.
    'CREATE INDEX items_doc ON items USING gin (doc jsonb_path_ops)',
    'CREATE INDEX ann_ds_id ON annotations (dataset_id, id)',
    'CREATE INDEX ann_item ON annotations (item_id, id)',
    'CREATE INDEX ann_ds_label ON annotations (dataset_id, label)',
    'CREATE INDEX tasks_project ON tasks (project_id)',
    'CREATE INDEX tasks_dataset ON tasks (dataset_id)',
    'CREATE INDEX assignments_task ON assignments (task_id)',
    'CREATE INDEX assignments_project ON assignments (project_id)',
    MERGE_PATCH,
    SYNC_REFS,
    'CREATE TRIGGER items_refs_insert AFTER INSERT ON items FOR EACH ROW EXECUTE FUNCTION dlkit_sync_item_refs()',
    'CREATE TRIGGER items_refs_delete AFTER DELETE ON items FOR EACH ROW EXECUTE FUNCTION dlkit_sync_item_refs()',
    `CREATE TRIGGER items_refs_update AFTER UPDATE ON items FOR EACH ROW
       WHEN (OLD.doc #> '{metadata,system,refs}' IS DISTINCT FROM NEW.doc #> '{metadata,system,refs}')
       EXECUTE FUNCTION dlkit_sync_item_refs()`,
  );
  return out;
}

/**
 * The migrations, in order: version N brings a database at N-1 to N (each in its own transaction,
 * recorded in `dlkit_schema`). Never edit a released one: add the next.
 */
export const MIGRATIONS: { version: number; statements: () => string[] }[] = [{ version: 1, statements: version1 }];

/** The schema version this server writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;
